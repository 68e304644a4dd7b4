"""Figures in item and article text: Markdown images (`![alt](figures/map.png)`) found in their article's folder,
checked, named by their content, and given to each output in the form it needs (SVG rasterised where pixels are
needed).

A bank writes paths relative to its article's folder; loading anchors them to the course folder
(`<slug>/figures/map.png`), so that a text alone says which file it shows, whichever output renders it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path, PurePosixPath

IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]*)\)")
KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".svg": "svg"}
MAX_BYTES = 2_000_000
MAX_SIDE = 4000  # pixels, either way
SVG_DEFAULT = (300, 150)  # what browsers give an SVG that states no size


@dataclass(frozen=True)
class Problem:
    message: str
    code: str
    error: bool = True


def images(text: str) -> Iterator[re.Match[str]]:
    """The Markdown images in a text (group 1 the alt text, group 2 the path)."""
    return IMAGE.finditer(text) if "![" in text else iter(())


def anchored(text: str, slug: str) -> str:
    """The text with each image path made relative to the course folder (`<slug>/<path>`)."""
    if "![" not in text:
        return text
    return IMAGE.sub(lambda m: f"![{m.group(1)}]({slug}/{_clean(m.group(2))})", text)


def as_written(text: str, slug: str) -> str:
    """An anchored text with its image paths as the article's bank wrote them (for messages)."""
    return text.replace(f"]({slug}/", "](") if "![" in text else text


def _clean(path: str) -> str:
    return str(PurePosixPath(path.strip().replace("\\", "/")))


def check(alt: str, path: str, folder: Path) -> list[Problem]:
    """What is wrong with one image of a text whose article lives in `folder` (nothing: an empty list)."""
    found = []
    if not alt.strip():
        found.append(
            Problem(
                f"the figure {path} has no alt text: write what it shows between the brackets, "
                "![like this](figures/map.png), for students who use screen readers",
                "figure-alt",
            )
        )
    located = locate(path, folder)
    if isinstance(located, Problem):
        return [*found, located]
    return found + inspect(located, path)


def locate(path: str, folder: Path) -> Path | Problem:
    """The file an image path names inside the article's folder, or why it cannot be used."""
    written = path.strip().replace("\\", "/")
    parts = PurePosixPath(written).parts
    if not written or "://" in written or written.startswith("/") or ".." in parts or ":" in written:
        return Problem(
            f"the figure path '{path}' leaves the article's folder: put the file in {folder.name}/figures/ and "
            "write figures/NAME",
            "figure-outside",
        )
    target = folder.joinpath(*parts)
    if PurePosixPath(written).suffix.lower() not in KINDS:
        return Problem(f"the figure {written} is not a PNG, JPEG, GIF or SVG file: convert it", "figure-format")
    if not target.is_file():
        return Problem(f"the figure {written} does not exist in {folder.name}/: check its name", "figure-missing")
    real, inside = os.path.realpath(target), os.path.realpath(folder)
    if os.path.commonpath([real, inside]) != inside:
        return Problem(
            f"the figure {written} is a link that leads out of {folder.name}/: copy the file there instead",
            "figure-outside",
        )
    return target


def inspect(target: Path, written: str) -> list[Problem]:
    """Whether the file is the image its extension says, not too heavy or too large."""
    data = target.read_bytes()
    kind = KINDS[target.suffix.lower()]
    try:
        width, height = measure(data, kind)
    except ValueError as exc:
        return [Problem(f"the figure {written} is not a {kind.upper()} image ({exc}): export it again", "figure-bad")]
    found = []
    if len(data) > MAX_BYTES:
        found.append(
            Problem(
                f"the figure {written} weighs {len(data) / 1e6:.1f} MB (more than {MAX_BYTES / 1e6:.0f} MB): "
                "every package carries it, so shrink or compress it",
                "figure-large",
                error=False,
            )
        )
    if max(width, height) > MAX_SIDE:
        found.append(
            Problem(
                f"the figure {written} is {width} x {height} px (more than {MAX_SIDE} px): scale it down",
                "figure-large",
                error=False,
            )
        )
    return found


