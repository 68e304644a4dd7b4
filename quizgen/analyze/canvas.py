"""Canvas Classic Quizzes exports: the Student Analysis CSV (a row per student) and the Item Analysis CSV."""

from __future__ import annotations

import re

from quizgen.analyze.choices import options_of
from quizgen.analyze.match import ItemIndex, words
from quizgen.analyze.results import ExternalStats, Response, Results, Sitting, Table, note_attempts, number, short
from quizgen.model import Item

# Canvas heads each question's response column "<question id>: <question text>", then a column of its points.
QUESTION = re.compile(r"^(\d+):(?: (.*))?$", re.S)


def is_student_analysis(header: list[str]) -> bool:
    folded = {h.lower() for h in header}
    return {"n correct", "n incorrect", "score"} <= folded and any(QUESTION.match(h) for h in header)


def is_item_analysis(header: list[str]) -> bool:
    folded = {h.lower() for h in header}
    return {"question id", "difficulty index"} <= folded


def question_columns(table: Table, index: ItemIndex, results: Results) -> list[tuple[int, Item, float | None]]:
    """Each question column's index, item and points possible (the heading after it); the others are unmatched."""
    columns: list[tuple[int, Item, float | None]] = []
    for i, heading in enumerate(table.header):
        match = QUESTION.match(heading)
        if not match:
            continue
        text = match.group(2) or ""
        item = index.find(text=text)
        if item is None:
            results.unmatched.append(f"Canvas question {match.group(1)}: {short(text, 70) or '(no text)'}")
            continue
        possible = number(table.header[i + 1]) if i + 1 < len(table.header) else None
        columns.append((i, item, possible))
    return columns


def read_student_analysis(table: Table, index: ItemIndex, results: Results) -> None:
    columns = question_columns(table, index, results)
    name, student_id, attempt = (table.column(c) for c in ("name", "id", "attempt"))
    readers = [(column, item, possible or 1.0, ResponseReader(item)) for column, item, possible in columns]
    latest: dict[str, tuple[int, Sitting]] = {}
    repeated = 0
    width = len(table.header)
    for row_number, row in enumerate(table.rows):
        cells = row + [""] * (width - len(row))
        student = _student(cells, name, student_id)  # "" for a logged-out student
        sitting = Sitting(student, where=table.where(row_number))
        for column, item, worth, reader in readers:
            response = reader.read(cells[column], cells[column + 1] if column + 1 < width else "", worth)
            if response is not None:
                sitting.responses[item.id] = response
        tries = int(number(cells[attempt]) or 1) if attempt is not None else 1
        key = student or sitting.where
        repeated += key in latest
        if key not in latest or tries > latest[key][0]:  # with every attempt exported, keep the last
            latest[key] = (tries, sitting)
    results.sittings.extend(sitting for _, sitting in latest.values())
    note_attempts(table, repeated, results)


class ResponseReader:
    """Reads one question's cells into responses, remembering each distinct answer (a class gives a few per item)."""

    def __init__(self, item: Item) -> None:
        self.item = item
        self.options = {words(text): n for n, (text, _) in enumerate(options_of(item))}
        self.seen: dict[tuple[str, str], Response | None] = {}

    def read(self, answer: str, points: str, worth: float) -> Response | None:
        key = (answer, points)
        if key not in self.seen:
            self.seen[key] = self._read(answer, points, worth)
        return self.seen[key]

    def _read(self, answer: str, points: str, worth: float) -> Response | None:
        earned = number(points)
        if not answer.strip() and earned is None:
            return None  # not in this student's quiz (a question group drew others)
        score = min(max((earned or 0.0) / worth, 0.0), 1.0)
        return Response(score, self._chosen(answer), blank=not answer.strip())

    def _chosen(self, answer: str) -> tuple[int, ...] | None:
        """The options a response names: one text, or (select-all) texts joined by commas, a comma in one as '\\,'."""
        if not self.options or not answer.strip():
            return () if self.options else None
        texts = (
            [t.replace("\\,", ",") for t in re.split(r"(?<!\\),", answer)] if self.item.type == "multi" else [answer]
        )
        found = [self.options.get(words(t)) for t in texts]
        return tuple(sorted(n for n in found if n is not None)) if None not in found else None


def read_item_analysis(table: Table, index: ItemIndex, results: Results) -> None:
    qid, title = table.column("question id"), table.column("question title")
    difficulty, biserial = table.column("difficulty index"), table.column("point biserial of correct")
    for row in table.rows:
        cells = row + [""] * (len(table.header) - len(row))
        heading = cells[title] if title is not None else ""
        item = index.find(name=heading, text=heading)  # Canvas puts the question's text under "Question Title"
        if item is None:
            results.unmatched.append(f"Canvas question {cells[qid] if qid is not None else '?'}: {short(heading, 70)}")
            continue
        results.external.append(
            ExternalStats(
                item.id,
                number(cells[difficulty]) if difficulty is not None else None,
                number(cells[biserial]) if biserial is not None else None,
                "Canvas item analysis",
            )
        )


def _student(cells: list[str], name: int | None, student_id: int | None) -> str:
    parts = [cells[c].strip() for c in (student_id, name) if c is not None and cells[c].strip()]
    return parts[0] if parts else ""
