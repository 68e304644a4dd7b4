"""quizgen vs text2qti: the same multiple-choice questions, each in its tool's own format, to a Canvas zip.

Whole-process time (a fresh interpreter each run, as an instructor runs the command):
`quizgen build --format qti` on a course folder vs `text2qti quiz.md`, each byte-compiled as an installed
package is. Run standalone:

    python bench/qti_bench.py [--questions 1000] [--runs 3]

or import `run(questions, runs)` (returns the figures as a dict). text2qti must be installed (PyPI).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FRUITS = ("apples", "pears", "plums", "figs", "limes", "dates", "grapes", "cherries", "melons", "quinces")


def sentence(n: int) -> str:
    """The n-th sentence of the synthetic reading: one fact a question can be asked about."""
    return f"Orchard {n} grows {FRUITS[n % 10]} and ships {n * 7 % 997} crates each autumn to market {n % 13}."


def choices(n: int) -> tuple[str, list[str]]:
    """The key and three distractors of question n."""
    key = FRUITS[n % 10]
    return key, [FRUITS[(n + k) % 10] for k in (3, 5, 7)]


def write_quizgen(root: Path, questions: int) -> Path:
    """A quizgen course: one article (ten sentences a paragraph) and a bank of `questions` mcq items."""
    article = root / "orchards"
    article.mkdir(parents=True)
    paragraphs = [" ".join(sentence(n) for n in range(p, p + 10)) for p in range(0, questions, 10)]
    front = "---\ntitle: A Survey of Orchards\nauthor: Bench Author\n---\n"
    (article / "article.txt").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    lines = []
    for n in range(questions):
        key, wrong = choices(n)
        lines += [
            f"- id: orchard-{n}",
            "  type: mcq",
            f"  prompt: What does orchard {n} grow?",
            f"  answer: {key}",
            "  distractors: [" + ", ".join(wrong) + "]",
            f"  quote: Orchard {n} grows {key}",
            "",
        ]
    (article / "items.yaml").write_text("\n".join(lines), encoding="utf-8")
    course = "id: bench\ntitle: Bench\nquizzes:\n  - id: orchards\n    title: Orchards\n    articles: all\n"
    (root / "course.yaml").write_text(course, encoding="utf-8")
    return root


def write_text2qti(path: Path, questions: int) -> Path:
    """The same questions in text2qti's Markdown, with the same quote and citation as general feedback."""
    lines = ["Quiz title: Orchards", "Quiz description: Bench", ""]
    for n in range(questions):
        key, wrong = choices(n)
        paragraph = n // 10 + 1
        lines += [f"{n + 1}.  What does orchard {n} grow?"]
        lines += [
            f"... Orchard {n} grows {key} \u2014 Bench Author, \u201cA Survey of Orchards\u201d, \u00b6{paragraph}"
        ]
        lines += [f"*a) {key}", f"b)  {wrong[0]}", f"c)  {wrong[1]}", f"d)  {wrong[2]}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds one command takes, start to exit; fails loudly if it fails.

    CPU time is the steadier figure on a shared machine, where waiting for a core inflates wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def text2qti_command() -> list[str]:
    """How to run text2qti: its script next to this interpreter, else on PATH."""
    script = Path(sys.executable).with_name("text2qti")
    found = str(script) if script.exists() else shutil.which("text2qti")
    if not found:
        raise SystemExit("text2qti is not installed: pip install text2qti")
    return [found]


def compile_bytecode(repo: Path) -> None:
    """Byte-compile quizgen in `repo`, as pip does when it installs a package (text2qti's was, at its install).

    Without it, a source tree run with PYTHONDONTWRITEBYTECODE set compiles every module on every run.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(repo / "quizgen")], check=True, capture_output=True)


def run(questions: int = 1000, runs: int = 3, repo: Path = REPO) -> dict:
    """Median whole-process seconds of each tool over `runs` (quizgen from the source tree `repo`), and the speed-up."""
    env = {**os.environ, "PYTHONPATH": str(repo), "SOURCE_DATE_EPOCH": "946684800"}
    compile_bytecode(repo)
    with tempfile.TemporaryDirectory(prefix="qti-bench-") as tmp:
        work = Path(tmp)
        course = write_quizgen(work / "course", questions)
        markdown = write_text2qti(work / "orchards.md", questions)
        ours, theirs = [], []
        for index in range(runs):
            out = work / f"build-{index}"
            quizgen = [sys.executable, "-m", "quizgen", "build", str(course), "-o", str(out), "--format", "qti"]
            ours.append(timed(quizgen, work, env))
            theirs.append(timed([*text2qti_command(), str(markdown)], work))
        zips = sorted(p.name for p in (work / "build-0" / "qti").glob("*.zip"))
        assert zips == ["orchards.zip"] and (work / "orchards.zip").exists(), (zips, list(work.iterdir()))
    figures: dict = {"questions": questions, "runs": runs}
    for index, measure in enumerate(("wall", "cpu")):
        mine = statistics.median(t[index] for t in ours)
        other = statistics.median(t[index] for t in theirs)
        figures[f"quizgen_{measure}_s"] = round(mine, 3)
        figures[f"text2qti_{measure}_s"] = round(other, 3)
        figures[f"speedup_{measure}"] = round(other / mine, 2)
    figures["target"] = 3.0
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, default=REPO, help="the quizgen source tree to measure")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.questions, args.runs, args.repo.resolve()), indent=1))


if __name__ == "__main__":
    main()
