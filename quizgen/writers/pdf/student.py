"""The student copy of one form: header, instructions, questions laid out per type, optional answer sheet."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table

from quizgen.model import Choice, Cloze, Course, Match, TrueFalse
from quizgen.plan import Form, Question, QuizPlan
from quizgen.present import BLANK, LETTERS, cloze_with_blanks, plural
from quizgen.writers.pdf.fonts import SANS
from quizgen.writers.pdf.layout import (
    GREY,
    SHADE,
    Column,
    EndMark,
    Field,
    Grid,
    Mark,
    Rules,
    Styles,
    para,
    plain,
    rich,
    table_style,
)
from quizgen.writers.pdf.sheet import BubbleGrid, bubble_rows

BLANK_MARKUP = "_" * 14
INDENT = 26.0  # room for a two-digit question number and its gap (reportlab adds 0.6 em)
INSTRUCTIONS = {
    "mcq": "<b>Multiple choice:</b> fill in the circle of the one best answer.",
    "multi": "<b>Select all that apply:</b> fill in the box of every correct answer; more than one may be correct.",
    "tf": "<b>True or false:</b> fill in the circle of True or of False.",
    "short": "<b>Short answer:</b> write a word or a short phrase on the line.",
    "numeric": "<b>Numeric answer:</b> write the number on the line.",
    "cloze": "<b>Fill in the blanks:</b> write the missing word or words in each numbered blank.",
    "match": "<b>Matching:</b> write the letter of the matching answer in the box before each numbered item; "
    "use each letter once.",
    "order": "<b>Put in order:</b> number the steps in the boxes, 1 for the first.",
    "essay": "<b>Essay:</b> answer in full sentences in the ruled space; the points show how much is expected.",
    "card": "<b>Recall:</b> write the answer on the line.",
}


def student_story(course: Course, plan: QuizPlan, form: Form, st: Styles) -> list[Flowable]:
    """Everything printed on one form, in order."""
    story = header(course, plan, form, st)
    story += instructions(plan, form, st)
    for question in form.questions:
        story += question_block(question, st)
    story.append(EndMark(para("— End of quiz —", st.small.clone("end", alignment=1))))
    if plan.quiz.answer_sheet:
        story += answer_sheet(course, plan, form, st)
    return story


def header(course: Course, plan: QuizPlan, form: Form, st: Styles) -> list[Flowable]:
    """Course and quiz titles beside a large form letter, then the name, ID and date fields."""
    course_line = " · ".join(plain(p) for p in (course.code, course.title, course.term) if p)
    left = [para(course_line, st.course), Spacer(1, 3), para(plain(plan.quiz.title), st.title)]
    if course.instructor:
        left.append(para(plain(course.instructor), st.course))
    right = [para("FORM", st.small.clone("formlabel", alignment=2)), para(form.letter, st.form)]
    table = Table([[left, right]], colWidths=["*", 1.0 * inch])
    table.setStyle(table_style(("LINEBELOW", (0, 0), (-1, 0), 1.2, GREY), ("BOTTOMPADDING", (0, 0), (-1, 0), 8)))
    fields = Field((("Name", 0.5), ("Student ID", 0.3), ("Date", 0.2)))
    return [table, Spacer(1, 12), fields, Spacer(1, 10)]


def facts(plan: QuizPlan, form: Form) -> str:
    """`8 questions · 11 points · 15 minutes`."""
    parts = [plural(len(form.questions), "question"), plural(plan.total_points, "point")]
    if plan.quiz.time_limit:
        parts.append(f"Time limit: {plural(plan.quiz.time_limit, 'minute')}")
    return " · ".join(parts)


def instructions(plan: QuizPlan, form: Form, st: Styles) -> list[Flowable]:
    """A shaded box: the facts line, the instructor's words, then one line per item type present."""
    present = [t for t in INSTRUCTIONS if any(q.item.type == t for q in form.questions)]
    rows = [[para(f"<b>{facts(plan, form)}</b>", st.body)]]
    if plan.quiz.instructions:
        rows.append([para(rich(plan.quiz.instructions), st.body)])
    lines = [INSTRUCTIONS[t] for t in present]
    if plan.quiz.answer_sheet and any(labels for _, labels in bubble_rows(form)):
        lines.append("<b>Answer sheet:</b> also mark your choices on the answer sheet on the last page.")
    rows += [[para(line, st.body.clone("instr", leftIndent=10, bulletIndent=0), bullet="•")] for line in lines]
    box = Table(rows, colWidths=["*"])
    box.setStyle(
        table_style(
            ("BACKGROUND", (0, 0), (-1, -1), SHADE),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        )
    )
    return [box, Spacer(1, 16)]


def prompt_markup(question: Question) -> str:
    """The question text with its points; cloze text gets numbered blanks."""
    item = question.item
    if isinstance(item.payload, Cloze):
        text = rich(cloze_with_blanks(item.payload, blank=BLANK)).replace(BLANK, BLANK_MARKUP)
    else:
        text = rich(item.prompt)
    # In the prompt's own font, after two literal no-break spaces: a <font> run or an `&nbsp;` entity would cut the
    # paragraph into fragments, which reportlab breaks into lines and draws about twice as slowly.
    points = plural(question.points, "point").replace(" ", "\u00a0")  # never broken across lines
    return f"{text}\u00a0\u00a0({points})"


