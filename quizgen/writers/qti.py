"""Canvas QTI 1.2 (`qti/<quiz-id>.zip`), encoded as Canvas's own exporter encodes quizzes.

Per item: `question_type`, `points_possible`, `original_answer_ids` (and `assessment_question_identifierref`);
correct answers by `setvar SCORE`; `general_fb` carrying the source passages, citations and explanation.
`assessment_meta.xml` at `<assessment ident>/assessment_meta.xml`, a learning-application-resource dependency.
Flashcards (`card`) are study material, not graded questions: they are left out, with a preflight warning.
"""

from __future__ import annotations

import random
from typing import NamedTuple

from quizgen.diagnostics import Report
from quizgen.keyboard import accepted_forms, deletion_forms
from quizgen.markup import embedding, to_html, to_plain
from quizgen.model import Choice, Cloze, Course, Essay, Item, Match, Numeric, Order, ShortAnswer, TrueFalse
from quizgen.plan import QuizPlan, shuffled_steps
from quizgen.present import bounds, number
from quizgen.writers import lms
from quizgen.writers.base import BuildContext, Output
from quizgen.writers.embed import CANVAS_FILES, WebEmbedder, packed
from quizgen.zipper import zip_bytes

NAME = "qti"
DESCRIPTION = "Canvas QTI 1.2 quiz packages (qti/<quiz-id>.zip)"
TARGET = "Canvas QTI 1.2"
FIGURES = "figures/"  # in the zip, and under $IMS-CC-FILEBASE$ once imported (as text2qti packs them)

QUESTION_TYPES = {
    "mcq": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "tf": "true_false_question",
    "short": "short_answer_question",
    "numeric": "numerical_question",
    "essay": "essay_question",
    "match": "matching_question",
    "order": "matching_question",
    "cloze": "fill_in_multiple_blanks_question",
}


class Test(NamedTuple):
    """A node of a QTI 1.2 `conditionvar`: varequal/vargte/varlte (respident, value), other, and/or/not."""

    op: str
    respident: str = ""
    value: str = ""
    children: tuple[Test, ...] = ()
    exact: bool = False  # case="Yes": an identifier compared as written (and how Moodle's CC import finds the key)


class Condition(NamedTuple):
    """A `respcondition`: its tests, the score it sets or adds, the feedback it shows."""

    tests: tuple[Test, ...]
    continue_: str | None = "No"  # None: the attribute left out (its default is No), as Canvas does for matching
    setvar: tuple[str, str] | None = None  # (action, value)
    feedback: str | None = None


class Label(NamedTuple):
    """A `response_label`; `html` is shown as text/html, `text` as text/plain, neither: an empty fib label."""

    ident: str
    html: str | None = None
    text: str | None = None


class Response(NamedTuple):
    """A `response_lid` (choices) or `response_str` (typed) with its rendering."""

    tag: str
    ident: str
    labels: tuple[Label, ...]
    cardinality: str | None = "Single"
    material_html: str | None = None
    material_text: str | None = None
    fibtype: str | None = None


class QtiItem(NamedTuple):
    """Everything the QTI 1.2 item template writes."""

    ident: str
    title: str
    metadata: tuple[tuple[str, str], ...]
    prompt_html: str
    responses: tuple[Response, ...]
    conditions: tuple[Condition, ...]
    feedbacks: tuple[tuple[str, str], ...]


omit = lms.omit_flashcards  # all it leaves out


def preflight(context: BuildContext, report: Report) -> None:
    """Warn about what Canvas cannot carry or scores its own way."""
    lms.warn_omitted(context, report, TARGET, omit)
    for item in context.quiz_items():
        if item.type == "multi":
            lms.note(
                report,
                item,
                TARGET,
                "Canvas scores 'select all that apply' with partial credit (its own rule), not all-or-nothing",
                "lms-partial-credit",
            )
        if isinstance(item.payload, Numeric) and 0 < abs(item.payload.value) < 1e-4:
            lms.warn(report, item, TARGET, "Canvas turns answers smaller than 0.0001 into 0", "lms-tiny-number")
        if item.type == "order":
            message = "becomes a matching question (each step to its place), Canvas Classic having no ordering type"
            lms.note(report, item, TARGET, message, "lms-converted")
    lms.model_answer_notes(context, report, TARGET)


