"""`quizgen check`: load a course and report every problem in it at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizgen.diagnostics import Report
from quizgen.loader import load_course
from quizgen.model import Course


@dataclass(frozen=True)
class CheckResult:
    course: Course | None  # None when there are errors
    report: Report

    def failed(self, strict: bool = False) -> bool:
        return bool(self.report.errors) or (strict and bool(self.report.warnings))


def check_course(course_dir: Path) -> CheckResult:
    """Load, validate and anchor the course."""
    course, report = load_course(course_dir)
    return CheckResult(course, report)
