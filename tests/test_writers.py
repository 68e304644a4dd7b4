"""The writer registry: every format is a module whose NAME is its module name."""

from __future__ import annotations

import sys

from quizgen.writers import FORMATS, writers


def test_every_writer_is_named_after_its_module() -> None:
    for name, module in writers().items():
        assert name == module.NAME and module.DESCRIPTION and callable(module.outputs)
    assert list(writers()) == list(FORMATS)


def test_one_format_imports_only_its_writer() -> None:
    chosen = writers(["html"])
    assert list(chosen) == ["html"]
    assert "quizgen.writers.html" in sys.modules
