"""Moodle quiz reports downloaded as CSV: Responses, Grades (marks per question) and Statistics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizgen.analyze.choices import options_of, score_choice
from quizgen.analyze.match import ItemIndex, words
from quizgen.analyze.results import ExternalStats, Response, Results, Sitting, Table, note_attempts, number, short
from quizgen.errors import UserError
from quizgen.model import Item, Numeric, ShortAnswer

RESPONSE = re.compile(r"^Response (\d+)$")
RIGHT = re.compile(r"^Right answer (\d+)$")
QUESTION = re.compile(r"^Question (\d+)$")
MARK = re.compile(r"^Q\. ?(\d+)\s*/\s*([\d.,]+)$")  # "Q. 3 /1.00"
UNNAMED_FIX = (
    "add the quiz's Statistics report (Results, Statistics, Download as CSV), which names each question, "
    "or download Responses with 'Question' ticked"
)


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
    drawn: dict[str, dict[int, Item]] = field(default_factory=dict)  # student -> slot -> the item their row shows
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
                results.unmatched.append(f"Moodle question {cells[slot]}: {cells[name] if name is not None else '?'}")
                continue
            if position == int(position):  # "3.1": a question drawn into slot 3 (a random question), not the slot's
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
            self._read_responses(table, index, sittings, results)
        for table in self.grades:
            self._read_grades(table, sittings, results)
        results.sittings.extend(s for s in sittings.values() if s.responses)

    def match_question_texts(self, index: ItemIndex) -> None:
        """The slots whose question text (Responses with 'Question N' ticked) reads as an item's prompt."""
        for table in self.responses:
            columns = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := QUESTION.match(h))}
            for slot, column in columns.items():
                texts = [
                    row[column] for row in table.rows if column < len(row) and row[column].strip() not in ("", "-")
                ]
                item = index.find(text=texts[0]) if texts and slot not in self.slots else None
                if item is not None:
                    self.slots[slot] = item

    def _slots_from_text(self, index: ItemIndex, results: Results) -> None:
        """Slots named by their question text (Responses with 'Question N'), else taken in the quiz's own order."""
        slots = {int(m.group(1)) for t in self.responses + self.grades for h in t.header if (m := _slot_header(h))}
        self.match_question_texts(index)
        missing = sorted(slots - set(self.slots))
        if missing and not self.slots:
            files = ", ".join(t.path.name for t in self.responses + self.grades)
            if len(missing) != len(index.items):
                raise UserError(
                    f"{files}: Moodle's reports have {len(missing)} questions and quiz has {len(index.items)} items, "
                    f"and they do not name their questions; {UNNAMED_FIX}"
                )
            self.slots = {slot: index.items[n] for n, slot in enumerate(missing)}
            self._check_bank_order(files)
            results.notes.append(
                "Moodle's reports do not say which question each slot holds: slots were taken as the quiz's items in "
                "bank order (as quizgen's Moodle XML lists them). Add the Statistics report, or download Responses "
                "with the question text, to match them by name."
            )
        elif missing:
            results.unmatched.extend(
                f"Moodle slot {slot}: no question name or text matches an item" for slot in missing
            )

    def _check_bank_order(self, files: str) -> None:
        """Refuse the bank order when a slot's answers are not options of the item taken for it."""
        for table in self.responses:
            for slot, column in ((int(m.group(1)), i) for i, h in enumerate(table.header) if (m := RESPONSE.match(h))):
                item = self.slots[slot]
                if not options_of(item):
                    continue
                for row_number, row in enumerate(table.rows):
                    answer = row[column].strip() if column < len(row) else ""
                    if answer not in ("", "-") and _chosen(item, answer) is None:
                        raise UserError(
                            f"{table.where(row_number)}: Response {slot} '{short(answer, 50)}' is no option of item "
                            f"'{item.id}', which is question {slot} in the bank's order: the quiz has its questions "
                            f"in another order, and the reports do not name them; {UNNAMED_FIX}"
                        )

    def _read_responses(self, table: Table, index: ItemIndex, sittings: dict[str, Sitting], results: Results) -> None:
        responses = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := RESPONSE.match(h))}
        rights = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := RIGHT.match(h))}
        texts = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := QUESTION.match(h))}
        found: dict[str, Item | None] = {}  # question text -> item, each text looked up once
        for row_number, cells in _attempts(table, results):
            student = _student(table, cells)
            assert student is not None
            sitting = sittings.setdefault(student, Sitting(student, where=table.where(row_number)))
            for slot, column in responses.items():
                # A random question (a pool) puts a different item in the slot for each student: the row's own
                # question text says which, where the report has it.
                text = cells[texts[slot]].strip() if slot in texts else ""
                if text and text not in found:
                    found[text] = index.find(text=text)
                item = found.get(text) or self.slots.get(slot)
                if item is not None:
                    self.drawn.setdefault(student, {})[slot] = item
                if item is None:
                    continue
                answer = cells[column].strip()
                right = cells[rights[slot]].strip() if slot in rights else ""
                response = _scored(item, answer, "" if right == "-" else right)  # "-": no right answer (an essay)
                if response is not None:
                    sitting.responses[item.id] = response

    def _read_grades(self, table: Table, sittings: dict[str, Sitting], results: Results) -> None:
        marks = {
            int(m.group(1)): (i, number(m.group(2)) or 1.0) for i, h in enumerate(table.header) if (m := MARK.match(h))
        }
        for row_number, cells in _attempts(table, results):
            student = _student(table, cells)
            assert student is not None
            sitting = sittings.setdefault(student, Sitting(student, where=table.where(row_number)))
            drawn = self.drawn.get(student, {})
            for slot, (column, worth) in marks.items():
                item = drawn.get(slot) or self.slots.get(slot)
                mark = number(cells[column])
                if item is None or (mark is None and cells[column].strip() != "-"):
                    continue  # "Requires grading": no mark yet
                earlier = sitting.responses.get(item.id)
                score = min(max((mark or 0.0) / worth, 0.0), 1.0)
                blank = cells[column].strip() == "-"
                sitting.responses[item.id] = Response(score, earlier.chosen if earlier else None, blank)


