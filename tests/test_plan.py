"""Quiz planning: reproducible forms, specs honoured, answer letters balanced."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from bench.synthetic import write_course
from quizgen.diagnostics import Report
from quizgen.model import Choice
from quizgen.plan import plan_quiz, select_items
from tests.conftest import loaded


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory):
    root = write_course(tmp_path_factory.mktemp("plan") / "course", articles=4)
    return loaded(root)[0]


def pools(course):
    return {a.slug: course.items_of(a.slug) for a in course.articles}


def quiz_of(course, **changes):
    return dataclasses.replace(course.quizzes[0], **changes)


def forms_of(course, quiz):
    items = select_items(course.id, pools(course), quiz, Report())
    plan = plan_quiz(course, quiz, items)
    return [[(q.item.id, q.order) for q in form.questions] for form in plan.forms], plan


def test_same_seed_same_forms_different_seed_different_forms(course) -> None:
    quiz = quiz_of(course, count=30, forms=3, seed=5)
    first, _ = forms_of(course, quiz)
    again, _ = forms_of(course, quiz)
    other, _ = forms_of(course, dataclasses.replace(quiz, seed=6))
    assert first == again
    assert first != other
    assert first[0] != first[1]  # forms differ from each other
    assert sorted(first[0]) != first[0] or sorted(first[1]) != first[1]


def test_forms_hold_the_same_items(course) -> None:
    forms, plan = forms_of(course, quiz_of(course, count=25, forms=3))
    ids = [sorted(item for item, _ in form) for form in forms]
    assert ids[0] == ids[1] == ids[2]
    assert len(ids[0]) == 25


def test_spec_is_honoured(course) -> None:
    quiz = quiz_of(course, count=None, per_type=(("mcq", 6), ("tf", 4)), types=())
    items = select_items(course.id, pools(course), quiz, Report())
    assert Counter(i.type for i in items) == {"mcq": 6, "tf": 4}
    quiz = quiz_of(course, count=12, per_type=(("numeric", 2),), types=("mcq", "numeric"))
    items = select_items(course.id, pools(course), quiz, Report())
    assert len(items) == 12 and Counter(i.type for i in items)["numeric"] == 2
    assert {i.type for i in items} <= {"mcq", "numeric"}
    quiz = quiz_of(course, count=None, types=(), per_type=())
    assert "card" not in {
        i.type for i in select_items(course.id, pools(course), quiz, Report())
    }  # cards only when asked


def test_impossible_spec_is_an_error(course) -> None:
    report = Report()
    assert select_items(course.id, pools(course), quiz_of(course, count=100000), report) is None
    assert [d.code for d in report.errors] == ["quiz-impossible"]


def test_answer_letters_balanced_within_one_of_even(course) -> None:
    quiz = quiz_of(course, count=None, types=("mcq",), forms=4, seed=3)
    forms, plan = forms_of(course, quiz)
    for form in plan.forms:
        four_option = [q for q in form.questions if len(q.order) == 4]
        assert len(four_option) >= 20
        counts = Counter(q.correct_letters() for q in four_option)
        assert max(counts.values()) - min(counts[letter] for letter in "ABCD") <= 1, counts


def test_fixed_options_stay_in_place(course) -> None:
    mcq = next(i for i in course.items if i.type == "mcq")
    fixed = dataclasses.replace(mcq, payload=dataclasses.replace(mcq.payload, shuffle=False))
    quiz = quiz_of(course, forms=3)
    plan = plan_quiz(course, quiz, (fixed,))
    assert isinstance(fixed.payload, Choice)
    assert all(form.questions[0].order == (0, 1, 2, 3) for form in plan.forms)


def test_unshuffled_quiz_keeps_bank_order(course) -> None:
    quiz = quiz_of(course, count=10, shuffle=False, forms=2)
    forms, plan = forms_of(course, quiz)
    assert [item for item, _ in forms[0]] == [i.id for i in plan.items]


def test_shuffled_forms_put_essays_last(course) -> None:
    quiz = quiz_of(course, count=None, per_type=(("essay", 3), ("mcq", 8), ("tf", 5)), types=(), forms=3)
    _, plan = forms_of(course, quiz)
    for form in plan.forms:
        kinds = [q.item.type for q in form.questions]
        assert kinds[-3:] == ["essay"] * 3 and "essay" not in kinds[:-3]
    assert len({tuple(q.item.id for q in form.questions[:-3]) for form in plan.forms}) == 3  # still shuffled


def test_example_course_plans(tmp_path: Path) -> None:
    root = write_course(tmp_path / "c", articles=1)
    course, plans = loaded(root)
    assert plans and all(len(p.forms) == p.quiz.forms for p in plans)


def test_a_shuffled_match_never_keeps_every_answer_beside_its_term() -> None:
    import random

    from quizgen.model import Item, Location, Match
    from quizgen.plan import option_order

    pairs = tuple((f"term {n}", f"answer {n}") for n in range(3))
    item = Item("m", "match", "a", "Match.", Match(pairs), (), Location(Path("items.yaml"), 1))
    orders = {option_order(item, random.Random(seed)) for seed in range(200)}
    assert (0, 1, 2) not in orders and len(orders) == 5  # every other order of three still occurs
    kept = dataclasses.replace(item, payload=Match(pairs, shuffle=False))
    assert option_order(kept, random.Random(1)) == (0, 1, 2)  # `shuffle: false` keeps the bank order
