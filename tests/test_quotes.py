"""Quotes are found as a person means them: forgiving line breaks, quote marks, dashes, PDF artefacts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quizgen.model import Article
from quizgen.reading.article import split_paragraphs
from quizgen.reading.quotes import ArticleIndex, Found, NotFound, canonical

SEED = Path(__file__).resolve().parent / "golden" / "import" / "feffer-hard-truths.raw.txt"
TEXT = """Talks between U.S. and North Korean diplomats in New York in early March represent meaningful progress — at long last.

The North’s position on China has changed. It no longer trusts China as a guarantor of its independence; “Above all,” the authors write, North Korea “wants... a long-term, strategic relationship.”

North Korea perceives it is under enormous pressure from China, with whom it shares an 880 mile border, and fears its days of national independence may be numbered. The officials flew to Beijing to find financial support.
"""


def make_article(text: str = TEXT) -> Article:
    return Article("a", "A", None, None, None, split_paragraphs(text.split("\n")), Path("article.txt"))


INDEX = ArticleIndex(make_article())


def spans_of(result: Found) -> list[str]:
    paragraph = INDEX.article.paragraph(result.anchor.paragraph).text
    return [paragraph[s:e] for s, e in result.anchor.spans]


def test_verbatim_quote_is_found_with_its_span() -> None:
    result = INDEX.locate("It no longer trusts China as a guarantor of its independence")
    assert isinstance(result, Found)
    assert result.anchor.paragraph == 2
    assert spans_of(result) == ["It no longer trusts China as a guarantor of its independence"]
    assert not result.case_differs


def test_pdf_artefacts_are_forgiven() -> None:
    for quote in [
        "The offi cials fl ew to Beijing to fi nd fi nancial support",
        "national indepen-\ndence may be numbered",
    ]:
        result = INDEX.locate(quote)
        assert isinstance(result, Found), quote
        assert result.anchor.paragraph == 3


def test_quote_marks_dashes_and_whitespace_are_forgiven() -> None:
    result = INDEX.locate('The North\'s position on China\nhas   changed. It no longer "trusts" China')
    assert isinstance(result, Found) and result.anchor.paragraph == 2
    result = INDEX.locate("meaningful progress -- at long last")
    assert isinstance(result, Found) and spans_of(result) == ["meaningful progress — at long last"]


def test_literal_ellipsis_in_the_article_matches_before_elision() -> None:
    result = INDEX.locate("North Korea “wants... a long-term, strategic relationship")
    assert isinstance(result, Found)
    assert len(result.anchor.spans) == 1


def test_spans_in_paragraphs_with_ligature_and_ellipsis_characters_are_exact() -> None:
    index = ArticleIndex(
        make_article("The \ufb01nal o\ufb03cial said \u201cwait\u2026\u201d \u2014 then the \ufb02ight left.\n")
    )
    paragraph = index.article.paragraph(1).text
    for quote, expected in [
        ("The final official", "The \ufb01nal o\ufb03cial"),
        ("official said", "o\ufb03cial said"),
        ('said "wait..." - then the flight', "said \u201cwait\u2026\u201d \u2014 then the \ufb02ight"),
        ("flight left.", "\ufb02ight left."),
    ]:
        result = index.locate(quote)
        assert isinstance(result, Found), quote
        assert [paragraph[s:e] for s, e in result.anchor.spans] == [expected], quote


def test_quotation_marks_a_quote_begins_or_ends_with_are_in_its_span() -> None:
    index = ArticleIndex(make_article("Keepers called the new apparatus \u201ca miracle of glass,\u201d and it was.\n"))
    paragraph = index.article.paragraph(1).text
    for quote, expected in [
        (
            "called the new apparatus \u201ca miracle of glass,\u201d",
            "called the new apparatus \u201ca miracle of glass,\u201d",
        ),
        ('"a miracle of glass,"', "\u201ca miracle of glass,\u201d"),
        ("a miracle of glass", "a miracle of glass"),  # no marks asked for, none added
        ("\u201ca miracle \u2026 glass,\u201d", "\u201ca miracle"),  # the first part gains the opening mark
    ]:
        result = index.locate(quote)
        assert isinstance(result, Found), quote
        assert paragraph[slice(*result.anchor.spans[0])] == expected, quote
    result = index.locate("\u201ca miracle \u2026 glass,\u201d")
    assert paragraph[slice(*result.anchor.spans[-1])] == "glass,\u201d"


def test_elision_finds_the_parts_in_order_in_one_paragraph() -> None:
    result = INDEX.locate("North Korea perceives … an 880 mile border")
    assert isinstance(result, Found)
    assert spans_of(result) == ["North Korea perceives", "an 880 mile border"]
    assert isinstance(INDEX.locate("an 880 mile border … North Korea perceives"), NotFound)


def test_a_full_stop_before_an_elision_of_dots_is_elided_with_it() -> None:
    result = INDEX.locate("The North’s position on China has changed. ... “Above all,” the authors write")
    assert isinstance(result, Found)
    assert spans_of(result) == ["The North’s position on China has changed", "Above all,” the authors write"]
    cut_short = INDEX.locate("The North’s position on China. ... It no longer trusts China")  # the stop is the quote's
    assert isinstance(cut_short, Found) and spans_of(cut_short)[0] == "The North’s position on China"


@pytest.mark.parametrize(
    ("quote", "says"),
    [
        ("an 880 mile border … North Korea perceives", "all in ¶3, but not in this order"),
        ("The North’s position ... The officials flew", "different paragraphs (¶2, ¶3)"),
        ("The North’s position on China has changed. ... The officials flew", "different paragraphs (¶2, ¶3)"),
        ("North Korea perceives … a 900 mile fence", "the part “a 900 mile fence” of the elided quote is not in"),
    ],
)
def test_an_elided_quote_not_found_says_which_part_or_order_is_wrong(quote: str, says: str) -> None:
    result = INDEX.locate(quote)
    assert isinstance(result, NotFound) and says in result.message


def test_case_difference_is_found_but_flagged() -> None:
    result = INDEX.locate("the north’s position on china has changed")
    assert isinstance(result, Found) and result.case_differs


def test_not_found_names_the_closest_passage() -> None:
    result = INDEX.locate("it shares a 800 mile border")
    assert isinstance(result, NotFound)
    assert "¶3" in result.message and "880 mile border" in result.message


def test_quote_across_paragraphs_says_to_split_it() -> None:
    result = INDEX.locate("at long last. The North’s position")
    assert isinstance(result, NotFound) and "paragraph break" in result.message


def test_ambiguous_quote_reports_other_paragraphs() -> None:
    result = INDEX.locate("North Korea")
    # ¶1 has it only inside "North Korean": the quote stands in ¶2, and ¶3 is its rival
    assert isinstance(result, Found) and result.anchor.paragraph == 2 and result.also_in == (3,)
    inside = INDEX.locate("North Korean diplomats")
    assert isinstance(inside, Found) and inside.anchor.paragraph == 1 and inside.also_in == ()
    only_inside = ArticleIndex(make_article("The lenses shone.\n\nNothing else.\n")).locate("lens")
    assert isinstance(only_inside, Found) and only_inside.anchor.paragraph == 1  # found, and warned about


WORD = re.compile(r"\w[\w’'.-]*\w|\w")


@st.composite
def spans(draw: st.DrawFn) -> tuple[int, int, int]:
    """A paragraph number and a span of at least four whole words in it."""
    paragraph = draw(st.sampled_from(INDEX.article.paragraphs))
    words = list(WORD.finditer(paragraph.text))
    first = draw(st.integers(0, len(words) - 4))
    last = draw(st.integers(first + 3, min(len(words) - 1, first + 30)))
    return paragraph.number, words[first].start(), words[last].end()


def rewrap(text: str, data: st.DataObject) -> str:
    return "".join(c if c != " " or not data.draw(st.booleans()) else "\n" for c in text)


def requote(text: str) -> str:
    return text.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "--")


def split_ligatures(text: str) -> str:
    return re.sub(r"(f[fil])(?=\w)", r"\1 ", text)


def hyphenate(text: str, data: st.DataObject) -> str:
    words = text.split(" ")
    index = data.draw(st.integers(0, len(words) - 1))
    word = words[index]
    if len(word) > 3 and word.isalpha():
        cut = data.draw(st.integers(1, len(word) - 1))
        words[index] = f"{word[:cut]}-\n{word[cut:]}"
    return " ".join(words)


@settings(max_examples=200, deadline=None)
@given(span=spans(), data=st.data())
def test_any_span_transformed_is_found_at_the_same_place(span: tuple[int, int, int], data: st.DataObject) -> None:
    number, start, end = span
    original = INDEX.article.paragraph(number).text[start:end]
    occurrences = sum(canonical(p.text).lower().count(canonical(original).lower()) for p in INDEX.article.paragraphs)
    assume(occurrences == 1)
    transform = data.draw(st.sampled_from(["rewrap", "requote", "ligatures", "hyphenate", "all"]))
    quote = original
    if transform in ("rewrap", "all"):
        quote = rewrap(quote, data)
    if transform in ("requote", "all"):
        quote = requote(quote)
    if transform in ("ligatures", "all"):
        quote = split_ligatures(quote)
    if transform in ("hyphenate", "all"):
        quote = hyphenate(quote, data)
    result = INDEX.locate(quote)
    assert isinstance(result, Found), quote
    assert result.anchor.paragraph == number
    assert result.anchor.spans == ((start, end),)


def test_real_seed_paragraphs_are_located() -> None:
    index = ArticleIndex(make_article(SEED.read_text(encoding="utf-8")))
    result = index.locate("The United States is simply not interested in a special relationship")
    assert isinstance(result, Found) and result.anchor.paragraph == 5


def test_a_quote_that_cuts_a_word_is_warned_about() -> None:
    from quizgen.diagnostics import Report
    from quizgen.model import Location
    from quizgen.reading.quotes import anchor_quote

    def cut(text: str) -> list[tuple[str, str]]:
        report = Report()
        assert anchor_quote(INDEX, text, Location(Path("items.yaml"), 3), report, "x") is not None
        return [(d.code, d.message.split("'")[1]) for d in report.warnings]

    assert cut("fficials flew to Beijing") == [("quote-partial-word", "officials")]
    assert cut("to find financ") == [("quote-partial-word", "financial")]
    assert cut("The officials flew to Beijing to find financial support.") == []
    assert cut("term, strategic relationship") == []  # a hyphen is a word boundary: long-term
    report = Report()
    anchor_quote(INDEX, "fficials flew to Beiji", Location(Path("items.yaml"), 3), report, "x")
    assert "cuts the words 'officials' and 'Beijing' of" in report.warnings[0].message


def test_a_quote_in_a_repeated_paragraph_says_the_article_repeats_itself() -> None:
    from quizgen.diagnostics import Report
    from quizgen.model import Location
    from quizgen.reading.quotes import anchor_quote

    repeated = TEXT.split("\n\n")[1]
    index = ArticleIndex(make_article(f"{TEXT}\n{repeated}\n"))
    report = Report()
    anchor_quote(index, "It no longer trusts China", Location(Path("items.yaml"), 3), report, "x")
    (warning,) = report.warnings
    assert warning.code == "quote-ambiguous"
    assert "the article repeats itself (¶2 and ¶4 are the same paragraph): delete the repeat" in warning.message
    assert "quote a few more words" not in warning.message
    report = Report()
    anchor_quote(INDEX, "North Korea", Location(Path("items.yaml"), 3), report, "x")  # different paragraphs
    assert "quote a few more words" in report.warnings[0].message
