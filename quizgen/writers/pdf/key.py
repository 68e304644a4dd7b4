"""The answer key of a quiz: a grid per form, each item with its answer and source, the readings annotated."""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table
from reportlab.platypus.flowables import HRFlowable, PageBreakIfNotEmpty

from quizgen.model import Article, Choice, Cloze, Course, Item, Match, Order, TrueFalse
from quizgen.plan import Form, Question, QuizPlan
from quizgen.present import (
    BLANK,
    TYPE_NAMES,
    also_accepted,
    answer_text,
    cloze_with_blanks,
    grid_answer,
    in_quotation_marks,
    option_letters,
    plural,
    sources,
    why_not,
)
from quizgen.reading.article import with_bullets
from quizgen.writers.pdf.layout import (
    GREY,
    HIGHLIGHT,
    LINK,
    RULE,
    SHADE,
    Styles,
    article_text,
    para,
    plain,
    rich,
    table_style,
)
from quizgen.writers.pdf.student import answer_sheet


def item_key(item: Item) -> str:
    """The PDF destination name of an item's key entry."""
    return f"item-{item.id}"


def source_key(item: Item, index: int) -> str:
    """The PDF destination name of an item's index-th quoted passage in the appendix."""
    return f"src-{item.id}-{index}"


def key_story(course: Course, plan: QuizPlan, st: Styles) -> list[Flowable]:
    """Everything printed in the key, in order."""
    story = key_header(course, plan, st)
    story += grids(plan, st)
    if plan.quiz.answer_sheet:
        story += overlays(course, plan, st)
    story += entries(course, plan, st)
    story += appendix(course, plan, st)
    return story


def key_header(course: Course, plan: QuizPlan, st: Styles) -> list[Flowable]:
    """Course, quiz title, what the key covers."""
    course_line = " · ".join(plain(p) for p in (course.code, course.title, course.term) if p)
    letters = ", ".join(f.letter for f in plan.forms)
    forms = "Form" if len(plan.forms) == 1 else "Forms"
    asked = len(plan.forms[0].questions)  # as many on every form, whatever each draws from the pools
    what = f"{forms} {letters} · {plural(asked, 'question')} · {plural(plan.total_points, 'point')}"
    return [
        para(course_line, st.course),
        Spacer(1, 3),
        para(f"Answer key · {plain(plan.quiz.title)}", st.title),
        Spacer(1, 4),
        para(f"{what} · for graders: do not hand out", st.course),
        HRFlowable(width="100%", thickness=1.2, color=GREY, spaceBefore=8, spaceAfter=6),
    ]


def outlined(flowable: Flowable, key: str, title: str, level: int) -> Flowable:
    """Mark a flowable as a bookmark (see QuizDoc.afterFlowable)."""
    flowable.outline = (key, title, level)
    return flowable


def grids(plan: QuizPlan, st: Styles) -> list[Flowable]:
    """Per form: question number, answer, points, item id (linked to the item's entry)."""
    story: list[Flowable] = [outlined(para("Answer grids", st.heading), "grids", "Answer grids", 0)]
    for index, form in enumerate(plan.forms):
        title = outlined(para(f"Form {form.letter}", st.subheading), f"grid-{form.letter}", f"Form {form.letter}", 1)
        story += [Spacer(1, 10)] if index else []  # between grids only: a trailing spacer could spill onto a page
        story += [CondPageBreak(90), title, form_grid(form, st)]
    return story


def form_grid(form: Form, st: Styles) -> Table:
    """The grid of one form; its head row, repeated on each page it runs onto, names the form."""
    head = [para(h, st.cell_bold) for h in ("No.", f"Form {form.letter} answer", "Points", "Item")]
    rows = [head]
    for question in form.questions:
        link = f'<a href="#{item_key(question.item)}" color="{LINK}">{plain(question.item.id)}</a>'
        rows.append(
            [
                para(f"{question.number}", st.cell_bold),
                para(grid_text(question), st.cell),
                para(plural(question.points, "point"), st.cell),
                para(link, st.cell),
            ]
        )
    table = Table(rows, colWidths=[34, "*", 58, 150], repeatRows=1)
    table.setStyle(
        table_style(
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, SHADE]),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        )
    )
    return table


def grid_text(question: Question) -> str:
    """The answer as a grader checks it on this form: letters, True/False, the words, or the pairs."""
    answer = grid_answer(question)
    if not answer.parts:
        return "<i>see the model answer</i>"
    if answer.letters:
        return ", ".join(
            f"{label}\u2009–\u2009<b>{letter}</b>" if label else f"<b>{letter}</b>" for label, letter in answer.parts
        )
    return "; ".join(f"({label}) {rich(text)}" if label else rich(text) for label, text in answer.parts)


