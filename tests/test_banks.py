"""import-bank on banks made by other tools (Moodle's and text2qti's own files), and on bad input."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from quizgen.banks import BankError, import_bank
from quizgen.check import ALLOWABLE
from quizgen.diagnostics import Report
from quizgen.errors import UserError
from quizgen.reading.bank import read_item
from quizgen.reading.yamlfile import YamlMap, parse

BANKS = Path(__file__).parent / "fixtures" / "banks"
MOODLE_XML = sorted((BANKS / "moodle").glob("*.xml"))


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    return folder


def items_of(bank: Path) -> list[YamlMap]:
    tree, problems = parse(bank.read_text(encoding="utf-8"))
    assert not problems
    return list(tree or [])


def loads(entry: YamlMap, bank: Path) -> list[str]:
    """The problems quizgen's reader finds in an imported item (given a stand-in quote)."""
    entry = YamlMap(entry)
    entry.line, entry.key_lines = 1, {}
    entry["quote"] = "stand-in"
    report = Report()
    read_item(entry, bank, "x", 0, None, report, ALLOWABLE)
    return [d.message for d in report.diagnostics]


@pytest.mark.parametrize("source", MOODLE_XML, ids=lambda p: p.name)
def test_every_moodle_question_is_imported_or_listed_with_a_reason(source: Path, course: Path) -> None:
    root = etree.parse(str(source)).getroot()
    questions = [q for q in root.iter("question") if q.get("type") != "category"]
    try:
        result = import_bank(source, course, "bank")
    except BankError as error:  # nothing quizgen can hold: each question named, with its reason
        assert "nothing quizgen can hold, so no bank was written" in str(error)
        assert str(error).count("): ") == len(questions)
        assert not (course / "bank").exists()
        return
    assert len(result.bank.items) + len(result.bank.skipped) == len(questions)
    assert all(s.reason for s in result.bank.skipped)
    entries = items_of(result.written)
    assert [e["id"] for e in entries] == result.ids
    for entry, item in zip(entries, result.bank.items, strict=True):
        problems = loads(entry, result.written)
        # An item quizgen cannot load as it stands says why in the bank (an essay with no model answer).
        assert not problems or item.notes, (entry["id"], problems)


def test_moodle_types_map_to_the_nearest_quizgen_type(course: Path) -> None:
    kinds = {}
    for source in MOODLE_XML:
        if source.name.endswith("-testquestion.moodle.xml"):
            try:
                kinds[source.name.split("-")[0]] = [
                    i.type for i in import_bank(source, course, "b", force=True).bank.items
                ]
            except BankError as error:
                kinds[source.name.split("-")[0]] = re.findall(r"\((\w+)\): ", str(error))
    assert kinds["truefalse"] == ["tf"] and kinds["numerical"] == ["numeric"] and kinds["essay"] == ["essay"]
    assert kinds["shortanswer"] == ["short"] and kinds["match"] == ["match"] and kinds["multichoice"] == ["multi"]
    assert kinds["ordering"] == ["order"] and kinds["description"] == ["description"]


