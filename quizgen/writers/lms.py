"""What the LMS writers (qti, qti21, cc, moodle) share: identifiers, feedback, templates, summaries, changes."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import pickle
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache, partial
from pathlib import Path
from typing import NamedTuple

import jinja2
from markupsafe import Markup, escape

from quizgen.diagnostics import Report
from quizgen.markup import to_html
from quizgen.model import Cloze, Course, Deletion, Essay, Item, Option
from quizgen.plan import QuizPlan
from quizgen.present import cloze_replace, option_feedback, plural, sources
from quizgen.present import number as number_text
from quizgen.reading.cache import user_cache
from quizgen.resources import code_fingerprint, templates_dir
from quizgen.writers import jinja
from quizgen.writers.base import BuildContext, Changes, Output, changes
from quizgen.writers.embed import item_figures

Omit = Callable[[Item], str | None]  # why a target leaves an item out, or None when it carries it
# zlib's level for the packages: its fast deflate (1-3) packs their XML in under half the time level 6 takes,
# at 1.5x the size (a 1,000-question Canvas package: 113 KB, not 75 KB), which no LMS minds.
ZIP_LEVEL = 2


def ident(*parts: str) -> str:
    """An identifier from course, quiz and item ids: `qg_<course>_<quiz>_<item>`.

    Ids are `[a-z0-9-]`, so `_` cannot occur in them and the join is unambiguous; the `qg_` prefix makes the
    result a valid NCName and NMTOKEN whatever the first id starts with.
    """
    return "_".join(("qg", *parts))


@cache
def environment() -> jinja2.Environment:
    """The jinja2 environment for the XML templates (kept in memory: a build renders many packages)."""
    return jinja.environment(templates_dir(), keep_trailing_newline=True)


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in a folder (a file per template), so a build loads them instead of compiling."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))

    def get_source_checksum(self, source: str) -> str:
        """What an entry must have been compiled from: the source, quizgen's code (which sets the environment's
        options) and jinja's version; a change to any of them compiles the template again, over the entry."""
        return super().get_source_checksum(f"{jinja2.__version__}\0{code_fingerprint()}\0{source}")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, pickle.UnpicklingError):
            bucket.reset()  # an unreadable entry: the template is compiled, as if there were none

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only course folder: the templates are compiled every time, which is only slower


def keep_compiled_templates() -> None:
    """Let the next build load the templates this one compiles, from the user's cache folder (never the course's:
    compiled templates are code, and a course folder is untrusted)."""
    environment().bytecode_cache = TemplateCache(user_cache("templates"))


def render(template: str, **values: object) -> bytes:
    """Render an XML template to UTF-8 bytes."""
    return jinja.render(environment(), template, **values)


def xhtml(markup: str) -> Markup:
    """HTML from `to_html` or `feedback_html` as well-formed XHTML, to embed as elements (QTI 2.1)."""
    return Markup(str(markup).replace("<br>", "<br/>"))


def feedback_html(course: Course, item: Item, model_answer: bool = False) -> str:
    """The feedback students see: each source passage with its citation, the explanation, and an essay's model
    answer when `model_answer` (else it is for graders only: `grader_html`)."""
    parts = [passage_html(text, cite) for _, text, cite in sources(course, item)]
    if item.explain:
        parts.append(f"<p>{to_html(item.explain)}</p>")
    if model_answer and isinstance(item.payload, Essay):
        parts.append(grader_html(item))
    return "".join(parts)


def grader_html(item: Item) -> str:
    """An essay's model answer, for graders."""
    assert isinstance(item.payload, Essay)
    return f"<p>Model answer: {to_html(item.payload.model_answer)}</p>"


def students_see_model(plan: QuizPlan | None) -> bool:
    """Whether the quiz shows essays' model answers to students (not only to graders, the default)."""
    return plan is not None and plan.quiz.model_answers == "students"


def passage_html(text: str, cite: str) -> str:
    """A quoted passage and its citation."""
    return f"<blockquote><p>{escape(text)}</p></blockquote><p>\u2014 {escape(cite)}</p>"


