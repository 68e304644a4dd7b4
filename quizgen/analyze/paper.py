"""Scanned paper forms: a CSV of student, form letter and the letters marked per question number."""

from __future__ import annotations

import re

from quizgen.analyze.choices import options_of, score_choice
from quizgen.analyze.results import Response, Results, Sitting, Table, number
from quizgen.errors import UserError
from quizgen.plan import Form, QuizPlan

FORM_COLUMNS = ("form", "version", "booklet", "test form", "exam form", "key version", "test version")
STUDENT_COLUMNS = ("student", "student id", "id", "name", "student name", "student number", "external id")
RIGHT_WRONG = {"1": 1.0, "0": 0.0}  # scanners that score the sheet export 1 or 0 per question, not the marks
QUESTION = re.compile(r"^(?:q|question|item)?\s*\.?\s*(\d+)$", re.I)
MAX_BAD_SHARE = 0.2  # more unreadable marks than this: the scans are not of this quiz, or columns are off
TRUE_FALSE = {"T": 0, "TRUE": 0, "A": 0, "F": 1, "FALSE": 1, "B": 1}  # bubbles T, F; options True, False


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
    problems: list[str] = []
    marks = 0
    for row_number, row in enumerate(table.rows):
        cells = row + [""] * (len(table.header) - len(row))
        student = cells[student_column].strip()
        letter = cells[form_column].strip().upper() if form_column is not None else plan.forms[0].letter
        form = forms.get(letter) or _numbered(letter, plan)
        if form is None:
            known = ", ".join(forms)
            what = f"form '{letter}' is not a form of" if letter else "no form letter for"
            results.excluded.append(
                f"{table.where(row_number)}: {student or 'no name'}: {what} quiz '{plan.quiz.id}' (forms {known}); "
                "the student is left out"
            )
            continue
        marks += sum(1 for column in questions.values() if cells[column].strip())
        results.sittings.append(_sitting(student, form, questions, cells, table.where(row_number), problems))
    if problems and len(problems) > MAX_BAD_SHARE * marks:
        raise UserError(
            f"{table.path}: {len(problems)} of its {marks} marks do not fit the forms of quiz '{plan.quiz.id}' "
            f"(the first: {problems[0]}); are these the scans of another quiz (--quiz), and is each student's "
            "form letter in the form column?"
        )
    results.excluded.extend(problems)


def _sitting(
    student: str, form: Form, questions: dict[int, int], cells: list[str], line: str, problems: list[str]
) -> Sitting:
    """One student's responses on their form; each mark that fits no question is added to `problems`."""
    sitting = Sitting(student, form=form.letter, where=line)
    where = f"{line}: {student or 'no name'}"
    numbers = {question.number for question in form.questions}
    for asked, column in sorted(questions.items()):
        if asked not in numbers and cells[column].strip():
            problems.append(
                f"{where}: question {asked} '{cells[column].strip()}': form {form.letter} has no question "
                f"{asked}; the mark is left out"
            )
    for question in form.questions:
        column = questions.get(question.number)
        if column is None:
            continue
        mark = cells[column].strip()
        item = question.item
        options = options_of(item)
        if options and mark in RIGHT_WRONG:
            sitting.responses[item.id] = Response(RIGHT_WRONG[mark])
        elif options:
            chosen = _letters(mark, question.order, item.type == "tf", len(options))
            if chosen is None:
                problems.append(
                    f"{where}: question {question.number} '{mark}' is not a mark this question has; counted as blank"
                )
                chosen = ()
            sitting.responses[item.id] = Response(score_choice(item, chosen) if chosen else 0.0, chosen, not chosen)
        elif mark:
            points = number(mark)  # a grader's points for a written answer
            if points is None:
                problems.append(
                    f"{where}: question {question.number} '{mark}' is not a grader's points for its written "
                    "answer; the mark is left out"
                )
                continue
            sitting.responses[item.id] = Response(
                min(max(points / question.points, 0.0), 1.0) if question.points else 0.0
            )
    return sitting


def _letters(mark: str, order: tuple[int, ...], true_false: bool, count: int) -> tuple[int, ...] | None:
    """The bank positions of the options marked ('B', 'AC', 'A;C', 'T'), via the form's order; None if unreadable.

    A true-or-false question's bubbles are T then F, which a scanner set up for lettered bubbles reads as A and B."""
    if not mark:
        return ()
    if true_false:
        position = TRUE_FALSE.get(mark.upper())
        return None if position is None else (position,)
    letters = re.sub(r"[\s,;|/+]", "", mark.upper())
    if not letters.isalpha() or any(ord(c) - 65 >= count for c in letters):
        return None
    return tuple(sorted({order[ord(c) - 65] for c in letters}))


def _numbered(version: str, plan: QuizPlan) -> Form | None:
    """The form a scanner numbers rather than letters: version 1 is form A, 2 is B."""
    numbered = version.isascii() and version.isdigit() and 1 <= int(version) <= len(plan.forms)
    return plan.forms[int(version) - 1] if numbered else None


def raise_missing_form(table: Table, plan: QuizPlan) -> None:
    raise UserError(
        f"{table.path}: quiz '{plan.quiz.id}' has {len(plan.forms)} forms but the file has no form column; "
        f"add a column headed 'form' (or 'version') with each student's form letter"
    )
