"""A course folder is untrusted input: what `check` does with hostile or broken files it reads.

Every case ends in errors that name the file, its line where there is one, and what to do; never a traceback,
never exit 3, never code run or a file outside the course read.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import msgpack
import pytest

from quizgen.check import check_course
from quizgen.diagnostics import Diagnostic

BANK = Path("sample-article", "items.yaml")
ARTICLE = Path("sample-article", "article.txt")
SECRET = "root:x:0:0:the secret line of a file outside the course"


def problems(course: Path) -> list[Diagnostic]:
    """The errors of a check, failing on any exception."""
    return check_course(course, model=False).report.errors


def codes(course: Path) -> list[str]:
    return [d.code for d in problems(course)]


def quizgen(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *args], capture_output=True, text=True, timeout=timeout, errors="replace"
    )


def check_cli(course: Path) -> subprocess.CompletedProcess:
    """`quizgen check COURSE`, which must end with exit 1 and a report, not a crash."""
    result = quizgen("check", str(course))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return result


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file of the user's outside the course, which must never reach an output or a message."""
    path = tmp_path / "private" / "passwd"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n" * 3, encoding="utf-8")
    return path


def second_article(course: Path, bank: str | None = None) -> Path:
    """Another reading with a problem of its own (a quote not in its article), to see it is still checked."""
    folder = course / "wasps"
    folder.mkdir()
    (folder / "article.txt").write_text("---\ntitle: Wasps\n---\nWasps build paper nests from chewed wood.\n")
    (folder / "items.yaml").write_text(
        bank
        or "- id: wasps-nests\n  type: tf\n  prompt: Wasps build nests.\n  answer: true\n  quote: wasps fly south\n"
    )
    return folder


# --- 1. the cache runs nothing it reads --------------------------------------------------------------------------


