"""What course-wide rules need of each item, measured once per bank and small enough to cache."""

from __future__ import annotations

from typing import NamedTuple

from quizgen.lint.registry import ItemText
from quizgen.lint.text import STOPWORDS, Text, stem
from quizgen.model import CLOZE, Item, TrueFalse

LEAK_TYPES = ("mcq", "multi", "short", "cloze")


class ItemFeatures(NamedTuple):
    id: str
    type: str
    article: str
    path: str  # the bank, as diagnostics show it
    line: int  # the prompt's line: where course-wide warnings about the item go
    allow: tuple[str, ...]  # the rule codes the item allows
    allow_line: int
    allowed_fired: tuple[str, ...]  # item rules that fired on the item but are allowed
    key_longest: bool | None  # single-key mcq: whether the key is strictly the longest option
    options: int
    tf: bool | None
    answer: str | None  # the answer's words, when it has content words (not for tf)
    anchors: tuple[tuple[int, tuple[tuple[int, int], ...]], ...]  # (paragraph, spans) of each quote
    leak_cores: tuple[tuple[tuple[str, ...], int], ...]  # answer cores and their number of content words
    prompt_words: str  # the prompt's word tokens, space-separated (a cloze's {{c1::...}} marks give tokens too)
    filled_words: str | None  # a cloze's prompt words with its deletions filled in, as near-duplicates compare it

    # Features are cached and loaded for every item of the course on each check: words kept in one string
    # load in half the time of a set or tuple of them; the few rules that need the set make it.
    def prompt_stems(self) -> frozenset[str]:
        """The prompt's words, lightly stemmed (see lint.text.stem)."""
        words = self.prompt_words if self.filled_words is None else self.filled_words
        return frozenset(map(stem, words.split()))


def features_of(text: ItemText, path: str, allowed_fired: tuple[str, ...]) -> ItemFeatures:
    item = text.item
    single_key = item.type == "mcq" and len(text.keys) == 1 and len(text.distractors) >= 1
    return ItemFeatures(
        id=item.id,
        type=item.type,
        article=item.article,
        path=path,
        line=item.line_of("prompt"),
        allow=tuple([code for code, _ in item.allow]) if item.allow else (),
        allow_line=item.line_of("allow") if item.allow else 0,
        allowed_fired=allowed_fired,
        key_longest=(len(text.keys[0].plain) > max(len(d.plain) for d in text.distractors)) if single_key else None,
        options=len(text.options),
        tf=item.payload.answer if isinstance(item.payload, TrueFalse) else None,
        answer=_answer(text),
        anchors=tuple([(q.anchor.paragraph, q.anchor.spans) for q in item.quotes if q.anchor]),
        leak_cores=_leak_cores(text),
        prompt_words=" ".join(text.prompt.tokens),
        filled_words=_filled_words(item),
    )


def _filled_words(item: Item) -> str | None:
    return " ".join(Text(CLOZE.sub(lambda m: m.group(2), item.prompt)).tokens) if item.type == "cloze" else None


def _answer(text: ItemText) -> str | None:
    if isinstance(text.item.payload, TrueFalse) or not text.keys:
        return None
    words = [w for k in text.keys for w in k.tokens]
    return " ".join(words) if not STOPWORDS.issuperset(words) else None


def _leak_cores(text: ItemText) -> tuple[tuple[tuple[str, ...], int], ...]:
    if text.item.type not in LEAK_TYPES:
        return ()
    cores = sorted({k.core for k in text.keys})
    return tuple((core, sum(w not in STOPWORDS for w in core)) for core in cores)
