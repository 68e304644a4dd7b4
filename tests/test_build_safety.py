"""Hostile and unlucky builds: a build deletes only what quizgen made, writes nowhere but its output folder and
the scratch folder beside it, and answers every mistake with a message and exit 1 (never a traceback, exit 3)."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from quizgen import output_folder
from quizgen.cli import main

FORMAT = ["--format", "html"]  # one quick format: what is tested here is the folder, not the files


def run(*args: str, capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str]:
    """`quizgen ARGS` in this process, as the console script runs it: (exit code, what it printed to stderr)."""
    if capsys:
        capsys.readouterr()
    sys.argv = ["quizgen", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err if capsys else ""


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (links not followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[str(path.relative_to(folder))] = path.read_bytes()
    return found


@pytest.fixture
def built(sample_course: Path, tmp_path: Path, capsys) -> Path:
    """A first build of the sample course into tmp_path/build."""
    out = tmp_path / "build"
    assert run("build", str(sample_course), "-o", str(out), *FORMAT, capsys=capsys)[0] == 0
    return out


def scratch(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if ".quizgen-" in p.name)


def test_folders_named_like_old_scratch_folders_are_the_users(sample_course: Path, tmp_path: Path, capsys) -> None:
    """Issue #14: `.build.old/` and `.build.staging/` were taken for scratch space and deleted."""
    notes, draft = tmp_path / ".build.old" / "notes.txt", tmp_path / ".build.staging" / "draft.txt"
    for path in (notes, draft):
        path.parent.mkdir()
        path.write_text("mine")
    out = str(tmp_path / "build")
    assert run("build", str(sample_course), "-o", out, *FORMAT, capsys=capsys)[0] == 0
    assert run("build", str(sample_course), "-o", out, *FORMAT, "--force", capsys=capsys)[0] == 0
    assert notes.read_text() == draft.read_text() == "mine"
    assert scratch(tmp_path) == []


