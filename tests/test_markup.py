"""Inline Markdown: the shortcut for text without marks renders exactly what the full rendering does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizgen import markup

ESCAPES = {
    "html": lambda s: markup.html.escape(s, quote=True),
    "reportlab": lambda s: markup.html.escape(s, quote=False),
    "plain": lambda s: s,
}


@given(st.text(alphabet="ab \n<&>\"'`*_", max_size=24), st.sampled_from(sorted(ESCAPES)))
def test_the_shortcut_renders_what_the_patterns_do(text: str, kind: str) -> None:
    tags = {"code": ("<c>", "</c>"), "strong": ("<s>", "</s>"), "em": ("<e>", "</e>")}
    escape = ESCAPES[kind]
    assert markup._render(text, escape, tags) == markup._render_marks(text, escape, tags)


def test_marks_and_plain_text() -> None:
    assert markup.to_html("a *b* **c** `d*` <e> & 'f'") == (
        "a <em>b</em> <strong>c</strong> <code>d*</code> &lt;e&gt; &amp; &#x27;f&#x27;"
    )
    assert markup.to_html("What does orchard 7 grow?\nSay <why>") == "What does orchard 7 grow?<br>Say &lt;why&gt;"
    assert markup.to_plain("a _b_ c") == "a b c"


def test_strong_emphasis_nests() -> None:
    assert markup.to_html("lasted for ***centuries***.") == "lasted for <strong><em>centuries</em></strong>."
    assert markup.to_html("*a **b***") == "<em>a <strong>b</strong></em>"
    assert markup.to_plain("***x*** and ___y___") == "x and y"


MARKED_TEXT = st.lists(st.sampled_from(["a", "bc", " ", "*", "**", "***", "_", "__", "`", "<", "&"]), max_size=14).map(
    "".join
)


@given(MARKED_TEXT)
def test_any_marks_render_well_formed_for_xml_and_reportlab(text: str) -> None:
    from xml.etree import ElementTree

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    ElementTree.fromstring(f"<p>{markup.to_html(text)}</p>")  # raises on crossed or unclosed tags
    Paragraph(markup.to_reportlab(text, "Courier"), getSampleStyleSheet()["Normal"])  # raises likewise
    # Plain text drops exactly the marks that HTML renders as tags.
    shown = ElementTree.fromstring(f"<p>{markup.to_html(text)}</p>")
    assert "".join(shown.itertext()) == markup.to_plain(text)
