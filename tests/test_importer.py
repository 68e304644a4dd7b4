"""Tests of the article importer and the `quizgen import-article` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.errors import UserError
from quizgen.importing import import_source, write_article
from quizgen.importing.text import (
    build_context,
    clean_text,
    render_article,
    repair_ligatures,
    should_join_hyphen,
    should_join_ligature,
)

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "import"
SEED_ARGS = {
    "feffer-hard-truths": [
        "--title",
        "The Three Hard Truths of U.S. Policy toward North Korea",
        "--author",
        "John Feffer",
        "--source",
        "Foreign Policy In Focus",
        "--drop-boilerplate",
    ],
    "barry-strategic-relationship": ["--date", "2007"],
}


def import_file(path: Path, **options: object) -> object:
    """The import of a file, as the command reads it."""
    return import_source(str(path), **options)  # type: ignore[arg-type]


def run(*args: str) -> object:
    """Invoke the click group as a user would, without the process-level error handler."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def body(text: str, **kwargs: object) -> list[str]:
    """The cleaned paragraphs of a raw text."""
    return clean_text(text, **kwargs).paragraphs  # type: ignore[arg-type]


def kinds(text: str) -> list[str]:
    """The kinds of repair made to a raw text."""
    return [r.kind for r in clean_text(text).repairs]


# --- golden: the two seed readings ------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(SEED_ARGS))
def test_seed_import_matches_golden(slug: str, tmp_path: Path) -> None:
    raw = GOLDEN / f"{slug}.raw.txt"
    result = run("import-article", str(raw), "--slug", slug, "--course", str(tmp_path), *SEED_ARGS[slug])
    assert result.exit_code == 0, result.output
    written = (tmp_path / slug / "article.txt").read_text(encoding="utf-8")
    assert written == (GOLDEN / f"{slug}.article.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", sorted(SEED_ARGS))
def test_example_course_articles_are_the_golden_ones(slug: str) -> None:
    golden = (GOLDEN / f"{slug}.article.txt").read_text(encoding="utf-8")
    assert (ROOT / "items" / slug / "article.txt").read_text(encoding="utf-8") == golden


def test_barry_seed_repairs() -> None:
    result = import_file(GOLDEN / "barry-strategic-relationship.raw.txt")
    fixed = {(r.before, r.after) for r in result.repairs}
    for before, after in [
        ("offi cials", "officials"),
        ("fi nancial", "financial"),
        ("fl ew", "flew"),
        ("fi nd", "find"),
        ("confl uence", "confluence"),
        ("diffi cult", "difficult"),
        ("benefi t", "benefit"),
        ("infl uence", "influence"),
        ("indepen-/dence", "independence"),
        ("Further-/more", "Furthermore"),
        ("State-/ment", "Statement"),
        ("manage-/ment", "management"),
        ("observe ,", "observe,"),
    ]:
        assert (before, after) in fixed
    text = "\n".join(result.paragraphs)
    for kept in ["long-term solution", "ill-advised", "election-chastened", "six-party", "mid-April"]:
        assert kept in text
    assert "offi " not in text and "fi n" not in text and "  " not in text
    assert result.front_matter == {
        "title": "North Korea Requires Long-Term Strategic Relationship with the U.S.",
        "author": "Mark P. Barry",
    }
    assert not result.paragraphs[0].startswith(("NORTH", "Mark"))


def test_feffer_seed_keeps_list_and_lists_boilerplate() -> None:
    result = import_file(GOLDEN / "feffer-hard-truths.raw.txt")
    assert result.paragraphs[1].splitlines() == [
        "- The United States fundamentally doesn’t care about North Korea.",
        "- The United States is deeply ambivalent about Korean reunification.",
        "- And the United States is allergic to a regional security system.",
    ]
    assert [s.line for s in result.boilerplate] == [15, 17, 19, 21]
    assert not any(s.removed for s in result.boilerplate)
    assert result.paragraphs[-1] == "Subscribe to our newsletter."
    assert "U.S.-South Korean" in result.paragraphs[4]


