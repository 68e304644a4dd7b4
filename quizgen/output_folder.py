"""The output folder of a build: its manifest, which folders a build may replace, the scratch folder it writes
into beside it (provably quizgen's own), the lock that keeps two builds apart, the swap that puts the new build in
place whole, and the recovery of a build killed half-way.

A build deletes only what quizgen made: the files its manifest lists in the output folder, and scratch folders
with a fresh unique name that carry quizgen's marker. Anything else in the way stops the build with an error
naming it. The manifest itself is not trusted: a path in it that leads out of the folder makes it no manifest.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from quizgen.errors import UserError
from quizgen.writers.base import Output

MANIFEST = ".quizgen-manifest.json"
MARKER = ".quizgen-scratch"  # written first into every scratch folder: a folder without it is not quizgen's
MARKER_TEXT = "a scratch folder of `quizgen build`, made fresh for one build; safe to delete\n"
NEW, OLD = "new", "old"  # a scratch folder holds the build being written and, during the swap, the last one
NAME_MAX = 255  # bytes in a file name: ext4, APFS, NTFS (in UTF-16 units), and so most file systems
SHOWN = 5  # foreign files named in an error
# What a full or failing disk raises while the new build is written beside the last: a user error, the last build kept.
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.ENAMETOOLONG}


def scratch_prefix(out_dir: Path) -> str:
    """How the names of the scratch folders beside `out_dir` begin (tempfile adds a unique tail)."""
    return f".{out_dir.name}.quizgen-"


def read_manifest(out_dir: Path) -> dict:
    """The last build's manifest: `files` (path -> entry) and `inputs`; {} when there is none or it is not one
    quizgen wrote (not JSON, or a listed path that is not a plain relative path inside the folder)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return {}
    if not all(_inside(path) and isinstance(entry, dict) for path, entry in data["files"].items()):
        return {}
    return data if isinstance(data.get("inputs", {}), dict) else {}


def _inside(path: str) -> bool:
    """Whether a manifest path names a file inside the folder: relative, no `..`, no empty or odd parts."""
    parts = PurePosixPath(path).parts
    return (
        bool(parts)
        and "\\" not in path
        and "\0" not in path
        and not path.startswith("/")
        and all(part not in (".", "..") for part in parts)
        and str(PurePosixPath(*parts)) == path
    )


def write_manifest(folder: Path, files: dict, inputs: dict) -> None:
    """Write the manifest whole or not at all (a full disk leaves the last one, and no part of the new one)."""
    text = json.dumps({"files": files, "inputs": inputs}, indent=1, sort_keys=True) + "\n"
    temporary = folder / f"{MANIFEST}.tmp"
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, folder / MANIFEST)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_output_folder(course_dir: Path, out_dir: Path) -> None:
    """Refuse an output folder that a build would destroy: the course, a folder holding it, a link, a file, or a
    folder holding anything quizgen did not make (the build would delete it)."""
    if out_dir.is_symlink():
        raise UserError(
            f"the output folder {out_dir} is a symbolic link (to {os.readlink(out_dir)}); a build replaces its "
            "output folder whole, link and all: give the folder itself with -o, or another one"
        )
    course, out = course_dir.resolve(), out_dir.resolve()
    if out == course or out in course.parents:
        raise UserError(f"the output folder {out_dir} holds the course: choose another, like `-o build`")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out_dir} is a file: choose a folder for the output, like `-o build`")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not (out / MANIFEST).is_file():
        raise UserError(
            f"{out_dir} is not empty and was not made by `quizgen build`, which replaces its output folder "
            "whole: choose a new or empty folder"
        )
    manifest = read_manifest(out)
    if not manifest:
        raise UserError(
            f"{out_dir / MANIFEST} is not a manifest `quizgen build` wrote (it is not JSON, or it names a path "
            f"outside the folder), so nothing shows which files in {out_dir} are quizgen's: delete the folder "
            "yourself if it holds nothing of yours, or choose another with -o"
        )
    foreign = foreign_files(out, set(manifest["files"]))
    if foreign:
        names = ", ".join(str(out_dir / name) for name in foreign[:SHOWN])
        more = f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else ""
        raise UserError(
            f"{out_dir} holds what `quizgen build` did not make, which replacing the folder would delete: "
            f"{names}{more}; move it out of the folder, or choose another with -o"
        )


def foreign_files(out: Path, listed: set[str]) -> list[str]:
    """Paths in `out` (relative, sorted) that quizgen did not make: neither the manifest, nor a plain file it
    lists, nor a folder on the way to one. Links and special files are never quizgen's; links are not followed."""
    needed = {str(parent) for path in listed for parent in PurePosixPath(path).parents if str(parent) != "."}
    foreign = []
    for folder, dirs, files in os.walk(out):
        here = PurePosixPath(Path(folder).relative_to(out).as_posix())
        for name in sorted(dirs):
            path = str(here / name) if str(here) != "." else name
            if os.path.islink(os.path.join(folder, name)) or path not in needed:
                foreign.append(path)
                dirs.remove(name)  # named once, not walked
        for name in sorted(files):
            path = str(here / name) if str(here) != "." else name
            try:
                plain = stat.S_ISREG(os.lstat(os.path.join(folder, name)).st_mode)  # not a link, a FIFO, a device
            except FileNotFoundError:
                continue  # gone since the listing: another build is swapping its folder in (the check before the lock)
            if not (plain and (path in listed or path in (MANIFEST, f"{MANIFEST}.tmp"))):  # .tmp: a kill mid-write
                foreign.append(path)
    return sorted(foreign)


