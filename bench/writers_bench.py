"""Writer figures on one synthetic course, printed as JSON: `python -m bench.writers_bench COURSE anki,pdf`.

Run in its own process by `python -m bench --writers anki,pdf`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quizgen.check import check_course


def main(argv: list[str]) -> None:
    course_dir, names = Path(argv[0]), argv[1].split(",")
    result = check_course(course_dir)
    course, plans = result.course, result.plans
    assert course is not None, result.report.errors[:3]
    figures: dict = {}
    if "anki" in names:
        from bench.anki_bench import bench_anki

        figures["anki"] = bench_anki(course, repeat=1)
    if "pdf" in names:
        from bench.pdf_bench import measure

        figures["pdf"] = measure(course, plans, repeat=3)
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
