"""Item-writing lint: each rule fires on its flawed items and stays quiet on the sound ones, borderlines included."""

from __future__ import annotations

import string
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from quizgen.check import check_course
from quizgen.cli import cli
from quizgen.lint import RULES
from quizgen.lint.bank import binomial_two_sided, binomial_upper
from quizgen.lint.text import _WORD, article_for, tokens

FILLER = "This paragraph is here so that every article has more than one paragraph of text."


def _type(fields: dict) -> str:
    if "type" in fields:
        return fields["type"]
    return "cloze" if "{{c" in fields["prompt"] else "mcq"


def write_course(root: Path, banks: dict[str, list[dict]], lint: dict | None = None, quizzes=None) -> Path:
    """A course whose articles are made of the items' quotes, one paragraph each."""
    root.mkdir(parents=True)
    meta: dict = {"id": "lint-test", "title": "Lint test"}
    if lint is not None:
        meta["lint"] = lint
    if quizzes is not None:
        meta["quizzes"] = quizzes
    (root / "course.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    for slug, items in banks.items():
        quotes = []
        for item in items:
            for quote in item["quote"] if isinstance(item["quote"], list) else [item["quote"]]:
                if quote not in quotes:
                    quotes.append(quote)
        (root / slug).mkdir()
        body = "\n\n".join([*quotes, FILLER])
        (root / slug / "article.txt").write_text(f"---\ntitle: {slug}\n---\n\n{body}\n", encoding="utf-8")
        bank = [{"id": item.get("id", f"{slug}-{n}"), "type": _type(item)} | item for n, item in enumerate(items)]
        (root / slug / "items.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def diagnostics(root: Path) -> list:
    result = check_course(root)
    assert not result.report.errors, [d.format() for d in result.report.errors]
    return result.report.diagnostics


def codes_for(tmp_path: Path, *items: dict, lint: dict | None = None) -> dict[str, set[str]]:
    """Lint codes per item id for a one-article course of `items`."""
    root = write_course(tmp_path / "course", {"art": [dict(i) for i in items]}, lint)
    found: dict[str, set[str]] = {}
    for d in diagnostics(root):
        found.setdefault(d.item or "", set()).add(d.code)
    return found


def fires(tmp_path: Path, code: str, item: dict, lint: dict | None = None) -> bool:
    return code in codes_for(tmp_path, item | {"id": "x"}, lint=lint).get("x", set())


def mcq(prompt: str, answer: str, distractors: list[str], quote: str, **extra) -> dict:
    return {"prompt": prompt, "answer": answer, "distractors": distractors, "quote": quote} | extra


# --- every rule's documented examples are true ------------------------------------------------------------------

EXAMPLES = [
    (code, kind, n, example.item)
    for code, rule in RULES.items()
    for kind, examples in (("fires", rule.fires), ("passes", rule.passes))
    for n, example in enumerate(examples)
    if example.item
]


@pytest.mark.parametrize(("code", "kind", "n", "item"), EXAMPLES, ids=[f"{c}-{k}-{n}" for c, k, n, _ in EXAMPLES])
def test_documented_examples(tmp_path: Path, code: str, kind: str, n: int, item: dict) -> None:
    assert fires(tmp_path, code, item) == (kind == "fires")


def test_every_item_rule_has_runnable_examples_both_ways() -> None:
    for code, rule in RULES.items():
        if rule.scope == "item":
            assert any(e.item for e in rule.fires) and any(e.item for e in rule.passes), code


# --- borderline cases, rule by rule -------------------------------------------------------------------------------

QUOTE = "The North will keep its weapons for now"


@pytest.mark.parametrize(
    ("distractor", "expected"),
    [("Only Japan objected", True), ("Commonly Japan objected", False), ("Japan objected, as usual", False)],
)
def test_absolute_word_boundaries(tmp_path: Path, distractor: str, expected: bool) -> None:
    item = mcq("Who objected?", "China objected", [distractor, "Nobody there objected"], QUOTE)
    item["distractors"] = [distractor, "Russia objected"]
    assert fires(tmp_path, "absolute-word", item) is expected


def test_absolute_in_key_excused_only_by_the_quote(tmp_path: Path) -> None:
    item = mcq("What keeps the regime alive?", "Only the army", ["Chinese aid", "Trade"], "the army keeps it alive")
    assert fires(tmp_path / "a", "absolute-word", item)
    item["quote"] = "only the army keeps it alive"
    assert not fires(tmp_path / "b", "absolute-word", item)


def test_tf_absolute_and_hedge(tmp_path: Path) -> None:
    false_absolute = {"type": "tf", "prompt": "The North never talks.", "answer": False, "quote": QUOTE}
    assert fires(tmp_path / "a", "absolute-word", false_absolute)
    assert not fires(tmp_path / "b", "absolute-word", false_absolute | {"answer": True})
    true_hedge = {"type": "tf", "prompt": "The North may keep its weapons.", "answer": True, "quote": QUOTE}
    assert fires(tmp_path / "c", "hedged-key", true_hedge)
    assert not fires(tmp_path / "d", "hedged-key", true_hedge | {"quote": "The North may keep its weapons"})


KEY_20 = "ab cd ef gh ij kl mn"  # 20 characters


@pytest.mark.parametrize(
    ("key", "expected"), [("aa bb cc dd eeeeeeeeeeeeee", True), ("aa bb cc dd eeeeeeeeeeeee", False)]
)
def test_key_longest_exactly_at_the_ratio(tmp_path: Path, key: str, expected: bool) -> None:
    """26 characters against 20 is exactly 1.3x and fires; 25 does not."""
    item = mcq("Which one?", key, [KEY_20, "short one"], QUOTE)
    assert fires(tmp_path, "key-longest", item) is expected


def test_key_longest_threshold_flips_only_the_borderline(tmp_path: Path) -> None:
    borderline = mcq("Which one?", "aa bb cc dd eeeeeeeeeeeeee", [KEY_20, "x y"], QUOTE, id="borderline")
    clear = mcq("Which two?", "aa bb cc dd eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", [KEY_20, "x y"], QUOTE, id="clear")
    default = codes_for(tmp_path / "a", borderline, clear)
    tuned = codes_for(tmp_path / "b", borderline, clear, lint={"key-longest": {"ratio": 1.4}})
    assert "key-longest" in default["borderline"] and "key-longest" in default["clear"]
    assert "key-longest" not in tuned.get("borderline", set()) and "key-longest" in tuned["clear"]


def test_key_longest_needs_min_words(tmp_path: Path) -> None:
    item = mcq("Which one?", "Pyongyang-Beijing-Moscow", ["Seoul", "Tokyo"], QUOTE)
    assert not fires(tmp_path / "a", "key-longest", item)
    assert fires(tmp_path / "b", "key-longest", item, lint={"key-longest": {"min_words": 1}})


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Which is not a hard truth?", True),
        ("Which one isn't a hard truth?", True),
        ("Which is **NOT** a hard truth?", False),
        ("Which is NOT a hard truth?", False),
        ("Which is *not* a hard truth?", False),
        ("Note another hard truth: which?", False),
        ("Which is, at least, a hard truth?", False),
        ('Which hard truth is called "not negotiable"?', False),
    ],
)
def test_negative_stem(tmp_path: Path, prompt: str, expected: bool) -> None:
    assert (
        fires(tmp_path, "negative-stem", mcq(prompt, "Weapons stay", ["Peace comes", "Talks end"], QUOTE)) is expected
    )


