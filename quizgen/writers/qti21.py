"""QTI 2.1 (`qti21/<quiz-id>.zip`): an IMS CP manifest, one assessmentItem per item, an assessmentTest.

Every item scores SCORE from 0 to 1 (standard templates where one fits) and declares its points as MAXSCORE;
the test weights each item by its points. A modalFeedback shown after every attempt carries the source
passages, citations and explanation. Flashcards (`card`) are left out, with a preflight warning.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from markupsafe import Markup

from quizgen.diagnostics import Report
from quizgen.keyboard import accepted_forms, deletion_forms
from quizgen.markup import embedding, to_html, to_plain
from quizgen.model import (
    Choice,
    Cloze,
    Course,
    Deletion,
    Essay,
    Item,
    Match,
    Numeric,
    Option,
    Order,
    ShortAnswer,
    TrueFalse,
)
from quizgen.plan import QuizPlan
from quizgen.present import number
from quizgen.writers import lms, qti
from quizgen.writers.base import BuildContext, Output
from quizgen.writers.embed import WebEmbedder, packed
from quizgen.zipper import zip_bytes

NAME = "qti21"
FIGURES = "figures/"  # in the zip, each a dependency of the items that show it
DESCRIPTION = "QTI 2.1 packages for Blackboard, Moodle and other LMSs (qti21/<quiz-id>.zip)"
TARGET = "QTI 2.1"

INTERACTIONS = {
    "mcq": "choice",
    "multi": "choice",
    "tf": "choice",
    "short": "text entry",
    "numeric": "text entry",
    "cloze": "text entry gaps",
    "match": "match",
    "order": "order",
    "essay": "extended text",
}


@dataclass(frozen=True)
class Declaration:
    """A responseDeclaration: its correct values and, when scored by mapping, each accepted value's score."""

    identifier: str
    cardinality: str
    base_type: str
    correct: tuple[str, ...] = ()
    mapping: tuple[tuple[str, str], ...] = ()  # (key, value)
    case_sensitive: bool = False


@dataclass(frozen=True)
class Item21:
    """Everything the assessmentItem template writes."""

    ident: str
    title: str
    kind: str  # choice, text, numeric, extended, match, cloze
    points: str
    prompt: Markup
    declarations: tuple[Declaration, ...]
    feedback: Markup
    choices: tuple[tuple[str, Markup], ...] = ()  # choiceInteraction: (identifier, content)
    max_choices: int = 1
    shuffle: bool = False
    sources: tuple[tuple[str, Markup], ...] = ()  # matchInteraction: left-hand side (identifier, content)
    targets: tuple[tuple[str, Markup], ...] = ()  # matchInteraction: right-hand side
    template: str | None = None  # a standard response processing template
    tolerance: str | None = None  # numeric: accepted absolute distance
    choice_feedback: tuple[tuple[str, Markup], ...] = ()  # (choice identifier, why it is wrong), shown when chosen
    scorer: Markup | None = None  # for graders only: an essay's model answer


omit = lms.omit_flashcards  # all it leaves out


def preflight(context: BuildContext, report: Report) -> None:
    """Warn about what the QTI 2.1 package leaves out."""
    lms.warn_omitted(context, report, TARGET, omit)


def outputs(context: BuildContext) -> list[Output]:
    """One package per quiz with something to carry, plus its item hashes for change reports."""
    return lms.quiz_packages(context, NAME, TARGET, omit, lambda i: INTERACTIONS[i.type], package)


def item_path(item: Item) -> str:
    """Where the item's file stands in the zip."""
    return f"items/{item.id}.xml"


