"""Synthetic classes for the analysis tests and benchmark: a two-parameter item-response model with known item
parameters, written in the exact columns Canvas, Moodle and paper scanners export (from their source)."""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.analyze.choices import options_of
from quizgen.markup import to_plain
from quizgen.model import Item, Numeric, ShortAnswer
from quizgen.plan import QuizPlan

LETTERS = "ABCDEFGHIJ"


@dataclass
class Params:
    """One item's parameters: discrimination `a`, difficulty `b`; a flaw, if any, planted on purpose."""

    a: float = 1.2
    b: float = 0.0
    miskeyed_to: int | None = None  # students who know the content choose this (wrong-keyed) option
    dead: set[int] = field(default_factory=set)  # distractors nobody is drawn to


@dataclass
class Answer:
    correct: bool
    chosen: tuple[int, ...] | None  # bank positions (choice items)


def simulate(
    items: list[Item], params: dict[str, Params], students: int, seed: int = 7, guessing: bool = True
) -> list[dict[str, Answer]]:
    """Each student's answer to each item: P(knows) = logistic(a (theta - b)), theta ~ N(0, 1); a student who does
    not know guesses among the options (`guessing`), else picks a wrong one."""
    rng = random.Random(seed)
    options = {item.id: options_of(item) for item in items}
    answers = []
    for _ in range(students):
        theta = rng.gauss(0, 1)
        row = {}
        for item in items:
            p = params.get(item.id, Params())
            knows = rng.random() < 1 / (1 + math.exp(-p.a * (theta - p.b)))
            row[item.id] = _answer(options[item.id], p, knows, rng, guessing)
        answers.append(row)
    return answers


def _answer(options: tuple, p: Params, knows: bool, rng: random.Random, guessing: bool) -> Answer:
    if not options:
        return Answer(knows, None)
    key = tuple(n for n, (_, correct) in enumerate(options) if correct)
    if p.miskeyed_to is not None:
        if knows:
            return Answer(False, (p.miskeyed_to,))
        others = [n for n in range(len(options)) if n != p.miskeyed_to and n not in p.dead]
        chosen = (rng.choice(others),)
        return Answer(chosen == key, chosen)
    if knows:
        return Answer(True, key)
    pool = [n for n in range(len(options)) if n not in p.dead and (guessing or n not in key)]
    guess = (rng.choice(pool),)  # a guess may hit the key
    return Answer(guess == key, guess)


def _response_text(item: Item, answer: Answer) -> str:
    options = options_of(item)
    if answer.chosen is not None:
        return ",".join(options[n][0].replace(",", "\\,") for n in answer.chosen)
    payload = item.payload
    if isinstance(payload, ShortAnswer):
        return payload.accepted[0] if answer.correct else "no idea"
    if isinstance(payload, Numeric):
        return payload.text if answer.correct else str(payload.value + 1000)
    return "an answer"


def write_canvas_student_analysis(
    path: Path, plan: QuizPlan, items: list[Item], answers: list[dict[str, Answer]]
) -> None:
    """Canvas's Student Analysis columns (Quizzes::QuizStatistics::StudentAnalysis#to_csv)."""
    header = ["name", "id", "sis_id", "section", "section_id", "section_sis_id", "submitted", "attempt"]
    for number, item in enumerate(items, start=1000):
        header += [f"{number}: {to_plain(item.prompt)}", f"{plan.points_of(item):.1f}"]
    header += ["n correct", "n incorrect", "score"]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for s, row in enumerate(answers):
            cells = [f"Student {s}", str(100 + s), f"S{s}", "Section 1", "1", "", "2027-03-01 10:00:00 UTC", "1"]
            right, score = 0, 0.0
            for item in items:
                answer = row[item.id]
                points = plan.points_of(item) if answer.correct else 0.0
                right, score = right + answer.correct, score + points
                cells += [_response_text(item, answer), f"{points:.1f}"]
            cells += [str(right), str(len(items) - right), f"{score:.1f}"]
            writer.writerow(cells)


# The columns before the questions in Moodle's Responses and Grades downloads (identity fields, then the attempt).
MOODLE_IDENTITY = [
    "Surname",
    "First name",
    "Email address",
    "State",
    "Started on",
    "Completed",
    "Time taken",
    "Grade/10.00",
]


