"""Question pools: each printed form draws its own items, and every LMS package carries the pools as it can."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import loaded
from lms_bank import errors, squash, unzip
from lxml import etree
from test_pdf import pages_text

from quizgen.build import build
from quizgen.check import check_course
from quizgen.markup import to_plain
from quizgen.writers import pdf
from quizgen.writers.base import BuildContext

Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
Q21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CHOICE = {"mcq", "multi", "tf", "short"}  # pool 1 of POOLED; pool 2 holds the other quiz types
POOLED = """\
id: my-course
title: My Course
quizzes:
  - id: pooled
    title: Pooled quiz
    forms: 4
    seed: 3
    points: 1
    pools:
      - {articles: [sample-article], types: [mcq, multi, tf, short], pick: 2, points: 2}
      - {articles: [sample-article], types: [numeric, cloze, match, order, essay], pick: 3}
"""


@pytest.fixture
def pooled(sample_course: Path) -> Path:
    (sample_course / "course.yaml").write_text(POOLED, encoding="utf-8")
    return sample_course


def test_each_form_draws_its_own_items_from_each_pool(pooled: Path) -> None:
    course, [plan] = loaded(pooled)
    assert len(plan.items) == 9  # the LMS packages carry every item of the pools
    draws = []
    for form in plan.forms:
        types = [q.item.type for q in form.questions]
        assert sum(t in CHOICE for t in types) == 2 and len(types) == 5, (form.letter, types)
        assert {q.points for q in form.questions if q.item.type in CHOICE} == {2}
        assert {q.points for q in form.questions if q.item.type not in CHOICE} == {1}
        draws.append(frozenset(q.item.id for q in form.questions))
    assert len(set(draws)) > 1  # not one draw printed four times
    assert plan.points_possible == 2 * 2 + 3 * 1
    assert {i.id for i in plan.printed_items} == set().union(*draws)


def test_pooled_forms_still_balance_the_answer_letters(pooled: Path) -> None:
    _, [plan] = loaded(pooled)
    for form in plan.forms:
        keys = Counter(q.correct_letters() for q in form.questions if q.item.type == "mcq")
        assert all(n <= 1 for n in keys.values()), keys  # one mcq at most per form here: never twice one letter


def test_canvas_package_has_a_group_per_pool(pooled: Path, tmp_path: Path) -> None:
    _, [plan] = loaded(pooled)
    build(pooled, tmp_path / "out", ["qti"], force=True)
    files = unzip((tmp_path / "out" / "qti" / "pooled.zip").read_bytes())
    href = next(name for name in files if name.endswith(".xml") and "/" in name and "meta" not in name)
    assert errors("qti12/ims_qtiasiv1p2p1.xsd", files[href]) == []
    root = etree.fromstring(files[href])
    groups = root.findall(f".//{Q12}section[@ident='root_section']/{Q12}section")
    picks = [int(g.findtext(f".//{Q12}selection_number")) for g in groups]
    points = [float(g.findtext(f".//{Q12}points_per_item")) for g in groups]
    held = [{i.get("title") for i in g.iter(f"{Q12}item")} for g in groups]
    assert picks == [2, 3] and points == [2, 1]
    assert held == [{i.id for i in plan.items if i.type in CHOICE}, {i.id for i in plan.items if i.type not in CHOICE}]
    meta = etree.fromstring(files[href.rsplit("/", 1)[0] + "/assessment_meta.xml"])
    assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}points_possible") == "7"


def test_qti21_test_selects_from_each_pool(pooled: Path, tmp_path: Path) -> None:
    build(pooled, tmp_path / "out", ["qti21"], force=True)
    files = unzip((tmp_path / "out" / "qti21" / "pooled.zip").read_bytes())
    assert errors("qti21/imsqti_v2p1.xsd", files["pooled.xml"]) == []
    root = etree.fromstring(files["pooled.xml"])
    sections = [s for s in root.iter(f"{Q21}assessmentSection") if s.find(f"{Q21}selection") is not None]
    assert [int(s.find(f"{Q21}selection").get("select")) for s in sections] == [2, 3]
    assert [len(s.findall(f"{Q21}assessmentItemRef")) for s in sections] == [4, 5]


def test_moodle_file_has_a_category_per_pool(pooled: Path, tmp_path: Path) -> None:
    _, [plan] = loaded(pooled)
    build(pooled, tmp_path / "out", ["moodle"], force=True)
    root = etree.parse(str(tmp_path / "out" / "moodle" / "pooled.xml")).getroot()
    category, held = None, {}
    for question in root.iter("question"):
        if question.get("type") == "category":
            category = question.findtext("category/text")
            held[category] = set()
        else:
            held[category].add(question.findtext("idnumber"))
    assert list(held) == [
        "$course$/My Course/Pooled quiz/Pool 1: How Honeybees Share Directions (draw 2)",
        "$course$/My Course/Pooled quiz/Pool 2: How Honeybees Share Directions (draw 3)",
    ]
    assert list(held.values()) == [
        {i.id for i in plan.items if i.type in CHOICE},
        {i.id for i in plan.items if i.type not in CHOICE},
    ]


def test_cartridge_holds_every_pooled_item_with_a_note(pooled: Path, tmp_path: Path) -> None:
    result = build(pooled, tmp_path / "out", ["cc"], force=True)
    assert [d.code for d in result.report.notes if d.code == "lms-no-pools"] == ["lms-no-pools"]
    files = unzip((tmp_path / "out" / "cc" / "pooled.imscc").read_bytes())
    text = b"".join(files.values())
    assert b"selection" not in text  # the CC 1.1 profile forbids it
    assert len(re.findall(rb"<item ident=", text)) == 6  # all 9 but the match, the order and the two-blank cloze
    assert result.summaries["cc/pooled.imscc"].endswith(", 10 points")  # 4 items at 2 points, 2 at 1: all answered


@pytest.mark.parametrize(
    ("pools", "message"),
    [
        ("    count: 3\n    pools:\n      - {articles: [sample-article], pick: 2}\n", "move 'count' into its pools"),
        ("    pools:\n      - {articles: [sample-article], types: [mcq], pick: 2}\n", "pool 1 picks 2 of 1 items"),
        ("    pools:\n      - {articles: [elsewhere], pick: 2}\n", "unknown article 'elsewhere'"),
        (
            "    pools:\n      - {articles: [sample-article], pick: 1}\n      - {articles: [sample-article], types: [tf]}\n",
            "bees-angle-sun is in pools 1 and 2",
        ),
        ("    pools:\n      - {articles: [sample-article], pick: 1, choose: 2}\n", "unknown field 'choose' in a pool"),
    ],
)
def test_pool_mistakes_are_errors_that_say_what_to_do(sample_course: Path, pools: str, message: str) -> None:
    head = "id: my-course\ntitle: My Course\nquizzes:\n  - id: pooled\n    title: Pooled quiz\n"
    (sample_course / "course.yaml").write_text(head + pools, encoding="utf-8")
    report = check_course(sample_course).report
    assert any(message in d.message for d in report.errors), [d.format() for d in report.errors]


def test_a_pool_may_draw_on_all_articles_as_a_quiz_may(sample_course: Path) -> None:
    head = "id: my-course\ntitle: My Course\nquizzes:\n  - id: pooled\n    title: Pooled quiz\n"
    pools = "    pools:\n      - {articles: all, types: [mcq, tf], pick: 1}\n"
    (sample_course / "course.yaml").write_text(head + pools, encoding="utf-8")
    _, [plan] = loaded(sample_course)
    assert {item.type for item in plan.items} == {"mcq", "tf"}
    assert all(len(form.questions) == 1 for form in plan.forms)


def test_printed_forms_and_key_follow_each_forms_draw(pooled: Path) -> None:
    course, plans = loaded(pooled)
    [plan] = plans
    outputs = {o.path: o.render() for o in pdf.outputs(BuildContext(course, plans, 0))}
    key = squash(" ".join(pages_text(outputs["pdf/pooled-key.pdf"])))
    for form in plan.forms:
        text = squash(" ".join(pages_text(outputs[f"pdf/pooled-{form.letter}.pdf"])))
        drawn = {q.item.id for q in form.questions}
        for item in plan.items:
            if item.type != "cloze":  # a cloze prompt prints with blanks
                assert (squash(to_plain(item.prompt)) in text) == (item.id in drawn), (form.letter, item.id)
        for q in form.questions:  # the key says where each drawn item stands on this form
            assert f"Form {form.letter} #{q.number}" in key, (form.letter, q.item.id)
    never = [i.id for i in plan.items if i not in plan.printed_items]
    assert all(f"{i} ·" not in key for i in never)


def test_the_html_key_counts_the_questions_of_a_form_as_the_forms_do(pooled: Path, tmp_path: Path) -> None:
    """A pooled key covers every drawn item, but a student answers one form's questions for the quiz's points."""
    _, [plan] = loaded(pooled)
    build(pooled, tmp_path / "out", formats=["html"])

    def header(page: str) -> str:
        tree = etree.parse(str(tmp_path / "out" / "html" / page), etree.HTMLParser())
        return " ".join(tree.xpath("string(//div[@class='quiz-head']/p[@class='muted'])").split())

    questions = len(plan.forms[0].questions)
    assert len(plan.printed_items) > questions
    assert header("quiz-pooled-a.html") == f"{questions} questions · {plan.total_points:g} points"
    assert header("quiz-pooled-key.html").startswith(f"{questions} questions ")
    assert f"({len(plan.printed_items)} items across the forms)" in header("quiz-pooled-key.html")
