"""`quizgen init`: a new course with a sample article and a bank that uses every item type."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizgen.errors import UserError
from quizgen.resources import templates_dir


def init_course(target: Path) -> list[Path]:
    """Copy the sample course into `target` (new or empty) and return the files written."""
    if target.exists() and any(target.iterdir()):
        raise UserError(f"{target} is not empty: choose a new folder, e.g. `quizgen init my-course`")
    source = templates_dir() / "init"
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".quizgen-cache"))
    return sorted(p for p in target.rglob("*") if p.is_file())
