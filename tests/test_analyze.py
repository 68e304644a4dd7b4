"""`quizgen analyze`: simulated classes with known item parameters, in Canvas's, Moodle's and scanners' formats."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from bench.classes import (
    MOODLE_IDENTITY,
    Params,
    simulate,
    write_canvas_student_analysis,
    write_moodle_reports,
    write_paper,
)
from quizgen.analyze import analyze
from quizgen.analyze.choices import options_of
from quizgen.analyze.results import Response, Sitting
from quizgen.analyze.stats import analyse
from quizgen.errors import UserError
from quizgen.markup import to_plain
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
        (b"Student,Form,Q1\n", "no student rows below the header"),
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


# Trials with the files instructors bring: each test fails on the code before its fix.


def canvas_item_analysis(path: Path, student_analysis: Path) -> None:
    """Canvas's Item Analysis CSV (Quizzes::QuizStatistics::ItemAnalysis#to_csv) for the questions of a Student
    Analysis CSV: its "Question Title" column holds the question's text; one item's figures stand out."""
    header = next(csv.reader(student_analysis.open(encoding="utf-8", newline="")))
    questions = [h.split(": ", 1) for h in header if h[:1].isdigit() and ": " in h]
    columns = ["Question Id", "Question Title", "Answered Student Count", "Top Student Count", "Middle Student Count"]
    columns += ["Bottom Student Count", "Quiz Question Count", "Correct Student Count", "Wrong Student Count"]
    columns += ["Correct Student Ratio", "Wrong Student Ratio", "Correct Top Student Count"]
    columns += ["Correct Middle Student Count", "Correct Bottom Student Count", "Variance", "Standard Deviation"]
    columns += ["Difficulty Index", "Alpha", "Point Biserial of Correct", "Point Biserial of Distractor 2"]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for n, (qid, text) in enumerate(questions):
            figures = ("0.123", "0.456") if n == 0 else ("0.5", "0.3")
            counts = [30, 8, 14, 8, 15, 15, 15, 0.5, 0.5, 6, 7, 2, 0.25, 0.5]
            writer.writerow([qid, text, *counts, figures[0], "N/A", figures[1], ""])  # Canvas writes nil as ""


@pytest.mark.parametrize("kind", ["canvas", "moodle"])
def test_a_file_of_the_lms_figures_alone_says_which_file_to_add(quiz, tmp_path, kind):
    course, plan, items = quiz
    answers = simulate(items, {}, 30)
    if kind == "canvas":
        write_canvas_student_analysis(tmp_path / "students.csv", plan, items, answers)
        canvas_item_analysis(tmp_path / "figures.csv", tmp_path / "students.csv")
        wanted = "Student Analysis CSV"
    else:
        (tmp_path / "figures.csv").write_bytes(write_moodle_reports(tmp_path, plan, items, answers)[2].read_bytes())
        wanted = "Responses or Grades report"
    with pytest.raises(UserError, match=f"figures.csv: .*not the students' answers.*{wanted}"):
        analyze(course, [tmp_path / "figures.csv"], QUIZ)


def test_canvas_item_analysis_figures_are_shown_beside_quizgens(quiz, tmp_path):
    from quizgen.analyze.report import render

    course, plan, items = quiz
    write_canvas_student_analysis(tmp_path / "students.csv", plan, items, simulate(items, {}, 30))
    canvas_item_analysis(tmp_path / "figures.csv", tmp_path / "students.csv")
    files = render(analyze(course, [tmp_path / "students.csv", tmp_path / "figures.csv"], QUIZ))
    rows = list(csv.DictReader(files["items.csv"].decode("utf-8").splitlines()))
    assert (rows[0]["lms_difficulty"], rows[0]["lms_discrimination"]) == ("0.123", "0.456")
    assert {(r["lms_difficulty"], r["lms_discrimination"]) for r in rows[1:]} == {("0.500", "0.300")}
    assert "Canvas item analysis: difficulty 0.12 · discrimination 0.46" in files["report.html"].decode("utf-8")


def test_moodle_responses_with_question_texts_tell_the_quiz_and_its_order(quiz, tmp_path):
    course, plan, items = quiz
    order = items[1::2] + items[::2]  # the instructor's quiz order, not the bank's
    answers = simulate(items, planted(items), 200)
    responses = write_moodle_reports(tmp_path, plan, order, answers, columns="question")[0]
    result = analyze(course, [responses])  # no --quiz: the course has three
    assert result.plan.quiz.id == QUIZ
    paper_file = tmp_path / "scans.csv"
    write_paper(paper_file, plan, answers)
    on_paper = {s.item.id: s.difficulty for s in analyze(course, [paper_file], QUIZ).analysis.items}
    scored = {s.item.id: s.difficulty for s in result.analysis.items}
    unscorable = {i.id for i in items if i.type in ("match", "cloze", "essay")}
    assert unscorable and not unscorable & set(scored)  # Responses alone cannot score them: absent, not 0%
    assert all(scored[i] == pytest.approx(on_paper[i]) for i in scored)
    assert any(all(i in note for i in unscorable) for note in result.results.notes)


def test_moodle_responses_without_names_in_another_order_are_refused(quiz, tmp_path):
    course, plan, items = quiz
    order = items[1:] + items[:1]
    responses = write_moodle_reports(tmp_path, plan, order, simulate(items, {}, 30), columns="")[0]
    with pytest.raises(UserError, match=r"responses.csv:2: Response 1 .* is no option of item .*Statistics report"):
        analyze(course, [responses], QUIZ)
    in_order = write_moodle_reports(tmp_path, plan, items, simulate(items, {}, 30), columns="")[0]
    assert analyze(course, [in_order], QUIZ).results.notes  # the bank's order, said


def test_results_of_another_quiz_named_with_quiz_are_refused(example_course, tmp_path):
    _, plans = loaded(example_course)
    midterm = next(p for p in plans if p.quiz.id == "midterm")
    write_canvas_student_analysis(
        tmp_path / "canvas.csv", midterm, list(midterm.items), simulate(list(midterm.items), {}, 30)
    )
    with pytest.raises(UserError, match="items of quiz 'midterm' but only .* Run with --quiz midterm"):
        analyze(example_course, [tmp_path / "canvas.csv"], QUIZ)


def test_scans_of_another_quiz_are_refused(example_course, tmp_path):
    _, plans = loaded(example_course)
    midterm = next(p for p in plans if p.quiz.id == "midterm")
    write_paper(tmp_path / "scans.csv", midterm, simulate(list(midterm.items), {}, 30))
    with pytest.raises(UserError, match="scans.csv: .* marks do not fit the forms of quiz 'feffer-reading'"):
        analyze(example_course, [tmp_path / "scans.csv"], QUIZ)


def test_scanner_marks_as_people_export_them(quiz, tmp_path):
    """Lowercase letters, 'a, c', a true-or-false question read as lettered bubbles (A for T), a mark in a question
    the form lacks, a letter where a grader's points belong: the marks are read or each one is listed."""
    course, plan, items = quiz
    answers = simulate(items, {}, 40)
    write_paper(tmp_path / "scans.csv", plan, answers)
    rows = list(csv.reader((tmp_path / "scans.csv").open(encoding="utf-8", newline="")))
    rows[0].append("Q99")
    form = {f.letter: f for f in plan.forms}
    for row in rows[1:]:
        questions = form[row[1]].questions
        for n, question in enumerate(questions, start=2):
            if question.item.type == "tf":
                row[n] = {"T": "A", "F": "B"}[row[n]]
            elif question.item.type in ("mcq", "multi"):
                row[n] = ", ".join(row[n].lower())
        row.append("")
    written = next(n for n, q in enumerate(form[rows[1][1]].questions, start=2) if not options_of(q.item))
    rows[1][written], rows[2][-1] = "B", "C"
    with (tmp_path / "messy.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = analyze(course, [tmp_path / "messy.csv"], QUIZ)
    write_paper(tmp_path / "clean.csv", plan, answers)
    clean = analyze(course, [tmp_path / "clean.csv"], QUIZ)
    by_id = {s.item.id: s.difficulty for s in result.analysis.items}
    choice = [s for s in clean.analysis.items if s.options]
    assert all(by_id[s.item.id] == pytest.approx(s.difficulty) for s in choice)
    assert len(result.results.excluded) == 2
    assert "messy.csv:2: S0: question" in result.results.excluded[0] + result.results.excluded[1]
    assert any("messy.csv:3: S1: question 99 'C'" in e for e in result.results.excluded)


def test_flags_need_enough_students_and_an_all_blank_item_gets_one_flag(quiz, tmp_path):
    course, plan, items = quiz
    answers = simulate(items, {}, 3)
    write_canvas_student_analysis(tmp_path / "few.csv", plan, items, answers)
    assert analyze(course, [tmp_path / "few.csv"], QUIZ).flags == ()
    write_canvas_student_analysis(tmp_path / "class.csv", plan, items, simulate(items, {}, 60))
    rows = list(csv.reader((tmp_path / "class.csv").open(encoding="utf-8", newline="")))
    skipped = next(i for i in items if i.type == "mcq")
    column = next(n for n, h in enumerate(rows[0]) if h.endswith(to_plain(skipped.prompt)))
    for row in rows[1:]:
        row[column], row[column + 1] = "", "0.0"
    with (tmp_path / "class.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = analyze(course, [tmp_path / "class.csv"], QUIZ)
    assert [f.kind for f in result.flags if f.item_id == skipped.id] == ["all-blank"]


def test_canvas_student_analysis_as_canvas_writes_it(quiz, tmp_path):
    """root_account and attempt columns, a question without text, each student's attempts in rows: the attempts
    are said and the last one analysed, the question listed as matching no item."""
    course, plan, items = quiz
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, simulate(items, {}, 30))
    rows = list(csv.reader((tmp_path / "canvas.csv").open(encoding="utf-8", newline="")))
    at = rows[0].index("n correct")
    rows[0][3:3] = ["root_account"]
    rows[0][at + 1 : at + 1] = ["77:", "1.0"]  # an image-only question: Canvas strips its text to nothing
    for row in rows[1:]:
        row[3:3] = ["canvas.example.edu"]
        row[at + 1 : at + 1] = ["", "1.0"]
    retry = rows[1][:]
    retry[rows[0].index("attempt")] = "2"
    rows.append(retry)
    with (tmp_path / "canvas.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = analyze(course, [tmp_path / "canvas.csv"], QUIZ)
    assert result.analysis.test.students == 30
    assert result.results.unmatched == ["Canvas question 77: (no text)"]
    assert any("1 more attempts than students: each student's last attempt" in n for n in result.results.notes)


def test_the_report_fits_a_phone_and_shows_cloze_items_as_students_saw_them(quiz, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    course, plan, items = quiz
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, simulate(items, planted(items), 60))
    assert run("analyze", "canvas.csv", "--course", str(course), "-o", "out", cwd=tmp_path).returncode == 0
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto((tmp_path / "out" / "report.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        cloze = next(i for i in items if i.type == "cloze")
        prompt = page.locator(f"#item-{cloze.id} .prompt")
        assert prompt.locator(".blank").count() >= 1 and "{{c1::" not in prompt.inner_text()
        browser.close()


@pytest.mark.parametrize(
    "out, message",
    [("notes.txt/report", "cannot write the report to notes.txt/report"), (".", ". holds the working folder")],
)
def test_a_report_folder_that_cannot_be_is_a_clear_error(quiz, tmp_path, out, message):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 20))
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    done = run("analyze", "scans.csv", "--course", str(course), "--quiz", QUIZ, "-o", out, cwd=tmp_path)
    assert (done.returncode, "Traceback" in done.stderr + done.stdout) == (1, False), done.stderr
    assert message in done.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me" and (tmp_path / "scans.csv").exists()


def test_each_student_is_counted_once(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 30))
    (tmp_path / "again.csv").write_bytes((tmp_path / "scans.csv").read_bytes())
    with pytest.raises(UserError, match="again.csv holds the same results as .*scans.csv: give each results file once"):
        analyze(course, [tmp_path / "scans.csv", tmp_path / "again.csv"], QUIZ)
    lines = (tmp_path / "scans.csv").read_text(encoding="utf-8").splitlines()
    rescanned = [lines[0], lines[3], ",".join([""] + lines[4].split(",")[1:]), ",".join([""] + lines[5].split(",")[1:])]
    (tmp_path / "rescanned.csv").write_text("\n".join(rescanned) + "\n", encoding="utf-8")
    result = analyze(course, [tmp_path / "scans.csv", tmp_path / "rescanned.csv"], QUIZ)
    assert result.analysis.test.students == 32  # the two sheets without a name are two students
    assert result.results.excluded == ["rescanned.csv:2: S2 is also at scans.csv:4; counted once, there"]


def test_moodle_essays_without_a_right_answer_and_repeated_attempts(example_course, tmp_path):
    _, plans = loaded(example_course)
    midterm = next(p for p in plans if p.quiz.id == "midterm")
    items = list(midterm.items)
    responses = write_moodle_reports(tmp_path, midterm, items, simulate(items, {}, 40))[0]
    lines = responses.read_text(encoding="utf-8").splitlines()
    (tmp_path / "all-attempts.csv").write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    result = analyze(example_course, [tmp_path / "all-attempts.csv"], "midterm")
    essays = {i.id for i in items if i.type == "essay"}
    assert essays and not essays & {s.item.id for s in result.analysis.items}  # "-" is no right answer to match
    assert result.analysis.test.students == 40
    assert any("1 more attempts than students" in note for note in result.results.notes)


def test_every_link_of_the_report_leads_to_a_page_it_wrote(quiz, tmp_path):
    from html.parser import HTMLParser

    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 30))
    assert (
        run("analyze", "scans.csv", "--course", str(course), "--quiz", QUIZ, "-o", "out", cwd=tmp_path).returncode == 0
    )
    pages = sorted((tmp_path / "out").glob("*.html"))

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found += [value for name, value in attrs if name == "href" and value]

    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        targets = {href.split("#")[0] for href in parser.found if not href.startswith("data:")} - {""}
        assert targets and all((page.parent / target).is_file() for target in targets), (page.name, targets)


