"""GIFT, Moodle's plain-text question format: one question per block of lines, answers in braces."""

from __future__ import annotations

import re

from quizgen.banks.common import choice_fields, decimal, explain_with
from quizgen.banks.html import plain, to_markdown
from quizgen.banks.model import BankError, ImportedBank, ImportedItem, Skipped, slugify

FORMAT = "GIFT"
_SPECIAL = "~=#{}:"
_TITLE = re.compile(r"::((?:\\.|[^\\:]|:(?!:))*)::")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TF = re.compile(r"^(T|TRUE|F|FALSE)\s*(?:#.*)?$", re.DOTALL | re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_BLANK = "_____"


def read(text: str, where: str) -> ImportedBank:
    if text.lstrip().startswith("<"):
        raise BankError(f"{where}: this is XML or HTML, not GIFT; a Moodle XML file is read when its name ends in .xml")
    bank = ImportedBank(FORMAT)
    category = ""
    problems = []
    for start, block in _blocks(text):
        if block.lstrip().startswith("$CATEGORY:"):
            category = block.split(":", 1)[1].strip().removeprefix("$course$/")
            continue
        try:
            _question(bank, text, start, block, category, where)
        except BankError as problem:  # each question stands alone: the others are still read, to report all
            problems.append(str(problem))
    if len(problems) == 1:
        raise BankError(problems[0])
    if problems:
        raise BankError(f"{len(problems)} GIFT syntax errors, nothing imported:\n" + "\n".join(problems))
    return bank


def _blocks(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each question: runs of lines between blank lines, `//` comment lines blanked out."""
    blocks, lines, offset, start = [], [], 0, 0
    for line in text.split("\n") + [""]:
        if line.lstrip().startswith("//"):
            line = " " * len(line)
        if line.strip():
            if not lines:
                start = offset
            lines.append(line)
        elif lines:
            blocks.append((start, "\n".join(lines)))
            lines = []
        offset += len(line) + 1
    return blocks


def _where(text: str, offset: int, where: str) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{where}:{line}:{column}"


def _unescaped(block: str, chars: str, start: int = 0) -> int:
    """The index of the first of `chars` not escaped by a backslash, from `start`; -1 if none."""
    i = start
    while i < len(block):
        if block[i] == "\\":
            i += 2
            continue
        if block[i] in chars:
            return i
        i += 1
    return -1


def _unescape(text: str) -> str:
    return re.sub(r"\\([~=#{}:\\])", r"\1", text.replace("\\n", "\n"))


def _question(bank: ImportedBank, text: str, start: int, block: str, category: str, where: str) -> None:
    title_match = _TITLE.match(block.lstrip())
    title = _unescape(title_match.group(1)).strip() if title_match else ""
    body_start = len(block) - len(block.lstrip()) + (title_match.end() if title_match else 0)
    opening = _unescaped(block, "{", body_start)
    closing_stray = _unescaped(block, "}", body_start)
    if opening < 0:
        if closing_stray >= 0:
            raise BankError(
                f"{_where(text, start + closing_stray, where)}: GIFT syntax: '}}' closes no '{{'; escape it as \\}} if it is text"
            )
        bank.skipped.append(
            Skipped(title or _clip(block), "description", "text without answers (a description), not a question")
        )
        return
    closing = _unescaped(block, "}", opening + 1)
    nested = _unescaped(block, "{", opening + 1)
    if closing < 0:
        raise BankError(
            f"{_where(text, start + opening, where)}: GIFT syntax: the answers opened by '{{' are never closed; add '}}' after the last answer"
        )
    if 0 <= nested < closing:
        raise BankError(
            f"{_where(text, start + nested, where)}: GIFT syntax: '{{' inside an answer block; close the block with '}}' first, or escape it as \\{{"
        )
    after = block[closing + 1 :]
    if _unescaped(after, "{}") >= 0:
        at = closing + 1 + _unescaped(after, "{}")
        raise BankError(
            f"{_where(text, start + at, where)}: GIFT syntax: a question has one answer block; start a new question after a blank line"
        )
    before = block[body_start:opening]
    html = bool(_FORMAT.match(before)) and _FORMAT.match(before).group(1).lower() == "html"
    before = _FORMAT.sub("", before, count=1)
    prompt_parts = [_unescape(before).strip()]
    if after.strip():
        prompt_parts = [_unescape(before).rstrip(), _BLANK, _unescape(after).lstrip()]
    prompt_raw = " ".join(p for p in prompt_parts if p)
    prompt = to_markdown(prompt_raw) if html else plain(prompt_raw)
    answers, general = _split_general(block[opening + 1 : closing])
    source_id = title or f"q{len(bank.items) + len(bank.skipped) + 1}"
    try:
        item = _item(source_id, prompt, answers.strip(), html)
    except ValueError as exc:
        raise BankError(f"{_where(text, start + opening, where)}: GIFT syntax: {exc}") from None
    if item is None:
        bank.skipped.append(Skipped(title or _clip(prompt), "gift", "the question has no correct answer"))
        return
    item.fields["explain"] = explain_with(_text(general, html), [str(item.fields.get("explain") or "")])
    tag = slugify(category.rpartition("/")[2]) if category else ""
    if tag:
        item.fields["tags"] = [tag]
    bank.items.append(item)


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 50 else flat[:47] + "..."


def _split_general(body: str) -> tuple[str, str]:
    at = body.find("####")
    return (body, "") if at < 0 else (body[:at], body[at + 4 :])


def _text(raw: str, html: bool) -> str:
    """An answer's or a feedback's text: its own [format] mark, if any, wins over the question's."""
    raw = _unescape(raw).strip()
    marked = _FORMAT.match(raw)
    if marked:
        html, raw = marked.group(1).lower() == "html", raw[marked.end() :].strip()
    return to_markdown(raw) if html else plain(raw)


def _split(body: str) -> list[tuple[str, str]]:
    """The answers of a block: (marker '=' or '~', text with its weight and feedback)."""
    parts, i, current, marker = [], 0, [], None
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            current.append(body[i : i + 2])
            i += 2
            continue
        if char in "=~" and not (char == "=" and body[i : i + 2] == "=>"):
            if marker is not None:
                parts.append((marker, "".join(current)))
            elif "".join(current).strip():
                raise ValueError(
                    f"'{''.join(current).strip()}' comes before the first answer; start each answer with = or ~"
                )
            marker, current = char, []
        else:
            current.append(char)
        i += 1
    if marker is not None:
        parts.append((marker, "".join(current)))
    return parts


def _answer(raw: str, html: bool) -> tuple[float | None, str, str]:
    """(weight or None, text, feedback) of one answer."""
    weight = None
    found = _WEIGHT.match(raw.strip())
    raw = raw.strip()
    if found:
        weight, raw = float(found.group(1)), raw[found.end() :]
    feedback_at = _unescaped(raw, "#")
    feedback = raw[feedback_at + 1 :] if feedback_at >= 0 else ""
    text = raw[:feedback_at] if feedback_at >= 0 else raw
    return weight, _text(text, html), _text(feedback, html)


def _item(source_id: str, prompt: str, body: str, html: bool) -> ImportedItem | None:
    fields: dict[str, object] = {"prompt": prompt}
    if not body:
        fields["answer"] = ""
        return ImportedItem(source_id, "essay", fields, ["GIFT essays have no model answer: write one in 'answer'"])
    if _TF.match(body):
        key, *feedback = re.split(r"(?<!\\)#", body)
        fields["answer"] = "true" if key.strip().upper().startswith("T") else "false"
        said = [
            f"{label}: {_text(f, html)}" for label, f in zip(("Wrong", "Right"), feedback, strict=False) if f.strip()
        ]
        fields["explain"] = "\n".join(said)
        return ImportedItem(source_id, "tf", fields)
    if body.startswith("#"):
        return _numeric(source_id, fields, body[1:].strip())
    parts = _split(body)
    if not parts:
        raise ValueError(f"cannot read the answers '{_clip(body)}'; start each answer with = or ~")
    answers = [(marker, *_answer(raw, html)) for marker, raw in parts]
    lines = [f'"{text}": {fb}' for _, _, text, fb in answers if fb]
    if all(m == "=" for m, *_ in answers) and any("->" in text for _, _, text, _ in answers):
        pairs, extra = {}, []
        for _, _, text, _ in answers:
            left, arrow, right = text.partition("->")
            if not arrow:
                raise ValueError(f"the matching pair '{text}' has no '->'")
            if left.strip():
                pairs[left.strip()] = right.strip()
            else:
                extra.append(right.strip())
        notes = [f"extra wrong answers are left out: {', '.join(repr(e) for e in extra)}"] if extra else []
        fields.update(answer=pairs, explain="\n".join(lines))
        return ImportedItem(source_id, "match", fields, notes)
    if all(m == "=" for m, *_ in answers):
        full = [text for _, w, text, _ in answers if w is None or w >= 100]
        notes = [
            f"the answer {text!r} with partial credit is left out"
            for _, w, text, _ in answers
            if w is not None and w < 100
        ]
        fields.update(answer=full if len(full) > 1 else (full[0] if full else None), explain="\n".join(lines))
        return ImportedItem(source_id, "short", fields, notes) if full else None
    scores = [(m == "=" and (w is None or w > 0)) or (w is not None and w > 0) for m, w, _, _ in answers]
    if not any(scores):
        return None
    multiple = sum(scores) > 1 or any(m == "~" and w is not None and w > 0 for m, w, _, _ in answers)
    options = [(text, right, feedback) for (_, _, text, feedback), right in zip(answers, scores, strict=True)]
    answer, distractors, lines = choice_fields(options, not multiple)
    fields.update(answer=answer, distractors=distractors, explain="\n".join(lines))
    return ImportedItem(source_id, "multi" if multiple else "mcq", fields)


def _numeric(source_id: str, fields: dict[str, object], body: str) -> ImportedItem | None:
    notes = []
    if body.startswith("="):
        options = [_answer(raw, False) for _, raw in _split(body)]
        full = [text for weight, text, _ in options if weight is None or weight >= 100]
        notes = [
            f"the answer {text} with partial credit is left out" for w, text, _ in options if w is not None and w < 100
        ]
        if not full:
            return None
        body = full[0]
    stop = _unescaped(body, "~=#")  # wrong answers (~) and feedback (#) after the right one
    body = (body[:stop] if stop >= 0 else body).strip()
    if ".." in body:
        low, _, high = body.partition("..")
        try:
            lo, hi = float(low), float(high)
        except ValueError:
            raise ValueError(f"'{body}' is not a numeric range like 1..5") from None
        value, tolerance = decimal((lo + hi) / 2), decimal((hi - lo) / 2)
    else:
        value, _, tolerance = body.partition(":")
        try:
            float(value)
            float(tolerance or "0")
        except ValueError:
            raise ValueError(f"'{body}' is not a number (with an optional :tolerance)") from None
    fields.update(answer=value.strip(), tolerance=tolerance.strip() if tolerance.strip() not in ("", "0") else None)
    return ImportedItem(source_id, "numeric", fields, notes)
