"""A quiz's `pools:` in course.yaml: sets of items from which each student, or each printed form, gets a draw."""

from __future__ import annotations

from collections.abc import Sequence

from quizgen.model import ITEM_TYPES, Pool
from quizgen.reading.fields import Fields
from quizgen.reading.schema import POOL_FIELDS
from quizgen.reading.yamlfile import YamlList, YamlMap

NOT_WITH_POOLS = ("articles", "count", "types", "per_type")  # what pools decide instead


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
    value = fields.mapping.get("articles")
    if isinstance(value, str) and value.strip().lower() == "all":  # as a quiz's `articles: all`
        articles: tuple[str, ...] = tuple(known)
    else:
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
