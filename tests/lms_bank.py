"""What an LMS package must carry of each item, computed from the bank, in plain text (shared by the LMS tests)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import lxml.html
from lxml import etree

from quizgen.keyboard import accepted_forms, deletion_forms
from quizgen.markup import to_plain
from quizgen.model import CLOZE, Choice, Cloze, Course, Essay, Item, Match, Numeric, Order, ShortAnswer, TrueFalse
from quizgen.present import option_feedback, sources

SCHEMAS = Path(__file__).resolve().parent / "schemas"  # the official XSDs, see schemas/SOURCES.md


def squash(text: str) -> str:
    """Whitespace collapsed, for comparing text rendered through HTML."""
    return " ".join(text.split())


def html_text(markup: str | None) -> str:
    """The text a browser shows for an HTML fragment (entities decoded once)."""
    if not markup:
        return ""
    return squash(lxml.html.fragment_fromstring(markup, create_parent="div").text_content())


def plain(text: str) -> str:
    return squash(to_plain(text))


def cloze_text(cloze: Cloze, hints: bool = True) -> str:
    """The cloze as recovered from a package: each deletion as «answer», followed by ` (hint)`."""
    marks = []

    def mark(match) -> str:
        marks.append((match.group(2).strip(), (match.group(3) or "").strip()))
        return f"\x00{len(marks)}\x00"

    text = to_plain(CLOZE.sub(mark, cloze.text))
    for n, (answer, hint) in enumerate(marks, start=1):
        shown = f"«{to_plain(answer)}»" + (f" ({to_plain(hint)})" if hint and hints else "")
        text = text.replace(f"\x00{n}\x00", shown)
    return squash(text)


def feedback_text(course: Course, item: Item, model_answer: bool = False) -> str:
    """The general feedback's text: passages with citations, explanation, and the model answer when students see
    it."""
    parts = [f"{text}\u2014 {cite}" for _, text, cite in sources(course, item)]
    if item.explain:
        parts.append(plain(item.explain))
    if model_answer and isinstance(item.payload, Essay):
        parts.append(f"Model answer: {plain(item.payload.model_answer)}")
    return squash("".join(parts))


def option_feedback_text(course: Course, item: Item) -> dict[str, str]:
    """Each wrong option's own feedback as shown (why, passage, citation), by the option's text."""
    shown = {}
    for option in item.payload.options if isinstance(item.payload, Choice) else ():
        feedback = option_feedback(course, item, option)
        if feedback is not None:
            source = f"{feedback.passage}\u2014 {feedback.citation}" if feedback.passage else ""
            shown[plain(option.text)] = squash(plain(feedback.why) + source)
    return shown


def expected(course: Course, item: Item, points: float, model_answer: bool = False) -> dict:
    """The item as every package must give it back: type, prompt, options, answer, points, feedback (general and
    per option)."""
    payload = item.payload
    record = {"type": item.type, "prompt": plain(item.prompt), "options": [], "answer": None, "points": points}
    record["why"] = option_feedback_text(course, item)
    if isinstance(payload, Choice):
        record["options"] = [plain(o.text) for o in payload.options]
        record["answer"] = sorted(plain(o.text) for o in payload.options if o.correct)
    elif isinstance(payload, Order):
        record["answer"] = [plain(step) for step in payload.steps]
    elif isinstance(payload, TrueFalse):
        record["options"] = ["True", "False"]
        record["answer"] = ["True" if payload.answer else "False"]
    elif isinstance(payload, ShortAnswer):
        record["answer"] = sorted({plain(a) for a in accepted_forms(payload.accepted)})  # keyboard forms too
    elif isinstance(payload, Numeric):
        record["answer"] = (Decimal(str(payload.value)), Decimal(str(payload.tolerance)))
    elif isinstance(payload, Cloze):
        record["prompt"] = cloze_text(payload)
        record["answer"] = [sorted(deletion_forms(d)) for d in payload.deletions]  # each blank's accepted answers
    elif isinstance(payload, Match):
        record["answer"] = [(plain(left), plain(right)) for left, right in payload.pairs]
    record["feedback"] = feedback_text(course, item, model_answer)
    return record


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


_cache: dict[str, etree.XMLSchema] = {}


def schema(relative: str) -> etree.XMLSchema:
    """An official XSD, compiled once (lxml)."""
    if relative not in _cache:
        _cache[relative] = etree.XMLSchema(etree.parse(str(SCHEMAS / relative)))
    return _cache[relative]


def errors(relative: str, document: bytes | etree._Element) -> list[str]:
    """Schema errors of a document (empty when valid)."""
    tree = etree.fromstring(document) if isinstance(document, bytes) else document
    checker = schema(relative)
    return [] if checker.validate(tree) else [f"{e.line}: {e.message}" for e in checker.error_log]