def measure(data: bytes, kind: str, verify: bool = True) -> tuple[int, int]:
    """Width and height in pixels of an image of `kind`; ValueError when the data is not such an image (with
    `verify`, a bitmap is also checked whole: a build reads figures its check has verified)."""
    if kind == "svg":
        return _svg_size(_svg_root(data))
    signatures = {"png": (b"\x89PNG\r\n\x1a\n",), "jpeg": (b"\xff\xd8\xff",), "gif": (b"GIF87a", b"GIF89a")}
    if not data.startswith(signatures[kind]):
        return _misnamed(data)
    from PIL import Image  # Pillow comes with reportlab; only a course with figures pays for its import

    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            if verify:
                image.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise ValueError(f"it cannot be decoded: {exc}") from None
    return size


def _misnamed(data: bytes) -> tuple[int, int]:
    for name, start in (("PNG", b"\x89PNG"), ("JPEG", b"\xff\xd8\xff"), ("GIF", b"GIF8"), ("SVG", b"<")):
        if data.lstrip().startswith(start):
            raise ValueError(f"it holds {name} data: give it the right extension")
    raise ValueError("its bytes are not an image")


def _svg_root(data: bytes) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("it declares a DTD or entities, which quizgen does not read")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ValueError(f"it is not well-formed XML: {exc}") from None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise ValueError("its root element is not <svg>")
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.endswith("href") and not value.strip().startswith(("#", "data:")):
                raise ValueError(f"it links to another file ({value}): embed it or remove the link")
    return root


def _svg_size(root: ElementTree.Element) -> tuple[int, int]:
    """The size an SVG states (its width and height, else its viewBox), in CSS pixels."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0
        if box_width > 0 and box_height > 0:
            if width is None and height is None:
                width, height = box_width, box_height
            elif width is None:
                width = height * box_width / box_height  # type: ignore[operator]
            else:
                height = width * box_height / box_width
    if width is None or height is None:
        return SVG_DEFAULT
    return max(1, round(width)), max(1, round(height))


_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}


def _length(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9.]+)\s*([a-z]*)\s*", value or "")
    if not match or match.group(2) not in _UNITS:
        return None
    try:
        return float(match.group(1)) * _UNITS[match.group(2)]
    except ValueError:
        return None


@dataclass(frozen=True)
class Figure:
    """One figure file as the outputs carry it."""

    ref: str  # relative to the course folder: <slug>/figures/map.png
    data: bytes
    kind: str  # png, jpeg, gif or svg
    width: int  # pixels (CSS pixels for SVG)
    height: int

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def name(self) -> str:
        """A file name derived from the content: two articles' map.png never collide, and an edit is a new name."""
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePosixPath(self.ref).stem).strip("-")[:40] or "figure"
        return f"{stem}-{self.digest[:12]}{PurePosixPath(self.ref).suffix.lower()}"


def load(course_dir: Path, ref: str) -> Figure:
    """The figure an anchored path names (checked when the course was loaded)."""
    path = course_dir.joinpath(*PurePosixPath(ref).parts)
    stat = path.stat()
    return _load(str(path), ref, stat.st_mtime_ns, stat.st_size)


@cache
def _load(path: str, ref: str, _mtime: int, _size: int) -> Figure:
    data = Path(path).read_bytes()
    kind = KINDS[PurePosixPath(ref).suffix.lower()]
    width, height = measure(data, kind, verify=False)
    return Figure(ref, data, kind, width, height)


def folder_key(folder: Path) -> bytes:
    """The paths and bytes of the files in an article's folder other than its article and bank (its figures), for
    the reading's cache key: an edited figure is checked again and rebuilds the outputs that show it."""
    digest = hashlib.sha256()
    for relative, path in sorted(_figure_files(os.fspath(folder), "")):
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
        try:
            # a pipe or device named like a figure is not read: a pipe would wait for a writer forever
            if os.path.islink(path):
                digest.update(os.readlink(path).encode("utf-8", "surrogateescape"))
            else:
                digest.update(Path(path).read_bytes() if os.path.isfile(path) else b"?")
        except OSError:
            digest.update(b"-")
    return digest.digest()


def _figure_files(folder: str, relative: str) -> Iterator[tuple[str, str]]:
    """(path relative to the article folder, path) of each file named like a figure below `folder`, hidden names
    aside; plain strings, not Paths: a re-check lists every article's folder."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        inner = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _figure_files(entry.path, inner)
        elif os.path.splitext(entry.name)[1].lower() in KINDS:
            yield inner, entry.path
