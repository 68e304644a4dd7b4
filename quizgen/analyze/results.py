"""What a results file says, in one neutral form: per student, per item, the share of points and the options chosen."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from quizgen.chars import clip
from quizgen.errors import UserError

MAX_BYTES = 200 * 1024 * 1024  # a class's export is a few MB; anything near this is not one


class Response(NamedTuple):  # a tuple: a class's export makes hundreds of thousands
    """One student's answer to one item."""

    score: float  # share of the item's points earned, 0 to 1
    chosen: tuple[int, ...] | None = None  # options chosen, by bank position (choice items); None: not known
    blank: bool = False


@dataclass
class Sitting:
    """One student's attempt: their responses by item id (an item not shown to them is absent)."""

    student: str  # "" when the file does not say (a logged-out student, a sheet without a name)
    responses: dict[str, Response] = field(default_factory=dict)
    form: str | None = None
    where: str = ""  # the file and line it was read from, for messages


@dataclass(frozen=True)
class ExternalStats:
    """What the LMS itself computed for an item (Canvas item analysis, Moodle statistics), shown beside ours."""

    item_id: str
    difficulty: float | None
    discrimination: float | None
    source: str


@dataclass
class Results:
    """Everything read from the results files of one quiz."""

    sittings: list[Sitting] = field(default_factory=list)
    external: list[ExternalStats] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "Canvas student analysis (file.csv)", ...
    unmatched: list[str] = field(default_factory=list)  # questions of the files that match no item
    excluded: list[str] = field(default_factory=list)  # rows left out, each with its reason
    notes: list[str] = field(default_factory=list)  # assumptions made, for the report


@dataclass(frozen=True)
class Table:
    """A CSV file as rows of text, its header first; `line` gives the file line of each row."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]

    def column(self, name: str) -> int | None:
        """The index of the column headed `name` (case and spacing aside), or None."""
        wanted = _fold(name)
        return next((i for i, heading in enumerate(self.header) if _fold(heading) == wanted), None)

    def where(self, index: int) -> str:
        return f"{self.path.name}:{self.lines[index]}"


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """The text of a CSV file and a note when it was not UTF-8: Excel saves UTF-8 with a BOM, UTF-16 or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), f"{path.name} is not UTF-8: read as Windows-1252"


def read_table(path: Path, is_header) -> tuple[Table, str | None]:
    """The CSV at `path` from its header row on (some exports put a title or a summary table above it).

    `is_header(cells)` tells the header row; the delimiter (comma, semicolon or tab) is the one that splits it."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"{path}: {size // 2**20} MB is too large for a results export")
        data = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path} is a folder: name the CSV file the LMS exported") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path} is not a CSV file (it holds binary data); export the report as CSV")
    text, note = decode(data, path)
    for delimiter in (",", ";", "\t"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        lines = _row_lines(text, delimiter)
        for index, cells in enumerate(rows):
            if len(cells) > 1 and is_header([c.strip() for c in cells]):
                body = [
                    (r, n)
                    for r, n in zip(rows[index + 1 :], lines[index + 1 :], strict=False)
                    if any(c.strip() for c in r)
                ]
                header = [c.strip() for c in cells]
                return Table(path, header, [r for r, _ in body], [n for _, n in body]), note
    raise UserError(f"{path}: no header row this analysis knows ({_known_kinds()})")


def _row_lines(text: str, delimiter: str) -> list[int]:
    """The file line each CSV row starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, line = [], 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return starts


def _known_kinds() -> str:
    return (
        "Canvas's Student Analysis or Item Analysis CSV, Moodle's Responses, Grades or Statistics report as CSV, "
        "or a paper-scan CSV with a student column, a form column and one column per question"
    )


def number(text: str) -> float | None:
    """A number as exports write it ('0.5', '0,5', '45.23%', '1.00 / 2.00' takes the first); None when blank or not one."""
    text = text.strip().replace("\u2212", "-")
    match = re.match(r"^-?\d+(?:[.,]\d+)?", text)
    if not match:
        return None
    value = float(match.group(0).replace(",", "."))
    return value / 100 if text.endswith("%") else value


def short(text: str, limit: int) -> str:
    """A text from a results file on one line, clipped for a message."""
    return clip(" ".join(text.split()), limit)


def note_attempts(table: Table, repeated: int, results: Results) -> None:
    """Say that some students' earlier attempts in `table` were passed over for their last."""
    if repeated:
        results.notes.append(
            f"{table.path.name} has {repeated} more attempts than students: each student's last attempt is analysed"
        )