def test_select_all_options_with_commas_and_semicolons(example_course, tmp_path):
    """Canvas joins a select-all answer's options with ',' and escapes their own commas as '\\,'; Moodle joins them
    with '; ' and escapes nothing."""
    bank = example_course / "feffer-hard-truths" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    for old, new in (("- Diplomatic ties", "- 'Diplomatic ties, at last'"), ("- Expanded trade", "- 'Trade; aid'")):
        text = text.replace(old, new, 1)
    bank.write_text(text, encoding="utf-8")
    _, plans = loaded(example_course)
    plan = next(p for p in plans if p.quiz.id == QUIZ)
    items = list(plan.items)
    answers = simulate(items, {}, 100)
    write_canvas_student_analysis(tmp_path / "canvas.csv", plan, items, answers)
    write_paper(tmp_path / "scans.csv", plan, answers)
    moodle = write_moodle_reports(tmp_path, plan, items, answers, columns="question")[:1]
    multi = next(i.id for i in items if i.type == "multi")
    shares = []
    for files in ([tmp_path / "canvas.csv"], [tmp_path / "scans.csv"], moodle):
        stats = next(s for s in analyze(example_course, files, QUIZ).analysis.items if s.item.id == multi)
        assert stats.choices_known == 100
        shares.append([round(o.share, 9) for o in stats.options])
    assert shares[0] == shares[1] == shares[2] and shares[0][0] > 0


