"""How each output shows figures and formulas (the `Embedder`s of quizgen.markup), and which figure files it carries.

Web outputs show a figure as `<img>` whose `src` is the figure's content-derived name under a prefix the
consumer resolves (Anki's media folder, the HTML preview's figures/, Canvas's `$IMS-CC-FILEBASE$`, Moodle's
`@@PLUGINFILE@@`); formulas stay `\\(..\\)` for the consumer's MathJax, or become MathML. The PDF gets pixels.
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from quizgen import formulas, media
from quizgen.model import Card, Choice, Cloze, Course, Essay, Item, Match, Order, ShortAnswer

MAX_FIGURE_WIDTH = 4.5 * 72  # points: narrower than any column a figure stands in (letter or A4, with margins)
MAX_FIGURE_HEIGHT = 4.0 * 72  # points: a figure and its question still fit on one page


class WebEmbedder:
    """Figures as `<img src="PREFIX/name" alt>`; formulas as MathML, or kept as `\\(..\\)` for MathJax."""

    def __init__(self, course_dir: Path, prefix: str = "", mathml: bool = False, xhtml: bool = False) -> None:
        self.course_dir = course_dir
        self.prefix = prefix
        self.mathml = mathml
        self.xhtml = xhtml  # QTI 2.1: self-closing tags, and no style attribute (its schema has none)
        self.used: dict[str, media.Figure] = {}  # name -> figure, of everything rendered so far

    def image(self, alt: str, ref: str) -> str:
        figure = media.load(self.course_dir, ref)
        self.used[figure.name] = figure
        src = html.escape(self.prefix + quote(figure.name), quote=True)
        size = f' width="{figure.width}" height="{figure.height}"'
        end = f"{size}/>" if self.xhtml else f'{size} style="max-width:100%;height:auto">'
        return f'<img src="{src}" alt="{html.escape(alt, quote=True)}"{end}'

    def math(self, latex: str, display: bool) -> str:
        if self.mathml:
            return formulas.mathml(latex, display)
        return html.escape(f"\\[{latex}\\]" if display else f"\\({latex}\\)", quote=False)


class PrintEmbedder:
    """Figures and formulas as reportlab `<img>` of PNG, JPEG or GIF files: figures scaled to the column."""

    def __init__(self, course_dir: Path) -> None:
        self.course_dir = course_dir

    def image(self, alt: str, ref: str) -> str:
        figure = media.load(self.course_dir, ref)
        name = figure.name.removesuffix(".svg") + ".png" if figure.kind == "svg" else figure.name
        path = _scratch_file(name, lambda: rasterise(figure.data, 2.0) if figure.kind == "svg" else figure.data)
        width, height = figure.width * 0.75, figure.height * 0.75  # CSS pixels to points
        scale = min(1.0, MAX_FIGURE_WIDTH / width, MAX_FIGURE_HEIGHT / height)
        return f'<img src="{path}" width="{width * scale:.2f}" height="{height * scale:.2f}"/>'

    def math(self, latex: str, display: bool) -> str:
        typeset = formulas.typeset(latex)
        name = f"math-{hashlib.sha256(latex.encode()).hexdigest()[:16]}.png"
        path = _scratch_file(name, lambda: typeset.png)
        image = (
            f'<img src="{path}" width="{typeset.width:.2f}" height="{typeset.height:.2f}" '
            f'valign="{-typeset.depth:.2f}"/>'
        )
        return f"<br/>{image}<br/>" if display else image


@cache
def rasterise(svg: bytes, zoom: float) -> bytes:
    """An SVG as PNG for print, drawn by resvg with DejaVu Sans only (no system fonts): the same on every machine."""
    import resvg_py

    from quizgen.writers.pdf.fonts import dejavu_files

    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg.decode("utf-8"), zoom=zoom, skip_system_fonts=True, font_files=dejavu_files()
        )
    )


_SCRATCH: tempfile.TemporaryDirectory | None = None


def _scratch_file(name: str, data) -> str:
    """A file reportlab reads the image from (it takes paths, not bytes); named by content, written once."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = tempfile.TemporaryDirectory(prefix="quizgen-figures-")  # removed when the process ends
    path = Path(_SCRATCH.name) / name
    if not path.is_file():
        path.write_bytes(data())
    return str(path)


def item_texts(item: Item) -> Iterator[str]:
    """Every text an item shows, in any output."""
    yield item.prompt
    if item.explain:
        yield item.explain
    payload = item.payload
    if isinstance(payload, Choice):
        yield from (option.text for option in payload.options)
        yield from (option.why for option in payload.options if option.why)
    elif isinstance(payload, Order):
        yield from payload.steps
    elif isinstance(payload, Match):
        yield from (side for pair in payload.pairs for side in pair)
    elif isinstance(payload, ShortAnswer):
        yield from payload.accepted
    elif isinstance(payload, Essay):
        yield payload.model_answer
    elif isinstance(payload, Card):
        yield payload.back
    elif isinstance(payload, Cloze):
        yield payload.text


def figures_of(course: Course, texts: Iterable[str]) -> dict[str, media.Figure]:
    """The figures the texts show, by name, in order of first appearance."""
    found: dict[str, media.Figure] = {}
    for text in texts:
        for match in media.images(text):
            figure = media.load(course.path, match.group(2))
            found.setdefault(figure.name, figure)
    return found


def item_figures(course: Course, items: Iterable[Item]) -> dict[str, media.Figure]:
    return figures_of(course, (text for item in items for text in item_texts(item)))


def article_figures(course: Course) -> dict[str, media.Figure]:
    return figures_of(course, (p.text for article in course.articles for p in article.paragraphs))


_SRC = re.compile(r'<img src="([^"/]+)"')


def named_in(fields: Iterable[str], known: dict[str, media.Figure]) -> dict[str, media.Figure]:
    """The figures of `known` whose names `src` attributes of the HTML fields use."""
    return {name: known[name] for text in fields for name in _SRC.findall(text) if name in known}


CANVAS_FILES = "%24IMS-CC-FILEBASE%24/"  # Canvas's exports write `$IMS-CC-FILEBASE$` URL-encoded, as here


@dataclass(frozen=True)
class Packed:
    """A figure inside an LMS package: its manifest resource identifier, its path in the zip, its file."""

    ident: str
    href: str
    figure: media.Figure


def packed(used: dict[str, media.Figure], folder: str, ident: Callable[[str], str]) -> list[Packed]:
    """The figures an embedder used, as files under `folder` of a package, in name order."""
    return [Packed(ident(figure.digest[:16]), folder + name, figure) for name, figure in sorted(used.items())]