def _moodle_person(s: int) -> list[str]:
    """A student's cells before the questions in Moodle's Responses and Grades reports."""
    return [f"S{s}", "Student", f"s{s}@example.edu", "Finished", "1 March 2027", "1 March 2027", "10 mins", "5.00"]


def write_moodle_reports(
    folder: Path, plan: QuizPlan, items: list[Item], answers: list[dict[str, Answer]], columns: str = "right"
) -> list[Path]:
    """Moodle's Responses, Grades and Statistics reports, as its CSV download writes them (`items` in the quiz's
    order). Responses has each slot's "Right answer" (`columns` "right"), its "Question" text ("question") or
    neither ("")."""
    slots = list(enumerate(items, start=1))
    identity = MOODLE_IDENTITY
    responses = folder / "responses.csv"
    with responses.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(identity + [h for n, _ in slots for h in _response_headings(n, columns)])
        for s, row in enumerate(answers):
            cells = _moodle_person(s)
            for _, item in slots:
                answer = row[item.id]
                options = options_of(item)
                if columns == "question":
                    cells.append(to_plain(item.prompt) + (": " + "; ".join(t for t, _ in options) if options else ""))
                if answer.chosen is not None:
                    cells.append("; ".join(options[n][0] for n in answer.chosen))
                    right = "; ".join(options[n][0] for n, (_, c) in enumerate(options) if c)
                else:
                    cells.append(_response_text(item, answer))
                    right = "-" if item.type == "essay" else _response_text(item, Answer(True, None))  # none: "-"
                cells += [right] if columns == "right" else []
            writer.writerow(cells)
    grades = folder / "grades.csv"
    with grades.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(identity + [f"Q. {n} /{plan.points_of(item):.2f}" for n, item in slots])
        for s, row in enumerate(answers):
            cells = _moodle_person(s)
            cells += [f"{plan.points_of(item) if row[item.id].correct else 0:.2f}" for _, item in slots]
            writer.writerow(cells)
        writer.writerow(["Overall average", "", "", "", "", "", "", "5.00"] + ["0.50"] * len(slots))
    statistics = folder / "statistics.csv"
    with statistics.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        # the quiz information table comes first, a row of headings and a row of values (download_quiz_info_table)
        writer.writerow(["Quiz name", "Course name", "Number of complete graded first attempts", "Average grade"])
        writer.writerow([plan.quiz.title, "Course", str(len(answers)), "50.00%"])
        writer.writerow(
            [
                "Q#",
                "Question type",
                "Question name",
                "Attempts",
                "Facility index",
                "Standard deviation",
                "Random guess score",
                "Intended weight",
                "Effective weight",
                "Discrimination index",
                "Discriminative efficiency",
            ]
        )
        for n, item in slots:
            writer.writerow(
                [
                    str(n),
                    item.type,
                    item.id,
                    str(len(answers)),
                    "50.00%",
                    "40.00%",
                    "25.00%",
                    "5.00%",
                    "5.00%",
                    "30.00%",
                    "40.00%",
                ]
            )
    return [responses, grades, statistics]


def _response_headings(slot: int, columns: str) -> tuple[str, ...]:
    """Moodle's Responses columns for one slot (mod/quiz/report/responses/report.php)."""
    if columns == "question":
        return (f"Question {slot}", f"Response {slot}")
    return (f"Response {slot}", f"Right answer {slot}") if columns == "right" else (f"Response {slot}",)


def write_paper(path: Path, plan: QuizPlan, answers: list[dict[str, Answer]], delimiter: str = ",") -> None:
    """A scanner's export: student, form letter, then the letters marked per question number of that form."""
    forms = plan.forms
    count = max(len(f.questions) for f in forms)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(["Student", "Form"] + [f"Q{n}" for n in range(1, count + 1)])
        for s, row in enumerate(answers):
            form = forms[s % len(forms)]
            cells = [f"S{s}", form.letter]
            for question in form.questions:
                answer = row[question.item.id]
                if question.item.type == "tf":
                    cells.append({0: "T", 1: "F"}[answer.chosen[0]])
                elif answer.chosen is not None:
                    cells.append("".join(LETTERS[question.order.index(n)] for n in answer.chosen))
                else:
                    cells.append(f"{question.points if answer.correct else 0:g}")
            writer.writerow(cells)
