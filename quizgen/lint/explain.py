"""`quizgen check --explain CODE`: what a rule looks for, why it matters, and examples."""

from __future__ import annotations

import textwrap

from quizgen.lint.registry import RULES, Example, Rule


def _wrap(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, width=100, initial_indent=f"{label + ':':<12}", subsequent_indent=" " * 12)


def _example(example: Example) -> list[str]:
    lines = [f"  - {example.note}"]
    for key, value in example.item.items():
        shown = "[" + ", ".join(value) + "]" if isinstance(value, list) else value
        lines.append(f"      {key}: {shown}")
    return lines


def _settings(rule: Rule) -> list[str]:
    if not rule.settings:
        return []
    lines = ["Settings:   (course.yaml, lint: {" + rule.code + ": {name: value}})"]
    for name, s in rule.settings.items():
        default = int(s.default) if s.integer else s.default
        lines.append(f"  {name} = {default:g}  ({s.help}; {s.minimum:g} to {s.maximum:g})")
    return lines


def explain(code: str) -> str:
    """The documentation of one rule as plain text; KeyError for an unknown code."""
    rule = RULES[code]
    lines = [f"{rule.code}: {rule.title}", ""]
    if rule.types:
        lines += _wrap("Applies to", ", ".join(rule.types))
    lines += _wrap("Looks for", rule.looks_for) + _wrap("Why", rule.why) + _wrap("Source", rule.source)
    lines += [""] + _settings(rule)
    lines += ["Fires:"] + [line for e in rule.fires for line in _example(e)]
    lines += ["Does not fire:"] + [line for e in rule.passes for line in _example(e)]
    if rule.allowable:
        lines += ["", f"Allow it in one item: allow: {{{rule.code}: <why this item breaks it on purpose>}}"]
    lines += [f"Switch it off for the course: lint: {{disable: [{rule.code}]}} in course.yaml"]
    return "\n".join(lines)
