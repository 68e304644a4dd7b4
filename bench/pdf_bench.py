"""PDF writer speed: pages per second, and the ratio to bare reportlab laying out the same questions.

`measure(course)` is what the project's bench script calls; `python bench/pdf_bench.py [COURSE_DIR]` prints it.
"""

from __future__ import annotations

import dataclasses
import io
import re
import sys
import time
from html import escape
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from quizgen.diagnostics import Report
from quizgen.model import Course
from quizgen.plan import Form, QuizPlan, plan_course, plan_quiz
from quizgen.writers import pdf
from quizgen.writers.embed import item_texts
from quizgen.writers.pdf.fonts import SANS, fonts
from quizgen.writers.pdf.layout import Mark, Rules

_MEDIA = re.compile(r"!\[|\\[(\[]")  # a Markdown image, or a formula's \( or \[


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _best(run, repeat: int) -> tuple[float, list[bytes]]:
    """The fastest of `repeat` runs of `run()` (seconds) and what it made."""
    best, made = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        made = run()
        best = min(best, time.perf_counter() - start)
    return best, made


_CLOZE = re.compile(r"\{\{c(\d+)::.*?\}\}")


def bare_form(form: Form) -> bytes:
    """Bare reportlab: the student copy's questions, laid out with the same flowables, written straight from the
    item text: a numbered prompt paragraph; a table of marks, letters and options; true/false marks; an answer
    line; ruled essay space; a matching table; each question kept together. Plain escaping instead of Markdown,
    one set of styles, a SimpleDocTemplate without page header, footer, bookmarks or links."""
    fonts()
    question = ParagraphStyle("q", fontName=SANS, bulletFontName=SANS, fontSize=10.5, leading=14, leftIndent=22)
    option = ParagraphStyle("o", fontName=SANS, fontSize=10.5, leading=13.5)
    table_style = TableStyle([("FONT", (0, 0), (-1, -1), SANS, 9), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story: list = [Paragraph(escape(f"Quiz, form {form.letter}"), question), Spacer(1, 12)]
    for q in form.questions:
        item, tail = q.item, []
        prompt = _CLOZE.sub(lambda m: f"({m.group(1)}) ______________", item.prompt)
        parts: list = [Paragraph(escape(prompt), question, bulletText=f"{q.number}.")]
        if item.type in ("mcq", "multi"):
            mark = "square" if item.type == "multi" else "circle"
            rows = [
                [Mark(mark), Paragraph(f"{chr(65 + i)}.", option), Paragraph(escape(o.text), option)]
                for i, o in enumerate(q.options())
            ]
            parts += [Spacer(1, 3), _table(rows, [36, 18, "*"], table_style)]
        elif item.type == "tf":
            parts += [
                Spacer(1, 4),
                _table([[Mark("circle"), "True", Mark("circle"), "False"]], [36, 60, 20, 60], table_style),
            ]
        elif item.type in ("short", "numeric", "card"):
            parts += [Spacer(1, 6), Rules(1, gap=20, indent=22, label="Answer:")]
        elif item.type == "match":
            rows = [
                [
                    Mark("square", 13),
                    Paragraph(f"{n + 1}.", option),
                    Paragraph(escape(left), option),
                    Paragraph(f"{chr(65 + n)}.", option),
                    Paragraph(escape(right), option),
                ]
                for n, ((left, _), right) in enumerate(zip(item.payload.pairs, q.options(), strict=True))
            ]
            parts += [Spacer(1, 3), _table(rows, [40, 18, "*", 28, "*"], table_style)]
        elif item.type == "essay":
            lines = max(6, min(40, int(5 * q.points + 0.5)))
            parts.append(Rules(3, indent=22))
            tail.append(Rules(lines - 3, indent=22))
        story += [CondPageBreak(0.9 * inch), KeepTogether(parts), *tail, Spacer(1, 13)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, invariant=1, initialFontName=SANS)
    doc.build(story)
    return buffer.getvalue()


def _table(rows: list, widths: list, style: TableStyle) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(style)
    table.hAlign = "LEFT"
    return table


def measure(course: Course, plans: tuple[QuizPlan, ...] | None = None, repeat: int = 3) -> dict[str, float]:
    """Pages/s of the writer (student copies and keys), and student copies against bare reportlab."""
    plans = plans if plans is not None else plan_course(course, Report())
    fonts()
    forms = [(plan, form) for plan in plans for form in plan.forms]
    student_time, students = _best(lambda: [pdf.student_pdf(course, p, f, 0) for p, f in forms], repeat)
    key_time, keys = _best(lambda: [pdf.key_pdf(course, p, 0) for p in plans], repeat)
    bare_time, bares = _best(lambda: [bare_form(f) for _, f in forms], repeat)
    student_pages, key_pages = sum(map(_pages, students)), sum(map(_pages, keys))
    bare_pages = sum(map(_pages, bares))
    student_rate = student_pages / student_time if student_time else 0.0
    bare_rate = bare_pages / bare_time if bare_time else 0.0
    return {
        "pages": float(student_pages + key_pages),
        "seconds": student_time + key_time,
        "pages_per_second": (student_pages + key_pages) / (student_time + key_time),
        "student_pages_per_second": student_rate,
        "key_pages_per_second": key_pages / key_time if key_time else 0.0,
        "bare_pages_per_second": bare_rate,
        "bare_seconds": bare_time,
        "student_seconds": student_time,
        "ratio_to_bare": student_time / bare_time if bare_time else float("inf"),  # same questions, time against time
    }


def synthetic(course: Course, copies: int, forms: int = 4) -> tuple[Course, tuple[QuizPlan, ...]]:
    """The course's items copied `copies` times into one quiz of `forms` forms. Items showing a figure or a formula
    are left out: the bare script lays out text only (figures_bench.py times what figures cost)."""
    items = tuple(
        dataclasses.replace(item, id=f"{item.id}-{n}", position=n * 1000 + item.position)
        for n in range(copies)
        for item in course.items
        if item.type != "card" and not any(_MEDIA.search(text) for text in item_texts(item))
    )
    quiz = dataclasses.replace(course.quizzes[0], id="synthetic", forms=forms, count=None, types=(), per_type=())
    big = dataclasses.replace(course, items=items, quizzes=(quiz,))
    return big, (plan_quiz(big, quiz, items),)


def main(argv: list[str]) -> None:
    """Measure the course folder given (default: the sample course of `quizgen init`, 25 times over)."""
    from quizgen.check import check_course
    from quizgen.resources import templates_dir

    course_dir = Path(argv[1]) if len(argv) > 1 else templates_dir() / "init"
    result = check_course(course_dir)
    course, plans = synthetic(result.course, int(argv[2]) if len(argv) > 2 else 25)
    for name, value in measure(course, plans).items():
        print(f"{name:>26}: {value:.3f}")


if __name__ == "__main__":
    main(sys.argv)
