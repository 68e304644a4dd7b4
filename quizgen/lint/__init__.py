"""Item-writing lint: rules that catch flawed items before students see them."""

from __future__ import annotations

from quizgen.lint import answers, bank, cues, options, order, stem, wording  # noqa: F401  (importing registers the rules)
from quizgen.lint.config import read_lint_settings
from quizgen.lint.explain import explain
from quizgen.lint.registry import RULES
from quizgen.lint.run import bank_duplicates, lint_course_wide, lint_items

__all__ = ["RULES", "bank_duplicates", "explain", "lint_course_wide", "lint_items", "read_lint_settings"]