class _Planted:
    """What a planted pickle runs when it is loaded: it leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_pickle_planted_in_the_course_is_never_loaded(sample_course: Path, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    planted = sample_course / ".quizgen-cache"
    planted.mkdir()
    for name in ("sample-article.pickle", "sample-article.msgpack"):
        (planted / name).write_bytes(pickle.dumps(_Planted(marker)))
    assert problems(sample_course) == []
    check_course(sample_course)  # with the models, as a build reads them
    assert not marker.exists()


def test_compiled_templates_planted_in_the_course_are_never_loaded(sample_course: Path, tmp_path: Path) -> None:
    from quizgen.build import build
    from quizgen.writers import lms

    marker = tmp_path / "code-ran"
    planted = lms.TemplateCache(sample_course / ".quizgen-cache" / "templates")
    lms.environment.cache_clear()  # as in a new process: nothing compiled in memory
    environment = lms.environment()
    for name in environment.list_templates():
        source, filename, _ = environment.loader.get_source(environment, name)
        bucket = planted.get_bucket(environment, name, filename, source)
        bucket.code = compile(f"open({str(marker)!r}, 'w').close()", filename, "exec")
        planted.set_bucket(bucket)
    try:
        result = build(sample_course, tmp_path / "out", ["qti", "qti21", "cc", "moodle"])
    finally:
        lms.environment.cache_clear()
    assert not marker.exists()
    assert (tmp_path / "out" / "moodle" / "sample-quiz.xml").is_file() and result.written


def test_a_damaged_or_foreign_cache_entry_is_ignored_and_rebuilt(sample_course: Path) -> None:
    from quizgen.reading.cache import FORMAT, ReadingCache

    cold = [d.format() for d in check_course(sample_course, model=False).report.diagnostics]
    cache = ReadingCache(sample_course, {})
    key = cache.key(sample_course / "sample-article")
    entry = cache.folder / "sample-article.msgpack"
    assert entry.is_file()
    summary_of = msgpack.unpackb(entry.read_bytes())[3]
    forged = [
        msgpack.packb([FORMAT, key, cache.place, msgpack.packb("not a summary"), None]),  # the right key, junk
        msgpack.packb([FORMAT, key, cache.place, summary_of[:-3], None]),  # a summary cut short
        msgpack.packb([FORMAT + 1, key, cache.place, summary_of, None]),  # another layout
        msgpack.packb({"key": key}),
        b"\xc1" * 10,  # not MessagePack
    ]
    for data in forged:
        entry.write_bytes(data)
        assert [d.format() for d in check_course(sample_course, model=False).report.diagnostics] == cold
        assert check_course(sample_course).course is not None  # the model too is read again, not taken
    assert entry.read_bytes() not in forged  # rebuilt


# --- 3. YAML alias bombs ----------------------------------------------------------------------------------------


def laughs(depth: int) -> str:
    """A 'billion laughs' bank: each line nine aliases of the line above, 9**depth values in all."""
    lines = ['- id: &a0 "lol"']
    for n in range(1, depth + 1):
        lines.append(f"- &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_its_alias_before_expanding(sample_course: Path) -> None:
    (sample_course / BANK).write_text(laughs(7), encoding="utf-8")
    started = time.perf_counter()
    found = problems(sample_course)
    assert time.perf_counter() - started < 5  # 4.8 million values are never made
    [error] = found
    assert error.code == "yaml-alias" and error.path.endswith(str(BANK)) and error.line == 7
    assert "'*a5'" in error.message and "100,000" in error.message


def test_an_alias_bomb_in_course_yaml_is_refused_too(sample_course: Path) -> None:
    text = (sample_course / "course.yaml").read_text(encoding="utf-8")
    (sample_course / "course.yaml").write_text(text + "lint:\n  disable:\n" + textwrap.indent(laughs(8), "    "))
    error = next(d for d in problems(sample_course) if d.code == "yaml-alias")
    assert error.path.endswith("course.yaml") and error.line == text.count("\n") + 9  # lint, disable, then a0 to a6


def test_a_few_aliases_as_a_program_writes_them_are_read(sample_course: Path) -> None:
    bank = sample_course / BANK
    text = bank.read_text(encoding="utf-8")
    text = text.replace("  tags: [dance]\n", "  tags: &dance [dance]\n", 1)
    bank.write_text(text.replace("  difficulty: medium\n", "  difficulty: medium\n  tags: *dance\n", 1))
    result = check_course(sample_course)
    assert result.report.errors == []
    assert {item.id: item.tags for item in result.course.items}["bees-dance-encodes"] == ("dance",)


# --- 4. links and '..' out of the course ------------------------------------------------------------------------


@pytest.mark.parametrize("which", [ARTICLE, BANK, Path("course.yaml")])
def test_a_link_out_of_the_course_is_not_followed(
    sample_course: Path, outside: Path, tmp_path: Path, which: Path
) -> None:
    (sample_course / which).unlink()
    (sample_course / which).symlink_to(outside)
    result = check_cli(sample_course)
    assert SECRET not in result.stderr + result.stdout
    [line] = [line for line in result.stderr.splitlines() if "[outside-course]" in line]
    assert line.startswith(f"{sample_course / which}: error: {which.name} is a link to {outside}")
    from quizgen.build import build

    with pytest.raises(Exception):  # noqa: B017 (the build stops on the check's errors)
        build(sample_course, tmp_path / "out", ["html"])
    assert not any(SECRET in p.read_text(errors="replace") for p in tmp_path.rglob("out/**/*.html"))


def test_an_article_folder_linked_from_outside_is_not_read(sample_course: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (sample_course / "sample-article").rename(elsewhere)
    (sample_course / "sample-article").symlink_to(elsewhere, target_is_directory=True)
    found = problems(sample_course)
    assert (Path(found[0].path).name, found[0].code) == ("sample-article", "outside-course")
    assert f"sample-article is a link to {elsewhere}" in found[0].message
    assert not any("does not exist" in d.message for d in found)


def test_links_inside_the_course_are_read(sample_course: Path) -> None:
    shared = sample_course / "_shared"
    shared.mkdir()
    (sample_course / BANK).rename(shared / "bees.yaml")
    (sample_course / BANK).symlink_to(Path("..", "_shared", "bees.yaml"))
    assert problems(sample_course) == []
    bank = shared / "bees.yaml"  # an edit of the linked file is seen: the cache hashes what is read
    bank.write_text(bank.read_text(encoding="utf-8").replace("answer: true", "answer: Yes", 1), encoding="utf-8")
    assert "wrong-kind" in codes(sample_course)


@pytest.mark.parametrize("slug", ["sample-article/../sample-article", "../sample-article", "..", "a/b"])
def test_a_slug_with_a_path_in_it_is_told_to_be_a_folder_name(sample_course: Path, slug: str) -> None:
    course_yaml = sample_course / "course.yaml"
    course_yaml.write_text(f"articles: ['{slug}']\n" + course_yaml.read_text(encoding="utf-8"))
    [error] = problems(sample_course)
    assert (error.line, error.code) == (1, "bad-slug")
    assert f"'{slug}' is not an article folder's name" in error.message and "with no '/' or '..'" in error.message


def test_dangling_and_looping_links_are_named(sample_course: Path, tmp_path: Path) -> None:
    (sample_course / BANK).unlink()
    (sample_course / BANK).symlink_to(tmp_path / "gone.yaml")
    (sample_course / ARTICLE).unlink()
    (sample_course / ARTICLE).symlink_to("article.txt")  # itself
    found = {Path(d.path).name: d for d in problems(sample_course)}
    assert found["items.yaml"].code == "outside-course" and str(tmp_path / "gone.yaml") in found["items.yaml"].message
    assert found["article.txt"].code == "file-unreadable" and "symbolic links" in found["article.txt"].message


# --- 6. folders, pipes and unreadable files ---------------------------------------------------------------------


@pytest.mark.parametrize("which", [BANK, ARTICLE, Path("course.yaml")])
def test_a_folder_in_place_of_a_file_is_an_error_and_the_rest_is_checked(sample_course: Path, which: Path) -> None:
    second_article(sample_course)
    (sample_course / which).unlink()
    (sample_course / which).mkdir()
    result = check_cli(sample_course)
    assert f"{sample_course / which}: error: {which.name} is a folder, not a file" in result.stderr
    assert "[not-a-file]" in result.stderr
    assert "wasps/items.yaml" in result.stderr and "[quote-not-found]" in result.stderr  # the other reading


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_bank_and_folder_are_errors_and_the_rest_is_checked(sample_course: Path) -> None:
    folder = second_article(sample_course).parent / "locked"
    folder.mkdir()
    (folder / "items.yaml").write_text("- id: x\n")
    (sample_course / BANK).chmod(0)
    folder.chmod(0)
    try:
        result = check_cli(sample_course)
    finally:
        folder.chmod(0o755)
    assert f"{sample_course / BANK}: error: cannot read items.yaml: permission denied" in result.stderr
    assert f"{folder}: error: cannot read the folder locked: Permission denied [file-unreadable]" in result.stderr
    assert "[quote-not-found]" in result.stderr


def test_a_root_can_still_tell_an_unreadable_file(sample_course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the tests may run as root, who reads everything: the message for a read refused, by any user."""
    from quizgen.reading import coursefiles

    real_open = open

    def refusing(path, *args, **kwargs):
        if str(path).endswith(str(BANK)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(coursefiles, "open", refusing, raising=False)
    [error] = problems(sample_course)
    assert error.code == "file-unreadable" and "cannot read items.yaml: permission denied" in error.message


def test_a_named_pipe_as_the_bank_does_not_hang_the_check(sample_course: Path) -> None:
    (sample_course / BANK).unlink()
    os.mkfifo(sample_course / BANK)
    result = check_cli(sample_course)  # a read would wait forever for a writer
    assert "items.yaml is a named pipe, not a file" in result.stderr


def test_a_link_to_a_device_is_refused(sample_course: Path) -> None:
    (sample_course / ARTICLE).unlink()
    (sample_course / ARTICLE).symlink_to("/dev/zero")  # endless bytes
    [error] = problems(sample_course)
    assert error.code == "outside-course" and "/dev/zero" in error.message


def test_a_file_too_big_to_be_a_reading_is_not_read(sample_course: Path) -> None:
    with open(sample_course / ARTICLE, "r+b") as file:
        file.truncate(65 * 2**20)  # sparse: no disk used
    [error] = problems(sample_course)
    assert error.code == "too-big" and "65 MB" in error.message


def test_an_unreadable_course_folder_entry_name_is_shown(sample_course: Path) -> None:
    odd = os.fsencode(sample_course) + b"/caf\xe9"
    os.mkdir(odd)
    with open(odd + b"/items.yaml", "w") as file:
        file.write("- id: x\n")
    result = check_cli(sample_course)
    assert "[bad-slug]" in result.stderr


# --- 7. messages ------------------------------------------------------------------------------------------------


def test_a_nul_byte_is_reported_at_its_line_and_column_in_one_line(sample_course: Path) -> None:
    bank = sample_course / BANK
    lines = bank.read_text(encoding="utf-8").split("\n")
    number = next(n for n in range(40, len(lines)) if len(lines[n]) > 10)
    lines[number] = lines[number][:6] + "\0" + lines[number][6:]
    bank.write_text("\n".join(lines), encoding="utf-8")
    [error] = problems(sample_course)
    assert (error.line, error.code) == (number + 1, "control-char")
    assert error.message.startswith("column 7 holds a NUL byte") and "\n" not in error.message
    assert "unicode string" not in error.message and "position" not in error.message


def test_a_control_character_in_yaml_or_an_article_is_placed(sample_course: Path) -> None:
    bank = sample_course / BANK
    bank.write_text(bank.read_text(encoding="utf-8").replace("type: tf", "type: \x1btf", 1), encoding="utf-8")
    article = sample_course / ARTICLE
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("rich patch", "rich\x7f patch"), encoding="utf-8")
    found = {Path(d.path).name: d for d in problems(sample_course)}
    assert found["items.yaml"].code == found["article.txt"].code == "control-char"
    assert "U+001B" in found["items.yaml"].message and "U+007F" in found["article.txt"].message
    [(number, line)] = [(n, line) for n, line in enumerate(text.split("\n"), 1) if "rich patch" in line]
    assert found["article.txt"].line == number
    assert f"column {line.index('rich patch') + 5} holds" in found["article.txt"].message


