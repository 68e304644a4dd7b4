"""An item's figures and formulas, checked where the bank writes them; figure paths anchored to the course folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from quizgen import formulas, media
from quizgen.diagnostics import Report
from quizgen.model import Article
from quizgen.reading.fields import Fields
from quizgen.reading.yamlfile import YamlList, YamlMap

TEXT_FIELDS = ("prompt", "answer", "distractors", "explain")


def check_item(fields: Fields, folder: Path, slug: str) -> None:
    """Report every figure and formula problem of the item's texts at its line; anchor its figure paths."""
    for key in TEXT_FIELDS:
        if key not in fields.mapping:
            continue
        figures = False
        for text, line in _texts(fields.mapping[key], fields.line(key)):
            if "![" in text or "\\" in text:
                figures = figures or "![" in text
                for problem in problems(text, folder):
                    report = fields.report.error if problem.error else fields.report.warning
                    fields.ok = fields.ok and not problem.error
                    report(fields.path, line, problem.message, problem.code, fields.item)
        if figures:  # most items show none: their fields stay as read
            fields.mapping[key] = _anchored(fields.mapping[key], slug)


def check_article(article: Article, folder: Path, report: Report) -> Article:
    """Report the figure and formula problems of an article's paragraphs at their lines; the article with its
    figure paths anchored."""
    paragraphs = []
    for paragraph in article.paragraphs:
        if "![" in paragraph.text or "\\" in paragraph.text:
            for problem in problems(paragraph.text, folder):
                (report.error if problem.error else report.warning)(
                    article.path, paragraph.line, problem.message, problem.code
                )
            paragraph = replace(paragraph, text=media.anchored(paragraph.text, article.slug))
        paragraphs.append(paragraph)
    return replace(article, paragraphs=tuple(paragraphs))


def problems(text: str, folder: Path) -> list[media.Problem]:
    """What is wrong with the figures and formulas of one text whose article lives in `folder`."""
    found = [problem for image in media.images(text) for problem in media.check(*image.groups(), folder)]
    return found + formulas.check(media.IMAGE.sub("", text))


def _texts(value: object, line: int) -> Iterator[tuple[str, int]]:
    """Every text in a field value with its line: a string, a list's strings, a mapping's keys and values."""
    if isinstance(value, str):
        yield value, line
    elif isinstance(value, YamlList):
        for entry, entry_line in zip(value, value.lines, strict=False):
            yield from _texts(entry, entry_line)
    elif isinstance(value, YamlMap):
        for key, entry in value.items():
            key_line = value.key_lines.get(key, line) if isinstance(key, str) else line
            yield from _texts(key, key_line)
            yield from _texts(entry, key_line)


def _anchored(value: object, slug: str) -> object:
    """The value with the figure paths of its texts anchored, keeping the lines the YAML reader recorded."""
    if isinstance(value, str):
        return media.anchored(value, slug)
    if isinstance(value, YamlList):
        value[:] = [_anchored(entry, slug) for entry in value]
    elif isinstance(value, YamlMap):
        pairs = [(_anchored(key, slug), _anchored(entry, slug), key) for key, entry in value.items()]
        value.clear()
        for key, entry, old in pairs:
            value[key] = entry
            if key != old and old in value.key_lines:
                value.key_lines[key] = value.key_lines[old]
    return value