def _attempts(table: Table, results: Results) -> list[tuple[int, list[str]]]:
    """The rows of finished attempts, with their row numbers; of a student's several attempts, the last."""
    last: dict[str, tuple[int, list[str]]] = {}
    repeated = 0
    for row_number, row in enumerate(table.rows):
        cells = row + [""] * (len(table.header) - len(row))
        student = _student(table, cells)
        if student is None:
            continue
        if not _finished(table, cells):
            results.excluded.append(f"{table.where(row_number)}: {student}: the attempt was not finished")
            continue
        repeated += student in last
        last[student] = (row_number, cells)
    note_attempts(table, repeated, results)
    return list(last.values())


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


def _chosen(item: Item, answer: str) -> tuple[int, ...] | None:
    """The bank positions of the options a response names (a select-all item's joined by '; '); None if not all are."""
    by_words = {words(text): n for n, (text, _) in enumerate(options_of(item))}
    if item.type != "multi":
        found = by_words.get(words(answer))
        return None if found is None else (found,)
    parts = answer.split("; ")  # an option's own '; ' splits it too: join neighbours back until each is an option
    chosen: list[int] = []
    start = 0
    for end in range(1, len(parts) + 1):
        option = by_words.get(words("; ".join(parts[start:end])))
        if option is not None:
            chosen.append(option)
            start = end
    return tuple(sorted(chosen)) if start == len(parts) else None


def _scored(item: Item, answer: str, right: str) -> Response | None:
    """A response scored against Moodle's right answer when the report has it, else against the bank."""
    options = options_of(item)
    chosen = _chosen(item, answer) if options else None
    payload = item.payload
    if not options and not right and not isinstance(payload, (ShortAnswer, Numeric)):
        return None  # essays, matching, cloze: only the Grades report (or the right answer) scores them
    if answer in ("", "-"):
        return Response(0.0, () if options else None, blank=True)
    if right:
        return Response(1.0 if words(answer) == words(right) else 0.0, chosen)
    if options:
        return Response(score_choice(item, chosen), chosen) if chosen is not None else None
    if isinstance(payload, ShortAnswer):
        return Response(1.0 if words(answer) in {words(a) for a in payload.accepted} else 0.0)
    assert isinstance(payload, Numeric)
    value = number(answer)
    return Response(1.0 if value is not None and abs(value - payload.value) <= payload.tolerance else 0.0)
