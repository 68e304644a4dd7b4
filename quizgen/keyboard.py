"""Answers as a keyboard types them: LMS outputs accept the plain form of a typographic answer beside it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from quizgen.chars import replace_chars
from quizgen.markup import to_plain
from quizgen.model import Deletion

_KEYBOARD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u2033", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
}
_LIGATURE = re.compile("[\ufb00-\ufb06]")  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: their compatibility form is their letters


def fold_accents(text: str) -> str:
    """The text without its accents, recomposed (so a Hangul syllable, decomposed into letters, is itself again);
    canonical decomposition only: a compatibility letter such as the Hangul jamo ㄱ has no accent to drop."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def keyboard_form(text: str) -> str:
    """The answer as typed on a plain keyboard: straight quotes, hyphens, three dots, no ligatures, no accents."""
    if text.isascii():
        return text
    letters = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return fold_accents(replace_chars(letters, _KEYBOARD))


def accepted_forms(answers: Iterable[str]) -> tuple[str, ...]:
    """The answers as written, then the keyboard form of each that differs from every answer before it (case aside):
    what an LMS must accept so that a student who types `1946-47` for `1946–47` is marked right."""
    written = tuple(answers)
    forms = dict.fromkeys(written)
    seen = {a.lower() for a in written}  # lower, not casefold: casefold spells out ligatures, as no LMS does
    for answer in written:
        plain = keyboard_form(answer)
        if plain.lower() not in seen:
            seen.add(plain.lower())
            forms[plain] = None
    return tuple(forms)


def deletion_forms(deletion: Deletion) -> tuple[str, ...]:
    """Every answer a cloze blank accepts, as plain text: the one shown, its alternatives, their keyboard forms."""
    return accepted_forms(to_plain(a) for a in (deletion.answer, *deletion.alternatives))
