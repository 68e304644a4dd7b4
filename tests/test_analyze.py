"""`quizgen analyze`: simulated classes with known item parameters, in Canvas's, Moodle's and scanners' formats."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from bench.classes import (
    Params,
    simulate,
    write_canvas_student_analysis,
    write_moodle_reports,
    write_paper,
)
from quizgen.analyze import analyze
from quizgen.analyze.results import Response, Sitting
from quizgen.analyze.stats import analyse
from quizgen.errors import UserError
from quizgen.model import Item, Location, TrueFalse
from tests.conftest import loaded

QUIZ = "feffer-reading"


@pytest.fixture
def quiz(example_course: Path):
    """The example course's Feffer reading quiz: its plan and items."""
    _, plans = loaded(example_course)
    plan = next(p for p in plans if p.quiz.id == QUIZ)
    return example_course, plan, list(plan.items)


def planted(items: list[Item]) -> dict[str, Params]:
    """Three flawed multiple-choice items: one miskeyed, one with a distractor nobody picks, one strong students miss."""
    mcqs = [item for item in items if item.type == "mcq"]
    return {
        mcqs[0].id: Params(miskeyed_to=1),
        mcqs[1].id: Params(dead={2}),
        mcqs[2].id: Params(a=-1.5),
    }


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        for rank, i in enumerate(order):
            result[i] = rank
        return result

    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    return 1 - 6 * sum((a - b) ** 2 for a, b in zip(rx, ry, strict=True)) / (n * (n * n - 1))


def test_the_statistics_recover_the_simulated_difficulty_and_discrimination(quiz, tmp_path):
    course, plan, items = quiz
    n = len(items)
    params = {
        item.id: Params(a=0.4 + 1.6 * ((k * 7) % n) / n, b=-1.5 + 3 * k / (n - 1)) for k, item in enumerate(items)
    }
    answers = simulate(items, params, 2000, guessing=False)
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, answers)
    result = analyze(course, [tmp_path / "canvas.csv"], QUIZ)
    by_id = {s.item.id: s for s in result.analysis.items}
    assert len(by_id) == n
    assert spearman([params[i].b for i in by_id], [by_id[i].difficulty for i in by_id]) < -0.9
    assert spearman([params[i].a for i in by_id], [by_id[i].discrimination for i in by_id]) > 0.7
    assert spearman([params[i].a for i in by_id], [by_id[i].upper_lower for i in by_id]) > 0.5


@pytest.mark.parametrize("export", ["canvas", "moodle", "paper"])
def test_the_planted_flaws_are_the_ones_flagged(quiz, tmp_path, export):
    course, plan, items = quiz
    params = planted(items)
    answers = simulate(items, params, 600)
    if export == "canvas":
        files = [tmp_path / "canvas.csv"]
        write_canvas_student_analysis(files[0], plan, items, answers)
    elif export == "moodle":
        files = write_moodle_reports(tmp_path, plan, items, answers)
    else:
        files = [tmp_path / "scans.csv"]
        write_paper(files[0], plan, answers)
    result = analyze(course, files, QUIZ)
    kinds = {(f.item_id, f.kind) for f in result.flags}
    miskeyed, dead, strong_miss = list(params)
    assert (miskeyed, "negative-discrimination") in kinds
    assert (miskeyed, "top-prefers-distractor") in kinds
    assert (dead, "dead-distractor") in kinds
    assert (strong_miss, "negative-discrimination") in kinds
    serious = {"negative-discrimination", "top-prefers-distractor", "dead-distractor"}
    assert {i for i, kind in kinds if kind in serious} == set(params)  # no sound item accused
    assert result.analysis.test.students == 600
    lines = [d.format() for d in result.report.sorted()]
    assert any(
        f"items.yaml:{items[[i.id for i in items].index(dead)].location.line}: warning: item '{dead}'" in line
        for line in lines
    )


