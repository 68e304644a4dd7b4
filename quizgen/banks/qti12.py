"""QTI 1.2 as Canvas exports quizzes and banks (and text2qti and quizgen write them): `questestinterop` items."""

from __future__ import annotations

import posixpath
import re
from collections import Counter

from lxml import etree

from quizgen.banks.common import (
    choice_fields,
    decimal,
    deletion,
    distinct_title,
    explain_with,
    feedback_parts,
    points,
    save_figure,
    with_hints,
)
from quizgen.banks.html import plain, to_markdown
from quizgen.banks.model import ImportedBank, ImportedItem, Skipped
from quizgen.banks.sources import Package

FORMAT = "Canvas QTI 1.2"
UNSUPPORTED = {
    "text_only_question": "a text block between questions, not a question",
    "file_upload_question": "students upload a file: quizgen has no file-upload type",
    "calculated_question": "calculated questions draw numbers from formulas; quizgen items are fixed",
}
_BLANK = re.compile(r"\[([^\[\]\s]+)\]")


class Reader:
    """Items of one or more QTI 1.2 documents; images resolved in the package."""

    def __init__(self, bank: ImportedBank, package: Package | None) -> None:
        self.bank = bank
        self.package = package
        self.base = ""  # folder of the document being read inside the package, for relative image paths
        self.seen: set[str] = set()  # item idents read: a Canvas course export holds a quiz in two documents

    def read(self, root: etree._Element, base: str = "") -> None:
        self.base = base
        items = [i for i in root.iter("item") if not i.get("ident") or i.get("ident") not in self.seen]
        self.seen.update(i.get("ident") for i in items if i.get("ident"))
        titles = Counter(i.get("title") for i in items)
        for position, item in enumerate(items, start=1):
            meta = {f.findtext("fieldlabel", ""): f.findtext("fieldentry", "") for f in item.iter("qtimetadatafield")}
            kind = meta.get("question_type") or _guess(item)
            title = item.get("title")
            source_id = item.get("ident") or f"q{position}"
            if distinct_title(title, titles) and not source_id.startswith("qg_"):
                source_id = title or source_id
            shown = title or source_id
            if UNSUPPORTED.get(kind):
                self.bank.skipped.append(Skipped(shown, kind, UNSUPPORTED[kind]))
                continue
            reader = BODIES.get(kind)
            if reader is None:
                self.bank.skipped.append(Skipped(shown, kind, f"'{kind}' is not a question type quizgen reads"))
                continue
            imported = reader(self, item, source_id)
            if imported is None:
                self.bank.skipped.append(Skipped(shown, kind, "the question has no correct answer"))
                continue
            imported.fields["points"] = points(meta.get("points_possible"))
            self.bank.items.append(imported)

    # --- text ---------------------------------------------------------------------------------------------

    def markdown(self, mattext: etree._Element | None, notes: list[str]) -> str:
        if mattext is None:
            return ""
        text = mattext.text or ""
        if mattext.get("texttype", "text/plain") != "text/html":
            return plain(text)
        return to_markdown(text, self.figure, notes)

    def figure(self, src: str) -> str | None:
        if self.package is None or src.startswith(("http://", "https://", "data:")):
            return None
        path = src.replace("$IMS-CC-FILEBASE$", "").replace("%24IMS-CC-FILEBASE%24", "").split("?")[0].lstrip("/")
        from urllib.parse import unquote

        path = unquote(path)
        for candidate in (path, posixpath.join(self.base, path), posixpath.join("web_resources", path)):
            name = self.package.find(candidate)
            if name is not None:
                return save_figure(self.bank, name, self.package.read(name))
        return None

    def common(self, item: etree._Element, notes: list[str]) -> tuple[str, str, dict[str, str]]:
        """The prompt, the explanation, and each feedback's HTML by ident."""
        presentation = item.find("presentation")
        prompt_text = presentation.find("material/mattext") if presentation is not None else None
        prompt = self.markdown(prompt_text, notes)
        feedbacks = {f.get("ident", ""): f.findtext(".//mattext") or "" for f in item.iterfind("itemfeedback")}
        general, _ = feedback_parts(feedbacks.get("general_fb", ""))
        explain = to_markdown(general, self.figure, notes)
        for ident, label in (("correct_fb", "Correct"), ("general_incorrect_fb", "Incorrect")):
            said = to_markdown(feedbacks.get(ident, ""), self.figure, notes)
            if said:
                explain = explain_with(explain, [f"{label}: {said}"])
        return prompt, explain, feedbacks


