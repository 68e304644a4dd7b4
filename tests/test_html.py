"""The HTML preview: outputs and their inputs, and every page opened in headless Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import loaded

from quizgen.build import build
from quizgen.reading.article import with_bullets
from quizgen.writers import html as writer
from quizgen.writers.base import BuildContext
from quizgen.writers.pdf import key as pdf_key
from tests.conftest import add_untested_paragraph

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's chromium at {CHROMIUM} (CI installs it); not found"
)
HOSTILE = {
    'alert("x")': "window.pwned=1",  # the prompt of uni-mcq: <script>window.pwned=1</script>
    "A <b>bold</b> critic": "A <img src=x onerror=window.pwned=2> critic",
}


def build_html(course_dir: Path, out: Path) -> Path:
    build(course_dir, out, ["html"])
    return out / "html"


def add_second_article(course_dir: Path) -> str:
    """Copy the sample article under a new slug with its own item ids; the quiz keeps only the first."""
    shutil.copytree(course_dir / "sample-article", course_dir / "second-article")
    article = course_dir / "second-article" / "article.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("title: ", "title: Second reading on ", 1), encoding="utf-8"
    )
    bank = course_dir / "second-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("id: bees-", "id: second-"), encoding="utf-8")
    return "second-article"


# Outputs, without a browser.


def test_outputs_name_their_inputs(sample_course: Path) -> None:
    add_second_article(sample_course)
    course, plans = loaded(sample_course)
    outputs = {o.path: o for o in writer.outputs(BuildContext(course, plans, 0))}
    assert outputs["html/index.html"].inputs == ("sample-article", "second-article")
    assert outputs["html/article-second-article.html"].inputs == ("second-article",)
    for plan in plans:
        for form in plan.forms:
            page = outputs[f"html/quiz-{plan.quiz.id}-{form.letter.lower()}.html"]
            assert page.inputs == plan.quiz.articles
            assert page.summary == f"quiz preview, form {form.letter}, {len(form.questions)} questions"
        assert outputs[f"html/quiz-{plan.quiz.id}-key.html"].inputs == plan.quiz.articles


def test_a_changed_bank_rebuilds_only_its_pages(sample_course: Path, tmp_path: Path) -> None:
    slug = add_second_article(sample_course)
    out = tmp_path / "out"
    build(sample_course, out, ["html"])
    bank = sample_course / slug / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("tags: [dance]", "tags: [dance, edited]"), "utf-8")  # not shown in HTML
    result = build(sample_course, out, ["html"])
    assert result.written == [] and "html/index.html" in result.reused  # made again, the same bytes kept
    bank.write_text(text.replace("- id: second-dance-surface", "- id: second-dance-place"), "utf-8")
    result = build(sample_course, out, ["html"])
    assert sorted(result.written) == [f"html/article-{slug}.html"]
    assert "html/quiz-sample-quiz-a.html" in result.reused


def test_builds_are_byte_identical(unicode_course: Path, tmp_path: Path) -> None:
    first, second = build_html(unicode_course, tmp_path / "a"), build_html(unicode_course, tmp_path / "b")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_pages_carry_no_scripts_or_remote_urls(unicode_course: Path, tmp_path: Path) -> None:
    for page in build_html(unicode_course, tmp_path / "out").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text, page.name
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), page.name
        assert "@import" not in text and "url(http" not in text, page.name


# In the browser.


@dataclass
class Visit:
    """What a page did while it loaded."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def watch(page) -> Visit:
    """Record the console errors, uncaught errors and requests of `page` from now on."""
    visit = Visit()
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on("request", lambda r: visit.requests.append(r.url))
    return visit


def open_page(page, path: Path) -> None:
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")


@needs_chromium
@pytest.mark.parametrize("fixture", ["sample_course", "unicode_course"])
def test_every_page_loads_cleanly_and_links_resolve(fixture: str, request, page, tmp_path: Path) -> None:
    out = build_html(request.getfixturevalue(fixture), tmp_path / "out")
    pages = sorted(out.glob("*.html"))
    assert {"index.html"} < {p.name for p in pages}
    visit = watch(page)
    ids, links = {}, []
    for path in pages:
        open_page(page, path)
        assert page.locator("h1").first.inner_text().strip(), path.name
        ids[path.name] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        links += [(path.name, href) for href in hrefs]
    assert visit.errors == []
    assert [url for url in visit.requests if not url.startswith("file://")] == []
    for source, href in links:
        target, _, fragment = href.partition("#")
        target = target or source
        assert target in ids, f"{source}: link to missing page {href}"
        assert not fragment or fragment in ids[target], f"{source}: link to missing anchor {href}"


