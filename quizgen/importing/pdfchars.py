"""A PDF's characters as lines, through pypdfium2 (PDFium, the PDF engine of Chrome: fast and forgiving of damaged
files): each character's box, baseline, size and weight, and the boxes of the page's drawings and images; and the
Layout the other pdf modules fill in."""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.errors import UserError
from quizgen.importing.text import Repair, SetAside

_SUP = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUB = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass
class Line:
    """One line of text on a page, with its box (points, top-down), font size and style."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    bold: bool
    mono: bool = False  # set in a fixed-pitch font throughout: code or data, not prose

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    base: float  # the baseline, top-down
    size: float
    bold: bool
    mono: bool
    space_before: int  # 0: none, 1: a space character, 2: a space PDFium adds where it sees a word gap


@dataclass
class Layout:
    """What a PDF reads as: text with headings marked `##` and paragraphs apart, the front matter found, what was set
    aside, the routine repairs and the pages whose reading order is a guess."""

    text: str = ""
    line_pages: list[int] = field(default_factory=list)  # the page of each line of `text`
    front_matter: dict[str, str] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


Graphic = tuple[float, float, float, float, int]  # x0, top, x1, bottom, weight (an image weighs as a chart)


@dataclass
class Document:
    pages: list[Page]
    metadata: dict[str, str]  # the file's own title and author, when it names them


@dataclass
class Page:
    number: int
    lines: list[Line]
    graphics: list[Graphic]
    height: float
    images: int


def read_pages(data: bytes, name: str, pages: set[int] | None) -> Document:
    """The pages asked for (all when None), as lines and graphics, and the file's title and author; a clear error
    for an encrypted or damaged file."""
    import pypdfium2 as pdfium

    if not data.strip():
        raise UserError(f"{name}: the file is empty")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UserError(
                f"{name}: the PDF is encrypted with a password: open it, save an unprotected copy (or run `qpdf "
                f"--decrypt --password=... {Path(name).name} open.pdf`) and import that"
            ) from None
        raise UserError(f"{name}: cannot read this PDF, it is damaged or not a PDF ({exc})") from None
    try:
        numbers = sorted(n for n in pages if n <= len(pdf)) if pages else range(1, len(pdf) + 1)
        if pages and not numbers:
            raise UserError(f"{name}: --pages asks for pages the PDF does not have (it has {len(pdf)})")
        meta = {key.lower(): " ".join(value.split()) for key, value in pdf.get_metadata_dict().items()}
        named = {key: meta[key] for key in ("title", "author") if _names_something(meta.get(key, ""))}
        return Document([_page(pdf[number - 1], number) for number in numbers], named)
    finally:
        pdf.close()


def _names_something(value: str) -> bool:
    """Whether a metadata value says something: not empty, `(unspecified)`, `untitled` or a file name."""
    low = value.lower()
    placeholder = low in ("", "untitled", "unknown", "(unspecified)", "anonymous") or low.startswith("microsoft word")
    return not placeholder and not re.search(r"\.(docx?|pdf|tex|odt|indd|qxd)$|^[\w-]+$", low)


def _page(page, number: int) -> Page:  # noqa: ANN001 (a pypdfium2 PdfPage)
    import pypdfium2.raw as raw

    width, height = page.get_size()
    textpage = page.get_textpage()
    chars = _chars(textpage, height)
    graphics: list[Graphic] = []
    images = 0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        image = obj.type == raw.FPDF_PAGEOBJ_IMAGE
        images += image
        if (right - left) * (top - bottom) < 0.5 * width * height:  # not a page's background, nor a scan
            graphics.append((left, height - top, right, height - bottom, 99 if image else 1))
    return Page(number, _lines(chars, number), graphics, height, images)


def _chars(textpage, height: float) -> list[Char]:  # noqa: ANN001
    """The page's characters in the order PDFium reads them, spaces folded into the next character."""
    import pypdfium2.raw as raw

    out: list[Char] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()  # the loose box: the glyph's advance, so gaps between letters are not gaps
    name, flags = ctypes.create_string_buffer(96), ctypes.c_int()
    space = 0
    for index in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage, index)
        text = "-" if code == 2 else chr(code) if code else ""  # PDFium marks a line-end hyphen as U+0002
        if not text.strip():
            if text in (" ", "\u00a0", "\t", "\r", "\n"):  # drawn (1), or added by PDFium at a word gap (2)
                space = max(space, 2 if raw.FPDFText_IsGenerated(textpage, index) else 1)
            continue
        raw.FPDFText_GetLooseCharBox(textpage, index, box)
        raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        raw.FPDFText_GetFontInfo(textpage, index, name, 96, flags)
        weight = raw.FPDFText_GetFontWeight(textpage, index)
        bold = weight >= 600 or bool(_BOLD_NAME.search(name.value.decode("latin-1")))
        size = raw.FPDFText_GetFontSize(textpage, index)
        if size < 1:  # a Type 3 font may not say: the glyph box's height stands in
            size = max(box.top - box.bottom, 1.0)
        mono = bool(flags.value & 1)  # FPDF_FONT_FIXEDPITCH
        out.append(Char(text, box.left, box.right, height - y.value, size, bold, mono, space))
        space = 0
    return out


