"""Page furniture shared by student copies and keys: styles, the document template, footer canvas, drawn marks."""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle

from quizgen.markup import literal, to_reportlab
from quizgen.writers.pdf.fonts import MONO, SANS, fallback, font_runs, fonts

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 0.75 * inch
FOOTER_Y = 0.58 * inch
INK = colors.HexColor("#1a1a1a")
WHITE = colors.white
GREY = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#f1f1ec")
HIGHLIGHT = "#fbeea0"
LINK = "#1f4e8c"  # links in the key, as reportlab paragraph markup takes a colour


def rich(text: str) -> str:
    """Item text (inline Markdown) as paragraph markup: escaped, styled, Korean runs in the fallback font."""
    return fallback(to_reportlab(text, MONO))


def plain(text: str) -> str:
    """Text taken literally (titles, names, article text) as paragraph markup."""
    return fallback(html.escape(text, quote=False))


def article_text(text: str) -> str:
    """An article's text, taken literally, as paragraph markup: its figures and formulas as images."""
    return fallback(literal(text, lambda s: html.escape(s, quote=False)))


def _style(name: str, size: float, leading: float, **kwargs) -> ParagraphStyle:
    """A paragraph style in the embedded font, bullets included (their default is Helvetica)."""
    font = kwargs.pop("fontName", SANS)
    bullet = kwargs.pop("bulletFontName", font)
    kwargs.setdefault("textColor", INK)
    return ParagraphStyle(
        name,
        fontName=font,
        bulletFontName=bullet,
        fontSize=size,
        bulletFontSize=size,
        leading=leading,
        **kwargs,
    )


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the PDFs use."""

    body: ParagraphStyle
    question: ParagraphStyle
    option: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    title: ParagraphStyle
    course: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    form: ParagraphStyle
    quote: ParagraphStyle
    citation: ParagraphStyle
    article: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle


def styles() -> Styles:
    """The house styles: 10.5 pt text on 14 pt leading, bold sans headings."""
    fonts()
    bold = f"{SANS}-Bold"
    return Styles(
        body=_style("body", 10.5, 14),
        question=_style("question", 10.5, 14, leftIndent=26, bulletIndent=0, bulletFontName=bold),
        option=_style("option", 10.5, 13.5),
        small=_style("small", 8.5, 11, textColor=GREY),
        note=_style("note", 9.5, 12.5, leftIndent=26, textColor=GREY),
        title=_style("title", 17, 21, fontName=bold),
        course=_style("course", 10, 13, textColor=GREY),
        heading=_style("heading", 13, 17, fontName=bold, spaceBefore=8, spaceAfter=6),
        subheading=_style("subheading", 10.5, 14, fontName=bold, spaceBefore=4, spaceAfter=2),
        form=_style("form", 30, 34, fontName=bold, alignment=TA_RIGHT),
        quote=_style(
            "quote", 9.5, 13, leftIndent=8, rightIndent=8, backColor=SHADE, borderPadding=(5, 6, 5, 6), spaceBefore=6
        ),
        citation=_style("citation", 8.5, 11, alignment=TA_RIGHT, textColor=GREY, spaceBefore=6, rightIndent=8),
        article=_style("article", 9.5, 13, leftIndent=26, bulletIndent=0, spaceAfter=5),
        cell=_style("cell", 9, 11.5),
        cell_bold=_style("cell_bold", 9, 11.5, fontName=bold),
    )


def table_style(*commands: tuple) -> TableStyle:
    """A TableStyle that names the embedded font (without it reportlab references Helvetica)."""
    base = [
        ("FONT", (0, 0), (-1, -1), SANS, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    return TableStyle(base + list(commands))


class FooterCanvas(Canvas):
    """A canvas that holds its pages until the end, to print "Page X of Y" in every footer."""

    def __init__(self, *args, footer: str = "", epoch: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._held: list[dict] = []
        if epoch is not None:
            _set_clock(self, epoch)

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        """Hold the page until the number of pages is known."""
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Draw every held page with its footer, then write the file, its page streams deflated but not ASCII85ed."""
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            Canvas.showPage(self)
        use_a85, rl_config.useA85 = rl_config.useA85, 0  # read when the pages are written; a quarter more bytes
        try:
            Canvas.save(self)
        finally:
            rl_config.useA85 = use_a85

    def _draw_footer(self, number: int, total: int) -> None:
        """The footer: a hairline, the quiz and form on the left, the page count on the right."""
        width = self._pagesize[0]
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, FOOTER_Y + 12, width - MARGIN, FOOTER_Y + 12)
        self.setFillColor(GREY)
        draw_text(self, MARGIN, FOOTER_Y, self._footer, 8.5)
        self.setFont(SANS, 8.5)
        self.drawRightString(width - MARGIN, FOOTER_Y, f"Page {number} of {total}")
        self.restoreState()