def _guess(item: etree._Element) -> str:
    """A question type for an item without Canvas's metadata (plain QTI 1.2, as other LMSs write it)."""
    lids = list(item.iter("response_lid"))
    prompt = item.findtext("presentation/material/mattext") or ""
    if len(lids) > 1:
        names = [(lid.findtext("material/mattext") or "").strip() for lid in lids]
        blanks = all(name and f"[{name}]" in prompt for name in names)
        return "fill_in_multiple_blanks_question" if blanks else "matching_question"
    if lids:
        texts = {(t or "").strip().lower() for t in (m.text for m in lids[0].iter("mattext"))}
        if texts == {"true", "false"}:
            return "true_false_question"
        return "multiple_answers_question" if lids[0].get("rcardinality") == "Multiple" else "multiple_choice_question"
    fib = item.find(".//render_fib")
    if fib is None:
        return "unknown"
    if fib.get("fibtype") in ("Decimal", "Integer"):
        return "numerical_question"
    return "short_answer_question" if _scoring(item) else "essay_question"


def _labels(response: etree._Element, reader: Reader, notes: list[str]) -> dict[str, str]:
    """The response's labels: ident -> text as Markdown."""
    return {
        label.get("ident", ""): reader.markdown(label.find(".//mattext"), notes)
        for label in response.iter("response_label")
    }


def _scoring(item: etree._Element) -> list[etree._Element]:
    """The respconditions that give points."""
    found = []
    for condition in item.iter("respcondition"):
        setvar = condition.find("setvar")
        try:
            if setvar is not None and float(setvar.text or "0") > 0:
                found.append(condition)
        except ValueError:
            continue
    return found


def _positive(condition: etree._Element, tag: str = "varequal") -> list[etree._Element]:
    """The tests of a condition that are not negated."""
    return [v for v in condition.iter(tag) if not any(a.tag == "not" for a in v.iterancestors())]