@pytest.mark.parametrize("marker", ["none", "fifo", "link", "linked-folder"])
def test_a_folder_named_like_a_scratch_folder_is_left_unless_quizgen_marked_it(
    sample_course: Path, built: Path, tmp_path: Path, marker: str, capsys
) -> None:
    """Only a real folder with quizgen's marker, a plain file, is a scratch folder a killed build left."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "old").mkdir(parents=True)
    (elsewhere / "old" / "keep.txt").write_text("mine")
    (elsewhere / output_folder.MARKER).write_text(output_folder.MARKER_TEXT)
    mine = tmp_path / ".build.quizgen-abc123"
    if marker == "linked-folder":
        mine.symlink_to(elsewhere, target_is_directory=True)
    else:
        (mine / "old").mkdir(parents=True)
        (mine / "old" / "keep.txt").write_text("mine")
    if marker == "fifo":
        os.mkfifo(mine / output_folder.MARKER)  # reading it would hang the build
    elif marker == "link":
        (mine / output_folder.MARKER).symlink_to(elsewhere / output_folder.MARKER)
    assert run("build", str(sample_course), "-o", str(built), *FORMAT, "--force", capsys=capsys)[0] == 0
    assert (mine / "old" / "keep.txt").read_text() == (elsewhere / "old" / "keep.txt").read_text() == "mine"


def test_a_file_added_to_the_build_folder_stops_the_build(
    sample_course: Path, built: Path, tmp_path: Path, capsys
) -> None:
    before = files(built)
    (built / "html" / "my-notes.txt").write_text("mine")
    code, err = run("build", str(sample_course), "-o", str(built), *FORMAT, "--force", capsys=capsys)
    assert code == 1 and f"{built / 'html' / 'my-notes.txt'}" in err and "did not make" in err
    assert "Traceback" not in err
    assert files(built) == {**before, "html/my-notes.txt": b"mine"}
    assert scratch(tmp_path) == []


def test_a_link_in_the_build_folder_stops_the_build_and_its_target_stays(
    sample_course: Path, built: Path, tmp_path: Path, capsys
) -> None:
    outside = tmp_path / "documents"
    outside.mkdir()
    (outside / "thesis.txt").write_text("years of work")
    (built / "html" / "thesis.txt").symlink_to(outside / "thesis.txt")
    (built / "pdf").symlink_to(outside, target_is_directory=True)
    code, err = run("build", str(sample_course), "-o", str(built), *FORMAT, "--force", capsys=capsys)
    assert code == 1 and f"{built / 'html' / 'thesis.txt'}" in err and f"{built / 'pdf'};" in err
    assert files(outside) == {"thesis.txt": b"years of work"}
    assert (built / "pdf").is_symlink()


def test_a_built_file_replaced_by_a_pipe_is_not_quizgens_and_stops_the_build(
    sample_course: Path, built: Path, capsys
) -> None:
    (built / "html" / "index.html").unlink()
    os.mkfifo(built / "html" / "index.html")  # reading it would wait for a writer forever
    code, err = run("build", str(sample_course), "-o", str(built), *FORMAT, capsys=capsys)
    assert code == 1 and f"{built / 'html' / 'index.html'}" in err


@pytest.mark.parametrize("path", ["../../victim.txt", "/tmp/victim.txt", "html/../../victim.txt", "html//x"])
def test_a_manifest_naming_a_path_outside_the_folder_is_not_trusted(
    sample_course: Path, built: Path, tmp_path: Path, path: str, capsys
) -> None:
    """A build folder arrives from elsewhere (a shared drive) with a manifest that leads out of it."""
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    manifest = built / output_folder.MANIFEST
    data = json.loads(manifest.read_text())
    data["files"][path] = {"key": "x"}
    manifest.write_text(json.dumps(data))
    before = files(tmp_path)
    for args in ([], ["--format", "pdf"]):  # html rebuilt (the entry would be carried), or pdf only
        code, err = run("build", str(sample_course), "-o", str(built), *args, capsys=capsys)
        assert code == 1 and "names a path outside the folder" in err and "Traceback" not in err
        assert files(tmp_path) == before


def test_an_output_folder_that_is_a_link_is_refused(sample_course: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "mine.txt").write_text("mine")
    link = tmp_path / "build"
    link.symlink_to(target, target_is_directory=True)
    code, err = run("build", str(sample_course), "-o", str(link), *FORMAT, capsys=capsys)
    assert code == 1 and "is a symbolic link" in err and str(target) in err
    assert link.is_symlink() and files(target) == {"mine.txt": b"mine"}


def test_the_root_the_home_folder_or_a_file_is_never_an_output_folder(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "thesis.txt").write_text("years of work")
    monkeypatch.setenv("HOME", str(home))
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for out, code, says in (
        ("/", 1, "holds the course"),
        (os.path.expanduser("~"), 1, "was not made by `quizgen build`"),
        (str(a_file), 2, "is a file"),
        (str(a_file / "build"), 1, f"{a_file} is a file, so no folder"),
    ):
        got, err = run("build", str(sample_course), "-o", out, *FORMAT, capsys=capsys)
        assert (got, "Traceback" in err) == (code, False) and says in err, (out, err)
    assert files(home) == {"Documents/thesis.txt": b"years of work"} and a_file.read_text() == "mine"


def test_an_output_folder_inside_the_course_builds_and_is_no_part_of_it(
    sample_course: Path, tmp_path: Path, capsys
) -> None:
    out = str(sample_course / "build")
    assert run("build", str(sample_course), "-o", out, *FORMAT, capsys=capsys)[0] == 0
    code, err = run("check", str(sample_course), capsys=capsys)
    assert code == 0 and "build" not in err.replace("`quizgen build`", "")
    assert run("build", str(sample_course), "-o", out, *FORMAT, capsys=capsys) == (0, "")


def test_a_build_while_another_writes_beside_waits_for_it(sample_course: Path, built: Path, capsys) -> None:
    lock = output_folder.locked(built)
    lock.__enter__()  # another build holds the folder, for a second
    threading.Timer(1.0, lock.__exit__, (None, None, None)).start()
    code, err = run("build", str(sample_course), "-o", str(built), *FORMAT, "--force", capsys=capsys)
    assert code == 0 and f"waiting for another `quizgen build` writing into {built.parent} to finish" in err


def test_builds_at_once_into_one_folder_leave_one_whole_build(sample_course: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    command = [sys.executable, "-m", "quizgen", "build", str(sample_course), "-o", str(out), "--force", *FORMAT]
    processes = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0, 0], results
    listed = json.loads((out / output_folder.MANIFEST).read_text())["files"]
    assert sorted(files(out)) == sorted([*listed, output_folder.MANIFEST]) and scratch(tmp_path) == []


def fail_writes_after(monkeypatch: pytest.MonkeyPatch, count: int, error: int) -> None:
    """Let `count` more output files be written, then fail every write with `error` (a disk filling up)."""
    real = Path.write_bytes
    left = [count]

    def write_bytes(self: Path, data: bytes) -> int:
        if left[0] <= 0:
            raise OSError(error, os.strerror(error), str(self))
        left[0] -= 1
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EDQUOT, errno.EROFS])
def test_a_full_disk_keeps_the_last_build(
    sample_course: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: int, capsys
) -> None:
    before = files(built)
    fail_writes_after(monkeypatch, 2, error)
    code, err = run("build", str(sample_course), "-o", str(built), *FORMAT, "--force", capsys=capsys)
    assert code == 1 and os.strerror(error) in err and "the last build is as it was" in err
    assert f"{built / 'html'}" in err  # names the file it could not write
    assert files(built) == before and scratch(tmp_path) == []


def test_a_read_only_place_for_the_scratch_folder_is_a_clear_error(
    sample_course: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """As root the tests cannot make a folder read-only: the file system says so instead."""

    def mkdtemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output_folder.tempfile, "mkdtemp", mkdtemp)
    before = files(built)
    code, err = run("build", str(sample_course), "-o", str(built), *FORMAT, "--force", capsys=capsys)
    assert code == 1 and "cannot replace the output folder" in err and "Permission denied" in err
    assert files(built) == before


KILLED_IN_THE_SWAP = """
import os, signal, sys
from quizgen import output_folder
real = os.rename
def rename(source, target):
    real(source, target)
    if str(target).endswith("/old"):  # the last build moved aside, the new one not yet in place
        os.kill(os.getpid(), signal.SIGKILL)
