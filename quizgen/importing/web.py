"""Read a web page saved from a browser (or fetched): trafilatura finds the article's text and metadata among the
page's navigation, share buttons, comments and related links; this module writes it as article text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizgen.errors import UserError
from quizgen.importing.text import SetAside

# What trafilatura may keep as text although it is not the article: a pull quote repeats the body, a caption
# describes a picture, an aside or a "related" box points elsewhere.
_PRUNE_CLASSES = [
    "pullquote",
    "pull-quote",
    "caption",
    "share",
    "share-bar",
    "sharing",
    "social-share",
    "related",
    "related-stories",
    "related-articles",
    "related-posts",
    "newsletter",
]
_PRUNE = [
    "//figcaption",
    "//aside",
    "//*["
    + " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in _PRUNE_CLASSES)
    + "]",
]


@dataclass
class WebPage:
    """A page's article as text (headings `##`, paragraphs apart, lists one item a line), its metadata and what was
    left out of it."""

    text: str
    front_matter: dict[str, str]
    set_aside: list[SetAside] = field(default_factory=list)


def read_html(data: bytes, name: str, url: str | None = None) -> WebPage:
    """The article of an HTML page; a clear error when no article text is found in it."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        data,
        url=url,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        prune_xpath=_PRUNE,
        date_extraction_params={"extensive_search": False, "original_date": True},  # the page's date, not a guess
    )
    if not xml:
        raise UserError(f"{name}: no article text found in this page (is it the article itself, saved whole?)")
    doc = etree.fromstring(xml.encode("utf-8"))
    front = {key: " ".join(value.split()) for key in ("title", "author", "date") if (value := doc.get(key))}
    if site := doc.get("sitename") or doc.get("hostname"):
        front["source"] = " ".join(site.split())
    if "author" in front:
        front["author"] = front["author"].replace("; ", ", ")
    page = WebPage("", front)
    blocks = _blocks(doc.find("main"), front.get("title", ""))
    page.text = "\n\n".join(_drop_pull_quotes(blocks, page.set_aside)) + "\n"
    return page


def _text(element) -> str:  # noqa: ANN001 (an lxml element)
    return " ".join("".join(element.itertext()).split())


def _blocks(main, title: str) -> list[str]:  # noqa: ANN001
    """The article's blocks as text: `## heading`, a paragraph, `> quote` (marked until pull quotes are judged),
    a list with one `- item` a line, a table with one row a line."""
    out: list[str] = []
    for element in main if main is not None else []:
        text = _text(element)
        if not text:
            continue
        if element.tag == "head":
            level = int(m[1]) if (m := re.fullmatch(r"h(\d)", element.get("rend", ""))) else 2
            if level == 1 and (not out and _same(text, title)):
                continue  # the page's headline, which is the title in the front matter
            out.append(f"{'#' * max(level, 2)} {text}")
        elif element.tag == "list":
            items = [_text(item) for item in element.iter("item")]
            out.append("\n".join(f"- {item}" for item in items if item))
        elif element.tag == "table":
            rows = [" | ".join(_text(cell) for cell in row.iter("cell")) for row in element.iter("row")]
            out.append("\n".join(row for row in rows if row.strip(" |")))
        elif element.tag == "quote":
            out.append(f"\0{text}")
        else:
            out.append(text)
    return out


def _same(a: str, b: str) -> bool:
    return a.casefold().strip() == b.casefold().strip()


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _drop_pull_quotes(blocks: list[str], set_aside: list[SetAside]) -> list[str]:
    """The blocks without pull quotes (a quote whose words stand in the body too), with the quotes that stay."""
    body = f" {_words(' '.join(b for b in blocks if not b.startswith(chr(0))))} "
    out: list[str] = []
    for block in blocks:
        if block.startswith("\0"):
            quote = block[1:]
            if f" {_words(quote)} " in body:
                after = sum(1 for kept in out if not kept.startswith("#"))
                set_aside.append(SetAside("pull quote", f"after ¶{after}" if after else "before ¶1", quote))
                continue
            block = quote
        out.append(block)
    return out
