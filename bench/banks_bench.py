"""import-bank and suggest-quotes figures.

- A Moodle XML file of 1,000 questions of every type (quizgen's own export of a synthetic course) imported by
  `quizgen import-bank`, whole process (a fresh interpreter, as an instructor runs it) and in-process.
- suggest-quotes on the example course with its quotes removed: how often the top suggestion contains an item's
  real quote, and how often a real quote's paragraph is among the top three paragraphs suggested.

    python -m bench.banks_bench [--questions 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import write_course
from quizgen.banks import import_bank
from quizgen.build import build
from quizgen.check import check_course
from quizgen.reading.quotes import _ELISION, canonical
from quizgen.reading.yamlfile import parse_list, read_text
from quizgen.suggest import Ranker, query_of

REPO = Path(__file__).resolve().parent.parent


def moodle_file(root: Path, questions: int) -> Path:
    """quizgen's Moodle XML of a synthetic course with at least `questions` questions (its flashcards are left out
    of Moodle files, so the course is grown until enough remain)."""
    articles, per_article = max(1, questions // 100), min(questions, 100)
    while True:
        shutil.rmtree(root / "course", ignore_errors=True)
        course = write_course(root / "course", articles=articles, items_per_article=per_article)
        build(course, root / "build", ["moodle"], force=True)
        source = root / "build" / "moodle" / "synthetic.xml"
        if source.read_bytes().count(b"<question type=") - articles >= questions:  # less a category per article
            return source
        per_article += max(1, per_article // 20)


def time_import(source: Path, root: Path, runs: int) -> dict:
    target = root / "target"
    target.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "quizgen", "import-bank", str(source), "--slug", "bank", "--course", str(target)]
    process, inside = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*command, "--force"], check=True, capture_output=True, env=env)
        process.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = import_bank(source, target, "bank", force=True)
        inside.append(time.perf_counter() - start)
    return {
        "questions": len(result.bank.items) + len(result.bank.skipped),
        "imported": len(result.bank.items),
        "process_s": round(statistics.median(process), 3),
        "in_process_s": round(statistics.median(inside), 3),
        "file_kb": source.stat().st_size // 1024,
    }


def contains_quote(passage: str, quote: str) -> bool:
    """Whether the passage holds the quote (every part of an elided quote), compared as quotes are located."""
    fold = lambda text: canonical(text).casefold()  # noqa: E731
    return all(fold(part) in fold(passage) for part in _ELISION.split(quote) if canonical(part))


def suggestion_figures(course_dir: Path) -> dict:
    """Over the course's items (their quotes unseen by the ranker): the top suggestion holds a real quote; a real
    quote's paragraph is among the three best paragraphs."""
    result = check_course(course_dir)
    assert result.course is not None, "the course must check clean"
    total = top = three = 0
    for article in result.course.articles:
        ranker = Ranker(article)
        tree, _ = parse_list(read_text(article.path.parent / "items.yaml", course_dir))
        entries = {entry["id"]: entry for entry in tree}
        for item in result.course.items_of(article.slug):
            ranked = ranker.rank(query_of(entries[item.id]))
            paragraphs = list(dict.fromkeys(r.passage.paragraph for r in ranked))[:3]
            total += 1
            top += bool(ranked) and any(contains_quote(ranked[0].passage.text, q.text) for q in item.quotes)
            three += any(q.anchor.paragraph in paragraphs for q in item.quotes)
    return {"items": total, "top_contains_quote": top, "paragraph_in_top3": three}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = moodle_file(root, args.questions)
        figures = time_import(source, root, args.runs)
        print(f"import-bank, Moodle XML: {json.dumps(figures)}")
        example = shutil.copytree(REPO / "items", root / "example", ignore=shutil.ignore_patterns(".quizgen-cache"))
        found = suggestion_figures(example)
    items = found["items"]
    print(
        f"suggest-quotes, example course: {items} items; top suggestion contains the real quote "
        f"{found['top_contains_quote']}/{items} ({found['top_contains_quote'] / items:.1%}); right paragraph in "
        f"top three {found['paragraph_in_top3']}/{items} ({found['paragraph_in_top3'] / items:.1%})"
    )


if __name__ == "__main__":
    main()
