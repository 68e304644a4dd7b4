"""A PDF as an article: pdfchars.py reads its lines (PDFium), this module takes out what is not the body (running
headers and page numbers, chart labels, footnotes, the title block, whose title and authors go to the front
matter), pdfcolumns.py puts each page's lines in reading order and pdfparagraphs.py makes paragraphs and
headings of them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from quizgen.errors import UserError
from quizgen.importing.pdfchars import Graphic, Layout, Line, read_pages
from quizgen.importing.pdfcolumns import reading_order
from quizgen.importing.pdfparagraphs import CAPTION_RE, join, paragraphs, write
from quizgen.importing.text import Repair, SetAside

_PAGE_NUMBER_RE = re.compile(r"^\W*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.IGNORECASE)
# A note's mark: `1 Text`, `¹Text`, `* Text`; not `1. Text` (a list) nor `0x100` (data)
_FOOTNOTE_RE = re.compile(r"^(?:\d{1,3}\s+|[*†‡§¶]\s*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*)(?=[^\W\d_]|[“\"‘(])")
_WORDS_RE = re.compile(r"\b[a-z]{3,}\b.*\b[a-z]{3,}\b")  # two lowercase words: prose, not a code or data line
_ABSTRACT_RE = re.compile(r"^(?:abstract|summary)\b", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"^[\d\s.,:%()+−–-]*\d[\d\s.,:%()+−–-]*[a-zA-Z%°]{0,3}$")  # `0.5`, `100 200`, `10 %`
EDGE = 0.08  # running headers and footers stand in this share of the page's height at its top or bottom


# --- reading the file ------------------------------------------------------------------------------------------


def parse_pages(spec: str | None) -> set[int] | None:
    """The page numbers of `--pages` (`3-12`, `1,4-6`), from 1; None for every page."""
    if not spec:
        return None
    pages: set[int] = set()
    for part in spec.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match or int(match[1]) < 1 or (match[2] and int(match[2]) < int(match[1])):
            raise UserError(f"--pages {spec!r}: give page numbers from 1, as 3-12 or 1,4-6")
        pages.update(range(int(match[1]), int(match[2] or match[1]) + 1))
    return pages


def read_pdf(data: bytes, name: str, pages: set[int] | None = None, keep_references: bool = False) -> Layout:
    """The article text of a PDF, laid out; a clear error for an encrypted, scanned, damaged or empty file."""
    document = read_pages(data, name, pages)
    read = document.pages
    if not any(page.lines for page in read):
        stem = Path(name).stem or "scan"
        if any(page.images for page in read):
            raise UserError(
                f"{name}: the PDF has no text layer, only page images (a scan): give it one with OCR, e.g. "
                f"`ocrmypdf {stem}.pdf {stem}-ocr.pdf`, then import that file"
            )
        raise UserError(f"{name}: the PDF has no text layer on {'the pages asked for' if pages else 'any page'}")
    height = max(page.height for page in read)
    out = _lay_out([page.lines for page in read], [page.graphics for page in read], height, keep_references)
    for key, value in document.metadata.items():  # the file's own, where the first page shows none
        out.front_matter.setdefault(key, value)
    return out


# --- the layout ----------------------------------------------------------------------------------------------


def _lay_out(pages: list[list[Line]], graphics: list[list[Graphic]], height: float, keep_references: bool) -> Layout:
    """The pages' lines, furniture, figures, footnotes and title block taken out, read region by region."""
    out = Layout()
    body_size = _body_size(pages)
    pages = _drop_furniture(pages, out, height, body_size)
    flow: list[tuple[str, Line]] = []  # ("line" | "break" | "break-indent" | "start" | "heading", line)
    for index, lines in enumerate(pages):
        lines = _drop_figure_text(lines, graphics[index], out, body_size)
        lines = _drop_footnotes(lines, out, body_size, height)
        if index == 0 and lines and lines[0].page == 1:
            lines = _title_block(lines, out, body_size)
        for region in reading_order(lines, out):
            flow += paragraphs(region, body_size)
    write(flow, out, keep_references)
    return out