def test_a_scanner_that_scores_the_sheets_exports_1_or_0(quiz, tmp_path):
    """ZipGrade-style columns ('External Id', 'Key Version', Q1..) with 1 for right and 0 for wrong, not the marks."""
    course, plan, items = quiz
    answers = simulate(items, {}, 60)
    write_paper(tmp_path / "marks.csv", plan, answers)
    rows = list(csv.reader((tmp_path / "marks.csv").open(encoding="utf-8", newline="")))
    rows[0][:2] = ["External Id", "Key Version"]
    forms = {f.letter: f for f in plan.forms}
    for s, row in enumerate(rows[1:]):
        for n, question in enumerate(forms[row[1]].questions, start=2):
            if options_of(question.item):
                row[n] = "1" if answers[s][question.item.id].correct else "0"
    with (tmp_path / "scored.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    scored = analyze(course, [tmp_path / "scored.csv"], QUIZ)
    marked = analyze(course, [tmp_path / "marks.csv"], QUIZ)
    assert scored.results.excluded == []
    assert [round(s.difficulty, 9) for s in scored.analysis.items] == [
        round(s.difficulty, 9) for s in marked.analysis.items
    ]


def test_scanner_versions_numbered_and_forms_that_do_not_exist(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 30))
    lettered = analyze(course, [tmp_path / "scans.csv"], QUIZ)
    rows = list(csv.reader((tmp_path / "scans.csv").open(encoding="utf-8", newline="")))

    def with_forms(name: str, forms: dict[str, str]) -> None:
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([rows[0]] + [[r[0], forms[r[1]], *r[2:]] for r in rows[1:]])

    with_forms("numbered.csv", {"A": "1", "B": "2"})
    numbered = analyze(course, [tmp_path / "numbered.csv"], QUIZ)
    assert [s.difficulty for s in numbered.analysis.items] == [s.difficulty for s in lettered.analysis.items]
    with_forms("wrong.csv", {"A": "C", "B": "D"})
    with pytest.raises(UserError, match=r"every row was left out, the first: wrong.csv:2: S0: form 'C' is not a form"):
        analyze(course, [tmp_path / "wrong.csv"], QUIZ)


