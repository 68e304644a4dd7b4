"""Common Cartridge 1.1 (`cc/<quiz-id>.imscc`): the quiz as CC-profile QTI items, for Brightspace and Blackboard.

The CC QTI profile has five question types. What the others become:
- numeric: a fill-in-the-blank (cc.fib) accepting the answer as written (and its plain decimal form); any
  tolerance is lost, so students must type the exact value;
- cloze with one deletion: a fill-in-the-blank with the blank shown as `_____`;
- cloze with several deletions, matching, cards: left out (a warning names each item).
"""

from __future__ import annotations

from quizgen.diagnostics import Report
from quizgen.keyboard import deletion_forms
from quizgen.markup import embedding, to_html
from quizgen.model import Cloze, Course, Item, Numeric
from quizgen.plan import QuizPlan
from quizgen.present import number
from quizgen.writers import lms, qti
from quizgen.writers.base import BuildContext, Output
from quizgen.writers.embed import CANVAS_FILES, WebEmbedder, packed
from quizgen.writers.qti import Condition, Test
from quizgen.zipper import zip_bytes

NAME = "cc"
DESCRIPTION = "IMS Common Cartridge 1.1 quiz packages (cc/<quiz-id>.imscc)"
TARGET = "Common Cartridge"
WEB_RESOURCES = "web_resources/"  # a cartridge's files, the folder $IMS-CC-FILEBASE$ names (as Canvas exports)

PROFILES = {
    "mcq": "cc.multiple_choice.v0p1",
    "multi": "cc.multiple_response.v0p1",
    "tf": "cc.true_false.v0p1",
    "short": "cc.fib.v0p1",
    "numeric": "cc.fib.v0p1",
    "cloze": "cc.fib.v0p1",
    "essay": "cc.essay.v0p1",
}


def omit(item: Item) -> str | None:
    """Why the cartridge leaves the item out (None: it carries it)."""
    if item.type == "match":
        return "the Common Cartridge QTI profile has no matching questions"
    if item.type == "order":
        return "the Common Cartridge QTI profile has no ordering questions"
    if isinstance(item.payload, Cloze) and len(item.payload.deletions) > 1:
        return "the Common Cartridge QTI profile has only single-blank fill-in questions"
    return lms.omit_flashcards(item)


def preflight(context: BuildContext, report: Report) -> None:
    """Warn about what the cartridge leaves out or changes."""
    lms.warn_omitted(context, report, TARGET, omit)
    lms.pool_notes(context, report, TARGET)
    lms.model_answer_notes(context, report, TARGET)
    for item in context.quiz_items():
        payload = item.payload
        if isinstance(payload, Numeric):
            lost = f"; the tolerance \u00b1{number(payload.tolerance)} is lost" if payload.tolerance else ""
            exact = " or ".join(f"'{text}'" for text in dict.fromkeys((payload.text, number(payload.text))))
            message = f"becomes a fill-in-the-blank accepting the exact text {exact}{lost}"
            lms.note(report, item, TARGET, message, "lms-converted")
        elif isinstance(payload, Cloze) and len(payload.deletions) == 1:
            lms.note(report, item, TARGET, "becomes a fill-in-the-blank question (cc.fib)", "lms-converted")
        elif item.type == "multi":
            message = (
                "Moodle's cartridge import scores wrong options 0% (no penalties), so there ticking every option "
                "earns full marks; its Moodle XML keeps the penalties"
            )
            lms.note(report, item, TARGET, message, "lms-partial-credit")


def outputs(context: BuildContext) -> list[Output]:
    """One package per quiz with something to carry, plus its item hashes for change reports."""
    return lms.quiz_packages(
        context,
        NAME,
        TARGET,
        omit,
        lambda i: PROFILES[i.type].removeprefix("cc.").removesuffix(".v0p1"),
        package,
        "imscc",
        draws=False,  # the profile has no selection: every student answers every item
    )


def package(context: BuildContext, plan: QuizPlan, items: tuple[Item, ...]) -> bytes:
    """The cartridge: a CC 1.1 manifest and one CC-profile assessment."""
    course = context.course
    aid = qti.assessment_ident(course, plan)
    embedder = WebEmbedder(course.path, CANVAS_FILES + qti.FIGURES)
    with embedding(embedder):
        values = {
            "aid": aid,
            "course": course,
            "quiz": plan.quiz,
            "items": [cc_item(course, plan, item) for item in items],
        }
    folder = WEB_RESOURCES + qti.FIGURES
    values["figures"] = figures = packed(embedder.used, folder, lambda key: lms.ident(course.id, "figure", key))
    entries = [
        *((figure.href, figure.figure.data) for figure in figures),
        ("imsmanifest.xml", lms.render("cc/imsmanifest.xml", **values)),
        (f"{aid}/assessment_qti.xml", lms.render("cc/assessment.xml", **values)),
    ]
    return zip_bytes(entries, context.epoch, lms.ZIP_LEVEL)


def cc_item(course: Course, plan: QuizPlan, item: Item) -> qti.QtiItem:
    """The item in the CC profile: Canvas's encoding of the five CC types, with `cc_profile` metadata."""
    iid = qti.item_ident(course, plan, item)
    body = BODIES.get(item.type, qti.BODIES.get(item.type))
    assert body is not None
    prompt, responses, conditions, answer_ids = body(item, iid)
    metadata = [("cc_profile", PROFILES[item.type]), ("cc_weighting", number(plan.points_of(item)))]
    if item.type == "essay":
        metadata.append(("qmd_computerscored", "No"))
    # continue="No": Moodle's import joins the feedback of every continue="Yes" condition into the general feedback
    answers = qti.option_feedback(course, item, answer_ids, "No")
    return qti.finish(course, plan, item, iid, tuple(metadata), prompt, responses, conditions, answers)


def numeric_body(item: Item, iid: str) -> qti.Body:
    """A number as a fill-in-the-blank: the text as written, and its plain decimal form when different."""
    payload = item.payload
    assert isinstance(payload, Numeric)
    accepted = dict.fromkeys((payload.text, number(payload.text)))
    tests = tuple(Test("varequal", "response1", text) for text in accepted)
    return str(to_html(item.prompt)), [qti.typed_response()], [Condition(tests, setvar=("Set", "100"))], []


def cloze_body(item: Item, iid: str) -> qti.Body:
    """A single-deletion cloze as a fill-in-the-blank: `_____` in the text, the deletion's answer accepted."""
    payload = item.payload
    assert isinstance(payload, Cloze)
    prompt = lms.cloze_html(payload, lambda n, deletion: f"_____{lms.hint_html(deletion.hint)}")
    deletion = payload.deletions[0]
    tests = tuple(Test("varequal", "response1", a) for a in deletion_forms(deletion))
    return prompt, [qti.typed_response()], [Condition(tests, setvar=("Set", "100"))], []


def tf_body(item: Item, iid: str) -> qti.Body:
    """true/false with the answer identifiers `true` and `false`: the only ones Moodle's cartridge import accepts."""
    return qti.true_false(item, "true", "false")


BODIES = {"tf": tf_body, "numeric": numeric_body, "cloze": cloze_body}