@needs_chromium
def test_script_written_in_an_item_does_not_run(unicode_course: Path, page, tmp_path: Path) -> None:
    bank = unicode_course / "seoul-notes" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        assert old in text
        text = text.replace(old, new)
    bank.write_text(text, encoding="utf-8")
    out = build_html(unicode_course, tmp_path / "out")
    visit = watch(page)
    shown = 0
    for path in sorted(out.glob("*.html")):
        open_page(page, path)
        assert page.evaluate("window.pwned") is None, path.name
        assert page.locator("script, img").count() == 0, path.name
        body = page.locator("body").inner_text()
        shown += "<script>window.pwned=1</script>" in body
    assert shown >= 3  # the article page, the quiz forms and the key show the prompt as text
    assert visit.errors == []
    assert [url for url in visit.requests if not url.startswith("file://")] == []


@needs_chromium
@pytest.mark.parametrize("fixture", ["sample_course", "unicode_course"])
def test_key_quote_links_land_on_highlighted_passages(fixture: str, request, page, tmp_path: Path) -> None:
    course_dir = request.getfixturevalue(fixture)
    course, plans = loaded(course_dir)
    out = build_html(course_dir, tmp_path / "out")
    for plan in plans:
        open_page(page, out / f"quiz-{plan.quiz.id}-key.html")
        figures = page.eval_on_selector_all(
            "figure.source",
            """els => els.map(f => [f.closest('article').id, f.querySelector('blockquote').textContent,
                                    f.querySelector('.to-passage a').getAttribute('href')])""",
        )
        assert len(figures) == sum(len(item.quotes) for item in plan.items)
        for item in plan.items:
            first = next(href for owner, _, href in figures if owner == f"item-{item.id}")
            assert first == f"article-{item.article}.html#q-{item.id}-1"
        key_url = page.url
        for _, quoted, href in figures:
            page.goto(urljoin(key_url, href))
            found = page.evaluate(
                """id => { const el = document.getElementById(id);
                           return el && [el.tagName, getComputedStyle(el).backgroundColor, el.textContent]; }""",
                href.split("#")[1],
            )
            assert found is not None, href
            tag, background, text = found
            assert tag == "MARK", href
            assert background not in ("rgba(0, 0, 0, 0)", "transparent"), href
            assert text and quoted.startswith(text), href


@needs_chromium
def test_highlights_cover_exactly_the_quoted_spans(unicode_course: Path, page, tmp_path: Path) -> None:
    course, _ = loaded(unicode_course)
    out = build_html(unicode_course, tmp_path / "out")
    article = course.articles[0]
    open_page(page, out / f"article-{article.slug}.html")
    for paragraph in article.paragraphs:
        shown = page.evaluate(
            """id => { const p = document.querySelector('#' + id + ' .text').cloneNode(true);
                       p.querySelectorAll('sup').forEach(s => s.remove()); return p.textContent; }""",
            f"p{paragraph.number}",
        )
        assert shown == with_bullets(paragraph.text)  # a list's marks shown as bullets, nothing else changed
    for item in course.items:
        for k, quote in enumerate(item.quotes, start=1):
            key = f"{item.id}-{k}"
            marked = page.eval_on_selector_all(
                f'mark[data-quotes~="{key}"]', "els => els.map(e => e.textContent).join('')"
            )
            shown = with_bullets(article.paragraph(quote.anchor.paragraph).text)
            assert marked == "".join(shown[start:end] for start, end in quote.anchor.spans), key
            section = page.evaluate("id => document.getElementById(id).closest('section').id", f"q-{key}")
            assert section == f"p{quote.anchor.paragraph}"


@needs_chromium
def test_coverage_map_marks_untested_paragraphs(sample_course: Path, page, tmp_path: Path) -> None:
    extra = add_untested_paragraph(sample_course)
    course, _ = loaded(sample_course)
    out = build_html(sample_course, tmp_path / "out")
    open_page(page, out / "article-sample-article.html")
    rows = page.eval_on_selector_all(
        "section.para",
        """els => els.map(s => { const st = getComputedStyle(s);
             return [s.id, Number(s.dataset.items), s.innerText.includes('NOT TESTED') || s.innerText.includes('Not tested'),
                     st.borderLeftColor, st.backgroundColor]; })""",
    )
    assert [r[0] for r in rows] == [f"p{n}" for n in range(1, extra + 1)]
    for paragraph_id, count, labelled, stripe, _ in rows:
        assert labelled == (paragraph_id == f"p{extra}"), paragraph_id
        red, green, blue = (int(c) for c in re.findall(r"\d+", stripe)[:3])
        assert (red > 2 * green and red > 2 * blue) == (count == 0), (paragraph_id, stripe)
    brightness = {count: _brightness(bg) for _, count, _, _, bg in rows}
    shades = sorted((min(c, writer.MAX_SHADE), b) for c, b in brightness.items())
    assert all(a[1] > b[1] for a, b in zip(shades, shades[1:], strict=False) if a[0] < b[0])
    assert f"\u00b6{extra}" in page.locator(".summary .warn").inner_text()
    open_page(page, out / "index.html")
    assert f"\u00b6{extra}" in page.locator(".listing .warn").inner_text()
    assert f"{100 * (extra - 1) // extra}%" in page.locator(".listing").first.inner_text()