# --- ligatures ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("split", "joined"),
    [
        ("offi cials", "officials"),
        ("fi nancial", "financial"),
        ("fl ew", "flew"),
        ("fi nd", "find"),
        ("confl uence", "confluence"),
        ("diffi cult", "difficult"),
        ("benefi t", "benefit"),
        ("infl uence", "influence"),
        ("Fi nancial", "Financial"),
    ],
)
def test_ligature_split_is_joined(split: str, joined: str) -> None:
    text, repairs = repair_ligatures(f"the {split} said", 7)
    assert text == f"the {joined} said"
    assert [(r.kind, r.line, r.before, r.after) for r in repairs] == [("ligature", 7, split, joined)]


@pytest.mark.parametrize("text", ["the off ice was cold", "the staff members met", "a sci-fi film", "if fl"])
def test_ligature_lookalikes_are_left_alone(text: str) -> None:
    assert repair_ligatures(text, 1) == (text, [])


def test_ligature_uses_article_vocabulary() -> None:
    assert not should_join_ligature("zorfi", "nel")
    ctx = build_context(["The zorfinel grew.", "A zorfi nel again."])
    assert should_join_ligature("zorfi", "nel", ctx)
    assert body("The zorfinel grew.\n\nA zorfi nel again.")[1] == "A zorfinel again."


def test_ligature_split_across_a_line_break() -> None:
    assert body("The offi\ncials met.") == ["The officials met."]


# --- hyphenation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("national indepen-", "dence now", "national independence now"),
        ("Further-", "more, it", "Furthermore, it"),
        ("the Joint State-", "ment was", "the Joint Statement was"),
        ("colonial manage-", "ment styles", "colonial management styles"),
        ("its indepen-", " dence may", "its independence may"),
    ],
)
def test_line_break_hyphenation_is_joined(first: str, second: str, joined: str) -> None:
    result = clean_text(f"{first}\n{second}")
    assert result.paragraphs == [joined]
    assert "hyphenation" in [r.kind for r in result.repairs]


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [
        ("the long-", "term view", "the long-term view"),
        ("an ill-", "advised policy", "an ill-advised policy"),
        ("a well-", "known fact", "a well-known fact"),
        ("the U.S.-", "South Korean ties", "the U.S.-South Korean ties"),
        ("an election-", "chastened party", "an election-chastened party"),
    ],
)
def test_real_compounds_keep_their_hyphen(first: str, second: str, kept: str) -> None:
    assert body(f"{first}\n{second}") == [kept]


def test_hyphen_decisions_use_article_vocabulary() -> None:
    assert should_join_hyphen("wellbe", "ing") is True  # a half that is no word: a syllable break
    assert should_join_hyphen("re", "form") is True  # `reform` is a word...
    hyphenated = build_context(["The units re-form at dawn."])  # ...but this article writes `re-form`
    assert should_join_hyphen("re", "form", hyphenated) is False
    assert body("The units re-form at dawn.\n\nThey re-\nform again.")[1] == "They re-form again."
    whole = build_context(["We met in Pyongyang."])
    assert should_join_hyphen("Pyong", "yang", whole) is True
    assert body("We met in Pyongyang.\n\nThen in Pyong-\nyang again.")[1] == "Then in Pyongyang again."


# --- spacing, reflow, page breaks, lists -----------------------------------------------------------------


def test_spacing_oddities_are_fixed_and_reported() -> None:
    result = clean_text("The writers observe , “Because of  pride.” Wait ... what?")
    assert result.paragraphs == ["The writers observe, “Because of pride.” Wait ... what?"]
    assert [(r.kind, r.before, r.after) for r in result.repairs] == [
        ("spacing", "observe ,", "observe,"),
        ("spacing", "of  pride.”", "of pride.”"),
    ]


def test_reflow_keeps_paragraphs_apart_and_text_verbatim() -> None:
    raw = "First “quoted” line—with a dash\nand... more.\n\n\nSecond paragraph\nends here.\n"
    assert body(raw) == ["First “quoted” line—with a dash and... more.", "Second paragraph ends here."]
    assert kinds(raw).count("reflow") == 2


def test_page_break_indent_mid_paragraph_is_removed() -> None:
    result = clean_text("A deeper understanding\n of what it wants.")
    assert result.paragraphs == ["A deeper understanding of what it wants."]
    assert [r.line for r in result.repairs if r.kind == "page-break indent"] == [2]


