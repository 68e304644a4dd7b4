"""Moodle XML question banks: categories, every core question type, embedded-answer cloze, feedback, images."""

from __future__ import annotations

import base64
import binascii
import html as htmllib
import re
from collections import Counter
from fractions import Fraction

from lxml import etree

from quizgen.banks.common import (
    choice_fields,
    deletion,
    explain_with,
    feedback_parts,
    option_feedback,
    points,
    save_figure,
    with_hints,
)
from quizgen.banks.html import plain, to_markdown
from quizgen.banks.model import BankError, ImportedBank, ImportedItem, Skipped, slugify

FORMAT = "Moodle XML"
# Types quizgen has no item for, and why (the rest are read below).
UNSUPPORTED = {
    "description": "a description is text shown between questions, not a question",
    "calculated": "calculated questions draw numbers from datasets; quizgen items are fixed",
    "calculatedsimple": "calculated questions draw numbers from datasets; quizgen items are fixed",
    "calculatedmulti": "calculated questions draw numbers from datasets; quizgen items are fixed",
    "randomsamatch": "random short-answer matching draws its pairs from other questions at attempt time",
    "random": "a random question stands for a question drawn from a category at attempt time",
    "ddimageortext": "drag-and-drop onto an image has no quizgen type",
    "ddmarker": "drag-and-drop markers on an image have no quizgen type",
    "ddwtos": "drag-and-drop into text has no quizgen type",
    "gapselect": "select-missing-words has no quizgen type (its choices would be lost)",
}
_CLOZE = re.compile(
    r"\{(\d*):?(SHORTANSWER(?:_C)?|SA|MW|NUMERICAL|NM|MULTICHOICE\w*|MC\w*|MULTIRESPONSE\w*|MR\w*):((?:\\.|[^}])*)\}"
)


def read(root: etree._Element, where: str) -> ImportedBank:
    """The questions of a Moodle XML document (its root element)."""
    if root.tag == "question":  # a file of one question, as Moodle's question types keep their test fixtures
        wrapper = etree.Element("quiz")
        wrapper.append(root)
        root = wrapper
    if root.tag != "quiz":
        raise BankError(f"{where}: not Moodle XML: the file's root element is <{root.tag}>, not <quiz>")
    bank = ImportedBank(FORMAT)
    category = ""
    names = Counter(_text(q, "name") for q in root.iter("question"))
    for position, question in enumerate(root.iter("question"), start=1):
        kind = question.get("type", "")
        if kind == "category":
            category = plain(_text(question, "category")).removeprefix("$course$/").removeprefix("$course$")
            continue
        name = _text(question, "name")
        source_id = _text(question, "idnumber") or (name if names[name] == 1 and name.strip() else f"q{position}")
        if kind in UNSUPPORTED:
            bank.skipped.append(Skipped(name or source_id, kind, UNSUPPORTED[kind]))
            continue
        reader = READERS.get(kind)
        if reader is None:
            bank.skipped.append(Skipped(name or source_id, kind, f"'{kind}' is not a core Moodle type quizgen reads"))
            continue
        item = reader(question, bank, source_id)
        if item is None:
            bank.skipped.append(Skipped(name or source_id, kind, "the question has no correct answer"))
            continue
        item.own_id = bool(_text(question, "idnumber"))
        tags = [plain(t.findtext("text") or "") for t in question.iterfind("tags/tag")]
        category_tag = slugify(category.rpartition("/")[2]) if category else ""
        item.fields["tags"] = [t for t in dict.fromkeys([*tags, category_tag]) if t]
        item.fields["points"] = points(_text(question, "defaultgrade"))
        bank.items.append(item)
    return bank


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path)
    if found is None:
        return ""
    inner = found.find("text")
    return (inner.text if inner is not None else found.text) or ""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _markdown(element: etree._Element | None, bank: ImportedBank, notes: list[str], text: str | None = None) -> str:
    """A Moodle text element (`<questiontext format=...><text>` with its `<file>`s) as quizgen Markdown; `text`:
    HTML to read in place of the element's own, with the element's files."""
    if element is None:
        return ""
    text = element.findtext("text") or "" if text is None else text
    if element.get("format") in ("plain_text", "moodle_auto_format", "markdown") and "<" not in text:
        return plain(text)
    files = {f.get("name", ""): f for f in element.iterfind("file")}

    def figure(src: str) -> str | None:
        if not src.startswith("@@PLUGINFILE@@/"):
            return None
        name = htmllib.unescape(src.removeprefix("@@PLUGINFILE@@/")).split("?")[0]
        entry = files.get(name.rpartition("/")[2], files.get(name))
        if entry is None:
            return None
        try:
            data = base64.b64decode(entry.text or "", validate=False)
        except (binascii.Error, ValueError):
            return None
        return save_figure(bank, name, data)

    return to_markdown(text, figure, notes)