def test_moodle_statistics_rows_of_drawn_questions_leave_the_slots_alone(quiz, tmp_path):
    """Moodle numbers a question drawn into slot 2 (a random question, a variant) '2.1' (statistics_table col_number)."""
    course, plan, items = quiz
    answers = simulate(items, {}, 40)
    responses, grades, statistics = write_moodle_reports(tmp_path, plan, items, answers, columns="")
    rows = list(csv.reader(statistics.open(encoding="utf-8", newline="")))
    at = next(n for n, row in enumerate(rows) if row[:1] == ["2"])
    rows.insert(at + 1, ["2.1", "Multiple choice", items[5].id] + rows[at][3:])
    with statistics.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    result = analyze(course, [grades, statistics], QUIZ)
    write_paper(tmp_path / "scans.csv", plan, answers)
    paper = {s.item.id: s.difficulty for s in analyze(course, [tmp_path / "scans.csv"], QUIZ).analysis.items}
    assert {s.item.id: s.difficulty for s in result.analysis.items} == pytest.approx(paper)


def test_a_file_added_to_the_report_folder_is_kept_and_named(quiz, tmp_path):
    course, plan, items = quiz
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 20))
    args = ("analyze", "scans.csv", "--course", str(course), "--quiz", QUIZ, "-o", "out")
    assert run(*args, cwd=tmp_path).returncode == 0
    (tmp_path / "out" / "my-notes.txt").write_text("the class missed the second truth", encoding="utf-8")
    again = run(*args, cwd=tmp_path)
    assert again.returncode == 1 and "my-notes.txt" in again.stderr and "Traceback" not in again.stderr
    assert (tmp_path / "out" / "my-notes.txt").exists() and (tmp_path / "out" / "report.html").exists()


