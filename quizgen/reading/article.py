"""Read article.txt: YAML front matter, then paragraphs separated by blank lines."""

from __future__ import annotations

import re
from pathlib import Path

from quizgen.diagnostics import Report
from quizgen.model import Article, Heading, Paragraph
from quizgen.reading.schema import FRONT_MATTER_KEYS
from quizgen.reading.yamlfile import YamlFileError, YamlMap, parse, read_text

_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
HEADING_RE = re.compile(r"^(?P<marks>#{1,6}) +(?P<text>\S.*)$")  # `# Title`, `## Section`: a line of its own


def load_article(path: Path, slug: str, report: Report) -> Article | None:
    """The article at `path` (COURSE/SLUG/article.txt), or None (with errors in `report`) when it cannot be read."""
    try:
        text = read_text(path, path.parent.parent)
    except YamlFileError as exc:
        report.error(path, exc.problem.line, exc.problem.message, exc.problem.code)
        return None
    meta, body_start = _front_matter(text, path, report)
    paragraphs, headings = split_body(text.split("\n"), body_start)
    if not paragraphs:
        report.error(path, body_start + 1, "the article has no text after its front matter", "article-empty")
        return None
    title = meta.get("title") or slug
    return Article(
        slug=slug,
        title=title,
        author=meta.get("author"),
        source=meta.get("source"),
        date=meta.get("date"),
        paragraphs=paragraphs,
        path=path,
        headings=headings,
    )


def _front_matter(text: str, path: Path, report: Report) -> tuple[dict[str, str], int]:
    """The front matter's values and the index of the first body line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.warning(
            path, 1, "no front matter: start the file with ---, title: ..., author: ..., ---", "article-front-matter"
        )
        return {}, 0
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        report.error(
            path,
            1,
            "the front matter opened by --- on line 1 is never closed: add a --- line after it",
            "article-front-matter",
        )
        return {}, len(lines)
    try:
        tree, problems = parse("\n".join(lines[1:end]))
    except YamlFileError as exc:
        report.error(path, exc.problem.line + 1, exc.problem.message, exc.problem.code)
        return {}, end + 1
    for problem in problems:
        report.error(path, problem.line + 1, problem.message, problem.code)
    if tree is None:
        return {}, end + 1
    if not isinstance(tree, YamlMap):
        report.error(
            path, 2, "the front matter must be key: value lines (title, author, source, date)", "article-front-matter"
        )
        return {}, end + 1
    meta: dict[str, str] = {}
    for key, value in tree.items():
        line = tree.key_lines[key] + 1
        if key not in FRONT_MATTER_KEYS:
            report.warning(
                path,
                line,
                f"unknown front matter key '{key}' (known: {', '.join(FRONT_MATTER_KEYS)})",
                "article-front-matter",
            )
        elif value is not None and not isinstance(value, str):
            report.error(path, line, f"'{key}' must be text", "article-front-matter")
        elif value:
            meta[key] = value.strip()
    return meta, end + 1


_DASH_MARK = re.compile(r"(?m)^[-*–](?=\s)")


def with_bullets(text: str) -> str:
    """A list paragraph as readers see it, its `-`, `*` and `–` marks shown as bullets; any other text as it is.
    The length stays the same, so quote spans still point at the same characters."""
    lines = text.split("\n")
    return _DASH_MARK.sub("\u2022", text) if all(_LIST_ITEM.match(line) for line in lines) else text


def split_paragraphs(lines: list[str], start: int = 0) -> tuple[Paragraph, ...]:
    """Paragraphs of `lines[start:]`: blocks separated by blank lines; list blocks keep one item a line."""
    return split_body(lines, start)[0]


def split_body(lines: list[str], start: int = 0) -> tuple[tuple[Paragraph, ...], tuple[Heading, ...]]:
    """Paragraphs and headings of `lines[start:]`: blocks separated by blank lines, list blocks keeping one item a
    line; a line marked `#`, `##`, ... is a heading, not numbered, whether blank lines stand around it or not."""
    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    block: list[str] = []
    block_line = 0

    def close() -> None:
        if block:
            separator = "\n" if all(_LIST_ITEM.match(b) for b in block) else " "
            paragraphs.append(Paragraph(len(paragraphs) + 1, separator.join(block), block_line))
            block.clear()

    for index in range(start, len(lines) + 1):
        line = lines[index].strip() if index < len(lines) else ""
        if heading := HEADING_RE.match(line):
            close()
            text = " ".join(heading["text"].split())
            headings.append(Heading(len(heading["marks"]), text, len(paragraphs) + 1, index + 1))
        elif line:
            if not block:
                block_line = index + 1
            block.append(line)
        else:
            close()
    return tuple(paragraphs), tuple(headings)