def package(context: BuildContext, plan: QuizPlan, items: tuple[Item, ...]) -> bytes:
    """The zip: manifest, one file per item, the test."""
    course, quiz = context.course, plan.quiz
    aid = qti.assessment_ident(course, plan)
    built, used = [], {}
    for item in items:
        # Items stand in items/, figures in figures/; formulas as MathML, which QTI 2.1 item bodies allow.
        embedder = WebEmbedder(course.path, "../" + FIGURES, mathml=True, xhtml=True)
        with embedding(embedder):
            built.append((item, item21(course, plan, item), sorted(embedder.used)))
        used.update(embedder.used)
    figures = packed(used, FIGURES, lambda key: lms.ident(course.id, "figure", key))
    idents = {figure.figure.name: figure.ident for figure in figures}
    refs = [
        {"ident": i21.ident, "href": item_path(item), "points": i21.points, "figures": [idents[n] for n in names]}
        for item, i21, names in built
    ]
    by_item = {id(item): ref for (item, _, _), ref in zip(built, refs, strict=True)}
    groups = lms.groups(course, plan, items, lambda item: by_item[id(item)])
    values = {
        "aid": aid,
        "course": course,
        "quiz": quiz,
        "refs": refs,
        "groups": groups,
        "test_href": f"{quiz.id}.xml",
        "figures": figures,
    }
    entries = [(item_path(item), lms.render("qti21/item.xml", item=i21)) for item, i21, _ in built]
    entries += [(figure.href, figure.figure.data) for figure in figures]
    entries.append((f"{quiz.id}.xml", lms.render("qti21/test.xml", **values)))
    entries.append(("imsmanifest.xml", lms.render("qti21/imsmanifest.xml", **values)))
    return zip_bytes(entries, context.epoch, lms.ZIP_LEVEL)


def item21(course: Course, plan: QuizPlan, item: Item) -> Item21:
    """The item as a QTI 2.1 assessmentItem."""
    model = lms.students_see_model(plan)
    common = {
        "ident": qti.item_ident(course, plan, item),
        "title": item.id,
        "points": number(plan.points_of(item)),
        "feedback": lms.xhtml(lms.feedback_html(course, item, model)),
    }
    if isinstance(item.payload, Essay) and not model:
        common["scorer"] = lms.xhtml(lms.grader_html(item))
    built = BUILDERS[item.type](item, common)
    if isinstance(item.payload, Choice):
        shown = ((ident, lms.option_feedback_html(course, item, o)) for ident, o in choice_ids(item.payload))
        built = replace(built, choice_feedback=tuple((ident, lms.xhtml(html)) for ident, html in shown if html))
    return built


def choice_ids(payload: Choice) -> list[tuple[str, Option]]:
    """Each option with its simpleChoice identifier."""
    return [(f"A{n}", option) for n, option in enumerate(payload.options, start=1)]


def inline(text: str) -> Markup:
    """Inline Markdown as XHTML elements."""
    return lms.xhtml(str(to_html(text)))


def choice_item(item: Item, common: dict) -> Item21:
    """choiceInteraction: one correct (mcq) or several (multi), all-or-nothing (match_correct)."""
    payload = item.payload
    assert isinstance(payload, Choice)
    ids = [ident for ident, _ in choice_ids(payload)]
    correct = tuple(i for i, o in zip(ids, payload.options, strict=True) if o.correct)
    single = item.type == "mcq"
    declaration = Declaration("RESPONSE", "single" if single else "multiple", "identifier", correct)
    choices = tuple((i, inline(o.text)) for i, o in zip(ids, payload.options, strict=True))
    return Item21(
        kind="choice",
        prompt=inline(item.prompt),
        declarations=(declaration,),
        choices=choices,
        max_choices=1 if single else 0,
        shuffle=payload.shuffle,
        template="match_correct",
        **common,
    )


def tf_item(item: Item, common: dict) -> Item21:
    """True/false as a choiceInteraction between "True" and "False"."""
    payload = item.payload
    assert isinstance(payload, TrueFalse)
    declaration = Declaration("RESPONSE", "single", "identifier", ("TRUE" if payload.answer else "FALSE",))
    choices = (("TRUE", Markup("True")), ("FALSE", Markup("False")))
    return Item21(
        kind="choice",
        prompt=inline(item.prompt),
        declarations=(declaration,),
        choices=choices,
        template="match_correct",
        **common,
    )


def short_item(item: Item, common: dict) -> Item21:
    """textEntryInteraction scored by mapping every accepted answer (case-insensitive) to 1."""
    payload = item.payload
    assert isinstance(payload, ShortAnswer)
    accepted = accepted_forms(to_plain(a) for a in payload.accepted)
    mapping = tuple((a, "1") for a in accepted)
    declaration = Declaration("RESPONSE", "single", "string", accepted[:1], mapping)
    return Item21(
        kind="text", prompt=inline(item.prompt), declarations=(declaration,), template="map_response", **common
    )


