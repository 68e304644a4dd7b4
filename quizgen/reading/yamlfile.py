"""A safe YAML reader for hand-written files: keeps every scalar as text, records lines, rejects duplicate keys."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from quizgen.chars import clip
from quizgen.reading.yamlproblems import QUOTES, YamlProblem, check_quoted, explain

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes nodes without resolving implicit tags: every scalar stays text, and parsing is faster."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return "tag:yaml.org,2002:str"


_IGNORED = re.compile(r"\s*#|---\s*$|\.\.\.\s*$")  # comments and document markers, above the first item
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[str, int]


class YamlList(list):
    """A list that remembers its own line and the line of each element (1-based)."""

    line: int
    lines: list[int]


class YamlFileError(Exception):
    """The file cannot be read as YAML at all; the problem says where and how to fix it."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_text(path: Path) -> str:
    """The file's text, with a BOM and CRLF line ends accepted; bytes that are not UTF-8 raise YamlFileError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlFileError(
            YamlProblem(
                line,
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
                "(in most editors: Save As, Encoding: UTF-8)",
                "not-utf8",
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> tuple[object, list[YamlProblem]]:
    """Parse YAML text into YamlMap/YamlList/str/None; returns the tree and the duplicate-key problems."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise YamlFileError(explain(exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(YamlProblem(1, f"not valid YAML: {exc}", "yaml-syntax")) from None
    finally:
        loader.dispose()
    problems: list[YamlProblem] = []
    if node is None:
        return None, problems
    return _convert(node, problems, text), problems


def _convert(node: yaml.Node, problems: list[YamlProblem], text: str) -> object:
    if isinstance(node, yaml.ScalarNode):
        if not node.style:  # plain style: None (Python) or "" (C)
            return None if node.value in _NULLS else node.value
        if node.style in QUOTES:
            check_quoted(node, text, problems)
        return node.value
    line = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:  # an entry that reads '- ' inside (joined with a blank line between: '\n- ')
            if type(child) is yaml.ScalarNode and not child.style and "- " in child.value:
                _check_joined_entry(child, text, problems)
        result = YamlList(_convert(child, problems, text) for child in node.value)
        result.line = line
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result
    mapping = YamlMap()
    mapping.line = line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(YamlProblem(key_line, "a key must be plain text, not a list or mapping", "yaml-key"))
            continue
        key = key_node.value
        if key_node.style in QUOTES:
            check_quoted(key_node, text, problems)
        if key in mapping.key_lines:
            problems.append(
                YamlProblem(
                    key_line,
                    f"duplicate key '{key}' (first on line {mapping.key_lines[key]}); "
                    "YAML would keep only the last one: merge them or rename one",
                    "duplicate-key",
                )
            )
            continue
        mapping.key_lines[key] = key_line
        mapping[key] = _convert(value_node, problems, text)
    return mapping


_JOINED_ENTRY = re.compile(r"\n[ \t]*- ")


def _check_joined_entry(node: yaml.ScalarNode, text: str, problems: list[YamlProblem]) -> None:
    """A '- ' entry indented deeper than the one above it: YAML reads it as more words of that entry. (Only list
    entries are looked at: in other text, a wrapped line may well start with a dash.)"""
    if node.end_mark.line == node.start_mark.line:
        return
    found = _JOINED_ENTRY.search(text, node.start_mark.index, node.end_mark.index)
    if found:
        line = text.count("\n", 0, found.start()) + 2
        joined = clip(" ".join(node.value.split()), 70)
        problems.append(
            YamlProblem(
                line,
                f"this '- ' line is indented deeper than the line above it, so YAML joins it to that text "
                f"('{joined}'): line up the '- ' of every entry of the list (or quote the text, if the dash belongs "
                "to it)",
                "yaml-joined",
            )
        )


def parse_list(text: str) -> tuple[object, list[YamlProblem]]:
    """Parse a top-level list; when the whole text is not valid YAML, parse each `- ` entry on its own, so that
    one broken item does not hide the problems of the others. Raises YamlFileError only when nothing parses."""
    try:
        return parse(text)
    except YamlFileError as whole:
        lines = text.split("\n")
        starts = [n for n, line in enumerate(lines) if line.startswith("- ") or line == "-"]
        if len(starts) < 2:
            raise
        entries, problems = YamlList(), []
        entries.line, entries.lines = starts[0] + 1, []
        stray = next((n for n in range(starts[0]) if lines[n].strip() and not _IGNORED.match(lines[n])), None)
        if stray is not None:  # an item whose '- ' was lost: it would be dropped without a word
            message = "this text is not part of any item: start each item with '- ', like '- id: ...'"
            problems.append(YamlProblem(stray + 1, message, "yaml-syntax"))
        for start, end in zip(starts, starts[1:] + [len(lines)], strict=True):
            try:  # leading newlines keep the line numbers of the whole file
                tree, found = parse("\n" * start + "\n".join(lines[start:end]))
            except YamlFileError as broken:
                problems.append(broken.problem)
                continue
            problems.extend(found)
            if isinstance(tree, YamlList):
                entries.extend(tree)
                entries.lines.extend(tree.lines)
        if not entries:
            raise whole from None
        return entries, problems
