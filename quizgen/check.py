"""`quizgen check`: load a course, plan its quizzes, lint its items, and report every problem at once.

Each article with its bank is checked on its own and cached by content hash (`quizgen.cache`), so a
re-check redoes only what changed; the course-wide checks (unique ids, quiz specs, course-wide lint)
then run over the small summaries.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizgen.cache import Reading, ReadingCache
from quizgen.diagnostics import Report
from quizgen.lint import lint_course_wide, lint_items
from quizgen.loader import (
    CourseSettings,
    article_slugs,
    check_unique_ids,
    course_settings,
    load_reading,
    read_lint_settings,
    read_yaml,
)
from quizgen.model import Article, Course, Item
from quizgen.plan import DEFAULT_TYPES, QuizPlan, plan_course, select_items


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


def check_course(course_dir: Path, model: bool = True) -> CheckResult:
    """Check the course; with `model`, also return the loaded Course and its quiz plans (what writers read)."""
    with paused_gc():
        summary = _check_summary(course_dir)
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


def _check_summary(course_dir: Path) -> CheckResult:
    report = Report()
    if not course_dir.is_dir():
        report.error(course_dir, 0, "no such course folder: create one with `quizgen init DIR`", "course-missing")
        return CheckResult(None, (), report)
    meta = read_yaml(course_dir / "course.yaml", report, required=True)
    lint = read_lint_settings(course_dir, meta, report)
    cache = ReadingCache(course_dir, lint)
    readings: list[Reading] = []
    hashes: dict[str, str] = {}
    for slug in article_slugs(course_dir, meta, report):
        hashes[slug] = key = cache.key(course_dir / slug)
        reading = cache.summary(slug, key) or _check_reading(cache, course_dir / slug, slug, key, lint)[0]
        readings.append(reading)
        report.extend(reading.diagnostics)
    check_unique_ids((entry for r in readings for entry in r.ids), report)
    titles = {r.slug: r.title for r in readings if r.title is not None}
    quizzable = {r.slug for r in readings if any(f.type in DEFAULT_TYPES for f in r.features)}
    settings = course_settings(course_dir, meta, titles, quizzable, report)
    if settings is None or report.errors:
        return CheckResult(None, (), report, input_hashes=hashes)
    features = {r.slug: r.features for r in readings}
    selections = {q.id: select_items(settings.id, features, q, report) for q in settings.quizzes}
    if report.errors:
        return CheckResult(None, (), report, input_hashes=hashes)
    every = [f for r in readings for f in r.features]
    quizzes = [(quiz_id, list(chosen or ())) for quiz_id, chosen in selections.items()]
    lint_course_wide(every, quizzes, course_dir / "course.yaml", lint, report)
    counts = (len(every), len(titles), len(settings.quizzes))
    return CheckResult(None, (), report, counts, hashes, settings, lint)


def with_model(course_dir: Path, summary: CheckResult) -> CheckResult:
    """A checked course without errors, completed with its Course and plans (from the cache the check filled)."""
    assert summary.settings is not None and not summary.report.errors
    cache = ReadingCache(course_dir, summary.lint)
    models = []
    for slug, key in summary.input_hashes.items():
        loaded = cache.model(slug, key)  # None only when the cache cannot be written: read the files again
        models.append(loaded or _check_reading(cache, course_dir / slug, slug, key, summary.lint)[1])
    course = _course(course_dir, summary.settings, summary.lint, models)
    return replace(summary, course=course, plans=plan_course(course, Report()))


def _check_reading(
    cache: ReadingCache, folder: Path, slug: str, key: str, lint: dict
) -> tuple[Reading, tuple[Article | None, tuple[Item, ...]]]:
    """Check one article and its bank, and cache the result under `key`."""
    report = Report()
    article, bank = load_reading(folder, slug, report)
    features = lint_items(bank.items, lint, report) if article is not None else []
    ids = tuple((item_id, location.path, location.line) for item_id, location in bank.ids)
    title = article.title if article is not None else None
    reading = Reading(slug, title, tuple(report.diagnostics), ids, tuple(features))
    cache.store(slug, key, reading, (article, bank.items))
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
