"""The `lint:` mapping of course.yaml: rules switched off and thresholds tuned, validated with clear errors."""

from __future__ import annotations

import difflib
from pathlib import Path

from quizgen.diagnostics import Report
from quizgen.lint.registry import RULES, Settings
from quizgen.reading.fields import parse_number
from quizgen.reading.yamlfile import YamlList, YamlMap

SHAPE = "lint: {disable: [code, ...], key-longest: {ratio: 1.5}, ...}"


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"


def read_lint(value: object, path: Path, line: int, report: Report) -> dict:
    """The validated `lint:` mapping: {'disable': [codes], code: {setting: number}}; problems are errors."""
    if value is None:
        return {}
    if not isinstance(value, YamlMap):
        report.error(path, line, f"'lint' must be a mapping, like {SHAPE}", "bad-lint")
        return {}
    result: dict = {"disable": []}
    codes = sorted(RULES)
    for key, entry in value.items():
        where = value.key_lines.get(key, value.line)
        if key == "disable":
            result["disable"] = _disable(entry, path, where, report)
        elif key not in RULES:
            report.error(path, where, f"unknown lint rule '{key}'; {_suggest(key, codes)}", "bad-lint")
        else:
            result[key] = _settings(key, entry, path, where, report)
    return result


def _disable(entry: object, path: Path, line: int, report: Report) -> list[str]:
    codes = [entry] if isinstance(entry, str) else entry
    if not isinstance(codes, YamlList | list) or not all(isinstance(c, str) for c in codes):
        report.error(path, line, "'disable' lists rule codes, like disable: [clang, hedged-key]", "bad-lint")
        return []
    for code in codes:
        if code not in RULES:
            report.error(
                path, line, f"cannot disable unknown lint rule '{code}'; {_suggest(code, sorted(RULES))}", "bad-lint"
            )
    return [c for c in codes if c in RULES]


def _settings(code: str, entry: object, path: Path, line: int, report: Report) -> Settings:
    known = RULES[code].settings
    if not isinstance(entry, YamlMap):
        names = ", ".join(known) or "none"
        report.error(path, line, f"'{code}' takes a mapping of settings ({names}), like {code}: {{...}}", "bad-lint")
        return {}
    values: Settings = {}
    for name, raw in entry.items():
        where = entry.key_lines.get(name, line)
        if name not in known:
            hint = _suggest(name, list(known)) if known else "this rule has no settings"
            report.error(path, where, f"unknown setting '{name}' for lint rule '{code}'; {hint}", "bad-lint")
            continue
        setting, number = known[name], parse_number(raw)
        if number is None or (setting.integer and number != int(number)):
            kind = "a whole number" if setting.integer else "a number"
            report.error(path, where, f"'{code}: {name}' must be {kind} (found '{raw}')", "bad-lint")
        elif not setting.minimum <= number <= setting.maximum:
            report.error(
                path,
                where,
                f"'{code}: {name}' must be between {setting.minimum:g} and {setting.maximum:g} (found {number:g})",
                "bad-lint",
            )
        else:
            values[name] = int(number) if setting.integer else number
    return values


def settings_for(code: str, lint: dict) -> Settings:
    """A rule's thresholds: its defaults, overridden by the course's `lint:` mapping."""
    values = {name: s.default for name, s in RULES[code].settings.items()}
    values.update(lint.get(code, {}))
    return values


def disabled(lint: dict) -> frozenset[str]:
    return frozenset(lint.get("disable", ()))


def read_lint_settings(course_dir: Path, meta: object, report: Report) -> dict:
    """The validated `lint:` mapping of course.yaml (needed before the banks are linted)."""
    if not isinstance(meta, YamlMap):
        return {}
    line = meta.key_lines.get("lint", meta.line)
    return read_lint(meta.get("lint"), course_dir / "course.yaml", line, report)
