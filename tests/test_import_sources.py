"""`import-article` on readings as they arrive: saved web pages, URLs (served here from 127.0.0.1) and PDFs laid
out like papers, with what each import must keep, set aside and report."""

from __future__ import annotations

import http.server
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.import_corpus import make_browser_pdf, make_page, make_paper, make_report
from quizgen.cli import cli
from quizgen.errors import UserError
from quizgen.importing import import_source
from quizgen.importing.fetch import fetch
from quizgen.importing.report import format_report
from tests.test_html import needs_chromium


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


# --- saved web pages and URLs ---------------------------------------------------------------------------------


def test_a_saved_page_gives_its_article_and_metadata_without_the_site_around_it(tmp_path: Path) -> None:
    page = make_page(tmp_path / "page.html", seed=2)
    result = import_source(str(page.path))
    assert result.paragraphs == page.body  # headline, byline, caption, pull quote, related, comments, footer: out
    assert result.front_matter == {
        "title": page.title,
        "author": "Ann Lee",
        "date": "2024-03-03",
        "source": "Apiary Review",
    }
    assert result.set_aside == []  # the pull quote, marked as one, is pruned with the page around the article


def test_a_quote_repeating_the_text_is_a_pull_quote_and_a_quotation_stays(tmp_path: Path) -> None:
    text = "The forager returns to the comb and dances. Her sisters follow her and learn the way to the meadow."
    quoted = "We found that the dance is a map, not a song."
    page = f"<html><head><title>Dances</title></head><body><article><h1>Dances</h1><p>{text}</p>"
    page += f"<blockquote><p>Her sisters follow her and learn the way.</p></blockquote><p>{text.upper()}</p>"
    page += f"<blockquote><p>{quoted}</p></blockquote><p>{text[::-1]}</p></article></body></html>"
    (tmp_path / "p.html").write_text(page)
    result = import_source(str(tmp_path / "p.html"))
    assert [(a.kind, a.where, a.text) for a in result.set_aside] == [
        ("pull quote", "after ¶1", "Her sisters follow her and learn the way.")
    ]
    assert quoted in result.paragraphs


