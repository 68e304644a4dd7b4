"""A PDF page's reading order: the blocks of two or more columns of prose found between full-width lines (a
title, an abstract above, a footnote below), each column read top to bottom, left to right; a table's rows read
across."""

from __future__ import annotations

import re

from quizgen.importing.pdfchars import Layout, Line
from quizgen.importing.text import Repair

GUTTER = 6.0  # points of white between two columns, at least


def reading_order(lines: list[Line], out: Layout) -> list[list[Line]]:
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
        Repair("read by column", 0, f"{len(columns)} columns side by side", "read left to right", page=lines[0].page)
    )
    regions = reading_order(above, out)
    for column in columns:
        regions += reading_order(column, out)
    return regions + reading_order(below, out)


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
