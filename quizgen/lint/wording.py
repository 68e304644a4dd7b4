"""Cloze deletions that test the author's wording rather than the reading's content."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from quizgen.lint.answers import WOZNIAK
from quizgen.lint.registry import Example, Finding, ItemText, Rule, Settings, register
from quizgen.lint.run import WordCounts
from quizgen.lint.text import STOPWORDS, plain, tokens
from quizgen.model import CLOZE, Cloze, Deletion

# Figures of speech common in essays and news writing: a student who understood the point writes it plainly.
IDIOMS = tuple(
    tuple(idiom.split())
    for idiom in (
        "new wrinkle",
        "lost dream",
        "shot across the bow",
        "dug in its heels",
        "dig in its heels",
        "dug in their heels",
        "tip of the iceberg",
        "red line",
        "game changer",
        "silver bullet",
        "wake up call",
        "double edged sword",
        "level playing field",
        "carrot and stick",
        "carrots and sticks",
        "bargaining chip",
        "window of opportunity",
        "sea change",
        "slippery slope",
        "house of cards",
        "powder keg",
        "tinderbox",
        "stumbling block",
        "cornerstone",
        "linchpin",
        "litmus test",
        "paper tiger",
        "rogue state",
        "axis of evil",
        "thorn in the side",
        "elephant in the room",
        "moving target",
        "uphill battle",
        "win the battle",
        "lose the war",
        "change of heart",
        "cold shoulder",
        "olive branch",
        "quid pro quo",
        "zero sum",
        "sticking point",
        "turning point",
        "breaking point",
        "point of no return",
        "at long last",
        "in the driver's seat",
        "on the back burner",
        "wild card",
        "foot in the door",
        "hand in glove",
    )
)
Counts = Mapping[str, int] | WordCounts  # how often the article uses each word
_ABSTRACT = re.compile(r"(ity|ness|tion|sion|ment|ism|ant|ous|ive|ful|able|ible|ial|ical)$")
_PREFIXES = ("re", "un", "non", "dis", "in", "im")
_OR = re.compile(r"([^,;:.!?()]+?),?\s+or\s+([^,;:.!?()]+)", re.IGNORECASE)


def _run_at(words: list[str], run: tuple[str, ...]) -> int:
    """Where `run` starts in `words`, or -1."""
    n = len(run)
    return next((i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == run), -1)


def _filled(cloze: Cloze) -> tuple[list[str], list[tuple[int, int]]]:
    """The cloze text's words with its deletions filled in, and the word span of each deletion."""
    words: list[str] = []
    spans = []
    at = 0
    for m in CLOZE.finditer(cloze.text):
        words += tokens(plain(cloze.text[at : m.start()]))
        answer = tokens(plain(m.group(2)))
        spans.append((len(words), len(words) + len(answer)))
        words += answer
        at = m.end()
    words += tokens(plain(cloze.text[at:]))
    return words, spans


_IDIOM_WORDS = frozenset(word for idiom in IDIOMS for word in idiom if word not in STOPWORDS)


def _idiom(words: list[str], span: tuple[int, int]) -> str | None:
    """The idiom the deletion hides (part of), if any."""
    if _IDIOM_WORDS.isdisjoint(words[span[0] : span[1]]):  # the deletion holds no idiom's word: none to hide
        return None
    for idiom in IDIOMS:
        start = _run_at(words, idiom)
        if start >= 0 and start < span[1] and span[0] < start + len(idiom):
            return " ".join(idiom)
    return None


def _variant(word: str, article: Counts) -> str | None:
    """Another word of the article that differs from `word` only by a prefix ('unification', 'reunification')."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and article.get(word[len(prefix) :]):
            return word[len(prefix) :]
        if article.get(prefix + word):
            return prefix + word
    return None


def _word_choice(deletion: Deletion, words: tuple[str, ...], article: Counts) -> bool:
    """A common word, used once in the article, with an abstract or evaluative ending: the author's choice."""
    raw = plain(deletion.answer)
    return (
        0 < len(words) <= 3
        and raw[:1].islower()
        and not any(w.isdigit() for w in words)
        and any(_ABSTRACT.search(w) for w in words if w not in STOPWORDS)
        and all(article.get(w, 0) <= 1 for w in words if w not in STOPWORDS)
    )