def overlays(course: Course, plan: QuizPlan, st: Styles) -> list[Flowable]:
    """Per form, the answer sheet with the right bubbles filled, to lay over students' sheets."""
    story: list[Flowable] = []
    for index, form in enumerate(plan.forms):
        sheet = answer_sheet(course, plan, form, st, overlay=True)
        title = sheet[1]
        if index == 0:
            title = outlined(title, "overlays", "Grading overlays", 0)
            sheet[1] = title
        sheet.insert(2, outlined(Spacer(1, 0), f"overlay-{form.letter}", f"Overlay, Form {form.letter}", 1))
        story += sheet
    return story


def positions(plan: QuizPlan, item: Item) -> str:
    """Where the item stands in each form: `Form A #3 · Form B #7`."""
    spots = []
    for form in plan.forms:
        number = next((q.number for q in form.questions if q.item is item), None)
        if number is not None:  # a form that drew it from its pool
            spots.append(f"Form {form.letter} #{number}")
    return " · ".join(spots)


def entries(course: Course, plan: QuizPlan, st: Styles) -> list[Flowable]:
    """Each item of the quiz, in course order."""
    story: list[Flowable] = [
        PageBreakIfNotEmpty(),
        outlined(para("Answers and sources", st.heading), "items", "Items", 0),
    ]
    for item in plan.printed_items:
        story += [KeepTogether(entry(course, plan, item, st)), Spacer(1, 4)]
        story.append(HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=2, spaceAfter=8))
    return story


def entry(course: Course, plan: QuizPlan, item: Item, st: Styles) -> list[Flowable]:
    """One item: id and place, question, answer, quoted sources with citations, explanation."""
    points = plural(plan.points_of(item), "point")
    anchor = f'<a name="{item_key(item)}"/>'
    meta = f"{anchor}<b>{plain(item.id)}</b> · {TYPE_NAMES[item.type]} · {points} · {positions(plan, item)}"
    flow: list[Flowable] = [outlined(para(meta, st.small), item_key(item), item.id, 1)]
    if isinstance(item.payload, Cloze):
        prompt = rich(cloze_with_blanks(item.payload, blank=BLANK)).replace(BLANK, "_" * 10)
    else:
        prompt = rich(item.prompt)
    flow += [Spacer(1, 2), para(prompt, st.body), Spacer(1, 3)]
    flow += answer_flowables(plan, item, st)
    for index, (_quote, text, cite) in enumerate(sources(course, item)):
        link = f'<a href="#{source_key(item, index)}" color="{LINK}">{plain(cite)}</a>'
        flow += [
            para(in_quotation_marks(plain(text)), st.quote),
            para(f"{link} · in the appendix", st.citation),
        ]
    if item.explain:
        flow.append(para(f"<b>Explanation.</b> {rich(item.explain)}", st.body.clone("explain", spaceBefore=4)))
    for option, feedback in why_not(course, item):
        flow.append(para(f"<b>Not</b> {rich(option.text)}: {rich(feedback.why)}", st.body.clone("why", spaceBefore=4)))
        if feedback.passage is not None and feedback.citation is not None:
            flow += [
                para(in_quotation_marks(plain(feedback.passage)), st.quote),
                para(plain(feedback.citation), st.citation),
            ]
    return flow


def answer_flowables(plan: QuizPlan, item: Item, st: Styles) -> list[Flowable]:
    """The correct answer, with the letters it has on each form where letters exist."""
    payload = item.payload
    if isinstance(payload, Choice):
        return [choice_table(plan, item, st)]
    if isinstance(payload, Match):
        return [match_table(plan, item, st)]
    if isinstance(payload, Order):
        return [order_table(plan, item, st)]
    label = {"essay": "Model answer", "card": "Back"}.get(item.type, "Answer")
    text = rich(answer_text(item))
    if isinstance(payload, TrueFalse):
        text = f"<b>{text}</b>"
    lines = [para(f"<b>{label}:</b> {text}", st.body)]
    if also_accepted(item):
        others = "; ".join(rich(a) for a in also_accepted(item))
        lines.append(para(f"Also accepted: {others}", st.body))
    return lines


def choice_table(plan: QuizPlan, item: Item, st: Styles) -> Table:
    """Every option, the correct ones ticked and bold, with its letter on each form."""
    payload = item.payload
    assert isinstance(payload, Choice)
    rows = []
    for option in payload.options:
        text = rich(option.text)
        mark = para("✓" if option.correct else "✗", st.cell_bold if option.correct else st.small)
        rows.append((mark, para(f"<b>{text}</b>" if option.correct else text, st.cell)))
    return _answer_table(plan, item, rows, st)


def match_table(plan: QuizPlan, item: Item, st: Styles) -> Table:
    """Each pair, with the letter the answer has on each form."""
    payload = item.payload
    assert isinstance(payload, Match)
    rows = [
        (para(f"{number}.", st.cell_bold), para(f"{rich(left)} → <b>{rich(right)}</b>", st.cell))
        for number, (left, right) in enumerate(payload.pairs, 1)
    ]
    return _answer_table(plan, item, rows, st)


