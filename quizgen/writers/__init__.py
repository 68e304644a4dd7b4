"""The output formats: one module per format, each with NAME, DESCRIPTION and outputs(context) -> [Output]."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

FORMATS: tuple[str, ...] = ("html", "pdf", "anki", "qti", "qti21", "cc", "moodle")  # module names, in build order


def writers(names: Iterable[str] | None = None) -> dict[str, ModuleType]:
    """The writers of `names` (default: all) by name, imported only when asked for: a build of one format
    does not pay for the libraries of the others."""
    wanted = set(FORMATS if names is None else names)
    chosen = [name for name in FORMATS if name in wanted]
    return {name: importlib.import_module(f"quizgen.writers.{name}") for name in chosen}