def test_every_export_of_one_class_gives_the_same_statistics(quiz, tmp_path):
    course, plan, items = quiz
    answers = simulate(items, planted(items), 200)
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, answers)
    write_paper(tmp_path / "scans.csv", plan, answers)
    moodle = write_moodle_reports(tmp_path, plan, items, answers)
    figures = []
    for files in ([tmp_path / "canvas.csv"], [tmp_path / "scans.csv"], moodle):
        result = analyze(course, files, QUIZ)
        figures.append(
            [
                (
                    s.item.id,
                    round(s.difficulty, 9),
                    s.discrimination and round(s.discrimination, 9),
                    [round(o.share, 9) for o in s.options],
                )
                for s in result.analysis.items
            ]
        )
    assert figures[0] == figures[1] == figures[2]


def test_kr20_of_the_lsat_data_is_the_published_value():
    """Bock and Lieberman's LSAT section 6 (1,000 examinees, 5 items, as R's ltm package ships it): alpha 0.2949972
    (ltm's cronbach.alpha and psych's alpha agree; the figure as printed in the R-help archive)."""
    patterns = [
        3,
        6,
        2,
        11,
        1,
        1,
        3,
        4,
        1,
        8,
        0,
        16,
        0,
        3,
        2,
        15,
        10,
        29,
        14,
        81,
        3,
        28,
        15,
        80,
        16,
        56,
        21,
        173,
        11,
        61,
        28,
        298,
    ]  # frequency of each response pattern 00000 .. 11111, item 1 the leftmost
    items = [
        Item(f"lsat-{k}", "tf", "lsat", f"Item {k}", TrueFalse(True), (), Location(Path("x"), 1)) for k in range(1, 6)
    ]
    sittings = []
    for pattern, count in enumerate(patterns):
        bits = format(pattern, "05b")
        for _ in range(count):
            responses = {item.id: Response(float(bit == "1")) for item, bit in zip(items, bits, strict=True)}
            sittings.append(Sitting(f"s{len(sittings)}", responses))
    analysis = analyse(items, [1.0] * 5, sittings)
    assert analysis.test.students == 1000
    assert analysis.test.alpha == pytest.approx(0.2949972, abs=1e-7)
    assert [round(s.difficulty, 3) for s in analysis.items] == [0.924, 0.709, 0.553, 0.763, 0.870]


def test_excel_csv_with_bom_semicolons_and_blanks_reads(quiz, tmp_path):
    course, plan, items = quiz
    answers = simulate(items, {}, 50)
    write_paper(tmp_path / "scans.csv", plan, answers, delimiter=";")
    text = (tmp_path / "scans.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(";") for line in text]
    form = next(f for f in plan.forms if f.letter == rows[1][1])
    first_choice = next(q.number for q in form.questions if q.item.type in ("mcq", "tf"))
    rows[1][1 + first_choice] = ""  # a blank answer (to a choice item: a blank there is no answer at all)
    (tmp_path / "excel.csv").write_bytes("\ufeff".encode() + "\r\n".join(";".join(r) for r in rows).encode("utf-8"))
    result = analyze(course, [tmp_path / "excel.csv"], QUIZ)
    assert result.analysis.test.students == 50
    assert any(s.blank > 0 for s in result.analysis.items)


def test_a_student_on_no_known_form_is_left_out_and_said(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 30))
    lines = (tmp_path / "scans.csv").read_text(encoding="utf-8").splitlines()
    lines.append("Latecomer,D," + ",".join("A" * 1 for _ in items))
    (tmp_path / "scans.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = analyze(course, [tmp_path / "scans.csv"], QUIZ)
    assert result.analysis.test.students == 30
    assert any("Latecomer: form 'D' is not a form of quiz" in e for e in result.results.excluded)


def test_questions_of_another_quiz_are_listed_as_unmatched(quiz, tmp_path):
    course, plan, items = quiz
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, simulate(items, {}, 30))
    rows = list(csv.reader((tmp_path / "canvas.csv").open(encoding="utf-8", newline="")))
    at = rows[0].index("n correct")
    rows = [
        row[:at] + (["4242: Which river flows through Paris?", "1.0"] if n == 0 else ["Seine", "1.0"]) + row[at:]
        for n, row in enumerate(rows)
    ]
    with (tmp_path / "canvas.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = analyze(course, [tmp_path / "canvas.csv"], QUIZ)
    assert result.results.unmatched == ["Canvas question 4242: Which river flows through Paris?"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"name,id,score\nAda,1,3\n", "no header row this analysis knows"),
        (b"%PDF-1.7\n\x00\x01binary", "not a CSV file"),
        (b"Student,Form,Q1\n", "no student's answer"),
    ],
)
def test_bad_results_files_get_a_clear_error(quiz, tmp_path, content, message):
    course, _, _ = quiz
    (tmp_path / "results.csv").write_bytes(content)
    with pytest.raises(UserError, match=message):
        analyze(course, [tmp_path / "results.csv"], QUIZ)


