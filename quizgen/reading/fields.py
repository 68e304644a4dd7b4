"""Typed reading of YAML values, reporting what is wrong and how to fix it."""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path

from quizgen.diagnostics import Report
from quizgen.reading.yamlfile import YamlList, YamlMap

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


class Fields:
    """Reads the fields of one YAML mapping, sending problems to a report with the right line."""

    def __init__(self, mapping: YamlMap, path: Path, report: Report, item: str | None = None) -> None:
        self.mapping = mapping
        self.path = path
        self.report = report
        self.item = item
        self.ok = True

    def line(self, key: str) -> int:
        return self.mapping.key_lines.get(key, self.mapping.line)

    def error(self, key: str | None, message: str, code: str) -> None:
        self.ok = False
        line = self.line(key) if key else self.mapping.line
        self.report.error(self.path, line, message, code, self.item)

    def check_known(self, known: tuple[str, ...], context: str) -> None:
        """Unknown keys are errors that suggest the nearest known name."""
        for key in self.mapping:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(known)}"
                self.error(key, f"unknown field '{key}' in {context}; {hint}", "unknown-field")

    def text(self, key: str, required: bool = False, what: str = "") -> str | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(None if key not in self.mapping else key, f"'{key}' is required{what}", "missing-field")
            return None
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text, not a {_kind(value)}{_quote_hint(value)}", "wrong-kind")
            return None
        if required and not value.strip():
            self.error(key, f"'{key}' is empty{what}", "empty-field")
            return None
        return value.strip()

    def texts(self, key: str, required: bool = False, minimum: int = 0, what: str = "") -> tuple[str, ...] | None:
        """A list of texts; a single text counts as a list of one."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.error(None if key not in self.mapping else key, f"'{key}' is required{what}", "missing-field")
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a list of texts, not a {_kind(value)}", "wrong-kind")
            return None
        result = []
        for element in value:
            if not isinstance(element, str) or not element.strip():
                shown = "an empty entry" if element is None or isinstance(element, str) else f"a {_kind(element)}"
                self.error(key, f"'{key}' has {shown}; every entry must be text", "wrong-kind")
                return None
            result.append(element.strip())
        if len(result) < minimum:
            self.error(key, f"'{key}' needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}{what}", "too-few")
            return None
        return tuple(result)

    def boolean(self, key: str, default: bool | None = None) -> bool | None:
        value = self.mapping.get(key)
        if value is None:
            return default
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        self.error(key, f"'{key}' must be true or false (found {_show(value)})", "wrong-kind")
        return default

    def number(self, key: str, default: float | None = None, minimum: float | None = None) -> float | None:
        value = self.mapping.get(key)
        if value is None:
            return default
        number = parse_number(value)
        if number is None:
            self.error(
                key, f"'{key}' must be a number (found {_show(value)}); write digits only, like 2 or 0.5", "wrong-kind"
            )
            return default
        if minimum is not None and number < minimum:
            self.error(key, f"'{key}' must be at least {minimum:g} (found {number:g})", "out-of-range")
            return default
        return number

    def integer(self, key: str, default: int | None = None, minimum: int | None = None) -> int | None:
        value = self.mapping.get(key)
        if value is None:
            return default
        number = parse_number(value)
        if number is None or number != int(number):
            self.error(key, f"'{key}' must be a whole number (found {_show(value)})", "wrong-kind")
            return default
        if minimum is not None and number < minimum:
            self.error(key, f"'{key}' must be at least {minimum} (found {int(number)})", "out-of-range")
            return default
        return int(number)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
        value = self.text(key)
        if value is None:
            return default
        if value.lower() not in choices:
            self.error(key, f"'{key}' must be one of {', '.join(choices)} (found '{value}')", "wrong-value")
            return default
        return value.lower()


def parse_number(value: object) -> float | None:
    if not isinstance(value, str) or not _NUMBER.match(value.strip()):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _kind(value: object) -> str:
    return "list" if isinstance(value, YamlList | list) else "mapping" if isinstance(value, dict) else "value"


def _show(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else f"a {_kind(value)}"


def _quote_hint(value: object) -> str:
    if isinstance(value, dict) and len(value) == 1:
        return " (a ': ' inside text makes YAML read a mapping: put the text in quotes)"
    return ""