@pytest.mark.parametrize(
    ("option", "expected"),
    [("All of the above", True), ("all the above", True), ("All three of the above", True), ("Small gains", False)],
)
def test_all_of_the_above(tmp_path: Path, option: str, expected: bool) -> None:
    assert fires(tmp_path, "all-of-the-above", mcq("Which?", "Weapons", ["Talks", option], QUOTE)) is expected


@pytest.mark.parametrize(("option", "expected"), [("None of these", True), ("Nonetheless talks", False)])
def test_none_of_the_above(tmp_path: Path, option: str, expected: bool) -> None:
    assert fires(tmp_path, "none-of-the-above", mcq("Which?", "Weapons", ["Talks", option], QUOTE)) is expected


@pytest.mark.parametrize(
    ("option", "expected"),
    [("I and III only", True), ("A, B and C", True), ("Both A and B", True), ("Articles 2 and 3", False)],
)
def test_combination_option(tmp_path: Path, option: str, expected: bool) -> None:
    assert fires(tmp_path, "combination-option", mcq("Which?", "Weapons", ["Talks", option], QUOTE)) is expected


@pytest.mark.parametrize(
    ("answer", "distractors", "expected"),
    [
        ("hour-long wait", ["day", "week"], True),  # 'an hour' fits, 'an day' does not
        ("university", ["academy", "institute"], False),  # 'a university' does not fit 'an'
        ("envoy", ["ambassador", "official"], False),  # all take 'an'
    ],
)
def test_article_cue(tmp_path: Path, answer: str, distractors: list[str], expected: bool) -> None:
    assert (
        fires(tmp_path, "article-cue", mcq("Barry wants an ___ in Pyongyang.", answer, distractors, QUOTE)) is expected
    )


