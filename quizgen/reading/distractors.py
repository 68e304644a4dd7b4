"""A bank's distractors: plain text, or `{text, why, quote}` saying why the option is wrong and where the reading
shows it."""

from __future__ import annotations

from pathlib import Path

from quizgen.model import Location, Option, Quote
from quizgen.reading.fields import Fields
from quizgen.reading.quotes import ArticleIndex, anchor_quote
from quizgen.reading.schema import DISTRACTOR_FIELDS
from quizgen.reading.yamlfile import YamlList, YamlMap

EXAMPLE = "{text: Reunifying the peninsula, why: Feffer calls Washington ambivalent, quote: ...}"


def read_distractors(
    fields: Fields, path: Path, index: ArticleIndex | None, minimum: int, what: str
) -> tuple[Option, ...] | None:
    """The wrong options, each with its feedback when written as a mapping; None (reported) when unusable."""
    value = fields.mapping.get("distractors")
    if not isinstance(value, YamlList) or all(isinstance(v, str) or v is None for v in value):
        texts = fields.texts("distractors", required=True, minimum=minimum, what=what)
        return None if texts is None else tuple(Option(t, False) for t in texts)
    options = []
    for entry, line in zip(value, value.lines, strict=True):
        if isinstance(entry, str) and entry.strip():
            options.append(Option(entry.strip(), False))
        elif isinstance(entry, YamlMap):
            option = _explained(Fields(entry, path, fields.report, fields.item), path, index)
            fields.ok = fields.ok and option is not None
            if option is not None:
                options.append(option)
        else:
            fields.report.error(
                path, line, f"each distractor is text, or a mapping like {EXAMPLE}", "wrong-kind", fields.item
            )
            fields.ok = False
    if fields.ok and len(options) < minimum:
        fields.error("distractors", f"'distractors' needs at least {minimum} entries{what}", "too-few")
    return tuple(options) if fields.ok else None


def _explained(fields: Fields, path: Path, index: ArticleIndex | None) -> Option | None:
    """A distractor written as a mapping: its text, why it is wrong, and the passage that shows it (optional)."""
    fields.check_known(DISTRACTOR_FIELDS, "a distractor")
    text = fields.text("text", required=True, what=" (the wrong option as students see it)")
    why = fields.text("why", required=True, what=" (why the option is wrong; or write the option as plain text)")
    quote_text = fields.text("quote")
    quote = None
    if quote_text:
        location = Location(path, fields.line("quote"))
        anchor = None if index is None else anchor_quote(index, quote_text, location, fields.report, fields.item)
        if index is not None and anchor is None:
            fields.ok = False
        quote = Quote(quote_text, location, anchor)
    return Option(text, False, why, quote) if fields.ok and text and why else None
