"""Source HTML as quizgen's inline Markdown."""

from __future__ import annotations

from quizgen.banks.html import to_markdown
from quizgen.markup import to_html


def test_marks_quizgen_renders_come_across() -> None:
    source = "<p>The <strong>three</strong> hard <em>truths</em> of <code>U.S.</code> policy<br/>now</p>"
    assert to_markdown(source) == "The **three** hard *truths* of `U.S.` policy\nnow"
    assert (
        str(to_html(to_markdown(source)))
        == "The <strong>three</strong> hard <em>truths</em> of <code>U.S.</code> policy<br>now"
    )


def test_structure_quizgen_has_no_mark_for_keeps_its_text() -> None:
    assert to_markdown("<ul><li>one</li><li>two</li></ul>") == "- one\n- two"
    assert to_markdown("<table><tr><td>a</td><td>b</td></tr></table>") == "a | b |"
    assert to_markdown("x<sup>2</sup> and e<sup>-1</sup>") == "x^2 and e^(-1)"
    assert to_markdown('see <a href="https://example.org/a">the page</a>') == "see the page (https://example.org/a)"
    assert to_markdown("<p>a</p><script>alert(1)</script><p>b</p>") == "a\n\nb"


def test_images_are_figures_or_said_to_be_missing() -> None:
    notes: list[str] = []
    saved = to_markdown(
        '<img src="in.png" alt="a [map]"> <img src="http://x/out.png" alt="web">',
        lambda src: "figures/in.png" if src == "in.png" else None,
        notes,
    )
    assert saved == "![a (map)](figures/in.png) [image: web]"
    assert notes == ["image 'http://x/out.png' is not in the bank file: it is left out (alt text kept)"]


def test_entities_and_spacing() -> None:
    assert to_markdown("Washington&#x27;s  &amp;\n Seoul&rsquo;s") == "Washington's & Seoul\u2019s"
    assert to_markdown("<em> spaced </em>word") == " *spaced* word".strip()


def test_mathml_comes_back_as_the_tex_it_carries() -> None:
    inline = '<p>about <math alttext="d \\approx t" display="inline"><mi>d</mi></math>.</p>'
    assert to_markdown(inline) == "about \\(d \\approx t\\)."
    annotated = (
        '<math display="block"><semantics><mi>x</mi>'
        '<annotation encoding="application/x-tex">x^2</annotation></semantics></math>'
    )
    assert to_markdown(annotated) == "\\[x^2\\]"
    notes: list[str] = []
    assert to_markdown("<math><mi>y</mi></math>", None, notes) == "y"
    assert notes == ["a MathML formula without its TeX is kept as its text"]
