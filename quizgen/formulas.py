"""LaTeX formulas in item text, between `\\(` and `\\)` (inline) or `\\[` and `\\]` (on their own line): found,
checked, and rendered offline as MathML (latex2mathml) or as a PNG typeset by matplotlib's mathtext (for PDFs).

A `$` is always text: readings talk about money, and a dollar sign must never start math.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from functools import cache

from quizgen.media import Problem

MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_DELIMITER = re.compile(r"\\[()\[\]]")
PRINT_DPI = 300


def formulas(text: str) -> list[tuple[str, bool]]:
    """The formulas of a text: (LaTeX, displayed)."""
    if "\\(" not in text and "\\[" not in text:
        return []
    return [(m.group(1), False) if m.group(1) is not None else (m.group(2), True) for m in MATH.finditer(text)]


def check(text: str) -> list[Problem]:
    """Unbalanced delimiters, and formulas that a renderer cannot typeset."""
    if "\\" not in text:
        return []
    found = []
    stray = _DELIMITER.search(MATH.sub("", text))
    if stray:
        opening = stray.group() in ("\\(", "\\[")
        closer = {"\\(": "\\)", "\\[": "\\]"}.get(stray.group(), "")
        found.append(
            Problem(
                f"'{stray.group()}' "
                + (f"opens a formula that no '{closer}' closes" if opening else "closes a formula that never opened")
                + ": formulas go between \\( and \\) (inline) or \\[ and \\] (on their own line)",
                "math-unbalanced",
            )
        )
    for latex, _ in formulas(text):
        problem = typeset_problem(latex)
        if problem:
            found.append(Problem(f"the formula \\({latex}\\) cannot be typeset: {problem}", "math-invalid"))
    return found


@cache
def typeset_problem(latex: str) -> str | None:
    """Why the PDF or MathML renderer cannot typeset the formula, or None."""
    if not latex.strip():
        return "it is empty"
    try:
        converted = mathml(latex, False)
    except Exception as exc:  # latex2mathml raises its own kinds, and IndexError on some broken input
        return f"{type(exc).__name__} {exc}".strip()
    unknown = re.search(r"<mi>(\\[A-Za-z]+)</mi>", converted)
    if unknown:
        return f"{unknown.group(1)} is not a command the MathML converter knows"
    try:
        _mathtext_png(latex)
    except ValueError as exc:
        return str(exc).strip().splitlines()[-1]
    return None


@cache
def mathml(latex: str, display: bool) -> str:
    """The formula as a MathML <math> element (in the MathML namespace), its LaTeX kept as `alttext` for readers
    that cannot show MathML."""
    from latex2mathml.converter import convert

    converted = convert(latex, display="block" if display else "inline")
    return converted.replace("<math ", f'<math alttext="{html.escape(latex, quote=True)}" ', 1)


@dataclass(frozen=True)
class Typeset:
    """A formula typeset as a PNG for print: its size and how far it reaches below the baseline, in points."""

    png: bytes
    width: float
    height: float
    depth: float


@cache
def typeset(latex: str) -> Typeset:
    png, depth = _mathtext_png(latex)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    scale = 72 / PRINT_DPI
    return Typeset(png, width * scale, height * scale, depth * scale)


@cache
def _mathtext_png(latex: str) -> tuple[bytes, float]:
    """matplotlib's mathtext (no TeX installation needed) drawing the formula at print resolution."""
    import matplotlib

    matplotlib.use("agg")
    from matplotlib import mathtext

    buffer = io.BytesIO()
    depth = mathtext.math_to_image(f"${latex}$", buffer, dpi=PRINT_DPI, format="png")
    return buffer.getvalue(), float(depth)
