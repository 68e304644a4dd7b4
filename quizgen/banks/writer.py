"""An imported bank as quizgen's items.yaml: items in quizgen's field order, what was lost said in comments."""

from __future__ import annotations

import json
import re

from quizgen.banks.model import ImportedBank

_PLAIN = re.compile(r"^[A-Za-z(][^\n\\`{}\[\]]*$")  # text YAML may read as written, without quotes
_UNSAFE = re.compile(r": | #|:$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SPECIAL = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def scalar(text: str, flow: bool = False) -> str:
    """The text as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    if _NUMBER.match(text):
        return text
    plain = _PLAIN.match(text) and not _UNSAFE.search(text) and text == text.strip()
    if plain and text.lower() not in _SPECIAL and not (flow and "," in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def render(bank: ImportedBank, ids: list[str], header: list[str]) -> str:
    """items.yaml's text."""
    lines = [f"# {line}" for line in header]
    for item, item_id in zip(bank.items, ids, strict=True):
        lines.append("")
        lines.extend(f"# import: {note}" for note in item.notes)
        for index, (key, value) in enumerate(item.ordered(item_id).items()):
            lines.extend(_field(key, value, "- " if index == 0 else "  "))
    if bank.skipped:
        lines.append("")
        lines.append("# Not imported (quizgen has no type for them):")
        lines.extend(f"#   {s.source_id} ({s.kind}): {s.reason}" for s in bank.skipped)
    return "\n".join(lines) + "\n"


def _field(key: str, value: object, lead: str) -> list[str]:
    if isinstance(value, dict):
        return [f"{lead}{key}:", *(f"    {scalar(k)}: {scalar(v)}" for k, v in value.items())]
    if isinstance(value, list):
        if key == "tags":
            return [f"{lead}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]"]
        return [f"{lead}{key}:", *(line for v in value for line in _entry(v))]
    text = str(value)
    if key in ("id", "type", "shuffle", "tolerance", "points") or (key == "answer" and text in ("true", "false")):
        return [f"{lead}{key}: {text}"]
    return [f"{lead}{key}: {scalar(text)}"]


def _entry(value: object) -> list[str]:
    """A list entry: text, or a mapping (a distractor that says why it is wrong: `- text: ...` then `why: ...`)."""
    if isinstance(value, dict):
        first, *rest = value.items()
        return [f"    - {first[0]}: {scalar(first[1])}", *(f"      {k}: {scalar(v)}" for k, v in rest)]
    return [f"    - {scalar(str(value))}"]
