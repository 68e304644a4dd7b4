"""Source HTML as quizgen's inline Markdown: *em*, **strong**, `code`, line breaks, and figures.

A small converter rather than a general HTML-to-Markdown library: quizgen renders only those marks, so the
headings, lists, tables and links such a library writes would show as literal characters in every output.
Anything else keeps its text; an image becomes `![alt](figures/name)` when the bank carries it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
from lxml import etree

Figure = Callable[[str], str | None]  # an img src -> its path under figures/ (saved), or None if not in the bank

_MARKS = {"em": "*", "i": "*", "strong": "**", "b": "**", "code": "`", "tt": "`", "kbd": "`", "samp": "`"}
_BLOCKS = frozenset(
    {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "pre", "section"}
)
_DROPPED = frozenset({"script", "style", "head", "title", "annotation"})
_MEDIA = frozenset({"audio", "video", "iframe", "object", "embed"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TAG = re.compile(r"<[a-zA-Z/!]")


def to_markdown(source: str, figure: Figure | None = None, notes: list[str] | None = None) -> str:
    """The HTML fragment as inline Markdown; `notes` gets what could not come across (images not in the bank)."""
    if not source or not source.strip():
        return ""
    if not _TAG.search(source) and "&" not in source:  # most answers: plain text
        return _SPACES.sub(" ", source).strip()
    try:
        root = lxml.html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError):
        return _SPACES.sub(" ", source).strip()
    out: list[str] = []
    _walk(root, out, figure, notes if notes is not None else [])
    return _tidy("".join(out))


def plain(text: str) -> str:
    """Plain text (not HTML) with its spacing tidied, as quizgen text."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.strip().split("\n"))


def _walk(element: etree._Element, out: list[str], figure: Figure | None, notes: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROPPED or tag in _MEDIA:
        if tag in _MEDIA:
            notes.append(f"the {tag} '{_source(element)[:80]}' is left out (quizgen items carry text and images)")
        out.append(_SPACES.sub(" ", element.tail or ""))
        return
    if tag == "math":  # MathML: its TeX (alttext, or a TeX annotation) as quizgen's formula
        out.append(_formula(element, notes))
        out.append(_SPACES.sub(" ", element.tail or ""))
        return
    if tag == "br":
        out.append("\n")
    elif tag == "img":
        out.append(_image(element, figure, notes))
    elif tag in _BLOCKS:
        out.append("\n\n" if tag in ("p", "blockquote", "pre") else "\n")
        if tag == "li":
            out.append("- ")
    mark = _MARKS.get(tag)
    inner: list[str] = []
    if element.text:
        inner.append(_SPACES.sub(" ", element.text))
    for child in element:
        _walk(child, inner, figure, notes)
    text = "".join(inner)
    if tag == "sup" and text.strip():
        text = f"^{text.strip()}" if len(text.strip()) == 1 else f"^({text.strip()})"
    elif tag in ("td", "th"):
        text = f" {text.strip()} |"
    if mark and text.strip():
        lead, core, trail = _split_space(text)
        text = f"{lead}{mark}{core}{mark}{trail}"
    out.append(text)
    href = element.get("href", "") if tag == "a" else ""
    if href.startswith(("http://", "https://")) and href != text.strip():
        out.append(f" ({href})")
    elif href and not href.startswith(("#", "mailto:")):
        notes.append(f"the linked file '{href[:80]}' is left out (quizgen items carry text and images)")
    if tag in _BLOCKS and tag != "li":  # an item ends where the next begins
        out.append("\n\n" if tag in ("p", "blockquote", "pre") else "\n")
    if element.tail:
        out.append(_SPACES.sub(" ", element.tail))


def _split_space(text: str) -> tuple[str, str, str]:
    """Leading space, the text, trailing space: marks must touch the text (`*a*`, not `* a *`)."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return (" " if lead else ""), core, (" " if trail else "")


def _formula(element: etree._Element, notes: list[str]) -> str:
    """A MathML formula as `\\(TeX\\)` (`\\[TeX\\]` on a line of its own) when it carries its TeX, else its text."""
    tex = element.get("alttext") or next(
        (a.text for a in element.iter() if str(a.tag).endswith("annotation") and "tex" in a.get("encoding", "")), None
    )
    if not tex:
        notes.append("a MathML formula without its TeX is kept as its text")
        return _SPACES.sub(" ", "".join(element.itertext())).strip()
    return f"\\[{tex.strip()}\\]" if element.get("display") == "block" else f"\\({tex.strip()}\\)"


def _source(element: etree._Element) -> str:
    """Where a media element's content comes from."""
    inner = element.find(".//source")
    return element.get("src") or element.get("data") or (inner.get("src", "") if inner is not None else "")


def _image(element: etree._Element, figure: Figure | None, notes: list[str]) -> str:
    src = element.get("src", "")
    alt = _SPACES.sub(" ", element.get("alt", "")).strip().replace("]", ")").replace("[", "(")
    saved = figure(src) if figure and src else None
    if saved is None:
        notes.append(f"image '{src[:80]}' is not in the bank file: it is left out (alt text kept)")
        return f"[image: {alt}]" if alt else ""
    return f"![{alt}]({saved})"


def _tidy(text: str) -> str:
    """Lines trimmed, no more than one blank line in a row, none at either end."""
    lines = [line.strip() for line in text.split("\n")]
    result: list[str] = []
    for line in lines:
        if line or (result and result[-1]):
            result.append(line)
    return "\n".join(result).strip()
