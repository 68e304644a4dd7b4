"""The rule registry: each rule's code, documentation, settings and check function."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizgen.lint.text import ELLIPSIS, Text, lazy, plain, tokens
from quizgen.model import Card, Choice, Cloze, Essay, Item, Numeric, ShortAnswer

if TYPE_CHECKING:
    from quizgen.lint.features import ItemFeatures
    from quizgen.lint.run import WordCounts


@dataclass(frozen=True)
class Setting:
    """A tunable threshold: its default and the range a course may set it to."""

    default: float
    minimum: float
    maximum: float
    integer: bool = False
    help: str = ""


@dataclass(frozen=True)
class Example:
    """An example for `--explain`; `item` holds item fields (and a quote) the tests run the rule on."""

    note: str
    item: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """One warning: on a field of the item a rule checks, on an item seen through its features, or in course.yaml."""

    message: str
    field: str = "prompt"  # the item field whose line the warning points at
    line: int = 0  # course-wide findings about no single item: the line of course.yaml
    feature: ItemFeatures | None = None  # the item of a course-wide finding


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    scope: str  # "item": check(ItemText, settings); "course": check(CourseContext, settings)
    types: tuple[str, ...]
    looks_for: str
    why: str
    source: str
    check: Callable[..., Iterator[Finding]]
    settings: dict[str, Setting] = field(default_factory=dict)
    fires: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()
    allowable: bool = True  # whether an item may allow it (course-wide statistics cannot be)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add a rule to the registry; codes are unique."""
    assert rule.code not in RULES, rule.code
    RULES[rule.code] = rule
    return rule


class ItemText:
    """An item's texts, measured once and shared by every rule."""

    def __init__(self, item: Item, article_words: WordCounts | None = None) -> None:
        self.item = item
        self.article_words = article_words  # how often each word occurs in the item's article
        self.prompt = Text(item.prompt)
        self.keys, self.distractors = _answer_texts(item.payload)
        self.options = self.keys + self.distractors

    @lazy
    def quote_segments(self) -> tuple[tuple[str, ...], ...]:
        """Token lists of each quoted passage, split at elisions so no run spans a gap."""
        return tuple(
            tokens(plain(part)) for quote in self.item.quotes for part in ELLIPSIS.split(quote.text) if part.strip()
        )

    @lazy
    def quote_words(self) -> frozenset[str]:
        return frozenset(word for segment in self.quote_segments for word in segment)


def _answer_texts(payload: object) -> tuple[tuple[Text, ...], tuple[Text, ...]]:
    """The keys (correct options, accepted answers, deletions, the back of a card) and the distractors."""
    if isinstance(payload, Choice):
        return (
            tuple(Text(o.text) for o in payload.options if o.correct),
            tuple(Text(o.text) for o in payload.options if not o.correct),
        )
    if isinstance(payload, ShortAnswer):
        return tuple(Text(t) for t in payload.accepted), ()
    if isinstance(payload, Numeric):
        return (Text(payload.text),), ()
    if isinstance(payload, Cloze):
        return tuple(Text(d.answer) for d in payload.deletions), ()
    if isinstance(payload, Card):
        return (Text(payload.back),), ()
    if isinstance(payload, Essay):
        return (Text(payload.model_answer),), ()
    return (), ()


@dataclass
class CourseContext:
    """What course-wide rules see: every item's features, and the items of each quiz."""

    features: list[ItemFeatures]
    quizzes: list[tuple[str, list[ItemFeatures]]]  # (quiz id, its items)
    course_yaml: Path
    quote_duplicates: list[tuple[str, str, float]] | None = None  # worked out per bank (bank.quote_duplicates)
    where: list[str] = field(default_factory=list)  # where each of `quizzes` is printed: 'forms A–C of quiz ...'


Settings = dict[str, float]
