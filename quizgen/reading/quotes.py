"""Locate quotes in their article, forgiving what is not the author's fault.

Matching compares a canonical form of both texts: case folded, whitespace, dashes and quotation
marks dropped, ligature characters expanded. Dropping whitespace and hyphens is what forgives line
breaks, text copied from PDFs (`offi cials`, `indepen- dence`) and the dash family at once.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from quizgen.diagnostics import Report
from quizgen.model import Anchor, Article, Location

_MARKS = "\"'`\xb4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033\xab\xbb\u2039\u203a"  # quotation marks
_DROPPED = (
    " \t\n\r\f\v\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u3000\ufeff\xad"  # whitespace, zero-width, soft hyphen
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d" + _MARKS  # hyphens, dashes, minus
)
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_EXPANDED = LIGATURES | {"\u2026": "..."}
_EXPANSIONS = str.maketrans(_EXPANDED)
_EXPANDABLE = re.compile("[" + "".join(_EXPANDED) + "]")
_DROPPED_RUN = re.compile("([" + re.escape(_DROPPED) + "]+)")
# Dots elide however many there are: 'changed. ...' is a full stop and an ellipsis, and the quote may have cut
# the sentence before its stop ('the direction. ...' of 'the direction of the food.'), so the stop goes too.
_ELISION = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[\u2026\]|\u2026|\.(?:\s*\.){2,})\s*")
_SPACES = re.compile(r"\s+")


def canonical(text: str) -> str:
    """The form quotes are compared in, case kept."""
    kept = _DROPPED_RUN.sub("", text)  # faster than str.translate with a deleting table
    return kept if kept.isascii() or not _EXPANDABLE.search(kept) else kept.translate(_EXPANSIONS)


@dataclass(frozen=True)
class Found:
    anchor: Anchor
    case_differs: bool
    also_in: tuple[int, ...] = ()  # other paragraphs holding the same text


@dataclass(frozen=True)
class NotFound:
    message: str


class ArticleIndex:
    """An article's paragraphs in canonical form, built once and searched for every quote."""

    def __init__(self, article: Article) -> None:
        self.article = article
        # One split per paragraph gives its canonical text and, kept, the runs that map it back (see _run_map).
        self._pieces = [_pieces(p.text) for p in article.paragraphs]
        self.exact = [
            canonical(p.text) if pieces is None else "".join(pieces[::2])
            for p, pieces in zip(article.paragraphs, self._pieces, strict=True)
        ]
        self.folded = [_fold(text) for text in self.exact]
        self.joined = "\0".join(self.folded)  # one text to search; \0 never occurs in canonical text
        self.starts = list(itertools.accumulate((len(t) + 1 for t in self.folded[:-1]), initial=0))
        self._runs: dict[int, tuple[list[int], list[int]] | tuple[()]] = {}  # see _run_map, made on first use

    def locate(self, quote: str) -> Found | NotFound:
        """Where `quote` stands: verbatim first, then as parts elided with `…` or `...`."""
        whole = canonical(quote)
        if not whole.strip("."):
            return NotFound("the quote is empty: copy the passage that supports the answer")
        found = self._find_parts([whole])
        if found is None:
            parts = [canonical(part) for part in _ELISION.split(quote)]
            parts = [p for p in parts if p]
            if len(parts) > 1:
                found = self._find_parts(parts)
        if found is None:
            return NotFound(self._explain_missing(quote, whole))
        return self._with_quotation_marks(found, quote)

    def _with_quotation_marks(self, found: Found, quote: str) -> Found:
        """The spans widened over the quotation marks the quote begins or ends with, where the article has them
        (canonical matching drops the marks, so a span would stop inside `“a miracle of glass,”`)."""
        text = quote.strip()
        before, after = len(text) - len(text.lstrip(_MARKS)), len(text) - len(text.rstrip(_MARKS))
        if not before and not after:
            return found
        paragraph = self.article.paragraph(found.anchor.paragraph).text
        spans = [list(span) for span in found.anchor.spans]
        for _ in range(before):
            if spans[0][0] > 0 and paragraph[spans[0][0] - 1] in _MARKS:
                spans[0][0] -= 1
        for _ in range(after):
            if spans[-1][1] < len(paragraph) and paragraph[spans[-1][1]] in _MARKS:
                spans[-1][1] += 1
        anchor = Anchor(found.anchor.paragraph, tuple((start, end) for start, end in spans))
        return Found(anchor, found.case_differs, found.also_in)

    def _find_parts(self, parts: list[str]) -> Found | None:
        first, *rest = [_fold(p) for p in parts]
        hits: list[tuple[int, list[tuple[int, int]]]] = []
        for number, at in self._occurrences(first):
            spans = _find_in_order(self.folded[number - 1], rest, at + len(first))
            if spans is not None:
                hits.append((number, [(at, at + len(first)), *spans]))
        if not hits:
            return None
        located = [(n, spans, tuple([self._original_span(n, s, e) for s, e in spans])) for n, spans in hits]
        if len(located) > 1:  # where a passage stands inside longer words ('lens' in 'lenses'), it is no rival
            whole = [hit for hit in located if not _cut_words(self.article.paragraph(hit[0]).text, hit[2])]
            located = whole or located
        number, spans, original = located[0]
        exact = self.exact[number - 1]
        case_differs = any([exact[s:e] != part for (s, e), part in zip(spans, parts, strict=True)])
        return Found(Anchor(number, original), case_differs, tuple([n for n, _, _ in located[1:]]))

    def _original_span(self, number: int, start: int, end: int) -> tuple[int, int]:
        """Map a canonical span of paragraph `number` back to offsets in its original text."""
        runs = self._runs.get(number)
        if runs is None:
            runs = self._runs[number] = _run_map(self._pieces[number - 1])
        if not runs:  # rare: ligatures change lengths inside runs, so walk the text
            paragraph = self.article.paragraphs[number - 1].text
            return _prefix_reaching(paragraph, start + 1) - 1, _prefix_reaching(paragraph, end)
        canon_starts, original_starts = runs
        return _original_index(canon_starts, original_starts, start), _original_index(
            canon_starts, original_starts, end - 1
        ) + 1

    def _occurrences(self, text: str) -> list[tuple[int, int]]:
        """(number, offset) of the first occurrence of `text` in each paragraph whose canonical text holds it."""
        found, index = [], self.joined.find(text)
        while index >= 0:
            number = bisect.bisect_right(self.starts, index)
            found.append((number, index - self.starts[number - 1]))
            index = self.joined.find(text, self.starts[number]) if number < len(self.starts) else -1
        return found

    def _explain_missing(self, quote: str, whole: str) -> str:
        across = _fold("".join(self.exact))
        if _fold(whole) in across:
            return "the quote runs across a paragraph break: make it a list of quotes, one per paragraph"
        parts = [part.strip() for part in _ELISION.split(quote) if canonical(part)]
        if len(parts) > 1:
            return self._explain_elided(quote, parts)
        return f"quote not found in the article; {self._closest_shown(quote)}"

    def _explain_elided(self, quote: str, parts: list[str]) -> str:
        """Why the parts of an elided quote are not found in order within one paragraph."""
        holders = [{number for number, _ in self._occurrences(_fold(canonical(part)))} for part in parts]
        for part, holding in zip(parts, holders, strict=True):
            if not holding:
                return f"the part \u201c{part}\u201d of the elided quote is not in the article; {self._closest_shown(part)}"
        shared = sorted(set.intersection(*holders))
        if shared:
            return (
                f"the parts of the elided quote are all in \u00b6{shared[0]}, but not in this order: keep the "
                "article's order on each side of the elision"
            )
        numbers = ", ".join(f"\u00b6{min(holding)}" for holding in holders)
        return (
            f"the parts of the elided quote stand in different paragraphs ({numbers}): an elision stays inside one "
            "paragraph; make it a list of quotes, one per paragraph"
        )

    def _closest_shown(self, quote: str) -> str:
        number, passage = self.closest(quote)
        shown = passage if len(passage) <= 240 else passage[:237] + "..."
        return f"the closest passage is in \u00b6{number}: \u201c{shown}\u201d"

    def closest(self, quote: str) -> tuple[int, str]:
        """The paragraph number and the run of words, as long as the quote, that is most like it."""
        target = _loose(quote)
        size = max(1, len(target.split()))
        best = (-1.0, 1, "")
        for number, words in self._words:
            for start in range(max(1, len(words) - size + 1)):
                window = words[start : start + size]
                matcher = difflib.SequenceMatcher(None, target, _loose(" ".join(window)), autojunk=False)
                if matcher.real_quick_ratio() > best[0] and matcher.quick_ratio() > best[0]:
                    ratio = matcher.ratio()
                    if ratio > best[0]:
                        best = (ratio, number, " ".join(window))
        return best[1], best[2]

    @cached_property
    def _words(self) -> list[tuple[int, list[str]]]:
        return [(p.number, p.text.split()) for p in self.article.paragraphs]


