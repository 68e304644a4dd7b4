"""Shared fixtures: fixture courses copied into a temporary folder, so tests may edit them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizgen.check import check_course
from quizgen.resources import templates_dir

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


# The line that makes the sample course's two-blank cloze worth a point a blank; tests drop it for a 1-point cloze.
POINT_PER_BLANK = "  points: 2  # a point per blank (Moodle gives each blank a whole number of marks)\n"


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of each test's own (quizgen and the quizgen it starts keep their caches there)."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "quizgen"


def copy_course(source: Path, target: Path) -> Path:
    """A copy of a fixture course to work on (tests never check the fixtures in place: checks write a cache)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".quizgen-cache"))
    return target


@pytest.fixture
def sample_course(tmp_path: Path) -> Path:
    """The course `quizgen init` writes: one article, every item type."""
    return copy_course(templates_dir() / "init", tmp_path / "sample")


@pytest.fixture
def unicode_course(tmp_path: Path) -> Path:
    """A course full of Korean, accents, emoji, `<`, `&` and `]]>`."""
    return copy_course(FIXTURES / "unicode", tmp_path / "unicode")


@pytest.fixture
def example_course(tmp_path: Path) -> Path:
    """The example course of the repository (items/)."""
    return copy_course(REPO / "items", tmp_path / "items")


def loaded(course_dir: Path):
    """The checked course and its plans; fails the test on any error."""
    result = check_course(course_dir)
    assert not result.report.errors, [d.format() for d in result.report.errors]
    return result.course, result.plans


UNTESTED = "Drones that never dance still fan the brood to keep it warm; nothing in the bank asks about them."


def add_untested_paragraph(course_dir: Path, slug: str = "sample-article") -> int:
    """Append a paragraph no item quotes; returns its number."""
    path = course_dir / slug / "article.txt"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\n{UNTESTED}\n", encoding="utf-8")
    body = text.split("---", 2)[2]
    return len([p for p in body.split("\n\n") if p.strip()]) + 1
