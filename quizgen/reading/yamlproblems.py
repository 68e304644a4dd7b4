"""Why hand-written YAML does not say what was meant: parse errors explained where the mistake is, and quoted text
that YAML reads otherwise than its writer meant. Messages only: the reader is quizgen.reading.yamlfile."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from quizgen.reading.schema import FIELD_NAMES

_Composer = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    code: str


QUOTES = frozenset("\"'")
_ESCAPED_TAB = re.compile(r"(?<!\\)(?:\\\\)*\\t")  # an odd number of backslashes before t


def check_quoted(node: yaml.ScalarNode, text: str, problems: list[YamlProblem]) -> None:
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
    return bool(match) and match.group(1) in FIELD_NAMES


_UNCLOSED = {  # what the parser was reading -> what is never closed, and how to close it
    "while parsing a flow sequence": "the list opened with '[' on this line is never closed: end it with ']'",
    "while parsing a flow mapping": "the mapping opened with '{' on this line is never closed: end it with '}'",
    "while scanning a quoted scalar": "the quoted text opened on this line is never closed: end it with the same "
    "quotation mark it starts with",
}


_KEY_LINE = re.compile(r"\s*(?:-\s+)?([\w-]+):(?:\s|$)")  # `key:` or `- key:` starting a line
_CLOSED = {  # quoted text, from its opening mark to the mark that closes it
    '"': re.compile(r'"(?:[^"\\]|\\.)*"'),  # a backslash escapes
    "'": re.compile(r"'(?:[^']|'')*'(?!')"),  # '' is a quotation mark inside
}


def explain(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or str(exc)
    lines = text.split("\n")
    source_line = _line(lines, line)
    if "\t" in problem or ("\t" in source_line[: len(source_line) - len(source_line.lstrip())]):
        return YamlProblem(line, "a tab is used for indentation; YAML indents with spaces: replace the tab", "yaml-tab")
    if exc.context == "while scanning a tag":  # YAML reads a leading '!' as a tag, and a figure starts with one
        return YamlProblem(line, _LEADING_BANG, "yaml-syntax")
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
    inner = _quote_inside_quotes(_line(lines, line))
    if inner:
        return YamlProblem(line, f"not valid YAML: {inner}", "yaml-syntax")
    above = _line_above(lines, line)
    if "mapping values are not allowed" in problem and above and _lacks_its_colon(_line(lines, above)):
        # `- id a` above `  type: tf`: the first field lacks its ':', and YAML took both lines for one text
        return YamlProblem(above, _NO_COLON_MESSAGE, "yaml-syntax")
    hint = ""
    if "mapping values are not allowed" in problem and _deeper(_line(lines, line), _line(lines, above)):
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
        value = _value(lines[number - 1])
        closed = _CLOSED.get(value[:1])
        if closed and not closed.match(value):
            mended = lines[: number - 1] + [lines[number - 1].rstrip() + value[0]] + lines[number:]
            loader = _Composer("\n".join(mended))
            try:
                loader.get_single_node()
                return number
            except yaml.MarkedYAMLError as exc:
                if exc.problem_mark and exc.problem_mark.line + 1 > last:
                    return number
            finally:
                loader.dispose()
    return None


_LEADING_BANG = (
    "not valid YAML: text that starts with '!', like a figure (![alt](figures/map.png)), must be quoted: wrap it in "
    "'...', or write '|-' after the field name and the text on the lines below"
)
_NO_COLON = re.compile(r"\s*(?:-\s+)?([\w-]+)\s+[^:#]+$")  # `- id a`: a word, a space, a value, and no ':'
_NO_COLON_MESSAGE = "not valid YAML: this line has no ':' after its field name: write 'name: value'"


def _lacks_its_colon(line: str) -> bool:
    """Whether the line is a field of a course file written without its ':' (`- id a`, `title How bees dance`)."""
    match = _NO_COLON.match(line)
    return bool(match) and match.group(1) in FIELD_NAMES


def _line(lines: list[str], number: int | None) -> str:
    """Line `number` (1-based), or "" when there is none."""
    return lines[number - 1] if number and 0 < number <= len(lines) else ""


def _value(line: str) -> str:
    """What follows `key:` or `- key:` on the line, stripped ("" on a line of another shape)."""
    match = _KEY_LINE.match(line)
    return line[match.end() :].strip() if match else ""


def _line_above(lines: list[str], line: int) -> int | None:
    """The number of the nearest line above `line` that is not blank (1-based), or None."""
    return next((n + 1 for n in range(min(line, len(lines) + 1) - 2, -1, -1) if lines[n].strip()), None)


def _quote_inside_quotes(line: str) -> str | None:
    """What to do when a value's quoted text is closed early by a quotation mark inside it (`'the dancer's body'`)."""
    value = _value(line)
    mark = value[:1]
    early = _CLOSED[mark].match(value) if mark in _CLOSED else None
    if not early or not value[early.end() :].strip() or value[early.end() :].lstrip().startswith("#"):
        return None
    escape = "write '' for each ' inside" if mark == "'" else 'write \\" for each " inside'
    return (
        f"the quotation mark after {early.group(0)} ends the quoted text early: {escape}, or quote the text with the "
        "other kind of quotation marks"
    )


def _deeper(current: str, above: str) -> bool:
    """Whether a `key: value` line is indented more than the (not blank) line above it."""
    if not above or not _KEY_LINE.match(current):
        return False
    indent = len(current) - len(current.lstrip())
    above_indent = len(above) - len(above.lstrip(" -"))
    return indent > above_indent and not above.rstrip().endswith(":")
