"""How answers and sources read in every output."""

from __future__ import annotations

from pathlib import Path

from quizgen.model import Anchor, Article, Paragraph
from quizgen.present import citation, in_quotation_marks


def test_quotation_marks_nest_instead_of_doubling() -> None:
    assert in_quotation_marks("meaning \u201cgreat script,\u201d") == "\u201cmeaning \u2018great script,\u2019\u201d"
    article = Article(
        "hangul",
        "\u201cLetters for the People\u201d \u2014 How Hangul Was Made",
        "Dana Whitfield",
        None,
        None,
        (Paragraph(1, "Text.", 5),),
        Path("article.txt"),
    )
    assert citation(article, Anchor(1, ((0, 4),))) == (
        "Dana Whitfield, \u201c\u2018Letters for the People\u2019 \u2014 How Hangul Was Made\u201d, \u00b61"
    )


def test_numeric_answers_show_as_written_when_plain_and_as_decimals_otherwise() -> None:
    from quizgen.present import written_number

    assert [written_number(t) for t in ("12.50", "3.10", "-0.5", "2005")] == ["12.50", "3.10", "-0.5", "2005"]
    assert [written_number(t) for t in ("1e-3", ".5", "-0", "+5", "1E3")] == ["0.001", "0.5", "0", "5", "1000"]
    assert [written_number(t) for t in ("-0.0", "007", "0.0", "0.50")] == ["0", "7", "0.0", "0.50"]


def test_list_paragraphs_show_bullets_at_the_same_offsets() -> None:
    from quizgen.reading.article import with_bullets

    listed = "- Diplomatic ties\n* Expanded trade\n– Technical exchange"
    assert with_bullets(listed) == "\u2022 Diplomatic ties\n\u2022 Expanded trade\n\u2022 Technical exchange"
    assert len(with_bullets(listed)) == len(listed)
    assert with_bullets("1. First\n2. Second") == "1. First\n2. Second"
    assert (
        with_bullets("Prose with a - dash\n- and a line like an item")
        == "Prose with a - dash\n- and a line like an item"
    )
