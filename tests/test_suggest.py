"""suggest-quotes: the passage it proposes for each quoteless item, and how it writes it into the bank."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.banks_bench import contains_quote, suggestion_figures
from quizgen.check import check_course
from quizgen.suggest import sentences, suggest_quotes

QUOTE_FIELD = re.compile(r"^  quote:.*\n(?:    .*\n)*", re.MULTILINE)  # with its list or folded lines


def test_the_example_course_quotes_are_found_again(example_course: Path) -> None:
    found = suggestion_figures(example_course)  # the ranker never sees the quotes
    total = found["items"]
    assert total >= 80
    assert found["top_contains_quote"] / total >= 0.80, found
    assert found["paragraph_in_top3"] / total >= 0.95, found


def strip_quotes(bank: Path) -> str:
    text = QUOTE_FIELD.sub("", bank.read_text(encoding="utf-8"))
    bank.write_text(text, encoding="utf-8")
    return text


def test_suggestions_are_comments_that_check_accepts_once_uncommented(example_course: Path) -> None:
    bank = example_course / "feffer-hard-truths" / "items.yaml"
    before = strip_quotes(bank)
    assert "quote-missing" in {d.code for d in check_course(example_course).report.errors}
    result = suggest_quotes(example_course, "feffer-hard-truths")
    after = bank.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == len(result.suggestions) > 10
    assert all(re.fullmatch(r'  # quote: ".+"  # ¶\d+, score [01]\.\d\d', line) for line in added)
    assert [line for line in after.splitlines() if line not in added] == before.splitlines()  # comments, layout kept
    errors = check_course(example_course).report.errors
    assert {d.code for d in errors} == {"quote-missing"}  # nothing accepted unasked
    suggest_quotes(example_course, "feffer-hard-truths")
    assert bank.read_text(encoding="utf-8") == after  # a second run replaces its own suggestions
    bank.write_text(after.replace("  # quote: ", "  quote: "), encoding="utf-8")
    assert not check_course(example_course).report.errors


def test_accept_above_writes_quotes_only_above_the_score(example_course: Path) -> None:
    bank = example_course / "barry-strategic-relationship" / "items.yaml"
    strip_quotes(bank)
    result = suggest_quotes(example_course, "barry-strategic-relationship", accept_above=0.4)
    accepted = [s for s in result.suggestions if s.accepted]
    assert 0 < len(accepted) < len(result.suggestions)
    assert all(s.best.score > 0.4 for s in accepted)
    text = bank.read_text(encoding="utf-8")
    assert text.count("\n  quote: ") == len(accepted)
    assert text.count("\n  # quote: ") == len(result.suggestions) - len(accepted)


def test_contains_quote_compares_as_quotes_are_located() -> None:
    assert contains_quote(
        "He said: \u201cThe talks\u2014at last\u2014worked.\u201d Then he left.", "the talks -- at last"
    )
    assert contains_quote("One, two, three, four.", "One ... four")
    assert not contains_quote("One, two.", "two, three")


def test_sentences_do_not_end_at_initials_or_abbreviations() -> None:
    text = "The U.S. Assistant Secretary met Mr. Kim on Feb. 13, 2007. Talks went well! Did they? Yes."
    assert sentences(text) == [
        "The U.S. Assistant Secretary met Mr. Kim on Feb. 13, 2007.",
        "Talks went well!",
        "Did they?",
        "Yes.",
    ]


def test_the_command_reports_each_item(example_course: Path) -> None:
    strip_quotes(example_course / "feffer-hard-truths" / "items.yaml")
    run = subprocess.run(
        [sys.executable, "-m", "quizgen", "suggest-quotes", "feffer-hard-truths", "--course", str(example_course)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert re.search(r"feffer-regime-collapse-mood: suggested ¶1, score 0\.\d\d", run.stdout)
    missing = subprocess.run(
        [sys.executable, "-m", "quizgen", "suggest-quotes", "no-such", "--course", str(example_course)],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "import-article" in missing.stderr and "Traceback" not in missing.stderr


def test_an_empty_quote_line_gives_way_to_the_suggestion(example_course: Path) -> None:
    bank = example_course / "feffer-hard-truths" / "items.yaml"
    text = strip_quotes(bank)
    bank.write_text(text.replace("  type: mcq\n", "  type: mcq\n  quote:\n", 1), encoding="utf-8")
    suggest_quotes(example_course, "feffer-hard-truths")
    suggested = bank.read_text(encoding="utf-8")
    assert "\n  quote:\n" not in suggested and suggested.count("\n  # quote: ") == text.count("\n- id: ")
    bank.write_text(suggested.replace("  # quote: ", "  quote: "), encoding="utf-8")
    assert not check_course(example_course).report.errors


def test_import_check_suggest_accept_as_an_instructor_runs_them(example_course: Path, tmp_path: Path) -> None:
    from quizgen.build import build

    build(example_course, tmp_path / "build", ["moodle"])

    def quizgen(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "quizgen", *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=example_course.parent)

    exported = str(tmp_path / "build" / "moodle" / "feffer-reading.xml")
    imported = quizgen("import-bank", exported, "--slug", "feffer-hard-truths", "--course", "items", "--force")
    assert imported.returncode == 0, imported.stderr
    check = quizgen("check", "items")
    assert check.returncode == 1
    missing = [line for line in check.stderr.splitlines() if line.endswith("[quote-missing]")]
    bank = example_course / "feffer-hard-truths" / "items.yaml"
    assert len(missing) == bank.read_text(encoding="utf-8").count("\n- id: ") > 10  # every imported item
    assert all("`quizgen suggest-quotes feffer-hard-truths` proposes one" in line for line in missing)
    assert quizgen("suggest-quotes", "feffer-hard-truths", "--course", "items").returncode == 0
    bank.write_text(bank.read_text(encoding="utf-8").replace("  # quote: ", "  quote: "), encoding="utf-8")
    assert quizgen("check", "items").returncode == 0
