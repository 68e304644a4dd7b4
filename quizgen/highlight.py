"""Cut a paragraph into segments by the quotes that cover them, so overlapping quotes can all be highlighted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quoted:
    """One located quote in a paragraph: a key naming it and its character spans (several when elided)."""

    key: str
    spans: tuple[tuple[int, int], ...]

    def covers(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.spans)


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same quotes."""

    text: str
    keys: tuple[str, ...]  # the quotes covering the run, in the order given
    starts: tuple[str, ...] = ()  # quotes that begin with this run
    ends: tuple[str, ...] = ()  # quotes that end with this run


def segments(text: str, quotes: list[Quoted]) -> list[Segment]:
    """The text cut at every quote boundary; joined back together, the segments give the text unchanged."""
    quotes = [q for q in quotes if q.spans]
    cuts = {0, len(text)} | {i for q in quotes for span in q.spans for i in span if 0 <= i <= len(text)}
    bounds = sorted(cuts)
    result = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        keys = tuple(q.key for q in quotes if q.covers(start, end))
        starts = tuple(q.key for q in quotes if q.spans[0][0] == start)
        ends = tuple(q.key for q in quotes if q.spans[-1][1] == end)
        result.append(Segment(text[start:end], keys, starts, ends))
    return result
