"""Quiz planning: which items each quiz holds, and the order of questions and options in each form."""

from __future__ import annotations

import random
import string
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from quizgen.diagnostics import Report
from quizgen.model import Choice, Course, Item, Match, Order, Pool, QuizSpec
from quizgen.numbers import sort_key
from quizgen.pools import draw, pool_members

T = TypeVar("T")
DEFAULT_TYPES = ("mcq", "multi", "tf", "short", "numeric", "cloze", "match", "order", "essay")  # cards only when asked


@dataclass(frozen=True)
class Question:
    item: Item
    number: int  # 1-based, as printed
    order: tuple[int, ...]  # display order of the options (Choice) or of the right-hand sides (Match)
    points: float

    def options(self) -> list:
        """The options (Choice), right-hand sides (Match) or steps (Order) in display order; empty for other
        types."""
        payload = self.item.payload
        if isinstance(payload, Choice):
            return [payload.options[i] for i in self.order]
        if isinstance(payload, Match):
            return [payload.pairs[i][1] for i in self.order]
        if isinstance(payload, Order):
            return [payload.steps[i] for i in self.order]
        return []

    def correct_letters(self) -> str:
        """The letters of the correct options as displayed ("B", "AC"); empty for non-choice items."""
        payload = self.item.payload
        if not isinstance(payload, Choice):
            return ""
        return "".join(string.ascii_uppercase[pos] for pos, i in enumerate(self.order) if payload.options[i].correct)


@dataclass(frozen=True)
class Form:
    letter: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuizPlan:
    quiz: QuizSpec
    items: tuple[Item, ...]  # the selected items in course order (what LMS packages carry, unshuffled)
    course_id: str  # with the quiz's seed, what the order of each form derives from

    @cached_property
    def forms(self) -> tuple[Form, ...]:
        """Forms A, B, ... in their own orders, made when first asked for (LMS packages never ask)."""
        return plan_forms(self.course_id, self.quiz, self.items, self.points_of)

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.forms[0].questions) if self.forms else 0.0

    @cached_property
    def pool_items(self) -> list[list[Item]]:
        """Each pool's items (empty when the quiz has no pools)."""
        by_article: dict[str, list[Item]] = {}
        for item in self.items:
            by_article.setdefault(item.article, []).append(item)
        return pool_members(self.quiz.pools, lambda slug: by_article.get(slug, []), DEFAULT_TYPES)[0]

    @cached_property
    def _pool_of(self) -> dict[int, Pool]:
        """The pool of each pooled item, by the item's identity (writers ask per item)."""
        return {id(i): pool for pool, items in zip(self.quiz.pools, self.pool_items, strict=True) for i in items}

    @property
    def printed_items(self) -> tuple[Item, ...]:
        """The items some form holds, in course order (all of them unless pools draw)."""
        held = {id(q.item) for form in self.forms for q in form.questions}
        return tuple(item for item in self.items if id(item) in held)

    @property
    def points_possible(self) -> float:
        """What a student's attempt is worth: with pools, each pool's pick times its points."""
        if not self.quiz.pools:
            return sum(self.points_of(i) for i in self.items)
        return sum(
            (pool.pick or len(items)) * (pool.points if pool.points is not None else self.quiz.points)
            for pool, items in zip(self.quiz.pools, self.pool_items, strict=True)
        )

    def points_of(self, item: Item) -> float:
        """The item's points; in a pool, the pool's (every item of a pool is worth the same, as LMSs draw them)."""
        if self.quiz.pools:
            pool = self._pool_of.get(id(item))
            if pool is not None:
                return pool.points if pool.points is not None else self.quiz.points
        return item_points(item, self.quiz)


def item_points(item: Item, quiz: QuizSpec) -> float:
    """The item's own points, else the quiz's points per item."""
    return item.points if item.points is not None else quiz.points


def plan_course(course: Course, report: Report) -> tuple[QuizPlan, ...]:
    """A plan per quiz; a spec that cannot be met is an error in `report` and gets no plan."""
    plans = []
    pools = {article.slug: course.items_of(article.slug) for article in course.articles}
    for quiz in course.quizzes:
        items = select_items(course.id, pools, quiz, report)
        if items is not None:
            plans.append(plan_quiz(course, quiz, items))
    return tuple(plans)


