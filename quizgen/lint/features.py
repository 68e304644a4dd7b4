"""What course-wide rules need of each item, measured once per bank and small enough to cache."""

from __future__ import annotations

from typing import NamedTuple

from quizgen.lint.registry import ItemText
from quizgen.lint.text import STOPWORDS, Text, numbered_names, plain, stem
from quizgen.model import CLOZE, Cloze, Item, Match, Numeric, TrueFalse

LEAK_TYPES = ("mcq", "multi", "short", "cloze")
LEAK_DIGITS = 99  # counts as many content words as any setting asks


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
    extra_shown: tuple[tuple[str, str], ...]  # (kind, words) of what a form shows besides the prompt and pairs:
    # 'key' and 'option' (mcq, multi), 'cloze text' (in place of the prompt), 'explanation'
    short_answer: str  # a short item's first accepted answer, as words
    pairs: tuple[tuple[str, str, bool], ...]  # a match item's (left words, right words, left is a phrase: _phrase)
    quote_names: tuple[tuple[int, str], ...]  # numeric items: (number, stem of the word it names) in names the
    # quotes hold ('Six Party Talks': 6, 'party')

    # Features are cached and loaded for every item of the course on each check: words kept in one string
    # load in half the time of a set or tuple of them; the few rules that need the set make it.
    def shown(self) -> list[tuple[str, str]]:
        """(kind, words) of every text a form shows of the item: what can cue other items."""
        texts = [(_prompt_kind(self.type), self.prompt_words)] if self.type != "cloze" else []
        return texts + list(self.extra_shown) + [("pair", f"{left} {right}") for left, right, _ in self.pairs]

    def key_words(self) -> str:
        """The words of the key(s) (mcq, multi) or of the first accepted answer (short)."""
        return self.short_answer or " ".join(words for kind, words in self.extra_shown if kind == "key")

    def distractor_words(self) -> list[str]:
        return [words for kind, words in self.extra_shown if kind == "option"]

    def prompt_stems(self) -> frozenset[str]:
        """The prompt's words, lightly stemmed (see lint.text.stem)."""
        words = self.prompt_words if self.filled_words is None else self.filled_words
        return frozenset(map(stem, words.split()))


def features_of(text: ItemText, path: str, allowed_fired: tuple[str, ...]) -> ItemFeatures:
    item = text.item
    shown = [(kind, raw.tokens) for kind, raw in _shown(text)]
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
        extra_shown=tuple((kind, " ".join(words)) for kind, words in shown),
        short_answer=" ".join(text.keys[0].tokens) if item.type == "short" else "",
        pairs=tuple((" ".join(Text(a).tokens), " ".join(Text(b).tokens), _phrase(a)) for a, b in item.payload.pairs)
        if isinstance(item.payload, Match)
        else (),
        quote_names=tuple(sorted({n for q in item.quotes for n in numbered_names(q.text)}))
        if item.type == "numeric"
        else (),
    )


CHOICE = ("mcq", "multi")


def _phrase(text: str) -> bool:
    """Whether a match's left-hand side is a phrase a question can ask the meaning of, not a name ('Port Board',
    'Lena Ortiz': every word capitalised), which other items mention without asking about it."""
    words = [w for w in plain(text).split() if w[:1].isalpha()]
    return not words or not all(w[0].isupper() for w in words if w.casefold() not in STOPWORDS)


def _shown(text: ItemText) -> list[tuple[str, Text]]:
    """(kind, text) of what a form shows of the item besides its prompt and pairs (kept apart): a cloze's text
    without its deletions, the options as keys and distractors, the explanation (shown with the feedback)."""
    item = text.item
    shown = [("cloze text", Text(CLOZE.sub(" ", item.prompt)))] if item.type == "cloze" else []
    if item.type in CHOICE:
        shown += [("key", k) for k in text.keys] + [("option", d) for d in text.distractors]
    if item.explain:
        shown.append(("explanation", Text(item.explain)))
    return shown


def _prompt_kind(item_type: str) -> str:
    """What a type's prompt is, as messages name it."""
    return {"tf": "statement", "essay": "essay prompt", "cloze": "cloze text"}.get(item_type, "prompt")


def _filled_words(item: Item) -> str | None:
    return " ".join(Text(CLOZE.sub(lambda m: m.group(2), item.prompt)).tokens) if item.type == "cloze" else None


def _answer(text: ItemText) -> str | None:
    if isinstance(text.item.payload, TrueFalse) or not text.keys:
        return None
    words = [w for k in text.keys for w in k.tokens]
    return " ".join(words) if not STOPWORDS.issuperset(words) else None


def _leak_cores(text: ItemText) -> tuple[tuple[tuple[str, ...], int], ...]:
    payload = text.item.payload
    if isinstance(payload, Numeric):  # a number of three digits or more (a year, 880) is distinctive
        digits = payload.text.replace(",", "")
        return (((digits,), LEAK_DIGITS),) if digits.isdigit() and len(digits) >= 3 else ()
    if text.item.type not in LEAK_TYPES:
        return ()
    alternatives = [Text(a) for d in payload.deletions for a in d.alternatives] if isinstance(payload, Cloze) else []
    cores = sorted({k.core for k in (*text.keys, *alternatives)} - {()})
    return tuple((core, sum(w not in STOPWORDS for w in core)) for core in cores)
