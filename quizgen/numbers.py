"""Numbers written as options: points, ranges and bounds ('1990', '10-20%', 'more than 50', '3 billion')."""

from __future__ import annotations

import math
import re

_NUM = r"[-+]?[$€£]?\d[\d,]*(?:\.\d+)?"
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_APPROX = r"(?:(?:about|approximately|around|roughly|nearly|almost|some)\s+)?"
_UNIT = r"(?:\s*(?:%|percent|per cent))?(?:\s+(?P<scale>thousand|million|billion|trillion))?(?:\s+(?P<unit>[a-z]+(?:\s[a-z]+)?))?"
_RANGE = re.compile(
    rf"^(?:between\s+|from\s+)?(?P<lo>{_NUM})\s*%?\s*(?:-|to|and)\s*(?P<hi>{_NUM}){_UNIT}$", re.IGNORECASE
)
_BOUND = re.compile(
    rf"^(?P<op>more than|over|above|at least|less than|fewer than|under|below|at most|up to)\s+(?P<lo>{_NUM}){_UNIT}$",
    re.IGNORECASE,
)
_POINT = re.compile(rf"^{_APPROX}(?P<lo>{_NUM}){_UNIT}$", re.IGNORECASE)
Interval = tuple[float, bool, float, bool]  # low, low included, high, high included


def _value(text: str) -> float:
    return float(re.sub(r"[$€£,+]", "", text))


def parse_interval(text: str) -> tuple[Interval, str] | None:
    """The interval an option names ('10-20%', 'more than 50', '1990') and its unit; None if not numeric."""
    text = text.strip().rstrip(".")
    for pattern in (_RANGE, _BOUND, _POINT):
        match = pattern.match(text)
        if match:
            break
    else:
        return None
    scale = _SCALE.get((match.group("scale") or "").lower(), 1.0)
    unit = (match.group("unit") or "").lower()
    lo = _value(match.group("lo")) * scale
    if pattern is _RANGE:
        return (lo, True, _value(match.group("hi")) * scale, True), unit
    if pattern is _POINT:
        return (lo, True, lo, True), unit
    op = match.group("op").lower()
    upward = op in ("more than", "over", "above", "at least")
    closed = op in ("at least", "at most", "up to")
    return ((lo, closed, math.inf, False) if upward else (-math.inf, False, lo, closed)), unit


def sort_key(text: str) -> tuple[float, float] | None:
    """The order of a numeric option (low end, then high end); None when the text is not numeric."""
    parsed = parse_interval(text)
    return None if parsed is None else (parsed[0][0], parsed[0][2])
