"""Lay out a PDF's text as an article: pdfchars.py reads its characters and lines (PDFium); this module puts the lines in
reading order (columns, full-width blocks), takes out what is not the body (running headers, page numbers, chart
labels, captions, footnotes, the references) and marks headings, paragraphs and super- and subscripts."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.errors import UserError
from quizgen.importing.pdfchars import Graphic, Line, read_pages
from quizgen.importing.text import Repair, SetAside

_PAGE_NUMBER_RE = re.compile(r"^\W*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.IGNORECASE)
_CAPTION_RE = re.compile(
    r"^(?:figure|fig\.|table|chart|exhibit|plate|graph|map|image)\s*[\dIVX]+[a-z]?\s*(?:[.:—–-]|$)", re.I
)
# A note's mark: `1 Text`, `¹Text`, `* Text`; not `1. Text` (a list) nor `0x100` (data)
_FOOTNOTE_RE = re.compile(r"^(?:\d{1,3}\s+|[*†‡§¶]\s*|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*)(?=[^\W\d_]|[“\"‘(])")
_REFERENCES_RE = re.compile(
    r"^(?:[\dIVX]+\.?\s+)?(?:references|bibliography|works cited|literature cited|references and notes|sources)$",
    re.IGNORECASE,
)
_AFTER_REFERENCES_RE = re.compile(r"^(?:[A-Z\d]+\.?\s+)?(?:appendix|appendices|notes|acknowledg)", re.IGNORECASE)
_ENTRY_RE = re.compile(r"^(?:\[\d+\]|\d{1,3}\.\s)")
_WORDS_RE = re.compile(r"\b[a-z]{3,}\b.*\b[a-z]{3,}\b")  # two lowercase words: prose, not a code or data line
_LIST_ITEM_RE = re.compile(r"^(?:[•\-*–·▪◦‣●]|\d{1,3}[.)])\s")
_NUMBERED_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[A-Z][^.!?]*$")  # `2.1 Methods`, `IV. Results`
_ABSTRACT_RE = re.compile(r"^(?:abstract|summary)\b", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"^[\d\s.,:%()+−–-]*\d[\d\s.,:%()+−–-]*[a-zA-Z%°]{0,3}$")  # `0.5`, `100 200`, `10 %`
_SENTENCE_END_RE = re.compile(r"[.?!:][\"”’)\]]*[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡]*$")  # a note mark may follow
EDGE = 0.08  # running headers and footers stand in this share of the page's height at its top or bottom
GUTTER = 6.0  # points of white between two columns, at least


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
        for region in _reading_order(lines, out):
            flow += _paragraphs(region, body_size)
    _write(flow, out, keep_references)
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
        if line.size == 0 or (_on_figure(line, regions, body) and not _CAPTION_RE.match(line.text)):
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
            entries[-1] = _join(entries[-1], line.text)
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


# --- reading order -------------------------------------------------------------------------------------------


def _reading_order(lines: list[Line], out: Layout) -> list[list[Line]]:
    """The page's lines as regions in reading order: full-width blocks and the columns between them, each column
    top to bottom, columns left to right."""
    if not lines:
        return []
    found = _split_columns(sorted(lines, key=lambda ln: (ln.top, ln.x0)))
    if found is None:
        region = _merge_rows(sorted(lines, key=lambda ln: (ln.top, ln.x0)))
        side = sum(1 for row in region if row.text.count("\t"))
        if side >= 6 and side * 3 >= len(region):
            out.uncertain.append(
                f"page {lines[0].page}: {side} lines hold text side by side that does not read as columns of "
                "prose; read across, row by row (a table?)"
            )
        return [region]
    above, columns, below = found
    out.repairs.append(
        Repair(f"{len(columns)} columns", 0, "columns side by side", "read left to right", page=lines[0].page)
    )
    regions = _reading_order(above, out)
    for column in columns:
        regions += _reading_order(column, out)
    return regions + _reading_order(below, out)


def _split_columns(lines: list[Line]) -> tuple[list[Line], list[list[Line]], list[Line]] | None:
    """The lines above, in and below the block of two or more columns of prose with the most lines side by side,
    or None. A gutter is a strip of white no line of the block crosses; a line crossing it ends the block."""
    if len(lines) < 4:
        return None
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    best = None
    for at in range(int(left + (right - left) * 0.2), int(left + (right - left) * 0.8), 2):
        runs: list[list[Line]] = [[]]
        for line in lines:
            if line.x0 < at + GUTTER / 2 and line.x1 > at - GUTTER / 2:
                runs.append([])
            else:
                runs[-1].append(line)
        for run in runs:
            lefts = [ln for ln in run if ln.x1 <= at]
            rights = [ln for ln in run if ln.x0 >= at]
            sided = sum(1 for a in lefts if any(b.top < a.bottom and b.bottom > a.top for b in rights))
            if sided >= 2 and len(lefts) >= 3 and (best is None or (sided, len(run)) > best[0]):
                best = ((sided, len(run)), at, run, lefts, rights)
    if best is None:
        return None
    _, at, run, lefts, rights = best
    top = min(ln.top for ln in rights)  # lines over the right column's first are not in the columns
    lefts = [ln for ln in lefts if ln.bottom > top]
    run = [ln for ln in run if ln.bottom > top]
    prose = _prose(lefts), _prose(rights)
    if not all(prose) and not (any(prose) and _aligned(lefts, rights) < 0.5):
        return None  # a table: rows side by side, read across
    inside = {id(ln) for ln in run}
    first = min(lines.index(ln) for ln in run)
    above = [ln for ln in lines[:first] if id(ln) not in inside]
    below = [ln for ln in lines[first:] if id(ln) not in inside]
    return above, [lefts, rights], below


def _prose(column: list[Line]) -> bool:
    """Whether a column reads as wrapped prose, not a table's column of terms: half its lines fill 60% of its width,
    and (with more than a few lines) a fifth go on in lowercase from the line above."""
    if len(column) < 2:
        return bool(column)
    widths = sorted(ln.x1 - ln.x0 for ln in column)
    if widths[len(widths) // 2] < 0.6 * widths[-1]:
        return False
    ordered = sorted(column, key=lambda ln: ln.top)
    runs_on = sum(1 for ln in ordered[1:] if ln.text[:1].islower() or ln.text[:1] in "(,–—")
    worded = sum(1 for ln in column if re.search(r"\b[a-z]{3,}\b", ln.text))  # prose has words, a table figures
    return worded * 2 >= len(column) and (len(column) < 5 or runs_on * 5 >= len(column) - 1)


def _aligned(lefts: list[Line], rights: list[Line]) -> float:
    """The share of the right side's lines that stand on a line of the left side: all of a table's rows do."""
    return sum(1 for b in rights if any(abs(a.bottom - b.bottom) < 1 for a in lefts)) / len(rights)


def _merge_rows(lines: list[Line]) -> list[Line]:
    """Lines that stand side by side on one row (cells of a table) made one line, left to right, tab-separated."""
    rows: list[Line] = []
    for line in lines:
        last = rows[-1] if rows else None
        if last and line.top < last.bottom - 0.5 * (last.bottom - last.top) and line.x0 >= last.x1:
            rows[-1] = Line(
                last.page,
                last.x0,
                line.x1,
                min(last.top, line.top),
                max(last.bottom, line.bottom),
                f"{last.text}\t{line.text}",
                last.size,
                last.bold and line.bold,
            )
        else:
            rows.append(line)
    return rows


# --- paragraphs and headings -----------------------------------------------------------------------------------


def _heading(line: Line, body: float, width: float = 0) -> bool:
    """Whether a line is a heading: short, not ending a sentence, and set larger or bold, or (set as the body is)
    in capitals or numbered and short against its column's `width` (`II. RELATED WORK`, `2.1 Methods`)."""
    if line.mono:
        return False
    words = len(line.text.split())
    looks = 0 < words <= 16 and not line.text.rstrip().endswith((".", ",", ";")) or _REFERENCES_RE.match(line.text)
    if not looks:
        return False
    if line.size >= 1.12 * body or (line.bold and line.size >= body * 0.95):
        return True
    if words > 8 or line.size < 0.9 * body:
        return False
    letters = [c for c in line.text if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return line.x1 - line.x0 < 0.6 * width and bool(_NUMBERED_RE.match(line.text))


def _paragraphs(region: list[Line], body: float) -> list[tuple[str, Line]]:
    """A region's lines with a paragraph break before each line that starts one: after a gap taller than the
    line spacing, at an indent, after a short line that ends a sentence; and headings marked."""
    if not region:
        return []
    left = min(ln.x0 for ln in region)
    ends = sorted(ln.x1 for ln in region)
    right = ends[len(ends) * 3 // 4]  # where a full line ends: most do, however ragged
    pitches = [b.top - a.top for a, b in itertools.pairwise(region) if 0 < b.top - a.top < 3 * a.size]
    pitch = statistics.median(pitches) if pitches else region[0].size * 1.2
    first = region[0]
    out: list[tuple[str, Line]] = [("break-indent" if first.x0 > left + 0.8 * first.size else "start", first)]
    in_item = False  # the lines of a list item, under its hanging indent
    rows = _table_rows(region, left, right)
    for index, (prev, line) in enumerate(zip([None, *region], region, strict=False)):
        if _heading(line, body, right - left):
            out.append(("heading", line))
            continue
        inset = line.x0 > left + 0.8 * line.size
        if prev is not None and out[-1][0] != "heading":
            gap = line.top - prev.top
            in_item = inset and (in_item or bool(_LIST_ITEM_RE.match(prev.text)))
            indented = inset and prev.x0 <= left + 0.8 * line.size and not in_item
            short = prev.x1 < left + 0.7 * (right - left) and _SENTENCE_END_RE.search(prev.text) and not in_item
            # a short line standing further right (a table's cell, a centred line) ends its block
            aside = prev.x0 > line.x0 + line.size and prev.x1 < left + 0.7 * (right - left)
            spaced = gap > pitch * 1.35 or gap < 0
            if indented:
                out.append(("break-indent", line))
            elif spaced or (short and not line.text[:1].islower()) or aside or rows[index - 1] != rows[index]:
                out.append(("break", line))
        out.append(("line", line))
    last = region[-1]
    if len(region) >= 3 and last.x1 >= right - 0.6 * last.size and not _heading(last, body, right - left):
        out.append(("full", last))  # a column ending on a full line: its paragraph likely goes on in the next
    elif last.x1 < left + 0.6 * (right - left):
        out.append(("short", last))  # ending on a short line: a paragraph's end, or a table's row
    return out


def _table_rows(region: list[Line], left: float, right: float) -> list[bool]:
    """For each line, whether it stands in a run of three short lines or more that end no sentence: a table's rows
    (or a chart's labels), a block apart from the prose around it."""
    short = [ln.x1 - ln.x0 < 0.5 * (right - left) and not _SENTENCE_END_RE.search(ln.text) for ln in region]
    rows = [False] * len(region)
    start = 0
    for index in range(len(region) + 1):
        if index == len(region) or not short[index]:
            if index - start >= 3:
                rows[start:index] = [True] * (index - start)
            start = index + 1
    return rows


def _write(flow: list[tuple[str, Line]], out: Layout, keep_references: bool) -> None:
    """The text: headings `## ...` on lines of their own, paragraphs apart; captions, and the references unless
    kept, set aside."""
    blocks = _blocks(flow)
    styles = sorted({(ln[0].size, ln[0].bold) for kind, ln in blocks if kind == "heading"}, reverse=True)
    levels = {style: "#" * min(2 + rank, 4) for rank, style in enumerate(styles)}  # `#` is the title's
    lines_out: list[str] = []
    for kind, lines in _without_references(blocks, out, keep_references):
        if lines_out:
            lines_out.append("")
            out.line_pages.append(lines[0].page)
        if kind == "heading":
            lines_out.append(f"{levels[lines[0].size, lines[0].bold]} {' '.join(ln.text for ln in lines)}")
            out.line_pages.append(lines[0].page)
        else:
            lines_out += [line.text.replace("\t", " ") for line in lines]
            out.line_pages += [line.page for line in lines]
    out.text = "\n".join(lines_out) + "\n"


def _blocks(flow: list[tuple[str, Line]]) -> list[tuple[str, list[Line]]]:
    """The flow's lines as headings (a few lines of one style) and text blocks, a paragraph run on across a
    column or page made one."""
    blocks: list[tuple[str, list[Line]]] = []
    ends = {id(line): kind for kind, line in flow if kind in ("full", "short")}
    for kind, line in flow:
        if kind in ("full", "short"):
            continue
        if kind == "heading":
            if blocks and blocks[-1][0] == "heading" and blocks[-1][1][-1].size == line.size and len(blocks[-1][1]) < 3:
                blocks[-1][1].append(line)
            else:
                blocks.append(("heading", [line]))
        elif kind != "line" or not blocks or blocks[-1][0] == "heading":
            blocks.append(("text-start" if kind == "start" else "text", [line] if kind == "line" else []))
        else:
            blocks[-1][1].append(line)
    blocks = [(kind, lines) for kind, lines in blocks if lines]
    breaks = Counter(kind for kind, _ in flow if kind.startswith("break"))
    return _join_across_breaks(blocks, breaks["break-indent"] > breaks["break"], ends)


def _without_references(blocks: list[tuple[str, list[Line]]], out: Layout, keep: bool) -> list[tuple[str, list[Line]]]:
    """The blocks without captions and, unless kept, the references (from their heading to an appendix's or the
    end), one entry a paragraph when kept."""
    kept: list[tuple[str, list[Line]]] = []
    entries: list[list[Line]] = []
    inside = False
    for kind, lines in blocks:
        text = " ".join(ln.text for ln in lines)
        if kind == "heading" and not entries and not inside and _REFERENCES_RE.match(text):
            inside = True
            kept += [(kind, lines)] if keep else []
        elif inside and not (kind == "heading" and _AFTER_REFERENCES_RE.match(text)):
            found = _entries(lines)
            entries += found
            kept += [("text", entry) for entry in found] if keep else []
        else:
            inside = False
            kept += [(kind, lines)] if kind == "heading" else _without_caption(lines, out)
    if entries and not keep:
        joined = " ".join(_joined(entry) for entry in entries)
        out.set_aside.append(SetAside("references", f"page {entries[0][0].page}", f"{len(entries)} entries: {joined}"))
    return kept


def _entries(lines: list[Line]) -> list[list[Line]]:
    """A references block cut into its entries, each starting `[3]`, `3.` or flush left of the lines after it."""
    entries: list[list[Line]] = []
    for line in lines:
        if not entries or _ENTRY_RE.match(line.text):
            entries.append([line])
        else:
            entries[-1].append(line)
    return entries


def _without_caption(lines: list[Line], out: Layout) -> list[tuple[str, list[Line]]]:
    """A text block, or nothing when it is a caption (set aside, with the chart labels run into it)."""
    at = next((i for i, ln in enumerate(lines) if _CAPTION_RE.match(ln.text)), None)
    if at is None:
        return [("text", lines)]
    if at:
        if not all(ln.x1 - ln.x0 < 0.5 * max(x.x1 - x.x0 for x in lines) for ln in lines[:at]):
            return [("text", lines)]  # a line of prose that happens to start `Figure 2.`
        out.set_aside.append(SetAside("figure text", f"page {lines[0].page}", _joined(lines[:at])))
    out.set_aside.append(SetAside("caption", f"page {lines[at].page}", _joined(lines[at:])))
    return []


def _join_across_breaks(
    blocks: list[tuple[str, list[Line]]], indents: bool, ends: dict[int, str]
) -> list[tuple[str, list[Line]]]:
    """A paragraph that runs on into the next column or page made one block again: where the last line does not
    end a sentence or fills the column, the next starts in lowercase, or (in a text whose paragraphs start
    indented) the next column starts flush."""
    out: list[tuple[str, list[Line]]] = []
    for kind, lines in blocks:
        if out and kind == "text-start" and out[-1][0] == "text":
            prev = out[-1][1][-1]
            end = ends.get(id(prev))
            unfinished = not _SENTENCE_END_RE.search(prev.text) and end != "short"
            runs_on = unfinished or lines[0].text[:1].islower() or end == "full"
            alike = abs(lines[0].size - prev.size) < 0.5  # a caption or a note in small type is not the same text
            if alike and (runs_on or indents):
                out[-1][1].extend(lines)
                continue
        out.append(("text" if kind.startswith("text") else kind, lines))
    return out


def _join(a: str, b: str) -> str:
    return a[:-1] + b if a.endswith("-") and b[:1].islower() else f"{a} {b}"


def _joined(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        text = _join(text, line.text) if text else line.text
    return text
