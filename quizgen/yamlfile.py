"""A safe YAML reader for hand-written files: keeps every scalar as text, records lines, rejects duplicate keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Composes nodes without resolving implicit tags: every scalar stays text, and parsing is faster."""

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return "tag:yaml.org,2002:str"


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[str, int]


class YamlList(list):
    """A list that remembers its own line and the line of each element (1-based)."""

    line: int
    lines: list[int]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    code: str


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
        raise YamlFileError(_explain(exc, text)) from None
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
        if node.style in _QUOTES:
            _check_quoted(node, text, problems)
        return node.value
    line = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):
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
        if key_node.style in _QUOTES:
            _check_quoted(key_node, text, problems)
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


_QUOTES = frozenset("\"'")
_ESCAPED_TAB = re.compile(r"(?<!\\)(?:\\\\)*\\t")  # an odd number of backslashes before t


def _check_quoted(node: yaml.ScalarNode, text: str, problems: list[YamlProblem]) -> None:
    """Quoted text that YAML reads, but not as it was meant: run on through the next fields (a closing quotation
    mark is missing, and the fields became text), or with `\\t` read as a tab (`"C:\\temp"`); the other
    control characters an escape makes are reported where text is checked."""
    start, end = node.start_mark, node.end_mark
    raw = text[start.index : end.index]
    if end.line > start.line:
        opening = text[text.rfind("\n", 0, start.index) + 1 : start.index]
        indent = len(opening) - len(opening.lstrip(" "))
        for offset, line in enumerate(raw.split("\n")[1:], 1):
            if len(line) - len(line.lstrip(" ")) <= indent and _is_field_line(line):
                problems.append(
                    YamlProblem(
                        start.line + 1,
                        f"the quoted text opened on this line runs on through line {start.line + 1 + offset} "
                        f"('{line.strip()}'), a field of its own: end the text with the quotation mark it starts "
                        "with, before that line",
                        "yaml-quoted",
                    )
                )
                return
    tab = _ESCAPED_TAB.search(raw) if node.style == '"' else None
    if tab:
        problems.append(
            YamlProblem(
                start.line + 1 + raw.count("\n", 0, tab.start()),
                "in double quotes a backslash starts an escape, so '\\t' becomes a tab: write \\\\ for a "
                "backslash, or use single quotes",
                "yaml-quoted",
            )
        )


def _is_field_line(line: str) -> bool:
    """Whether the line starts a field quizgen knows (`answer: ...`, `- id: ...`), as text swallowed by an
    unclosed quotation would; `Note: ...` in a quoted paragraph is text."""
    match = _KEY_LINE.match(line)
    return bool(match) and match.group(1) in _field_names()


@cache
def _field_names() -> frozenset[str]:
    """The field names of course files; imported here, as those modules import this one."""
    from quizgen.article import FRONT_MATTER_KEYS
    from quizgen.items import ALL_FIELDS
    from quizgen.loader import COURSE_FIELDS, QUIZ_FIELDS

    return frozenset((*ALL_FIELDS, *COURSE_FIELDS, *QUIZ_FIELDS, *FRONT_MATTER_KEYS))


_UNCLOSED = {  # what the parser was reading -> what is never closed, and how to close it
    "while parsing a flow sequence": "the list opened with '[' on this line is never closed: end it with ']'",
    "while parsing a flow mapping": "the mapping opened with '{' on this line is never closed: end it with '}'",
    "while scanning a quoted scalar": "the quoted text opened on this line is never closed: end it with the same "
    "quotation mark it starts with",
}


_IGNORED = re.compile(r"\s*#|---\s*$|\.\.\.\s*$")  # comments and document markers, above the first item
_KEY_LINE = re.compile(r"\s*(?:-\s+)?([\w-]+):(?:\s|$)")  # `key:` or `- key:` starting a line


