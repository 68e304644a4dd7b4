"""A safe YAML reader for hand-written files: keeps every scalar as text, records lines, rejects duplicate keys."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from quizgen.chars import clip
from quizgen.reading.coursefiles import UnreadableFile, document_kind, read_bytes
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


def read_text(path: Path, root: Path) -> str:
    """The text of `path`, a file of the course folder `root`, with a BOM and CRLF line ends accepted; a file that
    is not to be read (see coursefiles), a document, bytes that are not UTF-8 or control characters raise
    YamlFileError."""
    try:
        data = read_bytes(path, root)
    except UnreadableFile as exc:
        raise YamlFileError(YamlProblem(0, str(exc), exc.code)) from None
    kind = document_kind(data)
    if kind:
        raise YamlFileError(YamlProblem(0, _document_message(path, root, kind), "not-text"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        raise YamlFileError(
            YamlProblem(
                0 if utf16 else line,
                ("the file is saved as UTF-16" if utf16 else f"byte 0x{data[exc.start]:02x} is not UTF-8")
                + "; save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                "not-utf8",
            )
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise YamlFileError(YamlProblem(line, _control_message(control.group(), column), "control-char"))
    return text


# Control characters no text of a course has (tab and line ends aside): a NUL often marks a file of another kind.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_message(char: str, column: int) -> str:
    name = "a NUL byte" if char == "\0" else f"the control character U+{ord(char):04X}"
    return f"column {column} holds {name}, which no text has: delete it (was the file saved by another program?)"


def _document_message(path: Path, root: Path, kind: str) -> str:
    """What to do with a document saved under the name of a text file: import it as an article."""
    folder = path.parent
    slug = folder.name if folder != root else "SLUG"
    how = "import it" if kind in ("a PDF", "an HTML page") else "save it as plain text (UTF-8), then import that"
    return (
        f"{path.name} holds {kind}, not plain text: quizgen reads only text; if it is the reading, {how} with "
        f"`quizgen import-article FILE --slug {slug} --course '{root}'`"
    )


def parse(text: str) -> tuple[object, list[YamlProblem]]:
    """Parse YAML text into YamlMap/YamlList/str/None; returns the tree and the duplicate-key problems. A text whose
    aliases expand past the budget is not composed: the tree is None, and the problem names the alias."""
    bomb = _alias_bomb(text) if _MAYBE_ALIAS.search(text) else []
    if bomb:
        return None, bomb
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise YamlFileError(explain(exc, text)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; the position counts UTF-8 bytes
        at = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        raise YamlFileError(YamlProblem(line, _control_message(chr(exc.character), column), "control-char")) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(YamlProblem(1, f"not valid YAML: {exc}", "yaml-syntax")) from None
    finally:
        loader.dispose()
    problems: list[YamlProblem] = []
    if node is None:
        return None, problems
    return _convert(node, problems, text), problems


# Where an anchor (&name) or an alias (*name) may start a node: the start of a line, or after '- ', ': ', '? ', '[',
# '{' or ','. Text like '*emphasis*' inside a sentence does not match; a text that matches is parsed to be sure.
_MAYBE_ALIAS = re.compile(r"(?m)(?:^[ \t]*|[-:?][ \t]+|[\[{,][ \t]*)[&*][^\s\[\]{},]")
ALIAS_BUDGET = 100_000  # values that aliases may add to what is written (generated YAML repeats a list or two)


def _alias_bomb(text: str) -> list[YamlProblem]:
    """A problem at the alias past which the text's aliases would repeat more than ALIAS_BUDGET values beyond
    those written: a few lines of nested aliases expand to billions. Counted on the parser's events, before
    anything is expanded; a text that is not valid YAML has none (composing it says why)."""
    sizes: dict[str, int] = {}  # anchor -> the values its node holds, expanded
    open_: list[list] = []  # the collections being read: [anchor, values so far]
    written = expanded = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append([event.anchor, 1])
                written, expanded = written + 1, expanded + 1
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, values = open_.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, values = event.anchor, 1
                written, expanded = written + 1, expanded + 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, values = None, sizes.get(event.anchor, 0)
                expanded += values
                if expanded - written > ALIAS_BUDGET:
                    message = (
                        f"the alias '*{event.anchor}' repeats what '&{event.anchor}' marks, and with the aliases before "
                        f"it, this file would expand to over {ALIAS_BUDGET:,} more values than it holds (nested aliases "
                        "grow like that): write the text out instead of repeating it with aliases"
                    )
                    return [YamlProblem(event.start_mark.line + 1, message, "yaml-alias")]
            else:
                continue
            if anchor is not None:
                sizes[anchor] = values
            if open_:
                open_[-1][1] += values
    except yaml.YAMLError:
        return []
    return []


MAX_DEPTH = 64  # nesting: far beyond any bank, far within Python's recursion limit


def _convert(node: yaml.Node, problems: list[YamlProblem], text: str, depth: int = 0) -> object:
    if isinstance(node, yaml.ScalarNode):
        if not node.style:  # plain style: None (Python) or "" (C)
            return None if node.value in _NULLS else node.value
        if node.style in QUOTES:
            check_quoted(node, text, problems)
        return node.value
    line = node.start_mark.line + 1
    if depth == MAX_DEPTH:
        message = f"lists and mappings are nested over {MAX_DEPTH} deep here; a bank needs three or four levels"
        raise YamlFileError(YamlProblem(line, message, "yaml-syntax"))
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:  # an entry that reads '- ' inside (joined with a blank line between: '\n- ')
            if type(child) is yaml.ScalarNode and not child.style and "- " in child.value:
                _check_joined_entry(child, text, problems)
        result = YamlList(_convert(child, problems, text, depth + 1) for child in node.value)
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
        mapping[key] = _convert(value_node, problems, text, depth + 1)
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
