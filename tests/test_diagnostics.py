"""One small course per diagnostic: `quizgen check` output compared as text, with the exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli

ARTICLE = """---
title: Waggle Dance
author: A. Author
---
A forager that finds flowers performs a waggle dance on the comb.

The duration of the run encodes distance: the longer the run, the farther the food.
"""
OTHER_ARTICLE = ARTICLE.replace("title: Waggle Dance", "title: Wasp Nests")  # a second reading needs its own title
COURSE = "id: demo\ntitle: Demo course\n"
GOOD_ITEM = """- id: ok-item
  type: tf
  prompt: The dance happens on the comb.
  answer: true
  quote: performs a waggle dance on the comb
"""


def write_course(root: Path, bank: str | bytes, course: str = COURSE, extra: dict[str, str] | None = None) -> Path:
    (root / "bees").mkdir(parents=True)
    (root / "course.yaml").write_text(course, encoding="utf-8")
    (root / "bees" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = root / "bees" / "items.yaml"
    path.write_bytes(bank if isinstance(bank, bytes) else bank.encode("utf-8"))
    for name, text in (extra or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


CASES = {
    "tab": (
        "- id: a\n\ttype: tf\n",
        "c/bees/items.yaml:2: error: a tab is used for indentation; YAML indents with spaces: replace the tab [yaml-tab]",
    ),
    "duplicate-key": (
        GOOD_ITEM + "  answer: false\n",
        "c/bees/items.yaml:6: error: item 'ok-item': duplicate key 'answer' (first on line 4); YAML would keep only the "
        "last one: "
        "merge them or rename one [duplicate-key]",
    ),
    "not-utf8": (
        b"- id: a\n  prompt: caf\xe9\n",
        "c/bees/items.yaml:2: error: byte 0xe9 is not UTF-8; save the file as UTF-8 (in most editors: Save As, "
        "Encoding: UTF-8) [not-utf8]",
    ),
    "empty": (
        "# nothing yet\n",
        "c/bees/items.yaml:1: error: the bank is empty: add a list of items (`quizgen init` shows every type) [bank-empty]",
    ),
    "mapping-not-list": (
        "id: a\ntype: tf\n",
        "c/bees/items.yaml:1: error: items.yaml must be a list of items, each starting with '- id: ...' [bank-not-list]",
    ),
    "unknown-field": (
        "- id: a\n  type: mcq\n  prompt: Where?\n  answer: On the comb\n  distractor: [In a tree, At the door]\n"
        "  quote: on the comb\n",
        "c/bees/items.yaml:1: error: item 'a': 'distractors' is required (wrong options) [missing-field]\n"
        "c/bees/items.yaml:5: error: item 'a': unknown field 'distractor' in an item; did you mean 'distractors'? "
        "[unknown-field]",
    ),
    "mcq-one-distractor": (
        "- id: a\n  type: mcq\n  prompt: Where?\n  answer: On the comb\n  distractors: [In a tree]\n  quote: on the comb\n",
        "c/bees/items.yaml:5: error: item 'a': 'distractors' needs at least 2 entries (wrong options) [too-few]",
    ),
    "tf-yes": (
        "- id: a\n  type: tf\n  prompt: On the comb?\n  answer: Yes\n  quote: on the comb\n",
        "c/bees/items.yaml:4: error: item 'a': 'answer' must be true or false (found 'Yes') [wrong-kind]",
    ),
    "cloze-gap": (
        "- id: a\n  type: cloze\n  prompt: The {{c1::duration}} encodes {{c3::distance}}.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': deletions are numbered c1, c3; number them c1, c2, ... without gaps "
        "[cloze-numbering]",
    ),
    "cloze-unclosed": (
        "- id: a\n  type: cloze\n  prompt: The {{c1::duration} encodes {{c2::distance}}.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': deletion c1 runs on into the next one ('duration} encodes {{c2::distance'): "
        "write each deletion as {{cN::text}}, two braces on each side and '::' after the number [cloze-syntax]",
    ),
    "cloze-one-colon": (
        "- id: a\n  type: cloze\n  prompt: The {{c1::duration}} encodes {{c2:distance}}.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': '{{c2:distance}}' is not a whole deletion: write each deletion as "
        "{{cN::text}}, two braces on each side and '::' after the number [cloze-syntax]",
    ),
    "cloze-formula-braces": (
        "- id: a\n  type: cloze\n  prompt: The {{c1::duration}} is \\(x_{i_{j}}\\).\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': the formula '\\(x_{i_{j}}\\)' holds '}}', which ends a deletion: put a "
        "space between the braces ('} }'), which LaTeX ignores [cloze-syntax]",
    ),
    "cloze-nested": (
        "- id: a\n  type: cloze\n  prompt: The {{c1::duration {{c2::of}} the run}} encodes.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': a deletion stands inside deletion c1, and quizgen's outputs hide one "
        "at a time: write the deletions side by side, like {{c1::text}} and {{c2::more text}} [cloze-syntax]",
    ),
    "cloze-three-braces": (
        "- id: a\n  type: cloze\n  prompt: The {{c1::duration}}} encodes distance.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': '{{c1::duration}}}' has three braces on one side: write each deletion "
        "as {{cN::text}}, two braces on each side and '::' after the number [cloze-syntax]",
    ),
    "cloze-one-brace": (
        "- id: a\n  type: cloze\n  prompt: The {c1::duration} encodes distance.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': a cloze prompt needs at least one deletion, like {{c1::Pyongyang}}; "
        "'{c1::duration}' has too few braces or colons [cloze-none]",
    ),
    "cloze-marks-cross": (
        "- id: a\n  type: cloze\n  prompt: The dance *encodes {{c1::distance*}}.\n  quote: encodes distance\n",
        "c/bees/items.yaml:3: error: item 'a': a pair of emphasis marks (* or _) has one mark inside the deletion "
        "'{{c1::distance*}}' and one outside it, so they show as marks where the deletion is hidden: keep each pair "
        "inside the deletion or around all of it, like {{c1::**text**}} or **{{c1::text}}** [cloze-markup]",
    ),
    "list-entry-joined": (
        "- id: a\n  type: mcq\n  prompt: Where?\n  answer: On the comb\n  distractors:\n    - In a tree\n"
        "      - At the door\n    - In the air\n  quote: on the comb\n",
        "c/bees/items.yaml:7: error: item 'a': this '- ' line is indented deeper than the line above it, so YAML joins "
        "it to "
        "that text ('In a tree - At the door'): line up the '- ' of every entry of the list (or quote the text, if "
        "the dash belongs to it) [yaml-joined]",
    ),
    "list-entry-joined-across-a-blank-line": (
        "- id: a\n  type: mcq\n  prompt: Where?\n  answer: On the comb\n  distractors:\n    - In a tree\n"
        "    - In the air\n\n      - At the door\n  quote: on the comb\n",
        "c/bees/items.yaml:9: error: item 'a': this '- ' line is indented deeper than the line above it, so YAML joins "
        "it to "
        "that text ('In the air - At the door'): line up the '- ' of every entry of the list (or quote the text, "
        "if the dash belongs to it) [yaml-joined]",
    ),
    "a-wrapped-line-of-prose-may-start-with-a-dash": (
        "- id: a\n  type: tf\n  prompt: The dance happens on the comb\n    - or so we think.\n  answer: true\n"
        "  quote: performs a waggle dance on the comb\n",
        "",
    ),
    "match-two-pairs": (
        "- id: a\n  type: match\n  prompt: Match.\n  answer:\n    run: distance\n    comb: dance\n  quote: on the comb\n",
        "c/bees/items.yaml:4: error: item 'a': a match item needs at least 3 pairs (found 2) [too-few]",
    ),
    "duplicate-option": (
        "- id: a\n  type: mcq\n  prompt: Where?\n  answer: On the comb\n  distractors: [on the comb., In a tree]\n"
        "  quote: on the comb\n",
        "c/bees/items.yaml:5: error: item 'a': two options are the same (ignoring case and punctuation): "
        "'On the comb' and 'on the comb.'; make each one different [duplicate-option]",
    ),
    "bad-id": (
        GOOD_ITEM.replace("ok-item", "Item_1"),
        "c/bees/items.yaml:1: error: item 'Item_1': id 'Item_1' may hold only lowercase letters, digits and single "
        "'-' (like 'barry-nixon-china') [bad-id]",
    ),
    "quote-not-found": (
        GOOD_ITEM.replace("performs a waggle dance on the comb", "the longer the run, the nearer the food"),
        "c/bees/items.yaml:5: error: item 'ok-item': quote not found in the article; the closest passage is in ¶2: "
        "“the longer the run, the farther the food.” [quote-not-found]",
    ),
    "quote-case": (
        GOOD_ITEM.replace("performs a waggle dance on the comb", "Performs A Waggle Dance"),
        "c/bees/items.yaml:5: warning: item 'ok-item': the quote differs in case from ¶1: copy its capitals exactly "
        "[quote-case]",
    ),
    "unknown-type": (
        GOOD_ITEM.replace("type: tf", "type: truefalse"),
        "c/bees/items.yaml:2: error: item 'ok-item': unknown type 'truefalse'; use one of mcq, multi, tf, short, "
        "numeric, cloze, match, order, essay, card [bad-type]",
    ),
}


def run_check(course_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(course_dir), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", CASES)
def test_each_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    bank, expected = CASES[name]
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path / "c", bank)
    code, output = run_check(Path("c"))
    diagnostics = [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]
    assert "\n".join(diagnostics) == expected
    errors = expected.count(": error: ")
    assert code == (1 if errors else 0)
    assert "Traceback" not in output


def test_every_problem_at_once_sorted_with_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bank = CASES["tf-yes"][0] + CASES["cloze-gap"][0].replace("id: a", "id: b")
    course = COURSE + "quizzes:\n  - id: q\n    count: 5\n"
    write_course(tmp_path / "c", bank, course=course, extra={"other/items.yaml": GOOD_ITEM})
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines() == [
        "c/bees/items.yaml:4: error: item 'a': 'answer' must be true or false (found 'Yes') [wrong-kind]",
        "c/bees/items.yaml:8: error: item 'b': deletions are numbered c1, c3; number them c1, c2, ... without gaps "
        "[cloze-numbering]",
        "c/other/article.txt: error: the bank in other/ has no article: import it with "
        "`quizgen import-article RAW --slug other` [article-missing]",
        "3 errors, 0 warnings in 2 files",
    ]


def test_an_article_no_quiz_draws_on_gets_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    course = COURSE + "quizzes:\n  - id: q\n    articles: [bees]\n"
    wasps = {"wasps/article.txt": OTHER_ARTICLE, "wasps/items.yaml": GOOD_ITEM.replace("ok-item", "wasp-item")}
    write_course(tmp_path / "c", GOOD_ITEM, course=course, extra=wasps)
    code, output = run_check(Path("c"), "--strict")
    assert code == 0  # a note never fails
    assert output.splitlines()[0] == (
        "c/course.yaml:3: note: no quiz draws on wasps: its items go to Anki and the HTML preview only; add it "
        "to a quiz's articles (or write articles: all) to quiz it [article-unquizzed]"
    )
    (tmp_path / "c" / "course.yaml").write_text(COURSE + "quizzes:\n  - id: q\n    articles: all\n", "utf-8")
    assert "article-unquizzed" not in run_check(Path("c"))[1]


def test_duplicate_ids_across_banks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path / "c", GOOD_ITEM, extra={"wasps/article.txt": OTHER_ARTICLE, "wasps/items.yaml": GOOD_ITEM})
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines()[0] == (
        "c/wasps/items.yaml:1: error: item 'ok-item': id is already used at c/bees/items.yaml:1; "
        "ids must be unique in the course [duplicate-id]"
    )


def test_a_misnamed_bank_or_article_is_an_error_not_an_empty_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bank saved as items.yml used to be skipped with a warning, and a rebuild retired its Anki notes."""
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path / "c", GOOD_ITEM, extra={"wasps/Article.txt": OTHER_ARTICLE, "wasps/items.yml": GOOD_ITEM})
    (tmp_path / "c" / "bees" / "items.yaml").rename(tmp_path / "c" / "bees" / "items.yml")
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines()[:2] == [
        "c/bees/items.yml: error: quizgen reads items.yaml, not items.yml: rename it "
        "(mv 'c/bees/items.yml' 'c/bees/items.yaml') [misnamed-file]",
        "c/wasps/Article.txt: error: quizgen reads article.txt, not Article.txt: rename it "
        "(mv 'c/wasps/Article.txt' 'c/wasps/article.txt') [misnamed-file]",
    ]
    (tmp_path / "c" / "wasps" / "Article.txt").rename(tmp_path / "c" / "wasps" / "article.pdf")
    (tmp_path / "c" / "wasps" / "items .yaml").write_text(GOOD_ITEM)  # a space before the dot
    assert run_check(Path("c"))[1].splitlines()[1:3] == [
        "c/wasps/article.pdf: error: quizgen reads article.txt, not a PDF: import it with `quizgen import-article "
        "'c/wasps/article.pdf' --slug wasps --course 'c'` [misnamed-file]",
        "c/wasps/items .yaml: error: quizgen reads items.yaml, not items .yaml: rename it "
        "(mv 'c/wasps/items .yaml' 'c/wasps/items.yaml') [misnamed-file]",
    ]
    (tmp_path / "c" / "bees" / "items.yml").unlink()  # the cached reading must not keep the error
    code, output = run_check(Path("c"))
    assert "bees/items.yml" not in output and "c/bees/items.yaml: warning: this article has no items.yaml yet" in output


