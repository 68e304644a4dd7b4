"""Markup, `]]>` and `{{ 7*7 }}` in every field of every type, course and article metadata included, reach every
output as text: each output read the way its consumer reads it shows them literally and makes no element of them.

LMS packages: the XML parsed, then each text the LMS renders as HTML parsed as HTML (texts it shows as plain text
are compared as they are). Anki: the packages imported into a real collection, the cards rendered. HTML: the pages
opened in Chromium. PDF: the text read back.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from pypdf import PdfReader

from quizgen.build import build
from tests.hostile_course import PAYLOAD, TAG, write_hostile_course
from tests.test_anki import fresh_collection, import_package
from tests.test_html import browser, needs_chromium, open_page, page  # noqa: F401 (fixtures)

LABEL = re.compile(r"([a-z]+(?:-[a-z0-9]+)*) " + re.escape(PAYLOAD))
ITEMS = {
    "mcq-prompt", "mcq-answer", "mcq-wrong-1", "mcq-wrong-2", "mcq-explain",
    "multi-prompt", "multi-answer-1", "multi-answer-2", "multi-wrong-1", "multi-explain",
    "tf-prompt", "tf-explain", "short-prompt", "short-answer", "numeric-prompt", "numeric-explain",
    "match-prompt", "match-left-1", "match-left-2", "match-left-3", "match-right-1", "match-right-2", "match-right-3",
    "essay-prompt", "essay-answer",
    *(f"passage-{n}" for n in range(1, 9)),
    "article-title", "article-author",  # the citation under each passage
}  # fmt: skip
MATCH = {label for label in ITEMS if label.startswith("match-")} | {"passage-7"}
SHOWN = ITEMS - {"short-answer"}  # an LMS keeps the accepted answers to compare, not to show (see below)
CARD = {"card-front", "card-back", "passage-9"}
METADATA = {
    "course-title", "course-code", "course-term", "course-instructor", "quiz-title", "quiz-instructions",
    "article-title", "article-author", "article-source",
}  # fmt: skip
BAD_ELEMENTS = ("script", "img", "iframe", "object", "embed", "svg")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    course = write_hostile_course(folder / "course")
    build(course, folder / "build")
    return folder / "build"


def labels(text: str) -> set[str]:
    """The fields shown in `text` with their payload intact, as text."""
    return set(LABEL.findall(" ".join(text.split())))


def safe_text(markup: str, where: str) -> str:
    """The text an HTML field shows, after checking that its markup holds no element made from user text."""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for element in root.iter():
        assert element.tag not in BAD_ELEMENTS, f"{where}: <{element.tag}> in {markup[:200]!r}"
        assert not [a for a in element.attrib if a.lower().startswith("on")], f"{where}: {markup[:200]!r}"
    return root.text_content()


def xml_files(path: Path) -> Iterator[tuple[str, etree._Element]]:
    if path.suffix == ".xml":
        yield path.name, etree.fromstring(path.read_bytes())
        return
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                yield f"{path.name}:{name}", etree.fromstring(package.read(name))


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def qti12_texts(root: etree._Element, where: str) -> list[str]:
    """Canvas QTI 1.2 and the CC profile: `mattext` text/html and the quiz description are HTML; the rest is text."""
    shown = []
    for element in root.iter(etree.Element):
        kind = element.get("texttype")
        if local(element) == "mattext" and kind == "text/html" or local(element) == "description":
            shown.append(safe_text(element.text or "", where))
        elif local(element) in ("mattext", "title", "langstring", "string"):
            shown.append(element.text or "")
        shown.append(element.get("title", ""))
    return shown


def qti21_texts(root: etree._Element, where: str) -> list[str]:
    """QTI 2.1: the item body and feedback are XHTML elements of the file itself; titles are text."""
    for element in root.iter(etree.Element):
        assert local(element) not in BAD_ELEMENTS, f"{where}: <{local(element)}>"
        assert not [a for a in element.attrib if a.lower().startswith("on")], where
    shown = [e.get("title", "") for e in root.iter(etree.Element)]
    shown += ["".join(e.itertext()) for e in root.iter(etree.Element) if local(e) in ("itemBody", "modalFeedback")]
    return shown + [e.text or "" for e in root.iter(etree.Element) if local(e) == "langstring"]


def moodle_texts(root: etree._Element, where: str) -> list[str]:
    """Moodle XML: texts of `format="html"` elements, category names and matching answers are HTML (Moodle shows
    them through format_text or format_string); names, tags and typed answers (compared, and shown escaped) are text."""
    shown = []
    for text in root.iter("text"):
        parent = text.getparent()
        as_html = parent.get("format") == "html" or (parent.tag == "answer" and parent.getparent().tag == "subquestion")
        if parent.tag == "category":  # a path: names split at single slashes, `//` a slash in a name
            names = [n.replace("//", "/") for n in re.split(r"(?<!/)/(?!/)", text.text or "")]
            shown += [safe_text(name, where) for name in names]
        else:
            shown.append(safe_text(text.text or "", where) if as_html else text.text or "")
    return shown


READERS = {"qti": qti12_texts, "cc": qti12_texts, "qti21": qti21_texts, "moodle": moodle_texts}
# An essay's model answer goes to graders only (model_answers' default): Canvas and the cartridge have no such place.
EXPECTED = {
    "qti": SHOWN - {"essay-answer"} | {"quiz-title", "quiz-instructions"},
    "cc": SHOWN - MATCH - {"essay-answer"} | {"quiz-title", "course-title"},
    "qti21": SHOWN | {"quiz-title"},
    "moodle": SHOWN | {"course-title"},
}


@pytest.mark.parametrize("target", sorted(READERS))
def test_lms_packages_show_every_field_as_text(out: Path, target: str) -> None:
    found: set[str] = set()
    for package in sorted((out / target).glob("*[!.json]")):
        for where, root in xml_files(package):
            found |= labels(" ".join(READERS[target](root, where)))
    assert found == EXPECTED[target]


def test_lms_typed_answers_stay_as_written(out: Path) -> None:
    """What a student types is compared with the accepted answer as written: escaping it would fail them."""
    root = etree.parse(out / "moodle" / "hostile-quiz.xml").getroot()
    [short] = [q for q in root.iter("question") if q.get("type") == "shortanswer"]
    assert [a.findtext("text") for a in short.iter("answer")] == ["short-answer " + PAYLOAD.replace("*", "\\*")]
    with zipfile.ZipFile(out / "qti" / "hostile-quiz.zip") as package:
        [name] = [n for n in package.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n]
        root = etree.fromstring(package.read(name))
    values = [e.text for e in root.iter(etree.Element) if local(e) == "varequal"]
    assert "short-answer " + PAYLOAD in values


def test_moodle_tags_stay_as_written(out: Path) -> None:
    """Moodle cleans a tag's name itself (PARAM_TAG drops `<` and `>`) and shows it escaped."""
    root = etree.parse(out / "moodle" / "hostile-quiz.xml").getroot()
    assert [t.text for t in root.iter("text") if t.getparent().tag == "tag"] == [TAG]


