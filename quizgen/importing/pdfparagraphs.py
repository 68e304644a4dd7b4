"""A PDF's lines, in reading order, as article text: paragraph breaks (a gap, an indent, a short last line),
headings (larger, bold, in capitals or numbered), a paragraph run on across columns made one, captions and the
references set aside."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

from quizgen.importing.pdfchars import Layout, Line
from quizgen.importing.text import SetAside

CAPTION_RE = re.compile(
    r"^(?:figure|fig\.|table|chart|exhibit|plate|graph|map|image)\s*[\dIVX]+[a-z]?\s*(?:[.:—–-]|$)", re.I
)
_REFERENCES_RE = re.compile(
    r"^(?:[\dIVX]+\.?\s+)?(?:references|bibliography|works cited|literature cited|references and notes|sources)$",
    re.IGNORECASE,
)
_AFTER_REFERENCES_RE = re.compile(r"^(?:[A-Z\d]+\.?\s+)?(?:appendix|appendices|notes|acknowledg)", re.IGNORECASE)
_ENTRY_RE = re.compile(r"^(?:\[\d+\]|\d{1,3}\.\s)")
_LIST_ITEM_RE = re.compile(r"^(?:[•\-*–·▪◦‣●]|\d{1,3}[.)])\s")
_NUMBERED_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+[A-Z][^.!?]*$")  # `2.1 Methods`, `IV. Results`
_SENTENCE_END_RE = re.compile(r"[.?!:][\"”’)\]]*[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡]*$")  # a note mark may follow


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


def paragraphs(region: list[Line], body: float) -> list[tuple[str, Line]]:
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


def write(flow: list[tuple[str, Line]], out: Layout, keep_references: bool) -> None:
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
    at = next((i for i, ln in enumerate(lines) if CAPTION_RE.match(ln.text)), None)
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


def join(a: str, b: str) -> str:
    return a[:-1] + b if a.endswith("-") and b[:1].islower() else f"{a} {b}"


def _joined(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        text = join(text, line.text) if text else line.text
    return text
