"""What every writer receives and returns."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.model import Course, Item
from quizgen.plan import QuizPlan


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, when set: the time a reproducible build stamps on everything."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


@dataclass(frozen=True)
class BuildContext:
    """The model and the plan, as every writer reads them."""

    course: Course
    plans: tuple[QuizPlan, ...]
    epoch: int  # the build clock: SOURCE_DATE_EPOCH, else a fixed time, so builds are reproducible
    previous: dict = field(default_factory=dict, compare=False)  # the last build's manifest entries, by path
    out_dir: Path | None = None  # the last build's output folder (read-only), for reports of what changed since
    state: dict = field(default_factory=dict, compare=False)  # what a writer computes once per build, by writer name

    def quiz_items(self) -> tuple[Item, ...]:
        """Each item of any quiz once, in course order: what a preflight checks (an item in two quizzes once)."""
        chosen = {item.id for plan in self.plans for item in plan.items}
        return tuple(item for item in self.course.items if item.id in chosen)


@dataclass(frozen=True)
class Output:
    """One file a writer makes, rendered only when its inputs changed since the last build."""

    path: str  # relative to the output folder, with '/'
    inputs: tuple[str, ...]  # slugs of the articles (and banks) the file is made from
    render: Callable[[], bytes]
    extra: str = ""  # anything else the file depends on (a release record, an option)
    summary: str = ""  # one line for the build report (what the file holds)


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def describe(self, since: str = "the last build") -> str:
        """`since the last build: added a; changed b; removed c` (or `no item changed since the last build`)."""
        parts = [
            f"{word} {', '.join(ids)}"
            for word, ids in (("added", self.added), ("changed", self.changed), ("removed", self.removed))
            if ids
        ]
        return f"since {since}: {'; '.join(parts)}" if parts else f"no item changed since {since}"


def changes(old: dict[str, str], new: dict[str, str]) -> Changes:
    """Items added, changed and removed between two builds, by id."""
    return Changes(
        tuple(i for i in new if i not in old),
        tuple(i for i in new if i in old and old[i] != new[i]),
        tuple(i for i in old if i not in new),
    )
