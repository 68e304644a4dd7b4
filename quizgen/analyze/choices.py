"""The options a student chooses among, for the items whose options can be counted: mcq, multi and true/false."""

from __future__ import annotations

from quizgen.markup import to_plain
from quizgen.model import Choice, Item, TrueFalse


def options_of(item: Item) -> tuple[tuple[str, bool], ...]:
    """(text, correct) of each option in bank order; true/false items have True then False; others none."""
    payload = item.payload
    if isinstance(payload, Choice):
        return tuple((to_plain(o.text), o.correct) for o in payload.options)
    if isinstance(payload, TrueFalse):
        return (("True", payload.answer), ("False", not payload.answer))
    return ()


def key(item: Item) -> frozenset[int]:
    """The bank positions of the correct options."""
    return frozenset(n for n, (_, correct) in enumerate(options_of(item)) if correct)


def score_choice(item: Item, chosen: tuple[int, ...]) -> float:
    """Right or wrong: exactly the correct options chosen (a select-all item on paper has no partial credit)."""
    return 1.0 if frozenset(chosen) == key(item) else 0.0
