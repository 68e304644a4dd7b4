"""Headings in article.txt (`# Title`, `## Section`): structure, never numbered or counted as paragraphs."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from quizgen.build import build
from quizgen.coverage import article_coverage
from quizgen.diagnostics import Report
from quizgen.reading.article import load_article
from tests.conftest import loaded
from tests.test_html import browser, needs_chromium, open_page, page  # noqa: F401 (the browser fixtures)

SECTIONS = {1: "## How the dance points", 4: "### What the dancer carries"}


def add_headings(course: Path) -> Path:
    """The sample article with a heading above ¶1 and ¶4 (the second with no blank line under it) and one at the end."""
    path = course / "sample-article" / "article.txt"
    head, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
    paragraphs = body.strip().split("\n\n")
    paragraphs[0] = f"{SECTIONS[1]}\n\n{paragraphs[0]}"
    paragraphs[3] = f"{SECTIONS[4]}\n{paragraphs[3]}"
    path.write_text(f"---\n{head}---\n" + "\n\n".join(paragraphs) + "\n\n# Further reading\n", encoding="utf-8")
    return path


def test_headings_are_not_numbered_and_paragraph_numbers_stay(sample_course: Path) -> None:
    before = load_article(sample_course / "sample-article" / "article.txt", "sample-article", Report())
    report = Report()
    after = load_article(add_headings(sample_course), "sample-article", report)
    assert not report.diagnostics
    assert after.paragraphs == tuple(
        type(p)(p.number, p.text, p.line + (2 if p.number < 4 else 3)) for p in before.paragraphs
    )
    assert [(h.level, h.text, h.before) for h in after.headings] == [
        (2, "How the dance points", 1),
        (3, "What the dancer carries", 4),
        (1, "Further reading", len(before.paragraphs) + 1),
    ]


def test_headings_do_not_count_in_coverage(sample_course: Path) -> None:
    course, _ = loaded(sample_course)
    plain = article_coverage(course, course.article("sample-article"))
    add_headings(sample_course)
    course, _ = loaded(sample_course)
    marked = article_coverage(course, course.article("sample-article"))
    assert (marked.covered, marked.total, marked.untested) == (plain.covered, plain.total, plain.untested)


@needs_chromium
def test_the_article_page_shows_headings_as_headings(sample_course: Path, page, tmp_path: Path) -> None:  # noqa: F811
    add_headings(sample_course)
    build(sample_course, tmp_path / "out", ["html"])
    open_page(page, tmp_path / "out" / "html" / "article-sample-article.html")
    shown = page.eval_on_selector_all(
        ".coverage-map > *", "els => els.map(e => [e.tagName, e.id, e.querySelector('.pnum') ? '' : e.innerText])"
    )
    tags = [(tag, text or ident) for tag, ident, text in shown]
    assert tags[0] == ("H4", "How the dance points")
    assert tags[1:4] == [("SECTION", "p1"), ("SECTION", "p2"), ("SECTION", "p3")]
    assert tags[4] == ("H5", "What the dancer carries") and tags[5] == ("SECTION", "p4")
    assert tags[-1] == ("H3", "Further reading")
    assert not any("#" in text for _, text in tags)


def test_the_key_appendix_shows_headings_unnumbered(sample_course: Path, tmp_path: Path) -> None:
    add_headings(sample_course)
    build(sample_course, tmp_path / "out", ["pdf"])
    key = next((tmp_path / "out" / "pdf").glob("*-key.pdf"))
    with pdfplumber.open(key) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    appendix = text[text.index("Appendix") :]
    lines = appendix.splitlines()
    first = lines.index("How the dance points")
    assert lines[first + 1].startswith("¶1 ")
    carries = lines.index("What the dancer carries")
    assert lines[carries + 1].startswith("¶4 ")
    assert "Further reading" in lines and "#" not in appendix
