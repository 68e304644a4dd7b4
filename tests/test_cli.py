"""The command line as a user meets it: entry points, init, crashes."""

from __future__ import annotations

import gc
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from quizgen import cli as cli_module


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quizgen", *args], capture_output=True, text=True, cwd=cwd)


def test_python_m_quizgen_and_help() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "check", "import-article", "init", "stats"):
        assert command in result.stdout


def test_init_scaffolds_a_course_that_checks(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "course.yaml").exists()
    assert '\nid: new\ntitle: "new"\n' in (tmp_path / "new" / "course.yaml").read_text(encoding="utf-8")
    check = run("check", "--strict", str(tmp_path / "new"))
    assert check.returncode == 0, check.stderr
    again = run("init", str(tmp_path / "new"))
    assert again.returncode == 1 and "not empty" in again.stderr and "Traceback" not in again.stderr


def test_course_ids_from_folder_names_keep_their_letters_and_differ() -> None:
    from quizgen.scaffold import course_id

    assert course_id("Cours été 2027") == "cours-ete-2027"
    assert course_id("Économie 101") == "economie-101"
    assert course_id("Straße") == "strasse"
    assert course_id("한국 정치").startswith("course-") and course_id("한국 정치") != course_id("日本の政治")


def test_a_new_course_builds_with_strict_and_format_limits_are_notes(tmp_path: Path) -> None:
    run("init", str(tmp_path / "new"))
    built = run("build", "--strict", str(tmp_path / "new"), "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    # what a format cannot hold (and a first Anki release) is shown as a note, which --strict accepts
    assert "note: item 'bees-match': Common Cartridge: left out of the package" in built.stderr
    assert "note: " in built.stderr and "anki-first-release" in built.stderr and "warning:" not in built.stderr
    assert (tmp_path / "out" / "anki").is_dir()


def test_inside_a_course_folder_the_course_is_the_default(tmp_path: Path) -> None:
    run("init", str(tmp_path / "new"))
    check = run("check", cwd=tmp_path / "new")
    assert check.returncode == 0 and check.stdout.startswith(".: 10 items in 1 article, 1 quiz: ok"), (
        check.stdout + check.stderr
    )
    elsewhere = run("check", cwd=tmp_path)  # no course here and no items/: the message names items/
    assert elsewhere.returncode == 1 and "items: error: no such course folder" in elsewhere.stderr


def test_init_bank_uses_every_type(tmp_path: Path) -> None:
    from quizgen.model import ITEM_TYPES
    from tests.conftest import loaded

    run("init", str(tmp_path / "new"))
    course, _ = loaded(tmp_path / "new")
    assert {item.type for item in course.items} == set(ITEM_TYPES)


def test_internal_crash_prints_one_line_and_saves_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    def explode(course_dir: Path, **options):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli_module, "check_course", explode)
    monkeypatch.setattr(sys, "argv", ["quizgen", "check", str(tmp_path)])
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the saved traceback lands here, not in /tmp
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    assert exited.value.code == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "traceback was saved to" in err[0]
    saved = Path(err[0].rsplit(" ", 1)[1])
    assert "ZeroDivisionError: boom" in saved.read_text() and saved.parent == tmp_path


def test_the_command_ends_with_its_objects_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizgen.__main__ import run

    monkeypatch.setattr(cli_module, "main", lambda: sys.exit(3))
    try:
        with pytest.raises(SystemExit) as exited:
            run()
        assert exited.value.code == 3 and gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_example_course_checks_strict() -> None:
    result = run("check", "--strict", "items", cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr


def test_check_with_formats_fails_strict_exactly_where_build_would(tmp_path: Path) -> None:
    run("init", str(tmp_path / "new"))
    bank = tmp_path / "new" / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("where does a forager perform", "where does a forager \U0001f41d perform"), "utf-8")
    assert run("check", "--strict", str(tmp_path / "new")).returncode == 0  # the check alone knows no fonts
    for formats in (["--format", "all"], ["--format", "html", "--format", "PDF"]):
        checked = run("check", "--strict", *formats, str(tmp_path / "new"))
        assert checked.returncode == 1 and "[pdf-glyph]" in checked.stderr, checked.stderr
    assert run("check", "--strict", "--format", "anki,html", str(tmp_path / "new")).returncode == 0
    built = run("build", "--strict", str(tmp_path / "new"), "-o", str(tmp_path / "out"))
    assert built.returncode == 1 and "[pdf-glyph]" in built.stderr
