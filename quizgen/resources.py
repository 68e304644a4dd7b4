"""Where the shipped templates live, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    installed = _PACKAGE / "templates"  # a wheel puts templates/ inside the package
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"
