"""The HTML preview: a course index, an article page with its coverage map, and every quiz form and key."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup, escape

from quizgen.coverage import ArticleCoverage, article_coverage, course_coverage
from quizgen.highlight import Quoted, Segment, segments
from quizgen.markup import embedding, literal, to_html
from quizgen.model import Course, Item
from quizgen.plan import Form, Question, QuizPlan
from quizgen.present import (
    BLANK,
    LETTERS,
    TYPE_NAMES,
    also_accepted,
    answer_text,
    cloze_filled,
    cloze_with_blanks,
    grid_answer,
    number,
    plural,
    sources,
    why_not,
)
from quizgen.reading.article import with_bullets
from quizgen.resources import templates_dir
from quizgen.writers import jinja
from quizgen.writers.base import BuildContext, Output
from quizgen.writers.embed import WebEmbedder, article_figures, item_figures

NAME = "html"
DESCRIPTION = "HTML preview: every quiz form and key, and a coverage map of every article"
FOLDER = "html"
FIGURES = "figures/"  # beside the pages
MAX_SHADE = 3  # paragraphs tested by this many items or more share the darkest shade


def outputs(context: BuildContext) -> list[Output]:
    """The index, one page per article, and per quiz one page per form plus its key."""
    course = context.course
    pages = [_index_output(course, context.plans)]
    pages += [_article_output(course, article.slug) for article in course.articles]
    for plan in context.plans:
        pages += [_form_output(course, plan, form) for form in plan.forms]
        pages.append(_key_output(course, plan))
    return pages + _figure_outputs(course)


def _figure_outputs(course: Course) -> list[Output]:
    """Each figure the items show, beside the pages, under its content-derived name."""
    shown = {**item_figures(course, course.items), **article_figures(course)}
    return [
        Output(f"{FOLDER}/{FIGURES}{name}", (figure.ref.split("/")[0],), lambda figure=figure: figure.data)
        for name, figure in sorted(shown.items())
    ]


# File names, shared by the pages that link to each other.


def article_page(slug: str) -> str:
    return f"article-{slug}.html"


def form_page(quiz_id: str, letter: str) -> str:
    return f"quiz-{quiz_id}-{letter.lower()}.html"


def key_page(quiz_id: str) -> str:
    return f"quiz-{quiz_id}-key.html"


def quote_key(item: Item, k: int) -> str:
    """The name of the item's k-th quote (1-based); its first highlight has the id `q-<key>`."""
    return f"{item.id}-{k}"


# Rendering.


@cache
def environment() -> jinja2.Environment:
    """The template environment: autoescaping always on, undefined names are errors."""
    env = jinja.environment(templates_dir() / "html")
    env.filters["md"] = to_html
    env.filters["literal"] = lambda text: Markup(literal(text, lambda s: str(escape(s))))  # article text
    env.filters["number"] = number
    env.filters["plural"] = plural
    env.globals.update(
        TYPE_NAMES=TYPE_NAMES,
        LETTERS=LETTERS,
        article_page=article_page,
        form_page=form_page,
        key_page=key_page,
    )
    return env


def _renderer(template: str, **values: object) -> Callable[[], bytes]:
    """A lazy render of `template` with `values`."""
    course = values["course"]
    assert isinstance(course, Course)

    def render() -> bytes:
        with embedding(WebEmbedder(course.path, FIGURES, mathml=True)):  # no script, no network: MathML
            return jinja.render(environment(), template, **values)

    return render


def _output(name: str, inputs: tuple[str, ...], render: Callable[[], bytes], summary: str) -> Output:
    return Output(f"{FOLDER}/{name}", inputs, render, summary=summary)


# The index.


def _index_output(course: Course, plans: tuple[QuizPlan, ...]) -> Output:
    render = _renderer("index.html", course=course, coverages=course_coverage(course), plans=plans)
    summary = f"course index, {plural(len(course.articles), 'article')}, {plural(len(plans), 'quiz', 'quizzes')}"
    return _output("index.html", tuple(a.slug for a in course.articles), render, summary)


# Article pages.


@dataclass(frozen=True)
class MarkedSegment:
    """A run of paragraph text as the article page shows it."""

    text: str
    keys: tuple[str, ...]  # the quotes covering the run
    ids: tuple[str, ...]  # element ids of the quotes starting here (each on its own nested <mark>)
    depth: int  # how many items quote this run (0: plain text)
    title: str  # the items quoting it, for the tooltip
    cites: tuple[tuple[str, int], ...]  # (item id, bank number) of the quotes ending here


@dataclass(frozen=True)
class ParagraphView:
    number: int
    shade: int  # 0 (untested) .. MAX_SHADE
    segments: tuple[MarkedSegment, ...]
    citing: tuple[Item, ...]