def option_feedback_html(course: Course, item: Item, option: Option) -> str:
    """A wrong option's feedback (why it is wrong, its passage and citation), or '' when it has none."""
    feedback = option_feedback(course, item, option)
    if feedback is None:
        return ""
    shown = f"<p>{to_html(feedback.why)}</p>"
    if feedback.passage is not None and feedback.citation is not None:
        shown += passage_html(feedback.passage, feedback.citation)
    return shown


def cloze_html(
    cloze: Cloze, blank: Callable[[int, Deletion], str], text: Callable[[str], str] = lambda html: html
) -> str:
    """The cloze text as HTML with deletion n (1-based, in order) replaced by `blank(n, deletion)` (raw HTML);
    `text` rewrites the HTML around the blanks first (to keep a target's blank syntax out of it)."""
    count = itertools.count(1)
    rendered = text(str(to_html(cloze_replace(cloze, lambda _: f"\x00{next(count)}\x00"))))
    for n, deletion in enumerate(cloze.deletions, start=1):
        rendered = rendered.replace(f"\x00{n}\x00", blank(n, deletion))
    return rendered


def hint_html(hint: str | None) -> str:
    """A deletion's hint as HTML after its blank: ` (hint)`."""
    return f" ({to_html(hint)})" if hint else ""


# --- what a target carries ---------------------------------------------------------------------------------


def omit_flashcards(item: Item) -> str | None:
    """Why the target gets no question for the item (None: it does): flashcards are not graded."""
    return "flashcards are study material, not quiz questions" if item.type == "card" else None


def carried(plan: QuizPlan, omit: Omit) -> tuple[Item, ...]:
    """The quiz's items that the target carries, in bank order."""
    return tuple(item for item in plan.items if omit(item) is None)


def warn(report: Report, item: Item, target: str, message: str, code: str) -> None:
    """A preflight warning about one item for one target."""
    report.warning(item.location.path, item.location.line, f"{target}: {message}", code, item.id)


def note(report: Report, item: Item, target: str, message: str, code: str) -> None:
    """A preflight note about one item for one target: what the format cannot hold, which no edit of the item
    fixes (so `--strict` does not fail on it)."""
    report.note(item.location.path, item.location.line, f"{target}: {message}", code, item.id)


def warn_omitted(context: BuildContext, report: Report, target: str, omit: Omit) -> None:
    """Warn (once) about every quiz item that the target leaves out, and about quizzes left with nothing."""
    for item in context.quiz_items():
        reason = omit(item)
        if reason:
            note(report, item, target, f"left out of the package: {reason}", "lms-omitted")
    for plan in context.plans:
        if plan.items and not carried(plan, omit):
            where = plan.quiz.location
            report.warning(
                where.path,
                where.line,
                f"{target}: quiz '{plan.quiz.id}' has no item it can carry; no package",
                "lms-empty",
            )


# --- pools ------------------------------------------------------------------------------------------------


class Group(NamedTuple):
    """Items a package gives together: a pool that draws `pick` of them (each worth `points`), or, with `pick`
    None, items every student gets."""

    ident: str
    title: str
    items: tuple
    pick: int | None = None
    points: str = ""


def groups(course: Course, plan: QuizPlan, items: tuple[Item, ...], convert: Callable[[Item], object]) -> list[Group]:
    """The quiz's items as packages group them: a group per pool that draws (its carried items, converted), and the
    items every student gets, in a group without `pick`."""
    quiz = plan.quiz
    if not quiz.pools:
        return [Group("", "", tuple(convert(i) for i in items))]
    carried = {id(i) for i in items}
    result = []
    for number, (pool, members) in enumerate(zip(quiz.pools, plan.pool_items, strict=True), start=1):
        kept = tuple(convert(i) for i in members if id(i) in carried)
        if not kept:
            continue
        pick = None if pool.pick is None else min(pool.pick, len(kept))
        points = number_text(plan.points_of(members[0]))
        title = f"Pool {number}: {', '.join(course.article(slug).title for slug in pool.articles)}"
        result.append(Group(ident(course.id, quiz.id, f"pool{number}"), title, kept, pick, points))
    return result


def pool_notes(context: BuildContext, report: Report, target: str) -> None:
    """What a target that draws nothing does with a quiz's pools: a note per quiz."""
    for plan in context.plans:
        if plan.quiz.pools:
            where = plan.quiz.location
            message = (
                f"{target}: quiz '{plan.quiz.id}' draws from pools, which the format cannot: the package holds every "
                f"item of its pools ({plural(len(plan.items), 'item')}), and every student gets them all"
            )
            report.note(where.path, where.line, message, "lms-no-pools")


