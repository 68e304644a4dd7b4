"""`quizgen init`: a new course with a sample article and a bank that uses every item type."""

from __future__ import annotations

import json
import re
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
    _name_course(target / "course.yaml", target.resolve().name)
    return sorted(p for p in target.rglob("*") if p.is_file())


def _name_course(course_yaml: Path, name: str) -> None:
    """Give the course the folder's name: its id (which Anki deck and note ids derive from, so two new courses
    never share them) and its title."""
    course_id = "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "my-course"
    text = course_yaml.read_text(encoding="utf-8")
    text = text.replace("\nid: my-course\n", f"\nid: {course_id}\n", 1)
    text = text.replace("\ntitle: My Course\n", f"\ntitle: {json.dumps(name, ensure_ascii=False)}\n", 1)
    course_yaml.write_text(text, encoding="utf-8")
