"""The PDF writer, read back: text, order, keys, fonts, margins, overlaps, page breaks, determinism."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.platypus import Table

from quizgen.build import build
from quizgen.diagnostics import Report
from quizgen.markup import to_plain
from quizgen.model import Choice, Cloze, Match
from quizgen.present import LETTERS, cloze_with_blanks, in_quotation_marks, sources
from quizgen.resources import templates_dir
from quizgen.writers import pdf
from quizgen.writers.base import BuildContext
from quizgen.writers.pdf.layout import RULE, Column, Grid, Mark, Meta, para, render, styles, table_style
from quizgen.writers.pdf.student import BLANK_MARKUP, prompt_markup
from tests.conftest import FIXTURES, REPO, copy_course, loaded

EPOCH = 946684800
EDGE = 36.0  # half an inch: nothing printed closer to the paper's edge


def render_all(course_dir: Path) -> tuple[BuildContext, dict[str, bytes]]:
    """Every PDF of a course, by output path."""
    course, plans = loaded(course_dir)
    context = BuildContext(course, plans, EPOCH)
    return context, {o.path: o.render() for o in pdf.outputs(context)}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildContext, dict[str, bytes]]:
    return render_all(copy_course(templates_dir() / "init", tmp_path_factory.mktemp("pdf") / "sample"))


@pytest.fixture(scope="module")
def uni(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildContext, dict[str, bytes]]:
    return render_all(copy_course(FIXTURES / "unicode", tmp_path_factory.mktemp("pdf") / "unicode"))


@pytest.fixture(params=["sample", "uni"])
def built(request, sample, uni) -> tuple[BuildContext, dict[str, bytes]]:
    return {"sample": sample, "uni": uni}[request.param]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pages_text(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [squash(page.extract_text() or "") for page in doc.pages]


def shown_prompt(question) -> str:
    """The question text as a student reads it."""
    item = question.item
    if isinstance(item.payload, Cloze):
        return squash(to_plain(cloze_with_blanks(item.payload, blank="\ue000")).replace("\ue000", BLANK_MARKUP))
    return squash(to_plain(item.prompt))


def form_pdfs(context: BuildContext, outputs: dict[str, bytes]):
    for plan in context.plans:
        for form in plan.forms:
            yield plan, form, outputs[f"pdf/{plan.quiz.id}-{form.letter}.pdf"]


def locate(full: str, needle: str, start: int) -> int:
    position = full.find(needle, start)
    assert position >= 0, f"{needle!r} not found after position {start} in {full[start : start + 300]!r}"
    return position


def test_every_question_and_option_in_form_order(built):
    context, outputs = built
    for _plan, form, data in form_pdfs(context, outputs):
        full = " ".join(pages_text(data))
        cursor = 0
        for question in form.questions:
            cursor = locate(full, f"{question.number}. {shown_prompt(question)}", cursor)
            for letter, option in zip("ABCDEFGH", question.options(), strict=False):
                text = option.text if hasattr(option, "text") else option
                cursor = locate(full, f"{letter}. {squash(to_plain(text))}", cursor)
            if isinstance(question.item.payload, Match):
                for number, (left, _) in enumerate(question.item.payload.pairs, start=1):
                    assert f"{number}. {squash(to_plain(left))}" in full


def printed_letters(full: str, question, next_prompt: str | None) -> str:
    """The letters printed beside the correct options of a question, read from the student copy."""
    start = full.find(f"{question.number}. {shown_prompt(question)}")
    end = full.find(next_prompt, start + 1) if next_prompt else len(full)
    segment = full[start:end]
    payload = question.item.payload
    letters = []
    for option in (o for o in payload.options if o.correct):
        match = re.search(r"([A-H])\. " + re.escape(squash(to_plain(option.text))), segment)
        assert match, (question.item.id, option.text)
        letters.append(match.group(1))
    return "".join(sorted(letters))


def test_key_letters_match_each_printed_form(built):
    context, outputs = built
    for plan, form, data in form_pdfs(context, outputs):
        full = " ".join(pages_text(data))
        key_lines = [line for page in pages_text_lines(outputs[f"pdf/{plan.quiz.id}-key.pdf"]) for line in page]
        grid = grid_rows(key_lines, form.letter)
        prompts = [f"{q.number}. {shown_prompt(q)}" for q in form.questions] + [None]
        for index, question in enumerate(form.questions):
            assert grid[question.number][1] == question.item.id
            if isinstance(question.item.payload, Choice):
                assert grid[question.number][0] == printed_letters(full, question, prompts[index + 1])


def pages_text_lines(data: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [[squash(line) for line in (page.extract_text() or "").splitlines()] for page in doc.pages]


def grid_rows(lines: list[str], letter: str) -> dict[int, tuple[str, str]]:
    """From the key's grid of one form: question number -> (first answer word, item id)."""
    start = lines.index(f"Form {letter}")
    rows: dict[int, tuple[str, str]] = {}
    for line in lines[start + 2 :]:
        match = re.match(r"^(\d+) (\S+).* \d+(?:\.\d+)? points? (\S+)$", line)
        if match:
            rows.setdefault(int(match.group(1)), (match.group(2), match.group(3)))
        elif line.startswith("Form ") or line.startswith("Answers and sources"):
            break
    return rows


