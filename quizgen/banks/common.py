"""What the readers share: item ids from source identifiers, figures, and quizgen's own feedback taken apart."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from quizgen.banks.model import ImportedBank, ImportedItem, slugify
from quizgen.keyboard import keyboard_form
from quizgen.reading.fields import ID_PATTERN

QUIZGEN_IDENT = re.compile(r"^qg_[a-z0-9-]+_[a-z0-9-]+_([a-z0-9-]+)$")  # quizgen's LMS identifier of an item
# The source passages quizgen writes into feedback (lms.feedback_html): quoted text, then "— citation, ¶N".
_CITED_QUOTE = re.compile(r"<blockquote><p>.*?</p></blockquote><p>\u2014 [^<]*?\u00b6\d+</p>", re.DOTALL)
_MODEL_ANSWER = re.compile(r"<p>Model answer: (.*?)</p>$", re.DOTALL)
# A blank followed by a parenthesis: quizgen writes a deletion's hint so after its blank, in every LMS format.
_HINT_AFTER = re.compile(r"(\{\{c\d+::(?:(?!\}\}).)*?)\}\} \(([^()\n]+)\)")
_CONTENT_HASH = re.compile(r"-[0-9a-f]{12}$")  # quizgen's packages name a figure <name>-<hash of its content>
_HASH = re.compile(r"[0-9a-f]{12,}")  # a content hash or UUID in an identifier: its first 8 digits identify it
_GENERIC_TITLE = re.compile(r"^(question|frage|pregunta|q)?\s*\d*$", re.IGNORECASE)


def item_ids(slug: str, items: list[ImportedItem]) -> list[str]:
    """An id per item, derived from its source identifier so that a second import gives the same ids: quizgen's own
    identifiers and valid ids the author gave come back as they were; others become `<slug>-<identifier>`; a repeated one gets `-2`, `-3`."""
    ids, seen = [], Counter()
    for item in items:
        own = QUIZGEN_IDENT.match(item.source_id)
        if own:
            base = own.group(1)
        elif ID_PATTERN.match(item.source_id) and (item.own_id or item.source_id.startswith(f"{slug}-")):
            base = item.source_id
        else:
            short = _HASH.sub(lambda m: m.group(0)[:8], item.source_id.lower())  # 'text2qti_question_93126f26'
            base = f"{slug}-{slugify(short) or 'item'}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def distinct_title(title: str | None, titles: Counter) -> bool:
    """Whether a question title names its question (not 'Question', 'Question 3', nor shared by several)."""
    return bool(title and title.strip() and not _GENERIC_TITLE.match(title.strip()) and titles[title] == 1)


def save_figure(bank: ImportedBank, name: str, data: bytes) -> str:
    """Keep an image for `figures/`, under a safe name that no other image of the bank has; its path."""
    stem, dot, ext = name.rpartition("/")[2].rpartition(".")
    stem = _CONTENT_HASH.sub("", slugify(stem if dot else ext)) or "figure"
    ext = slugify(ext) if dot else "bin"
    safe = f"{stem}.{ext}"
    if bank.figures.get(safe, data) != data:
        safe = f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}.{ext}"
    bank.figures[safe] = data
    return f"figures/{safe}"


def feedback_parts(html: str) -> tuple[str, str | None]:
    """General feedback HTML without the cited passages quizgen writes (imported items get their quotes anew),
    and the essay model answer quizgen appends to it (or None)."""
    rest = _CITED_QUOTE.sub("", html or "").strip()
    model = _MODEL_ANSWER.search(rest)
    if model:
        rest = rest[: model.start()].strip()
    return rest, (model.group(1) if model else None)


def explain_with(explain: str, lines: list[str]) -> str:
    """The explanation followed by `lines` (per-answer feedback the item has no field for)."""
    return "\n".join(part for part in [explain, *lines] if part)


def option_feedback(options: list[tuple[str, str]]) -> list[str]:
    """Per-option feedback (option text, feedback as Markdown) as lines of the explanation: `"option": feedback`."""
    return [f'"{text}": {said}' for text, said in options if said]


def deletion(accepted: list[str]) -> tuple[str, list[str]]:
    """A cloze blank's accepted answers as a deletion's text (`first|other`), and the answers it cannot hold. The
    keyboard form quizgen's own exports add after a typographic answer is dropped (export adds it again); an answer
    holding `|`, `::` or braces cannot be an alternative."""
    kept: list[str] = []
    for answer in dict.fromkeys(accepted):
        if any(keyboard_form(k) != k and keyboard_form(k).casefold() == answer.casefold() for k in kept):
            continue
        kept.append(answer)
    fits = [a for a in kept[1:] if not any(mark in a for mark in ("|", "::", "{{", "}}"))]
    return "|".join([kept[0], *fits]), [a for a in kept[1:] if a not in fits]


def with_hints(cloze: str) -> str:
    """The cloze text with `{{c1::answer}} (hint)` read back as the deletion's hint: `{{c1::answer::hint}}`."""
    return _HINT_AFTER.sub(r"\1::\2}}", cloze)


def decimal(value: float) -> str:
    """A computed number as an answer is written: `1.2599`, not `1.2599000000000002`."""
    return f"{value:.10g}"


def points(text: str | None) -> str | None:
    """A question's points as the item's `points`, or None when they are the default 1 (or not a number)."""
    try:
        value = float(text or "")
    except ValueError:
        return None
    return None if value == 1 or value < 0 else decimal(value)


def choice_fields(options: list[tuple[str, bool, str]], single: bool) -> tuple[object, list[object], list[str]]:
    """The answer, the distractors and the explanation lines of a choice question from its options (text, right,
    feedback as Markdown): a wrong option's feedback says why it is wrong (`{text, why}`), a right option's goes
    into the explanation."""
    right = [text for text, correct, _ in options if correct]
    distractors = [{"text": text, "why": said} if said else text for text, correct, said in options if not correct]
    lines = option_feedback([(text, said) for text, correct, said in options if correct])
    return (right[0] if single else right), distractors, lines
