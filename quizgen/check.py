"""`quizgen check`: load a course, plan its quizzes, and report every problem at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizgen.diagnostics import Report
from quizgen.lint import lint_course
from quizgen.loader import load_course
from quizgen.model import Course
from quizgen.plan import QuizPlan, plan_course


@dataclass(frozen=True)
class CheckResult:
    course: Course | None  # None when there are errors
    plans: tuple[QuizPlan, ...]
    report: Report

    def failed(self, strict: bool = False) -> bool:
        return bool(self.report.errors) or (strict and bool(self.report.warnings))


def check_course(course_dir: Path) -> CheckResult:
    """Load, validate and anchor the course, plan its quizzes, then lint its items."""
    course, report = load_course(course_dir)
    plans = plan_course(course, report) if course is not None else ()
    if course is not None:
        lint_course(course, plans, report)
    if report.errors:
        return CheckResult(None, (), report)
    return CheckResult(course, plans, report)
