"""Results files recognised by their columns, matched to one quiz of the course, and read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from quizgen.analyze import canvas, moodle, paper
from quizgen.analyze.match import ItemIndex
from quizgen.analyze.results import Results, Table, read_table
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
        tables.append((kind, table))
        results.sources.append(f"{kind} ({path.name}, {len(table.rows)} rows)")
        if note:
            results.notes.append(note)
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
    return plan, results


def _choose_plan(
    tables: list[tuple[str, Table]], course: Course, plans: Sequence[QuizPlan], quiz_id: str | None
) -> QuizPlan:
    """The quiz named, or the only one, or the one whose items the files' questions are."""
    names = ", ".join(p.quiz.id for p in plans)
    if quiz_id is not None:
        plan = next((p for p in plans if p.quiz.id == quiz_id), None)
        if plan is None:
            raise UserError(f"course '{course.id}' has no quiz '{quiz_id}'; its quizzes: {names or 'none'}")
        return plan
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise UserError(f"course '{course.id}' has no quiz to analyse")
    if any(kind == "paper scan" for kind, _ in tables):
        raise UserError(f"say which quiz the scans are of with --quiz (one of: {names})")
    found = _items_named(tables, ItemIndex(course.items))
    best = max(plans, key=lambda p: (len(found & {i.id for i in p.items}), -len(p.items)))
    if not found & {i.id for i in best.items}:
        raise UserError(
            f"no question of {', '.join(t.path.name for _, t in tables)} matches an item of the "
            f"course; say which quiz they are of with --quiz (one of: {names})"
        )
    return best


def _items_named(tables: list[tuple[str, Table]], index: ItemIndex) -> set[str]:
    """The ids of the course's items that the files name (by question id or text), to tell which quiz they are of."""
    probe, reports = Results(), moodle.MoodleReports()
    for kind, table in tables:
        if kind == "Canvas student analysis":
            canvas.read_student_analysis(table, index, probe)
        elif kind == "Canvas item analysis":
            canvas.read_item_analysis(table, index, probe)
        elif kind == "Moodle statistics":
            reports.read_statistics(table, index, probe)
    return {e.item_id for e in probe.external} | {i for s in probe.sittings for i in s.responses}