output_folder.os.rename = rename
sys.argv = ["quizgen", "build", {course!r}, "-o", {out!r}, "--format", "html", "--force"]
from quizgen.cli import main
main()
"""


def test_a_build_killed_between_the_two_renames_is_put_back_by_the_next(
    sample_course: Path, built: Path, tmp_path: Path, capsys
) -> None:
    before = files(built)
    script = KILLED_IN_THE_SWAP.format(course=str(sample_course), out=str(built))
    assert subprocess.run([sys.executable, "-c", script]).returncode == -signal.SIGKILL
    assert not built.exists() and len(scratch(tmp_path)) == 1  # the last build waits in the scratch folder
    assert run("build", str(sample_course), "-o", str(built), *FORMAT, capsys=capsys) == (0, "")
    assert files(built) == before and scratch(tmp_path) == []


def test_an_output_name_too_long_for_the_file_system_is_a_clear_error(
    sample_course: Path, tmp_path: Path, capsys
) -> None:
    course_yaml = sample_course / "course.yaml"
    long_id = "q" * 300
    course_yaml.write_text(course_yaml.read_text().replace("id: sample-quiz", f"id: {long_id}"))
    out = tmp_path / "build"
    code, err = run("build", str(sample_course), "-o", str(out), *FORMAT, capsys=capsys)
    assert code == 1 and "file systems allow 255" in err and "shorten the course, quiz or article id" in err
    assert not out.exists() and scratch(tmp_path) == []


@pytest.mark.parametrize("field", ["id: my-course", "id: sample-quiz"])
@pytest.mark.parametrize("evil", ["../../escaped", "/tmp/escaped", "a/../../escaped"])
def test_ids_that_try_to_leave_the_output_folder_are_errors(
    sample_course: Path, tmp_path: Path, field: str, evil: str, capsys
) -> None:
    course_yaml = sample_course / "course.yaml"
    course_yaml.write_text(course_yaml.read_text().replace(field, f"id: '{evil}'", 1))
    code, err = run("build", str(sample_course), "-o", str(tmp_path / "out" / "build"), capsys=capsys)
    assert code == 1 and "may hold only lowercase letters, digits and '-'" in err and "Traceback" not in err
    assert list(tmp_path.rglob("*escaped*")) == [] and not Path("/tmp/escaped").exists()
    assert not (tmp_path / "out").exists()


def test_check_and_build_open_no_connection_and_run_no_program(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"quizgen tried to connect or run a program: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "execv", refuse)
    monkeypatch.setattr(os, "posix_spawn", refuse)
    assert run("check", str(sample_course), capsys=capsys)[0] == 0
    assert run("build", str(sample_course), "-o", str(tmp_path / "build"), capsys=capsys)[0] == 0
    assert attempts == []