def test_article_for_sounds() -> None:
    assert [article_for(w) for w in ("hour", "university", "FBI", "NATO", "apple", "8", "18", "unimportant")] == [
        "an",
        "a",
        "an",
        None,
        "an",
        "an",
        "an",
        "an",
    ]


def test_plural_cue(tmp_path: Path) -> None:
    item = mcq("Feffer lists these", "three hard truths", ["a single treaty", "one summit"], QUOTE)
    assert fires(tmp_path / "a", "plural-cue", item)
    item["distractors"] = ["two treaties", "a single summit"]
    assert not fires(tmp_path / "b", "plural-cue", item)


def test_clang_on_whole_words_with_light_stemming(tmp_path: Path) -> None:
    item = mcq("What do the sanctions do?", "The sanction hurts", ["It helps", "It fails"], QUOTE)
    assert fires(tmp_path / "a", "clang", item)
    item["answer"] = "Insanctioned hurt"  # not the same word
    assert not fires(tmp_path / "b", "clang", item)


@pytest.mark.parametrize(
    ("answer", "distractors", "expected"),
    [
        ("15-25%", ["10-20%", "30-40%"], True),
        ("between 10 and 19", ["20-29", "30-39"], False),
        ("more than 50", ["40-50", "10-20"], False),  # 'more than 50' excludes 50 itself
        ("at least 50", ["50-60", "10-20"], True),
        ("25", ["10-20", "30-40"], True),  # mixing numbers with ranges fires
    ],
)
def test_numeric_options(tmp_path: Path, answer: str, distractors: list[str], expected: bool) -> None:
    assert fires(tmp_path, "numeric-options", mcq("How many?", answer, distractors, QUOTE)) is expected


def test_numeric_options_shown_ascending(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c", {"art": [mcq("When?", "1994", ["2006", "1985"], QUOTE, id="when")]})
    result = check_course(root)
    for plan in result.plans:
        for form in plan.forms:
            assert [o.text for o in form.questions[0].options()] == ["1985", "1994", "2006"]


def test_verbatim_completion_run_threshold(tmp_path: Path) -> None:
    quote = "Feffer writes that the United States has been unwilling to accept the North's nuclear status"
    seven = mcq("United States has been unwilling to accept what?", "the North's nuclear status", ["a", "b"], quote)
    seven["distractors"] = ["a peace treaty", "Chinese mediation"]
    assert not fires(tmp_path / "a", "verbatim-completion", seven)  # 7 copied words
    assert fires(tmp_path / "b", "verbatim-completion", seven, lint={"verbatim-completion": {"run": 7}})


def test_verbatim_completion_needs_the_key_next_to_the_run(tmp_path: Path) -> None:
    quote = "Feffer writes that the United States has been unwilling to accept at last the North's nuclear status"
    item = mcq(
        "Feffer writes that the United States has been unwilling to accept what?",
        "the North's nuclear status",
        ["a peace treaty", "Chinese mediation"],
        quote,
    )
    assert fires(tmp_path / "a", "verbatim-completion", item)  # 3 words between run and key: within gap
    assert not fires(tmp_path / "b", "verbatim-completion", item, lint={"verbatim-completion": {"gap": 2}})


def test_distractor_in_quote_in_order_only(tmp_path: Path) -> None:
    quote = "fear for the regime's survival and economic desperation drive its policy"
    item = mcq("What drives it?", "Fear for survival", ["Desperation, economic", "Chinese pressure"], quote)
    assert not fires(tmp_path / "a", "distractor-in-quote", item)  # same words, other order
    item["distractors"] = ["Economic desperation", "Chinese pressure"]
    assert fires(tmp_path / "b", "distractor-in-quote", item)


def test_hedged_key_only_when_distractors_are_blunt(tmp_path: Path) -> None:
    item = mcq("What will engagement do?", "It can change the regime", ["It ends talks", "It changes nothing"], QUOTE)
    assert fires(tmp_path / "a", "hedged-key", item)
    item["distractors"] = ["It might end talks", "It changes nothing"]
    assert not fires(tmp_path / "b", "hedged-key", item)


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("The North {{c1::will}} keep its weapons.", True),
        ("The {{c1::North}} will keep its weapons.", False),
        ("The North will keep {{c1::it}}s weapons.", True),
        ("In {{c1::8}} years the North will keep its weapons.", False),
        ("The North will keep its weapons, {{c1::ok}}.", True),
    ],
)
def test_cloze_deletion(tmp_path: Path, prompt: str, expected: bool) -> None:
    assert fires(tmp_path, "cloze-deletion", {"prompt": prompt, "quote": QUOTE}) is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (["Kim Dae\u2011jung’s policy"], False),  # typographic: the LMS outputs accept the keyboard form too
        (["1946\u201347"], False),
        (["1946\u201347", "1946-47"], False),  # typographic variants are no duplicates either
        (["Sunshine."], True),
        (["Dvořák"], False),
        (["ﬁnal offer"], False),
        (["the Sunshine Policy"], True),
        (["the Sunshine Policy", "sunshine policy"], False),
        (["a policy of engagement with the North"], True),
        (["colony collapse disorder, CCD"], True),  # one answer: a student must type both
        (["plutonium; uranium"], True),
        (["colony collapse disorder", "CCD"], False),
        (["Frisch, Karl von"], False),  # commas that belong to the answer
        (["Paris, France"], False),
        (["Munich, 1927"], False),
    ],
)
def test_untypable_answer(tmp_path: Path, answers: list[str], expected: bool) -> None:
    item = {"type": "short", "prompt": "Which policy?", "answer": answers, "quote": QUOTE}
    assert fires(tmp_path, "untypable-answer", item) is expected