def test_key_has_each_quote_and_its_paragraph(built):
    context, outputs = built
    for plan in context.plans:
        key = " ".join(pages_text(outputs[f"pdf/{plan.quiz.id}-key.pdf"]))
        for item in plan.items:
            found = sources(context.course, item)
            assert found, item.id
            for quote, passage, cite in found:
                assert squash(in_quotation_marks(passage)) in key, (item.id, passage)
                assert squash(cite) in key
                assert f"¶{quote.anchor.paragraph}" in key


def test_no_question_split_from_its_options(built):
    context, outputs = built
    for _plan, form, data in form_pdfs(context, outputs):
        pages = pages_text(data)
        full = "\f".join(pages)
        cursor = 0
        for question in form.questions:
            start = locate(full, f"{question.number}. {shown_prompt(question)}", cursor)
            if question.item.type == "essay":
                cursor = start
                continue
            options = [getattr(o, "text", o) for o in question.options()]
            last = {"tf": "False", "short": "Answer:", "numeric": "Answer:", "card": "Answer:"}.get(question.item.type)
            needle = (
                f"{len(options) and 'ABCDEFGH'[len(options) - 1]}. {squash(to_plain(options[-1]))}" if options else last
            )
            end = locate(full, needle, start) if needle else start
            assert full.count("\f", 0, start) == full.count("\f", 0, end), (question.number, question.item.id)
            cursor = start


def test_text_inside_margins_and_never_overlapping(built):
    _, outputs = built
    for path, data in outputs.items():
        with pdfplumber.open(io.BytesIO(data)) as doc:
            for page in doc.pages:
                for char in page.chars:
                    assert char["x0"] >= EDGE and char["x1"] <= page.width - EDGE, (path, char["text"])
                    assert char["top"] >= EDGE and char["bottom"] <= page.height - EDGE, (path, char["text"])
                assert not overlapping(page.extract_words()), path