def test_indented_line_after_a_sentence_starts_a_paragraph() -> None:
    assert body("It ended with China.\n American insistence grew.") == [
        "It ended with China.",
        "American insistence grew.",
    ]


def test_text_from_the_web_keeps_a_paragraph_per_long_line() -> None:
    first = "The colony sends scouts across the meadow at dawn, " * 4 + "and they return before noon."
    second = "Foragers follow the dance of the scouts to the flowers. " * 3
    raw = f"{first}\n{second.strip()}\nA short closing line.\n- a listed point\nAfter the list\n"
    assert body(raw) == [first, second.strip(), "A short closing line.", "- a listed point", "After the list"]
    assert [r.line for r in clean_text(raw).repairs if r.kind == "paragraph per line"] == [2, 3]
    wrapped = "Lines wrapped by hand at eighty characters end sentences in the middle.\nOf a paragraph, as here.\n"
    assert body(wrapped) == [
        "Lines wrapped by hand at eighty characters end sentences in the middle. Of a paragraph, as here."
    ]


def test_a_wrapped_paragraph_with_one_long_url_line_stays_one_paragraph() -> None:
    url = "https://example.org/" + "a-very-long-path-segment/" * 6
    wrapped = ["The report, which the agency published last spring after long delays,", "is online at"]
    after = ["includes data from three regions of the world.", "Teams of field workers gathered it"]
    after += ["over a decade, it shows how the colonies fared. The authors caution", "that the numbers are rough."]
    raw = "\n".join([*wrapped, f"{url} and it", *after]) + "\n"  # a line of 175 characters
    assert body(raw) == [" ".join([*wrapped, f"{url} and it", *after])]


def test_lists_are_kept_one_item_a_line() -> None:
    raw = "Three points:\n  • first point\n  * second point,\n    wrapped\n  – third\n\n1) one\n2) two\n"
    assert body(raw) == ["Three points:", "- first point\n- second point, wrapped\n- third", "1. one\n2. two"]


def test_text_after_a_list_is_its_own_paragraph() -> None:
    assert body("- alpha.\n- beta.\nThe end came.") == ["- alpha.\n- beta.", "The end came."]


def test_dash_at_line_start_inside_a_sentence_is_not_a_list() -> None:
    assert body("the leaders\n- and their people -\nagreed.") == ["the leaders - and their people - agreed."]


# --- front matter ----------------------------------------------------------------------------------------


def test_caps_title_and_byline_move_to_front_matter() -> None:
    raw = " TALKS WITH THE DPRK AND THE\nU.S. ON LONG-TERM TIES \n\nJane Q. Public\n\n"
    raw += "The DPRK met the U.S. envoy.\n"
    result = clean_text(raw)
    assert result.front_matter == {
        "title": "Talks with the DPRK and the U.S. on Long-Term Ties",
        "author": "Jane Q. Public",
    }
    assert result.paragraphs == ["The DPRK met the U.S. envoy."]
    assert [(r.kind, r.line) for r in result.repairs] == [("moved", 1), ("moved", 4)]


def test_byline_right_under_the_title_without_a_blank_line() -> None:
    result = clean_text("THE HISTORY OF TEA\nJane Q. Writer\n\nTea was first drunk in China.\n")
    assert result.front_matter == {"title": "The History of Tea", "author": "Jane Q. Writer"}
    assert result.paragraphs == ["Tea was first drunk in China."]
    headline = clean_text("The Quiet Revolution in Seoul\nBy Kim Min-jun\n\nBody text here.")
    assert headline.front_matter == {"title": "The Quiet Revolution in Seoul", "author": "Kim Min-jun"}
    running = clean_text("THE HISTORY OF TEA\nJane Q. Writer drank it every day.\n")
    assert running.front_matter == {}


def test_headline_case_title_needs_a_byline() -> None:
    result = clean_text("The Quiet Revolution in Seoul\n\nBy Kim Min-jun\n\nBody text here.")
    assert result.front_matter == {"title": "The Quiet Revolution in Seoul", "author": "Kim Min-jun"}
    plain = clean_text("The Quiet Revolution in Seoul\n\nBody text here.")
    assert plain.front_matter == {}
    assert len(plain.paragraphs) == 2