# --- course-level rules ---------------------------------------------------------------------------------------


def _length_bank(longest: int, total: int = 20) -> list[dict]:
    """`total` four-option mcq items, `longest` of them with a key 1 character longer than every distractor."""
    items = []
    for n in range(total):
        key = "aaaab" if n < longest else "aaa"
        items.append(mcq(f"Question number {n}?", f"{key} {n}", [f"xxxx {n}", f"yyyy {n}", f"zzzz {n}"], QUOTE))
    return items


def test_binomial_tails() -> None:
    assert binomial_upper(9, 20, 0.25) == pytest.approx(0.0409, abs=1e-4)
    assert binomial_upper(0, 5, 0.3) == 1.0
    assert binomial_two_sided(10, 10) == pytest.approx(2 / 1024)
    assert binomial_upper(20_000, 40_000, 0.25) < 1e-100  # large n does not overflow


@pytest.mark.parametrize(("longest", "expected"), [(9, True), (7, False)])
def test_bank_key_longest(tmp_path: Path, longest: int, expected: bool) -> None:
    root = write_course(tmp_path / "c", {"art": _length_bank(longest)})
    found = [d for d in diagnostics(root) if d.code == "bank-key-longest"]
    assert bool(found) is expected
    if found:
        assert found[0].path.endswith("course.yaml") and f"{longest} of 20" in found[0].message


