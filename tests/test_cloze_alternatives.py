"""A cloze deletion's accepted alternatives: `{{c1::first|other}}` shows the first, LMS outputs accept all."""

from __future__ import annotations

from pathlib import Path

from test_lint import QUOTE, write_course

from quizgen.check import check_course
from quizgen.model import Cloze


def _course(tmp_path: Path, prompt: str):
    root = write_course(tmp_path / "c", {"art": [{"id": "x", "type": "cloze", "prompt": prompt, "quote": QUOTE}]})
    return check_course(root)


def test_alternatives_are_accepted_and_left_out_of_the_shown_text(tmp_path: Path) -> None:
    result = _course(tmp_path, "The North will keep its {{c1::weapons|arms|nukes::what?}} for now.")
    assert not result.report.errors
    [item] = result.course.items
    assert isinstance(item.payload, Cloze)
    assert item.prompt == item.payload.text == "The North will keep its {{c1::weapons::what?}} for now."
    [deletion] = item.payload.deletions
    assert (deletion.answer, deletion.alternatives, deletion.hint) == ("weapons", ("arms", "nukes"), "what?")


def test_an_alternative_written_twice_is_an_error(tmp_path: Path) -> None:
    result = _course(tmp_path, "The North will keep its {{c1::weapons|Weapons}} for now.")
    [error] = result.report.errors
    assert error.code == "duplicate-option" and "deletion c1" in error.message


def test_a_typographic_alternative_is_no_duplicate(tmp_path: Path) -> None:
    result = _course(tmp_path, "The North will keep its weapons for {{c1::1946\u201347|1946-47}}.")
    assert not result.report.errors
