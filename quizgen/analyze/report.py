"""The analysis written out: an HTML report in the preview's style, CSVs of items and test, and the flags."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from quizgen.analyze import ItemAnalysis
from quizgen.analyze.flags import MIN_STUDENTS
from quizgen.analyze.results import ExternalStats
from quizgen.analyze.stats import CURVE_GROUPS, ItemStats
from quizgen.coverage import article_coverage
from quizgen.errors import UserError
from quizgen.writers.html import blanks, environment

MARKER = ".quizgen-analysis"  # says a folder was written by `quizgen analyze`, so a rerun may replace it
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ITEM_COLUMNS = (
    "item", "type", "article", "paragraphs", "points", "students", "difficulty", "discrimination", "upper_lower",
    "blank", "alpha_if_deleted", "options", "flags", "lms_difficulty", "lms_discrimination",
)  # fmt: skip


def write_report(result: ItemAnalysis, out_dir: Path) -> list[Path]:
    """Write the report into `out_dir` (made, or replaced when an earlier analysis made it); the files written."""
    files = render(result)
    _claim(out_dir)
    folder = Path(os.path.abspath(out_dir))  # "-o ." has no name to stage the report beside
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))  # fresh: never a user's
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the report from the rest of its folder's readers
        listing = "".join(f"{name}\n" for name in files)
        (staging / MARKER).write_text(f"written by quizgen analyze; replaced by the next analysis\n{listing}", "utf-8")
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    except OSError as exc:
        raise UserError(
            f"cannot write the report to {out_dir}: {exc.strerror}; choose another folder with -o"
        ) from None
    return [out_dir / name for name in files]


def _claim(out_dir: Path) -> None:
    """Refuse a folder the report may not replace: the root, one holding the working folder, a file, a link, or
    one holding anything an earlier analysis did not write."""
    folder = Path(os.path.abspath(out_dir))
    if not folder.name:
        raise UserError(f"{out_dir} is the root folder: choose a folder for the report with -o")
    if Path.cwd().is_relative_to(folder):
        raise UserError(f"{out_dir} holds the working folder, and the report replaces its folder: choose one below")
    if out_dir.is_symlink() or out_dir.is_file():
        raise UserError(f"{out_dir} is not a folder: choose another with -o")
    if not out_dir.exists():
        return
    marker = out_dir / MARKER
    ours = (
        {MARKER, *marker.read_text("utf-8").splitlines()[1:]} if marker.is_file() and not marker.is_symlink() else set()
    )
    foreign = sorted(entry.name for entry in out_dir.iterdir() if entry.name not in ours or not entry.is_file())
    if foreign:
        raise UserError(
            f"{out_dir} holds files quizgen analyze did not write ({', '.join(foreign[:3])}"
            f"{', …' if len(foreign) > 3 else ''}): move them, or choose another folder with -o"
        )


def render(result: ItemAnalysis) -> dict[str, bytes]:
    """Every file of the report by name, rendered in memory (nothing is written if one fails)."""
    env = environment()
    numbers = {stats.item.id: n for n, stats in enumerate(result.analysis.items, start=1)}
    flagged: dict[str, list[str]] = {}
    for flag in result.flags:
        flagged.setdefault(flag.item_id, []).append(flag.message)
    slugs = list(dict.fromkeys(stats.item.article for stats in result.analysis.items))
    values = dict(
        course=result.course, result=result, test=result.analysis.test, items=result.analysis.items,
        numbers=numbers, flagged=flagged, scatter=scatter(result.analysis.items, numbers), curves=curves,
        weakest=result.paragraphs, slugs=slugs, LETTERS=LETTERS, CURVE_GROUPS=CURVE_GROUPS,
        external=_external(result), blanks=blanks, MIN_STUDENTS=MIN_STUDENTS,
    )  # fmt: skip
    files = {
        "index.html": env.get_template("analysis-index.html").render(**values).encode("utf-8"),  # the pages' home link
        "report.html": env.get_template("analysis.html").render(**values).encode("utf-8"),
    }
    for slug in slugs:
        article = result.course.article(slug)
        page = env.get_template("analysis-article.html").render(
            course=result.course,
            result=result,
            coverage=article_coverage(result.course, article),
            scores={p.number: p for p in result.paragraphs if p.article.slug == slug},
            numbers=numbers,
        )
        files[f"article-{slug}.html"] = page.encode("utf-8")
    files["items.csv"] = items_csv(result)
    files["test.csv"] = test_csv(result)
    files["flags.txt"] = "".join(d.format() + "\n" for d in result.report.sorted()).encode("utf-8")
    return files


def items_csv(result: ItemAnalysis) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ITEM_COLUMNS)
    kinds = {}
    for flag in result.flags:
        kinds.setdefault(flag.item_id, []).append(flag.kind)
    external = _external(result)
    for stats in result.analysis.items:
        item = stats.item
        lms = external.get(item.id, [])
        options = "; ".join(
            f"{LETTERS[n]}{'*' if o.correct else ''} {o.share:.3f} (top {o.top:.3f}, bottom {o.bottom:.3f})"
            for n, o in enumerate(stats.options)
        )
        writer.writerow([
            item.id, item.type, item.article, " ".join(str(q.anchor.paragraph) for q in item.quotes if q.anchor),
            _num(stats.points), stats.n, f"{stats.difficulty:.3f}", _fixed(stats.discrimination),
            _fixed(stats.upper_lower), f"{stats.blank:.3f}", _fixed(stats.alpha_if_deleted), options,
            " ".join(kinds.get(item.id, ())), _fixed(lms[0].difficulty) if lms else "",
            _fixed(lms[0].discrimination) if lms else "",
        ])  # fmt: skip
    return out.getvalue().encode("utf-8")


def _external(result: ItemAnalysis) -> dict[str, list[ExternalStats]]:
    """What the LMS computed for each item (Canvas item analysis, Moodle statistics), by item id."""
    found: dict[str, list[ExternalStats]] = {}
    for stats in result.results.external:
        found.setdefault(stats.item_id, []).append(stats)
    return found


def test_csv(result: ItemAnalysis) -> bytes:
    test = result.analysis.test
    rows = [
        ("quiz", result.plan.quiz.id), ("students", test.students), ("items", test.items),
        ("points", _num(test.points)), ("mean", f"{test.mean:.3f}"), ("sd", f"{test.sd:.3f}"),
        ("alpha", _fixed(test.alpha)), ("sem", _fixed(test.sem)), ("every_student_every_item", str(test.complete).lower()),
    ]  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([("figure", "value"), *rows])
    return out.getvalue().encode("utf-8")


def scatter(items: tuple[ItemStats, ...], numbers: dict[str, int]) -> list[tuple[float, float, int, str]]:
    """Plot positions (0-100 across, 0-100 down) of difficulty against discrimination (-0.5 to 1), with labels."""
    points = []
    for stats in items:
        r = stats.discrimination if stats.discrimination is not None else 0.0
        y = (1 - (min(max(r, -0.5), 1.0) + 0.5) / 1.5) * 100
        points.append((round(stats.difficulty * 100, 2), round(y, 2), numbers[stats.item.id], stats.item.id))
    return points


def curves(stats: ItemStats) -> list[tuple[str, bool, str]]:
    """Per option: its letter, whether it is right, and the polyline of its share across the fifths of the class."""
    step = 100 / (CURVE_GROUPS - 1)
    return [
        (LETTERS[n], o.correct, " ".join(f"{g * step:.1f},{(1 - share) * 100:.1f}" for g, share in enumerate(o.curve)))
        for n, o in enumerate(stats.options)
    ]


def _fixed(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _num(value: float) -> str:
    return f"{value:g}"