def test_a_c1_control_character_is_placed_too(sample_course: Path) -> None:
    bank = sample_course / BANK
    text = bank.read_text(encoding="utf-8").replace("  quote: performs", "  quote: é\x9f performs", 1)
    bank.write_text(text, encoding="utf-8")
    [error] = problems(sample_course)
    number = text.split("\n").index("  quote: é\x9f performs a waggle dance on the vertical face of the comb") + 1
    assert (error.line, error.code) == (number, "control-char") and "U+009F" in error.message
    assert "column 11 holds" in error.message


DOCUMENTS = {
    "a PDF": b"%PDF-1.7\n%\x93\x8c\x8b\x9e ReportLab\n1 0 obj\n",
    "a Word document": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml word/document.xml",
    "an OpenDocument file": b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
    "an HTML page": b"\xef\xbb\xbf\n  <!DOCTYPE html>\n<html><body><p>Bees \x93dance\x94</p>",
    "an RTF document": b"{\\rtf1\\ansi\\deff0 {\\fonttbl}",
}


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("which", [ARTICLE, BANK])
def test_a_document_saved_as_a_text_file_is_sent_to_import_article(sample_course: Path, which: Path, kind: str) -> None:
    (sample_course / which).write_bytes(DOCUMENTS[kind])
    [error] = [d for d in problems(sample_course) if d.path.endswith(str(which))]
    assert error.code == "not-text" and f"{which.name} holds {kind}, not plain text" in error.message
    assert f"`quizgen import-article FILE --slug sample-article --course '{sample_course}'`" in error.message
    assert "UTF-8" not in error.message or kind not in ("a PDF", "an HTML page")