def _set_clock(canvas: Canvas, epoch: int) -> None:
    """Date the document by the build clock instead of reportlab's invariant 2000-01-01."""
    stamp = canvas._doc._timeStamp
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0


@dataclass(frozen=True)
class Meta:
    """What a PDF says about itself."""

    title: str
    author: str
    subject: str
    footer: str
    page_size: str
    epoch: int


class QuizDoc(BaseDocTemplate):
    """One frame per page; flowables carrying `outline = (key, title, level)` become bookmarks."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        """Bookmark the flowables that ask for it."""
        outline = getattr(flowable, "outline", None)
        if outline:
            key, title, level = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


def render(story: list[Flowable], meta: Meta) -> bytes:
    """Lay out the story on the quiz's paper and return the PDF bytes."""
    fonts()
    buffer = io.BytesIO()
    doc = make_doc(buffer, meta)
    doc.build(story, canvasmaker=canvas_maker(meta))
    return buffer.getvalue()


def make_doc(buffer: io.BytesIO, meta: Meta) -> QuizDoc:
    """The document template: margins, one frame, metadata, invariant output."""
    size = PAGE_SIZES.get(meta.page_size, LETTER)
    doc = QuizDoc(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 0.2 * inch,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator="quizgen",
        producer="quizgen (reportlab)",
        invariant=1,
        lang="en",
        displayDocTitle=True,
        initialFontName=SANS,
        initialFontSize=10.5,
        initialLeading=14,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


def canvas_maker(meta: Meta) -> Callable[..., FooterCanvas]:
    """A canvas class factory carrying the footer text and the build clock."""

    def make(*args, **kwargs) -> FooterCanvas:
        return FooterCanvas(*args, footer=meta.footer, epoch=meta.epoch, **kwargs)

    return make


class Mark(Flowable):
    """An empty circle (one answer) or square (several answers) to fill in."""

    def __init__(self, shape: str, size: float = 9.0) -> None:
        super().__init__()
        self.shape = shape
        self.size = size
        self.width = size + 2
        self.height = size + 2

    def draw(self) -> None:
        """Draw the outline, centred on the cap height of the option text."""
        canvas, r = self.canv, self.size / 2
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.8)
        if self.shape == "circle":
            canvas.circle(r + 1, r, r, stroke=1, fill=0)
        else:
            canvas.rect(1, 0, self.size, self.size, stroke=1, fill=0)