def _fold(text: str) -> str:
    folded = text.lower()
    return folded if len(folded) == len(text) else text  # rare letters whose lower case is longer stay as they are


def _loose(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_EXPANSIONS).lower()).strip()


def _find_in_order(text: str, parts: list[str], start: int) -> list[tuple[int, int]] | None:
    """The spans of `parts` found one after another in `text` from `start`, or None."""
    spans = []
    for part in parts:
        index = text.find(part, start)
        if index < 0:
            return None
        spans.append((index, index + len(part)))
        start = index + len(part)
    return spans


def _pieces(paragraph: str) -> list[str] | None:
    """The paragraph split into kept, dropped, kept, ..., kept runs (the first and last may be empty); None when
    it has ligatures or ellipsis characters, whose canonical form is longer than they are."""
    return None if _EXPANDABLE.search(paragraph) else _DROPPED_RUN.split(paragraph)


def _run_map(pieces: list[str] | None) -> tuple[list[int], list[int]] | tuple[()]:
    """Where each run of kept characters starts, in canonical and in original offsets; () without pieces."""
    if pieces is None:
        return ()
    lengths = list(map(len, pieces))
    original_starts = list(itertools.accumulate(lengths, initial=0))[::2]
    canon_starts = list(itertools.accumulate(lengths[::2], initial=0))
    return canon_starts[:-1], original_starts