def choice(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain, feedbacks = reader.common(item, notes)
    response = item.find(".//response_lid")
    if response is None:
        return None
    labels = _labels(response, reader, notes)
    correct = {v.text for c in _scoring(item) for v in _positive(c)} & set(labels)
    if not correct:
        return None
    multiple = response.get("rcardinality") == "Multiple"
    right = [ident for ident in labels if ident in correct]
    if not multiple and len(right) > 1:
        notes.append(f"several answers score ({', '.join(repr(labels[r]) for r in right)}): the first is kept")
        right = right[:1]
    said = {i: to_markdown(feedback_parts(feedbacks.get(f"{i}_fb", ""))[0], reader.figure, notes) for i in labels}
    options = [(text, ident in right, said[ident]) for ident, text in labels.items()]
    answer, distractors, lines = choice_fields(options, not multiple)
    fields = {"prompt": prompt, "answer": answer, "distractors": distractors, "explain": explain_with(explain, lines)}
    return ImportedItem(source_id, "multi" if multiple else "mcq", fields, notes)


def true_false(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    imported = choice(reader, item, source_id)
    if imported is None:
        return None
    key = str(imported.fields["answer"]).strip().lower()
    if key not in ("true", "false"):
        return imported  # options other than True/False: a two-option choice
    imported.type = "tf"
    imported.fields["answer"] = key
    wrong = [d for d in imported.fields.pop("distractors") if isinstance(d, dict)]  # its feedback, if any
    lines = [f'"{d["text"].lower()}": {d["why"]}' for d in wrong]
    imported.fields["explain"] = explain_with(str(imported.fields.get("explain") or ""), lines)
    return imported


def short_answer(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain, _ = reader.common(item, notes)
    accepted = [plain(v.text or "") for c in _scoring(item) for v in _positive(c)]
    accepted = [a for a in dict.fromkeys(accepted) if a]
    if not accepted:
        return None
    fields = {"prompt": prompt, "answer": accepted if len(accepted) > 1 else accepted[0], "explain": explain}
    return ImportedItem(source_id, "short", fields, notes)


def numerical(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain, _ = reader.common(item, notes)
    conditions = _scoring(item)
    if not conditions:
        return None
    if len(conditions) > 1:
        notes.append("only the first of several accepted answers is kept")
    condition = conditions[0]
    exact = [v.text.strip() for v in _positive(condition) if v.text and v.text.strip()]
    low = [v.text for v in _positive(condition, "vargte")] + [v.text for v in _positive(condition, "vargt")]
    high = [v.text for v in _positive(condition, "varlte")] + [v.text for v in _positive(condition, "varlt")]
    tolerance = None
    try:
        if exact:
            answer = exact[0]
            if low and high:
                tolerance = decimal(max(float(answer) - float(low[0]), float(high[0]) - float(answer)))
        elif low and high:
            lo, hi = float(low[0]), float(high[0])
            answer, tolerance = decimal((lo + hi) / 2), decimal((hi - lo) / 2)
        else:
            return None
        float(answer)
    except (TypeError, ValueError):
        return None
    fields = {"prompt": prompt, "answer": answer, "tolerance": tolerance if tolerance not in ("0",) else None}
    fields["explain"] = explain
    return ImportedItem(source_id, "numeric", fields, notes)


def essay(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain, feedbacks = reader.common(item, notes)
    _, model = feedback_parts(feedbacks.get("general_fb", ""))
    answer = to_markdown(model or "")
    if not answer:
        notes.append("no model answer in the export: write one in 'answer'")
    return ImportedItem(source_id, "essay", {"prompt": prompt, "answer": answer, "explain": explain}, notes)


def matching(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    notes: list[str] = []
    prompt, explain, _ = reader.common(item, notes)
    chosen: dict[str, str] = {}
    for condition in _scoring(item):
        for test in _positive(condition):
            chosen.setdefault(test.get("respident", ""), test.text or "")
    pairs: dict[str, str] = {}
    used = set()
    for response in item.iter("response_lid"):
        left = reader.markdown(response.find("material/mattext"), notes)
        labels = _labels(response, reader, notes)
        right = labels.get(chosen.get(response.get("ident", ""), ""))
        if left and right:
            pairs[left] = right
            used.add(right)
    extra = sorted({text for r in item.iter("response_lid") for text in _labels(r, reader, []).values()} - used)
    if extra:
        notes.append(f"extra wrong answers are left out: {', '.join(repr(e) for e in extra)}")
    if not pairs:
        return None
    if sorted(pairs.values(), key=lambda v: (len(v), v)) == [str(n) for n in range(1, len(pairs) + 1)] and not extra:
        # each step matched to its place: an ordering question, as Canvas imports a QTI 2.1 orderInteraction
        steps = sorted(pairs, key=lambda step: int(pairs[step]))
        return ImportedItem(source_id, "order", {"prompt": prompt, "answer": steps, "explain": explain}, notes)
    return ImportedItem(source_id, "match", {"prompt": prompt, "answer": pairs, "explain": explain}, notes)


def blanks(reader: Reader, item: etree._Element, source_id: str) -> ImportedItem | None:
    """fill_in_multiple_blanks and multiple_dropdowns: `[name]` in the text, a response per blank (its right answer
    tested by the label's ident, as Canvas writes it, or by the label's text, as some tools do)."""
    notes: list[str] = []
    prompt, explain, _ = reader.common(item, notes)
    accepted: dict[str, list[str]] = {}
    for condition in _scoring(item):
        for test in _positive(condition):
            accepted.setdefault(test.get("respident", "").removeprefix("response_"), []).append(test.text or "")
    answers: dict[str, str] = {}
    for response in item.iter("response_lid"):
        name = response.get("ident", "").removeprefix("response_")
        material = response.findtext("material/mattext")
        name = (material or name).strip()
        labels = _labels(response, reader, notes)
        chosen = accepted.get(response.get("ident", "").removeprefix("response_"), [])
        right = [labels.get(value, value) for value in chosen if value in labels or value in labels.values()]
        if not right:
            return None
        answers[name], lost = deletion(right)
        if lost:
            notes.append(
                f"blank [{name}]: {', '.join(repr(o) for o in lost)} left out (not writable as an alternative)"
            )
    numbered: dict[str, int] = {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in answers:
            return match.group(0)
        numbered.setdefault(name, len(numbered) + 1)
        return f"{{{{c{numbered[name]}::{answers[name]}}}}}"

    text = with_hints(_BLANK.sub(fill, prompt))
    if not numbered:
        return None
    return ImportedItem(source_id, "cloze", {"prompt": text, "explain": explain}, notes)


BODIES = {
    "multiple_choice_question": choice,
    "multiple_answers_question": choice,
    "true_false_question": true_false,
    "short_answer_question": short_answer,
    "numerical_question": numerical,
    "essay_question": essay,
    "matching_question": matching,
    "fill_in_multiple_blanks_question": blanks,
    "multiple_dropdowns_question": blanks,
}
