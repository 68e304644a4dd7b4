"""The benchmark scripts still run against the code (on a tiny course; figures are not asserted here)."""

from __future__ import annotations

from pathlib import Path

from bench.anki_bench import bench_anki
from bench.pdf_bench import measure
from bench.synthetic import write_course
from tests.conftest import loaded


def test_writer_benchmarks_run(tmp_path: Path) -> None:
    course, plans = loaded(write_course(tmp_path / "c", articles=2, items_per_article=12))
    anki = bench_anki(course, repeat=1)
    assert anki["notes"] == 24 and anki["anki_import_s"] > 0
    pdf = measure(course, plans, repeat=1)
    assert pdf["pages"] > 0 and pdf["ratio_to_bare"] > 0


def test_main_benchmark_prints_its_table() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "2", "--formats", "html"], capture_output=True, text=True, cwd=root
    )
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.strip().splitlines()[-2:]
    assert header.split()[:2] == ["articles", "items"] and row.split()[:2] == ["2", "100"]


def test_import_benchmark_scores_run(tmp_path: Path) -> None:
    from bench.import_bench import _score, f1, report, whole_share
    from bench.import_corpus import make_page, shared_mime_info_spec

    assert f1("the dance of the bee tells", "the dance of the bee tells") == 1.0
    assert f1("the dance of the bee tells", "a map of the meadow in spring") == 0.0
    assert whole_share(["One two three. Four five."], ["One two three.", "Six."]) == 0.5
    page, pdf = _score(make_page(tmp_path / "p.html")), _score(shared_mime_info_spec())
    assert 0 < page["f1"] <= 1 and 0 < pdf["f1"] <= 1 and 0 < pdf["whole"] <= 1
    rows = {"pages": [page], "pdfs": [pdf], "time_20_page_pdf_s": 1, "time_saved_page_s": 1, "saved_page_import_s": 0}
    assert "web pages: body F1" in report(rows)
