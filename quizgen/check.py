"""`quizgen check`: load a course, plan its quizzes, lint its items, and report every problem at once.

Each article with its bank is checked on its own and cached by content hash (`quizgen.reading.cache`), so a
re-check redoes only what changed; the course-wide checks (unique ids, quiz specs, course-wide lint)
then run over the small summaries.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from quizgen.diagnostics import Report
from quizgen.lint import RULES, bank_duplicates, lint_course_wide, lint_items, read_lint_settings
from quizgen.lint.features import ItemFeatures
from quizgen.model import Article, Course, Item
from quizgen.plan import DEFAULT_TYPES, QuizPlan, form_groups, plan_course, select_items
from quizgen.reading.cache import Reading, ReadingCache
from quizgen.reading.course import (
    CourseSettings,
    article_slugs,
    check_unique_ids,
    check_unique_titles,
    course_settings,
    load_reading,
    read_yaml,
)

ALLOWABLE = {code: rule.allowable for code, rule in RULES.items()}  # the rules an item's `allow:` may name


@dataclass(frozen=True)
class CheckResult:
    course: Course | None  # None when there are errors, or when only a summary was asked for
    plans: tuple[QuizPlan, ...]
    report: Report
    counts: tuple[int, int, int] = (0, 0, 0)  # items, articles, quizzes
    input_hashes: dict[str, str] = field(default_factory=dict)  # article slug -> hash of its article and bank
    settings: CourseSettings | None = None
    lint: dict = field(default_factory=dict)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.report.errors) or (strict and bool(self.report.warnings))


def check_course(course_dir: Path, model: bool = True, for_build: bool = False) -> CheckResult:
    """Check the course; with `model`, also return the loaded Course and its quiz plans (what writers read).
    `for_build`: return the summary only, but keep each reading's model in the cache for `with_model` to read."""
    with paused_gc():
        summary = _check_summary(course_dir, keep_models=model or for_build)
        return with_model(course_dir, summary) if model and not summary.report.errors else summary


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while a course is loaded: its many small objects hold no cycles, and the
    collector would walk them again and again (a re-check of a big course takes half the time without it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_summary(course_dir: Path, keep_models: bool) -> CheckResult:
    report = Report()
    if not course_dir.is_dir():
        report.error(course_dir, 0, "no such course folder: create one with `quizgen init DIR`", "course-missing")
        return CheckResult(None, (), report)
    meta = read_yaml(course_dir / "course.yaml", course_dir, report, required=True)
    lint = read_lint_settings(course_dir, meta, report)
    cache = ReadingCache(course_dir, lint, ItemFeatures._make)
    hashes = {slug: cache.key(course_dir / slug) for slug in article_slugs(course_dir, meta, report)}
    cached = {slug: cache.summary(slug, key, with_model=keep_models) for slug, key in hashes.items()}
    todo = [(slug, hashes[slug]) for slug, reading in cached.items() if reading is None]
    fresh = _check_readings(cache, course_dir, todo, lint, keep_models)
    readings = [cached[slug] or fresh[slug] for slug in hashes]
    for reading in readings:
        report.extend(reading.diagnostics)
    check_unique_ids([(r.bank, r.ids) for r in readings], report)
    check_unique_titles(course_dir, {r.slug: r.title for r in readings}, report)
    # An article that could not be read has its error already; its slug stays known, so that a quiz naming it
    # is not also told the article does not exist.
    titles = {r.slug: r.title if r.title is not None else r.slug for r in readings}
    quizzable = {r.slug for r in readings if any(f.type in DEFAULT_TYPES for f in r.features)}
    settings = course_settings(course_dir, meta, titles, quizzable, report)
    # With errors already, the course-wide checks still run on the items that loaded (every problem at once), but a
    # quiz that asks for more items than loaded is not one more error: the broken items may be the missing ones.
    errors = bool(report.errors)
    features = {r.slug: r.features for r in readings}
    quizzes = settings.quizzes if settings else ()
    selections = {q.id: select_items(settings.id, features, q, Report() if errors else report) for q in quizzes}
    every = [f for r in readings for f in r.features]
    groups, where = form_groups(settings.id, quizzes, selections) if settings else ([], [])
    duplicates = [pair for r in readings for pair in r.duplicates]
    lint_course_wide(every, groups, course_dir / "course.yaml", lint, report, duplicates, where)
    if settings is None or report.errors:
        return CheckResult(None, (), report, input_hashes=hashes)
    counts = (len(every), len(titles), len(settings.quizzes))
    return CheckResult(None, (), report, counts, hashes, settings, lint)


def with_model(course_dir: Path, summary: CheckResult) -> CheckResult:
    """A checked course without errors, completed with its Course and plans (from the cache the check filled)."""
    assert summary.settings is not None and not summary.report.errors
    cache = ReadingCache(course_dir, summary.lint, ItemFeatures._make)
    models = []
    for slug, key in summary.input_hashes.items():
        loaded = cache.model(slug, key)  # None only when the cache cannot be written: read the files again
        models.append(loaded or _check_reading(cache, course_dir, summary.lint, True, slug, key)[1])
    course = _course(course_dir, summary.settings, summary.lint, models)
    return replace(summary, course=course, plans=plan_course(course, Report()))


PARALLEL_FROM = 16  # readings to check before it pays to fork


def _check_readings(
    cache: ReadingCache, course_dir: Path, todo: list[tuple[str, str]], lint: dict, keep_models: bool
) -> dict[str, Reading]:
    """Check the readings that are not cached: with many of them and several CPUs, forked children and this
    process take readings from one queue (so each works until all are done); the children check theirs into the
    cache and say which are done, and this process reads those back between its own."""
    check = partial(_check_reading, cache, course_dir, lint, keep_models)
    cpus = min(_cpus(), 8)
    if len(todo) < PARALLEL_FROM or cpus < 2 or not hasattr(os, "fork"):
        return {slug: check(slug, key)[0] for slug, key in todo}
    queue, (done, announce) = _Queue(len(todo)), os.pipe()
    children: list[int] = []
    readings: dict[str, Reading] = {}

    def read_back(jobs: Iterable[int]) -> None:
        for slug, key in map(todo.__getitem__, jobs):
            if found := cache.summary(slug, key, keep_models):
                readings[slug] = found

    try:
        children += [_fork(check, todo, queue, announce) for _ in range(1, cpus)]
        os.close(announce)  # the children's copies stay open until they are done
        os.set_blocking(done, False)
        for slug, key in map(todo.__getitem__, queue):
            readings[slug] = check(slug, key)[0]
            read_back(_announced(done))
        os.set_blocking(done, True)
        read_back(_announced(done))  # the rest, until every child has finished
    finally:
        queue.close()
        os.close(done)  # a child still writing (this process failed) gets an error, not a full pipe, and ends
        for pid in children:
            os.waitpid(pid, 0)
    for slug, key in todo:
        if slug not in readings:
            # A reading a child did not leave in the cache (it failed, or the cache cannot be written) is checked here.
            readings[slug] = check(slug, key)[0]
    return readings


def _announced(done: int) -> Iterator[int]:
    """The job numbers the children have said are done: those written so far (all, on a blocking pipe)."""
    while True:
        try:
            data = os.read(done, 4096)  # a multiple of 4: every number is written whole
        except BlockingIOError:
            return
        if not data:
            return
        yield from (int.from_bytes(data[at : at + 4], "little") for at in range(0, len(data), 4))


class _Queue:
    """Job numbers 0..count-1 in a pipe that forked processes share: iterating takes the next job not yet taken."""

    _SIZE = 4  # bytes per job number; every read takes one whole number, as all were written before any read

    def __init__(self, count: int) -> None:
        self._read, write = os.pipe()
        # 4,096 numbers at most (16 KiB) fit the pipe's buffer, so this write cannot block: beyond that many, one
        # number stands for a run of jobs.
        self._step = -(-count // 4096)
        self._count = count
        os.write(write, b"".join(n.to_bytes(self._SIZE, "little") for n in range(0, count, self._step)))
        os.close(write)  # the pipe ends once every number is taken

    def __iter__(self) -> Iterator[int]:
        while len(data := os.read(self._read, self._SIZE)) == self._SIZE:
            first = int.from_bytes(data, "little")
            yield from range(first, min(first + self._step, self._count))

    def close(self) -> None:
        os.close(self._read)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _fork(check: Callable[[str, str], object], todo: list[tuple[str, str]], queue: _Queue, announce: int) -> int:
    """Fork a child that checks readings taken from `queue` into the cache, writing the number of each to
    `announce` once it is stored; returns its pid."""
    pid = os.fork()
    if pid:
        return pid
    try:  # the child: whatever happens, it must never return into the parent's code
        for number in queue:
            check(*todo[number])
            os.write(announce, number.to_bytes(4, "little"))
    finally:
        os._exit(0)  # skips atexit handlers and the parent's buffered output, which would run twice


def _check_reading(
    cache: ReadingCache, course_dir: Path, lint: dict, keep_model: bool, slug: str, key: str
) -> tuple[Reading, tuple[Article | None, tuple[Item, ...]]]:
    """Check one article and its bank, and cache the result under `key` (its model too, with `keep_model`)."""
    folder = course_dir / slug
    report = Report()
    article, bank = load_reading(folder, slug, report, ALLOWABLE)
    features = lint_items(bank.items, lint, report, article) if article is not None else []
    ids = tuple((item_id, location.line) for item_id, location in bank.ids)
    title = article.title if article is not None else None
    duplicates = bank_duplicates(features, lint)
    reading = Reading(slug, title, tuple(report.diagnostics), folder / "items.yaml", ids, tuple(features), duplicates)
    cache.store(slug, key, reading, (article, bank.items) if keep_model else None)
    return reading, (article, bank.items)


def _course(
    course_dir: Path, settings: CourseSettings, lint: dict, models: list[tuple[Article | None, tuple[Item, ...]]]
) -> Course:
    articles = tuple(article for article, _ in models if article is not None)
    items = tuple(item for article, bank in models if article is not None for item in bank)
    return Course(
        id=settings.id,
        title=settings.title,
        path=course_dir,
        articles=articles,
        items=items,
        quizzes=settings.quizzes,
        code=settings.code,
        term=settings.term,
        instructor=settings.instructor,
        page_size=settings.page_size,
        lint=lint,
    )