def outputs(context: BuildContext) -> list[Output]:
    """One package per quiz with something to carry, plus its item hashes for change reports."""
    return lms.quiz_packages(
        context, NAME, TARGET, omit, lambda i: QUESTION_TYPES[i.type].removesuffix("_question"), package
    )


def package(context: BuildContext, plan: QuizPlan, items: tuple[Item, ...]) -> bytes:
    """The Canvas zip: manifest, assessment, assessment_meta."""
    course, quiz = context.course, plan.quiz
    aid = assessment_ident(course, plan)
    embedder = WebEmbedder(course.path, CANVAS_FILES + FIGURES)
    with embedding(embedder):
        values = {
            "aid": aid,
            "course": course,
            "quiz": quiz,
            "groups": lms.groups(course, plan, items, lambda item: canvas_item(course, plan, item)),
            "points": number(points_possible(plan, items)),
            "description": str(to_html(quiz.instructions)) if quiz.instructions else "",
        }
    values["figures"] = figures = packed(embedder.used, FIGURES, lambda key: lms.ident(course.id, "figure", key))
    entries = [
        *((figure.href, figure.figure.data) for figure in figures),
        ("imsmanifest.xml", lms.render("qti/imsmanifest.xml", **values)),
        (f"{aid}/{aid}.xml", lms.render("qti/assessment.xml", **values)),
        (f"{aid}/assessment_meta.xml", lms.render("qti/assessment_meta.xml", **values)),
    ]
    return zip_bytes(entries, context.epoch, lms.ZIP_LEVEL)


def points_possible(plan: QuizPlan, items: tuple[Item, ...]) -> float:
    """What an attempt is worth: each pool's draw, or every carried item."""
    return plan.points_possible if plan.quiz.pools else sum(plan.points_of(i) for i in items)


def assessment_ident(course: Course, plan: QuizPlan) -> str:
    """The assessment's identifier (also its folder in the zip)."""
    return lms.ident(course.id, plan.quiz.id)


def item_ident(course: Course, plan: QuizPlan, item: Item) -> str:
    """The item's identifier: Canvas's migration id for the question."""
    return lms.ident(course.id, plan.quiz.id, item.id)


def canvas_item(course: Course, plan: QuizPlan, item: Item) -> QtiItem:
    """The item as Canvas's exporter writes its question type."""
    iid = item_ident(course, plan, item)
    body = BODIES[item.type](item, iid)
    prompt, responses, conditions, answer_ids = body
    metadata = (
        ("question_type", QUESTION_TYPES[item.type]),
        ("points_possible", number(plan.points_of(item))),
        ("original_answer_ids", ",".join(answer_ids)),
        ("assessment_question_identifierref", f"{iid}_aq"),
    )
    answers = option_feedback(course, item, answer_ids, "Yes")
    return finish(course, plan, item, iid, metadata, prompt, responses, conditions, answers)


GENERAL_FEEDBACK = Condition((Test("other"),), "Yes", feedback="general_fb")  # shown whatever the answer
Feedbacks = tuple[list[Condition], list[tuple[str, str]]]  # conditions that show feedback, (ident, HTML) of each


def option_feedback(course: Course, item: Item, answer_ids: list[str], continue_: str) -> Feedbacks:
    """Per-answer feedback (`<answer ident>_fb`, as Canvas names it) for each option the bank says is wrong why."""
    conditions, feedbacks = [], []
    if isinstance(item.payload, Choice):
        for aid, option in zip(answer_ids, item.payload.options, strict=True):
            shown = lms.option_feedback_html(course, item, option)
            if shown:
                test = Test("varequal", "response1", aid, exact=True)
                conditions.append(Condition((test,), continue_, feedback=f"{aid}_fb"))
                feedbacks.append((f"{aid}_fb", shown))
    return conditions, feedbacks


