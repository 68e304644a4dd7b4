"""Moodle quiz reports downloaded as CSV: Responses, Grades (marks per question) and Statistics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizgen.analyze.choices import options_of, score_choice
from quizgen.analyze.match import ItemIndex, words
from quizgen.analyze.results import ExternalStats, Response, Results, Sitting, Table, number
from quizgen.model import Item, Numeric, ShortAnswer

RESPONSE = re.compile(r"^Response (\d+)$")
RIGHT = re.compile(r"^Right answer (\d+)$")
QUESTION = re.compile(r"^Question (\d+)$")
MARK = re.compile(r"^Q\. ?(\d+)\s*/\s*([\d.,]+)$")  # "Q. 3 /1.00"


def is_responses(header: list[str]) -> bool:
    return any(RESPONSE.match(h) for h in header)


def is_grades(header: list[str]) -> bool:
    return any(MARK.match(h) for h in header)


def is_statistics(header: list[str]) -> bool:
    folded = {h.lower() for h in header}
    return {"q#", "question name"} <= folded


@dataclass
class MoodleReports:
    """The Moodle reports of one quiz, joined by student: which slot holds which item comes from any of them."""

    slots: dict[int, Item] = field(default_factory=dict)
    responses: list[Table] = field(default_factory=list)
    grades: list[Table] = field(default_factory=list)

    def read_statistics(self, table: Table, index: ItemIndex, results: Results) -> None:
        slot, name = table.column("q#"), table.column("question name")
        facility, discrimination = table.column("facility index"), table.column("discrimination index")
        for row in table.rows:
            cells = row + [""] * (len(table.header) - len(row))
            position = number(cells[slot]) if slot is not None else None
            item = index.find(name=cells[name]) if name is not None else None
            if position is None:
                continue  # the summary rows below the questions
            if item is None:
                results.unmatched.append(f"Moodle question {int(position)}: {cells[name] if name is not None else '?'}")
                continue
            self.slots[int(position)] = item
            results.external.append(
                ExternalStats(
                    item.id,
                    number(cells[facility]) if facility is not None else None,
                    number(cells[discrimination]) if discrimination is not None else None,
                    "Moodle statistics",
                )
            )

    def finish(self, index: ItemIndex, results: Results) -> None:
        """Every student's responses and marks, once each report is in."""
        self._slots_from_text(index, results)
        sittings: dict[str, Sitting] = {}
        for table in self.responses:
            self._read_responses(table, sittings, results)
        for table in self.grades:
            self._read_grades(table, sittings, results)
        results.sittings.extend(s for s in sittings.values() if s.responses)

    def _slots_from_text(self, index: ItemIndex, results: Results) -> None:
        """Slots named by their question text (Responses with 'Question N'), else taken in the quiz's own order."""
        slots = {int(m.group(1)) for t in self.responses + self.grades for h in t.header if (m := _slot_header(h))}
        for table in self.responses:
            columns = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := QUESTION.match(h))}
            for slot, column in columns.items():
                texts = [row[column] for row in table.rows if column < len(row) and row[column].strip()]
                item = index.find(text=texts[0]) if texts and slot not in self.slots else None
                if item is not None:
                    self.slots[slot] = item
        missing = sorted(slots - set(self.slots))
        if missing and not self.slots:
            for slot in missing:
                if slot <= len(index.items):
                    self.slots[slot] = index.items[slot - 1]
            results.notes.append(
                "Moodle's reports do not say which question each slot holds: slots were taken as the quiz's items in "
                "bank order (as quizgen's Moodle XML lists them). Add the Statistics report, or download Responses "
                "with the question text, to match them by name."
            )
        elif missing:
            results.unmatched.extend(
                f"Moodle slot {slot}: no question name or text matches an item" for slot in missing
            )

    def _read_responses(self, table: Table, sittings: dict[str, Sitting], results: Results) -> None:
        responses = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := RESPONSE.match(h))}
        rights = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := RIGHT.match(h))}
        for row_number, row in enumerate(table.rows):
            cells = row + [""] * (len(table.header) - len(row))
            student = _student(table, cells)
            if student is None:
                continue
            if not _finished(table, cells):
                results.excluded.append(f"{table.where(row_number)}: {student}: the attempt was not finished")
                continue
            sitting = sittings.setdefault(student, Sitting(student))
            for slot, column in responses.items():
                item = self.slots.get(slot)
                if item is None:
                    continue
                answer = cells[column].strip()
                right = cells[rights[slot]].strip() if slot in rights else None
                response = _scored(item, answer, right)
                if response is not None:
                    sitting.responses[item.id] = response

    def _read_grades(self, table: Table, sittings: dict[str, Sitting], results: Results) -> None:
        marks = {
            int(m.group(1)): (i, number(m.group(2)) or 1.0) for i, h in enumerate(table.header) if (m := MARK.match(h))
        }
        for row_number, row in enumerate(table.rows):
            cells = row + [""] * (len(table.header) - len(row))
            student = _student(table, cells)
            if student is None:
                continue
            if not _finished(table, cells):
                results.excluded.append(f"{table.where(row_number)}: {student}: the attempt was not finished")
                continue
            sitting = sittings.setdefault(student, Sitting(student))
            for slot, (column, worth) in marks.items():
                item = self.slots.get(slot)
                mark = number(cells[column])
                if item is None or (mark is None and cells[column].strip() != "-"):
                    continue  # "Requires grading": no mark yet
                earlier = sitting.responses.get(item.id)
                score = min(max((mark or 0.0) / worth, 0.0), 1.0)
                blank = cells[column].strip() == "-"
                sitting.responses[item.id] = Response(score, earlier.chosen if earlier else None, blank)


def _slot_header(heading: str) -> re.Match | None:
    return RESPONSE.match(heading) or MARK.match(heading)


def _student(table: Table, cells: list[str]) -> str | None:
    """Who the row is (email, else name); None for Moodle's 'Overall average' rows."""
    email = table.column("email address")
    if email is not None and cells[email].strip():
        return cells[email].strip()
    names = [cells[c].strip() for c in (table.column("first name"), table.column("surname")) if c is not None]
    name = " ".join(n for n in names if n)
    return name if name and "average" not in name.lower() else None


def _finished(table: Table, cells: list[str]) -> bool:
    state = table.column("state")
    return state is None or cells[state].strip().lower() in ("finished", "")


def _scored(item: Item, answer: str, right: str | None) -> Response | None:
    """A response scored against Moodle's right answer when the report has it, else against the bank."""
    options = options_of(item)
    chosen = None
    if options:
        texts = [t for t in answer.split("; ")] if item.type == "multi" else [answer]
        by_words = {words(text): n for n, (text, _) in enumerate(options)}
        found = [by_words.get(words(t)) for t in texts if t]
        chosen = tuple(sorted(n for n in found if n is not None)) if all(n is not None for n in found) else None
    blank = answer in ("", "-")
    if blank:
        return Response(0.0, () if options else None, blank=True)
    if right is not None and right:
        return Response(1.0 if words(answer) == words(right) else 0.0, chosen)
    if options and chosen is not None:
        return Response(score_choice(item, chosen), chosen)
    payload = item.payload
    if isinstance(payload, ShortAnswer):
        return Response(1.0 if words(answer) in {words(a) for a in payload.accepted} else 0.0)
    if isinstance(payload, Numeric):
        value = number(answer)
        return Response(1.0 if value is not None and abs(value - payload.value) <= payload.tolerance else 0.0)
    return None  # essays, matching, cloze: only the Grades report scores them
