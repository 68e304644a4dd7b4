"""`quizgen build`: check the course, plan its quizzes, and run the writers into an atomic, incremental output."""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizgen import __version__
from quizgen.check import CheckResult, check_course, paused_gc, with_model
from quizgen.diagnostics import Diagnostic, Report
from quizgen.output_folder import (
    MANIFEST,
    all_current,
    check_names,
    check_output_folder,
    clean_up_interrupted_build,
    is_current,
    locked,
    read_manifest,
    unwritable,
    write_manifest,
    write_outputs,
)
from quizgen.resources import code_fingerprint, templates_fingerprint
from quizgen.writers import FORMATS, writers
from quizgen.writers.base import BuildContext, Output, source_date_epoch

DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z: the build clock when SOURCE_DATE_EPOCH is not set


class BuildFailed(Exception):
    """The course has errors; nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report


@dataclass
class BuildResult:
    out_dir: Path
    report: Report
    written: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    summaries: dict[str, str] = field(default_factory=dict)  # path -> what it holds


def available_formats() -> list[str]:
    return list(FORMATS)


def build_epoch() -> int:
    epoch = source_date_epoch()
    return DEFAULT_EPOCH if epoch is None else epoch


def build(
    course_dir: Path,
    out_dir: Path,
    formats: Iterable[str] | None = None,
    force: bool = False,
    progress: Callable[[list[Output]], Iterable[Output]] = lambda outputs: outputs,
    strict: bool = False,
) -> BuildResult:
    """Build the chosen formats (all by default); raises BuildFailed, writing nothing, when the course has errors
    (or, `strict`, warnings: the check's and the writers' own)."""
    # Cheap when the banks did not change (the check cache); the models are kept for with_model, below.
    summary = check_course(course_dir, model=False, for_build=True)
    if summary.report.errors or (strict and summary.report.warnings):
        raise BuildFailed(summary.report)
    names = sorted(formats or available_formats())
    chosen = list(writers(names).values())
    check_output_folder(course_dir, out_dir)
    with locked(out_dir):
        clean_up_interrupted_build(out_dir)
        check_output_folder(course_dir, out_dir)  # again: another build may have changed it while this one waited
        return _build_into(course_dir, out_dir, summary, names, chosen, force, progress, strict)


def _build_into(
    course_dir: Path,
    out_dir: Path,
    summary: CheckResult,
    names: list[str],
    chosen: list,
    force: bool,
    progress: Callable[[list[Output]], Iterable[Output]],
    strict: bool,
) -> BuildResult:
    """The build proper, holding the output folder's lock."""
    manifest_before = read_manifest(out_dir)
    previous = manifest_before.get("files", {})
    base = _base_key(course_dir)
    inputs_key = _inputs_key(base, course_dir, summary.input_hashes, names)
    if not force and all_current(out_dir, manifest_before, inputs_key):
        # Nothing the outputs are made from changed: skip loading the course, replay the last warnings.
        summary.report.extend(Diagnostic(*d) for d in manifest_before["inputs"]["warnings"])
        if strict and summary.report.warnings:
            raise BuildFailed(summary.report)
        return BuildResult(out_dir, summary.report, reused=sorted(previous))
    with paused_gc():
        result = with_model(course_dir, summary)
        gc.freeze()  # the course lives as long as the build: no collection needs to walk it again
    try:
        report, course, plans = result.report, result.course, result.plans
        context = BuildContext(course, plans, build_epoch(), previous, out_dir)
        checked = len(report.diagnostics)
        _each(chosen, "preflight", context, report)
        inputs = {"formats": names, "key": inputs_key, "warnings": [list(d) for d in report.diagnostics[checked:]]}
        if report.errors or (strict and report.warnings):
            raise BuildFailed(report)
        outputs = [output for writer in chosen for output in writer.outputs(context)]
        check_names([o.path for o in outputs])
        keys = {o.path: output_key(base, result.input_hashes, o) for o in outputs}
        outcome = BuildResult(out_dir, report, summaries={o.path: o.summary for o in outputs if o.summary})
        unchanged = [o for o in outputs if not force and is_current(out_dir, previous, o.path, keys[o.path])]
        carried = {p: e for p, e in previous.items() if not any(p.startswith(f"{w.NAME}/") for w in chosen)}
        if out_dir.is_dir() and len(unchanged) == len(outputs) and set(previous) == set(keys) | set(carried):
            outcome.reused = [o.path for o in outputs]
            try:
                write_manifest(out_dir, previous, inputs)
            except OSError as exc:
                raise unwritable(out_dir, exc, MANIFEST) from None
            _each(chosen, "after_build", context)
            return outcome
        write_outputs(
            out_dir,
            outputs,
            keys,
            {o.path for o in unchanged},
            carried,
            inputs,
            progress,
            outcome.written,
            outcome.reused,
            force,
        )
        _each(chosen, "after_build", context)
        return outcome
    finally:
        gc.unfreeze()


def check_formats(result: CheckResult, formats: list[str] | None = None) -> None:
    """Add to a checked course's report what the writers of `formats` (all by default) would warn about in a
    build: what `build --strict` fails on beyond the check. The course must have been loaded with its model."""
    assert result.course is not None
    context = BuildContext(result.course, result.plans, build_epoch())
    _each(list(writers(sorted(formats or available_formats())).values()), "preflight", context, result.report)


def _each(chosen: list, hook: str, *args: object) -> None:
    """Call the writers' `hook` where they have one: `preflight` (what a build would warn about, before anything
    is written) or `after_build` (record what a successful build shipped, the Anki release record)."""
    for writer in chosen:
        function = getattr(writer, hook, None)
        if function:
            function(*args)


def _base_key(course_dir: Path) -> str:
    """What every output depends on: quizgen's code and templates, the build clock, course.yaml."""
    parts = (__version__, code_fingerprint(), templates_fingerprint(), str(build_epoch()))
    return _digest(*parts, _file_hash(course_dir / "course.yaml"))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _inputs_key(base: str, course_dir: Path, input_hashes: dict[str, str], formats: list[str]) -> str:
    """A hash of everything a build reads: the base, the formats, the course folder's own files, the readings."""
    digest = hashlib.sha256(base.encode() + b"\0" + "\0".join(formats).encode())
    # The warnings a no-op build replays show paths from the working directory: elsewhere, they are made again.
    digest.update(f"{os.getcwd()}\0{course_dir}\0".encode())
    for path in sorted(p for p in course_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode() + b"\0" + _file_hash(path).encode())
    for slug, key in sorted(input_hashes.items()):
        digest.update(f"{slug}\0{key}\0".encode())
    return digest.hexdigest()


def output_key(base: str, input_hashes: dict[str, str], output: Output) -> str:
    """A hash of everything the file is made from: the base, its own path and extra, its articles and banks."""
    return _digest(base, output.path, output.extra, *(input_hashes.get(slug, "-") for slug in output.inputs))


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"
