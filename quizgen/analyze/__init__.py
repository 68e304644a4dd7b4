"""`quizgen analyze`: a quiz's results read back onto its items and the passages they quote.

Results files are recognised by their columns (Canvas, Moodle, paper scans: see `read`), matched to the quiz's
items, analysed (`stats`), flagged (`flags`) and written as a report (`report`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizgen.analyze.flags import Flag, flags, report_flags
from quizgen.analyze.read import read_results
from quizgen.analyze.results import Results
from quizgen.analyze.stats import Analysis, analyse
from quizgen.check import check_course
from quizgen.coverage import quoted_paragraphs
from quizgen.diagnostics import Report
from quizgen.errors import UserError
from quizgen.model import Article, Course
from quizgen.plan import QuizPlan


@dataclass(frozen=True)
class ParagraphScore:
    article: Article
    number: int
    score: float  # mean difficulty of the items quoting it
    items: tuple[str, ...]


@dataclass(frozen=True)
class ItemAnalysis:
    """Everything the report shows: the quiz, what was read, the statistics, the flags and the weak passages."""

    course: Course
    plan: QuizPlan
    results: Results
    analysis: Analysis
    flags: tuple[Flag, ...]
    paragraphs: tuple[ParagraphScore, ...]  # weakest first
    report: Report


class CourseNotReady(UserError):
    """The course has errors: they are in `report`."""

    def __init__(self, report: Report) -> None:
        super().__init__("the course has errors; fix them first (quizgen check)")
        self.report = report


def analyze(course_dir: Path, paths: Sequence[Path], quiz_id: str | None = None) -> ItemAnalysis:
    """Read the results files of one quiz of the course and analyse its items."""
    checked = check_course(course_dir)
    if checked.course is None:
        raise CourseNotReady(checked.report)
    plan, results = read_results(paths, checked.course, checked.plans, quiz_id)
    shown = {item_id for sitting in results.sittings for item_id in sitting.responses}
    items = [item for item in plan.items if item.id in shown]
    if not results.sittings or not items:
        why = f"; every row was left out, the first: {results.excluded[0]}" if results.excluded else ""
        raise UserError(f"no student's answer to an item of quiz '{plan.quiz.id}' was found in {_names(paths)}{why}")
    unseen = [item.id for item in plan.items if item.id not in shown]
    if unseen:
        results.notes.append(
            f"{len(unseen)} of the quiz's {len(plan.items)} items have no scores in these files, so they are not "
            f"analysed: {', '.join(unseen)}"
        )
    analysis = analyse(items, [plan.points_of(item) for item in items], results.sittings)
    found = tuple(flags(analysis))
    report = Report()
    report_flags(analysis, list(found), report)
    return ItemAnalysis(
        checked.course, plan, results, analysis, found, paragraph_scores(checked.course, analysis), report
    )


def paragraph_scores(course: Course, analysis: Analysis) -> tuple[ParagraphScore, ...]:
    """Each quoted paragraph's mean score over the items that quote it, weakest first."""
    quoting: dict[tuple[str, int], list[tuple[str, float]]] = {}
    for stats in analysis.items:
        for number in quoted_paragraphs(stats.item):
            quoting.setdefault((stats.item.article, number), []).append((stats.item.id, stats.difficulty))
    scores = [
        ParagraphScore(course.article(slug), number, sum(d for _, d in found) / len(found), tuple(i for i, _ in found))
        for (slug, number), found in quoting.items()
    ]
    order = {article.slug: n for n, article in enumerate(course.articles)}
    return tuple(sorted(scores, key=lambda p: (p.score, order[p.article.slug], p.number)))


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(str(p) for p in paths)