def _article_output(course: Course, slug: str) -> Output:
    """The page of one article: its text with every quote highlighted, its coverage map and its items."""
    coverage = article_coverage(course, course.article(slug))
    numbers = {item.id: n for n, item in enumerate(coverage.items, start=1)}
    paragraphs = [_paragraph_view(coverage, p.number, numbers) for p in coverage.article.paragraphs]
    render = _renderer(
        "article.html",
        course=course,
        coverage=coverage,
        paragraphs=paragraphs,
        numbers=numbers,
        quotes=_quote_links,
        answer=answer_text,
        blanks=blanks,
        max_shade=MAX_SHADE,
    )
    summary = f"article page, {coverage.covered}/{coverage.total} paragraphs tested, {len(coverage.items)} items"
    return _output(article_page(slug), (slug,), render, summary)


def _paragraph_view(coverage: ArticleCoverage, number: int, numbers: dict[str, int]) -> ParagraphView:
    """Paragraph `number` cut into highlighted segments by every quote of the bank that stands in it."""
    text = with_bullets(coverage.article.paragraph(number).text)
    owners: dict[str, Item] = {}
    quoted = []
    for item in coverage.citing(number):
        for k, quote in enumerate(item.quotes, start=1):
            if quote.anchor and quote.anchor.paragraph == number:
                owners[quote_key(item, k)] = item
                quoted.append(Quoted(quote_key(item, k), quote.anchor.spans))
    marked = tuple(_marked(segment, owners, numbers) for segment in segments(text, quoted))
    shade = min(len(coverage.citing(number)), MAX_SHADE)
    return ParagraphView(number, shade, marked, coverage.citing(number))


def _marked(segment: Segment, owners: dict[str, Item], numbers: dict[str, int]) -> MarkedSegment:
    """A segment with the element ids, depth, tooltip and citation numbers the page shows."""
    item_ids = list(dict.fromkeys(owners[key].id for key in segment.keys))
    title = f"Quoted by {', '.join(item_ids)}" if item_ids else ""
    cites = tuple((owners[key].id, numbers[owners[key].id]) for key in segment.ends)
    ids = tuple(f"q-{key}" for key in segment.starts)
    return MarkedSegment(segment.text, segment.keys, ids, min(len(item_ids), MAX_SHADE), title, cites)


def _quote_links(item: Item) -> list[tuple[str, int]]:
    """(mark id, paragraph) of each located quote of the item."""
    return [(f"q-{quote_key(item, k)}", q.anchor.paragraph) for k, q in enumerate(item.quotes, start=1) if q.anchor]


# Quiz forms and keys.


def _form_output(course: Course, plan: QuizPlan, form: Form) -> Output:
    render = _renderer("quiz.html", course=course, plan=plan, form=form, blanks=blanks)
    summary = f"quiz preview, form {form.letter}, {plural(len(form.questions), 'question')}"
    return _output(form_page(plan.quiz.id, form.letter), plan.quiz.articles, render, summary)


def _key_output(course: Course, plan: QuizPlan) -> Output:
    render = _renderer(
        "key.html",
        course=course,
        plan=plan,
        grid=grid_text,
        placements=lambda item: _placements(plan, item),
        answer=answer_text,
        accepted=also_accepted,
        filled=cloze_filled,
        sources=lambda item: _key_sources(course, item),
        why_not=lambda item: why_not(course, item),
    )
    summary = f"answer key, {plural(len(plan.forms), 'form')}, {plural(len(plan.printed_items), 'item')}"
    return _output(key_page(plan.quiz.id), plan.quiz.articles, render, summary)


_NUMBERED_BLANK = re.compile(r"\((\d+)\)\u00a0" + BLANK)


def blanks(item: Item) -> Markup:
    """The cloze text rendered with numbered blanks to write in, as the student sees it; a blank and its number
    stay on one line (a no-break space does not hold an inline block to the text before it)."""
    rendered = to_html(cloze_with_blanks(item.payload, blank=BLANK))
    blank = '<span class="blank" aria-label="blank"></span>'
    return Markup(_NUMBERED_BLANK.sub(lambda m: f'<span class="gap">({m.group(1)})\u00a0{blank}</span>', rendered))


def grid_text(question: Question) -> Markup:
    """A question's answer in a form's letter grid: `AC`, `1B 2A 3C`, `(1) word; (2) word`, the text."""
    answer = grid_answer(question)
    if not answer.parts:
        return Markup("see the model answer")
    if answer.letters:
        return Markup(" ".join(f"{label}{letter}" for label, letter in answer.parts))
    return Markup("; ").join(
        Markup(f"({label}) {to_html(text)}") if label else to_html(text) for label, text in answer.parts
    )


def _placements(plan: QuizPlan, item: Item) -> list[tuple[str, Question]]:
    """Where the item stands in each form: (form letter, question)."""
    return [(form.letter, q) for form in plan.forms for q in form.questions if q.item.id == item.id]


def _key_sources(course: Course, item: Item) -> list[tuple[str, str, str]]:
    """(passage, citation, link to the highlight) of each located quote of the item."""
    page = article_page(item.article)
    links = [f"{page}#{mark}" for mark, _ in _quote_links(item)]
    return [(text, cite, link) for (_, text, cite), link in zip(sources(course, item), links, strict=True)]