def finish(course, plan, item, iid, metadata, prompt, responses, conditions, answers: Feedbacks) -> QtiItem:
    """Add the general feedback and the answers' (their conditions first, as Canvas orders them) and wrap the
    prompt as Canvas does."""
    general = lms.feedback_html(course, item, lms.students_see_model(plan))
    feedbacks = (("general_fb", general), *answers[1])
    shown = (GENERAL_FEEDBACK, *answers[0], *conditions)
    return QtiItem(iid, item.id, metadata, f"<div>{prompt}</div>", tuple(responses), shown, feedbacks)


Body = tuple[str, list[Response], list[Condition], list[str]]  # prompt HTML, responses, scoring, answer ids


def choice_body(item: Item, iid: str) -> Body:
    """multiple_choice / multiple_answers: one label per option, bank order."""
    payload = item.payload
    assert isinstance(payload, Choice)
    ids = [f"{iid}_a{n}" for n in range(1, len(payload.options) + 1)]
    labels = tuple(Label(i, html=str(to_html(o.text))) for i, o in zip(ids, payload.options, strict=True))
    single = item.type == "mcq"
    response = Response("response_lid", "response1", labels, "Single" if single else "Multiple")
    if single:
        key = next(i for i, o in zip(ids, payload.options, strict=True) if o.correct)
        tests: tuple[Test, ...] = (Test("varequal", "response1", key, exact=True),)
    else:
        checks = tuple(
            Test("varequal", "response1", i, exact=True)
            if o.correct
            else Test("not", children=(Test("varequal", "response1", i, exact=True),))
            for i, o in zip(ids, payload.options, strict=True)
        )
        tests = (Test("and", children=checks),)
    return str(to_html(item.prompt)), [response], [Condition(tests, setvar=("Set", "100"))], ids


def tf_body(item: Item, iid: str) -> Body:
    """true_false: exactly two labels, "True" and "False", identified per item (Canvas wants unique idents)."""
    return true_false(item, f"{iid}_true", f"{iid}_false")


def true_false(item: Item, true_id: str, false_id: str) -> Body:
    """true_false with the given answer identifiers."""
    payload = item.payload
    assert isinstance(payload, TrueFalse)
    labels = (Label(true_id, text="True"), Label(false_id, text="False"))
    key = true_id if payload.answer else false_id
    scoring = Condition((Test("varequal", "response1", key, exact=True),), setvar=("Set", "100"))
    return str(to_html(item.prompt)), [Response("response_lid", "response1", labels)], [scoring], [true_id, false_id]


def typed_response(fibtype: str | None = None) -> Response:
    """A `response_str` with one fill-in box, as Canvas writes short answer, numerical and essay."""
    return Response("response_str", "response1", (Label("answer1"),), fibtype=fibtype)


def short_body(item: Item, iid: str) -> Body:
    """short_answer: every accepted text in one condition."""
    payload = item.payload
    assert isinstance(payload, ShortAnswer)
    accepted = accepted_forms(to_plain(a) for a in payload.accepted)
    tests = tuple(Test("varequal", "response1", a) for a in accepted)
    ids = [f"{iid}_a{n}" for n in range(1, len(accepted) + 1)]
    return str(to_html(item.prompt)), [typed_response()], [Condition(tests, setvar=("Set", "100"))], ids


def numeric_body(item: Item, iid: str) -> Body:
    """numerical: exact answer, or within the tolerance."""
    payload = item.payload
    assert isinstance(payload, Numeric)
    options = [Test("varequal", "response1", number(payload.text))]
    if payload.tolerance:
        low, high = bounds(payload.text, payload.tolerance)
        options.append(Test("and", children=(Test("vargte", "response1", low), Test("varlte", "response1", high))))
    scoring = Condition((Test("or", children=tuple(options)),), setvar=("Set", "100"))
    return str(to_html(item.prompt)), [typed_response("Decimal")], [scoring], [f"{iid}_a1"]


