"""The output folder of a build: its manifest, the staging folder a build writes into, the swap that puts it in
place whole, and the recovery of a build killed half-way."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from quizgen.errors import UserError
from quizgen.writers.base import Output

MANIFEST = ".quizgen-manifest.json"


def check_output_folder(course_dir: Path, out_dir: Path) -> None:
    """Refuse an output folder that a build would destroy: the course, a folder holding it, or someone's files."""
    course, out = course_dir.resolve(), out_dir.resolve()
    if out == course or out in course.parents:
        raise UserError(f"the output folder {out_dir} holds the course: choose another, like `-o build`")
    if out.is_file():
        raise UserError(f"{out_dir} is a file: choose a folder for the output, like `-o build`")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise UserError(
            f"{out_dir} is not empty and was not made by `quizgen build`, which replaces its output folder "
            "whole: choose a new or empty folder"
        )


def clean_up_interrupted_build(out_dir: Path) -> None:
    """Remove what a killed build left beside `out_dir`, restoring the last build if the swap was cut short."""
    staging, old = _beside(out_dir, "staging"), _beside(out_dir, "old")
    if staging.exists():
        shutil.rmtree(staging)
    if old.exists() and not out_dir.exists():
        os.rename(old, out_dir)
    elif old.exists():
        shutil.rmtree(old)


def read_manifest(out_dir: Path) -> dict:
    """The last build's manifest: `files` (path -> key) and `inputs` (what it was built from, its warnings)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}


def write_manifest(folder: Path, files: dict, inputs: dict) -> None:
    text = json.dumps({"files": files, "inputs": inputs}, indent=1, sort_keys=True) + "\n"
    (folder / f"{MANIFEST}.tmp").write_text(text, encoding="utf-8")
    os.replace(folder / f"{MANIFEST}.tmp", folder / MANIFEST)


def all_current(out_dir: Path, manifest: dict, inputs_key: str) -> bool:
    """Whether the last build was made from exactly these inputs and all its files are still there."""
    inputs = manifest.get("inputs", {})
    files = manifest.get("files", {})
    return inputs.get("key") == inputs_key and all((out_dir / path).is_file() for path in files)


def is_current(out_dir: Path, previous: dict, path: str, key: str) -> bool:
    return previous.get(path, {}).get("key") == key and (out_dir / path).is_file()


def write_outputs(
    out_dir: Path,
    outputs: list[Output],
    keys: dict[str, str],
    current: set[str],
    carried: dict[str, dict],
    inputs: dict,
    progress: Callable[[list[Output]], Iterable[Output]],
    written: list[str],
    reused: list[str],
    force: bool = False,
) -> None:
    """Render what changed and link what did not into a staging folder, then swap it in for `out_dir`; the paths
    go to `written` and `reused`."""
    staging = _beside(out_dir, "staging")
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise _unreplaceable(out_dir, exc) from None
    try:
        files = {}
        for path, entry in carried.items():  # other formats' files, from the last build
            _link_or_copy(out_dir / path, staging / path)
            files[path] = entry
        for output in progress(outputs):
            target, last = staging / output.path, out_dir / output.path
            data = None if output.path in current else output.render()
            if data is None or (not force and _holds(last, data)):  # its inputs, or else its bytes, are unchanged
                _link_or_copy(last, target)
                reused.append(output.path)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.append(output.path)
            files[output.path] = {"key": keys[output.path]}
        write_manifest(staging, files, inputs)
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly `data`: then it is kept, with its time, and not counted as written."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_or_copy(source: Path, target: Path) -> None:
    """Carry a file over from the last build without rewriting it (a hard link keeps its mtime)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _beside(out_dir: Path, what: str) -> Path:
    """The hidden folder a build stages into (`staging`) or moves the last build to (`old`) during the swap."""
    return out_dir.parent / f".{out_dir.name}.{what}"


def swap_in(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging` with two renames; a build killed between them is recovered next time."""
    old = _beside(out_dir, "old")
    if old.exists():
        shutil.rmtree(old)
    try:
        if out_dir.exists():
            os.rename(out_dir, old)
        try:
            os.rename(staging, out_dir)
        except OSError:
            if old.exists() and not out_dir.exists():
                os.rename(old, out_dir)  # the last build stays where it was
            raise
    except OSError as exc:
        raise _unreplaceable(out_dir, exc) from None
    shutil.rmtree(old, ignore_errors=True)


def _unreplaceable(out_dir: Path, exc: OSError) -> UserError:
    return UserError(
        f"cannot replace the output folder {out_dir} ({exc.strerror}): a build is written beside it and swapped in "
        "whole, which a mount point, a locked folder or a read-only parent does not allow; choose another folder "
        "with -o"
    )
