"""Reading a file of a course folder, which is untrusted: nothing outside the course (no link out of it), only
regular files of a sane size, and a document saved under a text file's name (a PDF as article.txt) told apart."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 2**20  # a reading of 64 MB is some 10 books: more is the wrong file, or a trap


class UnreadableFile(Exception):
    """A course file that is not read; the message says why and what to do, `code` is its diagnostic code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def link_out(path: Path, root: Path) -> tuple[Path, str] | None:
    """The first link on the way from the course folder `root` to `path` that leads out of the course, with what
    it points to (a `..` in the way counts as such a link); None when the way stays inside."""
    base = None  # where the course really is: needed only once a link is met
    current = walked = os.fspath(root)
    for part in path.parts[len(root.parts) :]:
        walked = os.path.join(walked, part)
        if part in (os.pardir, os.curdir):
            return Path(walked), part
        step = os.path.join(current, part)
        if not os.path.islink(step):
            current = step
            continue
        base = base or os.path.realpath(root)
        current = os.path.realpath(step)
        if os.path.commonpath([base, current]) != base:
            return Path(walked), os.readlink(step)
    return None


def outside(path: Path, root: Path) -> str | None:
    """Why reading `path` would leave the course folder `root` (see link_out), or None when it would not."""
    link = link_out(path, root)
    if link is None:
        return None
    where, target = link
    what = "the path" if target in (os.pardir, os.curdir) else f"{where.name} is a link to {target}, which"
    return (
        f"{what} leads out of the course folder: quizgen reads nothing outside the course; copy the file into the "
        "course instead of linking to it"
    )


def fingerprint(path: Path, root: Path) -> bytes:
    """What the reading of `path` depends on, to hash: the bytes read_bytes would return, else (a file it would not
    read) what the file is, without reading it."""
    try:
        return b"+" + read_bytes(path, root)
    except UnreadableFile as exc:
        return f"-{exc.code}:{exc}".encode("utf-8", "surrogateescape")


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def read_bytes(path: Path, root: Path) -> bytes:
    """The bytes of `path`, a file of the course folder `root`; UnreadableFile when it is not to be read."""
    leaving = outside(path, root)
    if leaving:
        raise UnreadableFile(leaving, "outside-course")
    try:
        info = os.stat(path)
        kind = stat.S_IFMT(info.st_mode)
        if kind != stat.S_IFREG:
            raise UnreadableFile(
                f"{path.name} is {_KINDS.get(kind, 'not a regular file')}, not a file: quizgen reads {path.name} "
                f"as a plain file; put the file itself in its place",
                "not-a-file",
            )
        if info.st_size > MAX_BYTES:
            raise UnreadableFile(_too_big(path, info.st_size), "too-big")
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except PermissionError:
        raise UnreadableFile(
            f"cannot read {path.name}: permission denied; let yourself read it (chmod u+r '{path}')", "file-unreadable"
        ) from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read {path.name}: {exc.strerror or exc}", "file-unreadable") from None
    if len(data) > MAX_BYTES:  # it grew while being read
        raise UnreadableFile(_too_big(path, len(data)), "too-big")
    return data


def _too_big(path: Path, size: int) -> str:
    return (
        f"{path.name} is {size / 2**20:.0f} MB; quizgen reads course files of up to {MAX_BYTES // 2**20} MB: "
        "is this the file you meant?"
    )


def document_kind(data: bytes) -> str | None:
    """What a file that is not plain text is, told by its first bytes: 'a PDF', 'a Word document', ..."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "a PDF"
    if head.startswith(b"PK\x03\x04"):
        if b"opendocument" in head:
            return "an OpenDocument file"
        return "a Word document" if b"word/" in head or b"[Content_Types].xml" in head else "a zip archive"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "a Word document"
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    return None