def test_moodle_cloze_feedback_categories_and_images(course: Path) -> None:
    result = import_bank(BANKS / "moodle" / "multianswer.xml", course, "bank")
    (cloze,) = items_of(result.written)
    assert cloze["type"] == "cloze"
    assert re.findall(r"\{\{c\d+::", cloze["prompt"]) == [f"{{{{c{n}::" for n in range(1, 6)]
    figures = re.findall(r"!\[[^\]]*\]\((figures/[^)]+)\)", cloze["prompt"])
    assert figures and all((course / "bank" / f).stat().st_size > 100 for f in figures)
    assert cloze["explain"] == "This is a Moodle question ![Moodle logo](figures/moodle.png)"  # the feedback's image
    umask = os.umask(0o022)
    os.umask(umask)
    assert {(course / "bank" / f).stat().st_mode & 0o777 for f in figures} == {0o666 & ~umask}
    greeting = import_bank(BANKS / "moodle" / "multichoice.xml", course, "b4").bank.items[0]
    assert greeting.notes == [
        "the linked file '@@PLUGINFILE@@/bonjour.mp3' is left out (quizgen items carry text and images)"
    ]
    tf = items_of(import_bank(BANKS / "moodle" / "truefalse-testquestion.moodle.xml", course, "b2").written)[0]
    assert tf["explain"].splitlines() == [  # general, then per-answer feedback, which quizgen has no field for
        "You should have selected true.",
        '"true": This is the right answer.',
        '"false": This is the wrong answer.',
    ]
    nested = import_bank(BANKS / "moodle" / "nested_categories_with_questions.xml", course, "b3").written
    assert {tag for entry in items_of(nested) for tag in entry.get("tags") or []} == {"iota", "kappa", "lambda", "mu"}


def test_gift_questions_and_their_types(course: Path) -> None:
    result = import_bank(BANKS / "moodle" / "questions.gift.txt", course, "bank")
    entries = {e["id"]: e for e in items_of(result.written)}
    assert entries["bank-moodle-activities"]["type"] == "match"
    assert entries["bank-moodle-activities"]["answer"]["An activity supporting asynchronous discussions."] == "Forum"
    assert entries["bank-q2"]["type"] == "mcq" and entries["bank-q2"]["answer"] == "yellow"
    assert entries["bank-colours"]["type"] == "multi"
    assert entries["bank-q5"]["answer"] == "3" and entries["bank-q5"]["tolerance"] == "2"
    assert entries["bank-shortanswer"]["answer"] == "Frog"
    assert entries["bank-q1"]["answer"] == "false"
    blocks = [b for b in re.split(r"\n\s*\n", (BANKS / "moodle" / "questions.gift.txt").read_text()) if "{" in b]
    assert len(result.bank.items) + len(result.bank.skipped) == len(blocks)


def test_every_gift_syntax_error_is_reported_at_once(tmp_path: Path, course: Path) -> None:
    source = tmp_path / "bad.gift"
    source.write_text("::Q1:: Open {=yes\n\n::Q2:: Fine {T}\n\n::Q3:: Stray } brace\n", encoding="utf-8")
    with pytest.raises(BankError) as raised:
        import_bank(source, course, "bank")
    assert str(raised.value).splitlines() == [
        "2 GIFT syntax errors, nothing imported:",
        f"{source}:1:13: GIFT syntax: the answers opened by '{{' are never closed; add '}}' after the last answer",
        f"{source}:5:14: GIFT syntax: '}}' closes no '{{'; escape it as \\}} if it is text",
    ]