def _rng(course_id: str, quiz: QuizSpec, purpose: str) -> random.Random:
    # A string seed is hashed with SHA-512 by random.Random: the same forms on every machine and Python version.
    return random.Random(f"{course_id}|{quiz.id}|{quiz.seed}|{purpose}")


def select_items(
    course_id: str, pools: Mapping[str, Sequence[T]], quiz: QuizSpec, report: Report
) -> tuple[T, ...] | None:
    """The quiz's items in course order, or None (with an error) when the spec asks for more than exists.

    `pools` maps each article to its items, or to anything with the items' `type` (check selects on the
    features it cached, build on the items themselves: the same spec selects the same ids).
    """
    if quiz.pools:
        return _select_pools(quiz, pools, report)
    per_type = dict(quiz.per_type)
    types = quiz.types or (tuple(per_type) if per_type and not quiz.count else DEFAULT_TYPES)
    pool = [i for slug in quiz.articles for i in pools.get(slug, ()) if i.type in types or i.type in per_type]
    rng = _rng(course_id, quiz, "select")
    picked: list[int] = []  # positions in the pool: sampling positions draws what sampling the items would
    problems = []
    for item_type, wanted in quiz.per_type:
        of_type = [n for n, i in enumerate(pool) if i.type == item_type]
        if wanted > len(of_type):
            problems.append(f"{wanted} {item_type} item{'s' * (wanted != 1)} asked, {len(of_type)} available")
        else:
            picked.extend(rng.sample(of_type, wanted))
    if quiz.count is not None:
        rest = [n for n, i in enumerate(pool) if i.type not in per_type] if per_type else range(len(pool))
        missing = quiz.count - len(picked)
        if missing < 0:
            problems.append(f"count is {quiz.count} but per_type asks for {len(picked)}")
        elif missing > len(rest):
            problems.append(f"{quiz.count} item{'s' * (quiz.count != 1)} asked, {len(picked) + len(rest)} available")
        else:
            picked.extend(rng.sample(rest, missing))
    elif not quiz.per_type:
        picked = list(range(len(pool)))
    if not problems and not picked:
        problems.append("no item of its articles and types")
    if problems:
        where = quiz.location
        report.error(
            where.path,
            where.line,
            f"quiz '{quiz.id}' cannot be made: {'; '.join(problems)}; lower the counts or write more items",
            "quiz-impossible",
        )
        return None
    return tuple(pool[n] for n in sorted(picked))


def _select_pools(quiz: QuizSpec, pools: Mapping[str, Sequence[T]], report: Report) -> tuple[T, ...] | None:
    """Every item of the quiz's pools, in course order (each student or form then draws from them)."""
    members, problems = pool_members(quiz.pools, lambda slug: pools.get(slug, ()), DEFAULT_TYPES)
    if problems:
        where = quiz.location
        report.error(
            where.path,
            where.line,
            f"quiz '{quiz.id}' cannot be made: {'; '.join(problems)}; lower the picks or write more items",
            "quiz-impossible",
        )
        return None
    chosen = {id(item) for items in members for item in items}
    return tuple(i for slug in quiz.articles for i in pools.get(slug, ()) if id(i) in chosen)


def plan_quiz(course: Course, quiz: QuizSpec, items: tuple[Item, ...]) -> QuizPlan:
    """The quiz's plan: its items, and forms A, B, ... of them, each in its own order."""
    return QuizPlan(quiz, items, course.id)


def plan_forms(
    course_id: str, quiz: QuizSpec, items: tuple[Item, ...], points: Callable[[Item], float] | None = None
) -> tuple[Form, ...]:
    """Forms A, B, ... of the quiz: the same items, each form in its own order."""
    forms = []
    for index in range(quiz.forms):
        letter = string.ascii_uppercase[index]
        rng = _rng(course_id, quiz, f"form-{letter}")
        ordered = form_draw(course_id, quiz, items, letter) if quiz.pools else list(items)
        letters_used: Counter[int] = Counter()  # correct positions so far in this form
        if quiz.shuffle:
            rng.shuffle(ordered)
            # Essays last, as exams put them: a page of ruled lines mid-paper splits the quick questions and leaves
            # part-empty pages before it.
            ordered.sort(key=lambda item: item.type == "essay")
        questions = []
        for number, item in enumerate(ordered, start=1):
            order = _option_order(item, rng, letters_used if quiz.shuffle else None)
            worth = points(item) if points is not None else item_points(item, quiz)
            questions.append(Question(item, number, order, worth))
        forms.append(Form(letter, tuple(questions)))
    return tuple(forms)


