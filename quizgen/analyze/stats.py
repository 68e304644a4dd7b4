"""Classical item analysis: difficulty, discrimination, option choices by score group, and the test's reliability."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass

from quizgen.analyze.choices import options_of
from quizgen.analyze.results import Sitting
from quizgen.model import Item

GROUP_SHARE = 0.27  # Kelley's upper and lower 27%
CURVE_GROUPS = 5  # option curves: students in fifths by total score


@dataclass(frozen=True)
class OptionStats:
    text: str
    correct: bool
    share: float  # of the students whose choice is known
    top: float
    bottom: float
    curve: tuple[float, ...]  # share choosing it in each fifth of the class, lowest scores first
    count: int


@dataclass(frozen=True)
class ItemStats:
    item: Item
    points: float
    n: int  # students who were given the item
    difficulty: float  # mean share of the points (the proportion correct for right/wrong items)
    discrimination: float | None  # corrected point-biserial: the item against the rest of the test
    upper_lower: float | None  # difficulty in the top 27% minus in the bottom 27%
    blank: float  # share who left it blank
    options: tuple[OptionStats, ...]  # mcq, multi, true/false: in bank order
    choices_known: int  # students whose chosen options the results show
    alpha_if_deleted: float | None


@dataclass(frozen=True)
class TestStats:
    students: int
    items: int
    points: float  # the most a student could score
    mean: float
    sd: float
    alpha: float | None  # Cronbach's alpha; KR-20 when every item is scored right or wrong
    sem: float | None  # standard error of measurement, in points
    complete: bool  # every student was given every item (else alpha uses pairwise covariances)


@dataclass(frozen=True)
class Analysis:
    test: TestStats
    items: tuple[ItemStats, ...]
    totals: tuple[float, ...]  # per sitting, in points


def analyse(items: Sequence[Item], points: Sequence[float], sittings: Sequence[Sitting]) -> Analysis:
    """The statistics of `items` (worth `points` each) over the students' `sittings`."""
    n_students = len(sittings)
    columns = [
        [(s, sitting.responses[item.id]) for s, sitting in enumerate(sittings) if item.id in sitting.responses]
        for item in items
    ]
    totals = [0.0] * n_students
    for column, worth in zip(columns, points, strict=True):
        for s, response in column:
            totals[s] += response.score * worth
    ranked = sorted(range(n_students), key=lambda s: (totals[s], s))  # lowest first; ties by export order
    group = max(1, round(GROUP_SHARE * n_students))
    bottom, top = set(ranked[:group]), set(ranked[-group:])
    fifth = {s: min(CURVE_GROUPS - 1, rank * CURVE_GROUPS // max(n_students, 1)) for rank, s in enumerate(ranked)}
    complete = all(len(column) == n_students for column in columns)
    reliability = _alpha(columns, points, totals, complete)
    alpha, dropped = reliability if reliability else (None, [None] * len(items))
    stats = tuple(
        _item_stats(item, worth, column, totals, top, bottom, fifth, drop)
        for item, worth, column, drop in zip(items, points, columns, dropped, strict=True)
    )
    mean = sum(totals) / n_students if n_students else 0.0
    sd = math.sqrt(_variance(totals)) if n_students > 1 else 0.0
    sem = sd * math.sqrt(1 - alpha) if alpha is not None and alpha <= 1 else None
    test = TestStats(n_students, len(items), _most(items, points, sittings), mean, sd, alpha, sem, complete)
    return Analysis(test, stats, tuple(totals))


def _most(items: Sequence[Item], points: Sequence[float], sittings: Sequence[Sitting]) -> float:
    """The most a student could score: the points of the items given to them (with pools, a draw of the items)."""
    worth = {item.id: w for item, w in zip(items, points, strict=True)}
    given = [sum(w for item_id, w in worth.items() if item_id in s.responses) for s in sittings]
    return max(given, default=sum(points))


def _item_stats(item, worth, column, totals, top, bottom, fifth, alpha_if_deleted) -> ItemStats:
    scores = [response.score for _, response in column]
    n = len(scores)
    rest = [totals[s] - response.score * worth for s, response in column]
    top_scores = [r.score for s, r in column if s in top]
    bottom_scores = [r.score for s, r in column if s in bottom]
    upper_lower = _mean(top_scores) - _mean(bottom_scores) if top_scores and bottom_scores else None
    options = options_of(item)
    known = [(s, r.chosen) for s, r in column if r.chosen is not None]
    return ItemStats(
        item,
        worth,
        n,
        _mean(scores) if n else 0.0,
        _correlation(scores, rest),
        upper_lower,
        sum(1 for _, r in column if r.blank) / n if n else 0.0,
        _option_stats(options, known, top, bottom, fifth) if options and known else (),
        len(known),
        alpha_if_deleted,
    )


def _option_stats(options, known, top, bottom, fifth) -> tuple[OptionStats, ...]:
    """Each option's share among all, the top and bottom groups and each fifth, counted in one pass."""
    k = len(options)
    counts = {"all": [0] * k, "top": [0] * k, "bottom": [0] * k}
    fifths = [[0] * k for _ in range(CURVE_GROUPS)]
    sizes = {"all": 0, "top": 0, "bottom": 0}
    fifth_sizes = [0] * CURVE_GROUPS
    for s, chosen in known:
        groups = ["all"] + (["top"] if s in top else []) + (["bottom"] if s in bottom else [])
        for group in groups:
            sizes[group] += 1
            for option in chosen:
                counts[group][option] += 1
        g = fifth[s]
        fifth_sizes[g] += 1
        for option in chosen:
            fifths[g][option] += 1

    def share(count: int, size: int) -> float:
        return count / size if size else 0.0

    return tuple(
        OptionStats(
            text,
            correct,
            share(counts["all"][n], sizes["all"]),
            share(counts["top"][n], sizes["top"]),
            share(counts["bottom"][n], sizes["bottom"]),
            tuple(share(fifths[g][n], fifth_sizes[g]) for g in range(CURVE_GROUPS)),
            counts["all"][n],
        )
        for n, (text, correct) in enumerate(options)
    )


def _alpha(columns, points, totals, complete) -> tuple[float | None, list[float | None]] | None:
    """Cronbach's alpha and alpha with each item left out; pairwise covariances when students saw different items."""
    k = len(columns)
    if k < 2:
        return None
    if complete:
        scored = [[r.score * w for _, r in column] for column, w in zip(columns, points, strict=True)]
        variances = [_variance(x) for x in scored]
        with_total = [_covariance(x, totals) for x in scored]
        total_variance = _variance(totals)
        trace, whole = sum(variances), total_variance
        rows = with_total
    else:
        matrix = _pairwise_covariances(columns, points)
        variances = [matrix[i][i] for i in range(k)]
        rows = [sum(row) for row in matrix]
        trace, whole = sum(variances), sum(rows)
    alpha = _alpha_of(k, trace, whole)
    dropped = [_alpha_of(k - 1, trace - variances[i], whole - 2 * rows[i] + variances[i]) for i in range(k)]
    return alpha, dropped


def _alpha_of(k: int, trace: float, whole: float) -> float | None:
    if k < 2 or whole <= 0:
        return None
    return k / (k - 1) * (1 - trace / whole)


def _pairwise_covariances(columns, points) -> list[list[float]]:
    scored = [{s: r.score * w for s, r in column} for column, w in zip(columns, points, strict=True)]
    k = len(scored)
    matrix = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            shared = scored[i].keys() & scored[j].keys() if i != j else scored[i].keys()
            xs = [scored[i][s] for s in shared]
            ys = [scored[j][s] for s in shared]
            matrix[i][j] = matrix[j][i] = _covariance(xs, ys) if len(shared) > 1 else 0.0
    return matrix


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _variance(values: Sequence[float]) -> float:
    return _covariance(values, values)


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    return (sum(map(operator.mul, xs, ys)) - n * mx * my) / (n - 1)


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    vx, vy = _variance(xs), _variance(ys)
    if vx <= 0 or vy <= 0:
        return None  # everyone scored the same: nothing to correlate
    return _covariance(xs, ys) / math.sqrt(vx * vy)
