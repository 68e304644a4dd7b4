"""Anki writer figures: quizgen's packages vs a bare genanki script writing the same notes, and Anki's import time.

The lead's bench script calls `bench_anki(course)`; run alone: `python bench/anki_bench.py COURSE_DIR`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import genanki

from quizgen.model import Course
from quizgen.writers import anki
from quizgen.writers.anki.release import Release, update


def _release(course: Course) -> Release:
    """A first release of the course, in memory (no record written)."""
    notes = [anki.note_spec(item, course) for item in course.items]
    return update(None, notes, anki.templates_hash(), anki.deck_names(course), 1_700_000_000, anki.retire)


def _plan(course: Course, release: Release) -> anki.Plan:
    return anki.Plan(release, None, course.path / anki.RECORD_FILE, anki.course_order(course, release))


def quizgen_packages(course: Course) -> dict[str, bytes]:
    """Everything the writer does for a build: notes from items, the release, every deterministic package."""
    shipped = _plan(course, _release(course))
    packages = {f"{course.id}.apkg": anki.apkg_bytes(course, shipped)}
    for article in course.articles:
        packages[f"{course.id}-{article.slug}.apkg"] = anki.apkg_bytes(course, shipped, article.slug)
    return packages


def bare_genanki(course: Course, release: Release, path: Path) -> None:
    """The baseline: plain genanki writing the same notes (fields already made) into one package, as its docs show."""
    models = anki.note_types(course)
    names = dict(release.decks)
    decks = {a.slug: genanki.Deck(anki.deck_id(course.id, a.slug), names[a.slug]) for a in course.articles}
    for item_id, entry in release.entries:
        note = entry.note
        decks[note.article].add_note(
            genanki.Note(models[note.kind], list(note.fields), tags=list(note.tags), guid=item_id)
        )
    genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=release.released)


def _best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def anki_import_seconds(package: Path) -> float:
    """Seconds the official Anki library takes to import `package` into a fresh collection."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "bench.anki2"))
        try:
            request = ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions())
            start = time.perf_counter()
            col.import_anki_package(request)
            return time.perf_counter() - start
        finally:
            col.close()


def bench_anki(course: Course, repeat: int = 3) -> dict[str, float]:
    """Seconds: quizgen making the notes from items, writing the course package (deterministic zip included), all
    packages (notes included); bare genanki writing the same notes (fields given) into one package; Anki importing
    the course package into a fresh collection. Ratios to bare genanki."""
    release = _release(course)
    with tempfile.TemporaryDirectory() as folder:
        bare_path = Path(folder) / "bare.apkg"
        bare = _best(lambda: bare_genanki(course, release, bare_path), repeat)
        notes = _best(lambda: _release(course), repeat)
        shipped = _plan(course, release)
        course_only = _best(lambda: anki.apkg_bytes(course, shipped), repeat)
        everything = _best(lambda: quizgen_packages(course), repeat)
        largest = Path(folder) / "course.apkg"
        largest.write_bytes(anki.apkg_bytes(course, shipped))
        imported = anki_import_seconds(largest)
        return {
            "notes": float(len(course.items)),
            "quizgen_notes_s": notes,
            "quizgen_course_package_s": course_only,
            "quizgen_all_packages_s": everything,
            "bare_genanki_s": bare,
            "ratio_course_package": course_only / bare,
            "ratio_with_notes": (notes + course_only) / bare,
            "course_package_bytes": float(largest.stat().st_size),
            "bare_genanki_bytes": float(bare_path.stat().st_size),
            "anki_import_s": imported,
        }


def main(argv: list[str]) -> int:
    from quizgen.check import check_course

    result = check_course(Path(argv[0]))
    if result.course is None:
        print(result.report.summary())
        return 1
    for key, value in bench_anki(result.course).items():
        print(f"{key:28} {value:.4g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
