"""What students see: per-choice feedback as written, model answers kept for graders, correct answers shown or not;
and the bank mistakes in distractor feedback and ordering items, reported where they are made."""

from __future__ import annotations

from pathlib import Path

import pytest
from lms_bank import html_text, unzip
from lxml import etree

from quizgen.build import build
from quizgen.check import check_course

Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
Q21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CANVAS_META = "{http://canvas.instructure.com/xsd/cccv1p0}"
MODEL = "The run's angle from vertical gives the direction"  # the sample essay's model answer begins so


def canvas_files(course_dir: Path, out: Path) -> dict[str, bytes]:
    build(course_dir, out, ["qti"], force=True)
    return unzip((out / "qti" / "sample-quiz.zip").read_bytes())


def essay_feedback(files: dict[str, bytes]) -> str:
    """The general feedback of the essay question, as Canvas shows it to students."""
    name = next(n for n in files if n.endswith(".xml") and "/" in n and "meta" not in n)
    item = next(i for i in etree.fromstring(files[name]).iter(f"{Q12}item") if i.get("title") == "bees-essay")
    node = item.find(f"{Q12}itemfeedback[@ident='general_fb']//{Q12}mattext")
    return html_text(node.text)


def quiz_setting(course_dir: Path, line: str) -> None:
    spec = course_dir / "course.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + f"    {line}\n", encoding="utf-8")


def test_model_answers_go_to_graders_only_by_default(sample_course: Path, tmp_path: Path) -> None:
    result = build(sample_course, tmp_path / "out", ["qti", "qti21", "moodle"], force=True)
    files = unzip((tmp_path / "out" / "qti" / "sample-quiz.zip").read_bytes())
    assert MODEL not in essay_feedback(files)
    assert {d.code for d in result.report.notes if d.item == "bees-essay"} >= {"lms-model-answer"}
    moodle = etree.parse(str(tmp_path / "out" / "moodle" / "sample-quiz.xml")).getroot()
    essay = next(q for q in moodle.iter("question") if q.findtext("idnumber") == "bees-essay")
    assert MODEL in html_text(essay.findtext("graderinfo/text"))
    assert MODEL not in html_text(essay.findtext("generalfeedback/text"))
    item = etree.fromstring(
        unzip((tmp_path / "out" / "qti21" / "sample-quiz.zip").read_bytes())["items/bees-essay.xml"]
    )
    [scorer] = item.iter(f"{Q21}rubricBlock")
    assert scorer.get("view") == "scorer" and MODEL in "".join(scorer.itertext())
    assert all(MODEL not in "".join(f.itertext()) for f in item.iter(f"{Q21}modalFeedback"))


def test_model_answers_shown_to_students_when_the_quiz_says(sample_course: Path, tmp_path: Path) -> None:
    quiz_setting(sample_course, "model_answers: students")
    assert MODEL in essay_feedback(canvas_files(sample_course, tmp_path / "out"))


@pytest.mark.parametrize(("line", "shown"), [("", "true"), ("show_correct_answers: false", "false")])
def test_canvas_shows_the_correct_answers_as_the_quiz_says(
    sample_course: Path, tmp_path: Path, line: str, shown: str
) -> None:
    if line:
        quiz_setting(sample_course, line)
    files = canvas_files(sample_course, tmp_path / "out")
    meta = etree.fromstring(next(v for k, v in files.items() if k.endswith("assessment_meta.xml")))
    assert meta.findtext(f"{CANVAS_META}show_correct_answers") == shown


MISTAKES = [
    (
        "    - {text: On the flowers she has found, why: She dances in the hive, quote: she dances on petals}",
        "quote-not-found",
    ),
    ("    - {text: On the flowers she has found, quote: returns to the hive}", "missing-field"),
    ("    - {text: On the flowers she has found, why: She dances in the hive, because: no}", "unknown-field"),
    ("    - [On the flowers, she has found]", "wrong-kind"),
]


@pytest.mark.parametrize(("entry", "code"), MISTAKES)
def test_distractor_feedback_mistakes_name_the_item_and_line(sample_course: Path, entry: str, code: str) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    start = text.index("    - text: On the flowers she has found")
    end = text.index("  quote: performs a waggle dance")
    bank.write_text(text[:start] + entry + "\n" + text[end:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    found = [d for d in check_course(sample_course).report.errors if d.code == code]
    assert [(d.item, d.line) for d in found] == [("bees-dance-surface", line)], [d.format() for d in found]


@pytest.mark.parametrize(
    ("steps", "code"),
    [("[She finds flowers., She dances.]", "too-few"), ("[One step., Two steps., one step]", "duplicate-option")],
)
def test_an_ordering_item_needs_three_different_steps(sample_course: Path, steps: str, code: str) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    start = text.index("  answer:   # the steps")
    end = text.index("  quote: A forager honeybee")
    bank.write_text(text[:start] + f"  answer: {steps}\n" + text[end:], encoding="utf-8")
    found = [d for d in check_course(sample_course).report.errors if d.code == code]
    assert [d.item for d in found] == ["bees-forager-steps"], [d.format() for d in found]