def _explain(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or str(exc)
    lines = text.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or ("\t" in source_line[: len(source_line) - len(source_line.lstrip())]):
        return YamlProblem(line, "a tab is used for indentation; YAML indents with spaces: replace the tab", "yaml-tab")
    unclosed = _UNCLOSED.get(exc.context or "")
    if unclosed and exc.context_mark and "escape" not in problem:
        # The parser notices where the text runs out, often lines later: point at where it was opened.
        hint = " (text that starts with '[' or '{' must be quoted)" if "flow" in (exc.context or "") else ""
        return YamlProblem(exc.context_mark.line + 1, f"not valid YAML: {unclosed}{hint}", "yaml-syntax")
    if "could not find expected ':'" in problem and exc.context_mark:  # noticed on the line after the key
        return YamlProblem(exc.context_mark.line + 1, _NO_COLON_MESSAGE, "yaml-syntax")
    first = exc.context_mark.line + 1 if exc.context_mark else 1
    opened = _unclosed_quote(lines, first, line)
    if opened:  # a quoted value runs on, and the parser is lost lines later
        return YamlProblem(
            opened,
            "not valid YAML: the quoted text opened on this line is not closed on it: end it with the same quotation "
            "mark it starts with",
            "yaml-syntax",
        )
    inner = _quote_inside_quotes(lines[line - 1] if 0 < line <= len(lines) else "")
    if inner:
        return YamlProblem(line, f"not valid YAML: {inner}", "yaml-syntax")
    above = _line_above(lines, line)
    if "mapping values are not allowed" in problem and above and _lacks_its_colon(lines[above - 1]):
        # `- id a` above `  type: tf`: the first field lacks its ':', and YAML took both lines for one text
        return YamlProblem(above, _NO_COLON_MESSAGE, "yaml-syntax")
    hint = ""
    if "mapping values are not allowed" in problem and _deeper_than_the_line_above(lines, line):
        hint = "; this field is indented more than the field above it: line it up with the other fields"
    elif "mapping values are not allowed" in problem:
        hint = "; a value containing ': ' must be quoted (wrap it in \"...\") or written as a block (>-)"
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "; text starting with @ or ` must be quoted"
    elif "escape character" in problem or "hexdecimal" in problem:
        hint = "; in double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes"
    elif "expected" in problem and ("key" in problem or "<block end>" in problem or "indicator" in problem):
        hint = "; check the indentation of this line against the lines above"
    elif "found unexpected end" in problem:
        hint = "; a quotation mark or bracket is opened and never closed"
    return YamlProblem(line, f"not valid YAML: {problem}{hint}", "yaml-syntax")


def _unclosed_quote(lines: list[str], first: int, last: int) -> int | None:
    """The first line from `first` to `last` (1-based) whose value opens a quotation mark it does not close, when
    closing it there mends the error (a quoted value may go on over lines, but then it is not the culprit)."""
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        match = _KEY_LINE.match(lines[number - 1])
        value = lines[number - 1][match.end() :].strip() if match else ""
        closed = {'"': r'"(?:[^"\\]|\\.)*"', "'": r"'(?:[^']|'')*'(?!')"}.get(value[:1])
        if closed and not re.match(closed, value):
            mended = lines[: number - 1] + [lines[number - 1].rstrip() + value[0]] + lines[number:]
            loader = _Loader("\n".join(mended))
            try:
                loader.get_single_node()
                return number
            except yaml.MarkedYAMLError as exc:
                if exc.problem_mark and exc.problem_mark.line + 1 > last:
                    return number
            finally:
                loader.dispose()
    return None


_NO_COLON = re.compile(r"\s*(?:-\s+)?([\w-]+)\s+[^:#]+$")  # `- id a`: a word, a space, a value, and no ':'
_NO_COLON_MESSAGE = "not valid YAML: this line has no ':' after its field name: write 'name: value'"


def _lacks_its_colon(line: str) -> bool:
    """Whether the line is a field of a course file written without its ':' (`- id a`, `title How bees dance`)."""
    match = _NO_COLON.match(line)
    return bool(match) and match.group(1) in _field_names()


def _line_above(lines: list[str], line: int) -> int | None:
    """The number of the nearest line above `line` that is not blank (1-based), or None."""
    return next((n + 1 for n in range(min(line, len(lines) + 1) - 2, -1, -1) if lines[n].strip()), None)


def _quote_inside_quotes(line: str) -> str | None:
    """What to do when a value's quoted text is closed early by a quotation mark inside it (`'the dancer's body'`)."""
    match = _KEY_LINE.match(line)
    value = line[match.end() :].strip() if match else ""
    mark = value[:1]
    closed = {'"': r'"(?:[^"\\]|\\.)*"', "'": r"'(?:[^']|'')*'"}.get(mark)
    early = re.match(closed, value) if closed else None
    if not early or not value[early.end() :].strip() or value[early.end() :].lstrip().startswith("#"):
        return None
    escape = "write '' for each ' inside" if mark == "'" else 'write \\" for each " inside'
    return (
        f"the quotation mark after {early.group(0)} ends the quoted text early: {escape}, or quote the text with the "
        "other kind of quotation marks"
    )


def _deeper_than_the_line_above(lines: list[str], line: int) -> bool:
    """Whether a `key: value` line is indented more than the nearest line above it that is not blank."""
    number = _line_above(lines, line)
    above = lines[number - 1] if number else None
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    if above is None or not _KEY_LINE.match(current):
        return False
    indent = len(current) - len(current.lstrip())
    above_indent = len(above) - len(above.lstrip(" -"))
    return indent > above_indent and not above.rstrip().endswith(":")


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
