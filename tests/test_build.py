"""The build pipeline: deterministic, incremental, atomic (also when killed), nothing written on errors."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from quizgen import build as build_module
from quizgen.build import BuildFailed, build
from quizgen.cli import cli
from quizgen.errors import UserError
from quizgen.writers.base import BuildContext, Output


def fake_writer(name: str = "fake", fail: bool = False, delay: float = 0.0) -> SimpleNamespace:
    """A writer with a file per article and one for the whole course."""

    def outputs(context: BuildContext) -> list[Output]:
        def render_article(slug: str) -> bytes:
            time.sleep(delay)
            if fail:
                raise RuntimeError("writer failed")
            items = context.course.items_of(slug)
            return "\n".join(f"{i.id}: {i.prompt}" for i in items).encode()

        files = [
            Output(f"{name}/{a.slug}.txt", (a.slug,), lambda s=a.slug: render_article(s))
            for a in context.course.articles
        ]
        everything = tuple(a.slug for a in context.course.articles)
        files.append(Output(f"{name}/index.txt", everything, lambda: str(len(context.course.items)).encode()))
        return files

    return SimpleNamespace(NAME=name, DESCRIPTION="test writer", outputs=outputs)


@pytest.fixture
def course(tmp_path: Path, sample_course: Path) -> Path:
    """The sample course with a second article, so one bank can change alone."""
    second = sample_course / "second-article"
    second.mkdir()
    (second / "article.txt").write_text("---\ntitle: Second\n---\nWasps build paper nests from chewed wood.\n")
    (second / "items.yaml").write_text(
        "- id: wasp-nests\n  type: tf\n  prompt: Wasps build paper nests.\n  answer: true\n"
        "  quote: Wasps build paper nests from chewed wood.\n"
    )
    return sample_course


@pytest.fixture
def use_writers(monkeypatch: pytest.MonkeyPatch):
    def install(*writers: SimpleNamespace) -> None:
        monkeypatch.setattr(build_module, "writers", lambda names=None: {w.NAME: w for w in writers if w.NAME in names})
        monkeypatch.setattr(build_module, "available_formats", lambda: [w.NAME for w in writers])

    return install


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()
    }


def test_same_input_builds_byte_identical_files(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    build(course, tmp_path / "one")
    build(course, tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert {k: v[0] for k, v in one.items()} == {k: v[0] for k, v in two.items()}


def test_rebuild_with_nothing_changed_writes_nothing(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    out = tmp_path / "build"
    first = build(course, out)
    assert len(first.written) == 3
    before = snapshot(out)
    again = build(course, out)
    assert again.written == [] and len(again.reused) == 3
    assert snapshot(out) == before


def test_a_rebuild_from_another_folder_or_path_spelling_writes_nothing(
    course: Path, tmp_path: Path, use_writers, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_writers(fake_writer())
    out = tmp_path / "build"
    monkeypatch.chdir(course.parent)
    build(Path(course.name), out)
    before = snapshot(out)
    monkeypatch.chdir(course)
    again = build(Path("."), out)  # the same course, seen from inside it
    assert again.written == [] and len(again.reused) == 3
    assert {k: v for k, v in snapshot(out).items() if "manifest" not in k} == {
        k: v for k, v in before.items() if "manifest" not in k
    }


def test_changing_one_bank_rebuilds_only_its_outputs(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    out = tmp_path / "build"
    build(course, out)
    before = snapshot(out)
    bank = course / "second-article" / "items.yaml"
    bank.write_text(bank.read_text().replace("Wasps build paper nests.", "Wasps make paper nests."))
    result = build(course, out)
    assert result.written == ["fake/second-article.txt"]  # the index was made again, and came out the same
    after = snapshot(out)
    for same in ("fake/sample-article.txt", "fake/index.txt"):
        assert after[same] == before[same]  # same bytes, same mtime
    assert after["fake/second-article.txt"][0] != before["fake/second-article.txt"][0]
    assert b"Wasps make paper nests." in after["fake/second-article.txt"][0]


def test_force_rebuilds_everything(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    build(course, tmp_path / "b")
    assert len(build(course, tmp_path / "b", force=True).written) == 3


def test_other_formats_are_kept_when_one_is_rebuilt(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer("one"), fake_writer("two"))
    out = tmp_path / "build"
    build(course, out)
    result = build(course, out, ["two"], force=True)
    assert all(path.startswith("two/") for path in result.written)
    assert (out / "one" / "index.txt").exists()


def test_failing_writer_leaves_the_previous_build_intact(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    out = tmp_path / "build"
    build(course, out)
    before = snapshot(out)
    use_writers(fake_writer(fail=True))
    with pytest.raises(RuntimeError):
        build(course, out, force=True)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_output_folder_that_cannot_be_swapped_is_a_user_error_and_stays(
    course: Path, tmp_path: Path, use_writers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point (or a locked folder) cannot be renamed: the build says so, exit 1, and the last build stays."""
    use_writers(fake_writer())
    out = tmp_path / "build"
    build(course, out)
    before = snapshot(out)
    real_rename = os.rename

    def rename(source, target):
        if Path(source) == out:
            raise OSError(16, "Device or resource busy")
        real_rename(source, target)

    monkeypatch.setattr(build_module.os, "rename", rename)
    result = CliRunner().invoke(cli, ["build", str(course), "-o", str(out), "--force"])
    assert isinstance(result.exception, UserError) and result.exit_code == 1  # the CLI prints it, exit 1
    assert f"cannot replace the output folder {out} (Device or resource busy)" in str(result.exception)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_build_leaves_the_cycle_collector_as_it_found_it(course: Path, tmp_path: Path, use_writers) -> None:
    for fail in (False, True):
        use_writers(fake_writer(fail=fail))
        try:
            build(course, tmp_path / "build", force=True)
        except RuntimeError:
            assert fail
        assert gc.isenabled() and gc.get_freeze_count() == 0


