"""Canvas Classic Quizzes exports: the Student Analysis CSV (a row per student) and the Item Analysis CSV."""

from __future__ import annotations

import re

from quizgen.analyze.choices import options_of
from quizgen.analyze.match import ItemIndex, words
from quizgen.analyze.results import ExternalStats, Response, Results, Sitting, Table, number
from quizgen.model import Item

# Canvas heads each question's response column "<question id>: <question text>", then a column of its points.
QUESTION = re.compile(r"^(\d+): (.*)$", re.S)


def is_student_analysis(header: list[str]) -> bool:
    folded = {h.lower() for h in header}
    return {"n correct", "n incorrect", "score"} <= folded and any(QUESTION.match(h) for h in header)


def is_item_analysis(header: list[str]) -> bool:
    folded = {h.lower() for h in header}
    return {"question id", "difficulty index"} <= folded


def read_student_analysis(table: Table, index: ItemIndex, results: Results) -> None:
    columns: list[tuple[int, Item, float | None]] = []
    for i, heading in enumerate(table.header):
        match = QUESTION.match(heading)
        if not match:
            continue
        item = index.find(text=match.group(2))
        if item is None:
            results.unmatched.append(f"Canvas question {match.group(1)}: {_clip(match.group(2))}")
            continue
        possible = number(table.header[i + 1]) if i + 1 < len(table.header) else None
        columns.append((i, item, possible))
    name, student_id, attempt = (table.column(c) for c in ("name", "id", "attempt"))
    latest: dict[str, tuple[int, Sitting]] = {}
    for row_number, row in enumerate(table.rows):
        cells = row + [""] * (len(table.header) - len(row))
        student = _student(cells, name, student_id) or f"row {table.lines[row_number]}"
        sitting = Sitting(student)
        for column, item, possible in columns:
            answer, earned = cells[column], number(cells[column + 1]) if column + 1 < len(cells) else None
            if not answer.strip() and earned is None:
                continue  # not in this student's quiz (a question group drew others)
            worth = possible if possible else 1.0
            score = min(max((earned or 0.0) / worth, 0.0), 1.0)
            sitting.responses[item.id] = Response(score, _chosen(item, answer), blank=not answer.strip())
        tries = int(number(cells[attempt]) or 1) if attempt is not None else 1
        if student not in latest or tries > latest[student][0]:  # with every attempt exported, keep the last
            latest[student] = (tries, sitting)
    results.sittings.extend(sitting for _, sitting in latest.values())


def read_item_analysis(table: Table, index: ItemIndex, results: Results) -> None:
    qid, title = table.column("question id"), table.column("question title")
    difficulty, biserial = table.column("difficulty index"), table.column("point biserial of correct")
    for row in table.rows:
        cells = row + [""] * (len(table.header) - len(row))
        heading = cells[title] if title is not None else ""
        item = index.find(name=heading, text=heading)  # Canvas puts the question's text under "Question Title"
        if item is None:
            results.unmatched.append(f"Canvas question {cells[qid] if qid is not None else '?'}: {_clip(heading)}")
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


def _chosen(item: Item, answer: str) -> tuple[int, ...] | None:
    """The options a response names: one text, or (select-all) texts joined by commas, a comma in a text as '\\,'."""
    options = options_of(item)
    if not options or not answer.strip():
        return () if options else None
    texts = [t.replace("\\,", ",") for t in re.split(r"(?<!\\),", answer)] if item.type == "multi" else [answer]
    by_words = {words(text): n for n, (text, _) in enumerate(options)}
    found = [by_words.get(words(t)) for t in texts]
    return tuple(sorted(n for n in found if n is not None)) if all(n is not None for n in found) else None


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:69] + "…"
