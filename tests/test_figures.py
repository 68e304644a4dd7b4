"""Figures and formulas in items: checked where written, and read back from every output the way its consumer reads it."""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pdfplumber
import pytest
from lxml import etree
from PIL import Image

from quizgen.build import build
from quizgen.check import check_course
from quizgen.media import load
from tests.conftest import copy_course, loaded
from tests.lms_bank import errors, unzip
from tests.test_anki import fresh_collection, import_package
from tests.test_html import add_second_article, browser, needs_chromium, open_page, page, watch  # noqa: F401 (fixtures)

MATHML = "http://www.w3.org/1998/Math/MathML"
SVG_NAME = "waggle-angle-984ddaa735fa.svg"  # the sample's figure, named by its content

# Items that put a figure or a formula in every kind of text an item shows.
ITEMS = r"""
- id: fig-options
  type: mcq
  prompt: Which chart shows the dance floor? Costs ran to $13 billion, and $5 more.
  answer: '![A bar chart of the comb](figures/chart.png)'
  distractors:
    - '![A photo of flowers](figures/photo.jpg)'
    - |-
      ![An animated hive](figures/hive.gif)
  quote: The dance tells her nestmates where the food is.
  explain: The comb is where the dance happens, \[ d = v \cdot t \] so distance follows time.

- id: fig-match
  type: match
  prompt: Match each figure with what it shows (the ratio \(\frac{a}{b}\) aside).
  answer:
    '![The bar chart again](figures/chart.png)': the comb
    Scent: '![A photo of flowers again](figures/photo.jpg)'
    Duration: distance
  quote: The dance tells her nestmates where the food is.

- id: fig-why
  type: mcq
  prompt: Where on the trip does a forager tell the others about the food?
  answer: Back in the hive
  distractors:
    - At the entrance, before she leaves
    - text: Out at the flowers
      why: 'She dances once back home, \(t > 0\) after the visit: ![The comb, not the flowers](figures/why.png)'
      quote: returns to the hive and performs a waggle dance
  quote: returns to the hive and performs a waggle dance

- id: fig-order
  type: order
  prompt: Put the forager's trip in order.
  answer:
    - 'She finds the flowers: ![A patch of flowers](figures/step.png)'
    - She flies back to the hive.
    - She dances on the comb.
  quote: returns to the hive and performs a waggle dance

- id: fig-card
  type: card
  prompt: What does \(\sqrt{x^2 + y^2}\) measure?
  answer: '![The distance on the comb](figures/chart.png) The straight distance.'
  quote: The dance tells her nestmates where the food is.
"""


def image_bytes(kind: str, size: tuple[int, int] = (120, 80), colour: str = "#3a7") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=kind)
    return buffer.getvalue()


def add_figures(course_dir: Path) -> None:
    folder = course_dir / "sample-article" / "figures"
    (folder / "chart.png").write_bytes(image_bytes("PNG"))
    (folder / "photo.jpg").write_bytes(image_bytes("JPEG", colour="#a53"))
    (folder / "hive.gif").write_bytes(image_bytes("GIF", colour="#35a"))
    (folder / "why.png").write_bytes(image_bytes("PNG", colour="#c33"))  # shown only in a distractor's why
    (folder / "step.png").write_bytes(image_bytes("PNG", colour="#3c3"))  # shown only in an ordering step
    bank = course_dir / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + ITEMS, encoding="utf-8")
    article = course_dir / "sample-article" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + ARTICLE_FIGURE, encoding="utf-8")


ARTICLE_FIGURE = "\n![A chart of dance durations](figures/chart.png)\n\nSpeed is \\(d / t\\) on average.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The sample course with the items above, built in every format once: (course, output)."""
    from quizgen.resources import templates_dir

    root = tmp_path_factory.mktemp("figures")
    course_dir = copy_course(templates_dir() / "init", root / "course")
    add_figures(course_dir)
    build(course_dir, root / "out")
    return course_dir, root / "out"


