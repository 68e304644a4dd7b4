"""Results files recognised by their columns, matched to one quiz of the course, and read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from quizgen.analyze import canvas, moodle, paper
from quizgen.analyze.match import ItemIndex
from quizgen.analyze.results import Results, Sitting, Table, read_table
from quizgen.errors import UserError
from quizgen.model import Course
from quizgen.plan import QuizPlan

# (kind, recogniser of its header row), most specific first
KINDS: tuple[tuple[str, Callable[[list[str]], bool]], ...] = (
    ("Canvas student analysis", canvas.is_student_analysis),
    ("Canvas item analysis", canvas.is_item_analysis),
    ("Moodle statistics", moodle.is_statistics),
    ("Moodle responses", moodle.is_responses),
    ("Moodle grades", moodle.is_grades),
    ("paper scan", paper.is_paper),
)


def kind_of(header: list[str]) -> str | None:
    return next((kind for kind, recognise in KINDS if recognise(header)), None)


def read_results(
    paths: Sequence[Path], course: Course, plans: Sequence[QuizPlan], quiz_id: str | None
) -> tuple[QuizPlan, Results]:
    """The quiz the files are about and what they say of its items."""
    results = Results()
    tables: list[tuple[str, Table]] = []
    for path in paths:
        table, note = read_table(path, lambda header: kind_of(header) is not None)
        kind = kind_of(table.header)
        assert kind is not None
        twin = next((t for _, t in tables if (t.header, t.rows) == (table.header, table.rows)), None)
        if twin is not None:
            raise UserError(f"{path} holds the same results as {twin.path}: give each results file once")
        tables.append((kind, table))
        results.sources.append(f"{kind} ({path.name}, {len(table.rows)} rows)")
        if note:
            results.notes.append(note)
    _need_answers(tables)
    plan = _choose_plan(tables, course, plans, quiz_id)
    index = ItemIndex(plan.items)
    reports = moodle.MoodleReports()
    for kind, table in tables:
        if kind == "Canvas student analysis":
            canvas.read_student_analysis(table, index, results)
        elif kind == "Canvas item analysis":
            canvas.read_item_analysis(table, index, results)
        elif kind == "Moodle statistics":
            reports.read_statistics(table, index, results)
        elif kind == "Moodle responses":
            reports.responses.append(table)
        elif kind == "Moodle grades":
            reports.grades.append(table)
        else:
            paper.read_paper(table, plan, results)
    reports.finish(index, results)
    _count_once(results)
    return plan, results


def _count_once(results: Results) -> None:
    """Each student once: a student in two files, or scanned twice, is counted at the first place, the others said."""
    first: dict[str, Sitting] = {}
    for sitting in results.sittings:
        if not sitting.student:
            first[sitting.where] = sitting
        elif sitting.student in first:
            results.excluded.append(
                f"{sitting.where}: {sitting.student} is also at {first[sitting.student].where}; counted once, there"
            )
        else:
            first[sitting.student] = sitting
    results.sittings[:] = first.values()


# what to add to a file that holds the LMS's own figures per question but no student's answers
ANSWERS_FROM = {
    "Canvas item analysis": "Canvas's Student Analysis CSV (Quiz Statistics, Student Analysis)",
    "Moodle statistics": "Moodle's Responses or Grades report of the quiz (Results, Responses or Grades, Download as CSV)",
}


def _need_answers(tables: list[tuple[str, Table]]) -> None:
    """Refuse files that hold no student's answers: only the LMS's figures per question, or no rows at all."""
    if all(kind in ANSWERS_FROM for kind, _ in tables):
        kind, table = tables[0]
        raise UserError(
            f"{table.path}: a {kind} report holds the LMS's figures per question, not the students' answers "
            f"that this analysis needs; add {ANSWERS_FROM[kind]} to the command"
        )
    if all(not table.rows for kind, table in tables if kind not in ANSWERS_FROM):
        empty = ", ".join(str(t.path) for k, t in tables if k not in ANSWERS_FROM)
        raise UserError(f"{empty}: no student rows below the header; export the results after students took the quiz")


def _choose_plan(
    tables: list[tuple[str, Table]], course: Course, plans: Sequence[QuizPlan], quiz_id: str | None
) -> QuizPlan:
    """The quiz named (unless the files' questions are rather another quiz's), or the only one, or the one whose
    items the files' questions are."""
    names = ", ".join(p.quiz.id for p in plans)
    named = next((p for p in plans if p.quiz.id == quiz_id), None)
    if quiz_id is not None and named is None:
        raise UserError(f"course '{course.id}' has no quiz '{quiz_id}'; its quizzes: {names or 'none'}")
    if not plans:
        raise UserError(f"course '{course.id}' has no quiz to analyse")
    if len(plans) == 1:
        return plans[0]
    if named is None and any(kind == "paper scan" for kind, _ in tables):
        raise UserError(f"say which quiz the scans are of with --quiz (one of: {names})")
    found = _items_named(tables, ItemIndex(course.items))
    # the quiz with most of the named items; of those, the one with fewest items besides
    best = max(plans, key=lambda p: (len(found & {i.id for i in p.items}), -len(p.items)))
    theirs = len(found & {i.id for i in best.items})
    files = ", ".join(t.path.name for _, t in tables)
    if named is None:
        if not theirs:
            raise UserError(
                f"no question of {files} matches an item of the course; say which quiz they are of with --quiz "
                f"(one of: {names})"
            )
        return best
    mine = len(found & {i.id for i in named.items})
    if theirs > mine:
        raise UserError(
            f"{files}: {theirs} of its questions are items of quiz '{best.quiz.id}' but only {mine} of quiz "
            f"'{named.quiz.id}'; are these the results of '{best.quiz.id}'? Run with --quiz {best.quiz.id}"
        )
    return named


def _items_named(tables: list[tuple[str, Table]], index: ItemIndex) -> set[str]:
    """The ids of the course's items that the files name (by question id or text), to tell which quiz they are of."""
    probe, reports = Results(), moodle.MoodleReports()
    named: set[str] = set()
    for kind, table in tables:
        if kind == "Canvas student analysis":
            named |= {item.id for _, item, _ in canvas.question_columns(table, index, probe)}
        elif kind == "Canvas item analysis":
            canvas.read_item_analysis(table, index, probe)
        elif kind == "Moodle statistics":
            reports.read_statistics(table, index, probe)
        elif kind == "Moodle responses":
            reports.responses.append(table)
    reports.match_question_texts(index)
    return named | {item.id for item in reports.slots.values()} | {e.item_id for e in probe.external}
