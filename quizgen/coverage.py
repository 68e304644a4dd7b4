"""Coverage of the readings: which items test which paragraph, and counts by type and difficulty."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from quizgen.model import DIFFICULTIES, ITEM_TYPES, Article, Course, Item


@dataclass(frozen=True)
class ArticleCoverage:
    """How an article's bank covers it: per paragraph, the items whose quotes stand in it."""

    article: Article
    items: tuple[Item, ...]
    by_paragraph: tuple[tuple[Item, ...], ...]  # index 0 is ¶1

    @property
    def total(self) -> int:
        return len(self.by_paragraph)

    @property
    def covered(self) -> int:
        return sum(1 for cited in self.by_paragraph if cited)

    @property
    def percent(self) -> int:
        """Paragraphs tested, as a whole percentage rounded down (100 only when every paragraph is tested)."""
        return 100 * self.covered // self.total if self.total else 0

    @property
    def untested(self) -> tuple[int, ...]:
        """The numbers of the paragraphs no item quotes."""
        return tuple(n for n, cited in enumerate(self.by_paragraph, start=1) if not cited)

    def citing(self, number: int) -> tuple[Item, ...]:
        """The items that quote paragraph `number` (1-based), in bank order."""
        return self.by_paragraph[number - 1]

    def by_type(self) -> dict[str, int]:
        """Item counts per type, in the model's type order, types without items left out."""
        counts = Counter(item.type for item in self.items)
        return {name: counts[name] for name in ITEM_TYPES if counts[name]}

    def by_difficulty(self) -> dict[str, int]:
        """Item counts per difficulty; items without one count as "unrated"."""
        counts = Counter(item.difficulty or "unrated" for item in self.items)
        return {name: counts[name] for name in (*DIFFICULTIES, "unrated") if counts[name]}


def article_coverage(course: Course, article: Article) -> ArticleCoverage:
    """The coverage of one article by the items of its bank."""
    items = course.items_of(article.slug)
    cited: list[list[Item]] = [[] for _ in article.paragraphs]
    for item in items:
        for number in quoted_paragraphs(item):
            cited[number - 1].append(item)
    return ArticleCoverage(article, items, tuple(tuple(group) for group in cited))


def quoted_paragraphs(item: Item) -> list[int]:
    """The paragraphs the item's located quotes stand in, each once, in order of first quote."""
    numbers = [q.anchor.paragraph for q in item.quotes if q.anchor]
    return list(dict.fromkeys(numbers))


def course_coverage(course: Course) -> list[ArticleCoverage]:
    """The coverage of every article of the course, in course order."""
    return [article_coverage(course, article) for article in course.articles]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items()) or "none"


def paragraph_ranges(numbers: Iterable[int]) -> str:
    """`¶2, ¶5–9, ¶12`: paragraph numbers, runs of three or more written as ranges."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = []
    for run in runs:
        parts += [f"\u00b6{run[0]}\u2013{run[-1]}"] if len(run) > 2 else [f"\u00b6{n}" for n in run]
    return ", ".join(parts)


def stats_lines(coverage: ArticleCoverage) -> list[str]:
    """The `quizgen stats` report of one article."""
    untested = paragraph_ranges(coverage.untested) or "none"
    return [
        f"{coverage.article.slug}: {coverage.article.title}",
        f"  items: {len(coverage.items)} ({_counts(coverage.by_type())})",
        f"  difficulty: {_counts(coverage.by_difficulty())}",
        f"  paragraphs covered: {coverage.covered}/{coverage.total} ({coverage.percent}%)",
        f"  not tested: {untested}",
    ]
