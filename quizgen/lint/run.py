"""Run every enabled rule over a loaded course and report warnings; honour each item's `allow:`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from quizgen.diagnostics import Diagnostic, Report, display_path
from quizgen.lint import bank
from quizgen.lint.config import disabled, settings_for
from quizgen.lint.features import ItemFeatures, features_of
from quizgen.lint.registry import RULES, CourseContext, Example, Finding, ItemText, Rule, register
from quizgen.lint.text import plain
from quizgen.model import ITEM_TYPES, Article, Item


def bank_duplicates(features: list[ItemFeatures], lint: dict) -> tuple[tuple[str, str, float], ...]:
    """The near-duplicates inside one bank (by overlapping quotes), to cache with it; none when the rule is off."""
    if "near-duplicate" in disabled(lint):
        return ()
    return bank.quote_duplicates(features, settings_for("near-duplicate", lint)["jaccard"])


def lint_items(items: Sequence[Item], lint: dict, report: Report, article: Article | None = None) -> list[ItemFeatures]:
    """Run the item rules over one bank's items (`article`: theirs, for rules that weigh a word by how often the
    article uses it); returns what course-wide rules need of each item."""
    off = disabled(lint)
    enabled = [(code, rule, settings_for(code, lint)) for code, rule in RULES.items() if code not in off]
    rules_for = {kind: [r for r in enabled if r[1].scope == "item" and kind in r[1].types] for kind in ITEM_TYPES}
    paths: dict[Path, str] = {}
    features = []
    words = WordCounts(article) if article is not None else None
    for item in items:
        text = ItemText(item, words)
        allows = dict(item.allow)
        allowed_fired = []
        shown = _shown(item.location.path, paths)
        for code, rule, settings in rules_for[item.type]:
            for finding in rule.check(text, settings):
                if code in allows:
                    allowed_fired.append(code)
                    continue
                line = item.line_of(finding.field)
                report.diagnostics.append(Diagnostic(shown, line, "warning", finding.message, code, item.id))
        features.append(features_of(text, shown, tuple(dict.fromkeys(allowed_fired))))
    return features


def lint_course_wide(
    features: list[ItemFeatures],
    quizzes: list[tuple[str, list[ItemFeatures]]],
    course_yaml: Path,
    lint: dict,
    report: Report,
    quote_duplicates: list[tuple[str, str, float]] | None = None,
    where: list[str] | None = None,
) -> None:
    """Run the course-wide rules (statistics, near-duplicates, leaks), then report allows that nothing used.
    `quote_duplicates`: the near-duplicates found inside each bank when it was checked (else worked out here);
    `quizzes`: the items that meet on a form, per quiz (or per form, when pools draw each form's); `where`: the
    forms each group is printed on, for messages that say where two items meet."""
    off = disabled(lint)
    ctx = CourseContext(features, quizzes, course_yaml, quote_duplicates, where or [])
    used = {(f.id, code) for f in features for code in f.allowed_fired}
    for code, rule in RULES.items():
        if rule.scope != "course" or code in off:
            continue
        for finding in rule.check(ctx, settings_for(code, lint)):
            item = finding.feature
            if item is None:
                report.warning(course_yaml, finding.line, finding.message, code)
            elif code in item.allow:
                used.add((item.id, code))
            else:
                report.diagnostics.append(Diagnostic(item.path, item.line, "warning", finding.message, code, item.id))
    if UNUSED not in off:
        _unused_allows(features, used, off, report)


UNUSED = "unused-allow"


class WordCounts:
    """How often a word occurs in an article, looked up when a rule asks (a few cloze deletions per bank do)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.spaced: str | None = None  # the article's words, casefolded, each between single spaces

    def get(self, word: str, default: int = 0) -> int:
        if self.spaced is None:
            text = " ".join(plain(p.text) for p in self.article.paragraphs).casefold()
            self.spaced = " " + " ".join(_NOT_WORD.split(text)) + " "
        return self.spaced.count(f" {word} ") or default


_NOT_WORD = re.compile(r"[\W_]+")


def _shown(path: Path, cache: dict[Path, str]) -> str:
    """The path as diagnostics show it, worked out once per bank."""
    if path not in cache:
        cache[path] = display_path(path)
    return cache[path]


def _unused_allows(
    features: list[ItemFeatures], used: set[tuple[str, str]], off: frozenset[str], report: Report
) -> None:
    for item in features:
        for code in item.allow:
            if code in RULES and code not in off and (item.id, code) not in used:
                report.diagnostics.append(
                    Diagnostic(
                        item.path,
                        item.allow_line,
                        "warning",
                        f"allows '{code}' but the rule does not fire on this item: remove the stale allow",
                        UNUSED,
                        item.id,
                    )
                )


def _no_findings(_ctx: CourseContext, _settings: dict) -> Iterator[Finding]:
    return iter(())


register(
    Rule(
        UNUSED,
        "an item allows a rule it does not break",
        "meta",
        (),
        "An entry of an item's `allow:` mapping whose rule is enabled but raises no warning on the item.",
        "An allow records a deliberate exception; once the item is fixed, a stale allow would silence the rule "
        "the next time the item is edited into the flaw.",
        "quizgen: allows are part of the item and must stay true",
        _no_findings,
        fires=(Example("allow: {key-longest: the full title is the answer} on an item whose key is short"),),
        passes=(Example("the same allow on an item whose key is 2x its longest distractor"),),
        allowable=False,
    )
)