def _common(question: etree._Element, bank: ImportedBank, notes: list[str]) -> tuple[str, str]:
    """The prompt and the explanation (general feedback without quizgen's cited passages)."""
    prompt = _markdown(question.find("questiontext"), bank, notes)
    general = question.find("generalfeedback")
    explain_html, _ = feedback_parts(general.findtext("text") or "" if general is not None else "")
    explain = _markdown(general, bank, notes, explain_html)
    for key, label in (("correct", "Correct"), ("partiallycorrect", "Partially correct"), ("incorrect", "Incorrect")):
        said = _markdown(question.find(f"{key}feedback"), bank, notes)
        if said:
            explain = explain_with(explain, [f"{label}: {said}"])
    return prompt, explain


def _answers(question: etree._Element, bank: ImportedBank, notes: list[str]) -> list[tuple[str, Fraction, str]]:
    """Each `<answer>`: its text and its feedback as Markdown (quizgen's cited passage after it dropped, as an
    item's own; its images from the feedback's own files), and its fraction."""
    found = []
    for answer in question.iterfind("answer"):
        text = _markdown(answer, bank, notes)
        try:
            fraction = Fraction(answer.get("fraction", "0"))
        except (ValueError, ZeroDivisionError):
            fraction = Fraction(0)
        feedback = answer.find("feedback")
        said = (
            _markdown(feedback, bank, notes, feedback_parts(feedback.findtext("text") or "")[0])
            if feedback is not None
            else ""
        )
        found.append((text, fraction, said))
    return found


def _flag(question: etree._Element, name: str, default: bool) -> bool:
    value = (question.findtext(name) or "").strip().lower()
    return default if not value else value in ("1", "true", "yes")