def essay_body(item: Item, iid: str) -> Body:
    """essay: a box, no scoring (graded by hand); the model answer goes into the feedback."""
    assert isinstance(item.payload, Essay)
    return str(to_html(item.prompt)), [typed_response()], [Condition((Test("other"),))], []


def match_body(item: Item, iid: str) -> Body:
    """matching: one response per left-hand side over every right-hand side, each pair worth 100/n."""
    payload = item.payload
    assert isinstance(payload, Match)
    ids = [f"{iid}_a{n}" for n in range(1, len(payload.pairs) + 1)]
    matches = [f"{iid}_m{n}" for n in range(1, len(payload.pairs) + 1)]
    labels = tuple(Label(m, text=to_plain(right)) for m, (_, right) in zip(matches, payload.pairs, strict=True))
    responses = [
        Response("response_lid", f"response_{a}", labels, None, material_html=str(to_html(left)))
        for a, (left, _) in zip(ids, payload.pairs, strict=True)
    ]
    share = f"{100 / len(ids):.2f}"
    conditions = [
        Condition((Test("varequal", f"response_{a}", m),), None, setvar=("Add", share))
        for a, m in zip(ids, matches, strict=True)
    ]
    return str(to_html(item.prompt)), responses, conditions, ids


def order_body(item: Item, iid: str) -> Body:
    """An ordering item as Canvas's importer makes one of a QTI 2.1 orderInteraction: a matching question pairing
    each step with its place (1, 2, ...). Canvas lists the steps as written, so they go in a fixed shuffled order."""
    payload = item.payload
    assert isinstance(payload, Order)
    shown = shuffled_steps(payload, random.Random(f"{iid}|order"))
    places = [f"{iid}_m{n}" for n in range(1, len(payload.steps) + 1)]
    labels = tuple(Label(m, text=str(n)) for n, m in enumerate(places, start=1))
    ids = [f"{iid}_a{i + 1}" for i in shown]
    responses = [
        Response("response_lid", f"response_{a}", labels, None, material_html=str(to_html(payload.steps[i])))
        for a, i in zip(ids, shown, strict=True)
    ]
    share = f"{100 / len(ids):.2f}"
    conditions = [
        Condition((Test("varequal", f"response_{a}", places[i]),), None, setvar=("Add", share))
        for a, i in zip(ids, shown, strict=True)
    ]
    return str(to_html(item.prompt)), responses, conditions, ids


def cloze_body(item: Item, iid: str) -> Body:
    """fill_in_multiple_blanks: `[bN]` in the text, one response per blank holding the answers it accepts (the
    first with the blank's id, each further one `_k`), 100/n for any of them."""
    payload = item.payload
    assert isinstance(payload, Cloze)
    prompt = lms.cloze_html(payload, lambda n, deletion: f"[b{n}]{lms.hint_html(deletion.hint)}")
    share = f"{100 / len(payload.deletions):.2f}"
    responses, conditions, ids = [], [], []
    for n, deletion in enumerate(payload.deletions, start=1):
        forms = deletion_forms(deletion)
        labels = tuple(Label(f"{iid}_a{n}" + (f"_{k}" if k > 1 else ""), text=a) for k, a in enumerate(forms, 1))
        responses.append(Response("response_lid", f"response_b{n}", labels, None, material_text=f"b{n}"))
        conditions += [
            Condition((Test("varequal", f"response_b{n}", label.ident),), None, setvar=("Add", share))
            for label in labels
        ]
        ids += [label.ident for label in labels]
    return prompt, responses, conditions, ids


BODIES = {
    "mcq": choice_body,
    "multi": choice_body,
    "tf": tf_body,
    "short": short_body,
    "numeric": numeric_body,
    "essay": essay_body,
    "match": match_body,
    "order": order_body,
    "cloze": cloze_body,
}
