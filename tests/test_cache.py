"""Re-checks reuse the banks that did not change, and report exactly what a cold check reports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quizgen import check as check_module
from quizgen.check import check_course
from quizgen.reading.cache import ReadingCache

BANK = "sample-article/items.yaml"


def entries(course: Path) -> Path:
    """The folder of the course's cache entries."""
    return ReadingCache(course, {}).folder


def formatted(result) -> list[str]:
    return [d.format() for d in result.report.sorted()]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs whose article and bank are really read (not taken from the cache)."""
    calls: list[str] = []
    real = check_module.load_reading

    def spy(folder: Path, slug: str, *rest):
        calls.append(slug)
        return real(folder, slug, *rest)

    monkeypatch.setattr(check_module, "load_reading", spy)
    return calls


def add_article(course: Path, slug: str) -> None:
    (course / slug).mkdir()
    (course / slug / "article.txt").write_text("---\ntitle: Wasps\n---\nWasps build paper nests from chewed wood.\n")
    (course / slug / "items.yaml").write_text(
        f"- id: {slug}-nests\n  type: tf\n  prompt: Wasps build paper nests.\n  answer: true\n"
        "  quote: wasps build paper nests\n"  # a case difference: a warning that must survive the cache
    )


def test_recheck_reads_only_the_changed_bank(sample_course: Path, counted: list[str]) -> None:
    add_article(sample_course, "wasps")
    cold = check_course(sample_course, model=False)
    assert sorted(counted) == ["sample-article", "wasps"]
    counted.clear()
    warm = check_course(sample_course, model=False)
    assert counted == []
    assert formatted(warm) == formatted(cold) and any("quote-case" in line for line in formatted(warm))
    bank = sample_course / BANK
    bank.write_text(bank.read_text().replace("What is the waggle dance for?", "What is the waggle dance used for?"))
    counted.clear()
    check_course(sample_course, model=False)
    assert counted == ["sample-article"]


def test_check_keeps_no_models_and_a_build_keeps_them_once(
    sample_course: Path, counted: list[str], tmp_path: Path
) -> None:
    from quizgen.build import build

    add_article(sample_course, "wasps")
    check_course(sample_course, model=False)  # what `quizgen check` does: the summaries alone are kept
    size = (entries(sample_course) / "sample-article.msgpack").stat().st_size
    counted.clear()
    assert check_course(sample_course, model=False).report.errors == [] and counted == []  # summaries are reused
    build(sample_course, tmp_path / "out", ["html"])
    assert sorted(counted) == ["sample-article", "wasps"]  # checked once more, keeping the models this time
    assert (entries(sample_course) / "sample-article.msgpack").stat().st_size > size
    counted.clear()
    build(sample_course, tmp_path / "out", ["html"], force=True)
    check_course(sample_course, model=False)
    assert counted == []  # then both the build and the check read the cache


def test_cached_and_cold_checks_agree_in_both_modes(unicode_course: Path) -> None:
    cold = formatted(check_course(unicode_course, model=True))
    summary = check_course(unicode_course, model=False)
    model = check_course(unicode_course, model=True)
    assert formatted(summary) == cold == formatted(model)
    assert model.course is not None and len(model.course.items) == summary.counts[0]
    assert [p.items for p in model.plans] == [p.items for p in check_course(unicode_course).plans]


def test_errors_come_back_from_the_cache(sample_course: Path) -> None:
    bank = sample_course / BANK
    bank.write_text(bank.read_text().replace("answer: true", "answer: Yes"))
    first = formatted(check_course(sample_course, model=False))
    assert any("must be true or false" in line for line in first)
    assert formatted(check_course(sample_course, model=False)) == first


def test_lint_settings_are_part_of_the_key(sample_course: Path) -> None:
    add_article(sample_course, "wasps")
    bank = sample_course / "wasps" / "items.yaml"
    text = bank.read_text().replace("Wasps build paper nests.", "Wasps **never** build paper nests.")
    bank.write_text(text.replace("answer: true", "answer: false"))
    assert any("[absolute-word]" in line for line in formatted(check_course(sample_course, model=False)))
    course_yaml = sample_course / "course.yaml"
    course_yaml.write_text(course_yaml.read_text() + "lint:\n  disable: [absolute-word]\n")
    assert not any("[absolute-word]" in line for line in formatted(check_course(sample_course, model=False)))


def test_a_broken_or_missing_cache_is_rebuilt(sample_course: Path, counted: list[str]) -> None:
    check_course(sample_course)
    cache = entries(sample_course)
    (entry,) = cache.glob("*.msgpack")
    entry.write_bytes(entry.read_bytes()[:-40])  # cut short, as by a full disk
    counted.clear()
    assert not check_course(sample_course).report.errors
    assert counted == ["sample-article"]
    shutil.rmtree(cache)
    assert not check_course(sample_course).report.errors
    assert (cache / "sample-article.msgpack").exists()


@pytest.mark.parametrize("cpus", [2, 3])
def test_parallel_check_reports_exactly_what_a_serial_check_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpus: int
) -> None:
    from bench.synthetic import write_course

    course = write_course(tmp_path / "big", articles=20, items_per_article=10)
    monkeypatch.setattr(check_module, "PARALLEL_FROM", 10**9)
    serial = formatted(check_course(course, model=False))
    shutil.rmtree(entries(course))
    monkeypatch.setattr(check_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(check_module, "_cpus", lambda: cpus)
    parallel = check_course(course, model=True)
    assert formatted(parallel) == serial and serial
    assert parallel.course is not None and len(parallel.course.items) == 200
    assert len(list(entries(course).glob("*.msgpack"))) == 20  # the children filled the cache too


def test_a_share_whose_child_fails_is_checked_by_the_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.synthetic import write_course

    course = write_course(tmp_path / "big", articles=20, items_per_article=10)
    expected = formatted(check_course(course, model=False))
    shutil.rmtree(entries(course))
    parent, check_reading = os.getpid(), check_module._check_reading

    def failing_in_children(*args):
        if os.getpid() != parent:
            raise RuntimeError("a child fails")
        return check_reading(*args)

    monkeypatch.setattr(check_module, "_check_reading", failing_in_children)
    monkeypatch.setattr(check_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(check_module, "_cpus", lambda: 2)
    assert formatted(check_course(course, model=False)) == expected


@pytest.mark.parametrize("count", [1, 7, 4096, 4097, 10_000])
def test_the_job_queue_hands_out_every_job_once_across_processes(tmp_path: Path, count: int) -> None:
    queue = check_module._Queue(count)
    taken = tmp_path / "child"
    pid = os.fork()
    if not pid:  # the child takes jobs as fast as the parent, and writes down which
        try:
            taken.write_text(" ".join(map(str, queue)))
        finally:
            os._exit(0)
    mine = list(queue)
    os.waitpid(pid, 0)
    queue.close()
    theirs = [int(n) for n in taken.read_text().split()]
    assert sorted(mine + theirs) == list(range(count))


def test_a_check_from_another_folder_shows_paths_from_there(
    sample_course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = sample_course / BANK
    bank.write_text(bank.read_text(encoding="utf-8").replace("  type: mcq\n", "  type: mcq\n  typo: 1\n", 1), "utf-8")
    monkeypatch.chdir(sample_course.parent)
    [outside] = check_course(Path(sample_course.name), model=False).report.errors
    monkeypatch.chdir(sample_course)
    [inside] = check_course(Path("."), model=False).report.errors  # the cached summary holds the other path
    assert outside.path == f"{sample_course.name}/{BANK}" and inside.path == BANK


def test_the_model_from_the_cache_is_the_model_read(unicode_course: Path) -> None:
    from quizgen.check import ALLOWABLE
    from quizgen.diagnostics import Report
    from quizgen.reading.course import load_reading

    check_course(unicode_course, model=True)  # fills the cache
    course = check_course(unicode_course, model=True).course  # read from it
    assert course is not None
    for article in course.articles:
        read, bank = load_reading(unicode_course / article.slug, article.slug, Report(), ALLOWABLE)
        assert (article, course.items_of(article.slug)) == (read, bank.items)