def _body_size(pages: list[list[Line]]) -> float:
    """The font size most of the text is set in."""
    sizes = Counter()
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _furniture_key(text: str) -> str:
    """A line with its digits masked, so `Page 3` and `Page 4` of a running footer compare equal."""
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _drop_furniture(pages: list[list[Line]], out: Layout, height: float, body: float) -> list[list[Line]]:
    """The pages without running headers, footers and page numbers: lines at a page's top or bottom edge that
    repeat, digits aside, on other pages, and numbers standing alone there."""

    def at_edge(line: Line) -> bool:
        return line.top < EDGE * height * 1.5 or line.bottom > height * (1 - EDGE)

    def alone(line: Line, lines: list[Line]) -> bool:  # a small line standing apart at the edge: a header
        return (
            line.size < 0.95 * body
            and not _FOOTNOTE_RE.match(line.text)
            and not any(other is not line and abs(other.mid - line.mid) < 2.5 * line.size for other in lines)
        )

    seen = Counter(k for lines in pages for k in {_furniture_key(ln.text) for ln in lines if at_edge(ln)})
    # A running header stands once on a page: table rows that differ only in their digits stand many times.
    repeated = {k for lines in pages for k, n in Counter(_furniture_key(ln.text) for ln in lines).items() if n > 2}
    running = {k for k, n in seen.items() if n >= 2 and n * 3 >= len(pages) and k not in repeated}
    kept_pages = []
    for lines in pages:
        kept = []
        for line in lines:
            if at_edge(line) and _PAGE_NUMBER_RE.match(line.text):
                out.repairs.append(Repair("page number", 0, line.text, "removed", page=line.page))
            elif at_edge(line) and (_furniture_key(line.text) in running and len(pages) > 1 or alone(line, lines)):
                out.repairs.append(Repair("running header/footer", 0, line.text, "removed", page=line.page))
            else:
                kept.append(line)
        kept_pages.append(kept)
    return kept_pages


def _drop_figure_text(lines: list[Line], graphics: list[Graphic], out: Layout, body: float) -> list[Line]:
    """The lines without the labels of a chart or drawing: short lines standing on or beside a cluster of drawn
    shapes or an image. A caption (`Figure 2. ...`) and prose lines stay."""
    regions = _figure_regions(graphics)
    if not regions:
        return lines
    kept, dropped = [], []
    for line in lines:
        if line.size == 0 or (_on_figure(line, regions, body) and not CAPTION_RE.match(line.text)):
            dropped.append(line)
        else:
            kept.append(line)
    if dropped:
        words = " ".join(line.text for line in sorted(dropped, key=lambda ln: (ln.top, ln.x0)))
        out.set_aside.append(SetAside("figure text", f"page {dropped[0].page}", words))
    return kept


def _on_figure(line: Line, regions: list[tuple[float, float, float, float]], body: float) -> bool:
    """Whether a line is a label of a drawing: within it, or in a margin around it (axis titles, a legend) when set
    smaller than the body; never a line of prose as long as most of the drawing's width."""
    numeric = bool(_NUMERIC_RE.match(line.text))
    for x0, y0, x1, y1 in regions:
        margin = 4 * body
        if not (
            x0 - margin <= line.x0 and line.x1 <= x1 + margin and y0 - margin <= line.top and line.bottom <= y1 + margin
        ):
            continue
        if numeric:  # tick labels, however wide their row
            return True
        if line.x1 - line.x0 > 0.7 * (x1 - x0):
            continue
        inside = x0 - 2 <= line.x0 and line.x1 <= x1 + 2 and y0 - 2 <= line.top and line.bottom <= y1 + 2
        if inside or line.size < 0.95 * body:
            return True
    return False


def _figure_regions(graphics: list[Graphic]) -> list[tuple[float, float, float, float]]:
    """Boxes of drawings: shapes that touch one another, four at least (a rule or a frame alone is no chart), or an
    image."""
    clusters: list[list[float]] = []  # x0, y0, x1, y1, weight
    for x0, y0, x1, y1, weight in sorted(graphics, key=lambda g: (g[1], g[0])):
        for cluster in clusters:
            if x0 <= cluster[2] + 20 and x1 >= cluster[0] - 20 and y0 <= cluster[3] + 20 and y1 >= cluster[1] - 20:
                cluster[:4] = [min(cluster[0], x0), min(cluster[1], y0), max(cluster[2], x1), max(cluster[3], y1)]
                cluster[4] += weight
                break
        else:
            clusters.append([x0, y0, x1, y1, weight])
    return [(c[0], c[1], c[2], c[3]) for c in clusters if c[4] >= 4 and c[2] - c[0] > 20 and c[3] - c[1] > 20]


