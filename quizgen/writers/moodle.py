"""Moodle XML: `moodle/<quiz-id>.xml` per quiz and `moodle/<course-id>.xml` with every question of the course.

Questions go into categories `$course$/<course title>/<article title>`; `idnumber` is the item id. Every text
Moodle shows as HTML (question texts and feedback, but also category names and matching answers) is escaped as
HTML, then as XML text (no CDATA, so `]]>` in an item cannot break the file). Fractions are Moodle's
fixed values only: select-all-that-apply gives each correct option an equal share (or the nearest valid split,
with a warning) and each wrong option a penalty, so ticking everything scores 0. Cloze items use Moodle's
embedded answers (`{1:SHORTANSWER:=answer}`); braces in the item's own text are written as character
references, so that no text of the item becomes an embedded answer. Flashcards are left out, with a warning.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from markupsafe import Markup

from quizgen.diagnostics import Report
from quizgen.keyboard import accepted_forms, deletion_forms
from quizgen.markup import embedding, to_html, to_plain
from quizgen.model import Choice, Cloze, Course, Deletion, Essay, Item, Match, Numeric, Order, ShortAnswer, TrueFalse
from quizgen.plan import QuizPlan
from quizgen.present import number
from quizgen.writers import lms
from quizgen.writers.base import BuildContext, Output
from quizgen.writers.embed import WebEmbedder

NAME = "moodle"
DESCRIPTION = "Moodle XML question files (moodle/<quiz-id>.xml, moodle/<course-id>.xml)"
TARGET = "Moodle XML"

QUESTION_TYPES = {
    "mcq": "multichoice",
    "multi": "multichoice",
    "tf": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "essay": "essay",
    "match": "matching",
    "order": "ordering",
    "cloze": "cloze",
}
# Moodle's fixed grade values (question_bank::fraction_options_full), as its exporter writes them.
FRACTIONS = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25", "20",
    "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
)  # fmt: skip
PLUGINFILE = "@@PLUGINFILE@@/"  # where Moodle puts the files imported with a text
_PLUGINFILE = re.compile(r'@@PLUGINFILE@@/([^"<>\s]+)')
CLOZE_SPECIALS = {"}": "\\}", "#": "\\#", "*": "\\*"}  # what Moodle unescapes in an embedded answer


@dataclass(frozen=True)
class Answer:
    """An `<answer>`: its text (HTML or plain, per `format`), fraction and, for numerical, tolerance."""

    text: str
    fraction: str
    format: str = "html"
    tolerance: str | None = None
    feedback: str = ""  # HTML: why this (wrong) option is wrong


@dataclass(frozen=True)
class Question:
    """Everything the question template writes."""

    type: str
    name: str
    idnumber: str
    text: str  # HTML
    feedback: str  # HTML
    points: str
    tags: tuple[str, ...]
    answers: tuple[Answer, ...] = ()
    single: bool = True
    shuffle: bool = True
    subquestions: tuple[tuple[str, str], ...] = ()  # matching: (left HTML, right plain text)
    grader_info: str = ""  # essay: the model answer, HTML


@dataclass(frozen=True)
class Category:
    path: str
    questions: tuple[Question, ...]


omit = lms.omit_flashcards  # all it leaves out


def preflight(context: BuildContext, report: Report) -> None:
    """Warn about what Moodle cannot hold exactly: fraction splits, cloze answers, cloze marks."""
    lms.warn_omitted(context, report, TARGET, omit)
    warned = set()
    for _, _, items, points, _ in files(context):  # the course file too: it holds items that are in no quiz
        for item in items:
            for message, code in item_warnings(item, points(item)):
                if (item.id, message, code) not in warned:  # an item in two files is warned about once
                    warned.add((item.id, message, code))
                    lms.warn(report, item, TARGET, message, code)


def item_warnings(item: Item, points: float) -> list[tuple[str, str]]:
    """What Moodle cannot carry exactly for one item."""
    payload = item.payload
    found = []
    if isinstance(payload, Choice) and item.type == "multi":
        correct = sum(o.correct for o in payload.options)
        shares = split(correct)
        if len(set(shares)) > 1:
            found.append((f"{correct} correct options cannot share 100% equally in Moodle's fixed fractions; "
                          f"they get {' / '.join(sorted(set(shares)))}%", "lms-fraction"))  # fmt: skip
    if isinstance(payload, Cloze):
        if any("~" in a for d in payload.deletions for a in (d.answer, *d.alternatives)):
            found.append(("a cloze answer holds '~', which Moodle's embedded answers read as a separator", "lms-cloze"))
        if cloze_weight(payload, points) is None:
            blanks = len(payload.deletions)
            found.append((f"a Moodle cloze question is worth a whole number of marks per blank; it will be worth "
                          f"{blanks}, not {number(points)}: set its mark in the quiz", "lms-cloze-marks"))  # fmt: skip
    return found


def split(count: int) -> list[str]:
    """Fractions for `count` correct options summing to 100 (equal shares when Moodle has them)."""
    equal = nearest(Fraction(100, count))
    if equal is not None:
        return [equal] * count
    if count <= 20:  # (20 - n) options at 10% and (2n - 20) at 5% sum to 100
        return ["10"] * (20 - count) + ["5"] * (2 * count - 20)
    return ["5"] * count


def penalty(count: int) -> str:
    """The negative fraction for each of `count` wrong options: the smallest valid one that cancels 100%."""
    need = Fraction(100, count)
    valid = [f for f in FRACTIONS if f != "0" and Fraction(f) >= need - Fraction(1, 10000)]
    return f"-{valid[-1]}" if valid else "-100"


def nearest(value: Fraction) -> str | None:
    """The Moodle fraction equal to `value` (to Moodle's 5 decimals), or None."""
    return next((f for f in FRACTIONS if abs(Fraction(f) - value) < Fraction(1, 10000)), None)


def cloze_weight(cloze: Cloze, points: float) -> int | None:
    """The whole number of marks per blank that makes the item worth `points`, or None."""
    per_blank = Fraction(str(points)) / len(cloze.deletions)
    return int(per_blank) if per_blank.denominator == 1 and per_blank > 0 else None


Points = Callable[[Item], float]


FileSpec = tuple[str, tuple[str, ...], tuple[Item, ...], Points, QuizPlan | None]


def files(context: BuildContext) -> list[FileSpec]:
    """(name, inputs, items, points of an item, quiz plan) of each file with something to carry: per quiz, then the
    course (no plan)."""
    course = context.course
    result: list[FileSpec] = []
    for plan in context.plans:
        items = lms.carried(plan, omit)
        if items:
            result.append((plan.quiz.id, plan.quiz.articles, items, plan.points_of, plan))
    every = tuple(i for i in course.items if omit(i) is None)
    if every:
        result.append((course_file(context), tuple(a.slug for a in course.articles), every, default_points, None))
    return result


def outputs(context: BuildContext) -> list[Output]:
    """A file per quiz, a file for the whole course, and their item hashes."""
    lms.keep_compiled_templates()
    return [output for spec in files(context) for output in file_outputs(context, *spec)]


def default_points(item: Item) -> float:
    """Points of an item outside any quiz: its own, else 1."""
    return item.points if item.points is not None else 1.0


def course_file(context: BuildContext) -> str:
    """The name of the whole-course file: the course id, unless a quiz already has that name."""
    name = context.course.id
    return f"{name}-course" if any(p.quiz.id == name for p in context.plans) else name


def file_outputs(
    context: BuildContext,
    name: str,
    inputs: tuple[str, ...],
    items: tuple[Item, ...],
    points: Points,
    plan: QuizPlan | None,
) -> list[Output]:
    """The XML file and its `.items.json`."""
    course = context.course
    hashes = {item.id: lms.item_hash(course, item, points(item)) for item in items}
    hashes_path = f"{NAME}/{name}.items.json"
    kinds = [QUESTION_TYPES[i.type] for i in items]
    total = plan.points_possible if plan is not None and plan.quiz.pools else sum(points(i) for i in items)
    text = lms.summary(TARGET, kinds, total, lms.changes_since(context, hashes_path, hashes))
    return [
        Output(f"{NAME}/{name}.xml", inputs, lambda: document(course, items, points, plan), summary=text),
        Output(hashes_path, inputs, lambda: lms.hashes_json(hashes)),
    ]


def document(course: Course, items: tuple[Item, ...], points: Points, plan: QuizPlan | None = None) -> bytes:
    """The Moodle XML file: a category per article (per pool, for a quiz that draws from pools), then its
    questions."""
    model = lms.students_see_model(plan)
    categories = []
    embedder = WebEmbedder(course.path, PLUGINFILE)
    with embedding(embedder):
        if plan is not None and plan.quiz.pools:
            for group in lms.groups(course, plan, items, lambda i: question(course, i, points(i), model)):
                drawn = f" (draw {group.pick})" if group.pick is not None else ""
                path = category_path(course.title, plan.quiz.title, group.title + drawn)
                categories.append(Category(path, group.items))
        else:
            for article in course.articles:
                questions = tuple(question(course, i, points(i), model) for i in items if i.article == article.slug)
                if questions:
                    categories.append(Category(category_path(course.title, article.title), questions))
    return lms.render("moodle/quiz.xml", categories=categories, files=lambda text: figure_files(text, embedder))


def figure_files(text: str, embedder: WebEmbedder) -> Markup:
    """The `<file>` elements of the figures an HTML text shows, for inside the element holding its `<text>`
    (Moodle keeps each file with the text that uses it)."""
    names = dict.fromkeys(_PLUGINFILE.findall(text))
    return Markup("").join(
        Markup('<file name="{}" path="/" encoding="base64">{}</file>').format(
            name, base64.b64encode(embedder.used[name].data).decode("ascii")
        )
        for name in names
    )


def category_path(*names: str) -> str:
    """`$course$/Course/Article`, a `/` inside a name doubled as Moodle reads it; names escaped as HTML, which
    Moodle shows them as (format_string)."""
    return "/".join(["$course$", *(html.escape(name, quote=False).replace("/", "//") for name in names)])


def question(course: Course, item: Item, points: float, model_answer: bool = False) -> Question:
    """The item as a Moodle question; an essay's model answer in the general feedback too when `model_answer`."""
    common = {
        "type": QUESTION_TYPES[item.type],
        "name": item.id,
        "idnumber": item.id,
        "text": str(to_html(item.prompt)),
        "feedback": lms.feedback_html(course, item, model_answer),
        "points": number(points),
        "tags": item.tags,
    }
    built = BUILDERS[item.type](item, points, common)
    if isinstance(item.payload, Choice):  # each option's own feedback, in the answer's <feedback>
        options = item.payload.options
        answers = tuple(
            replace(a, feedback=lms.option_feedback_html(course, item, o))
            for a, o in zip(built.answers, options, strict=True)
        )
        built = replace(built, answers=answers)
    return built


def choice_question(item: Item, points: float, common: dict) -> Question:
    """multichoice: single (100 / 0) or multiple (equal shares / penalties)."""
    payload = item.payload
    assert isinstance(payload, Choice)
    single = item.type == "mcq"
    correct = [o for o in payload.options if o.correct]
    shares = iter(["100"] if single else split(len(correct)))
    wrong = "0" if single else penalty(len(payload.options) - len(correct))
    answers = tuple(Answer(str(to_html(o.text)), next(shares) if o.correct else wrong) for o in payload.options)
    return Question(answers=answers, single=single, shuffle=payload.shuffle, **common)


def tf_question(item: Item, points: float, common: dict) -> Question:
    """truefalse: answers `true` and `false`, as Moodle writes them."""
    payload = item.payload
    assert isinstance(payload, TrueFalse)
    answers = (
        Answer("true", "100" if payload.answer else "0", "moodle_auto_format"),
        Answer("false", "0" if payload.answer else "100", "moodle_auto_format"),
    )
    return Question(answers=answers, **common)


def short_question(item: Item, points: float, common: dict) -> Question:
    """shortanswer: every accepted answer at 100%, `*` escaped (Moodle reads it as a wildcard)."""
    payload = item.payload
    assert isinstance(payload, ShortAnswer)
    accepted = accepted_forms(to_plain(a) for a in payload.accepted)
    answers = tuple(Answer(a.replace("*", "\\*"), "100", "moodle_auto_format") for a in accepted)
    return Question(answers=answers, **common)


def numeric_question(item: Item, points: float, common: dict) -> Question:
    """numerical: the value with its tolerance."""
    payload = item.payload
    assert isinstance(payload, Numeric)
    answer = Answer(number(payload.text), "100", "moodle_auto_format", number(payload.tolerance))
    return Question(answers=(answer,), **common)


def essay_question(item: Item, points: float, common: dict) -> Question:
    """essay: an editor box; the model answer as information for graders (and in the feedback)."""
    payload = item.payload
    assert isinstance(payload, Essay)
    return Question(grader_info=str(to_html(payload.model_answer)), **common)


def match_question(item: Item, points: float, common: dict) -> Question:
    """matching: each left-hand side (HTML) with its right-hand side (plain text escaped as HTML: Moodle shows
    it with format_string, which reads HTML)."""
    payload = item.payload
    assert isinstance(payload, Match)
    pairs = tuple((str(to_html(left)), html.escape(to_plain(right), quote=False)) for left, right in payload.pairs)
    return Question(subquestions=pairs, shuffle=payload.shuffle, **common)


def _cloze_escaped(answer: str) -> str:
    """An answer inside `{1:SHORTANSWER:=...}`: HTML-escaped, Moodle's separators escaped."""
    text = html.escape(answer, quote=False)
    for char, escaped in CLOZE_SPECIALS.items():
        text = text.replace(char, escaped)
    return text


def order_question(item: Item, points: float, common: dict) -> Question:
    """ordering (Moodle's core type): the steps in their right order, every one shown, each in its right place
    worth its share (as Canvas scores the matching it becomes there)."""
    payload = item.payload
    assert isinstance(payload, Order)
    steps = tuple(Answer(str(to_html(step)), str(n)) for n, step in enumerate(payload.steps, start=1))
    return Question(answers=steps, **common)


def cloze_question(item: Item, points: float, common: dict) -> Question:
    """cloze: `{w:SHORTANSWER:=answer}` per deletion, w the marks per blank."""
    payload = item.payload
    assert isinstance(payload, Cloze)
    weight = cloze_weight(payload, points) or 1

    def blank(n: int, deletion: Deletion) -> str:
        forms = deletion_forms(deletion)
        return f"{{{weight}:SHORTANSWER:{'~'.join('=' + _cloze_escaped(a) for a in forms)}}}{inert_braces(lms.hint_html(deletion.hint))}"

    text = lms.cloze_html(payload, blank, inert_braces)
    marks = number(weight * len(payload.deletions))
    return Question(**{**common, "text": text, "points": marks})


def inert_braces(markup: str) -> str:
    """HTML with its braces as character references: Moodle finds embedded answers (`{1:MULTICHOICE:=a~b}`) in
    the question's HTML source, so a brace written in the item must not reach it as one."""
    return markup.replace("{", "&#123;").replace("}", "&#125;")


BUILDERS = {
    "mcq": choice_question,
    "multi": choice_question,
    "tf": tf_question,
    "short": short_question,
    "numeric": numeric_question,
    "essay": essay_question,
    "match": match_question,
    "order": order_question,
    "cloze": cloze_question,
}
