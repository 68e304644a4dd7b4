"""The example course exported by quizgen (Canvas QTI 1.2, QTI 2.1, Moodle XML) and imported back gives the same
items: ids, types, prompts, options, answers and feedback (the quotes aside: imported items get theirs anew)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen.banks import import_bank
from quizgen.build import build
from quizgen.check import ALLOWABLE
from quizgen.diagnostics import Report
from quizgen.markup import to_html, to_plain
from quizgen.model import Choice, Cloze, Essay, Item, Match, Numeric, Order, ShortAnswer, TrueFalse
from quizgen.reading.bank import read_item
from quizgen.reading.yamlfile import YamlMap, parse
from tests.conftest import loaded


def content(item: Item) -> tuple:
    """What an LMS package carries of an item, in the form it carries it (HTML for rich text, plain for typed
    answers and matching right-hand sides, which the writers export as plain text)."""
    payload = item.payload
    if isinstance(payload, Choice):
        options = tuple((str(to_html(o.text)), o.correct, str(to_html(o.why or ""))) for o in payload.options)
        body: object = (options, payload.shuffle)
    elif isinstance(payload, Order):
        body = tuple(str(to_html(step)) for step in payload.steps)
    elif isinstance(payload, TrueFalse):
        body = payload.answer
    elif isinstance(payload, ShortAnswer):
        body = tuple(to_plain(a) for a in payload.accepted)
    elif isinstance(payload, Numeric):
        body = (payload.value, payload.tolerance)
    elif isinstance(payload, Cloze):
        body = tuple((to_plain(d.answer), tuple(map(to_plain, d.alternatives)), d.hint) for d in payload.deletions)
    elif isinstance(payload, Match):
        body = (tuple((str(to_html(left)), to_plain(right)) for left, right in payload.pairs), payload.shuffle)
    else:
        assert isinstance(payload, Essay)
        body = str(to_html(payload.model_answer))
    return (item.id, item.type, str(to_html(item.prompt)), body, str(to_html(item.explain or "")))


def imported_items(bank: Path) -> list[Item]:
    """The items of an imported items.yaml, read by quizgen's own reader (with a stand-in quote each)."""
    tree, problems = parse(bank.read_text(encoding="utf-8"))
    assert not problems
    items = []
    for position, entry in enumerate(tree):
        assert isinstance(entry, YamlMap) and "quote" not in entry
        entry["quote"] = "stand-in"
        if entry["type"] == "essay" and "answer" not in entry:  # a model answer the package does not carry
            entry["answer"] = NOT_CARRIED
        report = Report()
        item = read_item(entry, bank, bank.parent.name, position, None, report, ALLOWABLE)
        assert item is not None, [d.format() for d in report.diagnostics]
        items.append(item)
    return items


FORMATS = [("qti", "zip"), ("qti21", "zip"), ("moodle", "xml")]


NOT_CARRIED = "(not in the package)"


def round_trip(course_dir: Path, tmp_path: Path, fmt: str, suffix: str) -> list[tuple[tuple, tuple]]:
    """(item as built, item as imported back) for every item of every quiz's package, by id."""
    _, plans = loaded(course_dir)
    build(course_dir, tmp_path / "build", [fmt])
    target = tmp_path / "target"
    target.mkdir()
    compared = []
    for plan in plans:
        carried = {item.id: item for item in plan.items if item.type != "card"}
        result = import_bank(tmp_path / "build" / fmt / f"{plan.quiz.id}.{suffix}", target, plan.quiz.id)
        assert not result.bank.skipped
        back = {item.id: item for item in imported_items(result.written)}
        assert sorted(back) == sorted(carried)
        compared.extend((expected(carried[i], fmt), content(back[i])) for i in sorted(carried))
    return compared


def expected(item: Item, fmt: str) -> tuple:
    """What a package of the format gives back of the item: all of it, but an essay's model answer, which Canvas
    packages keep for graders only by leaving it out (QTI 2.1 and Moodle have a place for graders)."""
    built = content(item)
    return (*built[:3], NOT_CARRIED, built[4]) if fmt == "qti" and item.type == "essay" else built


@pytest.mark.parametrize("fmt, suffix", FORMATS)
def test_example_course_round_trips(example_course: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    pairs = round_trip(example_course, tmp_path, fmt, suffix)
    assert [built for built, _ in pairs] == [back for _, back in pairs]
    assert len(pairs) >= 50  # every quiz of the example course
    assert {built[1] for built, _ in pairs} == {
        "mcq",
        "multi",
        "tf",
        "short",
        "numeric",
        "cloze",
        "match",
        "order",
        "essay",
    }
    assert any(why for built, _ in pairs if built[1] in ("mcq", "multi") for _, _, why in built[3][0])


@pytest.mark.parametrize("fmt, suffix", FORMATS)
def test_cloze_hints_and_fixed_order_round_trip(sample_course: Path, tmp_path: Path, fmt: str, suffix: str) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    text = bank.read_text(encoding="utf-8").replace("{{c2::distance}}", "{{c2::distance::how far}}")
    if fmt != "qti":  # Canvas shuffles per quiz, not per question: its packages carry no `shuffle: false`
        text = text.replace("  type: mcq\n", "  type: mcq\n  shuffle: false\n", 1)
    bank.write_text(text, encoding="utf-8")
    pairs = round_trip(sample_course, tmp_path, fmt, suffix)
    assert [built for built, _ in pairs] == [back for _, back in pairs]
    cloze = next(back for _, back in pairs if back[1] == "cloze")
    assert cloze[3] == (("duration", ("length",), None), ("distance", (), "how far"))  # alternatives come back
    figure = "figures/waggle-angle.svg"  # the sample's figure comes back under its own name, the same bytes
    assert f"]({figure})" in (tmp_path / "target" / "sample-quiz" / "items.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "target" / "sample-quiz" / figure).read_bytes() == (
        sample_course / "sample-article" / figure
    ).read_bytes()


def test_a_second_import_gives_the_same_ids_and_bank(example_course: Path, tmp_path: Path) -> None:
    build(example_course, tmp_path / "build", ["moodle"])
    target = tmp_path / "target"
    target.mkdir()
    source = tmp_path / "build" / "moodle" / "midterm.xml"
    first = import_bank(source, target, "midterm").written.read_bytes()
    second = import_bank(source, target, "midterm", force=True).written.read_bytes()
    assert first == second
