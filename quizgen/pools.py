"""Question pools: a quiz's sets of items from which each student, or each printed form, gets its own draw."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from quizgen.fields import Fields
from quizgen.model import ITEM_TYPES, Pool, QuizSpec
from quizgen.yamlfile import YamlList, YamlMap

POOL_FIELDS = ("articles", "types", "pick", "points")
NOT_WITH_POOLS = ("articles", "count", "types", "per_type")  # what pools decide instead


class Typed(Protocol):
    type: str


T = TypeVar("T", bound=Typed)


def read_pools(fields: Fields, known: list[str]) -> tuple[Pool, ...]:
    """A quiz's `pools:` (empty without one); every problem goes to the fields' report."""
    value = fields.mapping.get("pools")
    if value is None:
        return ()
    if not isinstance(value, YamlList) or not value:
        fields.error("pools", "'pools' must be a list of pools, like '- {articles: [slug], pick: 4}'", "wrong-kind")
        return ()
    for key in NOT_WITH_POOLS:
        if key in fields.mapping:
            fields.error(key, f"a quiz with pools takes its items from them: move '{key}' into its pools", "pool-field")
    pools = []
    for entry, line in zip(value, value.lines, strict=True):
        if not isinstance(entry, YamlMap):
            fields.report.error(
                fields.path, line, "each pool must be a mapping, like {articles: [slug], pick: 4}", "wrong-kind"
            )
            fields.ok = False
            continue
        pool = _pool(Fields(entry, fields.path, fields.report), known, line)
        fields.ok = fields.ok and pool is not None
        if pool is not None:
            pools.append(pool)
    return tuple(pools)


def _pool(fields: Fields, known: list[str], line: int) -> Pool | None:
    fields.check_known(POOL_FIELDS, "a pool")
    articles = fields.texts("articles", required=True, minimum=1, what=" (the readings the pool draws on)") or ()
    for slug in articles:
        if slug not in known:
            fields.error("articles", f"unknown article '{slug}'; the course has: {', '.join(known)}", "unknown-article")
    types = fields.texts("types") or ()
    for item_type in types:
        if item_type not in ITEM_TYPES:
            fields.error("types", f"unknown type '{item_type}'; use any of {', '.join(ITEM_TYPES)}", "bad-type")
    pick = fields.integer("pick", None, minimum=1)
    points = fields.number("points", None, minimum=0)
    pool = Pool(tuple(s for s in known if s in articles), types, pick, points, line)
    return pool if fields.ok else None


def pool_articles(pools: Sequence[Pool], known: list[str]) -> tuple[str, ...]:
    """The articles the pools draw on, in course order."""
    named = {slug for pool in pools for slug in pool.articles}
    return tuple(slug for slug in known if slug in named)


def pool_members(
    pools: Sequence[Pool], bank: Callable[[str], Sequence[T]], default_types: tuple[str, ...]
) -> tuple[list[list[T]], list[str]]:
    """Each pool's items in course order, and the problems: a pool with too few items, an item in two pools."""
    members: list[list[T]] = []
    problems = []
    owner: dict[int, int] = {}
    for number, pool in enumerate(pools, start=1):
        types = pool.types or default_types
        found = [i for slug in pool.articles for i in bank(slug) if i.type in types]
        for item in found:
            if id(item) in owner:
                name = getattr(item, "id", None) or "an item"
                problems.append(f"{name} is in pools {owner[id(item)]} and {number}; give the pools different types")
            owner.setdefault(id(item), number)
        if not found or (pool.pick is not None and pool.pick > len(found)):
            problems.append(f"pool {number} picks {pool.pick or 'all'} of {len(found)} items")
        members.append(found)
    return members, problems


def draw(pools: Sequence[Pool], members: Sequence[Sequence[T]], rng: random.Random) -> set[int]:
    """One form's draw: `pick` items of each pool (every item when it picks all), as ids of the chosen items."""
    chosen: set[int] = set()
    for pool, items in zip(pools, members, strict=True):
        picked = items if pool.pick is None else rng.sample(list(items), pool.pick)
        chosen.update(id(item) for item in picked)
    return chosen


def pool_of(quiz: QuizSpec, members: Sequence[Sequence[T]], item: T) -> Pool | None:
    """The pool that holds the item, or None when the quiz has no pools."""
    return next((pool for pool, items in zip(quiz.pools, members, strict=True) if item in items), None)
