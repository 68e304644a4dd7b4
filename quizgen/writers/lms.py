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

import jinja2
from markupsafe import Markup, escape

from quizgen.diagnostics import Report
from quizgen.markup import to_html
from quizgen.model import Cloze, Course, Deletion, Essay, Item
from quizgen.plan import QuizPlan
from quizgen.present import cloze_replace, plural, sources
from quizgen.reading.cache import user_cache
from quizgen.resources import code_fingerprint, templates_dir
from quizgen.writers import jinja
from quizgen.writers.base import BuildContext, Changes, Output, changes

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


def feedback_html(course: Course, item: Item) -> str:
    """The feedback every LMS shows: each source passage with its citation, the explanation, a model answer."""
    parts = [
        f"<blockquote><p>{escape(text)}</p></blockquote><p>\u2014 {escape(cite)}</p>"
        for _, text, cite in sources(course, item)
    ]
    if item.explain:
        parts.append(f"<p>{to_html(item.explain)}</p>")
    if isinstance(item.payload, Essay):
        parts.append(f"<p>Model answer: {to_html(item.payload.model_answer)}</p>")
    return "".join(parts)


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
        points = sum(plan.points_of(i) for i in items)
        text = summary(target, [kind_of(i) for i in items], points, changes_since(context, hashes_path, hashes))
        inputs = plan.quiz.articles
        result += [
            Output(f"{name}/{plan.quiz.id}.{extension}", inputs, partial(package, context, plan, items), summary=text),
            Output(hashes_path, inputs, partial(hashes_json, hashes)),
        ]
    return result