def test_bank_key_longest_min_n(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c", {"art": _length_bank(7, total=7)})
    assert not [d for d in diagnostics(root) if d.code == "bank-key-longest"]


def _tf_bank(true: int, total: int) -> list[dict]:
    return [
        {"type": "tf", "prompt": f"Statement number {n}.", "answer": n < true, "quote": QUOTE} for n in range(total)
    ]


@pytest.mark.parametrize(("true", "total", "expected"), [(10, 10, True), (7, 10, False), (7, 7, False), (0, 9, True)])
def test_tf_balance(tmp_path: Path, true: int, total: int, expected: bool) -> None:
    root = write_course(tmp_path / "c", {"art": _tf_bank(true, total)})
    assert bool([d for d in diagnostics(root) if d.code == "tf-balance"]) is expected


def test_near_duplicate_across_banks(tmp_path: Path) -> None:
    first = mcq("What does Feffer call the first hard truth?", "Nuclear status", ["Trade", "Aid"], QUOTE, id="one")
    copy = first | {"id": "two", "prompt": "what does Feffer call the FIRST hard truth"}
    other = first | {
        "id": "three",
        "prompt": "What does Feffer call the third hard truth?",
        "answer": "Regime survival",
    }
    other["quote"] = "a different passage about the regime"
    root = write_course(tmp_path / "c", {"a": [first], "b": [copy, other]})
    dupes = [d for d in diagnostics(root) if d.code == "near-duplicate"]
    assert [(d.item, "'one'" in d.message) for d in dupes] == [("two", True)]


def test_near_duplicate_by_overlapping_quote(tmp_path: Path) -> None:
    one = mcq("Which weapons will the North keep for now?", "Its weapons", ["Tanks", "Jets"], QUOTE, id="one")
    two = mcq("Which weapons will the North keep, for now?", "Nuclear arms", ["Rifles", "Ships"], QUOTE, id="two")
    far = two | {"id": "far", "quote": "a passage elsewhere"}
    assert "near-duplicate" in codes_for(tmp_path / "a", one, two)["two"]
    assert "near-duplicate" not in codes_for(tmp_path / "b", one, far).get("far", set())


def test_a_quote_duplicate_is_found_past_an_alike_item_that_quotes_elsewhere() -> None:
    from quizgen.lint.bank import quote_duplicates
    from quizgen.lint.features import ItemFeatures

    base = ItemFeatures(
        "",
        "mcq",
        "art",
        "b.yaml",
        1,
        (),
        1,
        (),
        None,
        3,
        None,
        None,
        (),
        (),
        "which weapon north keep now",
        None,
        (),
        "",
        (),
        (),
    )
    elsewhere = base._replace(id="elsewhere", anchors=((1, ((100, 140),)),))  # alike, same paragraph, no overlap
    one = base._replace(id="one", anchors=((1, ((0, 40),)),))
    two = base._replace(id="two", anchors=((1, ((5, 30),)),))
    assert quote_duplicates([elsewhere, one, two], 0.8) == (("one", "two", 1.0),)


def test_answer_leak_same_quiz_only(tmp_path: Path) -> None:
    a = mcq("What froze the program?", "The Agreed Framework", ["The talks", "The UN"], QUOTE, id="a")
    b = mcq("Why did the agreed framework collapse?", "Mistrust", ["Money", "Weather"], QUOTE, id="b")
    c = mcq("Who proposed Seoul?", "Seoul", ["Tokyo", "Beijing"], QUOTE, id="c")
    together = write_course(tmp_path / "t", {"one": [a, b, c]})
    leaks = [d for d in diagnostics(together) if d.code == "answer-leak"]
    assert [(d.item, "'a'" in d.message) for d in leaks] == [("b", True)]
    quizzes = [{"id": "q1", "articles": ["one"]}, {"id": "q2", "articles": ["two"]}]
    apart = write_course(tmp_path / "s", {"one": [a, c], "two": [b]}, quizzes=quizzes)
    assert not [d for d in diagnostics(apart) if d.code == "answer-leak"]


# --- allow, disable, settings -------------------------------------------------------------------------------

NOTA_ITEM = mcq("Which?", "Weapons", ["Talks", "None of the above"], QUOTE)


def _check(tmp_path: Path, item: dict, lint: dict | None = None):
    return check_course(write_course(tmp_path / "c", {"art": [item | {"id": "x"}]}, lint)).report


def test_allow_with_a_reason_silences_the_rule(tmp_path: Path) -> None:
    report = _check(tmp_path, NOTA_ITEM | {"allow": {"none-of-the-above": "testing elimination on purpose"}})
    assert not report.errors and not [d for d in report.diagnostics if d.code == "none-of-the-above"]


@pytest.mark.parametrize(
    ("allow", "words"),
    [
        ({"none-of-the-above": ""}, "why the item breaks it"),
        (["none-of-the-above"], "why the item breaks it"),
        ({"none-of-the-abov": "why"}, "did you mean 'none-of-the-above'"),
        ({"tf-balance": "why"}, "course-wide"),
    ],
)
def test_bad_allows_are_errors(tmp_path: Path, allow, words: str) -> None:
    errors = _check(tmp_path, NOTA_ITEM | {"allow": allow}).errors
    assert [d.code for d in errors] == ["bad-allow"] and words in errors[0].message


def test_unused_allow_warns(tmp_path: Path) -> None:
    report = _check(tmp_path, NOTA_ITEM | {"allow": {"key-longest": "the full title is needed"}})
    assert [d.code for d in report.warnings if d.code == "unused-allow"] == ["unused-allow"]


def test_course_can_disable_rules(tmp_path: Path) -> None:
    report = _check(tmp_path, NOTA_ITEM, lint={"disable": ["none-of-the-above"]})
    assert not report.errors and not report.warnings


@pytest.mark.parametrize(
    ("lint", "words"),
    [
        ({"disable": ["no-such-rule"]}, "unknown lint rule 'no-such-rule'"),
        ({"key-longets": {"ratio": 2}}, "did you mean 'key-longest'"),
        ({"key-longest": {"ration": 2}}, "did you mean 'ratio'"),
        ({"key-longest": {"ratio": "big"}}, "must be a number"),
        ({"key-longest": {"ratio": 0.5}}, "between 1 and 10"),
        ({"key-longest": {"min_words": 2.5}}, "whole number"),
        ({"clang": 3}, "takes a mapping"),
        (["clang"], "must be a mapping"),
    ],
)
def test_bad_lint_settings_are_errors(tmp_path: Path, lint, words: str) -> None:
    errors = _check(tmp_path, NOTA_ITEM, lint=lint).errors
    assert errors and all(d.code == "bad-lint" for d in errors) and words in errors[0].message
    assert errors[0].path.endswith("course.yaml") and errors[0].line > 1


# --- --explain -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(RULES))
def test_explain_each_code(code: str) -> None:
    result = CliRunner().invoke(cli, ["check", "--explain", code])
    assert result.exit_code == 0, result.output
    rule = RULES[code]
    for part in (code, rule.title, "Looks for:", "Why:", "Source:", "Fires:", "Does not fire:", rule.fires[0].note):
        assert part in result.output
    for name in rule.settings:
        assert f"{name} = " in result.output


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["check", "--explain", "longest"])
    assert result.exit_code == 2 and "key-longest" in result.output and "clang" in result.output