def test_two_articles_with_one_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    other = ARTICLE.replace("title: Waggle Dance", "title: 'waggle  dance'").replace("A forager", "A wasp")
    write_course(tmp_path / "c", GOOD_ITEM, extra={"wasps/article.txt": other})
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines()[0] == (
        "c/wasps/article.txt:2: error: article 'wasps' has the same title as 'bees' ('waggle  dance'): Anki decks, LMS "
        "categories and citations name each reading by its title, so students could not tell them apart; give "
        "each article its own title [duplicate-title]"
    )


def test_impossible_quiz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path / "c", GOOD_ITEM, course=COURSE + "quizzes:\n  - id: big\n    count: 3\n")
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines()[0] == (
        "c/course.yaml:4: error: quiz 'big' cannot be made: 3 items asked, 1 available; "
        "lower the counts or write more items [quiz-impossible]"
    )


def test_bom_and_crlf_are_read_with_right_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bank = "\ufeff" + (GOOD_ITEM + CASES["tf-yes"][0]).replace("\n", "\r\n")
    write_course(tmp_path / "c", bank)
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines()[0] == (
        "c/bees/items.yaml:9: error: item 'a': 'answer' must be true or false (found 'Yes') [wrong-kind]"
    )


def test_strict_fails_on_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_course(tmp_path / "c", CASES["quote-case"][0])
    assert run_check(Path("c"))[0] == 0
    assert run_check(Path("c"), "--strict")[0] == 1


