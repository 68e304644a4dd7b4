"""Diagnostics: every problem found in a course, reported at once as `path:line: severity: message [code]`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Diagnostic(NamedTuple):  # a tuple: cheap to make, compare and cache by the thousand
    path: str
    line: int
    severity: str  # "error", "warning", or "note" (what a format cannot hold: shown, but not a problem to fix)
    message: str
    code: str
    item: str | None = None

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        subject = f"item '{self.item}': " if self.item else ""
        return f"{where}: {self.severity}: {subject}{self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)  # not a file named '..notes'
    # abspath, not resolve: no file system calls (lint shows a path per bank), and the path the user gave rather
    # than where its symlinks lead
    return os.path.abspath(path) if outside else relative


@dataclass
class Report:
    """Collects diagnostics while a course is loaded and checked."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: Path | str, line: int, message: str, code: str, item: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(display_path(path), line, "error", message, code, item))

    def warning(self, path: Path | str, line: int, message: str, code: str, item: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(display_path(path), line, "warning", message, code, item))

    def note(self, path: Path | str, line: int, message: str, code: str, item: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(display_path(path), line, "note", message, code, item))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def unique(self) -> list[Diagnostic]:
        """The diagnostics, each once (two checks may find the same problem), in the order found."""
        return list(dict.fromkeys(self.diagnostics))

    # Each kind is picked out before the repeats are dropped: a big course has thousands of warnings, and the
    # check asks for its errors several times.
    @property
    def errors(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for d in self.diagnostics if d.is_error))

    @property
    def warnings(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for d in self.diagnostics if d.severity == "warning"))

    @property
    def notes(self) -> list[Diagnostic]:
        return list(dict.fromkeys(d for d in self.diagnostics if d.severity == "note"))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.unique(), key=lambda d: (d.path, d.line, d.severity, d.code, d.message))

    def summary(self) -> str:
        errors, warnings, notes = len(self.errors), len(self.warnings), len(self.notes)
        files = len({d.path for d in self.unique() if d.severity != "note"})
        found = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"
        summary = found if errors or warnings else "no problems found"
        return f"{summary} ({_plural(notes, 'note')})" if notes else summary


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
