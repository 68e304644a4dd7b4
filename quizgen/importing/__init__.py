"""`import-article`: turn a reading as it arrives (text copied from a browser, a saved web page, a URL, a PDF) into
a clean article.txt. One module per kind of source; `text` holds what all share: paragraphs, front matter, repairs."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from quizgen.errors import UserError
from quizgen.importing.text import ImportResult, clean_text
from quizgen.reading.fields import ID_PATTERN

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)


def import_source(
    source: str,
    *,
    front_matter: dict[str, str | None] | None = None,
    drop_boilerplate: bool = False,
    pages: str | None = None,
    keep_references: bool = False,
) -> ImportResult:
    """Read and clean a reading: a path to a .txt, .html or .pdf file, or an http(s) URL."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        from quizgen.importing.fetch import fetch

        got = fetch(source)
        kind = "pdf" if got.content_type == "application/pdf" or got.data.startswith(b"%PDF") else None
        if kind is None:
            kind = "html" if "html" in got.content_type or _HTML_START.match(got.data[:2048]) else "text"
        data, name, url = got.data, source, got.url
    else:
        path = Path(source)
        if not path.is_file():
            raise UserError(f"{path}: no such file")
        data, name, url = path.read_bytes(), str(path), None
        kind = _kind(path, data)
    options = {"front_matter": front_matter, "drop_boilerplate": drop_boilerplate}
    if kind == "pdf":
        result = _from_pdf(data, name, pages, keep_references, **options)
    elif kind == "html":
        from quizgen.importing.web import read_html

        page = read_html(data, name, url)
        result = clean_text(page.text, found=page.front_matter, **options)
        result = replace(result, set_aside=page.set_aside)
    else:
        result = clean_text(_decoded(data, name), **options)
    if not result.paragraphs:
        raise UserError(f"{name}: no article text found (the file is empty, or everything in it was dropped)")
    return result


def _kind(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return "pdf"
    if suffix in (".html", ".htm", ".xhtml", ".mhtml") or _HTML_START.match(data[:2048]):
        return "html"
    return "text"


def _decoded(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8 and try again"
        ) from None


def _from_pdf(data: bytes, name: str, pages: str | None, keep_references: bool, **options: object) -> ImportResult:
    """A PDF's article: laid out, then cleaned as text; each repair tells the page it was made on."""
    from quizgen.importing.pdf import parse_pages, read_pdf

    layout = read_pdf(data, name, parse_pages(pages), keep_references)
    result = clean_text(layout.text, repairs=layout.repairs, found=layout.front_matter, **options)  # type: ignore[arg-type]
    paged = [
        r if r.page or not 0 < r.line <= len(layout.line_pages) else replace(r, page=layout.line_pages[r.line - 1])
        for r in result.repairs
    ]
    return replace(result, repairs=paged, set_aside=layout.set_aside, uncertain=layout.uncertain)


def article_path(course: Path, slug: str, *, force: bool = False) -> Path:
    """Where the article goes: checks the slug, and refuses an existing article unless forced."""
    if not ID_PATTERN.match(slug):
        raise UserError(f"invalid slug {slug!r}: use lowercase letters, digits and '-' (e.g. smith-trade)")
    if not course.is_dir():  # a mistyped --course would start a stray folder
        raise UserError(f"no course folder {course}: give --course the course folder, or start one with `quizgen init`")
    target = course / slug / "article.txt"
    if target.exists() and not force:
        raise UserError(f"{target} already exists; pass --force to overwrite it")
    return target


def write_article(course: Path, slug: str, text: str, *, force: bool = False) -> Path:
    """Write <course>/<slug>/article.txt, refusing to replace an existing one unless forced."""
    target = article_path(course, slug, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".txt.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(target)
    return target