def test_an_unknown_quiz_names_the_quizzes(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 5))
    with pytest.raises(UserError, match="has no quiz 'finals'; its quizzes: feffer-reading"):
        analyze(course, [tmp_path / "scans.csv"], "finals")


def test_paragraph_scores_run_from_weakest_to_strongest(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, planted(items), 300))
    result = analyze(course, [tmp_path / "scans.csv"], QUIZ)
    scores = [p.score for p in result.paragraphs]
    assert scores == sorted(scores) and len(scores) >= 3
    weakest = result.paragraphs[0]
    quoting = [s.difficulty for s in result.analysis.items if s.item.id in weakest.items]
    assert weakest.score == pytest.approx(sum(quoting) / len(quoting))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizgen", *args], capture_output=True, text=True, cwd=cwd)


def test_the_command_writes_the_report_csv_and_flags(quiz, tmp_path):
    course, plan, items = quiz
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, simulate(items, planted(items), 300))
    done = run("analyze", "canvas.csv", "--course", str(course), "-o", "report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "[item-analysis]" in done.stderr and "items.yaml:" in done.stderr
    assert "300 students" in done.stdout and "weakest passages:" in done.stdout
    rows = list(csv.DictReader((tmp_path / "report" / "items.csv").open(encoding="utf-8")))
    assert [r["item"] for r in rows] == [i.id for i in items]
    assert {r["flags"] for r in rows if r["item"] in planted(items)} != {""}
    test_figures = dict(csv.reader((tmp_path / "report" / "test.csv").open(encoding="utf-8")))
    assert 0 < float(test_figures["alpha"]) < 1
    assert (tmp_path / "report" / "flags.txt").read_text(encoding="utf-8").count("[item-analysis]") >= 4
    again = run("analyze", "canvas.csv", "--course", str(course), "-o", "report", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # its own report folder is replaced


def test_the_command_never_writes_over_a_folder_it_did_not_make(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 20))
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    done = run("analyze", "scans.csv", "--course", str(course), "--quiz", QUIZ, "-o", "mine", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "did not write" in done.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_the_report_renders_in_a_browser(quiz, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, planted(items), 200))
    assert (
        run("analyze", "scans.csv", "--course", str(course), "--quiz", QUIZ, "-o", "out", cwd=tmp_path).returncode == 0
    )
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        page.goto((tmp_path / "out" / "report.html").as_uri())
        dots = page.locator("svg.plot circle")
        assert dots.count() == len(items)
        assert page.locator("svg.plot circle.flagged").count() >= 3
        assert page.locator("svg.curve").first.bounding_box()["width"] > 50
        page.goto((tmp_path / "out" / f"article-{items[0].article}.html").as_uri())
        assert page.locator("p.score.s0, p.score.s1, p.score.s2, p.score.s3").count() >= 3
        browser.close()
