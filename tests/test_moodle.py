"""Moodle XML: `<?xml` first, every question named with text, feedback and valid fractions, read back whole."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import POINT_PER_BLANK, loaded
from lms_bank import expected, html_text, squash
from lxml import etree

from quizgen.build import build
from quizgen.writers import moodle

TYPES = {"multichoice": None, "truefalse": "tf", "shortanswer": "short", "numerical": "numeric", "essay": "essay"}
TYPES.update(matching="match", cloze="cloze")
BLANK = re.compile(r"\{(\d+):SHORTANSWER:((?:=(?:\\.|[^\\}~])*~?)+)\}")
ANSWER = re.compile(r"=((?:\\.|[^\\}~])*)")  # one accepted answer of a blank


@pytest.fixture(params=["sample_course", "unicode_course", "example_course"])
def course_dir(request) -> Path:
    if request.param == "example_course" and not (Path(__file__).resolve().parent.parent / "items").is_dir():
        pytest.skip("the example course (items/) is not in this checkout")
    return request.getfixturevalue(request.param)


def html_of(node: etree._Element, path: str) -> str:
    """The HTML in `<path><text>` (escaped once in the XML), as text."""
    element = node.find(path)
    assert element is not None and element.get("format") == "html", path
    text = element.findtext("text")
    assert text is not None
    return html_text(text)


def unescape_blank(text: str) -> str:
    """An embedded answer as Moodle reads it: `\\}`, `\\#` and (short answer) `\\*` unescaped."""
    return re.sub(r"\\([}#*])", r"\1", text)


def read_question(node: etree._Element) -> dict:
    """type, prompt, options, answer, points and feedback of one Moodle question."""
    kind = node.get("type")
    answers = node.findall("answer")
    record = {"options": [], "answer": None, "points": float(node.findtext("defaultgrade"))}
    record["prompt"] = html_of(node, "questiontext")
    record["why"] = {html_of(a, "."): html_of(a, "feedback") for a in answers if html_of(a, "feedback")}
    if kind == "multichoice":
        single = node.findtext("single") == "true"
        record["type"] = "mcq" if single else "multi"
        record["options"] = [html_of(a, ".") for a in answers]
        record["answer"] = sorted(html_of(a, ".") for a in answers if float(a.get("fraction")) > 0)
    elif kind == "truefalse":
        record["type"] = "tf"
        record["options"] = [a.findtext("text").capitalize() for a in answers]
        record["answer"] = [a.findtext("text").capitalize() for a in answers if a.get("fraction") == "100"]
    elif kind == "shortanswer":
        record["type"] = "short"
        record["answer"] = sorted({squash(a.findtext("text").replace("\\*", "*")) for a in answers})
    elif kind == "numerical":
        [answer] = answers
        record["type"] = "numeric"
        record["answer"] = (Decimal(answer.findtext("text")), Decimal(answer.findtext("tolerance")))
    elif kind == "essay":
        record["type"] = "essay"
        assert html_of(node, "graderinfo")  # the model answer, for graders
    elif kind == "ordering":  # the steps in their right order, each worth its share by its place
        record["type"] = "order"
        assert node.findtext("selecttype") == "ALL" and node.findtext("gradingtype") == "ABSOLUTE_POSITION"
        # Without it, Moodle 4.5's import adds empty hints with no format, which the database refuses.
        assert node.findtext("shownumcorrect") == "1"
        record["answer"] = [html_of(a, ".") for a in answers]
    elif kind == "matching":
        record["type"] = "match"
        # the answers are HTML too: Moodle shows them through format_string
        record["answer"] = [
            (html_of(s, "."), html_text(s.findtext("answer/text"))) for s in node.findall("subquestion")
        ]
    elif kind == "cloze":
        record["type"] = "cloze"
        weights = [int(m.group(1)) for m in BLANK.finditer(record["prompt"])]
        assert record["points"] == sum(weights)
        blanks = [[unescape_blank(a) for a in ANSWER.findall(m.group(2))] for m in BLANK.finditer(record["prompt"])]
        record["prompt"] = BLANK.sub(
            lambda m: f"«{unescape_blank(ANSWER.match(m.group(2)).group(1))}»", record["prompt"]
        )
        record["answer"] = [sorted(b) for b in blanks]
    record["feedback"] = html_of(node, "generalfeedback")
    return record


def questions(path: Path) -> tuple[list[str], list[etree._Element]]:
    """The categories and questions of a Moodle XML file, checking its first bytes."""
    data = path.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(data)
    assert root.tag == "quiz"
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    return categories, [q for q in root if q.get("type") != "category"]


def test_moodle_files_read_back_whole(course_dir: Path, tmp_path: Path) -> None:
    course, plans = loaded(course_dir)
    build(course_dir, tmp_path / "out", ["moodle"])
    for plan in plans:
        carried = [i for i in plan.items if i.type != "card"]
        _, found = questions(tmp_path / "out" / "moodle" / f"{plan.quiz.id}.xml")
        ids = [q.findtext("idnumber") for q in found]
        if plan.quiz.pools:  # grouped by pool (see test_pools), each pool in bank order
            carried = sorted(carried, key=lambda i: ids.index(i.id))
        assert ids == [i.id for i in carried]
        for item, node in zip(carried, found, strict=True):
            assert node.findtext("name/text") == item.id
            want = expected(course, item, plan.points_of(item))
            got = read_question(node)
            if item.type == "cloze":
                got["points"] = want["points"] = None  # marks per blank: see test_cloze_marks
            assert got == want, item.id


def test_every_question_has_name_text_feedback_and_valid_fractions(course_dir: Path, tmp_path: Path) -> None:
    course, _ = loaded(course_dir)
    build(course_dir, tmp_path / "out", ["moodle"])
    categories, found = questions(tmp_path / "out" / "moodle" / f"{course.id}.xml")
    # names are HTML, which Moodle shows them as
    shown = [html_text(c) for c in categories]
    assert shown == [f"$course$/{course.title}/{a.title}" for a in course.articles if course.items_of(a.slug)]
    assert sorted(q.findtext("idnumber") for q in found) == sorted(i.id for i in course.items if i.type != "card")
    valid = {Fraction(f) for f in moodle.FRACTIONS} | {-Fraction(f) for f in moodle.FRACTIONS}
    for node in found:
        assert node.findtext("name/text") and node.findtext("questiontext/text")
        assert node.findtext("generalfeedback/text")
        fractions = [Fraction(a.get("fraction")) for a in node.findall("answer")]
        if node.get("type") == "ordering":  # there a fraction is the answer's place, as Moodle exports it
            assert fractions == list(range(1, len(fractions) + 1))
            continue
        assert all(f in valid for f in fractions), node.findtext("idnumber")
        if node.get("type") == "multichoice" and node.findtext("single") == "false":
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.001)
            assert sum(fractions) <= Fraction(1, 1000)  # ticking every box scores nothing (to Moodle's 5 decimals)
        elif fractions:
            assert max(fractions) == 100


def test_fraction_splits() -> None:
    assert moodle.split(3) == ["33.33333"] * 3
    assert moodle.split(7) == ["14.28571"] * 7
    assert moodle.split(11) == ["10"] * 9 + ["5"] * 2
    assert sum(Fraction(f) for f in moodle.split(13)) == 100
    assert moodle.penalty(1) == "-100" and moodle.penalty(3) == "-33.33333" and moodle.penalty(12) == "-10"


def test_uneven_split_is_warned(sample_course: Path, tmp_path: Path) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    answers = "\n".join(f"    - Fact {n}" for n in range(11))
    text = bank.read_text(encoding="utf-8").replace("    - Its direction\n    - Its distance", answers)
    bank.write_text(text, encoding="utf-8")
    result = build(sample_course, tmp_path / "out", ["moodle"])
    assert any(d.code == "lms-fraction" and d.item == "bees-dance-encodes" for d in result.report.warnings)


def test_cloze_marks_and_escapes(unicode_course: Path, tmp_path: Path) -> None:
    result = build(unicode_course, tmp_path / "out", ["moodle"])
    _, found = questions(tmp_path / "out" / "moodle" / "tricky.xml")
    node = next(q for q in found if q.findtext("idnumber") == "uni-cloze")
    text = node.findtext("questiontext/text")
    assert (
        "{1:SHORTANSWER:=😀}" in text and "{1:SHORTANSWER:=naïve~=naive} (French-looking)" in text
    )  # typed without the accent too
    assert node.findtext("defaultgrade") == "2"  # one mark per blank: Moodle sums the blanks' weights
    assert any(d.code == "lms-cloze-marks" and d.item == "uni-cloze" for d in result.report.warnings)
    raw = (tmp_path / "out" / "moodle" / "tricky.xml").read_text(encoding="utf-8")
    assert "CDATA" not in raw and "A ]]&amp;gt; b" in raw  # escaped text, so `]]>` in an item cannot end a section


# How Moodle finds an embedded answer in a cloze question's HTML (qtype_multianswer's ANSWER_START_REGEX, abridged)
EMBEDDED = re.compile(r"\{[0-9]*:(SHORTANSWER|SA|MW|NUMERICAL|NM|MULTICHOICE|MC|MULTIRESPONSE|MR)[A-Z_]*:")


def test_braces_in_a_cloze_item_make_no_embedded_answer(sample_course: Path, tmp_path: Path) -> None:
    """An item's text that reads as an embedded answer would add a question part Moodle grades."""
    bank = sample_course / "sample-article" / "items.yaml"
    evil = "{1:MULTICHOICE:=evil~wrong}"
    text = bank.read_text(encoding="utf-8").replace(
        "prompt: The {{c1::duration|length}} of the waggle run encodes {{c2::distance}}.",
        f"prompt: 'The {evil} {{{{c1::duration|length::{evil} hint}}}} of the waggle run encodes {{{{c2::distance}}}}.'",
    )
    bank.write_text(text, encoding="utf-8")
    build(sample_course, tmp_path / "out", ["moodle"])
    _, found = questions(tmp_path / "out" / "moodle" / "sample-quiz.xml")
    html = next(q for q in found if q.get("type") == "cloze").findtext("questiontext/text")
    assert [m.group(1) for m in EMBEDDED.finditer(html)] == ["SHORTANSWER", "SHORTANSWER"]
    assert html_text(html).count(evil) == 2  # shown as written: in the text, and as the hint


def test_items_only_in_the_course_file_are_checked_too(sample_course: Path, tmp_path: Path) -> None:
    """moodle/<course>.xml carries every item, in a quiz or not: its items get the same warnings, once each."""
    bank = sample_course / "sample-article" / "items.yaml"
    answers = "\n".join(f"    - Fact {n}" for n in range(11))
    text = bank.read_text(encoding="utf-8").replace("    - Its direction\n    - Its distance", answers)
    bank.write_text(text.replace(POINT_PER_BLANK, ""), encoding="utf-8")  # the cloze at 1 point: 2 blanks
    spec = sample_course / "course.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("    seed: 1\n", "    seed: 1\n    types: [mcq]\n"))
    result = build(sample_course, tmp_path / "out", ["moodle"])
    _, found = questions(tmp_path / "out" / "moodle" / "my-course.xml")
    assert "bees-dance-encodes" in [q.findtext("idnumber") for q in found]  # in no quiz, in the course file
    warned = [(d.item, d.code) for d in result.report.warnings if d.code.startswith("lms-")]
    assert warned.count(("bees-dance-encodes", "lms-fraction")) == 1
    assert warned.count(("bees-duration-cloze", "lms-cloze-marks")) == 1  # worth 1 by default, 2 blanks
