"""How well `import-article` reads what users bring: `python -m bench.import_bench`.

Web pages: body F1 over word 4-gram shingles, as public extraction benchmarks score it, on pages made here
(bench/import_corpus.py) and on real pages kept in bench/import_set/ (see SOURCES.md there), whose article body is
the page's own <main> element. PDFs: text F1 over the same shingles and the share of the known prose paragraphs
that come out whole in one article paragraph, on papers, magazines and reports made with reportlab, a real reading
(tests/golden/import) laid out in two columns, the real pages' texts printed by Chromium in one to three
columns, and a real PDF (the Shared MIME-info specification, made by its authors' DocBook tools) whose text is
known from the HTML they published it in too. Times: the whole command, in a fresh process.
"""

from __future__ import annotations

import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.import_corpus import (
    CHROMIUM,
    Reading,
    make_browser_pdf,
    make_page,
    make_paper,
    make_report,
    make_two_column_reading,
    shared_mime_info_spec,
)
from quizgen.importing import import_source
from quizgen.reading.article import HEADING_RE

ROOT = Path(__file__).resolve().parent.parent
SET = Path(__file__).resolve().parent / "import_set"


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return Counter(tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 0)))


def f1(got: str, want: str) -> float:
    a, b = shingles(got), shingles(want)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


_QUOTES = str.maketrans("‘’“”", "''\"\"")


def _plain(text: str) -> str:
    """Text as compared: no heading or list marks, quotes straight (a PDF's typography is not an import's error),
    spaces single."""
    return " ".join(re.sub(r"(?m)^(?:#+|-) ", "", text).translate(_QUOTES).split())


def whole_share(got: list[str], want: list[str]) -> float:
    """The share of the known prose paragraphs (not headings or lists) that stand whole in one paragraph."""
    prose = [_plain(p) for p in want if not HEADING_RE.match(p) and not p.startswith("- ")]
    out = [_plain(p) for p in got]
    return sum(1 for p in prose if any(p in q for q in out)) / len(prose)


def main_text(path: Path) -> str:
    """A saved page's article body as its authors marked it: the text of <main>, without its navigation."""
    from lxml import html

    tree = html.parse(str(path))
    main = tree.find(".//main")
    for nav in main.findall(".//nav"):
        nav.getparent().remove(nav)
    return " ".join(main.text_content().split())


def _score(reading: Reading | Path, keep: bool = False) -> dict:
    path = reading.path if isinstance(reading, Reading) else reading
    result = import_source(str(path))
    got = "\n\n".join(result.paragraphs)
    want = (reading.text or "\n\n".join(reading.body)) if isinstance(reading, Reading) else main_text(path)
    row = {"file": path.name, "f1": round(f1(got, want), 3)}
    if isinstance(reading, Reading) and path.suffix == ".pdf":
        row["whole"] = round(whole_share(result.paragraphs, reading.body), 3)
        row["leaked"] = sum(1 for text in reading.absent if _plain(text)[:40] in _plain(got))
    return row


def _timed(path: Path, repeat: int = 3) -> float:
    """Seconds for the whole `quizgen import-article --dry-run` command, best of `repeat`, in a fresh process."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "quizgen", "import-article", str(path), "--dry-run"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        best = min(best, time.perf_counter() - start)
    return round(best, 2)


def run(workdir: Path, repeat: int = 3) -> dict:
    pages = [make_page(workdir / f"page-{seed}.html", seed) for seed in range(1, 7)]
    real_pages = sorted(SET.glob("*.html"))
    pdfs = [make_paper(workdir / f"paper-{seed}.pdf", seed, columns=2) for seed in range(1, 4)]
    pdfs += [make_paper(workdir / f"magazine-{seed}.pdf", seed, columns=3) for seed in range(4, 6)]
    pdfs += [make_paper(workdir / f"proceedings-{seed}.pdf", seed, seed - 4, capitals=True) for seed in (6, 7)]
    pdfs.append(make_report(workdir / "report.pdf", 2, pages=8))
    pdfs.append(make_two_column_reading(workdir / "barry-two-column.pdf"))
    pdfs.append(shared_mime_info_spec())
    if CHROMIUM.exists():  # real texts printed by another PDF producer, in one to three columns
        for columns, page in enumerate(real_pages, 1):
            pdfs.append(make_browser_pdf(workdir / f"{page.stem}-{columns % 3 + 1}col.pdf", page, columns % 3 + 1))
    rows = {
        "pages": [_score(page) for page in pages] + [_score(path) for path in real_pages],
        "pdfs": [_score(pdf) for pdf in pdfs],
    }
    long_pdf = make_report(workdir / "report-20.pdf", 7, pages=20)
    rows["time_20_page_pdf_s"] = _timed(long_pdf.path, repeat)
    saved = real_pages[0] if real_pages else pages[0].path
    rows["time_saved_page_s"] = _timed(saved, repeat)
    import_source(str(saved))  # trafilatura's imports and caches warm
    start = time.perf_counter()
    import_source(str(saved))
    rows["saved_page_import_s"] = round(time.perf_counter() - start, 3)
    return rows


def report(rows: dict) -> str:
    out = ["web pages: body F1 (4-gram shingles)"]
    out += [f"  {row['file']:<45} {row['f1']:.3f}" for row in rows["pages"]]
    out.append(f"  mean {statistics.mean(r['f1'] for r in rows['pages']):.3f}")
    out.append("PDFs: text F1, prose paragraphs whole, texts that must not reach the body found in it")
    out += [f"  {r['file']:<45} {r['f1']:.3f}  {r['whole']:.1%}  {r['leaked']}" for r in rows["pdfs"]]
    out.append(
        f"  mean {statistics.mean(r['f1'] for r in rows['pdfs']):.3f}  "
        f"{statistics.mean(r['whole'] for r in rows['pdfs']):.1%}"
    )
    out.append(
        f"20-page PDF: {rows['time_20_page_pdf_s']} s; saved page: {rows['time_saved_page_s']} s (the whole command, "
        f"Python's start and quizgen's imports included); the page's import itself: {rows['saved_page_import_s']} s"
    )
    return "\n".join(out)


if __name__ == "__main__":
    random.seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        print(report(run(Path(tmp), repeat=int(sys.argv[1]) if len(sys.argv) > 1 else 3)))
