"""How items read in every output: answers, passages and citations, written once for all writers."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from quizgen.keyboard import accepted_forms
from quizgen.model import (
    CLOZE,
    Anchor,
    Article,
    Card,
    Choice,
    Cloze,
    Course,
    Deletion,
    Essay,
    Item,
    Match,
    Numeric,
    Option,
    Order,
    Quote,
    ShortAnswer,
    TrueFalse,
)
from quizgen.plan import Question

LETTERS = string.ascii_uppercase
BLANK = "\ue000"  # stands for a cloze blank until the text is escaped and marked up
TYPE_NAMES = {
    "mcq": "Multiple choice",
    "multi": "Select all that apply",
    "tf": "True or false",
    "short": "Short answer",
    "numeric": "Numeric answer",
    "cloze": "Fill in the blanks",
    "match": "Matching",
    "order": "Put in order",
    "essay": "Essay",
    "card": "Flashcard",
}


def passage(article: Article, anchor: Anchor) -> str:
    """The quoted text exactly as the article has it; elided parts joined with an ellipsis."""
    text = article.paragraph(anchor.paragraph).text
    return " \u2026 ".join(text[start:end] for start, end in anchor.spans)


_NESTED = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019"})


def in_quotation_marks(text: str) -> str:
    """The text in double quotation marks, its own double marks made single as quotes nest:
    `“‘Letters for the People’ and Hangul”`, not `““Letters for the People” and Hangul”`."""
    return f"\u201c{text.translate(_NESTED)}\u201d"


def citation(article: Article, anchor: Anchor) -> str:
    """Author, title and paragraph: `Mark P. Barry, “North Korea Requires …”, ¶7`."""
    parts = [article.author] if article.author else []
    parts.append(in_quotation_marks(article.title))
    parts.append(f"\u00b6{anchor.paragraph}")
    return ", ".join(parts)


def sources(course: Course, item: Item) -> list[tuple[Quote, str, str]]:
    """Each located quote of the item with its passage and citation."""
    article = course.article(item.article)
    return [(q, passage(article, q.anchor), citation(article, q.anchor)) for q in item.quotes if q.anchor]


def number(value: float | Decimal | str) -> str:
    """A number as a person writes it (and as QTI and Moodle read it): no exponent, no trailing zeros, no float noise.

    `25000000`, not `2.5e+07`; `1234567`, not `1.23457e+06`; `0.3`, not `0.30000000000000004`. A string is read
    exactly (`Numeric.text`, as the instructor wrote it).
    """
    decimal = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(decimal.normalize(), "f")
    return "0" if text in ("-0", "") else text


_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")  # no leading zeros (`007`)


def written_number(text: str) -> str:
    """A numeric answer as keys and cards show it: as the instructor wrote it when that is a plain decimal (`12.50`
    keeps its zero), else in plain decimal form (`1e-3` is `0.001`, `.5` is `0.5`), as the LMS packages have it."""
    if _PLAIN_DECIMAL.fullmatch(text) and not (text.startswith("-") and Decimal(text) == 0):  # not `-0.0`
        return text
    return number(text)


def bounds(value: float | Decimal | str, tolerance: float | Decimal | str) -> tuple[str, str]:
    """The accepted range of a numeric answer, computed in decimal so 3.10 ± 0.01 is 3.09 … 3.11.

    Pass the answer as written (`Numeric.text`) where there is one: it is read exactly, never through a float.
    """
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    margin = tolerance if isinstance(tolerance, Decimal) else Decimal(str(tolerance))
    return number(exact - margin), number(exact + margin)


def plural(count: float, word: str, words: str = "") -> str:
    """`1 point`, `2 points`, `1.5 points`; `words` for an irregular plural (`2 quizzes`)."""
    return f"{number(count)} {word if count == 1 else words or word + 's'}"


def answer_text(item: Item) -> str:
    """The correct answer in words (inline Markdown kept), for keys, card backs and feedback."""
    payload = item.payload
    if isinstance(payload, Choice):
        return "; ".join(o.text for o in payload.options if o.correct)
    if isinstance(payload, TrueFalse):
        return "True" if payload.answer else "False"
    if isinstance(payload, ShortAnswer):
        return payload.accepted[0]
    if isinstance(payload, Numeric):
        tolerance = f" (\u00b1 {number(payload.tolerance)})" if payload.tolerance else ""
        return f"{written_number(payload.text)}{tolerance}"
    if isinstance(payload, Cloze):
        return "; ".join(d.answer for d in payload.deletions)
    if isinstance(payload, Match):
        return "; ".join(f"{left} \u2192 {right}" for left, right in payload.pairs)
    if isinstance(payload, Order):
        return "; ".join(f"{n}. {step}" for n, step in enumerate(payload.steps, start=1))
    if isinstance(payload, Essay):
        return payload.model_answer
    if isinstance(payload, Card):
        return payload.back
    raise TypeError(f"unknown payload {payload!r}")


def also_accepted(item: Item) -> tuple[str, ...]:
    """Other accepted answers, for keys and card backs: a short answer's others, a cloze blank's alternatives as
    "(n) a, b" (n: the blank's number on the forms); keyboard forms of typographic answers included (the LMS outputs
    accept them, and Anki compares what is typed with the first only)."""
    payload = item.payload
    if isinstance(payload, ShortAnswer):
        return accepted_forms(payload.accepted)[1:]
    if isinstance(payload, Cloze):
        others = [(d.number, accepted_forms((d.answer, *d.alternatives))[1:]) for d in payload.deletions]
        return tuple(f"({n}) {', '.join(forms)}" for n, forms in others if forms)
    return ()


def cloze_replace(cloze: Cloze, replace: Callable[[Deletion], str]) -> str:
    """The cloze text with each deletion replaced by `replace(deletion)`.

    The deletions are the loader's (`Cloze.deletions`, in order of appearance): answers and hints read exactly as
    checked, stripped, a blank hint None. The pattern only finds where each one stands.
    """
    deletions = iter(cloze.deletions)
    return CLOZE.sub(lambda _: replace(next(deletions)), cloze.text)


def cloze_with_blanks(cloze: Cloze, blank: str = "_______") -> str:
    """The cloze text with each deletion replaced by a numbered blank (hints shown); a no-break space keeps the
    number on the line of its blank."""
    return cloze_replace(cloze, lambda d: f"({d.number})\u00a0{blank}" + (f" ({d.hint})" if d.hint else ""))


def cloze_filled(cloze: Cloze) -> str:
    """The cloze text with every deletion filled in."""
    return cloze_replace(cloze, lambda d: d.answer)


@dataclass(frozen=True)
class OptionFeedback:
    """Why a wrong option is wrong, with the passage (and its citation) that shows it, when it has one."""

    why: str
    passage: str | None = None
    citation: str | None = None


def option_feedback(course: Course, item: Item, option: Option) -> OptionFeedback | None:
    """A wrong option's feedback, or None when the bank gives none (its quote stands in the item's article)."""
    if not option.why:
        return None
    quote = option.quote
    if quote is None or quote.anchor is None:
        return OptionFeedback(option.why)
    article = course.article(item.article)
    return OptionFeedback(option.why, passage(article, quote.anchor), citation(article, quote.anchor))


def why_not(course: Course, item: Item) -> list[tuple[Option, OptionFeedback]]:
    """Each wrong option that the bank says is wrong why, with that feedback, for keys."""
    if not isinstance(item.payload, Choice):
        return []
    shown = [(option, option_feedback(course, item, option)) for option in item.payload.options]
    return [(option, feedback) for option, feedback in shown if feedback is not None]


def option_letters(question: Question) -> list[str]:
    """For each option (Choice) or right-hand side (Match) in bank order, the letter it has on the question's form.

    For a match, entry i is also the answer of left-hand item i+1.
    """
    position = {index: pos for pos, index in enumerate(question.order)}
    return [LETTERS[position[i]] for i in range(len(question.order))]


@dataclass(frozen=True)
class GridAnswer:
    """The answer of a question as a grader checks it on one form, in parts each writer formats."""

    parts: tuple[tuple[str, str], ...]  # (label, answer); label: '' or the number of a left-hand item or blank
    letters: bool = False  # the answers are letters of this form (choice, match), else inline Markdown
    # no parts: graded by hand, against the model answer (essay)


def grid_answer(question: Question) -> GridAnswer:
    """Letters (choice), True/False, the letter of each pair (match), each blank's answer (cloze), the text."""
    item, payload = question.item, question.item.payload
    if isinstance(payload, Choice):
        return GridAnswer((("", question.correct_letters()),), letters=True)
    if isinstance(payload, Match):
        return GridAnswer(tuple((str(n), letter) for n, letter in enumerate(option_letters(question), 1)), True)
    if isinstance(payload, Cloze):
        return GridAnswer(tuple((str(d.number), d.answer) for d in payload.deletions))
    if isinstance(payload, Order):  # each step as shown (lettered), with the number of its place
        return GridAnswer(tuple((LETTERS[pos], str(i + 1)) for pos, i in enumerate(question.order)), letters=True)
    if isinstance(payload, Essay):
        return GridAnswer(())
    return GridAnswer((("", answer_text(item)),))