def overlapping(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap (by more than a hair)."""
    words = sorted(words, key=lambda w: w["top"])
    clashes = []
    for index, one in enumerate(words):
        for other in words[index + 1 :]:
            if other["top"] >= one["bottom"] - 1.5:
                break
            vertical = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
            horizontal = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
            if vertical > 1.5 and horizontal > 0.5:
                clashes.append((one["text"], other["text"]))
    return clashes


def font_dicts(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            yield ref.get_object()


def test_every_font_embedded_and_no_helvetica(built):
    _, outputs = built
    for path, data in outputs.items():
        names = set()
        for font in font_dicts(data):
            names.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, (path, font["/BaseFont"])
        assert names and not any("Helvetica" in n or "Times" in n or "Courier" in n for n in names), (path, names)
        assert b"Helvetica" not in data and b"ZapfDingbats" not in data, path


def test_unicode_and_markup_characters_come_back(uni):
    context, outputs = uni
    form_a = " ".join(pages_text(outputs["pdf/tricky-A.pdf"]))
    for text in (
        "김정일 (Kim Jong Il)",
        "Antonín Dvořák & friends",
        "“sunshine policy”",
        "A <b>bold</b> critic",
        "A ]]> b",
        '<script>alert("x")</script>',
        "Quiz with <angle> & ampersand ]]>",
        "KOR 101 & <X>",
    ):
        assert text in form_a, text
    key = " ".join(pages_text(outputs["pdf/tricky-key.pdf"]))
    assert "Kim Jong-il (김정일) and Antonín Dvořák" in key
    assert "😀" in key  # astral characters copy back as themselves
    assert "\x00" not in key and "■" not in key


def test_markdown_renders_as_styles(uni):
    _, outputs = uni
    with pdfplumber.open(io.BytesIO(outputs["pdf/tricky-A.pdf"])) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    fonts_of = {word: chars[text.index(word)]["fontname"] for word in ("Pyongyang", "Dae-jung", "notes", "김")}
    assert "Bold" in fonts_of["Pyongyang"]
    assert "Oblique" in fonts_of["Dae-jung"]
    assert "Mono" in fonts_of["notes"]
    assert "Nanum" in fonts_of["김"]


def test_footer_and_metadata(sample):
    context, outputs = sample
    plan = context.plans[0]
    data = outputs[f"pdf/{plan.quiz.id}-B.pdf"]
    pages = pages_text(data)
    for number, text in enumerate(pages, start=1):
        assert f"{plan.quiz.title} · Form B" in text
        assert f"Page {number} of {len(pages)}" in text
    info = PdfReader(io.BytesIO(data)).metadata
    assert info.title == f"{plan.quiz.title} (Form B)"
    assert info.author == context.course.title
    assert "Form B" in info.subject
    first = pages[0]
    for label in ("Name", "Student ID", "Date", f"{len(plan.forms[1].questions)} questions", "Time limit: 15 minutes"):
        assert label in first


def test_key_bookmarks_and_links(sample):
    context, outputs = sample
    plan = context.plans[0]
    reader = PdfReader(io.BytesIO(outputs[f"pdf/{plan.quiz.id}-key.pdf"]))

    def titles(entries):
        for entry in entries:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title

    outline = list(titles(reader.outline))
    assert {"Answer grids", "Form A", "Form B", "Items", "Articles"} <= set(outline)
    assert {item.id for item in plan.items} <= set(outline)
    assert context.course.article(plan.quiz.articles[0]).title in outline
    links = [
        annot.get_object()
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if annot.get_object()["/Subtype"] == "/Link"
    ]
    quotes = sum(len(sources(context.course, item)) for item in plan.items)
    assert len(links) >= quotes + len(plan.items)
    assert all("/Dest" in link or "/A" in link for link in links)


def test_byte_identical_rebuild_in_a_fresh_process(sample):
    context, outputs = sample
    script = (
        "import hashlib, sys, tempfile; from pathlib import Path; from tests.test_pdf import render_all; "
        "from tests.conftest import copy_course; from quizgen.resources import templates_dir; "
        "_, out = render_all(copy_course(templates_dir() / 'init', Path(tempfile.mkdtemp()) / 'sample')); "
        "print('\\n'.join(p + ' ' + hashlib.sha256(d).hexdigest() for p, d in sorted(out.items())))"
    )
    env = {"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO)
    assert result.returncode == 0, result.stderr
    here = "\n".join(p + " " + hashlib.sha256(d).hexdigest() for p, d in sorted(outputs.items()))
    assert result.stdout.strip() == here


def with_quiz_options(tmp_path: Path, source: Path, **options: str) -> Path:
    """A copy of a course whose every quiz gets the given options."""
    course_dir = copy_course(source, tmp_path / "course")
    text = (course_dir / "course.yaml").read_text(encoding="utf-8")
    extra = "".join(f"    {key}: {value}\n" for key, value in options.items())
    text = re.sub(r"(\n  - id: [^\n]+\n)", lambda m: m.group(1) + extra, text)
    (course_dir / "course.yaml").write_text(text, encoding="utf-8")
    return course_dir


def page_sizes(data: bytes) -> set[tuple[float, float]]:
    return {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(io.BytesIO(data)).pages
    }


def test_letter_by_default_a4_by_option(tmp_path, sample):
    _, outputs = sample
    assert all(page_sizes(d) == {(612.0, 792.0)} for d in outputs.values())
    _, a4 = render_all(with_quiz_options(tmp_path, templates_dir() / "init", page_size="a4"))
    assert all(page_sizes(d) == {(595.28, 841.89)} for d in a4.values())


def test_answer_sheet_and_grading_overlay(tmp_path):
    context, outputs = render_all(with_quiz_options(tmp_path, templates_dir() / "init", answer_sheet="true"))
    plan = context.plans[0]
    for form in plan.forms:
        pages = pages_text(outputs[f"pdf/{plan.quiz.id}-{form.letter}.pdf"])
        sheet = pages[-1]
        assert sheet.startswith(f"Answer sheet · {plan.quiz.title} · Form {form.letter}")
        bubbled = [q for q in form.questions if q.item.type in ("mcq", "multi", "tf")]
        assert len(re.findall(r"\d+\. booklet", sheet)) == len(form.questions) - len(bubbled)
        for question in form.questions:
            assert f"{question.number}." in sheet
    key = " ".join(pages_text(outputs[f"pdf/{plan.quiz.id}-key.pdf"]))
    assert all(f"Grading overlay · {plan.quiz.title} · Form {f.letter}" in key for f in plan.forms)


def test_cards_only_when_asked(uni):
    context, outputs = uni
    tricky = " ".join(pages_text(outputs["pdf/tricky-A.pdf"]))
    cards = " ".join(pages_text(outputs["pdf/tricky-cards-A.pdf"]))
    card = next(i for i in context.course.items if i.type == "card")
    assert squash(to_plain(card.prompt)) not in tricky
    assert squash(to_plain(card.prompt)) in cards


def test_uncovered_character_is_a_warning_naming_the_item(tmp_path):
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    bank = course_dir / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("prompt: What is the waggle dance for?", "prompt: What is the waggle dance for 𓀀?")
    bank.write_text(text, encoding="utf-8")
    course, plans = loaded(course_dir)
    report = Report()
    pdf.preflight(BuildContext(course, plans, EPOCH), report)
    assert report.warnings == []  # the card is in no quiz: nothing prints it
    spec = (course_dir / "course.yaml").read_text(encoding="utf-8")
    (course_dir / "course.yaml").write_text(
        spec.replace("    time_limit: 15", "    time_limit: 15\n    types: [card, mcq]")
    )
    course, plans = loaded(course_dir)
    report = Report()
    pdf.preflight(BuildContext(course, plans, EPOCH), report)
    [warning] = report.warnings
    assert warning.item == "bees-card-dance" and warning.code == "pdf-glyph" and "U+13000" in warning.message


def test_right_to_left_words_are_warned_about_in_items_and_articles(tmp_path):
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    bank = course_dir / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8").replace("perform the waggle dance?", "perform the dance (רִקּוּד, رقصة)?")
    bank.write_text(text.replace("Which facts about", "Which facts (café, 꿀벌, 🐝) about"), encoding="utf-8")
    article = course_dir / "sample-article" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nIn Hebrew the bee is דבורה.\n", encoding="utf-8")
    course, plans = loaded(course_dir)
    report = Report()
    pdf.preflight(BuildContext(course, plans, EPOCH), report)
    rtl = [(w.item, w.message.split("' ")[0]) for w in report.warnings if w.code == "pdf-rtl"]
    assert rtl == [("bees-dance-surface", "'רִקּוּד, رقصة"), (None, "'דבורה")]


def test_build_writes_every_pdf(tmp_path):
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    result = build(course_dir, tmp_path / "out", formats=["pdf"])
    names = sorted(p.name for p in (tmp_path / "out" / "pdf").iterdir())
    assert names == ["sample-quiz-A.pdf", "sample-quiz-B.pdf", "sample-quiz-key.pdf"]
    assert result.summaries["pdf/sample-quiz-A.pdf"].startswith("Sample reading quiz, Form A")


def test_points_are_written_in_full(tmp_path):
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    bank = course_dir / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("  points: 4\n", "  points: 1234567\n"), encoding="utf-8")
    _, outputs = render_all(course_dir)
    assert "(1234567 points)" in " ".join(pages_text(outputs["pdf/sample-quiz-A.pdf"]))
    assert "1234576 points" in " ".join(pages_text(outputs["pdf/sample-quiz-key.pdf"]))


def test_an_item_named_like_an_article_does_not_hide_the_articles_glyphs(tmp_path):
    """Items and articles are checked each once, apart: an item id equal to a slug skips nothing."""
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    article = course_dir / "sample-article" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\nA hieroglyph 𓀀 here.\n", "utf-8")
    bank = course_dir / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("id: bees-dance-surface", "id: sample-article"), "utf-8")
    course, plans = loaded(course_dir)
    report = Report()
    pdf.preflight(BuildContext(course, plans, EPOCH), report)
    [warning] = report.warnings
    assert warning.item is None and warning.path.endswith("article.txt") and "U+13000" in warning.message
    last = course.article("sample-article").paragraphs[-1]  # the warning points at the paragraph, not the file
    assert warning.line == last.line and f"(in \u00b6{last.number})" in warning.message


def test_cloze_blanks_show_the_checked_hints(tmp_path):
    """A hint of blanks is no hint (as the check reads it): no empty '( )' after the blank."""
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    bank = course_dir / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8").replace(
        "prompt: The {{c1::duration|length}} of the waggle run encodes {{c2::distance}}.",
        "prompt: 'The {{c1::duration|length::  }} of the waggle run encodes {{c2::distance}}.'",
    )
    bank.write_text(text, encoding="utf-8")
    context, outputs = render_all(course_dir)
    [item] = [i for i in context.course.items if isinstance(i.payload, Cloze)]
    assert item.payload.deletions[0].hint is None
    form = " ".join(pages_text(outputs["pdf/sample-quiz-A.pdf"]))
    assert f"(1) {BLANK_MARKUP} of the waggle run encodes (2) {BLANK_MARKUP}." in form, form


def test_a_paragraph_breaks_its_lines_once_per_width():
    paragraph = para("word " * 60, styles().body)
    size = paragraph.wrap(200, 1000)
    lines = paragraph.blPara
    assert paragraph.wrap(200, 10) == size and paragraph.blPara is lines
    assert paragraph.wrap(300, 1000) != size and paragraph.blPara is not lines
    assert paragraph.split(300, 14) == []  # one line would be an orphan: reportlab drops the breaking
    assert paragraph.wrap(300, 1000)[1] > 14 and paragraph.blPara.lines


def _drawn(story: list) -> list[list[tuple]]:
    """Per page: every character, curve, rectangle and line drawn, with its place, in a sorted list."""
    meta = Meta(title="t", author="a", subject="s", footer="f", page_size="letter", epoch=EPOCH)
    with pdfplumber.open(io.BytesIO(render(story, meta))) as doc:
        return [
            sorted(
                [("char", c["text"], c["fontname"], round(c["x0"], 2), round(c["top"], 2)) for c in page.chars]
                + [(o["object_type"], *(round(v, 2) for v in o["pts"][0])) for o in page.curves + page.rects]
                + [("line", *(round(v, 2) for v in (o["x0"], o["top"], o["x1"], o["bottom"]))) for o in page.lines]
            )
            for page in doc.pages
        ]


def test_grid_lays_out_as_the_table_it_replaces():
    """Options as a Grid of marks and bulleted paragraphs draw what the Table of marks, letters and texts drew."""
    st = styles()
    texts = [f"Option number {n} " + "and some more words " * (n % 4) for n in range(70)]  # more than a page
    grid = Grid(
        [[Mark("circle"), f"{LETTERS[n % 26]}.", para(t, st.option)] for n, t in enumerate(texts)],
        (
            Column(36, right=6, top=3.5, bottom=2.5, align_right=True),
            Column(18, top=2.5, bottom=2.5, label=st.option),
            Column(0, share=1, top=2.5, bottom=2.5),
        ),
    )
    table = Table(
        [[Mark("circle"), para(f"{LETTERS[n % 26]}.", st.option), para(t, st.option)] for n, t in enumerate(texts)],
        [36, 18, "*"],
    )
    table.setStyle(
        table_style(
            ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ("RIGHTPADDING", (0, 0), (0, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("TOPPADDING", (0, 0), (0, -1), 3.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        )
    )
    matched = Grid(
        [[Mark("square", 13), "1.", para("left", st.option), "A.", para("right", st.option)]],
        (
            Column(40, right=6, top=3, bottom=3, align_right=True),
            Column(18, top=3, bottom=3, label=st.option),
            Column(0, share=0.5, right=14, top=3, bottom=3),
            Column(28, left=8, top=3, bottom=3, rule_before=True, label=st.option),
            Column(0, share=0.5, top=3, bottom=3),
        ),
    )
    matching = Table(
        [
            [Mark("square", 13), para("1.", st.option), para("left", st.option), para("A.", st.option)]
            + [para("right", st.option)]
        ],
        [40, 18, "*", 28, "*"],
    )
    matching.setStyle(
        table_style(
            ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ("RIGHTPADDING", (0, 0), (0, -1), 6),
            ("RIGHTPADDING", (2, 0), (2, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LINEBEFORE", (3, 0), (3, -1), 0.5, RULE),
            ("LEFTPADDING", (3, 0), (3, -1), 8),
        )
    )
    drawn = _drawn([grid, matched])
    assert len(drawn) > 1  # split between rows, as the table was
    assert drawn == _drawn([table, matching])


def test_a_plain_prompt_is_one_fragment_ending_in_its_points(sample):
    """No `&nbsp;` entity nor `<font>` run: reportlab breaks and draws a one-fragment paragraph twice as fast."""
    context, _ = sample
    question = next(q for q in context.plans[0].forms[0].questions if q.item.type == "mcq")
    [fragment] = para(prompt_markup(question), styles().question).frags
    assert fragment.text == f"{question.item.prompt}\u00a0\u00a0(1\u00a0point)"  # never broken inside


def test_page_streams_deflated_without_ascii85_and_the_setting_restored(sample):
    from reportlab import rl_config

    _, outputs = sample
    page = PdfReader(io.BytesIO(outputs["pdf/sample-quiz-A.pdf"])).pages[0]
    assert page["/Contents"].get_object()["/Filter"] == ["/FlateDecode"]
    assert rl_config.useA85 == 1  # bare reportlab in the same process keeps its default


def test_essay_lines_that_start_a_page_say_whose_they_are(tmp_path):
    """Ruled lines run over to the next page; there they are captioned, not taken for the next question's space."""
    course_dir = copy_course(templates_dir() / "init", tmp_path / "course")
    bank = course_dir / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("  points: 4\n", "  points: 8\n"), encoding="utf-8")
    context, outputs = render_all(course_dir)
    pages = pages_text(outputs["pdf/sample-quiz-A.pdf"])
    [question] = [q for q in context.plans[0].forms[0].questions if q.item.type == "essay"]
    captioned = [n for n, text in enumerate(pages) if f"{question.number}. (continued)" in text]
    starts = [n for n, text in enumerate(pages) if f"{question.number}. " in text.replace("(continued)", "")]
    assert captioned and starts and min(captioned) > min(starts)  # 40 lines (8 points) cannot fit on one page


def test_ruled_lines_drop_a_last_quarter_rather_than_start_a_page_for_it():
    from quizgen.writers.pdf.layout import Rules

    rules = Rules(12, gap=20)
    rules.wrap(400, 1000)
    [here] = rules.split(400, 9 * 20 + 5)  # 3 of 12 would run over: dropped
    assert here.count == 9
    here, rest = rules.split(400, 8 * 20 + 5)  # 4 would: they go on the next page
    assert (here.count, rest.count) == (8, 4)


def test_an_appendix_label_waits_for_the_punctuation_that_closes_the_quote():
    from quizgen.writers.pdf.key import highlighted

    markup = highlighted("He said \u201cit is here.\u201d Then left.", [(9, 19, "x", None)])
    assert re.search(r"here</font>\.\u201d<font size=\"7\">\u2009\[<a [^>]*>x</a>\]</font> Then left\.", markup)