def order_table(plan: QuizPlan, item: Item, st: Styles) -> Table:
    """The steps in their order, numbered, with the letter each step has on each form."""
    payload = item.payload
    assert isinstance(payload, Order)
    rows = [(para(f"{n}.", st.cell_bold), para(rich(step), st.cell)) for n, step in enumerate(payload.steps, 1)]
    return _answer_table(plan, item, rows, st)


def _answer_table(plan: QuizPlan, item: Item, rows: list[tuple[Flowable, Flowable]], st: Styles) -> Table:
    """The rows (a mark and a text, one per option or pair, in bank order), each followed by the letter it has on
    each form, under a head row naming the forms."""
    held = [next((q for q in form.questions if q.item is item), None) for form in plan.forms]
    letters = [option_letters(q) if q is not None else ["\u2013"] * len(rows) for q in held]  # not drawn: a dash
    head = [para("", st.small), para("<i>letter on form</i>", st.small.clone("right", alignment=TA_RIGHT))]
    head += [para(f"<b>{form.letter}</b>", st.small) for form in plan.forms]
    body = [[*row, *(para(on_form[index], st.small) for on_form in letters)] for index, row in enumerate(rows)]
    table = Table([head, *body], colWidths=[18, "*"] + [16] * len(plan.forms), repeatRows=1)
    table.setStyle(
        table_style(
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (0, -1), 4),
            ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
        )
    )
    table.hAlign = "LEFT"
    return table


def appendix(course: Course, plan: QuizPlan, st: Styles) -> list[Flowable]:
    """Each article of the quiz, paragraphs numbered, quoted passages highlighted and labelled."""
    story: list[Flowable] = [PageBreakIfNotEmpty()]
    story.append(outlined(para("Appendix: the readings", st.heading), "articles", "Articles", 0))
    story.append(para("Highlighted: the passages the items quote; each label names the items citing it.", st.small))
    for index, slug in enumerate(plan.quiz.articles):
        article = course.article(slug)
        story += [PageBreakIfNotEmpty()] if index else []
        story += article_flowables(article, [i for i in plan.printed_items if i.article == slug], st)
    return story


def article_flowables(article: Article, items: list[Item], st: Styles) -> list[Flowable]:
    """An article's heading, byline and numbered paragraphs."""
    title = outlined(para(plain(article.title), st.heading), f"article-{article.slug}", article.title, 1)
    byline = " · ".join(plain(p) for p in (article.author, article.source, article.date) if p)
    story: list[Flowable] = [title]
    if byline:
        story += [para(byline, st.course), Spacer(1, 8)]
    for paragraph in article.paragraphs:
        story += [para(plain(h.text), st.subheading) for h in article.headings_before(paragraph.number)]
        marks = paragraph_marks(items, paragraph.number)
        text = with_bullets(paragraph.text)
        story.append(para(highlighted(text, marks), st.article, bullet=f"¶{paragraph.number}"))
    story += [para(plain(h.text), st.subheading) for h in article.headings_before(len(article.paragraphs) + 1)]
    return story


Mark = tuple[int, int, str, str | None]  # start, end, item id, destination name (on a quote's first span)


def paragraph_marks(items: list[Item], number: int) -> list[Mark]:
    """The quoted spans in one paragraph."""
    marks = []
    for item in items:
        located = [q for q in item.quotes if q.anchor]
        for index, quote in enumerate(located):
            if quote.anchor.paragraph != number:
                continue
            for part, (start, end) in enumerate(quote.anchor.spans):
                marks.append((start, end, item.id, source_key(item, index) if part == 0 else None))
    return marks


def highlighted(text: str, marks: list[Mark]) -> str:
    """Paragraph markup: quoted runs on a highlight, each run followed by the ids of the items citing it."""
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[str] = []
    citing: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        out += [f'<a name="{m[3]}"/>' for m in marks if m[3] and m[0] == start]
        covering = [m[2] for m in marks if m[0] <= start and end <= m[1]]
        piece = text[start:end]
        if covering:
            citing += [i for i in covering if i not in citing]
            out.append(f'<font backColor="{HIGHLIGHT}">{_lines(piece)}</font>')
            continue
        # The label goes after the punctuation that closes the run (`.”`), not between the period and its quote mark.
        closing = len(piece) - len(piece.lstrip(_CLOSING)) if citing else 0
        out.append(_lines(piece[:closing]) + _label(citing) + _lines(piece[closing:]))
        citing = []
    return "".join(out) + _label(citing)


def _lines(text: str) -> str:
    return article_text(text).replace("\n", "<br/>")


_CLOSING = ".,;:!?)]\u201d\u2019\"'\u00bb"  # punctuation a label waits for


def _label(ids: list[str]) -> str:
    """`[id1, id2]` after a highlighted run, each id linking back to its key entry."""
    if not ids:
        return ""
    links = ", ".join(f'<a href="#item-{i}" color="{LINK}">{plain(i)}</a>' for i in ids)
    return f'<font size="7">\u2009[{links}]</font>'