def multichoice(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    answers = _answers(question, bank, notes)
    single = _flag(question, "single", True)
    right = [a for a in answers if a[1] > 0]
    if not right:
        return None
    if single and sum(a[1] == 100 for a in answers) != 1:
        partial = [a[0] for a in answers if 0 < a[1] < 100]
        notes.append(f"partial credit for {', '.join(repr(p) for p in partial)} is lost: quizgen scores one answer")
        right = [max(answers, key=lambda a: a[1])]
    answer, distractors, lines = choice_fields([(a[0], a in right, a[2]) for a in answers], single)
    fields = {"prompt": prompt, "answer": answer, "distractors": distractors, "explain": explain_with(explain, lines)}
    if not _flag(question, "shuffleanswers", True):
        fields["shuffle"] = "false"
    return ImportedItem(source_id, "mcq" if single else "multi", fields, notes)


def truefalse(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    answers = _answers(question, bank, notes)
    right = [a for a in answers if a[1] > 0]
    if not right or right[0][0].strip().lower() not in ("true", "false"):
        return None
    feedback = option_feedback([(a[0].lower(), a[2]) for a in answers])
    fields = {"prompt": prompt, "answer": right[0][0].strip().lower(), "explain": explain_with(explain, feedback)}
    return ImportedItem(source_id, "tf", fields, notes)


def shortanswer(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    answers = _answers(question, bank, notes)
    right = [a[0].replace("\\*", "*") for a in answers if a[1] == 100]
    partial = [a[0] for a in answers if 0 < a[1] < 100]
    if partial:
        notes.append(f"answers with partial credit are left out: {', '.join(repr(p) for p in partial)}")
    if any("*" in a for a, f, _ in answers if f == 100 and "\\*" not in a):
        notes.append("an answer uses Moodle's * wildcard, which quizgen reads as a literal *")
    if not right:
        return None
    feedback = option_feedback([(a[0], a[2]) for a in answers])
    fields = {
        "prompt": prompt,
        "answer": right if len(right) > 1 else right[0],
        "explain": explain_with(explain, feedback),
    }
    return ImportedItem(source_id, "short", fields, notes)


def numerical(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    best = None
    for answer in question.iterfind("answer"):
        fraction = _number(answer.get("fraction", "0")) or 0
        if fraction == 100 and best is None:
            best = answer
        elif fraction > 0:
            notes.append(f"the answer {answer.findtext('text')} with partial credit is left out")
    if best is None or _number(best.findtext("text") or "") is None:
        return None
    fields = {
        "prompt": prompt,
        "answer": (best.findtext("text") or "").strip(),
        "tolerance": (best.findtext("tolerance") or "").strip() if _number(best.findtext("tolerance") or "") else None,
        "explain": explain,
    }
    if question.find("units/unit") is not None:
        notes.append("units are left out: write the unit in the prompt")
    return ImportedItem(source_id, "numeric", fields, notes)


def essay(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    general = question.find("generalfeedback")
    _, model_html = feedback_parts(general.findtext("text") or "" if general is not None else "")
    model = _markdown(question.find("graderinfo"), bank, notes) or to_markdown(model_html or "")
    if not model:
        notes.append("no model answer (Moodle's information for graders is empty): write one in 'answer'")
    return ImportedItem(source_id, "essay", {"prompt": prompt, "answer": model, "explain": explain}, notes)


def matching(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    pairs: dict[str, str] = {}
    extra = []
    for sub in question.iterfind("subquestion"):
        left = _markdown(sub, bank, notes)
        right = plain(sub.findtext("answer/text") or "")
        if left:
            pairs[left] = right
        elif right:
            extra.append(right)
    if extra:
        notes.append(f"extra wrong answers are left out: {', '.join(repr(e) for e in extra)}")
    if not pairs:
        return None
    fields: dict[str, object] = {"prompt": prompt, "answer": pairs, "explain": explain}
    if not _flag(question, "shuffleanswers", True):
        fields["shuffle"] = "false"
    return ImportedItem(source_id, "match", fields, notes)


def cloze(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    """Embedded answers: each `{w:TYPE:=answer~...}` becomes a deletion holding the (first) right answer."""
    notes: list[str] = []
    element = question.find("questiontext")
    source = element.findtext("text") or "" if element is not None else ""
    answers: list[str] = []

    def blank(match: re.Match[str]) -> str:
        kind = match.group(2)
        options = _cloze_options(match.group(3))
        right = [text for fraction, text in options if fraction >= 100] or [
            text for fraction, text in sorted(options, reverse=True)[:1] if fraction > 0
        ]
        typed = not kind.startswith(("MULTI", "MC", "MR"))
        text, lost = deletion(right) if right and typed else (right[0] if right else "", [])
        answers.append(text)
        others = [t for _, t in options if t not in (right if typed else right[:1])] + lost
        if not typed and others:
            notes.append(
                f"blank {len(answers)}: the choices {', '.join(repr(o) for o in others)} are left out (a quizgen blank is typed)"
            )
        elif others:
            notes.append(f"blank {len(answers)}: other answers {', '.join(repr(o) for o in others)} are left out")
        return f"\ue020{len(answers)}\ue021"

    marked = _CLOZE.sub(blank, source)
    if not answers or not all(answers):
        return None
    element_copy = etree.Element("questiontext", format="html")
    etree.SubElement(element_copy, "text").text = marked
    for entry in element.iterfind("file") if element is not None else ():
        element_copy.append(entry)
    prompt = _markdown(element_copy, bank, notes)
    for n, answer in enumerate(answers, start=1):
        prompt = prompt.replace(f"\ue020{n}\ue021", f"{{{{c{n}::{answer}}}}}")
    prompt = with_hints(prompt)
    general = question.find("generalfeedback")
    explain_html, _ = feedback_parts(general.findtext("text") or "" if general is not None else "")
    explain = _markdown(general, bank, notes, explain_html)
    return ImportedItem(source_id, "cloze", {"prompt": prompt, "explain": explain}, notes)


def _cloze_options(body: str) -> list[tuple[float, str]]:
    """The answers of an embedded question: (percent, text), feedback after `#` dropped."""
    options = []
    for part in re.split(r"(?<!\\)~", body):
        fraction = 0.0
        if part.startswith("="):
            fraction, part = 100.0, part[1:]
        elif part.startswith("%"):
            value, _, part = part[1:].partition("%")
            fraction = _number(value) or 0.0
        part = re.split(r"(?<!\\)#", part)[0]
        if ":" in part and re.fullmatch(r"-?[\d.]+:[\d.]+", part.strip()):
            part = part.split(":")[0]
        text = re.sub(r"\\(.)", r"\1", part)
        options.append(
            (fraction, to_markdown(htmllib.unescape(text)) if "<" in text else plain(htmllib.unescape(text)))
        )
    return options


def ordering(question: etree._Element, bank: ImportedBank, source_id: str) -> ImportedItem | None:
    """ordering (Moodle's core type): the answers in their right order (each answer's fraction is its place)."""
    notes: list[str] = []
    prompt, explain = _common(question, bank, notes)
    answers = _answers(question, bank, notes)
    steps = [text for text, _, _ in sorted(answers, key=lambda a: a[1])]  # a stable sort: places, else as listed
    if len(steps) < 2 or not all(steps):
        return None
    return ImportedItem(source_id, "order", {"prompt": prompt, "answer": steps, "explain": explain}, notes)


READERS = {
    "multichoice": multichoice,
    "truefalse": truefalse,
    "shortanswer": shortanswer,
    "numerical": numerical,
    "essay": essay,
    "matching": matching,
    "match": matching,
    "cloze": cloze,
    "multianswer": cloze,
    "ordering": ordering,
}