def all_current(out_dir: Path, manifest: dict, inputs_key: str) -> bool:
    """Whether the last build was made from exactly these inputs and all its files are still there."""
    inputs = manifest.get("inputs", {})
    files = manifest.get("files", {})
    warnings = inputs.get("warnings")
    replayable = isinstance(warnings, list) and all(isinstance(d, list) and 5 <= len(d) <= 6 for d in warnings)
    return inputs.get("key") == inputs_key and replayable and all((out_dir / path).is_file() for path in files)


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
    """Render what changed and link what did not into a fresh scratch folder, then swap it in for `out_dir`; the
    paths go to `written` and `reused`. Call it holding the lock."""
    scratch = new_scratch(out_dir)
    staging = scratch / NEW
    path = ""
    try:
        files = {}
        for path, entry in carried.items():  # other formats' files, from the last build
            _link_or_copy(out_dir / path, staging / path)
            files[path] = entry
        for output in progress(outputs):
            path, target, last = output.path, staging / output.path, out_dir / output.path
            data = None if output.path in current else output.render()
            if data is None or (not force and _holds(last, data)):  # its inputs, or else its bytes, are unchanged
                _link_or_copy(last, target)
                reused.append(output.path)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.append(output.path)
            files[output.path] = {"key": keys[output.path]}
        path = ""
        write_manifest(staging, files, inputs)
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        if exc.errno in WRITE_ERRORS:
            raise unwritable(out_dir, exc, path) from None
        raise
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    swap_in(scratch, out_dir)


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


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the build lock of `out_dir`'s parent folder (made if missing): one build at a time writes beside it,
    a second one waits (saying so) until the first has finished or died. The lock goes with the process."""
    parent = out_dir.absolute().parent
    blocking = next((p for p in (parent, *parent.parents) if os.path.lexists(p) and not p.is_dir()), None)
    if blocking:
        raise UserError(f"{blocking} is a file, so no folder {out_dir} can be made: choose another with -o")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(parent, os.O_RDONLY)
    except OSError as exc:
        raise unreplaceable(out_dir, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another `quizgen build` writing into {parent} to finish", file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def clean_up_interrupted_build(out_dir: Path) -> None:
    """Remove the scratch folders a killed build left beside `out_dir` (only folders with quizgen's marker),
    first putting the last build back if the swap was cut short. Call it holding the lock."""
    parent, prefix = out_dir.absolute().parent, scratch_prefix(out_dir)
    for entry in sorted(parent.iterdir()):
        if not entry.name.startswith(prefix) or not is_scratch(entry):
            continue
        if (entry / OLD).is_dir() and not os.path.lexists(out_dir):
            os.rename(entry / OLD, out_dir)
        shutil.rmtree(entry, ignore_errors=True)


def is_scratch(folder: Path) -> bool:
    """Whether `folder` is a real folder (not a link) holding the marker quizgen writes into its scratch folders."""
    marker = folder / MARKER
    try:
        plain = not folder.is_symlink() and not marker.is_symlink() and marker.is_file()  # a FIFO would hang a read
        return plain and marker.stat().st_size == len(MARKER_TEXT) and marker.read_text() == MARKER_TEXT
    except (OSError, UnicodeDecodeError):
        return False


def new_scratch(out_dir: Path) -> Path:
    """A fresh scratch folder beside `out_dir`, marked as quizgen's; the build is written into its `new/`."""
    try:
        scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix(out_dir), dir=out_dir.absolute().parent))
    except OSError as exc:
        raise unreplaceable(out_dir, exc) from None
    try:
        (scratch / MARKER).write_text(MARKER_TEXT)
        (scratch / NEW).mkdir()
    except OSError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise unwritable(out_dir, exc) from None
    return scratch


def swap_in(scratch: Path, out_dir: Path) -> None:
    """Replace `out_dir` by the scratch folder's `new/` with two renames (the last build moves into the scratch
    folder); a build killed between them is put back by the next. The scratch folder goes either way."""
    try:
        if os.path.lexists(out_dir):
            os.rename(out_dir, scratch / OLD)
        try:
            os.rename(scratch / NEW, out_dir)
        except OSError:
            if (scratch / OLD).exists() and not os.path.lexists(out_dir):
                os.rename(scratch / OLD, out_dir)  # the last build stays where it was
            raise
    except OSError as exc:
        raise unreplaceable(out_dir, exc) from None
    finally:
        if os.path.lexists(out_dir):  # else the last build is in it: the next build puts it back
            shutil.rmtree(scratch, ignore_errors=True)


def check_names(paths: list[str]) -> None:
    """Refuse output paths with a name longer than file systems allow, before anything is written."""
    for path in paths:
        for name in path.split("/"):
            if len(name.encode()) > NAME_MAX:
                raise UserError(
                    f"cannot name the output {path[:80]}…: its file name is {len(name.encode())} bytes long and file "
                    f"systems allow {NAME_MAX}; shorten the course, quiz or article id it is named after"
                )


def unreplaceable(out_dir: Path, exc: OSError) -> UserError:
    return UserError(
        f"cannot replace the output folder {out_dir} ({exc.strerror}): a build is written beside it and swapped in "
        "whole, which a mount point, a locked folder or a read-only parent does not allow; choose another folder "
        "with -o"
    )


def unwritable(out_dir: Path, exc: OSError, path: str = "") -> UserError:
    """Writing the new build failed (a full disk, a quota): the last build is untouched."""
    what = f"{out_dir / path}" if path else f"the build beside {out_dir}"
    space = "free some space, or " if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    return UserError(
        f"cannot write {what} ({exc.strerror}): nothing was replaced, the last build is as it was; {space}choose "
        "another folder with -o"
    )