def _dropped_hedges(t: ItemText, words: list[str]) -> Iterator[tuple[str, str]]:
    """(kept, dropped) for each 'X or Y' of the quotes whose X the cloze keeps and whose Y it leaves out."""
    present = set(words)
    for quote in t.item.quotes:
        if " or " not in quote.text and "\nor " not in quote.text:  # most quotes: no 'X or Y' to keep
            continue
        for m in _OR.finditer(plain(quote.text)):
            before, after = tokens(m.group(1)), tokens(m.group(2))
            content = [w for w in after[:4] if w not in STOPWORDS]
            if before and content and before[-1] in present and not present.intersection(content):
                yield " ".join(before[-2:]), " ".join(after[:4])


def check_cloze_wording(t: ItemText, s: Settings) -> Iterator[Finding]:
    """Deletions that test an idiom, a word choice or one of two spellings; a stem that drops the quote's 'or Y'."""
    payload = t.item.payload
    if not isinstance(payload, Cloze):
        return
    words, spans = _filled(payload)
    article: Counts = t.article_words if t.article_words is not None else {}
    for deletion, span in zip(payload.deletions, spans, strict=True):
        hidden = tuple(words[span[0] : span[1]])
        label = f"deletion c{deletion.number} '{deletion.answer}'"
        if deletion.alternatives:
            variant = _variant(hidden[0], article) if len(hidden) == 1 else None
            if variant and variant not in {w.casefold() for w in deletion.alternatives}:
                yield Finding(f"{label}: the article also says '{variant}'; accept it: {{{{c{deletion.number}::"
                              f"{deletion.answer}|{'|'.join(deletion.alternatives)}|{variant}}}}}")  # fmt: skip
            continue
        if idiom := _idiom(words, span):
            yield Finding(
                f"{label} hides part of the idiom '{idiom}': a student who understood writes it plainly and is marked "
                f"wrong; hide a content word instead, or accept alternatives: {{{{c{deletion.number}::"
                f"{deletion.answer}|...}}}}"
            )
        elif len(hidden) == 1 and (variant := _variant(hidden[0], article)):
            yield Finding(
                f"{label}: the article also says '{variant}', which a student may write; if it answers the blank, "
                f"accept it: {{{{c{deletion.number}::{deletion.answer}|{variant}}}}}"
            )
        elif _word_choice(deletion, hidden, article):
            yield Finding(
                f"{label} tests the author's word choice (a word the article uses once, with common synonyms): "
                f"hide a content word instead, or accept alternatives: {{{{c{deletion.number}::{deletion.answer}|...}}}}"
            )
    for kept, dropped in _dropped_hedges(t, words):
        yield Finding(
            f"the quote says '{kept} or {dropped}', and the cloze keeps only '{kept}': it drops the author's "
            "hedge; keep both, or ask a short question"
        )


register(
    Rule(
        "cloze-wording",
        "a cloze blank that tests wording, not content",
        "item",
        ("cloze",),
        "A deletion without accepted alternatives that hides part of a common idiom ('a new {{c1::wrinkle}}'); "
        "a one-word deletion when the article also uses the word with or without a prefix (reunification and "
        "unification), unless an alternative accepts it; a deletion of one to three lowercase words, each used "
        "at most once in the article, with an abstract or evaluative ending (-ity, -tion, -ant, -ous, ...): the "
        "author's word choice. And a cloze whose text keeps X of a quoted 'X or Y' but none of Y's content words.",
        "A blank should test what the reading says, not how it says it: a student who writes 'twist' for "
        "'wrinkle' or 'unification' for 'reunification' understood and is marked wrong. Alternatives "
        "({{c1::division|partition}}) or a content word fix it; dropping 'or maintaining it' overstates the author.",
        WOZNIAK + " (minimum information; test knowledge, not phrasing); quizgen example-course review",
        check_cloze_wording,
        fires=(
            Example(
                "an idiom hidden",
                {
                    "prompt": "The status of existing weapons is a new {{c1::wrinkle}}.",
                    "quote": "The status of existing weapons is a new wrinkle.",
                },
            ),
            Example(
                "the quote's hedge dropped",
                {
                    "prompt": "Each power bears some responsibility for Korea's {{c1::division|partition}}.",
                    "quote": "Each power bears some responsibility for Korea's division, or maintaining it.",
                },
            ),
        ),
        passes=(
            Example(
                "a content word, the hedge kept",
                {
                    "prompt": "Each power bears some responsibility for {{c1::Korea}}'s division, or maintaining it.",
                    "quote": "Each power bears some responsibility for Korea's division, or maintaining it.",
                },
            ),
            Example(
                "alternatives given",
                {
                    "prompt": "The status of existing weapons is a new {{c1::wrinkle|twist|complication}}.",
                    "quote": "The status of existing weapons is a new wrinkle.",
                },
            ),
        ),
    )
)
