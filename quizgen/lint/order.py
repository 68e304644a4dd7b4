"""Rules for ordering items: steps that give their place away."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.lint.registry import Example, Finding, ItemText, Rule, Settings, register
from quizgen.lint.text import Text, quoted
from quizgen.model import Order

# Words that say where a step stands in a sequence.
PLACE_WORDS = frozenset(
    [
        "first",
        "firstly",
        "second",
        "secondly",
        "third",
        "thirdly",
        "fourth",
        "fifth",
        "last",
        "lastly",
        "finally",
        "initially",
        "eventually",
        "afterwards",
        "afterward",
        "then",
        "next",
        "later",
        "subsequently",
        "before",
        "after",
    ]
)
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")


def check_order_cue(t: ItemText, s: Settings) -> Iterator[Finding]:
    """A step that names its place ('first', 'finally'), or dates that put the steps in order."""
    payload = t.item.payload
    if not isinstance(payload, Order):
        return
    steps = [Text(step) for step in payload.steps]
    placed = [(step, sorted(PLACE_WORDS.intersection(step.tokens))) for step in steps]
    named = [(step, words) for step, words in placed if words]
    if named:
        shown = "; ".join(f"'{step.plain}' ({', '.join(words)})" for step, words in named)
        yield Finding(f"steps say where they stand: {shown}; the order is given away: reword them", "answer")
    years = [[int(y) for y in YEAR.findall(step.plain)] for step in steps]
    dated = [min(found) for found in years if found]
    if len(dated) == len(steps) and dated == sorted(dated):
        yield Finding(
            f"every step carries a year, in order ({quoted([str(y) for y in dated])}): students can sort the "
            "years without knowing the events; leave the dates out of the steps",
            "answer",
        )


register(
    Rule(
        "order-cue",
        "a step of an ordering item gives its place away",
        "item",
        ("order",),
        "Steps of an `order` item holding a word that places them in a sequence ('first', 'then', 'finally', "
        "'initially', 'later', 'before', 'after'...), and steps that all carry a year (1500-2099), in ascending "
        "order.",
        "Students who can sort by the cue need not know the sequence the item tests: 'finally' goes last, 1994 "
        "comes before 2002. The steps should be sortable only by knowing the reading.",
        "Haladyna, Downing & Rodriguez (2002), guideline 31 (avoid clues to the right answer)",
        check_order_cue,
        fires=(
            Example(
                "a step says it comes first",
                {
                    "type": "order",
                    "prompt": "Put the negotiation's steps in order.",
                    "answer": ["First the talks open", "The North freezes its reactor", "Aid arrives"],
                    "quote": "The talks open, the North freezes its reactor and aid arrives",
                },
            ),
            Example(
                "years in the steps sort them",
                {
                    "type": "order",
                    "prompt": "Put the events in order.",
                    "answer": ["The 1994 Agreed Framework", "The 2003 talks", "The 2007 deal"],
                    "quote": "The 1994 framework led to the 2003 talks and the 2007 deal",
                },
            ),
        ),
        passes=(
            Example(
                "steps that only the reading orders",
                {
                    "type": "order",
                    "prompt": "Put the negotiation's steps in order.",
                    "answer": ["The talks open", "The North freezes its reactor", "Aid arrives"],
                    "quote": "The talks open, the North freezes its reactor and aid arrives",
                },
            ),
        ),
    )
)