def test_gift_syntax_error_names_line_and_column(tmp_path: Path, course: Path) -> None:
    source = tmp_path / "bad.gift"
    source.write_text("::Q1:: Fine? {T}\n\n// next\n::Q2:: Broken {=yes ~no\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"bad\.gift:4:15: GIFT syntax: the answers opened by '\{' are never closed"):
        import_bank(source, course, "bank")
    assert not (course / "bank").exists()


def test_text2qti_demo_quiz_and_its_canvas_zip_import_alike(course: Path) -> None:
    """The Canvas zip text2qti made in 2022 and the quiz read now by text2qti from PyPI give the same items."""
    from_zip = import_bank(BANKS / "text2qti" / "demo-quiz.zip", course, "demo")
    from_text = import_bank(BANKS / "text2qti" / "demo-quiz.md", course, "demo", force=True)
    assert [(i.type, i.fields) for i in from_zip.bank.items] == [(i.type, i.fields) for i in from_text.bank.items]
    assert [i.type for i in from_zip.bank.items] == ["mcq", "multi", "numeric", "numeric", "short", "essay"]
    assert [(s.source_id, s.kind) for s in from_zip.bank.skipped] == [("Upload a File", "file_upload_question")]
    assert {entry["points"] for entry in items_of(from_text.written)} == {"2"}  # Canvas's points_possible 2.0
    square_root = items_of(from_text.written)[2]
    assert (square_root["answer"], square_root["tolerance"]) == ("1.4142", "0.0001")


def test_text2qti_code_blocks_are_not_run(tmp_path: Path, course: Path) -> None:
    source = tmp_path / "quiz.md"
    marker = tmp_path / "ran"
    source.write_text(
        f"```{{.python .run}}\nopen({str(marker)!r}, 'w')\n```\n\n1. Q?\n*a) yes\nb) no\n", encoding="utf-8"
    )
    with pytest.raises(BankError, match="not a text2qti quiz"):
        import_bank(source, course, "bank")
    assert not marker.exists()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BAD = {
    "not-qti.zip": (_zip({"readme.txt": b"hello", "data.xml": b"<rss/>"}), r"not a QTI package"),
    "page.xml": (b"<html><body>hi</body></html>", r"<html> is not a question bank"),
    "broken.xml": (b"<quiz><question type='truefalse'>", r"broken\.xml:1: not well-formed XML"),
    "latin1.xml": (
        "<quiz><question type='essay'><name><text>caf\u00e9</text></name></question></quiz>".encode("latin-1"),
        r"latin1\.xml:1: byte 0xe9 is not UTF-8",
    ),
    "latin1.gift": ("::Q:: caf\u00e9? {T}".encode("latin-1"), r"latin1\.gift:1: byte 0xe9 is not UTF-8"),
    "slip.zip": (_zip({"../../evil.xml": b"<questestinterop/>"}), r"points outside the package"),
    "bank.docx": (b"text", r"cannot tell the bank's format"),
    "moodle.gift": (b"<?xml version='1.0'?><quiz></quiz>", r"this is XML or HTML, not GIFT"),
    "empty.xml": (b"<quiz></quiz>", r"no question found in it \(Moodle XML\)"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_a_clear_error_and_nothing_is_written(name: str, tmp_path: Path, course: Path) -> None:
    data, message = BAD[name]
    source = tmp_path / name
    source.write_bytes(data)
    with pytest.raises(UserError, match=message):
        import_bank(source, course, "bank")
    assert not (course / "bank").exists()
    assert not (tmp_path / "evil.xml").exists()


def test_the_windows_1252_gift_file_from_moodle_is_refused(course: Path) -> None:
    with pytest.raises(BankError, match=r"windows-1252\.gift\.txt:\d+: byte 0x[0-9a-f]{2} is not UTF-8"):
        import_bank(BANKS / "moodle" / "questions_encoding_windows-1252.gift.txt", course, "bank")


def test_entities_are_not_expanded(tmp_path: Path, course: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    source = tmp_path / "bank.xml"
    source.write_text(
        f'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<quiz><question type="essay"><name><text>e</text></name><questiontext format="html"><text>Q &x; &b;</text>'
        "</questiontext><graderinfo format='html'><text>model</text></graderinfo></question></quiz>",
        encoding="utf-8",
    )
    text = import_bank(source, course, "bank").written.read_text(encoding="utf-8")
    assert "SECRET" not in text and "aaaa" not in text


def test_an_existing_bank_is_replaced_only_when_forced(course: Path) -> None:
    source = BANKS / "moodle" / "truefalse-testquestion.moodle.xml"
    written = import_bank(source, course, "bank").written
    written.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(UserError, match="already exists; pass --force"):
        import_bank(source, course, "bank")
    assert written.read_text(encoding="utf-8") == "# mine\n"
    import_bank(source, course, "bank", force=True)
    assert "x-true-false-001" not in written.read_text(encoding="utf-8")  # author's idnumber kept: true-false-001


def test_the_command_prints_what_it_imported_and_what_it_could_not(tmp_path: Path, course: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "quizgen", "import-bank", str(BANKS / "text2qti" / "demo-quiz.zip"), "--slug", "demo",
         "--course", str(course)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "imported 6 items from Canvas QTI 1.2: 2 numeric, 1 essay, 1 mcq, 1 multi, 1 short" in run.stdout
    assert "Upload a File (file_upload_question): students upload a file" in run.stdout
    bad = tmp_path / "x.gift"
    bad.write_text("::Q:: {=a", encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "quizgen", "import-bank", str(bad), "--slug", "other", "--course", str(course)],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1 and "x.gift:1:7: GIFT syntax" in failed.stderr and "Traceback" not in failed.stderr


def png(width: int, height: int) -> bytes:
    """A small red PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


QUIZ = """Quiz title: Colours

1.  Which colour is this dot? ![a red dot](dot.png)
... It is *red*.
*a) Red
... Right.
b) Blue
... No, **not** blue.
c) Green
"""


def test_text2qti_images_come_into_figures_and_choice_feedback_into_the_explanation(
    tmp_path: Path, course: Path
) -> None:
    (tmp_path / "dot.png").write_bytes(png(4, 4))
    (tmp_path / "quiz.md").write_text(QUIZ, encoding="utf-8")
    result = import_bank(tmp_path / "quiz.md", course, "colours")
    (entry,) = items_of(result.written)
    assert re.fullmatch(r"colours-text2qti-question-[0-9a-f]{8}", entry["id"])
    assert entry["prompt"] == "Which colour is this dot? ![a red dot](figures/dot.png)"
    assert (course / "colours" / "figures" / "dot.png").read_bytes() == png(4, 4)
    assert entry["distractors"] == [{"text": "Blue", "why": "No, **not** blue."}, "Green"]  # why it is wrong
    assert entry["explain"].splitlines() == ["It is *red*.", '"Red": Right.']


@pytest.mark.parametrize("target", ["../outside.png", "~/outside.png", "/etc/hostname"])
def test_a_text2qti_quiz_cannot_pull_files_from_outside_its_folder(target: str, tmp_path: Path, course: Path) -> None:
    quiz = tmp_path / "quiz" / "quiz.md"
    quiz.parent.mkdir()
    (tmp_path / "outside.png").write_bytes(png(2, 2))
    quiz.write_text(QUIZ.replace("dot.png", target), encoding="utf-8")
    with pytest.raises(BankError, match=r"quiz\.md:3: the image .* is outside the quiz's folder"):
        import_bank(quiz, course, "colours")
    assert not (course / "colours").exists()


def test_a_quiz_held_twice_in_a_canvas_export_is_imported_once(course: Path, tmp_path: Path) -> None:
    """Canvas course exports hold a quiz as `<id>/<id>.xml` and again in `non_cc_assessments/<id>.xml.qti`."""
    with zipfile.ZipFile(BANKS / "text2qti" / "demo-quiz.zip") as archive:
        entries = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    quiz = next(name for name in entries if name.endswith(".xml") and "assessment_meta" not in name and "/" in name)
    entries[f"non_cc_assessments/{quiz.split('/')[0]}.xml.qti"] = entries[quiz]
    source = tmp_path / "course-export.zip"
    source.write_bytes(_zip(entries))
    result = import_bank(source, course, "demo")
    assert len(result.bank.items) == 6 and len(result.bank.skipped) == 1


def qti_package_maker(engine: str, out: Path, with_order: bool) -> Path:
    """A package of one question of each type written by qti-package-maker (PyPI), another tool's export."""
    from qti_package_maker.package_interface import QTIPackageInterface

    maker = QTIPackageInterface("other-tool", allow_mixed=True)
    maker.add_item("MC", ("What is 2+3?", ["4", "5", "6"], "5"))
    maker.add_item("MA", ("Which are <b>primes</b>?", ["2", "3", "4", "6"], ["2", "3"]))
    maker.add_item("MATCH", ("Match capitals.", ["France", "Spain", "Italy"], ["Paris", "Madrid", "Rome"]))
    maker.add_item("NUM", ("Square root of 2?", 1.4142, 0.0001))
    maker.add_item("FIB", ("Who lives at the North Pole?", ["Santa", "Santa Claus"]))
    maker.add_item("MULTI_FIB", ("Roses are [c1], violets are [c2].", {"c1": ["red"], "c2": ["blue"]}))
    if with_order:  # its Canvas writer has no ordering ("Canvas does not support it")
        maker.add_item("ORDER", ("Order these numbers.", ["one", "two", "three"]))
    return out / maker.save_package(engine, str(out / f"{engine}.zip"))


@pytest.mark.parametrize("engine", ["blackboard_qti_v2_1", "canvas_qti_v1_2"])
def test_packages_another_tool_writes(engine: str, tmp_path: Path, course: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the tool stages its files in the working folder
    source = qti_package_maker(engine, tmp_path, with_order=engine.startswith("blackboard"))
    result = import_bank(source, course, "other")
    entries = items_of(result.written)
    expected = [
        ("mcq", "What is 2+3?", "5"),
        ("multi", "Which are **primes**?", ["2", "3"]),
        ("match", "Match capitals.", {"France": "Paris", "Spain": "Madrid", "Italy": "Rome"}),
        ("numeric", "Square root of 2?", "1.4142"),
        ("short", "Who lives at the North Pole?", ["Santa", "Santa Claus"]),
        ("cloze", "Roses are {{c1::red}}, violets are {{c2::blue}}.", None),
    ]
    if engine.startswith("blackboard"):
        expected.append(("order", "Order these numbers.", ["one", "two", "three"]))
    assert [(e["type"], e["prompt"], e.get("answer")) for e in entries] == expected
    assert entries[3]["tolerance"] == "0.0001"
    assert not result.bank.skipped


def test_a_figure_already_there_with_other_content_is_kept_unless_forced(course: Path) -> None:
    mine = course / "bank" / "figures" / "flag-france.jpg"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my own picture")
    with pytest.raises(UserError, match=r"flag-france\.jpg already exists with other content; pass --force to replace"):
        import_bank(BANKS / "moodle" / "multichoice.xml", course, "bank")
    assert mine.read_bytes() == b"my own picture" and not (course / "bank" / "items.yaml").exists()
    import_bank(BANKS / "moodle" / "multichoice.xml", course, "bank", force=True)
    assert mine.read_bytes()[:3] == b"\xff\xd8\xff"  # the bank's JPEG


def test_a_link_planted_where_figures_go_is_not_written_through(tmp_path: Path, course: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (course / "bank").mkdir()
    (course / "bank" / "figures").symlink_to(outside)
    with pytest.raises(UserError, match=r"figures is a link; import-bank writes only inside the course folder"):
        import_bank(BANKS / "moodle" / "multichoice.xml", course, "bank")
    assert not list(outside.iterdir()) and not (course / "bank" / "items.yaml").exists()


def test_qti_1_2_without_canvas_metadata_is_read_by_its_structure(tmp_path: Path, course: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    package = qti_package_maker("canvas_qti_v1_2", tmp_path, with_order=False)
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".xml") and b"questestinterop" in archive.read(n))
        text = archive.read(name).decode("utf-8")
    plain = tmp_path / "plain.xml"
    plain.write_text(re.sub(r"<itemmetadata>.*?</itemmetadata>", "", text, flags=re.DOTALL), encoding="utf-8")
    assert "question_type" not in plain.read_text(encoding="utf-8")
    with_metadata = import_bank(package, course, "a").bank.items
    without = import_bank(plain, course, "b").bank.items
    assert [(i.type, i.fields) for i in without] == [(i.type, i.fields) for i in with_metadata]
