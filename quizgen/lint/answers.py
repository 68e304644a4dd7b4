"""Typed answers: cloze deletions worth hiding, and accepted answers a student can type the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.lint.registry import Example, Finding, ItemText, Rule, Setting, Settings, register
from quizgen.lint.text import STOPWORDS, is_number, quoted
from quizgen.model import Cloze, ShortAnswer

WOZNIAK = "Wozniak (1999), Effective learning: Twenty rules of formulating knowledge"


def check_cloze_deletion(t: ItemText, s: Settings) -> Iterator[Finding]:
    """Deletions that hide only a stopword or a tiny fragment."""
    payload = t.item.payload
    if not isinstance(payload, Cloze):
        return
    for deletion in payload.deletions:
        words = deletion.answer.casefold().split()
        compact = re.sub(r"\s", "", deletion.answer)
        if words and all(w.strip(".,;:") in STOPWORDS for w in words):
            yield Finding(
                f"deletion c{deletion.number} hides only '{deletion.answer}', a function word: the card tests "
                "grammar, not the reading; hide the content word next to it",
            )
        elif len(compact) <= s["min_chars"] and not is_number(compact):
            yield Finding(
                f"deletion c{deletion.number} hides only '{deletion.answer}' ({len(compact)} characters): too "
                "little to recall; hide the whole word or term",
            )


register(
    Rule(
        "cloze-deletion",
        "a cloze deletion that hides a stopword or a fragment",
        "item",
        ("cloze",),
        "A deletion whose words are all stopwords (the, of, and, not, ...), or whose letters and digits number "
        "at most `min_chars` and are not a number (so {{c1::8}} and {{c1::1990}} pass).",
        "A card should make the student recall a piece of knowledge; hiding 'the' or two letters tests "
        "sentence grammar and guessing (minimum information principle; NBME-style cloze guidance).",
        WOZNIAK,
        check_cloze_deletion,
        {"min_chars": Setting(2, 0, 10, integer=True, help="deletions this short or shorter fire")},
        fires=(
            Example(
                "a stopword hidden",
                {"prompt": "The North will keep {{c1::its}} weapons.", "quote": "the North will keep its weapons"},
            ),
        ),
        passes=(
            Example(
                "a content word and a short number",
                {
                    "prompt": "The North will keep its {{c1::weapons}} for {{c2::8}} years.",
                    "quote": "the North will keep its weapons for 8 years",
                },
            ),
        ),
    )
)

_ARTICLE = re.compile(r"^(the|a|an)\s+(.+)$", re.IGNORECASE)


def _alternatives(answer: str) -> list[str]:
    """The alternatives one answer lists, when it plainly does: parts split by semicolons, or a name and its
    initials ('colony collapse disorder, CCD'); [] for an answer whose comma belongs to it ('Paris, France')."""
    if ";" in answer:
        return [part.strip() for part in answer.split(";") if part.strip()]
    parts = [part.strip() for part in answer.split(",")]
    initials = {"".join(word[0] for word in part.split()).casefold() for part in parts if len(part.split()) > 1}
    return parts if len(parts) > 1 and any(part.casefold() in initials for part in parts) else []


def _typing_problems(answer: str, accepted: set[str]) -> list[str]:
    """What keeps a student from typing `answer` exactly, given the other accepted answers. Curly quotes, dashes,
    ligatures and accents are no problem: LMS outputs accept the keyboard form too (quizgen.keyboard)."""
    problems = []
    if answer.rstrip() and answer.rstrip()[-1] in ".!?;:,":
        problems.append("trailing punctuation: drop it")
    article = _ARTICLE.match(answer)
    if article and article.group(2).casefold() not in accepted:
        problems.append(f"a leading '{article.group(1)}' with no bare form: also accept '{article.group(2)}'")
    return problems


def check_untypable(t: ItemText, s: Settings) -> Iterator[Finding]:
    """Accepted answers that exact-match grading rejects when typed the ordinary way."""
    payload = t.item.payload
    if isinstance(payload, Cloze):
        for deletion in payload.deletions:
            problems = [p for p in _typing_problems(deletion.answer, {deletion.answer.casefold()}) if "accept" not in p]
            if problems:
                yield Finding(f"deletion c{deletion.number} '{deletion.answer}' has {'; '.join(problems)}")
        return
    if not isinstance(payload, ShortAnswer):
        return
    accepted = {a.casefold() for a in payload.accepted}
    for answer in payload.accepted:
        problems = _typing_problems(answer, accepted)
        if problems:
            yield Finding(f"accepted answer '{answer}' has {'; '.join(problems)}", "answer")
    if len(payload.accepted) == 1 and (alternatives := _alternatives(payload.accepted[0])):
        yield Finding(
            f"the one accepted answer '{payload.accepted[0]}' reads as alternatives: a student must type all of it, "
            f"commas and all; accept each: answer: [{', '.join(alternatives)}]",
            "answer",
        )
    shortest = min(len(a.split()) for a in payload.accepted)
    if shortest > s["max_words"]:
        yield Finding(
            f"every accepted answer is longer than {int(s['max_words'])} words ({quoted(list(payload.accepted))}): "
            "LMS exact matching rejects any other wording; accept a short core answer too",
            "answer",
        )


register(
    Rule(
        "untypable-answer",
        "an accepted answer a student cannot type the same way",
        "item",
        ("short", "cloze"),
        "Short-answer accepted answers (and cloze deletions) with trailing punctuation; with a leading "
        "'the'/'a'/'an' and no bare form; for short answers, a single accepted answer that lists alternatives, split "
        "by semicolons or a name and its initials (`answer: colony collapse disorder, CCD` is one answer, not two), "
        "or no accepted answer of at most `max_words` words. Curly quotes, dashes, an ellipsis, ligatures and "
        "accents are fine: every LMS output also accepts the answer as a plain keyboard types it ('1946-47' for "
        "'1946\u201347', 'naive' for 'na\u00efve'), and Anki's card back lists that form too.",
        "Canvas and Moodle grade short answers by exact match (case aside): a student who types the answer without "
        "its article, or without the full stop the bank put after it, is marked wrong while right.",
        "quizgen item-quality notes, section 2.2 (LMS exact matching of short answers)",
        check_untypable,
        {"max_words": Setting(4, 1, 50, integer=True, help="a short answer needs one accepted form this short")},
        fires=(
            Example(
                "a leading article with no bare form",
                {
                    "type": "short",
                    "prompt": "Which policy did Kim Dae-jung pursue?",
                    "answer": ["the Sunshine Policy"],
                    "quote": "Kim Dae-jung pursued the Sunshine Policy",
                },
            ),
        ),
        passes=(
            Example(
                "bare and article forms both accepted",
                {
                    "type": "short",
                    "prompt": "Which policy did Kim Dae-jung pursue?",
                    "answer": ["the Sunshine Policy", "Sunshine Policy"],
                    "quote": "Kim Dae-jung pursued the Sunshine Policy",
                },
            ),
        ),
    )
)