def _original_index(canon_starts: list[int], original_starts: list[int], index: int) -> int:
    run = bisect.bisect_right(canon_starts, index) - 1
    return original_starts[run] + index - canon_starts[run]


def _prefix_reaching(text: str, count: int) -> int:
    """The shortest prefix length of `text` whose canonical form has `count` characters."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if len(canonical(text[:middle])) >= count:
            high = middle
        else:
            low = middle + 1
    return low


def anchor_quote(
    index: ArticleIndex, quote: str, location: Location, report: Report, item: str | None
) -> Anchor | None:
    """Where the quote stands, or None; problems (not found, case, cut words, ambiguity) go to `report`."""
    path, line = location.path, location.line
    result = index.locate(quote)
    if isinstance(result, NotFound):
        report.error(path, line, result.message, "quote-not-found", item)
        return None
    number = result.anchor.paragraph
    if result.case_differs:
        report.warning(
            path, line, f"the quote differs in case from \u00b6{number}: copy its capitals exactly", "quote-case", item
        )
    cut = _cut_words(index.article.paragraph(number).text, result.anchor.spans)
    if cut:
        words = " and ".join(f"'{word}'" for word in dict.fromkeys(cut))
        report.warning(
            path,
            line,
            f"the quote cuts the word{'s' if len(set(cut)) > 1 else ''} {words} of \u00b6{number}: quote whole words, "
            "as the card shows the passage as quoted",
            "quote-partial-word",
            item,
        )
    if result.also_in:
        others = ", ".join(f"\u00b6{n}" for n in result.also_in)
        text = " ".join(index.article.paragraph(number).text.split())
        repeated = [n for n in result.also_in if " ".join(index.article.paragraph(n).text.split()) == text]
        same = ", ".join(f"\u00b6{n}" for n in repeated)
        advice = (
            f"the article repeats itself (\u00b6{number} and {same} are the same "
            "paragraph): delete the repeat from article.txt"
            if repeated
            else "quote a few more words so it points to one passage"
        )
        report.warning(
            path, line, f"the quote stands in \u00b6{number} and also in {others}: {advice}", "quote-ambiguous", item
        )
    return result.anchor


def _cut_words(paragraph: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    """The words of the paragraph that a span starts or ends inside of, in order."""
    cut = []
    for start, end in spans:
        for at in (start, end):
            if 0 < at < len(paragraph) and paragraph[at - 1].isalnum() and paragraph[at].isalnum():
                left = at
                while left > 0 and paragraph[left - 1].isalnum():
                    left -= 1
                right = at
                while right < len(paragraph) and paragraph[right].isalnum():
                    right += 1
                cut.append(paragraph[left:right])
    return cut