def test_first_sentence_is_not_a_title() -> None:
    result = clean_text("The United States and North Korea are negotiating.\n\nMore text.")
    assert result.front_matter == {}
    assert result.paragraphs[0].startswith("The United States")


def test_caller_front_matter_wins_and_nothing_is_invented() -> None:
    result = clean_text("OLD TITLE HERE\n\nJane Doe\n\nText.", front_matter={"title": "Given", "date": None})
    assert result.front_matter == {"title": "Given", "author": "Jane Doe"}
    assert result.paragraphs == ["Text."]
    assert clean_text("Just text.").front_matter == {}


def test_render_quotes_front_matter_safely() -> None:
    result = clean_text("Body: one.\n\nTwo.", front_matter={"title": "Yes: No # 1", "date": "2007"})
    text = render_article(result)
    head, rest = text.split("---\n", 2)[1:]
    assert yaml.safe_load(head) == {"title": "Yes: No # 1", "date": "2007"}
    assert rest == "\nBody: one.\n\nTwo.\n"


# --- boilerplate -----------------------------------------------------------------------------------------

BOILERPLATE_RAW = (
    "Real text about a newsletter that a long paragraph mentions in passing, as articles sometimes do.\n\n"
    "Share this article\n\nMore real text.\n\n"
    "We use cookies to improve your experience.\n\n© 2024 Example Media. All rights reserved.\n\n"
    "Jane Doe is a senior fellow at the Example Institute.\n\nSubscribe to our newsletter.\n"
)


def test_boilerplate_is_listed_and_kept_by_default() -> None:
    result = clean_text(BOILERPLATE_RAW)
    assert [s.line for s in result.boilerplate] == [3, 7, 9, 11, 13]
    assert len(result.paragraphs) == 7
    assert not any(s.removed for s in result.boilerplate)


def test_boilerplate_is_dropped_on_request() -> None:
    result = clean_text(BOILERPLATE_RAW, drop_boilerplate=True)
    assert result.paragraphs == [
        "Real text about a newsletter that a long paragraph mentions in passing, as articles sometimes do.",
        "More real text.",
    ]
    assert all(s.removed for s in result.boilerplate)
    assert "Subscribe" not in render_article(result)


def test_bio_line_counts_only_at_the_end() -> None:
    raw = "Jane Doe is a senior fellow at the Institute.\n\nOne.\n\nTwo.\n\nThree.\n\nFour."
    assert clean_text(raw).boilerplate == []


# --- files, PDF, and the command ---------------------------------------------------------------------------


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_article(tmp_path, "a-1", "one\n")
    with pytest.raises(UserError, match="already exists.*--force"):
        write_article(tmp_path, "a-1", "two\n")
    write_article(tmp_path, "a-1", "two\n", force=True)
    assert path.read_text() == "two\n"


