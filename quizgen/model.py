"""The format-neutral course model: what loading produces and every writer reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ITEM_TYPES: tuple[str, ...] = ("mcq", "multi", "tf", "short", "numeric", "cloze", "match", "order", "essay", "card")
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)  # a deletion: {{c1::text}} or {{c1::text::hint}}
CLOZE_MARK = re.compile(r"\{\{c\d+::")  # where a deletion opens


@dataclass(frozen=True)
class Location:
    """A place in a source file, for diagnostics."""

    path: Path
    line: int


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based: the ¶ number shown to readers
    text: str
    line: int  # line of article.txt where the paragraph starts


@dataclass(frozen=True)
class Heading:
    """A heading of the article (`# Title`, `## Section`): structure, not a numbered paragraph."""

    level: int  # 1 for `#`, 2 for `##`, ...
    text: str
    before: int  # the number of the paragraph it stands above (one past the last, when nothing follows it)
    line: int


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    author: str | None
    source: str | None
    date: str | None
    paragraphs: tuple[Paragraph, ...]
    path: Path
    headings: tuple[Heading, ...] = ()

    def headings_before(self, number: int) -> tuple[Heading, ...]:
        """The headings standing above paragraph `number` (after the last paragraph: one past it)."""
        return tuple(h for h in self.headings if h.before == number)

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands: its paragraph and the character spans inside it (several when elided)."""

    paragraph: int
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Quote:
    text: str  # as the instructor wrote it
    location: Location = field(repr=False)  # not content: an item's hash (from its repr) ignores where it stands
    anchor: Anchor | None = None  # set once the quote is located


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str | None = None  # a distractor's feedback: why it is wrong
    quote: Quote | None = None  # the passage that shows it wrong


@dataclass(frozen=True)
class Choice:
    """mcq and multi: options in bank order (the answer(s) first, then the distractors)."""

    options: tuple[Option, ...]
    shuffle: bool = True


@dataclass(frozen=True)
class TrueFalse:
    answer: bool


@dataclass(frozen=True)
class ShortAnswer:
    accepted: tuple[str, ...]


@dataclass(frozen=True)
class Numeric:
    value: float
    tolerance: float
    text: str  # the answer as written, for display ("1990", "3.10")


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str  # what Anki, keys and previews show
    hint: str | None
    alternatives: tuple[str, ...] = ()  # other answers LMS outputs accept ({{c1::answer|other}})


@dataclass(frozen=True)
class Cloze:
    text: str  # Anki syntax: {{c1::answer}} or {{c1::answer::hint}} (alternatives left out)
    deletions: tuple[Deletion, ...]  # in order of appearance


@dataclass(frozen=True)
class Match:
    pairs: tuple[tuple[str, str], ...]
    shuffle: bool = True


@dataclass(frozen=True)
class Order:
    steps: tuple[str, ...]  # in their right order


@dataclass(frozen=True)
class Essay:
    model_answer: str


@dataclass(frozen=True)
class Card:
    back: str


Payload = Choice | TrueFalse | ShortAnswer | Numeric | Cloze | Match | Order | Essay | Card


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    article: str  # slug of the article whose bank holds the item
    prompt: str  # inline Markdown; for cloze, the text with its deletions
    payload: Payload
    quotes: tuple[Quote, ...]
    location: Location
    explain: str | None = None
    tags: tuple[str, ...] = ()
    difficulty: str | None = None
    points: float | None = None  # None: the quiz's default
    allow: tuple[tuple[str, str], ...] = ()  # lint rule code -> why the item breaks it on purpose
    position: int = 0  # index in its bank, for stable ordering
    field_lines: tuple[tuple[str, int], ...] = ()  # field name -> line, for diagnostics

    def line_of(self, name: str) -> int:
        for field_name, line in self.field_lines:  # a few pairs: a scan beats making a dict (lint asks per item)
            if field_name == name:
                return line
        return self.location.line


@dataclass(frozen=True)
class Pool:
    """A set of a quiz's items from which each student (or printed form) gets `pick`, each worth `points`."""

    articles: tuple[str, ...]
    types: tuple[str, ...]  # empty: every type but card
    pick: int | None  # None: every item of the pool
    points: float | None  # None: the quiz's points per item
    line: int  # in course.yaml


@dataclass(frozen=True)
class QuizSpec:
    id: str
    title: str
    articles: tuple[str, ...]  # slugs, in course order
    location: Location
    count: int | None = None  # how many items; None: all that match
    types: tuple[str, ...] = ()  # allowed types; empty: every type but card
    per_type: tuple[tuple[str, int], ...] = ()  # exact counts per type
    forms: int = 1
    seed: int = 0
    points: float = 1.0  # default points per item
    time_limit: int | None = None  # minutes
    shuffle: bool = True  # shuffle item order and options across forms
    page_size: str = "letter"
    answer_sheet: bool = False
    instructions: str | None = None
    pools: tuple[Pool, ...] = ()  # when set, the quiz is its pools' items, drawn per student and per form
    show_correct_answers: bool = True  # students see the right answers once they submit
    model_answers: str = "graders"  # essays' model answers shown to "graders" only, or to "students" too


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    path: Path
    articles: tuple[Article, ...]
    items: tuple[Item, ...]
    quizzes: tuple[QuizSpec, ...]
    code: str | None = None
    term: str | None = None
    instructor: str | None = None
    page_size: str = "letter"
    lint: dict = field(default_factory=dict, hash=False, compare=False)

    def article(self, slug: str) -> Article:
        return self._articles_by_slug[slug]

    def items_of(self, slug: str) -> tuple[Item, ...]:
        return self._items_by_slug.get(slug, ())

    @cached_property  # writers look articles up per quote: a big course would scan its articles each time
    def _articles_by_slug(self) -> dict[str, Article]:
        return {a.slug: a for a in self.articles}

    @cached_property
    def _items_by_slug(self) -> dict[str, tuple[Item, ...]]:
        grouped: dict[str, list[Item]] = {}
        for item in self.items:
            grouped.setdefault(item.article, []).append(item)
        return {slug: tuple(items) for slug, items in grouped.items()}
