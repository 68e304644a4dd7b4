"""The output formats: one module per format, each with NAME, DESCRIPTION and outputs(context) -> [Output]."""

from __future__ import annotations

from types import ModuleType

WRITER_MODULES: tuple[str, ...] = ("html", "pdf", "anki", "qti", "qti21", "cc", "moodle")  # in build order


def writers() -> dict[str, ModuleType]:
    """Every writer by name, imported on first use so `quizgen check` stays fast."""
    import importlib

    modules = [importlib.import_module(f"quizgen.writers.{name}") for name in WRITER_MODULES]
    return {module.NAME: module for module in modules}