def figure_names(course_dir: Path) -> dict[str, bytes]:
    """Content-derived name -> bytes of each figure file of the course."""
    found = {}
    for path in (course_dir / "sample-article" / "figures").iterdir():
        figure = load(course_dir, f"sample-article/figures/{path.name}")
        found[figure.name] = path.read_bytes()
    return found


# --- checks -----------------------------------------------------------------------------------------------


BAD = r"""
- id: bad-figures
  type: card
  prompt: '![](figures/chart.png) and ![A file above](../course.yaml)'
  answer: '![A missing one](figures/none.png)'
  quote: The dance tells her nestmates where the food is.
  explain: Three, ![Not a PNG](figures/fake.png) ![A way out](figures/out.png) ![Huge](figures/wide.png)
- id: bad-formulas
  type: card
  prompt: Open \(x^2 and
  answer: \(\begin{pmatrix} a \end{pmatrix}\) and \(x^\) and \(\nosuchcommand\)
  quote: The dance tells her nestmates where the food is.
- id: money-is-text
  type: card
  prompt: What did it cost, at $13 billion and $5?
  answer: $13 billion
  quote: The dance tells her nestmates where the food is.
"""


def test_every_figure_and_formula_problem_is_reported_at_its_line(sample_course: Path, tmp_path: Path) -> None:
    folder = sample_course / "sample-article" / "figures"
    (folder / "chart.png").write_bytes(image_bytes("PNG"))
    (folder / "fake.png").write_bytes(image_bytes("JPEG"))
    (folder / "wide.png").write_bytes(image_bytes("PNG", size=(4100, 20)))
    (tmp_path / "secret.png").write_bytes(image_bytes("PNG"))
    (folder / "out.png").symlink_to(tmp_path / "secret.png")
    bank = sample_course / "sample-article" / "items.yaml"
    start = len(bank.read_text(encoding="utf-8").splitlines())
    bank.write_text(bank.read_text(encoding="utf-8") + BAD, encoding="utf-8")
    report = check_course(sample_course).report
    found = {
        (d.line - start, d.severity, d.code) for d in report.diagnostics if d.item in ("bad-figures", "bad-formulas")
    }
    assert found == {
        (4, "error", "figure-alt"),
        (4, "error", "figure-outside"),  # ../course.yaml
        (5, "error", "figure-missing"),
        (7, "error", "figure-bad"),  # a JPEG named .png
        (7, "error", "figure-outside"),  # a link out of the folder
        (7, "warning", "figure-large"),  # 4,100 px wide
        (10, "error", "math-unbalanced"),
        (11, "error", "math-invalid"),  # pmatrix, x^ and an unknown command
    }
    messages = [d.message for d in report.diagnostics if d.code == "math-invalid"]
    assert len(messages) == 3 and any("nosuchcommand" in m for m in messages)
    assert any("4100 x 20 px" in d.message for d in report.diagnostics if d.code == "figure-large")
    assert not [d for d in report.diagnostics if d.item == "money-is-text" and d.severity == "error"]


def test_article_figures_and_formulas_are_checked_at_their_line(sample_course: Path) -> None:
    article = sample_course / "sample-article" / "article.txt"
    lines = article.read_text(encoding="utf-8").splitlines()
    article.write_text("\n".join([*lines, "", "![](figures/waggle-angle.svg)", "", "Open \\(x"]) + "\n")
    found = [(d.path.endswith("article.txt"), d.line, d.code) for d in check_course(sample_course).report.errors]
    assert found == [(True, len(lines) + 2, "figure-alt"), (True, len(lines) + 4, "math-unbalanced")]


def test_a_figure_that_starts_a_text_unquoted_is_explained(sample_course: Path) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    lines = bank.read_text(encoding="utf-8").splitlines()
    bank.write_text("\n".join([*lines, "- id: bare", "  type: card", "  prompt: ![A chart](figures/c.png)"]))
    (problem,) = check_course(sample_course).report.errors
    assert (problem.line, problem.code) == (len(lines) + 3, "yaml-syntax")
    assert "must be quoted" in problem.message and "'|-'" in problem.message


