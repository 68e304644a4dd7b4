"""`quizgen analyze` speed: a class of 2,000 students on a 100-item quiz, from a Canvas Student Analysis CSV.

`python bench/analyze_bench.py [--students N] [--items N]` prints the time to read, match and analyse the export
(the course check included) and to render the report. The bar: under 2 s for 2,000 x 100.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from bench.classes import Params, simulate, write_canvas_student_analysis
from bench.synthetic import write_course
from quizgen.analyze import analyze
from quizgen.analyze.report import render
from quizgen.check import check_course


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_course(Path(tmp) / "course", articles=max(1, args.items // 25), items_per_article=50)
        quiz = {
            "id": "exam",
            "title": "Exam",
            "articles": "all",
            "count": args.items,
            "types": ["mcq", "multi", "tf", "short", "numeric"],
        }
        (root / "course.yaml").write_text(yaml.safe_dump({"id": "bench", "title": "Bench", "quizzes": [quiz]}), "utf-8")
        plan = check_course(root).plans[0]
        items = list(plan.items)
        params = {item.id: Params(a=0.5 + (n % 7) / 4, b=-1.5 + 3 * (n % 11) / 10) for n, item in enumerate(items)}
        export = Path(tmp) / "canvas.csv"
        write_canvas_student_analysis(export, plan, items, simulate(items, params, args.students))
        start = time.perf_counter()
        result = analyze(root, [export], "exam")
        analysed = time.perf_counter() - start
        start = time.perf_counter()
        render(result)
        rendered = time.perf_counter() - start
    size = f"{args.students} students x {len(result.analysis.items)} items"
    print(f"analyze {size}: read and analysed in {analysed:.2f} s (bar: 2 s), report rendered in {rendered:.2f} s")


if __name__ == "__main__":
    main()
