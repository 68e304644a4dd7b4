"""What every bank reader produces: items as quizgen fields, what could not come across, and the images."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from quizgen.errors import UserError

# The order fields are written in, as the README shows them.
FIELD_ORDER = ("id", "type", "prompt", "answer", "distractors", "tolerance", "shuffle", "explain", "tags", "points")


@dataclass
class ImportedItem:
    """One item in quizgen's fields (text in quizgen's inline Markdown), with where it came from."""

    source_id: str  # the source's identifier (or title, or position), from which the id is derived
    type: str
    fields: dict[str, object]  # prompt, answer, distractors, ... (not id and type)
    notes: list[str] = field(default_factory=list)  # what the source had that the item could not keep
    own_id: bool = False  # the source_id is an id the author gave (Moodle's idnumber): kept as it is when valid

    def ordered(self, item_id: str) -> dict[str, object]:
        values = {"id": item_id, "type": self.type, **self.fields}
        return {key: values[key] for key in FIELD_ORDER if values.get(key) not in (None, "", [], ())}


@dataclass(frozen=True)
class Skipped:
    """A source question quizgen has no type for, and why."""

    source_id: str
    kind: str  # the source's type name
    reason: str


@dataclass
class ImportedBank:
    """What a reader found in a bank file."""

    format: str  # e.g. "Moodle XML"
    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    figures: dict[str, bytes] = field(default_factory=dict)  # file name under figures/ -> content


class BankError(UserError):
    """The file is not a bank of the format it claims, or breaks that format; the message says where."""


MAX_BYTES = 64 * 1024 * 1024  # a bank file (or a zip entry) larger than this is refused, not read


def slugify(text: str, limit: int = 60) -> str:
    """Lowercase ASCII letters, digits and single '-': a source identifier as a quizgen id."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")
