"""Embedded TrueType fonts for the PDFs: DejaVu for Latin, symbols and emoji, NanumGothic for Korean.

Both come from pip packages: DejaVu ships inside matplotlib (mpl-data), NanumGothic inside
koreanize-matplotlib. Only the files are read: neither package is imported. reportlab has no
per-glyph fallback, so text runs the main font lacks are wrapped in `<font name=...>` for the
fallback font; a character no font covers is reported by `missing()`.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

SANS = "QuizSans"
MONO = "QuizMono"
KOREAN = "QuizKorean"
_MARKUP = re.compile(r"(<[^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)")
_FACE = re.compile(r"""(?:face|name)\s*=\s*["']([^"']+)["']""")
_IGNORED = {0x09, 0x0A, 0x0D, 0x200B, 0x200C, 0x200D, 0x2060, 0xFE0F}  # whitespace and joiners nobody sees


@dataclass(frozen=True)
class Family:
    """A font family: a name for `<font name=...>` and its four faces (file paths)."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def _package_dir(package: str) -> Path | None:
    """Where an installed package lives, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _dejavu() -> tuple[Family, Family] | None:
    """DejaVu Sans and Sans Mono from matplotlib's mpl-data."""
    root = _package_dir("matplotlib")
    ttf = root / "mpl-data" / "fonts" / "ttf" if root else None
    if ttf is None or not (ttf / "DejaVuSans.ttf").is_file():
        return None
    sans = Family(
        SANS,
        *(ttf / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")),
    )
    mono = Family(MONO, *(ttf / f"DejaVuSansMono{s}.ttf" for s in ("", "-Bold", "-Oblique", "-BoldOblique")))
    return sans, mono


def dejavu_files() -> list[str]:
    """The DejaVu Sans files, for drawing SVG figures with the PDFs' own font (none: the renderer's default)."""
    found = _dejavu()
    return [str(path) for path in (found[0].regular, found[0].bold)] if found else []


def _vera() -> tuple[Family, Family]:
    """reportlab's bundled Bitstream Vera: the last resort (no Central European letters, no Korean)."""
    fonts = Path(importlib.util.find_spec("reportlab").submodule_search_locations[0]) / "fonts"
    sans = Family(SANS, *(fonts / f"Vera{s}.ttf" for s in ("", "Bd", "It", "BI")))
    mono = Family(MONO, *(fonts / f"Vera{s}.ttf" for s in ("", "Bd", "It", "BI")))
    return sans, mono


def _nanum() -> Family | None:
    """NanumGothic (regular and bold) from koreanize-matplotlib."""
    root = _package_dir("koreanize_matplotlib")
    if root is None or not (root / "fonts" / "NanumGothic.ttf").is_file():
        return None
    regular, bold = root / "fonts" / "NanumGothic.ttf", root / "fonts" / "NanumGothicBold.ttf"
    bold = bold if bold.is_file() else regular
    return Family(KOREAN, regular, bold, regular, bold)


def _register(family: Family) -> None:
    """Register the four faces and map <b>/<i> inside the family to them."""
    faces = (
        ("", family.regular, 0, 0),
        ("-Bold", family.bold, 1, 0),
        ("-Italic", family.italic, 0, 1),
        ("-BoldItalic", family.bold_italic, 1, 1),
    )
    for suffix, path, bold, italic in faces:
        pdfmetrics.registerFont(TTFont(family.name + suffix, str(path)))
        addMapping(family.name, bold, italic, family.name + suffix)


@dataclass(frozen=True)
class Fonts:
    """The registered families and the characters each one covers."""

    sans: frozenset[int]
    mono: frozenset[int]
    korean: frozenset[int]

    def covered(self, char: str) -> bool:
        """True when some font prints the character (or nothing needs printing)."""
        code = ord(char)
        return code in _IGNORED or code in self.sans or code in self.korean or code in self.mono


@cache
def fonts() -> Fonts:
    """Register the fonts once per process and return their coverage."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    sans, mono = _dejavu() or _vera()
    _register(sans)
    _register(mono)
    korean = _nanum()
    if korean:
        _register(korean)
    return Fonts(_coverage(SANS), _coverage(MONO), _coverage(KOREAN) if korean else frozenset())


def _coverage(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def fallback(markup: str) -> str:
    """Paragraph markup with the runs its current font lacks set in the fallback font that has them."""
    cover = fonts()
    out: list[str] = []
    faces: list[frozenset[int]] = [cover.sans]
    for token in _MARKUP.split(markup):
        if not token:
            continue
        if token.startswith("<"):
            _track_face(token, faces, cover)
            out.append(token)
        elif token.startswith("&"):
            out.append(token)
        else:
            out.append(_wrap_runs(token, faces[-1], cover))
    return "".join(out)


def _track_face(tag: str, faces: list[frozenset[int]], cover: Fonts) -> None:
    """Follow <font face=...> nesting so runs are checked against the font in force."""
    if tag.startswith("</font"):
        if len(faces) > 1:
            faces.pop()
    elif tag.startswith("<font") and not tag.endswith("/>"):
        match = _FACE.search(tag)
        name = match.group(1) if match else ""
        faces.append(cover.mono if name.startswith(MONO) else cover.sans if match else faces[-1])


def _wrap_runs(text: str, face: frozenset[int], cover: Fonts) -> str:
    """Wrap each run of characters `face` lacks (and Korean has) in a Korean <font> tag."""
    out, run = [], []
    for char in text:
        code = ord(char)
        if code not in face and code not in _IGNORED and code in cover.korean:
            run.append(char)
            continue
        if run and char == " ":
            run.append(char)  # keep "김 정일" in one run
            continue
        if run:
            out.append(_korean_run(run))
            run = []
        out.append(char)
    if run:
        out.append(_korean_run(run))
    return "".join(out)


def _korean_run(run: list[str]) -> str:
    text = "".join(run)
    stripped = text.rstrip(" ")
    return f'<font name="{KOREAN}">{stripped}</font>' + " " * (len(text) - len(stripped))


def font_runs(text: str) -> list[tuple[str, str]]:
    """Literal text cut into (font name, run) pieces: the main font, or Korean where only it has the glyph."""
    cover = fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        font = KOREAN if code not in cover.sans and code in cover.korean else SANS
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def missing(text: str) -> list[str]:
    """The distinct characters of `text` that no font prints, in order of appearance."""
    cover = fonts()
    seen: list[str] = []
    for char in text:
        if char not in seen and not cover.covered(char):
            seen.append(char)
    return seen


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 pairs (so 😀 copies as 😀)."""
    entries = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *entries,
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper() if code > 0xFFFF else f"{code:04X}"