def _drop_footnotes(lines: list[Line], out: Layout, body: float, height: float) -> list[Line]:
    """The lines without the footnotes at the page's foot: lines set smaller than the body in the page's lowest
    quarter, from one that starts with a note mark on, with no body text below them."""
    small = sorted(
        (ln for ln in lines if 0 < ln.size < 0.92 * body and ln.top > 0.7 * height and not ln.mono),
        key=lambda ln: ln.top,
    )
    lowest_body = max((ln.bottom for ln in lines if ln.size >= 0.92 * body), default=0)
    starts = [
        ln for ln in small if _FOOTNOTE_RE.match(ln.text) and ln.top >= lowest_body - 1 and _WORDS_RE.search(ln.text)
    ]
    if not starts:
        return lines
    notes = [ln for ln in small if ln.top >= starts[0].top]
    entries: list[str] = []
    for line in notes:
        if _FOOTNOTE_RE.match(line.text) or not entries:
            entries.append(line.text)
        else:
            entries[-1] = join(entries[-1], line.text)
    out.set_aside.extend(SetAside("footnote", f"page {notes[0].page}", entry) for entry in entries)
    dropped = {id(ln) for ln in notes}
    return [ln for ln in lines if id(ln) not in dropped]


def _title_block(lines: list[Line], out: Layout, body: float) -> list[Line]:
    """The first page without its title and the author and address lines under it, which go to the front matter
    (title, author) and the report (the rest)."""
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    if not ordered:
        return lines
    big = max(ln.size for ln in ordered)
    if big < 1.25 * body:
        return lines
    start = next(i for i, ln in enumerate(ordered) if ln.size == big)
    if start > 3 or any(len(ln.text.split()) >= 8 for ln in ordered[:start]):
        return lines  # a large line under text is a heading, not the title
    end = start
    while end < len(ordered) and ordered[end].size == big:
        end += 1
    title = " ".join(ln.text for ln in ordered[start:end])
    out.front_matter["title"] = title
    out.repairs.append(Repair("moved", 0, title, f"title: {title}", page=ordered[0].page))
    width = max(ln.x1 for ln in ordered) - min(ln.x0 for ln in ordered)
    block = end
    while (
        block < len(ordered)
        and not _ABSTRACT_RE.match(ordered[block].text)
        and ordered[block].x1 - ordered[block].x0 < 0.55 * width
        and ordered[block].top < ordered[end - 1].bottom + 12 * body
        and not (ordered[block].size > body * 1.1 or (ordered[block].bold and len(ordered[block].text.split()) < 8))
        and not _runs_on(ordered[block], ordered)
    ):
        block += 1
    names = _names(ordered[end].text) if block > end else None
    if names:
        out.front_matter["author"] = names
        out.repairs.append(Repair("moved", 0, ordered[end].text, f"author: {names}", page=ordered[0].page))
    rest = ordered[end + 1 if names else end : block]
    if rest:
        out.set_aside.append(SetAside("title block", f"page {rest[0].page}", " / ".join(ln.text for ln in rest)))
    return ordered[:start] + ordered[block:]


def _runs_on(line: Line, lines: list[Line]) -> bool:
    """Whether a line's sentence goes on in the line under it (a column's prose, not a name or an address)."""
    return any(
        abs(other.x0 - line.x0) < 2
        and 0 < other.top - line.top < 2.5 * line.size
        and re.match(r"[a-z]+ \S+ \S", other.text)
        for other in lines
    )


def _names(text: str) -> str | None:
    """The names of an author line (`Ann Lee and Bo Park`, `A. Lee, B. Park¹`), or None."""
    from quizgen.importing.text import byline_name

    plain = re.sub(r"[\d¹²³⁴⁵⁶⁷⁸⁹⁰*†‡^{}]", "", text)
    parts = [p.strip() for p in re.split(r",|\band\b|&", plain) if p.strip()]
    if parts and all(byline_name(p) or byline_name("By " + p) for p in parts):
        return ", ".join(parts)
    return None
