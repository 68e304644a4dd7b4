"""Figures in a big course: `python -m bench.figures_bench [--articles 50] [--figures 500] [--repeat 2]`.

Builds every format of a synthetic course (50 items an article) cold, once as written and once with `--figures`
of its items showing a figure of their own (PNG, JPEG and SVG, 600 x 400), each in a fresh process, and prints both
times and their ratio (the bar: under 2).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic import clear_cache, write_course
from quizgen.writers import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400" viewBox="0 0 600 400">'
    '<rect width="600" height="400" fill="#fdf6e3"/>{bars}'
    '<text x="20" y="30" font-family="DejaVu Sans" font-size="18">Figure {n}</text></svg>'
)


def figure(n: int, rng: random.Random) -> tuple[str, bytes]:
    """Figure `n`: a bar chart drawn as SVG (one in ten), else as PNG or JPEG pixels."""
    heights = [rng.randint(20, 330) for _ in range(12)]
    if n % 10 == 0:
        bars = "".join(
            f'<rect x="{30 + i * 45}" y="{380 - h}" width="35" height="{h}" fill="#1f4e8c"/>'
            for i, h in enumerate(heights)
        )
        return f"chart-{n}.svg", SVG.format(bars=bars, n=n).encode()
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), (253, 246, 227))
    draw = ImageDraw.Draw(image)
    for i, h in enumerate(heights):
        draw.rectangle((30 + i * 45, 380 - h, 65 + i * 45, 380), fill=(31, 78, 140 + n % 100))
    draw.text((20, 20), f"Figure {n}", fill=(0, 0, 0))
    buffer = io.BytesIO()
    kind = "JPEG" if n % 10 in (3, 7) else "PNG"
    image.save(buffer, format=kind)
    return f"chart-{n}.{'jpg' if kind == 'JPEG' else 'png'}", buffer.getvalue()


def add_figures(course: Path, count: int) -> None:
    """Give `count` items, spread over the articles, a figure of their own above their prompt."""
    rng = random.Random(7)
    banks = sorted(course.glob("*/items.yaml"))
    per_bank = -(-count // len(banks))
    n = 0
    for bank in banks:
        lines = bank.read_text(encoding="utf-8").split("\n")
        placed = 0
        for index, line in enumerate(lines):
            if n == count or placed == per_bank:
                break
            if line.startswith("  prompt: ") and "{{c" not in line:
                name, data = figure(n, rng)
                (bank.parent / "figures").mkdir(exist_ok=True)
                (bank.parent / "figures" / name).write_bytes(data)
                text = line.removeprefix("  prompt: ")
                lines[index] = f"  prompt: |-\n    ![Bar chart {n} of the reading](figures/{name})\n    {text}"
                n, placed = n + 1, placed + 1
        bank.write_text("\n".join(lines), encoding="utf-8")
    assert n == count, f"only {n} items could take a figure"


def timed_build(course: Path, out: Path) -> float:
    clear_cache(course)
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "bench.measure", f"build:{','.join(FORMATS)}", str(course), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout)["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--figures", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2, help="builds of each course, taken in turns; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quizgen-figures-bench-") as folder:
        os.environ["XDG_CACHE_HOME"] = str(Path(folder, "cache"))  # the measured builds' cache, cleared at will
        plain = write_course(Path(folder) / "plain", args.articles)
        shown = write_course(Path(folder) / "figures", args.articles)
        add_figures(shown, args.figures)
        times: dict[str, list[float]] = {"plain": [], "figures": []}
        for _ in range(args.repeat):  # in turns: a shared machine's speed drifts
            times["plain"].append(timed_build(plain, Path(folder) / "out-plain"))
            times["figures"].append(timed_build(shown, Path(folder) / "out-figures"))
        best = {name: min(values) for name, values in times.items()}
        items = args.articles * 50
        print(f"every format ({', '.join(FORMATS)}), {items} items, cold build, best of {args.repeat}:")
        print(f"  without figures        {best['plain']:7.1f} s")
        print(f"  with {args.figures} figures       {best['figures']:7.1f} s")
        print(f"  ratio                  {best['figures'] / best['plain']:7.2f}  (the bar: under 2)")


if __name__ == "__main__":
    main()