def test_a_moodle_random_question_is_read_per_student_by_its_text(quiz, tmp_path):
    """A pool drawn into one slot: each row's 'Question 1' text says which item that student got there, and the
    Grades report's mark for the slot goes to that item."""
    course, plan, items = quiz
    first, second = [item for item in items if item.type == "mcq"][:2]
    identity = MOODLE_IDENTITY
    right = {item.id: next(o.text for o in item.payload.options if o.correct) for item in (first, second)}
    wrong = {item.id: next(o.text for o in item.payload.options if not o.correct) for item in (first, second)}
    responses, grades = [identity + ["Question 1", "Response 1"]], [identity + ["Q. 1 /1.00"]]
    for s in range(40):
        item = first if s % 2 else second
        correct = s % 4 < 2
        person = [f"S{s}", "Student", f"s{s}@example.edu", "Finished", "1 March", "1 March", "9 mins", "1.00"]
        responses.append([*person, to_plain(item.prompt), right[item.id] if correct else wrong[item.id]])
        grades.append([*person, "1.00" if correct else "0.00"])
    for name, rows in (("responses.csv", responses), ("grades.csv", grades)):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
    result = analyze(course, [tmp_path / "responses.csv", tmp_path / "grades.csv"], QUIZ)
    by_id = {s.item.id: s for s in result.analysis.items}
    assert set(by_id) == {first.id, second.id}
    assert by_id[first.id].n == by_id[second.id].n == 20
    assert by_id[first.id].difficulty == by_id[second.id].difficulty == 0.5