class Rules(Flowable):
    """Ruled writing lines; splits across pages between lines. Lines that start a page show `continued` above them,
    so that they are not taken for the next question's space."""

    CAPTION = 16.0  # height of the `continued` caption

    def __init__(
        self, count: int, gap: float = 22.0, indent: float = 22.0, label: str = "", continued: str = ""
    ) -> None:
        super().__init__()
        self.count = count
        self.gap = gap
        self.indent = indent
        self.label = label
        self.continued = continued
        self.captioned = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Full width, one gap per line (and the caption, at the top of a page)."""
        self.width = avail_width
        frame = getattr(self, "_frame", None)  # reportlab sets it while the flowable is laid out
        self.captioned = bool(self.continued) and bool(getattr(frame, "_atTop", False))
        return avail_width, self.count * self.gap + (self.CAPTION if self.captioned else 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """As many lines as fit here, the rest on the next page."""
        fit = int((avail_height - (self.CAPTION if self.captioned else 0)) // self.gap)
        if fit < 1 or fit >= self.count:
            return []
        here = Rules(fit, self.gap, self.indent, self.label, self.continued)
        if self.count - fit <= max(2, self.count // 4):
            return [here]  # a quarter of the lines short beats a page of three lines (an essay last, before the sheet)
        return [here, Rules(self.count - fit, self.gap, self.indent, continued=self.continued)]

    def draw(self) -> None:
        """One hairline per line, the first one after the label."""
        canvas = self.canv
        if self.captioned:
            canvas.setFillColor(GREY)
            canvas.setFont(SANS, 8.5)
            canvas.drawString(self.indent, self.count * self.gap + 4, self.continued)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        start = self.indent
        if self.label:
            canvas.setFillColor(INK)
            canvas.setFont(SANS, 10)
            canvas.drawString(self.indent, 4 + (self.count - 1) * self.gap, self.label)
            start += canvas.stringWidth(self.label, SANS, 10) + 6
        for index in range(self.count):
            y = 2 + (self.count - 1 - index) * self.gap
            canvas.line(start if index == 0 else self.indent, y, self.width, y)


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    """Draw literal text on the canvas, switching to the Korean font for the runs the main font lacks."""
    for font, run in font_runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, font, size)


class EndMark(Flowable):
    """A closing line that prints only if it fits on the last page (never alone on a new one)."""

    def __init__(self, inner: Paragraph) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The inner height plus a gap, or nothing when that does not fit."""
        _, height = self.inner.wrap(avail_width, avail_height)
        self.fits = height + 8 <= avail_height
        self.width = avail_width
        return avail_width, (height + 8 if self.fits else 0)

    def draw(self) -> None:
        """The inner paragraph, below the gap."""
        if self.fits:
            self.inner.drawOn(self.canv, 0, 0)


class Field(Flowable):
    """Labelled write-in fields on one line: `Name ______  Student ID ______  Date ______`."""

    def __init__(self, fields: tuple[tuple[str, float], ...], height: float = 26.0) -> None:
        super().__init__()
        self.fields = fields  # (label, share of the width)
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Full width."""
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        """Label then line, for each field."""
        canvas, x = self.canv, 0.0
        canvas.setFont(SANS, 10)
        canvas.setFillColor(INK)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        for label, share in self.fields:
            width = self.width * share
            canvas.drawString(x, 6, label)
            start = x + canvas.stringWidth(label, SANS, 10) + 5
            canvas.line(start, 4, x + width - 14, 4)
            x += width


@dataclass(frozen=True)
class Column:
    """A Grid column: a fixed width plus a share of the width the fixed ones leave, its padding, its alignment."""

    width: float
    share: float = 0.0
    left: float = 0.0
    right: float = 4.0
    top: float = 1.0
    bottom: float = 1.0
    align_right: bool = False
    rule_before: bool = False  # a hairline down the column's left edge
    label: ParagraphStyle | None = None  # the style of the column's text cells: one line each, as a Paragraph sets it


Cell = Flowable | str  # a string in a column with a label style


class Grid(Flowable):
    """Rows of cells laid out as a top-aligned, left-aligned Table with these columns would, without its cost."""

    def __init__(self, rows: list[list[Cell]], columns: tuple[Column, ...]) -> None:
        super().__init__()
        self.rows = rows
        self.columns = columns
        self._laid_out: float | None = None  # the width the geometry below was worked out for

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Column edges from the width; each cell wrapped inside its padding; each row as tall as its tallest cell."""
        if self._laid_out != avail_width:
            fixed = sum(c.width for c in self.columns)
            self.edges, x = [], 0.0
            for column in self.columns:
                self.edges.append(x)
                x += column.width + column.share * (avail_width - fixed)
            self.edges.append(x)
            self.sizes = [[self._size(cell, index) for index, cell in enumerate(row)] for row in self.rows]
            self.heights = [
                max(h + c.top + c.bottom for (_, h), c in zip(sizes, self.columns, strict=True)) for sizes in self.sizes
            ]
            self.width, self.height = x, sum(self.heights)
            self._laid_out = avail_width
        return self.width, self.height

    def _size(self, cell: Cell, index: int) -> tuple[float, float]:
        """A flowable wrapped inside the column's padding; a label one line of its style."""
        column = self.columns[index]
        if isinstance(cell, str):
            return stringWidth(cell, column.label.fontName, column.label.fontSize), column.label.leading
        return cell.wrap(self.edges[index + 1] - self.edges[index] - column.left - column.right, 0x7FFFFFFF)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The rows that fit here, the rest on the next page (never a row cut in two)."""
        self.wrap(avail_width, avail_height)
        used, fit = 0.0, 0
        while fit < len(self.rows) and used + self.heights[fit] <= avail_height:
            used += self.heights[fit]
            fit += 1
        if fit in (0, len(self.rows)):
            return []
        return [Grid(self.rows[:fit], self.columns), Grid(self.rows[fit:], self.columns)]

    def draw(self) -> None:
        """Each cell at its column's padding below the row's top; then the column rules."""
        canvas, top = self.canv, self.height
        for row, sizes, height in zip(self.rows, self.sizes, self.heights, strict=True):
            for index, (cell, (width, cell_height), column) in enumerate(zip(row, sizes, self.columns, strict=True)):
                x = (
                    self.edges[index + 1] - column.right - width
                    if column.align_right
                    else self.edges[index] + column.left
                )
                if isinstance(cell, str):
                    canvas.setFont(column.label.fontName, column.label.fontSize)
                    canvas.setFillColor(column.label.textColor)
                    canvas.drawString(x, top - column.top - column.label.fontSize, cell)
                else:
                    cell.drawOn(canvas, x, top - column.top - cell_height)
            top -= height
        ruled = [self.edges[i] for i, column in enumerate(self.columns) if column.rule_before]
        if ruled:
            canvas.saveState()
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            for x in ruled:
                canvas.line(x, 0, x, self.height)
            canvas.restoreState()


class Para(Paragraph):
    """A Paragraph that remembers its last wrap: asked again at the same width, it does not break its lines anew."""

    _wrapped: tuple[float, object, tuple[float, float]] | None = None  # width asked, its line breaking, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Paragraph.wrap, skipped when the width and the line breaking are those of the last call."""
        last = self._wrapped
        if last is None or last[0] != avail_width or getattr(self, "blPara", None) is not last[1]:
            size = super().wrap(avail_width, avail_height)  # the height plays no part in the breaking
            self._wrapped = last = (avail_width, getattr(self, "blPara", None), size)
        return last[2]