def test_missing_course_yaml_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    code, output = run_check(Path("empty"))
    assert code == 1
    assert output.splitlines()[0] == (
        "empty/course.yaml: error: course.yaml is missing: `quizgen init` writes one to start from [file-missing]"
    )
    code, output = run_check(Path("nowhere"))
    assert code == 1
    assert "no such course folder" in output


def test_usage_error_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option"])
    assert result.exit_code == 2


def test_a_broken_item_does_not_hide_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    broken = "- id: a\n  type: tf\n  prompt: Which: this one?\n  answer: true\n  quote: on the comb\n"
    write_course(tmp_path / "c", broken + CASES["tf-yes"][0].replace("id: a", "id: b"))
    code, output = run_check(Path("c"))
    assert code == 1
    assert output.splitlines()[:2] == [
        "c/bees/items.yaml:3: error: not valid YAML: mapping values are not allowed in this context; a value "
        "containing ': ' must be quoted (wrap it in \"...\") or written as a block (>-) [yaml-syntax]",
        "c/bees/items.yaml:9: error: item 'b': 'answer' must be true or false (found 'Yes') [wrong-kind]",
    ]


def test_without_quizzes_articles_with_only_cards_get_no_quiz(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    card = "- id: c\n  type: card\n  prompt: Where is the dance?\n  answer: On the comb.\n  quote: on the comb\n"
    write_course(tmp_path / "c", GOOD_ITEM, extra={"cards/article.txt": OTHER_ARTICLE, "cards/items.yaml": card})
    (tmp_path / "c" / "empty").mkdir()
    (tmp_path / "c" / "empty" / "article.txt").write_text(ARTICLE.replace("Waggle Dance", "Empty"))
    code, output = run_check(Path("c"))
    assert code == 0, output
    assert "2 items in 3 articles, 1 quiz: ok" in output


def test_options_that_differ_only_in_signs_or_symbols_are_different() -> None:
    from quizgen.reading.bank import normalize_option

    assert normalize_option("-1") != normalize_option("1")
    assert normalize_option("5%") != normalize_option("5")
    assert normalize_option("C++") != normalize_option("C")
    assert normalize_option("On the comb.") == normalize_option("on  the comb")
    assert normalize_option("“Yes”") == normalize_option('"yes"')


def test_more_options_than_letters_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    options = ", ".join(f"option {n}" for n in range(26))
    bank = f"- id: a\n  type: mcq\n  prompt: Which?\n  answer: On the comb\n  distractors: [{options}]\n  quote: on the comb\n"
    write_course(tmp_path / "c", bank)
    code, output = run_check(Path("c"))
    assert code == 1
    assert "27 options is more than the 26 letters A to Z [too-many]" in output


def test_notes_are_shown_but_are_not_problems() -> None:
    from quizgen.diagnostics import Report

    report = Report()
    report.note("a.yaml", 3, "Canvas: left out", "lms-omitted", "x")
    assert report.summary() == "no problems found (1 note)" and not report.warnings and not report.errors
    report.warning("a.yaml", 4, "lossy", "lms-tiny-number", "y")
    assert report.summary() == "0 errors, 1 warning in 1 file (1 note)"
    assert report.notes[0].format() == "a.yaml:3: note: item 'x': Canvas: left out [lms-omitted]"


def test_an_unreadable_article_named_by_a_quiz_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgen.scaffold import init_course

    monkeypatch.chdir(tmp_path)
    init_course(Path("c"))
    Path("c/sample-article/article.txt").write_text("---\ntitle: x\n", encoding="utf-8")
    code, output = run_check(Path("c"))
    assert code == 1 and "[article-front-matter]" in output
    assert "unknown article" not in output  # the quiz in course.yaml names it: it exists, it is only broken


def test_an_empty_quote_entry_does_not_hide_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bank = GOOD_ITEM.replace(
        "  quote: performs a waggle dance on the comb\n", '  quote:\n    - ""\n    - hums a tune in the hive\n'
    )
    write_course(tmp_path / "c", bank)
    code, output = run_check(Path("c"))
    assert code == 1 and "[wrong-kind]" in output and "c/bees/items.yaml:7:" in output and "[quote-not-found]" in output


def test_tags_written_on_one_line_are_several_tags(tmp_path: Path) -> None:
    from tests.conftest import loaded

    write_course(tmp_path / "c", GOOD_ITEM + "  tags: lighthouse history, optics\n")
    course, _ = loaded(tmp_path / "c")
    assert course.items[0].tags == ("lighthouse", "history", "optics")


def test_paths_show_as_given_relative_inside_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgen.diagnostics import display_path

    (tmp_path / "work").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path / "work")
    assert display_path(tmp_path / "work" / "..notes" / "items.yaml") == "..notes/items.yaml"
    outside = tmp_path / "work" / ".." / "elsewhere" / "items.yaml"
    assert display_path(outside) == str(tmp_path / "elsewhere" / "items.yaml")
    assert display_path(tmp_path / "alias" / "items.yaml") == str(tmp_path / "alias" / "items.yaml")  # not resolved