def make_pdf(path: Path) -> None:
    """A two-page PDF with a running header, page numbers, a hyphenated line break and a ligature split."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pages = [
        [
            "The treaty secured the indepen-",
            "dence of the region, and its offi cials",
            "met often.",
            "",
            "A second paragraph begins here and its",
            "authors saw a long-",
        ],
        ["term plan that was well-", "known to all.", "", "Subscribe to our newsletter."],
    ]
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for number, lines in enumerate(pages, 1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, 750, "Journal of Examples, Spring 2007")
        pdf.drawString(300, 40, str(number))
        pdf.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            pdf.drawString(72, 700 - 14 * i, line)
        pdf.showPage()
    pdf.save()


def test_pdf_import(tmp_path: Path) -> None:
    make_pdf(tmp_path / "raw.pdf")
    result = import_file(tmp_path / "raw.pdf")
    assert result.paragraphs == [
        "The treaty secured the independence of the region, and its officials met often.",
        "A second paragraph begins here and its authors saw a long-term plan that was well-known to all.",
        "Subscribe to our newsletter.",
    ]
    dropped = [(r.kind, r.page) for r in result.repairs if r.after == "removed"]
    assert dropped == [
        ("running header/footer", 1),
        ("page number", 1),
        ("running header/footer", 2),
        ("page number", 2),
    ]
    assert [s.text for s in result.boilerplate] == ["Subscribe to our newsletter."]


def test_cli_imports_and_reports(tmp_path: Path) -> None:
    raw = tmp_path / "r.txt"
    raw.write_text("A TITLE IN CAPS\n\nAnn Lee\n\nThe offi cials met\nin May.\n\nSubscribe to our newsletter.\n")
    (tmp_path / "c").mkdir()
    result = run("import-article", str(raw), "--slug", "lee-1", "--course", str(tmp_path / "c"), "--source", "X", "-v")
    assert result.exit_code == 0, result.output
    assert "1 ligature" in result.output and "line 5: offi cials -> officials" in result.output
    assert "line 8: Subscribe to our newsletter." in result.output
    assert f"wrote {tmp_path / 'c' / 'lee-1' / 'article.txt'}" in result.output
    text = (tmp_path / "c" / "lee-1" / "article.txt").read_text()
    head = "---\ntitle: A Title in Caps\nauthor: Ann Lee\nsource: X\n---\n\n"
    assert text.startswith(head + "The officials met in May.")


def test_without_a_title_the_slug_makes_one_to_edit(tmp_path: Path) -> None:
    from quizgen.diagnostics import Report
    from quizgen.reading.article import load_article

    raw = tmp_path / "r.txt"
    raw.write_text("The network moves eight million people a day.\n\nIt opened in 1974.\n")
    (tmp_path / "c").mkdir()
    result = run("import-article", str(raw), "--slug", "seoul-subway", "--course", str(tmp_path / "c"))
    assert result.exit_code == 0 and "(the title is 'Seoul Subway' for now)" in result.output
    path = tmp_path / "c" / "seoul-subway" / "article.txt"
    assert path.read_text().startswith("---\ntitle: Seoul Subway\n---\n\nThe network moves")
    report = Report()
    assert load_article(path, "seoul-subway", report).title == "Seoul Subway" and not report.diagnostics


def test_cli_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text("Text.\n")
    args = ["import-article", str(raw), "--slug", "s", "--course", str(tmp_path)]
    assert run(*args).exit_code == 0
    again = run(*args)
    assert isinstance(again.exception, UserError) and "--force" in str(again.exception)
    assert run(*args, "--force").exit_code == 0


@pytest.mark.parametrize(
    ("content", "slug", "message"),
    [
        (None, "ok", "no such file"),
        (b"caf\xe9\n", "ok", "not UTF-8"),
        (b"Text.", "Bad_Slug", "invalid slug"),
        (b"%PDF-1.4 broken", "ok", "cannot read this PDF"),
        (b"\n \n", "ok", "no article text"),
        (b"Text.", "ok", "no course folder"),  # a mistyped --course
    ],
)
def test_cli_user_errors(tmp_path: Path, content: bytes | None, slug: str, message: str) -> None:
    raw = tmp_path / ("raw.pdf" if content and content.startswith(b"%PDF") else "raw.txt")
    if content is not None:
        raw.write_bytes(content)
    if message != "no course folder":
        (tmp_path / "c").mkdir()
    result = run("import-article", str(raw), "--slug", slug, "--course", str(tmp_path / "c"))
    assert isinstance(result.exception, UserError) and message in str(result.exception)
    assert not (tmp_path / "c" / slug / "article.txt").exists()


def test_cli_process_prints_error_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizgen",
            "import-article",
            str(tmp_path / "missing.txt"),
            "--slug",
            "x",
            "--course",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: ") and "no such file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_usage_error_exit_code(tmp_path: Path) -> None:
    assert run("import-article", str(tmp_path / "x.txt")).exit_code == 2  # --slug missing


def test_pdf_paragraphs_without_a_gap_are_split_at_a_short_last_line(tmp_path: Path) -> None:
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    style.alignment = TA_JUSTIFY
    first = "The funds, frozen in a bank under outside pressure, are to be returned by the spring. " * 3
    second = "Second paragraph follows with no gap and runs on long enough to wrap onto another line here."
    SimpleDocTemplate(str(tmp_path / "p.pdf")).build([Paragraph(first, style), Paragraph(second, style)])
    assert import_file(tmp_path / "p.pdf").paragraphs == [first.strip(), second]


def test_a_two_column_pdf_is_read_column_by_column(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    def header(canvas, doc) -> None:
        canvas.drawString(72, 750, "Journal of Examples, Spring 2007")
        canvas.drawString(300, 40, str(doc.page))

    doc = BaseDocTemplate(str(tmp_path / "two.pdf"), pagesize=letter)
    frames = [Frame(72, 72, 220, 640, id="left"), Frame(320, 72, 220, 640, id="right")]
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=header)])
    words = ["colony", "forager", "pollen", "nectar", "comb", "meadow", "summer", "winter"]
    paragraphs = [f"Part {n} " + " ".join(words[(n + i) % len(words)] for i in range(70)) + "." for n in range(1, 13)]
    style = getSampleStyleSheet()["BodyText"]
    doc.build([Paragraph(text, style) for text in paragraphs])
    result = import_file(tmp_path / "two.pdf")
    assert " ".join(result.paragraphs) == " ".join(paragraphs)  # in order: down the left column, then the right
    assert [r.page for r in result.repairs if r.kind == "read by column"] == [1]  # page 2 holds one column


def test_full_width_text_above_and_below_the_columns_stays_there(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph

    def footnote(canvas, doc) -> None:
        canvas.drawString(72, 50, "1. See the full-width footnote at the foot of the page, which crosses the gutter.")

    doc = BaseDocTemplate(str(tmp_path / "j.pdf"), pagesize=letter)
    top = Frame(72, 600, 468, 120, id="top")
    frames = [top, Frame(72, 72, 220, 520, id="left"), Frame(320, 72, 220, 520, id="right")]
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=footnote)])
    style = getSampleStyleSheet()["BodyText"]
    abstract = "Abstract. This article asks " + "whether the waggle dance tells distance " * 6 + "at all."
    words = ["colony", "forager", "pollen", "nectar", "comb", "meadow", "summer", "winter"]
    parts = [f"Part {n} " + " ".join(words[(n + i) % 8] for i in range(60)) + "." for n in range(1, 7)]  # a page
    doc.build([Paragraph(abstract, style), FrameBreak(), *[Paragraph(text, style) for text in parts]])
    text = " ".join(import_file(tmp_path / "j.pdf").paragraphs)
    assert text.startswith(abstract) and text.endswith("which crosses the gutter.")
    assert " ".join(parts) in text


def test_a_two_column_table_in_a_one_column_pdf_is_not_read_as_columns(tmp_path: Path) -> None:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    before = "Honeybees communicate the location of food through the waggle dance, " * 3
    rows = [[f"Study {n} ({1950 + n}, Munich)", f"dance tempo varies with distance {n}"] for n in range(60)]
    SimpleDocTemplate(str(tmp_path / "t.pdf")).build(
        [Paragraph(before, style), Table(rows, colWidths=[250, 200]), Paragraph("End.", style)]
    )
    result = import_file(tmp_path / "t.pdf")
    text = " ".join(result.paragraphs)
    assert not [r for r in result.repairs if r.kind in ("read by column", "running header/footer")]
    assert result.uncertain == [  # read across, which is right for a table, but a person should see it
        "page 1: 36 lines hold text side by side that does not read as columns of prose; read across, row by row "
        "(a table?)",
        "page 2: 24 lines hold text side by side that does not read as columns of prose; read across, row by row "
        "(a table?)",
    ]
    assert all(f"Study {n} ({1950 + n}, Munich) dance tempo varies with distance {n}" in text for n in range(60))
    assert text.startswith(before.strip())


def test_a_header_left_of_the_body_does_not_indent_the_body(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    pages = [
        ["The colony wakes at dawn and the foragers leave the hive.", "Scouts fly far ahead of them to the meadows.", "Pollen is then carried home in the baskets on", "the hind legs of each worker bee, every trip.", "Nothing that the colony gathers is wasted."],
        ["In winter the bees form a cluster to keep warm.", "Heat comes from their flight muscles, which they", "shiver without moving their wings at all. Honey", "fuels the cluster until the spring returns at last.", "Then the cycle of the year begins all over again."],
    ]  # fmt: skip
    pdf = canvas.Canvas(str(tmp_path / "h.pdf"), pagesize=letter)
    for lines in pages:
        pdf.setFont("Helvetica", 9)
        pdf.drawString(50, 750, "Journal of Examples")  # further left than the text
        pdf.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            pdf.drawString(80, 700 - 14 * i, line)
        pdf.showPage()
    pdf.save()
    result = import_file(tmp_path / "h.pdf")
    assert result.paragraphs == [" ".join(lines) for lines in pages]  # split at the page, not at 'Scouts'


def test_pdf_without_text_is_a_user_error(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"))
    pdf.rect(100, 100, 200, 200)
    pdf.showPage()
    pdf.save()
    with pytest.raises(UserError, match="no text layer"):
        import_file(tmp_path / "scan.pdf")


def test_ligature_characters_are_spelled_out() -> None:
    result = clean_text("The Treasury oﬃcials ﬂew to ﬁnd the ﬁnancial ﬁle.\n")
    assert result.paragraphs == ["The Treasury officials flew to find the financial file."]
    assert ("ligature", "oﬃcials", "officials") in [(r.kind, r.before, r.after) for r in result.repairs]


BODY = "\n\nThe first Fresnel lens was installed in 1823 at the Cordouan lighthouse.\n"


@pytest.mark.parametrize(
    ("header", "title", "author"),
    [
        (
            "The Lens That Lit the Coasts\nBy Margaret O\u2019Donnell",
            "The Lens That Lit the Coasts",
            "Margaret O\u2019Donnell",
        ),
        ("Who Lit the Coasts?\nMargaret O'Donnell", "Who Lit the Coasts?", "Margaret O'Donnell"),
        ("French Lighthouses\nBy Jos\u00e9 \u00c1lvarez", "French Lighthouses", "Jos\u00e9 \u00c1lvarez"),
        ("Lighthouses of France\nMargaret van der Berg", "Lighthouses of France", "Margaret van der Berg"),
        ("Lighthouses of France\nJane Smith and John Doe", "Lighthouses of France", "Jane Smith and John Doe"),
        ("LIGHTHOUSES OF FRANCE\nBY JANE SMITH", "Lighthouses of France", "Jane Smith"),
        ("Lighthouses of France\nby Jane Smith, Staff Writer", "Lighthouses of France", "Jane Smith"),
        ("Lighthouses of France\nBy \uae40\ubbfc\uc218", "Lighthouses of France", "\uae40\ubbfc\uc218"),
        ("Lighthouses of France\nBy Sappho", "Lighthouses of France", "Sappho"),
    ],
)
def test_common_bylines_move_to_the_front_matter(header: str, title: str, author: str) -> None:
    result = clean_text(header + BODY)
    assert result.front_matter == {"title": title, "author": author}
    assert result.paragraphs == ["The first Fresnel lens was installed in 1823 at the Cordouan lighthouse."]


@pytest.mark.parametrize(
    ("dateline", "date"),
    [
        ("March 3, 2024", "March 3, 2024"),
        ("3 March 2024", "3 March 2024"),
        ("Published Sept. 14, 2019", "Sept. 14, 2019"),
        ("Updated: 2024-03-03", "2024-03-03"),
        ("May 2007", "May 2007"),
    ],
)
def test_a_date_line_under_the_byline_moves_to_the_front_matter(dateline: str, date: str) -> None:
    result = clean_text("Why Cities Need Trees\nby Mar\u00eda Jos\u00e9 N\u00fa\u00f1ez\n" + dateline + BODY)
    assert result.front_matter == {
        "title": "Why Cities Need Trees",
        "author": "Mar\u00eda Jos\u00e9 N\u00fa\u00f1ez",
        "date": date,
    }
    assert result.paragraphs == ["The first Fresnel lens was installed in 1823 at the Cordouan lighthouse."]


@pytest.mark.parametrize(
    ("raw", "front"),
    [
        (
            "Talks Resume in Beijing\nBy Jane Doe\nMarch 3, 2024\nThe talks resumed on Monday.\n",
            {"title": "Talks Resume in Beijing", "author": "Jane Doe", "date": "March 3, 2024"},
        ),
        (
            "Talks Resume\nBy Jane Doe\nUpdated March 3, 2024, 10:15 AM\n\nThe talks resumed on Monday.\n",
            {"title": "Talks Resume", "author": "Jane Doe", "date": "March 3, 2024"},
        ),
        (
            "\ubd81\ud55c \ud575 \ud611\uc0c1 \uc7ac\uac1c\nBy \uae40\ubbfc\uc218\n\nThe talks resumed on Monday.\n",
            {"title": "\ubd81\ud55c \ud575 \ud611\uc0c1 \uc7ac\uac1c", "author": "\uae40\ubbfc\uc218"},
        ),
    ],
)
def test_a_header_the_body_follows_without_a_blank_line(raw: str, front: dict[str, str]) -> None:
    result = clean_text(raw)
    assert result.front_matter == front
    assert result.paragraphs == ["The talks resumed on Monday."]


def test_a_one_word_byline_needs_by_and_a_line_of_its_own() -> None:
    assert clean_text("The Big Picture\nSappho" + BODY).front_matter == {}
    assert clean_text("The Big Picture\nBy Monday, the talks had stalled.\n").front_matter == {}


def test_a_given_title_or_author_leaves_the_body_too() -> None:
    raw = "Lights of the coast, a history\nM. Someone\n" + BODY
    result = clean_text(raw, front_matter={"title": "Lights of the Coast, a History", "author": "M. Someone"})
    assert result.paragraphs == ["The first Fresnel lens was installed in 1823 at the Cordouan lighthouse."]


def test_a_heading_is_not_a_byline() -> None:
    assert clean_text("The Big Picture\n" + BODY).front_matter == {}


@pytest.mark.parametrize(
    ("byline", "author", "date"),
    [
        ("By Antonio Regalado on December 4, 2014", "Antonio Regalado", "December 4, 2014"),
        ("By Ann Lee | 3 March 2024", "Ann Lee", "3 March 2024"),
        ("By Ann Lee, 2024-03-03", "Ann Lee", "2024-03-03"),
    ],
)
def test_a_byline_carrying_its_date_moves_both(byline: str, author: str, date: str) -> None:
    result = clean_text(f"The Headline Here\n\n{byline}\n\nThe body starts here and runs on.\n")
    assert result.front_matter == {"title": "The Headline Here", "author": author, "date": date}
    assert result.paragraphs == ["The body starts here and runs on."]


def test_web_furniture_copied_with_the_text_is_listed_as_boilerplate() -> None:
    furniture = [
        "36 comments. Share your thoughts »",
        "Tags: genetics, biology",
        "Reprints and Permissions",
        "Related stories",
        "Photo: Jane Doe",
    ]
    raw = "The first paragraph of the body.\n\n" + "\n\n".join(furniture) + "\n\nThe last paragraph of the body.\n"
    result = clean_text(raw, drop_boilerplate=True)
    assert [s.text for s in result.boilerplate] == furniture
    assert result.paragraphs == ["The first paragraph of the body.", "The last paragraph of the body."]


def test_a_menu_copied_with_the_text_is_listed_as_boilerplate() -> None:
    raw = "Home\nWorld\nScience\nOpinion\nVideo\n\nThe body starts here and runs on for a while.\n"
    result = clean_text(raw)
    assert [s.text for s in result.boilerplate] == ["Home World Science Opinion Video"]
    assert clean_text(raw, drop_boilerplate=True).paragraphs == ["The body starts here and runs on for a while."]
    poem = "The bee goes out,\nthe bee comes in;\nthe comb is full,\nthe year is done.\n"
    assert not clean_text(poem).boilerplate  # short lines that make sentences are not a menu


def test_a_headline_copied_twice_is_moved_once() -> None:
    raw = "The Bees Dance the Distance\n\nBy Ann Lee\n\nThe Bees Dance the Distance\n\nThe body starts here.\n"
    result = clean_text(raw)
    assert result.front_matter == {"title": "The Bees Dance the Distance", "author": "Ann Lee"}
    assert result.paragraphs == ["The body starts here."]