class FigurePara(Para):
    """A paragraph showing figures or formulas: its lines as tall as their images, and a figure wider than the
    column it lands in (an option's, a match side's) scaled down to fit it."""

    def __init__(self, markup: str, style: ParagraphStyle, bulletText: str | None = None) -> None:  # noqa: N803
        first_line = markup.split("<br/>", 1)[0]
        if any(float(h) > 1.5 * style.leading for h in _IMAGE_HEIGHT.findall(first_line)):
            # reportlab sets a first line at the font's height, so a figure on it would rise over what is above
            markup = "<br/>" + markup
        self.markup, self.fitted_to = markup, None
        super().__init__(markup, ParagraphStyle(f"{style.name}-figures", parent=style, autoLeading="max"), bulletText)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = avail_width - self.style.leftIndent - self.style.rightIndent - max(self.style.firstLineIndent, 0)
        widest = max(float(w) for w in _IMAGE_WIDTH.findall(self.markup))
        if widest > room and self.fitted_to != room:
            self.fitted_to = room
            scale = max(room, 1) / widest
            markup = _IMAGE_SIZE.sub(lambda m: _scaled(m, scale), self.markup)
            Paragraph.__init__(self, markup, self.style, bulletText=self.bulletText)
        return super().wrap(avail_width, avail_height)


_IMAGE_WIDTH = re.compile(r'<img [^>]*width="([0-9.]+)"')
_IMAGE_HEIGHT = re.compile(r'<img [^>]*height="([0-9.]+)"')
_IMAGE_SIZE = re.compile(r'(<img [^>]*)width="([0-9.]+)" height="([0-9.]+)"')


def _scaled(match: re.Match[str], scale: float) -> str:
    width, height = float(match.group(2)) * scale, float(match.group(3)) * scale
    return f'{match.group(1)}width="{width:.2f}" height="{height:.2f}"'


def para(markup: str, style: ParagraphStyle, bullet: str | None = None) -> Para:
    """A Paragraph of ready markup (already escaped and font-wrapped)."""
    return (FigurePara if "<img " in markup else Para)(markup, style, bulletText=bullet)