def numeric_item(item: Item, common: dict) -> Item21:
    """textEntryInteraction with a float response; within the tolerance (absolute) scores 1."""
    payload = item.payload
    assert isinstance(payload, Numeric)
    declaration = Declaration("RESPONSE", "single", "float", (number(payload.text),))
    if not payload.tolerance:
        return Item21(
            kind="text", prompt=inline(item.prompt), declarations=(declaration,), template="match_correct", **common
        )
    tolerance = number(payload.tolerance)
    return Item21(kind="text", prompt=inline(item.prompt), declarations=(declaration,), tolerance=tolerance, **common)


def essay_item(item: Item, common: dict) -> Item21:
    """extendedTextInteraction, graded by hand; the model answer is in the feedback."""
    assert isinstance(item.payload, Essay)
    declaration = Declaration("RESPONSE", "single", "string")
    return Item21(kind="extended", prompt=inline(item.prompt), declarations=(declaration,), **common)


def match_item(item: Item, common: dict) -> Item21:
    """matchInteraction: each left-hand side to one right-hand side, each pair 1/n (map_response)."""
    payload = item.payload
    assert isinstance(payload, Match)
    n = len(payload.pairs)
    lefts = [f"L{k}" for k in range(1, n + 1)]
    rights = [f"R{k}" for k in range(1, n + 1)]
    pairs = tuple(f"{left} {right}" for left, right in zip(lefts, rights, strict=True))
    share = number(math.ceil(10000 / n) / 10000)
    declaration = Declaration("RESPONSE", "multiple", "directedPair", pairs, tuple((p, share) for p in pairs))
    return Item21(
        kind="match",
        prompt=inline(item.prompt),
        declarations=(declaration,),
        sources=tuple((k, inline(left)) for k, (left, _) in zip(lefts, payload.pairs, strict=True)),
        targets=tuple((k, inline(right)) for k, (_, right) in zip(rights, payload.pairs, strict=True)),
        shuffle=payload.shuffle,
        template="map_response",
        **common,
    )


def order_item(item: Item, common: dict) -> Item21:
    """orderInteraction: the steps (shuffled by the player), right only in their whole order (match_correct)."""
    payload = item.payload
    assert isinstance(payload, Order)
    ids = [f"S{n}" for n in range(1, len(payload.steps) + 1)]
    declaration = Declaration("RESPONSE", "ordered", "identifier", tuple(ids))
    return Item21(
        kind="order",
        prompt=inline(item.prompt),
        declarations=(declaration,),
        choices=tuple((i, inline(step)) for i, step in zip(ids, payload.steps, strict=True)),
        shuffle=True,
        template="match_correct",
        **common,
    )


def cloze_item(item: Item, common: dict) -> Item21:
    """Inline textEntryInteraction gaps RESPONSE_1…n; any answer a gap accepts (case-insensitive) scores 1/n."""
    payload = item.payload
    assert isinstance(payload, Cloze)
    answers = [deletion_forms(d) for d in payload.deletions]

    def gap(n: int, deletion: Deletion) -> str:
        return str(GAP.render(ident=f"RESPONSE_{n}", hint=to_plain(deletion.hint) if deletion.hint else None))

    prompt = lms.xhtml(lms.cloze_html(payload, gap))
    share = number(math.ceil(10000 / len(answers)) / 10000)
    declarations = tuple(
        Declaration(f"RESPONSE_{n}", "single", "string", forms[:1], tuple((a, share) for a in forms))
        for n, forms in enumerate(answers, start=1)
    )
    return Item21(kind="cloze", prompt=prompt, declarations=declarations, **common)


GAP = lms.environment().from_string(
    '<textEntryInteraction responseIdentifier="{{ ident }}" expectedLength="15"'
    '{% if hint %} placeholderText="{{ hint }}"{% endif %}/>'
)  # a fixed length, so the box does not hint at the answer's

BUILDERS = {
    "mcq": choice_item,
    "multi": choice_item,
    "tf": tf_item,
    "short": short_item,
    "numeric": numeric_item,
    "essay": essay_item,
    "match": match_item,
    "order": order_item,
    "cloze": cloze_item,
}