def test_two_steps_showing_one_figure_are_named_as_the_bank_writes_them(sample_course: Path) -> None:
    """The duplicate-step error quotes the steps with their figure paths as written, not as anchored to the course."""
    bank = sample_course / "sample-article" / "items.yaml"
    step = "    - '![The angle](figures/waggle-angle.svg)'"
    lines = ["- id: twice", "  type: order", "  prompt: Order them.", "  answer:", step, step, "    - Third."]
    bank.write_text(bank.read_text(encoding="utf-8") + "\n" + "\n".join([*lines, "  quote: The dance tells"]) + "\n")
    (problem,) = check_course(sample_course).report.errors
    assert problem.code == "duplicate-option"
    assert "'![The angle](figures/waggle-angle.svg)' and '![The angle](figures/waggle-angle.svg)'" in problem.message


def test_a_bad_figure_stops_the_build_and_writes_nothing(sample_course: Path, tmp_path: Path) -> None:
    (sample_course / "sample-article" / "figures" / "waggle-angle.svg").write_text("<svg><g></svg>", encoding="utf-8")
    with pytest.raises(Exception) as failure:
        build(sample_course, tmp_path / "out")
    assert "figure-bad" in [d.code for d in failure.value.report.errors]
    assert not (tmp_path / "out").exists()


def test_an_svg_that_links_to_a_file_is_refused(sample_course: Path) -> None:
    svg = sample_course / "sample-article" / "figures" / "waggle-angle.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="/etc/passwd"/></svg>',
        encoding="utf-8",
    )
    errors_found = check_course(sample_course).report.errors
    assert [(d.code, "links to another file" in d.message) for d in errors_found] == [("figure-bad", True)]


# --- Anki ---------------------------------------------------------------------------------------------------


def test_anki_media_land_in_the_collection_and_reimporting_adds_nothing(built, tmp_path: Path) -> None:
    course_dir, out = built
    course, _ = loaded(course_dir)
    names = figure_names(course_dir)
    col = fresh_collection(tmp_path / "anki")
    import_package(col, out / "anki" / f"{course.id}.apkg")
    media = Path(col.media.dir())
    assert {p.name: p.read_bytes() for p in media.iterdir() if p.is_file()} == names
    shown = set()
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        for html in (card.question(), card.answer()):
            for src in re.findall(r'<img src="([^"]+)"', html):
                assert (media / src).is_file(), src
                shown.add(src)
            assert "$13 billion" not in html or "\\(" not in html.split("$13 billion")[0][-5:]
    assert shown == set(names)
    formulas = " ".join(field for n in col.find_notes("") for field in col.get_note(n).fields)
    assert "\\[ d = v \\cdot t \\]" in unescape(formulas)  # left for Anki's MathJax
    before = sorted(p.name for p in media.iterdir())
    log = import_package(col, out / "anki" / f"{course.id}.apkg")
    assert not log.new and not log.updated
    assert sorted(p.name for p in media.iterdir()) == before


def test_an_edited_figure_reaches_students_under_a_new_name(sample_course: Path, tmp_path: Path) -> None:
    course, _ = loaded(sample_course)
    build(sample_course, tmp_path / "out", ["anki"])
    col = fresh_collection(tmp_path / "anki")
    import_package(col, tmp_path / "out" / "anki" / f"{course.id}.apkg")
    svg = sample_course / "sample-article" / "figures" / "waggle-angle.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("#b03a2e", "#2e8b57"), encoding="utf-8")
    build(sample_course, tmp_path / "out", ["anki"])
    log = import_package(col, tmp_path / "out" / "anki" / f"{course.id}.apkg")
    assert [n.fields[0] for n in log.updated] and len(log.updated) == 1  # the one note that shows it
    media = {p.name for p in Path(col.media.dir()).iterdir()}
    new = load(sample_course, "sample-article/figures/waggle-angle.svg").name
    assert new != SVG_NAME and {new, SVG_NAME} <= media