def test_course_with_errors_writes_nothing(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    (course / "second-article" / "items.yaml").write_text("- id: Bad Id\n  type: tf\n")
    with pytest.raises(BuildFailed) as failed:
        build(course, tmp_path / "build")
    assert failed.value.report.errors
    assert not (tmp_path / "build").exists()


def test_cli_build_errors_exit_1_without_traceback(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    (course / "course.yaml").write_text("id: x\ntitle: T\nquizzes: [{id: q, count: 99}]\n")
    result = CliRunner().invoke(cli, ["build", str(course), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "quiz-impossible" in result.output and "nothing was written" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_cli_unknown_format_is_a_usage_error(course: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(course), "--format", "html,nope"])
    assert result.exit_code == 2 and "unknown format nope" in result.output
    empty = CliRunner().invoke(cli, ["build", str(course), "--format", ""])
    assert empty.exit_code == 2 and "no format named" in empty.output


def test_cli_formats_given_twice_are_both_built(course: Path, tmp_path: Path) -> None:
    arguments = ["build", str(course), "-o", str(tmp_path / "out"), "--format", "html", "--format", "qti,html"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == ["html", "qti"]


KILLED_BUILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_build import fake_writer
from quizgen import build as build_module
build_module.writers = lambda names=None: {{"fake": fake_writer(delay=0.4)}}
build_module.available_formats = lambda: ["fake"]
build_module.build(Path({course!r}), Path({out!r}), force=True)
"""


def test_build_killed_mid_way_leaves_the_previous_build_intact(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    out = tmp_path / "build"
    build(course, out)
    before = snapshot(out)
    script = KILLED_BUILD.format(tests=str(Path(__file__).parent), course=str(course), out=str(out))
    process = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": os.getcwd()})
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".build.quizgen-*/new/fake")) and time.monotonic() < deadline:  # writing
        time.sleep(0.02)
    assert list(tmp_path.glob(".build.quizgen-*/new/fake")), "the build never started writing"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(out) == before
    result = build(course, out)  # the next build cleans up after the killed one
    assert result.written == [] and not list(tmp_path.glob(".build.*"))


def test_no_op_rebuild_skips_the_writers_and_replays_warnings(course: Path, tmp_path: Path, use_writers) -> None:
    writer = fake_writer()
    writer.preflight = lambda context, report: report.warning(context.course.path / "course.yaml", 1, "heads up", "x")
    use_writers(writer)
    out = tmp_path / "build"
    first = build(course, out)
    assert [d.message for d in first.report.warnings] == ["heads up"]

    def must_not_run(context):
        raise AssertionError("outputs() was called on a no-op rebuild")

    writer.outputs = must_not_run
    again = build(course, out)
    assert again.written == [] and len(again.reused) == 3
    assert [d.message for d in again.report.warnings] == ["heads up"]
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "\n# edited\n")
    with pytest.raises(AssertionError, match="no-op rebuild"):
        build(course, out)  # an input changed: the writers run again


def test_output_folder_that_is_not_a_build_is_refused(course: Path, tmp_path: Path, use_writers) -> None:
    use_writers(fake_writer())
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    for out in (precious, course, course.parent):
        with pytest.raises(UserError):
            build(course, out)
    assert (precious / "thesis.docx").read_text() == "years of work"
    assert (course / "course.yaml").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(course, empty).written  # an empty folder is fine, and so is a folder a build made
    assert build(course, empty, force=True).written


def test_cli_refuses_an_output_folder_holding_the_course(course: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "build", str(course), "-o", str(course)], capture_output=True, text=True
    )
    assert result.returncode == 1 and "holds the course" in result.stderr and "Traceback" not in result.stderr
    assert (course / "course.yaml").exists()


def test_formats_with_no_output_into_a_new_folder(course: Path, tmp_path: Path, use_writers) -> None:
    nothing = fake_writer()
    nothing.outputs = lambda context: []
    use_writers(nothing)
    result = build(course, tmp_path / "new")
    assert result.written == []


def test_strict_build_fails_on_the_writers_warnings_too(course: Path, tmp_path: Path, use_writers) -> None:
    writer = fake_writer()
    writer.preflight = lambda context, report: report.warning(context.course.path / "course.yaml", 1, "lossy", "x")
    use_writers(writer)
    with pytest.raises(BuildFailed) as failed:
        build(course, tmp_path / "strict", strict=True)
    assert [d.message for d in failed.value.report.warnings] == ["lossy"]
    assert not (tmp_path / "strict").exists()
    build(course, tmp_path / "strict")  # without strict it builds, and a strict no-op rebuild still fails
    with pytest.raises(BuildFailed):
        build(course, tmp_path / "strict", strict=True)