# --- encodings --------------------------------------------------------------------------------------------------


def test_utf16_is_named_and_latin1_is_placed(sample_course: Path) -> None:
    bank, article = sample_course / BANK, sample_course / ARTICLE
    bank.write_bytes(bank.read_text(encoding="utf-8").encode("utf-16"))
    text = article.read_text(encoding="utf-8").replace("rich patch", "riché patch")
    article.write_bytes(text.encode("latin-1"))
    found = {Path(d.path).name: d for d in problems(sample_course)}
    assert found["items.yaml"].message.startswith("the file is saved as UTF-16; save the file as UTF-8")
    assert (found["article.txt"].line, found["article.txt"].code) == (7, "not-utf8")
    assert "byte 0xe9" in found["article.txt"].message


def test_a_bom_and_mixed_line_ends_read_with_true_line_numbers(sample_course: Path) -> None:
    bank = sample_course / BANK
    lines = bank.read_text(encoding="utf-8").split("\n")
    ends = ["\r\n", "\r", "\n"]  # (a '\r' before an empty line would make '\r\n', one line end)
    text = "".join(line + (ends[n % 3] if lines[n + 1] else "\n") for n, line in enumerate(lines[:-1]))
    bank.write_bytes(b"\xef\xbb\xbf" + text.replace("answer: true", "answer: Yes", 1).encode("utf-8"))
    (sample_course / "course.yaml").write_bytes(b"\xef\xbb\xbf" + (sample_course / "course.yaml").read_bytes())
    [error] = problems(sample_course)
    expected = next(n for n, line in enumerate(lines, 1) if line.strip() == "answer: true")
    assert (error.line, error.code) == (expected, "wrong-kind")