def _lines(chars: list[Char], page: int) -> list[Line]:
    """Characters gathered into lines: a line goes on while the baseline holds (a raised or lowered smaller
    character stays in it) and the next character stands close after the last."""
    lines: list[list[Char]] = []
    size = 0.0  # the largest size on the line so far
    for char in chars:
        line = lines[-1] if lines else None
        if line is not None:
            last = line[-1]
            shift = abs(char.base - last.base)
            level = shift < 0.3 * size or (
                min(char.size, last.size) < 0.85 * size and shift < 0.7 * size
            )  # a superscript, or back from one
            gap = char.x0 - last.x1
            if level and -1.2 * size < gap < 1.8 * size:  # a ligature's letters share its box
                line.append(char)
                size = max(size, char.size)
                continue
        lines.append([char])
        size = char.size
    return [made for line in lines if (made := _line(line, page))]


def _line(chars: list[Char], page: int) -> Line | None:
    """A line's text with its super- and subscripts marked (`F²`, `CO₂`, `x^{ab}`), its usual size and style."""
    size = Counter(round(c.size * 2) / 2 for c in chars).most_common(1)[0][0]
    base = statistics.median(c.base for c in chars if abs(c.size - size) < 0.6)
    parts: list[str] = []
    run: list[str] = []
    shift = ""
    for prev, char in zip([None, *chars], chars, strict=False):
        now = ""
        if char.size < 0.85 * size:
            if base - char.base > 0.2 * size:
                now = "^"
            elif char.base - base > 0.08 * size:
                now = "_"
        # PDFium also adds a space where the baseline moves: not between `H₂` and `O`
        added = char.space_before == 2 and not (now or shift)
        spaced = char.space_before == 1 or added or (prev is not None and char.x0 - prev.x1 > 0.2 * size)
        if (now != shift or spaced) and run:
            parts.append(_scripted("".join(run), shift))
            run = []
        if spaced and parts:
            parts.append(" ")
        shift = now
        if now:
            run.append(char.text)
        else:
            parts.append(char.text)
    if run:
        parts.append(_scripted("".join(run), shift))
    text = " ".join("".join(parts).split())
    if not text:
        return None
    bold = all(c.bold for c in chars if c.text.isalpha()) and any(c.text.isalpha() for c in chars)
    x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
    mono = all(c.mono for c in chars)
    return Line(page, x0, x1, base - 0.75 * size, base + 0.25 * size, text, size, bold, mono)


def _scripted(run: str, shift: str) -> str:
    """A run of raised or lowered characters: `²`, `₂`, or `^{ab}` / `_x` where Unicode has no such character."""
    mapped = run.translate(_SUP if shift == "^" else _SUB)
    if all(ord(c) > 127 for c in mapped):
        return mapped
    return f"{shift}{run}" if len(run) == 1 else f"{shift}{{{run}}}"