def _raised_codes() -> set[str]:
    """Every code quizgen's source passes to report.error/warning/note, fields.error, a YAML problem, an
    unreadable course file or an lms warning."""
    import ast
    import re

    import quizgen

    code = re.compile(r"[a-z]+(?:-[a-z0-9]+)+")
    reporting = {"error", "warning", "note", "warn", "Diagnostic", "YamlProblem", "Problem", "UnreadableFile"}
    found = set()
    for path in Path(quizgen.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and reporting & {
                getattr(node.func, "attr", None),
                getattr(node.func, "id", None),
            }:
                args = node.args
            elif isinstance(node, ast.Tuple):  # (message, code) pairs collected before they are reported
                args = node.elts[-1:]
            else:
                continue
            found |= {a.value for a in args if isinstance(a, ast.Constant) and code.fullmatch(str(a.value))}
    return found


def test_every_code_quizgen_raises_can_be_explained() -> None:
    from quizgen.codes import CODES
    from quizgen.lint import RULES

    raised = _raised_codes()
    assert raised - set(CODES) - set(RULES) == set()  # every code raised is explained
    assert set(CODES) - raised == set()  # and no explanation is left for a code that is gone
    for code in CODES:
        result = CliRunner().invoke(cli, ["check", "--explain", code])
        assert result.exit_code == 0 and result.output.startswith(code) and len(result.output) > 150, code


def test_explain_suggests_the_code_meant() -> None:
    result = CliRunner().invoke(cli, ["check", "--explain", "quote-ambigous"])
    assert result.exit_code == 2 and "did you mean 'quote-ambiguous'?" in result.output
    pasted = CliRunner().invoke(cli, ["check", "--explain", "[QUOTE-AMBIGUOUS]"])  # as shown, in any case
    assert pasted.exit_code == 0 and pasted.output.startswith("quote-ambiguous")
