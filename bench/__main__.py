"""Benchmarks on synthetic courses of growing size: `python -m bench [--sizes 50,200,800]`.

Each figure is measured in a fresh process (so imports, caches and peak memory are honest).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic import clear_cache, write_course

ROOT = Path(__file__).resolve().parent.parent


def touch_one_bank(course: Path) -> None:
    bank = next(iter(sorted(course.glob("*/items.yaml"))))
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("Synthetic explanation.", "Edited explanation.", 1), "utf-8"
    )


def bench_size(articles: int, workdir: Path, formats: list[str], writer_names: list[str]) -> dict:
    course = write_course(workdir / f"course-{articles}", articles)
    row: dict = {"articles": articles, "items": articles * 50}
    row["parse"], row["check"] = _parse_and_cold_check(course)
    _single("check", str(course))  # warm the cache
    touch_one_bank(course)
    row["recheck"] = _single("check", str(course))
    for fmt in formats:
        out = workdir / f"out-{articles}-{fmt}"
        shutil.rmtree(out, ignore_errors=True)
        clear_cache(course)
        row[f"build:{fmt}"] = _single(f"build:{fmt}", str(course), str(out))
        row[f"rebuild:{fmt}"] = _single(f"build:{fmt}", str(course), str(out))
    if writer_names:
        output = subprocess.run(
            [sys.executable, "-m", "bench.writers_bench", str(course), ",".join(writer_names)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if output.returncode:
            raise SystemExit(output.stderr)
        row["writers"] = json.loads(output.stdout)
    return row


def _single(*args: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.measure", *args], capture_output=True, text=True, cwd=ROOT)
    if output.returncode:
        raise SystemExit(output.stderr)
    return json.loads(output.stdout)


def _parse_and_cold_check(course: Path) -> tuple[dict, dict]:
    """The best of three bare parses and of three cold checks, taken in turns: the speed of a shared machine
    drifts, and the ratio of the two should not measure the drift."""
    parses, checks = [], []
    for _ in range(3):
        parses.append(_single("parse", str(course)))
        clear_cache(course)
        checks.append(_single("check", str(course)))
    return min(parses, key=lambda r: r["seconds"]), min(checks, key=lambda r: r["seconds"])


def report(rows: list[dict], formats: list[str]) -> None:
    print(
        f"{'articles':>8} {'items':>6} {'parse s':>8} {'check s':>8} {'ratio':>6} {'recheck s':>9} "
        f"{'re/cold':>7} {'peak MB':>8}",
        end="",
    )
    for fmt in formats:
        print(f" {fmt + ' s':>9} {'no-op s':>8} {'no-op/cold':>10}", end="")
    print()
    for row in rows:
        parse, check, recheck = row["parse"]["seconds"], row["check"]["seconds"], row["recheck"]["seconds"]
        print(
            f"{row['articles']:>8} {row['items']:>6} {parse:>8.3f} {check:>8.3f} {check / parse:>6.2f} "
            f"{recheck:>9.3f} {recheck / check:>7.2f} {row['check']['peak_mb']:>8.0f}",
            end="",
        )
        for fmt in formats:
            cold, noop = row[f"build:{fmt}"]["seconds"], row[f"rebuild:{fmt}"]["seconds"]
            print(f" {cold:>9.2f} {noop:>8.3f} {noop / cold:>10.2f}", end="")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,200,800", help="articles per synthetic course (50 items each)")
    parser.add_argument("--formats", default="", help="writers to time with build and no-op rebuild, e.g. html")
    parser.add_argument("--writers", default="", help="writer benchmarks against their bare libraries: anki,pdf")
    parser.add_argument("--text2qti", action="store_true", help="also time 1,000 mcq against text2qti")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    formats = [f for f in args.formats.split(",") if f]
    writer_names = [w for w in args.writers.split(",") if w]
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp, "cache"))  # the measured processes' cache, cleared at will
        rows = [bench_size(n, Path(tmp), formats, writer_names) for n in sizes]
    report(rows, formats)
    for row in rows:
        for name, figures in row.get("writers", {}).items():
            shown = ", ".join(f"{k} {v:.3g}" for k, v in figures.items())
            print(f"{name} @ {row['articles']} articles: {shown}")
    if args.text2qti:
        from bench.qti_bench import run

        print("text2qti vs quizgen, 1,000 mcq to a Canvas zip:", json.dumps(run(1000, 3)))


if __name__ == "__main__":
    main()