def _brightness(css_color: str) -> int:
    red, green, blue = (int(c) for c in re.findall(r"\d+", css_color)[:3])
    return red + green + blue


@needs_chromium
@pytest.mark.parametrize("width", [390, 1100])
@pytest.mark.parametrize("fixture", ["unicode_course", "example_course"])
def test_pages_fit_the_screen(width: int, fixture: str, request, browser, tmp_path: Path) -> None:
    out = build_html(request.getfixturevalue(fixture), tmp_path / "out")
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in sorted(out.glob("*.html")):
        open_page(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path.name
    page.emulate_media(media="print")
    assert page.locator("header.site").is_hidden()
    context.close()


def test_points_are_written_in_full(sample_course: Path, tmp_path: Path) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("  points: 4\n", "  points: 1234567\n"), encoding="utf-8")
    html = build_html(sample_course, tmp_path / "out")
    assert "1234567 points" in (html / "quiz-sample-quiz-key.html").read_text(encoding="utf-8")
    assert "1234567 points" in (html / "quiz-sample-quiz-a.html").read_text(encoding="utf-8")


def test_html_and_pdf_keys_give_the_same_answer_for_every_question(unicode_course: Path, sample_course: Path) -> None:
    """The letter grid of the HTML key and the answer grid of the PDF key, cell by cell (their words, not markup)."""

    def words(markup: str) -> str:
        return "".join(re.findall(r"\w+", unescape(re.sub(r"<[^>]+>", " ", markup))))

    for course_dir in (sample_course, unicode_course):
        _, plans = loaded(course_dir)
        for plan in plans:
            for form in plan.forms:
                for question in form.questions:
                    html_cell, pdf_cell = writer.grid_text(question), pdf_key.grid_text(question)
                    assert words(html_cell) == words(pdf_cell), (question.item.id, html_cell, pdf_cell)


def test_cloze_blanks_show_the_checked_hints(sample_course: Path, tmp_path: Path) -> None:
    """A hint of blanks is no hint (as the check reads it): no empty '( )' after the blank."""
    bank = sample_course / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8").replace(
        "prompt: The {{c1::duration|length}} of the waggle run encodes {{c2::distance}}.",
        "prompt: 'The {{c1::duration|length::  }} of the waggle run encodes {{c2::distance}}.'",
    )
    bank.write_text(text, encoding="utf-8")
    page = (build_html(sample_course, tmp_path / "out") / "quiz-sample-quiz-a.html").read_text(encoding="utf-8")
    assert '<span class="gap">(1)\u00a0<span class="blank" aria-label="blank"></span></span> of the waggle run' in page


@needs_chromium
def test_key_says_why_each_explained_distractor_is_wrong_and_forms_number_the_steps(
    sample_course: Path, page, tmp_path: Path
) -> None:
    course, [plan] = loaded(sample_course)
    out = build_html(sample_course, tmp_path / "out")
    open_page(page, out / "quiz-sample-quiz-key.html")
    shown = page.inner_text("#item-bees-dance-surface .why-not")
    assert "On the flowers she has found: She dances after she has flown back from the flowers." in shown
    assert "returns to the hive and performs a waggle dance" in shown and "Sample Author" in shown
    steps = course.items[[i.id for i in course.items].index("bees-forager-steps")].payload.steps
    for form in plan.forms:
        open_page(page, out / f"quiz-sample-quiz-{form.letter.lower()}.html")
        listed = page.eval_on_selector_all(".question.order .options.order li", "els => els.map(e => e.innerText)")
        boxes = page.eval_on_selector_all(".question.order .options.order li .box", "els => els.length")
        assert sorted(text.split(maxsplit=1)[1] for text in listed) == sorted(steps) and boxes == len(steps)
        assert [text.split(maxsplit=1)[1] for text in listed] != list(steps)  # never printed in their order


def test_the_build_summary_counts_one_question_in_the_singular(sample_course: Path, tmp_path: Path) -> None:
    quiz = "quizzes:\n  - {id: one, title: One, types: [tf], forms: 1}\n"
    (sample_course / "course.yaml").write_text("id: my-course\ntitle: My Course\n" + quiz, encoding="utf-8")
    result = build(sample_course, tmp_path / "out", formats=["html"])
    assert result.summaries["html/quiz-one-a.html"] == "quiz preview, form A, 1 question"