def test_with_pools_the_test_is_out_of_what_one_student_could_score(example_course, tmp_path):
    """The midterm draws from pools: each printed form holds some of the pools' items, so a student's mark is out
    of one form's points, not out of every item's."""
    _, plans = loaded(example_course)
    plan = next(p for p in plans if p.quiz.id == "midterm")
    items = list(plan.items)
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 60))
    test = analyze(example_course, [tmp_path / "scans.csv"], "midterm").analysis.test
    form_points = [sum(q.points for q in form.questions) for form in plan.forms]
    assert sum(plan.points_of(item) for item in items) > max(form_points)
    assert test.points == max(form_points)
    assert 0 < test.mean < test.points


def test_a_flag_never_shows_its_figure_rounded_onto_the_threshold():
    """A discrimination of 0.198 is below 0.20: the message must not say '0.20, below 0.20'."""
    from quizgen.analyze.flags import flags
    from quizgen.analyze.stats import Analysis, ItemStats, TestStats

    item = Item("x", "tf", "a", "Item", TrueFalse(True), (), Location(Path("x"), 1))
    stats = ItemStats(item, 1.0, 40, 0.6, 0.198, 0.3, 0.0, (), 0, None)
    (flag,) = flags(Analysis(TestStats(40, 1, 1.0, 0.6, 0.5, None, None, True), (stats,), ()))
    assert flag.kind == "low-discrimination"
    assert "point-biserial 0.198, below 0.20" in flag.message


def test_the_article_page_shows_the_readings_headings(quiz, tmp_path):
    course, plan, items = quiz
    article = course / items[0].article / "article.txt"
    front, body = article.read_text(encoding="utf-8").split("\n---\n", 1)
    first, rest = body.strip().split("\n\n", 1)
    article.write_text(f"{front}\n---\n\n{first}\n\n## What Washington wants\n\n{rest}\n", encoding="utf-8")
    write_paper(tmp_path / "scans.csv", plan, simulate(items, {}, 20))
    assert (
        run("analyze", "scans.csv", "--course", str(course), "--quiz", QUIZ, "-o", "out", cwd=tmp_path).returncode == 0
    )
    page = (tmp_path / "out" / f"article-{items[0].article}.html").read_text(encoding="utf-8")
    assert '<h4 class="article-heading">What Washington wants</h4>' in page
    assert page.index("What Washington wants") < page.index('id="p2"')