def test_a_page_with_no_article_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(UserError, match="no article text found"):
        import_source(str(tmp_path / "empty.html"))


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        if self.path == "/slow":
            time.sleep(2)
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A web server on 127.0.0.1 serving tmp_path; yields its base URL."""
    handler = lambda *a: _Handler(*a, directory=str(tmp_path))  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_url_is_fetched_and_imported_as_the_saved_page_is(server: str, tmp_path: Path) -> None:
    page = make_page(tmp_path / "story.html", seed=3)
    (tmp_path / "c").mkdir()
    result = run("import-article", f"{server}/story.html", "--slug", "story", "--course", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "c" / "story" / "article.txt").read_text(encoding="utf-8")
    assert written.endswith("\n\n".join(page.body) + "\n")
    assert f"title: {page.title}" in written


def test_a_pdf_url_is_read_as_a_pdf(server: str, tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "paper.pdf", seed=4)
    assert import_source(f"{server}/paper.pdf").paragraphs == paper.body


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing.html", "the server answered 404"), ("/slow", "cannot fetch the page")],
)
def test_a_url_that_fails_says_why_and_what_to_do(server: str, path: str, message: str) -> None:
    with pytest.raises(UserError, match=message) as error:
        fetch(server + path, timeout=0.5)
    assert "save the page from your browser" in str(error.value)


def test_offline_or_unreachable_is_a_clear_error_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    result = run("import-article", "http://127.0.0.1:9/story", "--slug", "s", "--course", str(tmp_path / "c"))
    assert isinstance(result.exception, UserError)
    assert "cannot fetch the page" in str(result.exception) and "online" in str(result.exception)
    assert not (tmp_path / "c" / "s").exists()


def test_a_page_larger_than_the_limit_is_refused(server: str, tmp_path: Path) -> None:
    (tmp_path / "big.html").write_text("<p>" + "word " * 5000 + "</p>")
    with pytest.raises(UserError, match="larger than"):
        fetch(f"{server}/big.html", limit=10_000)


# --- PDFs -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [2, 3])
def test_a_paper_reads_column_by_column_with_its_headings(columns: int, tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "paper.pdf", seed=columns, columns=columns)
    result = import_source(str(paper.path))
    assert result.paragraphs == paper.body  # abstract above the columns, short last column, headings `## ...`
    assert result.front_matter == {"title": paper.title, "author": "Ann Lee, Bo Park"}
    kinds = {(aside.kind, aside.where) for aside in result.set_aside}
    assert {("title block", "page 1"), ("footnote", "page 1"), ("footnote", "page 2"), ("caption", "page 2")} <= kinds
    assert {"figure text", "references"} <= {kind for kind, _ in kinds}
    text = "\n".join(result.paragraphs)
    assert "grows as F² and CO₂ falls" in text
    assert not any(gone[:30] in text for gone in paper.absent)


def test_references_are_kept_on_request(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "paper.pdf", seed=1)
    result = import_source(str(paper.path), keep_references=True)
    at = result.paragraphs.index("## References")
    assert result.paragraphs[at + 1].startswith("[1] ") and len(result.paragraphs) - at - 1 == 10
    assert "references" not in {aside.kind for aside in result.set_aside}


def test_pages_picks_the_pages_to_import(tmp_path: Path) -> None:
    report = make_report(tmp_path / "report.pdf", pages=12)
    whole = import_source(str(report.path)).paragraphs
    some = import_source(str(report.path), pages="2-3").paragraphs
    assert 0 < len(some) < len(whole) / 2
    assert "\n".join(some[1:-1]) in "\n".join(whole)
    assert {r.page for r in import_source(str(report.path), pages="2-3").repairs if r.page} <= {2, 3}
    with pytest.raises(UserError, match="--pages"):
        import_source(str(report.path), pages="3-1")


def _image_only_pdf(path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 100), 255)
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(image), 100, 500, 200, 100)
    pdf.showPage()
    pdf.save()


def _encrypted_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(72, 700, "Text behind a password.")
    pdf.save()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_encrypted_pdf, "encrypted with a password"),
        (_image_only_pdf, r"no text layer, only page images \(a scan\).*`ocrmypdf raw.pdf raw-ocr.pdf`"),
        (lambda path: path.write_bytes(b"%PDF-1.7\n1 0 obj <<\n%%EOF garbage"), "cannot read this PDF"),
        (lambda path: path.write_bytes(b""), "the file is empty"),
    ],
    ids=["encrypted", "scanned", "corrupt", "empty"],
)
def test_a_pdf_that_cannot_be_read_is_a_clear_error_and_nothing_is_written(make, message: str, tmp_path: Path) -> None:
    make(tmp_path / "raw.pdf")
    (tmp_path / "c").mkdir()
    result = run("import-article", str(tmp_path / "raw.pdf"), "--slug", "s", "--course", str(tmp_path / "c"))
    assert isinstance(result.exception, UserError), result.output
    assert re.search(message, str(result.exception)), str(result.exception)
    assert not (tmp_path / "c" / "s").exists()


# --- the report -----------------------------------------------------------------------------------------------


def test_the_report_puts_what_needs_a_look_first_and_counts_routine_repairs(tmp_path: Path) -> None:
    long = "The forager returns to the comb and dances for her sisters. " * 30
    raw = tmp_path / "raw.txt"
    raw.write_text(
        f"First paragraph of the article.\n\n{long}\n\n12\n\n14\n\n16\n\n0 10 20 30 40 50 Distance (m)\n\n"
        "The same paragraph stands twice in this text.\n\nThe same paragraph stands twice in this text.\n\n"
        "The offi cials met in May.\n"
    )
    result = import_source(str(raw))
    lines = format_report(result, None).splitlines()
    assert lines[0] == "needs a look:"
    assert lines[1].startswith("  ¶2 has 330 words: is it two paragraphs")
    assert lines[2] == "  ¶6 is mostly numbers: a chart's or a table's labels? \"0 10 20 30 40 50 Distance (m)\""
    assert lines[3] == "  ¶3-¶5: 3 short numeric paragraphs in a row (a chart's or a table's labels?)"
    assert lines[4] == "  ¶7 and ¶8 are identical: the article repeats itself; delete one"
    assert lines[5] == "repairs: 1 ligature (--verbose lists each)"
    verbose = format_report(result, None, verbose=True)
    assert "line 17: offi cials -> officials" in verbose


def test_a_pdf_report_names_what_was_set_aside_and_where(tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "paper.pdf", seed=1)
    (tmp_path / "c").mkdir()
    result = run("import-article", str(paper.path), "--slug", "p", "--course", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    report = result.output.splitlines()
    assert report[0] == "needs a look:"
    assert '  set aside, caption (page 2): "Figure 1. Waggle-run duration by distance in study 1' in result.output
    assert '  set aside, references (page 2): "10 entries: [1] ' in result.output
    repairs = next(line for line in report if line.startswith("repairs: "))
    assert "running header/footer" in repairs and "page number" in repairs and "read by column" in repairs


def test_dry_run_prints_the_article_and_writes_nothing(tmp_path: Path) -> None:
    page = make_page(tmp_path / "page.html", seed=1)
    result = CliRunner().invoke(cli, ["import-article", str(page.path), "--dry-run", "--course", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"---\ntitle: {page.title}\n")
    assert result.stdout.endswith("\n\n".join(page.body) + "\n")
    assert "dry run, nothing written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


@needs_chromium
@pytest.mark.parametrize("columns", [1, 2])
def test_a_real_text_printed_by_a_browser_reads_in_order_paragraphs_whole(columns: int, tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[1] / "bench" / "import_set" / "rust-book-ch04-01-what-is-ownership.html"
    printed = make_browser_pdf(tmp_path / "chapter.pdf", page, columns)
    result = import_source(str(printed.path))
    got = [" ".join(p.split()) for p in result.paragraphs]
    prose = [p for p in printed.body if not p.startswith(("#", "- "))]
    at = [next((i for i, q in enumerate(got) if p in q), -1) for p in prose]
    assert -1 not in at, [p[:60] for p, i in zip(prose, at, strict=True) if i < 0]
    assert at == sorted(at)
    assert not any(gone in " ".join(got) for gone in printed.absent)


def test_an_appendix_after_the_references_is_kept(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body = "The dance of the forager tells her sisters where the meadow lies, and how far away it is."
    entries = [f"[{n}] Frisch, K. von ({1950 + n}). The dance language of bees. Hive Press." for n in range(1, 4)]
    appendix = "The trials were run in the spring of three years, at the same station each time."
    story = [Paragraph(body, styles["BodyText"]), Paragraph("References", styles["Heading2"])]
    story += [Paragraph(entry, styles["BodyText"]) for entry in entries]
    story += [Paragraph("Appendix A. The trials", styles["Heading2"]), Paragraph(appendix, styles["BodyText"])]
    SimpleDocTemplate(str(tmp_path / "a.pdf")).build(story)
    result = import_source(str(tmp_path / "a.pdf"))
    assert result.paragraphs == [body, "## Appendix A. The trials", appendix]
    (references,) = [a for a in result.set_aside if a.kind == "references"]
    assert references.text == "3 entries: " + " ".join(entries)


@pytest.mark.parametrize(("title", "author"), [("The Dance Language", "Ann Lee"), ("Microsoft Word - draft3.docx", "")])
def test_the_pdf_files_own_title_and_author_fill_in_what_the_page_does_not_show(
    title: str, author: str, tmp_path: Path
) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    text = "The forager returns to the comb and dances; her sisters follow her to the meadow."
    SimpleDocTemplate(str(tmp_path / "m.pdf"), title=title, author=author).build(
        [Paragraph(text, getSampleStyleSheet()["BodyText"])]
    )
    result = import_source(str(tmp_path / "m.pdf"))
    named = {"title": title, "author": author} if author else {}  # a file name is no title
    assert result.front_matter == named and result.paragraphs == [text]


def test_an_article_whose_class_names_sharing_is_kept(tmp_path: Path) -> None:
    text = "The forager returns to the comb and dances. Her sisters follow her and learn the way to the meadow."
    page = f'<html><body><div class="story shareable related-content-host"><p>{text}</p><p>{text[::-1]}</p></div>'
    page += '<div class="share"><a>Share on X</a> <a>Share by email</a></div></body></html>'
    (tmp_path / "p.html").write_text(page)
    assert import_source(str(tmp_path / "p.html")).paragraphs == [text, text[::-1]]


def test_a_raised_letter_without_a_unicode_form_is_written_with_a_caret(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    markup = (
        "The rate grows as e<super>kt</super> while H<sub>2</sub>O and x<super>2</super> stay, and n<sub>b</sub> falls."
    )
    SimpleDocTemplate(str(tmp_path / "s.pdf")).build([Paragraph(markup, getSampleStyleSheet()["BodyText"])])
    assert import_source(str(tmp_path / "s.pdf")).paragraphs == [
        "The rate grows as e^{kt} while H₂O and x² stay, and n_b falls."
    ]


@pytest.mark.parametrize("columns", [2, 3])
def test_proceedings_headings_in_capitals_and_a_table_caption_above_its_table(columns: int, tmp_path: Path) -> None:
    paper = make_paper(tmp_path / "paper.pdf", seed=columns + 4, columns=columns, capitals=True)
    result = import_source(str(paper.path))
    marked = [re.sub(r"^#+ ", "## ", p) for p in result.paragraphs]  # the level follows the type: any will do
    table = [p for p in marked if re.match(r"Distance Run|\d+ m \d", p)]
    assert [p for p in marked if p not in table] == paper.body  # `II. RARE BROODS` a heading, not glued on
    assert table == ["Distance Run (s)", "100 m 1.0", "200 m 2.0", "400 m 4.0", "800 m 8.0"]
    assert ("caption", "TABLE I Waggle runs by distance") in [(a.kind, a.text) for a in result.set_aside]
