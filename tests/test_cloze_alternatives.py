"""A cloze deletion's accepted alternatives: `{{c1::first|other}}` shows the first, LMS outputs accept all."""

from __future__ import annotations

from pathlib import Path

from test_lint import QUOTE, write_course

from quizgen.check import check_course
from quizgen.model import Cloze


def _course(tmp_path: Path, prompt: str):
    root = write_course(tmp_path / "c", {"art": [{"id": "x", "type": "cloze", "prompt": prompt, "quote": QUOTE}]})
    return check_course(root)


def test_alternatives_are_accepted_and_left_out_of_the_shown_text(tmp_path: Path) -> None:
    result = _course(tmp_path, "The North will keep its {{c1::weapons|arms|nukes::what?}} for now.")
    assert not result.report.errors
    [item] = result.course.items
    assert isinstance(item.payload, Cloze)
    assert item.prompt == item.payload.text == "The North will keep its {{c1::weapons::what?}} for now."
    [deletion] = item.payload.deletions
    assert (deletion.answer, deletion.alternatives, deletion.hint) == ("weapons", ("arms", "nukes"), "what?")


def test_an_alternative_written_twice_is_an_error(tmp_path: Path) -> None:
    result = _course(tmp_path, "The North will keep its {{c1::weapons|Weapons}} for now.")
    [error] = result.report.errors
    assert error.code == "duplicate-option" and "deletion c1" in error.message


def test_a_typographic_alternative_is_no_duplicate(tmp_path: Path) -> None:
    result = _course(tmp_path, "The North will keep its weapons for {{c1::1946\u201347|1946-47}}.")
    assert not result.report.errors


def test_every_lms_output_accepts_alternatives_and_keyboard_forms(tmp_path: Path) -> None:
    """Read back from each package: the cloze blank accepts its alternatives, the short answer written with an en
    dash and an accent accepts the forms a keyboard types; nothing else is added."""
    from lms_bank import unzip
    from lxml import etree

    from quizgen.build import build

    items = [
        {
            "id": "gap",
            "type": "cloze",
            "prompt": "The North will keep its {{c1::weapons|arms}} for now.",
            "quote": QUOTE,
        },
        {
            "id": "years",
            "type": "short",
            "prompt": "Which winter?",
            "answer": ["1946\u201347 Dvo\u0159\u00e1k"],
            "quote": QUOTE,
        },
    ]
    root = write_course(tmp_path / "c", {"art": items})
    build(root, tmp_path / "out", ["qti", "qti21", "moodle"])
    want = {"gap": {"weapons", "arms"}, "years": {"1946\u201347 Dvo\u0159\u00e1k", "1946-47 Dvorak"}}

    def texts(xml: bytes, path: str, attribute: str | None = None) -> set[str]:
        nodes = etree.fromstring(xml).iter(path)
        return {(n.get(attribute) if attribute else n.text or "").strip() for n in nodes}

    canvas = unzip((tmp_path / "out" / "qti" / "art.zip").read_bytes())
    [canvas_xml] = [data for name, data in canvas.items() if name.endswith(".xml") and b"<assessment " in data]
    q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
    labels = texts(canvas_xml, f"{q12}mattext")
    assert want["gap"] <= labels  # the blank's labels (its accepted answers)
    assert want["years"] <= texts(canvas_xml, f"{q12}varequal")

    qti21 = unzip((tmp_path / "out" / "qti21" / "art.zip").read_bytes())
    q21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
    for item_id, accepted in want.items():
        [xml] = [data for name, data in qti21.items() if item_id in name and name.endswith(".xml")]
        assert texts(xml, f"{q21}mapEntry", "mapKey") == accepted, item_id

    moodle = (tmp_path / "out" / "moodle" / "art.xml").read_bytes()
    assert "{1:SHORTANSWER:=weapons~=arms}" in etree.fromstring(moodle).xpath(
        "string(//question[@type='cloze']//questiontext/text)"
    )
    short = etree.fromstring(moodle).xpath("//question[@type='shortanswer']/answer/text/text()")
    assert set(short) == want["years"]
