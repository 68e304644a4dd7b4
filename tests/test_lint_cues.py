"""Cross-item lint measured: precision and recall on a course written with cues planted between items
(tests/fixtures/cues, its key in expected.yaml), and the rules' findings on the example course's first version."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from quizgen.check import check_course

FIXTURE = Path(__file__).parent / "fixtures" / "cues"
CODES = ("answer-leak", "presupposed-answer", "match-gloss", "number-in-name", "cloze-wording")
OTHER = re.compile(r"item '([a-z0-9-]+)'")


def reports(course: Path) -> set[tuple[str, str, str | None]]:
    """(code, item reported on, other item the message names) of every cue report."""
    result = check_course(course)
    assert not result.report.errors, [d.format() for d in result.report.errors]
    found = set()
    for d in result.report.diagnostics:
        if d.code in CODES:
            other = OTHER.search(d.message)
            found.add((d.code, d.item, other.group(1) if other else None))
    return found


def measure(found: set[tuple[str, str, str | None]]) -> tuple[float, float, list, list]:
    """(precision, recall, false reports, missed cues) against the fixture's key."""
    cues = yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))["cues"]
    accepted = [{tuple(r) for r in cue["reports"]} for cue in cues]
    false = sorted((f for f in found if not any(f in a for a in accepted)), key=str)
    missed = [cue["note"] for cue, a in zip(cues, accepted, strict=True) if not a & found]
    precision = (len(found) - len(false)) / len(found) if found else 0.0
    return precision, (len(cues) - len(missed)) / len(cues), false, missed


def test_precision_and_recall_on_the_planted_course(tmp_path: Path) -> None:
    course = shutil.copytree(FIXTURE, tmp_path / "cues")
    precision, recall, false, missed = measure(reports(course))
    print(f"cross-item lint on tests/fixtures/cues: precision {precision:.2f}, recall {recall:.2f}; missed: {missed}")
    assert precision >= 0.9, false
    assert recall >= 0.7, missed


def test_every_code_finds_a_planted_cue(tmp_path: Path) -> None:
    found = reports(shutil.copytree(FIXTURE, tmp_path / "cues"))
    assert {code for code, _, _ in found} == set(CODES)


def test_the_key_names_only_real_items_and_codes() -> None:
    """A typo in expected.yaml would count a cue as missed for ever: every id and code must exist."""
    ids = {item["id"] for bank in FIXTURE.glob("*/items.yaml") for item in yaml.safe_load(bank.read_text("utf-8"))}
    for cue in yaml.safe_load((FIXTURE / "expected.yaml").read_text(encoding="utf-8"))["cues"]:
        for code, item, other in cue["reports"]:
            assert code in CODES and item in ids and (other is None or other in ids), cue


def test_cues_across_items_need_a_shared_quiz(tmp_path: Path) -> None:
    """The same banks with the Varna quiz cut down to its cloze items: the reports between Varna items go (they need
    a shared form); the cloze blanks' own wording reports, which need no other item, stay."""
    course = shutil.copytree(FIXTURE, tmp_path / "cues")
    spec = course / "course.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        text.replace("articles: [varna-accord]\n", "articles: [varna-accord]\n    types: [cloze]\n"), "utf-8"
    )
    varna = {(code, other) for code, item, other in reports(course) if item.startswith("varna-")}
    assert varna == {("cloze-wording", None)}


def test_a_report_names_both_items_and_the_forms_they_share(tmp_path: Path) -> None:
    result = check_course(shutil.copytree(FIXTURE, tmp_path / "cues"))
    [leak] = [d for d in result.report.diagnostics if d.code == "answer-leak" and d.item == "varna-forum-kell"]
    assert "'varna-forum-name'" in leak.message and "forms A and B of quiz 'varna-quiz'" in leak.message
    assert "different quizzes" in leak.message
    [gloss] = [d for d in result.report.diagnostics if d.code == "match-gloss" and d.item == "sel-phrases-match"]
    assert "'sel-ownership-essay'" in gloss.message and "forms A–C of quiz 'sel-quiz'" in gloss.message


def test_with_pools_only_items_drawn_onto_one_form_are_reported(tmp_path: Path) -> None:
    """Pools draw each printed form: a cue is reported only for two items some planned form carries together, and
    the message names that form."""
    course = shutil.copytree(FIXTURE, tmp_path / "cues")
    spec = course / "course.yaml"
    text = spec.read_text(encoding="utf-8").replace(
        "    articles: [sel-harbor]\n", "    pools:\n      - {articles: [sel-harbor], pick: 8}\n"
    )
    spec.write_text(text, encoding="utf-8")
    result = check_course(course)
    assert not result.report.errors, [d.format() for d in result.report.errors]
    [plan] = [p for p in result.plans if p.quiz.id == "sel-quiz"]
    forms = {form.letter: {q.item.id for q in form.questions} for form in plan.forms}
    assert len({frozenset(ids) for ids in forms.values()}) > 1  # the forms drew differently
    cross = [d for d in result.report.diagnostics if d.code in CODES[:3] and d.item.startswith("sel-")]
    assert cross  # some planted pair still meets on a form
    for d in cross:
        other = OTHER.search(d.message).group(1)
        letter = re.search(r"form ([A-C]) of quiz 'sel-quiz'", d.message).group(1)
        assert {d.item, other} <= forms[letter], d.message
    together = {frozenset((a, b)) for ids in forms.values() for a in ids for b in ids}
    planted = {frozenset((item, other)) for _, item, other in reports(FIXTURE) if other and item.startswith("sel-")}
    assert planted - together  # some pairs the quiz held are on no form together now: those must go unreported
    assert {frozenset((d.item, OTHER.search(d.message).group(1))) for d in cross} == planted & together
