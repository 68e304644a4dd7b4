"""Inline Markdown (emphasis, strong, code) in item text, rendered for each kind of output.

Text is escaped first and never trusted as markup: `<script>` in an item stays text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from markupsafe import Markup

_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")


def _render(text: str, escape: Callable[[str], str], tags: dict[str, tuple[str, str]]) -> str:
    """The text escaped, its marks rendered with `tags`; text without a mark (most text) skips the patterns."""
    if "`" not in text and "*" not in text and "_" not in text:
        return escape(text)
    return _render_marks(text, escape, tags)


def _render_marks(text: str, escape: Callable[[str], str], tags: dict[str, tuple[str, str]]) -> str:
    """Split out code spans (kept literal), escape the rest, then mark up strong and emphasis."""
    parts = []
    for index, piece in enumerate(_CODE.split(text)):
        if index % 2:
            start, end = tags["code"]
            parts.append(f"{start}{escape(piece)}{end}")
            continue
        piece = escape(piece)
        piece = _STRONG.sub(lambda m: f"{tags['strong'][0]}{m.group(1) or m.group(2)}{tags['strong'][1]}", piece)
        piece = _EM.sub(lambda m: f"{tags['em'][0]}{m.group(1) or m.group(2)}{tags['em'][1]}", piece)
        parts.append(piece)
    return "".join(parts)


_HTML_TAGS = {"code": ("<code>", "</code>"), "strong": ("<strong>", "</strong>"), "em": ("<em>", "</em>")}


def to_html(text: str) -> Markup:
    """Inline Markdown as safe HTML; line breaks become <br>."""
    rendered = _render(text, lambda s: html.escape(s, quote=True), _HTML_TAGS)
    return Markup(rendered.replace("\n", "<br>"))


def to_reportlab(text: str, mono_font: str) -> str:
    """Inline Markdown as reportlab paragraph markup, with every `<` and `&` escaped."""
    tags = {"code": (f'<font face="{mono_font}">', "</font>"), "strong": ("<b>", "</b>"), "em": ("<i>", "</i>")}
    return _render(text, lambda s: html.escape(s, quote=False), tags).replace("\n", "<br/>")


def to_plain(text: str) -> str:
    """The text without Markdown marks, for plain-text outputs and comparisons."""
    empty = {"code": ("", ""), "strong": ("", ""), "em": ("", "")}
    return _render(text, lambda s: s, empty)
