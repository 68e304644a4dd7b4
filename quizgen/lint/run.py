"""Run every enabled rule over a loaded course and report warnings; honour each item's `allow:`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quizgen.diagnostics import Diagnostic, Report, display_path
from quizgen.lint.config import disabled, settings_for
from quizgen.lint.registry import RULES, CourseContext, Example, Finding, ItemText, Rule, register
from quizgen.model import Course


def _findings(rule: Rule, ctx: CourseContext, lint: dict) -> Iterator[Finding]:
    settings = settings_for(rule.code, lint)
    if rule.scope == "item":
        for item in ctx.course.items:
            if item.type in rule.types:
                yield from rule.check(ctx.texts[item.id], settings)
    elif rule.scope == "course":
        yield from rule.check(ctx, settings)


def lint_course(course: Course, plans: tuple, report: Report) -> None:
    """Every enabled rule's warnings, in the `path:line: warning: ... [code]` form, minus what items allow."""
    ctx = CourseContext(course, plans, {item.id: ItemText(item) for item in course.items})
    off = disabled(course.lint)
    used: set[tuple[str, str]] = set()
    paths: dict[Path, str] = {}
    for code, rule in RULES.items():
        if code in off:
            continue
        for finding in _findings(rule, ctx, course.lint):
            item = finding.item
            if item is not None and code in dict(item.allow):
                used.add((item.id, code))
                continue
            if item is None:
                report.warning(finding.path or ctx.course_yaml, finding.line, finding.message, code)
            else:
                shown = _shown(item.location.path, paths)
                line = item.line_of(finding.field)
                report.diagnostics.append(Diagnostic(shown, line, "warning", finding.message, code, item.id))
    if UNUSED not in off:
        _unused_allows(course, used, off, report)


UNUSED = "unused-allow"


def _shown(path: Path, cache: dict[Path, str]) -> str:
    """The path as diagnostics show it, worked out once per bank."""
    if path not in cache:
        cache[path] = display_path(path)
    return cache[path]


def _unused_allows(course: Course, used: set[tuple[str, str]], off: frozenset[str], report: Report) -> None:
    for item in course.items:
        for code, _why in item.allow:
            if code in RULES and code not in off and (item.id, code) not in used:
                report.warning(
                    item.location.path,
                    item.line_of("allow"),
                    f"allows '{code}' but the rule does not fire on this item: remove the stale allow",
                    UNUSED,
                    item.id,
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