def question_block(question: Question, st: Styles) -> list[Flowable]:
    """One question kept on one page with its options; an essay's later lines may run over."""
    style = st.question.clone("cloze", leading=22) if question.item.type == "cloze" else st.question
    parts: list[Flowable] = [para(prompt_markup(question), style, bullet=f"{question.number}.")]
    parts += body(question, st)
    tail: list[Flowable] = []
    if question.item.type == "essay":
        lines = essay_lines(question.points)
        parts.append(Rules(min(3, lines), indent=INDENT))
        if lines > 3:
            tail.append(Rules(lines - 3, indent=INDENT, continued=f"{question.number}. (continued)"))
    block = KeepTogether(parts)
    block.question_number = question.number
    return [CondPageBreak(0.9 * inch), block, *tail, Spacer(1, 13)]


def essay_lines(points: float) -> int:
    """Ruled lines for an essay: five per point, between 6 and 40."""
    return max(6, min(40, int(5 * points + 0.5)))


def body(question: Question, st: Styles) -> list[Flowable]:
    """What follows the prompt, by item type."""
    kind = question.item.type
    if kind in ("mcq", "multi"):
        return choices(question, st)
    if kind == "tf":
        return [Spacer(1, 4), true_false()]
    if kind == "match":
        return matching(question, st)
    if kind == "order":
        return ordering(question, st)
    if kind in ("short", "numeric", "card"):
        return [Spacer(1, 6), Rules(1, gap=20, indent=INDENT, label="Answer:")]
    return []


def choices(question: Question, st: Styles) -> list[Flowable]:
    """Lettered options, each with a circle (one answer) or a box (select all)."""
    payload = question.item.payload
    assert isinstance(payload, Choice)
    shape = "square" if question.item.type == "multi" else "circle"
    lead = [para("<i>Select all that apply.</i>", st.note)] if shape == "square" else []
    rows = [
        [Mark(shape), f"{LETTERS[pos]}.", para(rich(option.text), st.option)]
        for pos, option in enumerate(question.options())
    ]
    columns = (
        Column(INDENT + 14, right=6, top=3.5, bottom=2.5, align_right=True),
        Column(18, top=2.5, bottom=2.5, label=st.option),
        Column(0, share=1, top=2.5, bottom=2.5),
    )
    return [*lead, Spacer(1, 3), Grid(rows, columns)]


def true_false() -> Table:
    """`○ True     ○ False`."""
    st_cells = [Mark("circle"), "True", Mark("circle"), "False"]
    table = Table([st_cells], colWidths=[INDENT + 14, 60, 20, 60])
    table.setStyle(
        table_style(
            ("FONT", (0, 0), (-1, -1), SANS, 10.5),
            ("ALIGN", (0, 0), (0, 0), "RIGHT"),
            ("RIGHTPADDING", (0, 0), (0, 0), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("TOPPADDING", (0, 0), (0, -1), 3.5),
            ("TOPPADDING", (2, 0), (2, -1), 3.5),
        )
    )
    table.hAlign = "LEFT"
    return table


def matching(question: Question, st: Styles) -> list[Flowable]:
    """Numbered items with a box for a letter on the left; the lettered answers on the right."""
    payload = question.item.payload
    assert isinstance(payload, Match)
    rights = question.options()
    rows = [
        [
            Mark("square", 13),
            f"{index + 1}.",
            para(rich(left), st.option),
            f"{LETTERS[index]}.",
            para(rich(right), st.option),
        ]
        for index, ((left, _), right) in enumerate(zip(payload.pairs, rights, strict=True))
    ]
    columns = (
        Column(INDENT + 18, right=6, top=3, bottom=3, align_right=True),
        Column(18, top=3, bottom=3, label=st.option),
        Column(0, share=0.5, right=14, top=3, bottom=3),
        Column(28, left=8, top=3, bottom=3, rule_before=True, label=st.option),
        Column(0, share=0.5, top=3, bottom=3),
    )
    note = para("<i>Write the letter of the matching answer in each box.</i>", st.note)
    return [note, Spacer(1, 3), Grid(rows, columns)]


def ordering(question: Question, st: Styles) -> list[Flowable]:
    """The steps, shuffled and lettered, each with a box for its number in the order."""
    rows = [
        [Mark("square", 13), f"{LETTERS[pos]}.", para(rich(step), st.option)]
        for pos, step in enumerate(question.options())
    ]
    columns = (
        Column(INDENT + 18, right=6, top=3, bottom=3, align_right=True),
        Column(18, top=3, bottom=3, label=st.option),
        Column(0, share=1, top=3, bottom=3),
    )
    note = para(f"<i>Number the steps from 1 to {len(rows)} in their order.</i>", st.note)
    return [note, Spacer(1, 3), Grid(rows, columns)]


def answer_sheet(course: Course, plan: QuizPlan, form: Form, st: Styles, overlay: bool = False) -> list[Flowable]:
    """A page of bubbles for the choice questions; as an overlay (in the key) with the right bubbles filled."""
    kind = "Grading overlay" if overlay else "Answer sheet"
    title = f"{kind} · {plain(plan.quiz.title)} · Form {form.letter}"
    note = (
        "Fill in one bubble per question, or every correct bubble for “select all” questions. "
        "Questions marked “booklet” are answered in the question booklet."
    )
    filled = {q.number: q.correct_letters() or _tf_letter(q) for q in form.questions} if overlay else None
    sheet = [PageBreak(), para(title, st.heading), Field((("Name", 0.6), ("Student ID", 0.4)))]
    return sheet + [Spacer(1, 6), para(note, st.small), Spacer(1, 12), BubbleGrid(bubble_rows(form), filled)]


def _tf_letter(question: Question) -> str:
    """T or F for a true-or-false question; empty otherwise."""
    payload = question.item.payload
    return ("T" if payload.answer else "F") if isinstance(payload, TrueFalse) else ""
