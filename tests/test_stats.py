"""Coverage of articles by their banks, the `quizgen stats` report, and quote highlighting segments."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import loaded

from quizgen.cli import cli
from quizgen.coverage import article_coverage, course_coverage, quoted_paragraphs
from quizgen.highlight import Quoted, segments
from tests.conftest import add_untested_paragraph


@pytest.fixture
def untested_course(sample_course: Path) -> tuple[Path, int]:
    """The sample course with one paragraph that no item tests, and that paragraph's number."""
    return sample_course, add_untested_paragraph(sample_course)


def test_every_quote_is_counted_in_its_paragraph(sample_course: Path) -> None:
    course, _ = loaded(sample_course)
    coverage = article_coverage(course, course.articles[0])
    for item in course.items:
        for quote in item.quotes:
            assert item in coverage.citing(quote.anchor.paragraph)
    for number in range(1, coverage.total + 1):
        for item in coverage.citing(number):
            assert number in [q.anchor.paragraph for q in item.quotes]


def test_an_item_quoting_a_paragraph_twice_counts_once(unicode_course: Path) -> None:
    course, _ = loaded(unicode_course)
    coverage = article_coverage(course, course.articles[0])
    match = next(i for i in course.items if i.type == "match")
    assert len(match.quotes) > len(quoted_paragraphs(match))  # two of its quotes share a paragraph
    for number in quoted_paragraphs(match):
        assert list(coverage.citing(number)).count(match) == 1


def test_untested_paragraph_is_reported(untested_course: tuple[Path, int]) -> None:
    course_dir, extra = untested_course
    course, _ = loaded(course_dir)
    (coverage,) = course_coverage(course)
    assert coverage.untested == (extra,)
    assert coverage.total == extra
    assert coverage.covered == extra - 1
    assert coverage.percent == 100 * (extra - 1) // extra
    assert coverage.citing(extra) == ()


def test_counts_by_type_and_difficulty_add_up(sample_course: Path) -> None:
    course, _ = loaded(sample_course)
    coverage = article_coverage(course, course.articles[0])
    by_type = coverage.by_type()
    assert sum(by_type.values()) == len(course.items)
    assert by_type["mcq"] == sum(1 for i in course.items if i.type == "mcq")
    by_difficulty = coverage.by_difficulty()
    assert sum(by_difficulty.values()) == len(course.items)
    assert by_difficulty.get("unrated", 0) == sum(1 for i in course.items if not i.difficulty)


def test_stats_command_reports_coverage(untested_course: tuple[Path, int]) -> None:
    course_dir, extra = untested_course
    result = CliRunner().invoke(cli, ["stats", str(course_dir)])
    assert result.exit_code == 0, result.output
    percent = 100 * (extra - 1) // extra
    assert f"paragraphs covered: {extra - 1}/{extra} ({percent}%)" in result.output
    assert f"not tested: \u00b6{extra}" in result.output
    assert "sample-article: How Honeybees Share Directions" in result.output
    assert "mcq 1" in result.output


def test_stats_command_fails_on_a_missing_course(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such course folder" in result.output


def test_segments_split_overlapping_quotes() -> None:
    text = "abcdefghij"
    quotes = [Quoted("x", ((2, 6),)), Quoted("y", ((4, 9),)), Quoted("z", ((0, 1), (8, 10)))]
    parts = segments(text, quotes)
    assert "".join(s.text for s in parts) == text
    covered = {s.text: s.keys for s in parts}
    assert covered == {"a": ("z",), "b": (), "cd": ("x",), "ef": ("x", "y"), "gh": ("y",), "i": ("y", "z"), "j": ("z",)}
    assert [s.text for s in parts if "x" in s.starts] == ["cd"]
    assert [s.text for s in parts if "z" in s.ends] == ["j"]  # an elided quote ends with its last span
    assert [s.text for s in parts if "z" in s.starts] == ["a"]


def test_segments_of_identical_quotes_share_a_segment() -> None:
    parts = segments("hello world", [Quoted("a", ((0, 5),)), Quoted("b", ((0, 5),))])
    assert parts[0].text == "hello" and parts[0].starts == ("a", "b") and parts[0].ends == ("a", "b")
    assert parts[1].keys == ()


def test_untested_paragraphs_are_listed_in_ranges() -> None:
    from quizgen.coverage import paragraph_ranges

    assert paragraph_ranges([9, 2, 5, 6, 7, 8, 12, 13]) == "\u00b62, \u00b65\u20139, \u00b612, \u00b613"
    assert paragraph_ranges([]) == ""