# --- the shipped courses, the tokenizer, speed ---------------------------------------------------------------


def test_sample_course_is_lint_clean(sample_course: Path) -> None:
    assert not check_course(sample_course).report.diagnostics


def test_unicode_fixture_lint(unicode_course: Path) -> None:
    """The emoji deletion is a true positive: one symbol is too little to recall (kept: the fixture tests Unicode)."""
    found = [(d.item, d.code) for d in check_course(unicode_course).report.diagnostics]
    assert found == [("uni-cloze", "cloze-deletion")]


def test_tokens_use_word_boundaries() -> None:
    assert tokens("commonly, only; small-all isn't") == ("commonly", "only", "small", "all", "isn't")


def test_lint_stays_within_the_check_budget(tmp_path: Path) -> None:
    """check with lint stays within 1.5x a bare yaml.safe_load of the banks (bench/synthetic, 10 articles)."""
    from bench.synthetic import write_course as synthetic

    root = synthetic(tmp_path / "big", 10)
    banks = sorted(root.glob("*/items.yaml"))
    for path in banks:  # the generator can repeat a short answer ('the', 'The'): keep the course valid
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in bank:
            if item["type"] == "short":
                item["answer"] = item["answer"][:1]
        path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
    start = time.perf_counter()
    for path in banks:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    bare = time.perf_counter() - start
    start = time.perf_counter()
    result = check_course(root)
    checked = time.perf_counter() - start
    assert result.course is not None and result.report.warnings  # lint ran
    assert checked < 1.5 * bare, (checked, bare)


@given(st.text(alphabet=string.printable + "\u2019\u00e9\u00c9\u4e2d_"))
def test_tokens_take_the_ascii_shortcut_to_the_same_words(text: str) -> None:
    assert tokens(text) == tuple(_WORD.findall(text.casefold()))


def test_keyboard_forms_of_typographic_answers() -> None:
    from quizgen.keyboard import accepted_forms

    assert accepted_forms(["1946\u201347"]) == ("1946\u201347", "1946-47")
    assert accepted_forms(["1946\u201347", "1946-47"]) == ("1946\u201347", "1946-47")
    assert accepted_forms(["Kim Dae\u2011jung’s", "Dvořák", "ﬁnal"]) == (
        "Kim Dae\u2011jung’s",
        "Dvořák",
        "ﬁnal",
        "Kim Dae-jung's",
        "Dvorak",
        "final",
    )
    assert accepted_forms(["Dvor\u030cák"]) == ("Dvor\u030cák", "Dvorak")  # a decomposed accent is an accent too
    assert accepted_forms(["햇볕정책"]) == ("햇볕정책",)  # Hangul decomposes into letters, not accents
    assert accepted_forms(["ㄱ"]) == ("ㄱ",)  # a compatibility jamo has nothing to drop
    assert accepted_forms(["Naïve", "naive"]) == ("Naïve", "naive")  # case aside, already accepted