def form_draw(course_id: str, quiz: QuizSpec, items: Sequence[T], letter: str) -> list[T]:
    """The items form `letter` of a pooled quiz draws, in course order: each form draws from an rng of its own, so
    its order is drawn as without pools. `items` may be anything with the items' `type` and `article` (lint draws on
    the features it cached)."""
    members = pool_members(
        quiz.pools, lambda slug: [i for i in items if getattr(i, "article", None) == slug], DEFAULT_TYPES
    )[0]
    chosen = draw(quiz.pools, members, _rng(course_id, quiz, f"draw-{letter}"))
    return [item for item in items if id(item) in chosen]


def form_groups(
    course_id: str, quizzes: Sequence[QuizSpec], selections: Mapping[str, Sequence[T] | None]
) -> tuple[list[tuple[str, list[T]]], list[str]]:
    """The items that meet on a printed form, as (quiz id, items) groups, and where each group is printed: one group
    for a quiz whose forms all carry its items ('forms A–C of quiz ...'), one per form when pools draw each form's."""
    groups, where = [], []
    for quiz in quizzes:
        chosen = list(selections.get(quiz.id) or ())
        letters = string.ascii_uppercase[: quiz.forms]
        if quiz.pools:
            for letter in letters:
                groups.append((quiz.id, form_draw(course_id, quiz, chosen, letter)))
                where.append(f"form {letter} of quiz '{quiz.id}'")
            continue
        groups.append((quiz.id, chosen))
        shown = f"form {letters}" if len(letters) == 1 else f"forms {letters[0]}–{letters[-1]}"
        where.append(f"{shown.replace('–', ' and ') if len(letters) == 2 else shown} of quiz '{quiz.id}'")
    return groups, where


def option_order(item: Item, rng: random.Random) -> tuple[int, ...]:
    """The display order of one item's options (Choice) or right-hand sides (Match) on its own, as on an Anki
    card: the planner's rules (numeric options ascending, `shuffle: false` kept), no other question to balance."""
    return _option_order(item, rng, Counter())


def _option_order(item: Item, rng: random.Random, letters_used: Counter[int] | None) -> tuple[int, ...]:
    payload = item.payload
    if isinstance(payload, Order):  # always shuffled, whatever the quiz says: in order, the steps are the answer
        return shuffled_steps(payload, rng)
    if isinstance(payload, Match):
        order = list(range(len(payload.pairs)))
        if payload.shuffle and letters_used is not None:
            rng.shuffle(order)
            if order == sorted(order):  # shuffled into bank order, every answer would sit beside its term
                order = order[1:] + order[:1]
        return tuple(order)
    if not isinstance(payload, Choice):
        return ()
    count = len(payload.options)
    numeric = _numeric_order(payload)
    if numeric is not None:
        return numeric
    if not payload.shuffle or letters_used is None:
        return tuple(range(count))
    correct = [i for i, o in enumerate(payload.options) if o.correct]
    wrong = [i for i, o in enumerate(payload.options) if not o.correct]
    if len(correct) != 1:
        order = list(range(count))
        rng.shuffle(order)
        return tuple(order)
    # Put the single key on the least used letter so far, so no letter is "usually right".
    fewest = min(letters_used[p] for p in range(count))
    position = rng.choice([p for p in range(count) if letters_used[p] == fewest])
    letters_used[position] += 1
    rng.shuffle(wrong)
    wrong.insert(position, correct[0])
    return tuple(wrong)


def shuffled_steps(payload: Order, rng: random.Random) -> tuple[int, ...]:
    """The steps of an ordering item in an order of `rng`'s that is never the right one."""
    order = list(range(len(payload.steps)))
    rng.shuffle(order)
    if order == sorted(order):
        order = order[1:] + order[:1]
    return tuple(order)


def _numeric_order(payload: Choice) -> tuple[int, ...] | None:
    """Options that are all numbers or ranges go in ascending order (Haladyna 21), not shuffled; else None."""
    keys = [sort_key(o.text) for o in payload.options]
    if len(keys) < 2 or any(k is None for k in keys):
        return None
    return tuple(sorted(range(len(keys)), key=lambda i: keys[i]))  # type: ignore[arg-type, return-value]
