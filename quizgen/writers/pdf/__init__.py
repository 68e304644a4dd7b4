"""Printable quizzes: a student copy per form and an answer key per quiz (reportlab, embedded TrueType fonts)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from functools import partial

from quizgen.diagnostics import Report
from quizgen.markup import embedding
from quizgen.model import Article, Course, Item
from quizgen.plan import Form, QuizPlan
from quizgen.writers.base import BuildContext, Output
from quizgen.writers.embed import PrintEmbedder
from quizgen.writers.pdf.fonts import missing
from quizgen.writers.pdf.key import key_story
from quizgen.writers.pdf.layout import Meta, render, styles
from quizgen.writers.pdf.student import facts, student_story

NAME = "pdf"
DESCRIPTION = "printable quizzes: a student copy per form and an answer key per quiz"


def outputs(context: BuildContext) -> list[Output]:
    """Per quiz: `pdf/<quiz>-<form>.pdf` for each form, then `pdf/<quiz>-key.pdf`."""
    result = []
    for plan in context.plans:
        inputs = plan.quiz.articles
        for form in plan.forms:
            render_form = partial(student_pdf, context.course, plan, form, context.epoch)
            summary = f"{plan.quiz.title}, Form {form.letter}: {facts(plan, form)}"
            result.append(Output(f"pdf/{plan.quiz.id}-{form.letter}.pdf", inputs, render_form, summary=summary))
        render_key = partial(key_pdf, context.course, plan, context.epoch)
        summary = f"{plan.quiz.title}: answer key for {_forms(plan)}"
        result.append(Output(f"pdf/{plan.quiz.id}-key.pdf", inputs, render_key, summary=summary))
    return result


def _author(course: Course) -> str:
    return course.instructor or course.title


def _forms(plan: QuizPlan) -> str:
    """`form A` or `forms A, B`."""
    letters = [form.letter for form in plan.forms]
    return f"form{'s' if len(letters) > 1 else ''} {', '.join(letters)}"


def _course_name(course: Course) -> str:
    return f"{course.code} {course.title}" if course.code else course.title


def student_pdf(course: Course, plan: QuizPlan, form: Form, epoch: int) -> bytes:
    """The student copy of one form."""
    meta = Meta(
        title=f"{plan.quiz.title} (Form {form.letter})",
        author=_author(course),
        subject=f"{_course_name(course)}: quiz, Form {form.letter}",
        footer=f"{plan.quiz.title} · Form {form.letter}",
        page_size=plan.quiz.page_size,
        epoch=epoch,
    )
    with embedding(PrintEmbedder(course.path)):
        return render(student_story(course, plan, form, styles()), meta)


def key_pdf(course: Course, plan: QuizPlan, epoch: int) -> bytes:
    """The answer key of a quiz, for every form."""
    meta = Meta(
        title=f"{plan.quiz.title}: answer key",
        author=_author(course),
        subject=f"{_course_name(course)}: answer key, {_forms(plan)}",
        footer=f"{plan.quiz.title} · Answer key",
        page_size=plan.quiz.page_size,
        epoch=epoch,
    )
    with embedding(PrintEmbedder(course.path)):
        return render(key_story(course, plan, styles()), meta)


def preflight(context: BuildContext, report: Report) -> None:
    """Warn about every character no embedded font can print, naming the item (or the file) that has it."""
    course = context.course
    _warn(report, course.path / "course.yaml", 0, None, _course_texts(context))
    for item in context.quiz_items():
        _warn(report, item.location.path, item.location.line, item.id, list(texts_of(item)))
    for slug in dict.fromkeys(slug for plan in context.plans for slug in plan.quiz.articles):
        article = course.article(slug)
        _warn(
            report,
            article.path,
            1,
            None,
            [article.title, article.author or "", article.source or "", article.date or ""],
        )
        _warn_paragraphs(report, article)


def _warn_paragraphs(report: Report, article: Article) -> None:
    """One warning for the characters of the article's paragraphs no font has, on the first paragraph with one,
    and one for its first right-to-left words."""
    rtl = next(((p, found) for p in article.paragraphs if (found := _RTL_RUN.search(p.text))), None)
    if rtl:
        report.warning(article.path, rtl[0].line, _rtl_message(rtl[1].group(), f" (\u00b6{rtl[0].number})"), "pdf-rtl")
    lacking = [(paragraph, chars) for paragraph in article.paragraphs if (chars := missing(paragraph.text))]
    if lacking:
        chars = list(dict.fromkeys(c for _, found in lacking for c in found))
        where = ", ".join(f"\u00b6{paragraph.number}" for paragraph, _ in lacking)
        report.warning(
            article.path,
            lacking[0][0].line,
            f"no PDF font has {_listed(chars)} (in {where}): the key's copy of the article prints it as an empty "
            "box; leave it if a quote needs it, as quotes must match the article",
            "pdf-glyph",
        )


def _course_texts(context: BuildContext) -> list[str]:
    course = context.course
    strings = [course.title, course.code or "", course.term or "", course.instructor or ""]
    for plan in context.plans:
        strings += [plan.quiz.title, plan.quiz.instructions or ""]
    return strings


def _warn(report: Report, path, line: int, item: str | None, strings: list[str]) -> None:
    """One warning listing the characters of `strings` that would print as empty boxes, one for right-to-left
    words."""
    text = "\n".join(strings)
    chars = missing(text)
    if chars:
        message = f"no PDF font has {_listed(chars)}: it would print as an empty box; rephrase or remove it"
        report.warning(path, line, message, "pdf-glyph", item)
    rtl = _RTL_RUN.search(text)
    if rtl:
        report.warning(path, line, _rtl_message(rtl.group()), "pdf-rtl", item)


# Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left scripts, with their presentation forms.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff"
_RTL_RUN = re.compile(f"[{_RTL}]+(?:[ ,.]+[{_RTL}]+)*")


def _rtl_message(words: str, where: str = "") -> str:
    return (
        f"'{words}'{where} is right-to-left text, which the PDF lays out left to right: it would print in reverse "
        "order (and Arabic letters unjoined); the HTML, Anki and LMS outputs show it correctly, so keep it out of "
        "printed quizzes or accept the PDF as it is"
    )


def _listed(chars: Iterable[str]) -> str:
    return ", ".join(f"\u2018{c}\u2019 (U+{ord(c):04X})" for c in chars)


def texts_of(item: Item) -> Iterator[str]:
    """Every string an item prints: prompt, payload, explanation, quotes."""
    yield item.prompt
    yield item.explain or ""
    yield from _strings(item.payload)
    for quote in item.quotes:
        yield quote.text


def _strings(value: object) -> Iterator[str]:
    """All strings inside a (nested) dataclass, tuple or string."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple):
        for part in value:
            yield from _strings(part)
