"""Scanned paper forms: a CSV of student, form letter and the letters marked per question number."""

from __future__ import annotations

import re

from quizgen.analyze.choices import options_of, score_choice
from quizgen.analyze.results import Response, Results, Sitting, Table, number
from quizgen.errors import UserError
from quizgen.plan import Form, QuizPlan

FORM_COLUMNS = ("form", "version", "booklet", "test form", "exam form")
STUDENT_COLUMNS = ("student", "student id", "id", "name", "student name")
QUESTION = re.compile(r"^(?:q|question|item)?\s*\.?\s*(\d+)$", re.I)
TRUE_FALSE = {"T": 0, "TRUE": 0, "F": 1, "FALSE": 1}  # bubbles T and F; options True then False


def is_paper(header: list[str]) -> bool:
    folded = {h.lower() for h in header}
    return bool(folded & set(STUDENT_COLUMNS)) and sum(1 for h in header if QUESTION.match(h)) >= 1


def read_paper(table: Table, plan: QuizPlan, results: Results) -> None:
    forms = {form.letter: form for form in plan.forms}
    form_column = next((table.column(c) for c in FORM_COLUMNS if table.column(c) is not None), None)
    student_column = next(table.column(c) for c in STUDENT_COLUMNS if table.column(c) is not None)
    questions = {int(m.group(1)): i for i, h in enumerate(table.header) if (m := QUESTION.match(h))}
    if form_column is None and len(forms) > 1:
        raise_missing_form(table, plan)
    for row_number, row in enumerate(table.rows):
        cells = row + [""] * (len(table.header) - len(row))
        student = cells[student_column].strip() or f"row {table.lines[row_number]}"
        letter = cells[form_column].strip().upper() if form_column is not None else plan.forms[0].letter
        form = forms.get(letter)
        if form is None:
            known = ", ".join(forms)
            results.excluded.append(
                f"{table.where(row_number)}: {student}: form '{letter}' is not a form of quiz "
                f"'{plan.quiz.id}' (forms {known})"
            )
            continue
        results.sittings.append(_sitting(student, form, questions, cells, table, row_number, results))


def _sitting(
    student: str,
    form: Form,
    questions: dict[int, int],
    cells: list[str],
    table: Table,
    row_number: int,
    results: Results,
) -> Sitting:
    sitting = Sitting(student, form=form.letter)
    for question in form.questions:
        column = questions.get(question.number)
        if column is None:
            continue
        mark = cells[column].strip()
        item = question.item
        options = options_of(item)
        if options:
            chosen = _letters(mark, question.order, item.type == "tf", len(options))
            if chosen is None:
                results.excluded.append(
                    f"{table.where(row_number)}: {student}: question {question.number} "
                    f"'{mark}' is not a mark this question has; counted as blank"
                )
                chosen = ()
            sitting.responses[item.id] = Response(score_choice(item, chosen) if chosen else 0.0, chosen, not chosen)
        else:
            points = number(mark)  # a grader's points for a written answer
            if points is not None:
                sitting.responses[item.id] = Response(
                    min(max(points / question.points, 0.0), 1.0) if question.points else 0.0
                )
    return sitting


def _letters(mark: str, order: tuple[int, ...], true_false: bool, count: int) -> tuple[int, ...] | None:
    """The bank positions of the options marked ('B', 'AC', 'A;C', 'T'), via the form's order; None if unreadable."""
    if not mark:
        return ()
    if true_false:
        position = TRUE_FALSE.get(mark.upper())
        return None if position is None else (position,)
    letters = re.sub(r"[\s,;|/+]", "", mark.upper())
    if not letters.isalpha() or any(ord(c) - 65 >= count for c in letters):
        return None
    return tuple(sorted({order[ord(c) - 65] for c in letters}))


def raise_missing_form(table: Table, plan: QuizPlan) -> None:
    raise UserError(
        f"{table.path}: quiz '{plan.quiz.id}' has {len(plan.forms)} forms but the file has no form column; "
        f"add a column headed 'form' with each student's form letter"
    )
