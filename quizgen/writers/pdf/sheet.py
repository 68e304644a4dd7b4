"""The bubble answer sheet: a grid of lettered circles per question, the same on the key's grading overlay."""

from __future__ import annotations

import math

from reportlab.platypus import Flowable

from quizgen.plan import Form
from quizgen.present import LETTERS
from quizgen.writers.pdf.fonts import SANS
from quizgen.writers.pdf.layout import GREY, INK, WHITE

ROW = 21.0
STEP = 19.0
RADIUS = 6.5
NUMBER_WIDTH = 26.0
GAP = 20.0
COLUMN_ROWS = 20  # rows in a column before a second one starts

Row = tuple[int, tuple[str, ...]]  # question number, bubble labels (empty: answered in the booklet)


def bubble_rows(form: Form) -> list[Row]:
    """For each question its bubble labels: letters for choices, T/F for true-or-false, none otherwise."""
    rows = []
    for question in form.questions:
        kind = question.item.type
        if kind in ("mcq", "multi"):
            labels = tuple(LETTERS[i] for i in range(len(question.options())))
        elif kind == "tf":
            labels = ("T", "F")
        else:
            labels = ()
        rows.append((question.number, labels))
    return rows


class BubbleGrid(Flowable):
    """Rows of bubbles in as many columns as fit; `filled` marks the key's answers (for an overlay)."""

    def __init__(self, rows: list[Row], filled: dict[int, str] | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.filled = filled or {}
        widest = max((len(labels) for _, labels in rows), default=2)
        self.column_width = NUMBER_WIDTH + max(widest, 3) * STEP + GAP

    def _per_column(self, avail_height: float) -> int:
        return max(1, int(avail_height // ROW))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Columns side by side, filled top to bottom."""
        columns = max(1, int((avail_width + GAP) // self.column_width))
        balanced = max(COLUMN_ROWS, math.ceil(len(self.rows) / columns))  # one column while short, then even ones
        self.per_column = min(self._per_column(avail_height), balanced)
        self.width = avail_width
        self.height = min(self.per_column, len(self.rows)) * ROW
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """What fits here, the rest on the next page."""
        columns = max(1, int((avail_width + GAP) // self.column_width))
        fit = columns * self._per_column(avail_height)
        if fit >= len(self.rows) or avail_height < ROW:
            return []
        return [BubbleGrid(self.rows[:fit], self.filled), BubbleGrid(self.rows[fit:], self.filled)]

    def draw(self) -> None:
        """Each row: the question number, then its bubbles with the letter inside."""
        for index, (number, labels) in enumerate(self.rows):
            column, line = divmod(index, self.per_column)
            x = column * self.column_width
            y = self.height - (line + 1) * ROW + 6
            self._row(x, y, number, labels)

    def _row(self, x: float, y: float, number: int, labels: tuple[str, ...]) -> None:
        canvas = self.canv
        canvas.setFillColor(INK)
        canvas.setFont(f"{SANS}-Bold", 10)
        canvas.drawRightString(x + NUMBER_WIDTH - 8, y, f"{number}.")
        if not labels:
            canvas.setFillColor(GREY)
            canvas.setFont(SANS, 8.5)
            canvas.drawString(x + NUMBER_WIDTH, y, "booklet")
            return
        for position, label in enumerate(labels):
            cx = x + NUMBER_WIDTH + position * STEP + RADIUS
            self._bubble(cx, y + 3.3, label, label in self.filled.get(number, ""))

    def _bubble(self, cx: float, cy: float, label: str, filled: bool) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.7)
        canvas.setStrokeColor(INK)
        canvas.setFillColor(INK)
        canvas.circle(cx, cy, RADIUS, stroke=1, fill=1 if filled else 0)
        canvas.setFillColor(GREY if not filled else WHITE)
        canvas.setFont(SANS, 6.5)
        canvas.drawCentredString(cx, cy - 2.3, label)
