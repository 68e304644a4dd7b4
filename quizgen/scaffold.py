"""`quizgen init`: a new course with a sample article and a bank that uses every item type."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
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


def course_id(name: str) -> str:
    """An id from a folder name: accents dropped (`Cours été 2027` -> `cours-ete-2027`); a name with no Latin
    letters or digits (`한국 정치`) gets `course-` and a hash of it, so two such courses still differ."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", bare.casefold())
    return "-".join(words) if words else f"course-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _name_course(course_yaml: Path, name: str) -> None:
    """Give the course the folder's name: its id (which Anki deck and note ids derive from, so two new courses
    never share them) and its title."""
    text = course_yaml.read_text(encoding="utf-8")
    text = text.replace("\nid: my-course\n", f"\nid: {course_id(name)}\n", 1)
    text = text.replace("\ntitle: My Course\n", f"\ntitle: {json.dumps(name, ensure_ascii=False)}\n", 1)
    course_yaml.write_text(text, encoding="utf-8")