def test_anki_cards_show_every_field_as_text(out: Path, tmp_path: Path) -> None:
    col = fresh_collection(tmp_path / "anki")
    try:
        import_package(col, out / "anki" / "hostile-course.apkg")
        found: set[str] = set()
        for card_id in col.find_cards(""):
            card = col.get_card(card_id)
            for side in (card.question(), card.answer()):
                side = re.sub(r"<style>.*?</style>", "", side, flags=re.DOTALL)
                found |= labels(safe_text(side, f"card {card_id}"))
        decks = {d.name for d in col.decks.all_names_and_ids()}
        notes = [col.get_note(note_id) for note_id in col.find_notes("")]
        for note in notes:  # the fields themselves, as Anki's editor and browser show them
            for name, value in note.items():
                safe_text(value, f"note {note.id} field {name}")
        tags = {tag for note in notes for tag in note.tags}
    finally:
        col.close()
    assert found == ITEMS | CARD
    assert f"course-title {PAYLOAD}::article-title {PAYLOAD}" in decks  # Anki shows deck names as text
    assert TAG in tags  # and tags


def test_pdf_shows_every_field_as_text(out: Path) -> None:
    """Read in drawing order (pypdf), so that a matching item's two columns do not interleave."""
    text = " ".join(p.extract_text() for path in sorted((out / "pdf").glob("*.pdf")) for p in PdfReader(path).pages)
    joined = "".join(text.split())  # lines wrap anywhere in the payload
    found = {label for label in ITEMS | CARD | METADATA if f"{label}{''.join(PAYLOAD.split())}" in joined}
    assert found == ITEMS | METADATA | {"passage-9"}  # no flashcard; the key prints the whole article


@needs_chromium
def test_html_pages_show_every_field_as_text_and_run_nothing(out: Path, page) -> None:  # noqa: F811
    found: set[str] = set()
    for path in sorted((out / "html").glob("*.html")):
        open_page(page, path)
        assert page.evaluate("window.pwned") is None, path.name
        assert page.locator(", ".join(BAD_ELEMENTS)).count() == 0, path.name
        found |= labels(page.locator("body").inner_text())
    assert found == ITEMS | CARD | METADATA