def test_two_articles_figures_of_the_same_name_do_not_collide(sample_course: Path, tmp_path: Path) -> None:
    add_second_article(sample_course)
    svg = sample_course / "second-article" / "figures" / "waggle-angle.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("240", "250"), encoding="utf-8")
    build(sample_course, tmp_path / "out", ["anki"])
    course, _ = loaded(sample_course)
    with zipfile.ZipFile(tmp_path / "out" / "anki" / f"{course.id}.apkg") as archive:
        import json

        media = json.loads(archive.read("media"))
        assert len(set(media.values())) == 2
        assert {archive.read(k) for k in media} == {
            (sample_course / slug / "figures" / "waggle-angle.svg").read_bytes()
            for slug in ("sample-article", "second-article")
        }


# --- HTML preview -------------------------------------------------------------------------------------------


@needs_chromium
def test_html_images_load_and_formulas_render_as_math(built, page) -> None:  # noqa: F811 (the fixture)
    _, out = built
    pages = sorted((out / "html").glob("*.html"))
    visit = watch(page)
    images = formulas = 0
    for path in pages:
        open_page(page, path)
        found = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('src'), e.complete, e.naturalWidth, e.alt])"
        )
        for src, complete, width, alt in found:
            assert complete and width > 0 and alt, (path.name, src)
            assert (path.parent / unquote(src)).is_file()
        boxes = page.eval_on_selector_all(
            "math", "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
        )
        assert all(w > 0 and h > 0 for w, h in boxes), path.name
        assert "\\(" not in page.inner_text("body"), path.name
        images += len(found)
        formulas += len(boxes)
    assert images >= 8 and formulas >= 3
    assert visit.errors == []
    assert all(url.startswith("file://") for url in visit.requests)


# --- PDF ----------------------------------------------------------------------------------------------------


def test_pdf_figures_are_placed_scaled_and_formulas_typeset(built) -> None:
    _, out = built
    for path in sorted((out / "pdf").glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            text = "".join(page.extract_text() or "" for page in pdf.pages)
            assert "\\(" not in text and "\\[" not in text and "![" not in text, path.name
            assert "$13 billion" in text, path.name  # a dollar sign is text
            pictures = [image for page in pdf.pages for image in page.images]
            assert len(pictures) >= 4, path.name  # the sample's SVG, three bitmaps, and the formulas
            for page in pdf.pages:
                words = page.extract_words()
                for image in page.images:
                    assert image["x0"] >= 0 and image["x1"] <= page.width - 36, path.name  # inside the margins
                    assert image["top"] >= 0 and image["bottom"] <= page.height, path.name
                    covered = [w["text"] for w in words if _overlap(w, image) > 1]  # no text under a picture
                    assert covered == [], (path.name, page.page_number, covered)


def _overlap(a: dict, b: dict) -> float:
    """The height (pt) two boxes share where they also share a stretch of width."""
    if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) <= 0:
        return 0
    return min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])


def test_the_key_appendix_shows_the_article_figures(built) -> None:
    _, out = built
    with pdfplumber.open(out / "pdf" / "sample-quiz-key.pdf") as pdf:
        pages = [page for page in pdf.pages if "Speed is" in (page.extract_text() or "")]
        assert pages and pages[-1].images  # the article's chart and formula, in the appendix
        assert "\\(" not in pages[-1].extract_text()


def test_a_figure_stays_on_the_page_of_its_question(built) -> None:
    _, out = built
    with pdfplumber.open(out / "pdf" / "sample-quiz-A.pdf") as pdf:
        for page in pdf.pages:
            text = page.extract_text()
            if "A waggle run" in text or "The angle of the waggle run on the comb matches" in text:
                assert page.images, "the question's page has its figure"


# --- LMS packages -------------------------------------------------------------------------------------------


CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


def html_sources(markup: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', markup)


@pytest.mark.parametrize("fmt,folder", [("qti", ""), ("cc", "web_resources/")])
def test_canvas_and_cartridge_carry_files_listed_and_referenced_by_filebase(built, fmt: str, folder: str) -> None:
    course_dir, out = built
    names = figure_names(course_dir)
    (package,) = (out / fmt).glob("*.zip" if fmt == "qti" else "*.imscc")
    files = unzip(package.read_bytes())
    manifest = etree.fromstring(files["imsmanifest.xml"])
    listed = {r.get("href") for r in manifest.iter(f"{CP}resource") if r.get("type") == "webcontent"}
    carried = {name for name in names if fmt == "qti" or not name.startswith("step-")}  # a cartridge has no order
    assert listed == {f"{folder}figures/{name}" for name in carried}
    for href in listed:
        assert files[href] == names[href.rsplit("/", 1)[1]]
        (file,) = [f.get("href") for r in manifest.iter(f"{CP}resource") if r.get("href") == href for f in r]
        assert file == href
    assessment = next(data for name, data in files.items() if name.endswith(".xml") and b"<questestinterop" in data)
    text = assessment.decode("utf-8")
    sources = html_sources(unescape(text))
    assert sources and all(s.startswith("%24IMS-CC-FILEBASE%24/figures/") for s in sources)
    assert {unquote(s).removeprefix("$IMS-CC-FILEBASE$/figures/") for s in sources} <= set(names)
    assert "base64" not in text and "data:" not in text
    assert "\\(\\frac{a}{b}\\)" in unescape(text) or fmt == "cc"  # for Canvas's MathJax (a cartridge has no match)
    assert "\\[ d = v \\cdot t \\]" in unescape(text)
    assert errors("qti12/ims_qtiasiv1p2p1.xsd", assessment) == []


def test_qti21_figures_are_item_dependencies_and_formulas_mathml(built) -> None:
    course_dir, out = built
    names = figure_names(course_dir)
    (package,) = (out / "qti21").glob("*.zip")
    files = unzip(package.read_bytes())
    assert errors("cp/imscp_v1p1.xsd", files["imsmanifest.xml"]) == []
    manifest = etree.fromstring(files["imsmanifest.xml"])
    ns = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    resources = {r.get("identifier"): r for r in manifest.iter(f"{ns}resource")}
    mathml = 0
    for resource in resources.values():
        if resource.get("type") != "imsqti_item_xmlv2p1":
            continue
        href = resource.get("href")
        assert errors("qti21/imsqti_v2p1.xsd", files[href]) == [], href
        item = etree.fromstring(files[href])
        used = {
            unquote(img.get("src")).rsplit("/", 1)[1]
            for img in item.iter("{http://www.imsglobal.org/xsd/imsqti_v2p1}img")
        }
        for name in used:
            assert files[f"figures/{name}"] == names[name]
        depends = {resources[d.get("identifierref")].get("href") for d in resource.iter(f"{ns}dependency")}
        assert depends == {f"figures/{name}" for name in used}, href
        mathml += len(list(item.iter(f"{{{MATHML}}}math")))
        assert b"\\(" not in files[href]
    assert mathml >= 3


def test_moodle_files_sit_inside_the_text_that_uses_them(built) -> None:
    course_dir, out = built
    names = figure_names(course_dir)
    root = etree.parse(str(out / "moodle" / "sample-quiz.xml")).getroot()
    seen = set()
    for text in root.iter("text"):
        parent = text.getparent()
        used = set(re.findall(r"@@PLUGINFILE@@/([^\"]+)", text.text or ""))
        attached = {f.get("name"): f for f in parent.findall("file")}
        assert set(attached) == used, etree.tostring(parent)[:200]
        for name, file in attached.items():
            assert file.get("encoding") == "base64" and file.get("path") == "/"
            assert base64.b64decode(file.text) == names[name]
        seen |= used
    assert seen == set(names)
    document = (out / "moodle" / "sample-quiz.xml").read_text(encoding="utf-8")
    assert "\\(\\frac{a}{b}\\)" in unescape(document)


# --- builds -------------------------------------------------------------------------------------------------


def test_an_edited_figure_rebuilds_exactly_the_outputs_that_show_it(sample_course: Path, tmp_path: Path) -> None:
    import shutil

    add_second_article(sample_course)
    shutil.rmtree(sample_course / "second-article" / "figures")
    bank = sample_course / "second-article" / "items.yaml"
    bank.write_text(re.sub(r"!\[[^]]*\]\([^)]*\)\n\s*", "", bank.read_text(encoding="utf-8")), encoding="utf-8")
    first = build(sample_course, tmp_path / "out")
    again = build(sample_course, tmp_path / "out")
    assert again.written == []
    svg = sample_course / "sample-article" / "figures" / "waggle-angle.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("#b03a2e", "#2e8b57"), encoding="utf-8")
    edited = build(sample_course, tmp_path / "out")
    new = load(sample_course, "sample-article/figures/waggle-angle.svg").name
    every = first.written + first.reused
    second_deck = "anki/my-course-second-article.apkg"  # stamped with the new release time, as after any edit
    unaffected = {"html/index.html", f"html/figures/{SVG_NAME}"} | {p for p in every if "second" in p}
    # Each output of the article that shows it: pages, PDFs, decks, packages, and the LMS change lists (the item
    # changed); not the other article's, nor the index (which shows no figure).
    expected = {p for p in every if p not in unaffected} | {f"html/figures/{new}"}
    assert set(edited.written) - {second_deck} == expected, set(edited.written) ^ expected
    assert not (tmp_path / "out" / "html" / "figures" / SVG_NAME).exists()
    assert "changed bees-angle-sun" in edited.summaries["qti/sample-quiz.zip"]


def test_an_edited_figure_in_a_distractors_why_is_a_changed_item(sample_course: Path, tmp_path: Path) -> None:
    figure = sample_course / "sample-article" / "figures" / "why.png"
    figure.write_bytes(image_bytes("PNG", colour="#c33"))
    bank = sample_course / "sample-article" / "items.yaml"
    why = "why: She dances after she has flown back from the flowers."
    assert why in bank.read_text(encoding="utf-8")
    bank.write_text(bank.read_text(encoding="utf-8").replace(why, f"{why[:5]}'{why[5:]} ![The hive](figures/why.png)'"))
    build(sample_course, tmp_path / "out")
    figure.write_bytes(image_bytes("PNG", colour="#33c"))
    edited = build(sample_course, tmp_path / "out")
    for package in ("qti/sample-quiz.zip", "qti21/sample-quiz.zip", "cc/sample-quiz.imscc", "moodle/sample-quiz.xml"):
        assert "changed bees-dance-surface" in edited.summaries[package], package


def test_builds_with_figures_are_byte_identical(built, tmp_path: Path) -> None:
    course_dir, out = built
    # Another process: figures and formulas go through scratch files whose folder differs from run to run.
    again = subprocess.run([sys.executable, "-m", "quizgen", "build", str(course_dir), "-o", str(tmp_path / "again")])
    assert again.returncode == 0
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and "manifest" not in p.name}
    second = {
        p.relative_to(tmp_path / "again"): p.read_bytes()
        for p in (tmp_path / "again").rglob("*")
        if p.is_file() and "manifest" not in p.name
    }
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_init_gives_new_users_a_figure_and_a_formula(tmp_path: Path) -> None:
    from quizgen.scaffold import init_course

    written = init_course(tmp_path / "new")
    course, _ = loaded(tmp_path / "new")
    texts = [text for item in course.items for text in (item.prompt, item.explain or "")]
    assert any("![" in text for text in texts) and any("\\(" in text for text in texts)
    assert tmp_path / "new" / "sample-article" / "figures" / "waggle-angle.svg" in written