# --- resource exhaustion ----------------------------------------------------------------------------------------


def test_deep_nesting_is_an_error_not_a_crash(sample_course: Path) -> None:
    (sample_course / BANK).write_text("- id: deep\n  type: card\n  prompt: " + "[" * 900 + "]" * 900 + "\n")
    result = check_cli(sample_course)
    assert "items.yaml:3: error: lists and mappings are nested over 64 deep here" in result.stderr


def test_a_huge_line_and_a_long_key_are_errors_in_reasonable_time(sample_course: Path) -> None:
    bank = sample_course / BANK
    bank.write_text("- id: big\n  type: card\n  " + "k" * 2_000_000 + ": x\n  prompt: " + "word " * 2_000_000)
    started = time.perf_counter()
    found = codes(sample_course)
    assert time.perf_counter() - started < 30 and found


def test_a_long_list_of_junk_is_reported_without_a_crash(sample_course: Path) -> None:
    (sample_course / BANK).write_text("- x\n" * 100_000)
    started = time.perf_counter()
    found = problems(sample_course)
    assert time.perf_counter() - started < 60
    assert len(found) == 100_000 and {d.code for d in found} == {"item-not-mapping"} and found[-1].line == 100_000


# --- banks of the wrong shape -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "bank-empty"),
        ("# only a comment\n", "bank-empty"),
        ("just some words\n", "bank-not-list"),
        ("items:\n  - id: a\n", "bank-not-list"),
        ("- 1990\n- [a, b]\n", "item-not-mapping"),
        ("---\n- id: a\n---\n- id: b\n", "yaml-syntax"),
    ],
)
def test_a_bank_of_the_wrong_shape_says_so(sample_course: Path, text: str, code: str) -> None:
    (sample_course / BANK).write_text(text, encoding="utf-8")
    assert code in codes(sample_course)


# --- also: every problem at once --------------------------------------------------------------------------------

LEAK = """
- id: bees-leak
  type: short
  prompt: Which way does the waggle run point, up the vertical face of the comb or along it?
  answer: Up the comb
  quote: performs a waggle dance on the vertical face of the comb
"""


def test_an_unrelated_error_does_not_hide_course_wide_warnings(sample_course: Path) -> None:
    bank = sample_course / BANK
    bank.write_text(bank.read_text(encoding="utf-8") + LEAK, encoding="utf-8")
    clean = check_course(sample_course, model=False).report
    assert clean.errors == [] and "answer-leak" in {d.code for d in clean.warnings}
    second_article(sample_course)  # an error in another reading
    report = check_course(sample_course, model=False).report
    assert [d.code for d in report.errors] == ["quote-not-found"]
    assert {d for d in clean.warnings if d.code == "answer-leak"} <= set(report.warnings)


# --- the Anki release record, the one course file a build reads ------------------------------------------------


def test_a_release_record_linked_out_or_a_pipe_stops_the_build_with_its_name(
    sample_course: Path, outside: Path, tmp_path: Path
) -> None:
    record = sample_course / "anki-release.json"
    record.symlink_to(outside)
    result = quizgen("build", str(sample_course), "-o", str(tmp_path / "out"), "--format", "anki")
    assert result.returncode == 1 and "Traceback" not in result.stderr and SECRET not in result.stderr
    assert f"{record}: cannot read the Anki release record: anki-release.json is a link to {outside}" in result.stderr
    record.unlink()
    os.mkfifo(record)
    result = quizgen("build", str(sample_course), "-o", str(tmp_path / "out"), "--format", "anki")
    assert result.returncode == 1 and "anki-release.json is a named pipe, not a file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_link_out_that_quizgen_does_not_read_is_left_alone(sample_course: Path, outside: Path) -> None:
    (sample_course / "notes.txt").symlink_to(outside)
    (sample_course / "sample-article" / "draft.txt").symlink_to(outside)
    assert problems(sample_course) == []


def test_a_named_pipe_named_like_a_figure_does_not_hang_the_check(sample_course: Path) -> None:
    (sample_course / "sample-article" / "figures").mkdir(exist_ok=True)
    os.mkfifo(sample_course / "sample-article" / "figures" / "pipe.png")
    result = quizgen("check", str(sample_course), timeout=60)
    assert result.returncode == 0, result.stderr
