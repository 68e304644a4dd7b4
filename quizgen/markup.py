"""Inline Markdown (emphasis, strong, code, images) and LaTeX formulas in item text, rendered for each output.

Text is escaped first and never trusted as markup: `<script>` in an item stays text. Images and formulas are
rendered by the `Embedder` an output sets for the time it renders (`embedding`); without one they read as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from markupsafe import Markup

from quizgen.formulas import MATH
from quizgen.media import IMAGE

_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRONG_EM = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*(?!\*)|___(?=\S)(.+?)(?<=\S)___(?!_)")


class Embedder(Protocol):
    """How one output shows figures and formulas: each method returns markup ready for that output."""

    def image(self, alt: str, ref: str) -> str: ...  # ref: the path from the course folder (see quizgen.media)

    def math(self, latex: str, display: bool) -> str: ...


_EMBEDDER: ContextVar[Embedder | None] = ContextVar("embedder", default=None)
_EMBEDDED = re.compile(f"{IMAGE.pattern}|{MATH.pattern}", re.DOTALL)


@contextmanager
def embedding(embedder: Embedder) -> Iterator[None]:
    """Render figures and formulas with `embedder` inside the block."""
    token = _EMBEDDER.set(embedder)
    try:
        yield
    finally:
        _EMBEDDER.reset(token)


def _render(text: str, escape: Callable[[str], str], tags: dict[str, tuple[str, str]]) -> str:
    """The text escaped, its marks rendered with `tags`; text without a mark (most text) skips the patterns."""
    if _embeds(text):
        return _render_embedded(text, escape, lambda piece: _render(piece, escape, tags))
    return _render_marks(text, escape, tags) if _marked(text) else escape(text)


def _embeds(text: str) -> bool:
    return "![" in text or "\\(" in text or "\\[" in text


def _render_embedded(text: str, escape: Callable[[str], str], render: Callable[[str], str]) -> str:
    """Text with figures or formulas: the runs between them rendered by `render`, each of them by the embedder."""
    embedder = _EMBEDDER.get()
    parts, start = [], 0
    for match in _EMBEDDED.finditer(text):
        parts.append(render(text[start : match.start()]))
        alt, ref, inline, display = match.groups()
        if embedder is None:
            parts.append(escape(f"[{alt}]" if ref is not None else match.group()))
        elif ref is not None:
            parts.append(embedder.image(alt, ref))
        else:
            parts.append(embedder.math(inline if inline is not None else display, inline is None))
        start = match.end()
    parts.append(render(text[start:]))
    return "".join(parts)


def literal(text: str, escape: Callable[[str], str]) -> str:
    """Text taken literally (an article's), escaped with `escape`, its figures and formulas rendered."""
    return _render_embedded(text, escape, escape) if _embeds(text) else escape(text)


def _marked(text: str) -> bool:
    return "`" in text or "*" in text or "_" in text


def _render_marks(text: str, escape: Callable[[str], str], tags: dict[str, tuple[str, str]]) -> str:
    """Split out code spans (kept literal), escape the rest, then mark up strong and emphasis."""
    parts = []
    strong, em = tags["strong"], tags["em"]
    strong_em = (strong[0] + em[0], em[1] + strong[1])
    for index, piece in enumerate(_CODE.split(text)):
        if index % 2:
            start, end = tags["code"]
            parts.append(f"{start}{escape(piece)}{end}")
            continue
        piece = escape(piece)
        piece = _STRONG_EM.sub(lambda m: _wrap(m, strong_em, tags), piece)
        piece = _STRONG.sub(lambda m: _wrap(m, strong, tags), piece)
        piece = _EM.sub(lambda m: _wrap(m, em, tags), piece)
        parts.append(piece)
    return "".join(parts)


def _wrap(match: re.Match[str], pair: tuple[str, str], tags: dict[str, tuple[str, str]]) -> str:
    """The marked text between the pair of tags; left as written when it would cross a tag already made
    (`**a *b***` must not become `<b>a <i>b</b></i>`: reportlab fails on it, and XML readers reject it)."""
    inner = match.group(1) or match.group(2)
    return pair[0] + inner + pair[1] if _nests(inner, tags) else match.group(0)


def _nests(text: str, tags: dict[str, tuple[str, str]]) -> bool:
    """Whether every tag of `tags` in the text closes in the order it opened."""
    if not any(tag in text for pair in (tags["strong"], tags["em"]) for tag in pair):
        return True
    closing = {end: start for start, end in (tags["strong"], tags["em"])}
    opened: list[str] = []
    for tag in re.findall("|".join(re.escape(t) for pair in (tags["strong"], tags["em"]) for t in pair), text):
        if tag in closing:
            if not opened or opened.pop() != closing[tag]:
                return False
        else:
            opened.append(tag)
    return not opened


_HTML_TAGS = {"code": ("<code>", "</code>"), "strong": ("<strong>", "</strong>"), "em": ("<em>", "</em>")}


def to_html(text: str) -> Markup:
    """Inline Markdown as safe HTML; line breaks become <br>."""
    rendered = _render(text, lambda s: html.escape(s, quote=True), _HTML_TAGS)
    return Markup(rendered.replace("\n", "<br>"))


def to_reportlab(text: str, mono_font: str) -> str:
    """Inline Markdown as reportlab paragraph markup, with every `<` and `&` escaped."""
    tags = {"code": (f'<font face="{mono_font}">', "</font>"), "strong": ("<b>", "</b>"), "em": ("<i>", "</i>")}
    return _render(text, lambda s: html.escape(s, quote=False), tags).replace("\n", "<br/>")


# Private-use characters mark where tags would go, so that plain text drops exactly the marks HTML renders.
_PLAIN_TAGS = {"code": ("", ""), "strong": ("\ue000", "\ue001"), "em": ("\ue002", "\ue003")}
_PLAIN_MARKS = str.maketrans("", "", "\ue000\ue001\ue002\ue003")


def to_plain(text: str) -> str:
    """The text without Markdown marks, for plain-text outputs and comparisons; figures, which have no text of
    their own where they are shown, are left out (their alt text is an attribute)."""
    if "![" in text:
        text = IMAGE.sub("", text)
    return _render_marks(text, lambda s: s, _PLAIN_TAGS).translate(_PLAIN_MARKS) if _marked(text) else text
