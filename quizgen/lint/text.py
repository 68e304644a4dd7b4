"""Text measures shared by the lint rules: plain text, word tokens, light stems, content words, a/an."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from quizgen.chars import replace_chars
from quizgen.markup import to_plain

_FOLD = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # _WORD on casefolded ASCII text
ELLIPSIS = re.compile(r"\u2026|\.\.\.")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "according",
        "article",
        "author",
        "says",
        "say",
        "said",
        "will",
        "may",
        "might",
        "must",
        "shall",
        "one",
        "two",
        "three",
        "many",
        "much",
    ]
)


def plain(text: str) -> str:
    """Text without inline Markdown, with curly quotes and dashes folded and whitespace collapsed."""
    if "*" in text or "_" in text or "`" in text:  # inline Markdown (three scans beat one regex here)
        text = to_plain(text)
    return " ".join((text if text.isascii() else replace_chars(text, _FOLD)).split())


def tokens(text: str) -> tuple[str, ...]:
    """Lowercase word tokens of plain text, split at word boundaries (contractions kept whole)."""
    folded = text.casefold()
    return tuple((_ASCII_WORD if folded.isascii() else _WORD).findall(folded))  # the same words, found faster


@cache  # a course repeats its words many times over
def stem(word: str) -> str:
    """A light stem: the plural -s (and -ies, -es after sibilants) removed; nothing else."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "'s")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


def is_number(word: str) -> bool:
    return word.replace(",", "").replace(".", "").isdigit()


class lazy:  # noqa: N801 (named like the property decorators it stands for)
    """A property computed on first use and then kept: functools.cached_property without the lock that Python
    3.11 takes on every first access (lint makes tens of thousands of them)."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


class Text:
    """One piece of item text (an option, an answer) measured once: plain text and tokens now, the rest on demand."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.plain = plain(raw)
        self.tokens = tokens(self.plain)

    def __repr__(self) -> str:
        return f"Text({self.raw!r})"

    @lazy
    def stems(self) -> frozenset[str]:
        return frozenset(map(stem, self.tokens))

    @lazy
    def content(self) -> tuple[str, ...]:
        """Stems of the content words (not stopwords), in order."""
        return tuple([stem(t) for t in self.tokens if t not in STOPWORDS])

    @lazy
    def core(self) -> tuple[str, ...]:
        """Tokens with leading and trailing stopwords removed: the distinctive part of an answer."""
        words = list(self.tokens)
        while words and words[0] in STOPWORDS:
            words.pop(0)
        while words and words[-1] in STOPWORDS:
            words.pop()
        return tuple(words)


_AN_PREFIXES = ("hour", "honest", "honor", "honour", "heir")
_A_PREFIXES = ("uni", "use", "usu", "uti", "ubi", "ura", "uro", "ukr", "eu", "one", "once", "ewe", "uk")
_AN_EXCEPTIONS = ("unin", "unim", "unid")
_VOWEL_LETTERS = frozenset("aefhilmnorsx")  # letters whose names start with a vowel sound


def article_for(word: str) -> str | None:
    """'a' or 'an' for a word as it is spoken; None when it cannot be told (an acronym spoken as a word?)."""
    if not word:
        return None
    if word.isdigit():
        return (
            "an"
            if word.startswith("8") or word in ("11", "18") or len(word) in (5, 8) and word[:2] in ("11", "18")
            else "a"
        )
    if len(word) > 1 and word.isupper():  # an acronym: letter by letter when short or without vowels
        if len(word) > 3 and any(c in "AEIOU" for c in word):
            return None  # NATO, UNESCO: maybe spoken as a word
        return "an" if word[0].lower() in _VOWEL_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_AN_PREFIXES) or lower.startswith(_AN_EXCEPTIONS):
        return "an"
    if lower.startswith(_A_PREFIXES):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def longest_run(a: tuple[str, ...], b: tuple[str, ...], minimum: int) -> tuple[int, int, int]:
    """(start in a, start in b, length) of the longest common run of tokens, if it is at least `minimum` long."""
    if minimum < 1 or len(a) < minimum or len(b) < minimum:
        return 0, 0, 0
    grams = {b[j : j + minimum] for j in range(len(b) - minimum + 1)}
    if not any(a[i : i + minimum] in grams for i in range(len(a) - minimum + 1)):
        return 0, 0, 0
    best = (0, 0, 0)
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best[2]:
                    best = (i - current[j], j - current[j], current[j])
        previous = current
    return best


def find_run(needle: tuple[str, ...], haystack: tuple[str, ...]) -> list[int]:
    """Every start position of `needle` as a contiguous run inside `haystack`."""
    n = len(needle)
    if not n or n > len(haystack):
        return []
    first = needle[0]
    return [i for i, word in enumerate(haystack) if word == first and haystack[i : i + n] == needle]


def quoted(texts: list[str]) -> str:
    """Texts for a message: 'a', 'b'."""
    return ", ".join(f"'{x}'" for x in texts)


NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000}
_NUMBERED = re.compile(
    r"(?<![\w-])(\d{1,4}|" + "|".join(NUMBER_WORDS) + r")(?=(-|\s+)([A-Za-z]+))", re.IGNORECASE
)  # a number and, looked ahead at (so matches may overlap), the joint and the word after it


def numbered_names(text: str) -> list[tuple[int, str]]:
    """(number, stem of the next word) for each number written into a name: joined by a hyphen to the word it
    counts ('six-party talks', '3-way') or, spelt out, capitalised with it ('Six Party Talks')."""
    found = []
    for m in _NUMBERED.finditer(text):
        number, joint, word = m.groups()
        value = int(number) if number.isdigit() else NUMBER_WORDS.get(number.casefold())
        if value is None:
            continue
        titled = not number.isdigit() and number[0].isupper() and word[0].isupper()
        if joint == "-" or titled:
            found.append((value, stem(word.casefold())))
    return found
