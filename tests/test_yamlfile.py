"""The YAML reader never loses an instructor's text."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.reading.yamlfile import YamlFileError, YamlList, YamlMap, parse

LOOKALIKES = [
    "No",
    "Yes",
    "On",
    "Off",
    "y",
    "n",
    "1990",
    "3.10",
    "3:16",
    "1e3",
    "0x1F",
    "0o17",
    ".inf",
    "2001-12-14",
    "true",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_plain_scalars_stay_the_text_they_look_like(text: str) -> None:
    tree, problems = parse(f"- answer: {text}\n  list: [{text}, x]\n")
    assert tree[0]["answer"] == text
    assert tree[0]["list"] == [text, "x"]
    assert problems == []


def test_lines_of_items_keys_and_elements() -> None:
    tree, _ = parse("- id: a\n  tags:\n    - x\n    - y\n- id: b\n")
    assert isinstance(tree, YamlList) and tree.lines == [1, 5]
    assert isinstance(tree[0], YamlMap) and tree[0].key_lines == {"id": 1, "tags": 2}
    assert tree[0]["tags"].lines == [3, 4]


def test_duplicate_keys_are_reported_not_overwritten() -> None:
    tree, problems = parse("a: 1\nb: 2\na: 3\n")
    assert tree["a"] == "1"
    assert [(p.line, p.code) for p in problems] == [(3, "duplicate-key")]


def test_nulls_only_when_plain() -> None:
    tree, _ = parse("a:\nb: ~\nc: null\nd: 'null'\ne: ''\n")
    assert tree == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_syntax_errors_say_where_and_how() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse("- prompt: What is this: a trap?\n")
    assert caught.value.problem.line == 1
    assert "must be quoted" in caught.value.problem.message


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("- id: a\n  tags: [dance, comb\n  prompt: Where?\n", 2, "opened with '[' on this line is never closed"),
        ("- id: a\n  allow: {key-longest: why\n  prompt: Where?\n", 2, "opened with '{' on this line"),
        ('- id: a\n  prompt: "Where is it?\n  quote: the comb\n', 2, "quoted text opened on this line"),
        ("- id: a\n  prompt: 'Where is it?\n  quote: the comb\n", 2, "quoted text opened on this line"),
        ('- id: a\n  quote: "saved in C:\\docs"\n', 2, "write \\\\ for a backslash"),
        ('- id: a\n  answer: "1974\n  distractors: ["1964", "1984"]\n', 2, "quoted text opened on this line is not"),
        ("- id: a\n  type tf\n  prompt: Where?\n", 2, "this line has no ':' after its field name"),
        ("- id a\n  type: tf\n  prompt: Where?\n", 1, "this line has no ':' after its field name"),
        ("- id: a\n  prompt: 'The dancer's body?'\n", 2, "write '' for each ' inside"),
        ('- id: a\n  prompt: "Besides the "dance", what?"\n', 2, 'write \\" for each " inside'),
        ("- id: a\n  distractors:\n    - the text\n      more: text\n", 4, "a value containing ': ' must be"),
        ("- id: a\n  type: tf\n    prompt: Where?\n", 3, "indented more than the field above it"),
        ("- id: a\n  type: mcq\n distractors:\n    - y\n", 3, "check the indentation of this line"),
        ('- id: a\n  prompt: "What is\n    this?"\n  explain: Why: because\n', 4, "a value containing ': ' must be"),
    ],
)
def test_an_unclosed_bracket_or_quote_is_shown_where_it_opens(text: str, line: int, says: str) -> None:
    with pytest.raises(YamlFileError) as caught:
        parse(text)
    assert caught.value.problem.line == line
    assert says in caught.value.problem.message


text_fields = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=text_fields)
def test_any_text_round_trips_through_a_yaml_string_field(text: str) -> None:
    dumped = yaml.safe_dump([{"prompt": text}], allow_unicode=True)
    tree, problems = parse(dumped)
    assert problems == []
    assert tree[0]["prompt"] == text


@settings(max_examples=200, deadline=None)
@given(text=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,:;!?()/+*%$€'’-]{0,40}[A-Za-z0-9.)?!]", fullmatch=True))
def test_plain_unquoted_text_is_kept_verbatim(text: str) -> None:
    try:
        tree, _ = parse(f"prompt: {text}\n")
    except YamlFileError:
        return  # not valid plain YAML (e.g. ': ' inside): the user gets an error, never a changed text
    value = tree["prompt"]
    assert value == text or isinstance(value, dict)  # a ': ' makes a mapping, which check reports as not text


def test_an_item_that_lost_its_dash_is_reported_not_dropped() -> None:
    from quizgen.reading.yamlfile import parse_list

    text = "---\n# a bank\nid: a\n  type: tf\n- id: b\n  type: tf\n- id: c\n  type: tf\n"
    entries, problems = parse_list(text)
    assert [entry["id"] for entry in entries] == ["b", "c"]
    assert [(p.line, p.code) for p in problems] == [(3, "yaml-syntax")]  # not the document marker on line 1
    assert "start each item with '- '" in problems[0].message


def test_quoted_text_that_swallows_the_next_fields_is_an_error() -> None:
    from quizgen.reading.yamlfile import parse_list

    text = (
        '- id: a\n  type: tf\n  prompt: "On the comb.\n  answer: true\n- id: b\n  prompt: B\n'
        '- id: c\n  prompt: The run encodes distance."\n'
        '- id: d\n  prompt: "A long prompt\n    that goes on, as YAML allows"\n'
    )
    _, problems = parse_list(text)
    assert [(p.line, p.code) for p in problems] == [(3, "yaml-quoted")]
    assert "runs on through line 4 ('answer: true')" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        '- quote:\n    - "The duration of the waggle run encodes\n      distance: the longer the run"\n',
        '- prompt:\n    "The angle of the run.\n    Note: answer for the hive."\n',
        '- prompt: "Besides the dance, what?\n  Note: one or two words."\n',
        "- prompt: 'It goes on\n    answer: as text the writer meant'\n",
    ],
)
def test_quoted_text_over_several_lines_is_fine(text: str) -> None:
    """Only a line that starts a field quizgen knows, no deeper than the text's own line, was swallowed."""
    assert parse(text)[1] == []


def test_a_backslash_read_as_a_control_character_is_an_error() -> None:
    _, problems = parse('- prompt: "Save it in C:\\temp first"\n  explain: "C:\\\\temp is fine"\n  tags: \'C:\\t\'\n')
    assert [(p.line, p.code) for p in problems] == [(1, "yaml-quoted")]
    _, problems = parse('- answer:\n    "Direction\\tof the run": food\n    x: "Text going\n      on, then C:\\temp"\n')
    assert [(p.line, p.code) for p in problems] == [(2, "yaml-quoted"), (4, "yaml-quoted")]  # keys too; on its line
