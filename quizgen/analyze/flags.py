"""What the statistics say to fix: each flag a warning at the item's line in its bank, with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.analyze.results import short
from quizgen.analyze.stats import Analysis, ItemStats
from quizgen.diagnostics import Report

TOO_EASY = 0.90
TOO_HARD = 0.30
LOW_DISCRIMINATION = 0.20
CHANCE_MARGIN = 0.05  # a true/false item at 48% is a coin, not a trap
ALPHA_GAIN = 0.005  # a rise smaller than this is noise
MIN_STUDENTS = 5  # fewer answers than this: no flags, the report shows the figures as hints
MIN_FOR_OPTIONS = 20  # students whose choice is known before "nobody chose it" means anything
MIN_GROUP = 5  # students in the top group before its preference means anything


@dataclass(frozen=True)
class Flag:
    item_id: str
    kind: str  # all-blank, too-easy, too-hard, negative-discrimination, low-discrimination, dead-distractor, ...
    message: str


def flags(analysis: Analysis) -> list[Flag]:
    found = []
    for stats in analysis.items:
        found += _item_flags(stats, analysis)
    return found


def _item_flags(stats: ItemStats, analysis: Analysis) -> list[Flag]:
    item, found = stats.item, []
    pct = f"{stats.difficulty:.0%}"

    def flag(kind: str, message: str) -> None:
        found.append(Flag(item.id, kind, message))

    if stats.n < MIN_STUDENTS:
        return found
    if stats.blank == 1.0:
        flag(
            "all-blank",
            f"all {stats.n} students left it blank: check that it was shown to them (a page, a pool, a form "
            "that lacks it) and that the results file holds its answers",
        )
        return found
    if stats.difficulty > TOO_EASY:
        flag("too-easy", f"too easy: {pct} of {stats.n} students got it right; it tells students apart little")
    chance = 1 / len(stats.options) if stats.options and item.type != "multi" else 0.0
    if stats.difficulty < max(TOO_HARD, chance - CHANCE_MARGIN):
        below = f", below the {chance:.0%} that guessing gets" if stats.difficulty < chance - CHANCE_MARGIN else ""
        flag("too-hard", f"too hard: {pct} of {stats.n} students got it right{below}; check the key and the wording")
    r = stats.discrimination
    if r is not None and r < 0:
        flag(
            "negative-discrimination",
            f"students who did well on the rest of the test did worse on this item "
            f"(corrected point-biserial {r:.2f}): a probable key error or an ambiguous item",
        )
    elif r is not None and r < LOW_DISCRIMINATION:
        flag(
            "low-discrimination",
            f"low discrimination (corrected point-biserial {_under(r, LOW_DISCRIMINATION)}, below "
            f"{LOW_DISCRIMINATION:.2f}): it barely tells strong students from weak ones",
        )
    found += _option_flags(stats, analysis)
    alpha, dropped = analysis.test.alpha, stats.alpha_if_deleted
    if alpha is not None and dropped is not None and dropped > alpha + ALPHA_GAIN:
        flag("alpha-if-deleted", f"leaving it out raises the test's reliability (alpha {alpha:.2f} -> {dropped:.2f})")
    return found


def _under(value: float, limit: float) -> str:
    """`value` with the decimals that show it below `limit` (0.198 is not '0.20, below 0.20')."""
    digits = 2
    while round(value, digits) >= limit and digits < 6:
        digits += 1
    return f"{value:.{digits}f}"


def _option_flags(stats: ItemStats, analysis: Analysis) -> list[Flag]:
    item, found = stats.item, []
    keys = [o for o in stats.options if o.correct]
    group = max(1, round(0.27 * analysis.test.students))
    for option in stats.options:
        if option.correct:
            continue
        if option.count == 0 and stats.choices_known >= MIN_FOR_OPTIONS and item.type != "tf":
            found.append(
                Flag(
                    item.id,
                    "dead-distractor",
                    f"no student chose the distractor '{short(option.text, 50)}': replace it with a mistake students make",
                )
            )
        if keys and group >= MIN_GROUP and option.top > min(k.top for k in keys):
            found.append(
                Flag(
                    item.id,
                    "top-prefers-distractor",
                    f"the top 27% of the class chose '{short(option.text, 50)}' "
                    f"({option.top:.0%}) more than the key ({min(k.top for k in keys):.0%}): "
                    f"check the key, or whether that option is also right",
                )
            )
    return found


def report_flags(analysis: Analysis, found: list[Flag], report: Report) -> None:
    """The flags as warnings in check's format, at each item's line, so an editor jumps to the item."""
    items = {stats.item.id: stats.item for stats in analysis.items}
    for f in found:
        item = items[f.item_id]
        report.warning(item.location.path, item.location.line, f.message, "item-analysis", item.id)
