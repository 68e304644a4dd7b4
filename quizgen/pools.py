"""Question pools in a plan: which items each pool holds, and one form's draw from them."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from quizgen.model import Pool


class Typed(Protocol):
    type: str


T = TypeVar("T", bound=Typed)


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
        # a pool picking more than it holds is an error of its own; lint still draws what there is
        picked = items if pool.pick is None else rng.sample(list(items), min(pool.pick, len(items)))
        chosen.update(id(item) for item in picked)
    return chosen