def model_answer_notes(context: BuildContext, report: Report, target: str) -> None:
    """A note on each essay whose model answer the target leaves out: it has no place that only graders see."""
    for plan in context.plans:
        if students_see_model(plan):
            continue
        for item in plan.items:
            if isinstance(item.payload, Essay):
                message = (
                    f"the model answer is left out (in quiz '{plan.quiz.id}'): the format has no place only graders "
                    "see, and 'model_answers: students' would show it to students; it is in the PDF and HTML keys"
                )
                note(report, item, target, message, "lms-model-answer")


# --- summaries and what changed ----------------------------------------------------------------------------


_HASHED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)  # json.dumps makes one per call


def item_hash(course: Course, item: Item, points: float) -> str:
    """A hash of everything an LMS package shows of the item: a changed hash means "replace it in the LMS"."""
    content = {
        "type": item.type,
        "prompt": item.prompt,
        "payload": repr(item.payload),  # dataclass repr: every field, cheaper than asdict
        "explain": item.explain,
        "tags": list(item.tags),
        "difficulty": item.difficulty,
        "points": points,
        "sources": [[text, cite] for _, text, cite in sources(course, item)],
    }
    figures = item_figures(course, (item,))
    if figures:  # named by content: an edited figure is a changed item (the key is left out for the rest)
        content["figures"] = sorted(figures)
    data = _HASHED_JSON.encode(content)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def item_hashes(course: Course, plan: QuizPlan, items: Iterable[Item]) -> dict[str, str]:
    """Item id -> content hash, for the quiz's `.items.json`."""
    return {item.id: item_hash(course, item, plan.points_of(item)) for item in items}


def hashes_json(hashes: dict[str, str]) -> bytes:
    """The `.items.json` file: item ids in package order with their content hashes."""
    return (json.dumps({"items": hashes}, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def previous_hashes(context: BuildContext, path: str) -> dict[str, str] | None:
    """The item hashes the last build wrote at `path`, or None when there is no such build."""
    if context.out_dir is None or path not in context.previous:
        return None
    try:
        data = json.loads((context.out_dir / path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    items = data.get("items") if isinstance(data, dict) else None
    return items if isinstance(items, dict) else None


def summary(target: str, kinds: list[str], points: float, change: Changes | None) -> str:
    """One line for the build report: what the package holds per type, its points, and what changed."""
    held = ", ".join(f"{n} {kind}" for kind, n in Counter(kinds).items())
    text = f"{target}: {plural(len(kinds), 'item')} ({held}), {plural(points, 'point')}"
    return f"{text}; {change.describe()}" if change else text


def changes_since(context: BuildContext, hashes_path: str, hashes: dict[str, str]) -> Changes | None:
    """What changed since the last build of this quiz for this target, or None without a last build."""
    old = previous_hashes(context, hashes_path)
    return None if old is None else changes(old, hashes)


def quiz_packages(
    context: BuildContext,
    name: str,
    target: str,
    omit: Callable[[Item], str | None],
    kind_of: Callable[[Item], str],
    package: Callable[[BuildContext, QuizPlan, tuple[Item, ...]], bytes],
    extension: str = "zip",
    draws: bool = True,
) -> list[Output]:
    """Per quiz with something the target carries: its package, and its `.items.json` for the next change report."""
    keep_compiled_templates()
    result = []
    for plan in context.plans:
        items = carried(plan, omit)
        if not items:
            continue
        hashes = item_hashes(context.course, plan, items)
        hashes_path = f"{name}/{plan.quiz.id}.items.json"
        drawn = draws and plan.quiz.pools  # a package that draws from pools: an attempt is worth each pool's draw
        points = plan.points_possible if drawn else sum(plan.points_of(i) for i in items)
        text = summary(target, [kind_of(i) for i in items], points, changes_since(context, hashes_path, hashes))
        inputs = plan.quiz.articles
        result += [
            Output(f"{name}/{plan.quiz.id}.{extension}", inputs, partial(package, context, plan, items), summary=text),
            Output(hashes_path, inputs, partial(hashes_json, hashes)),
        ]
    return result
