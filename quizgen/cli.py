"""The command line: a thin layer over functions that tests call directly."""

from __future__ import annotations

import difflib
import shlex
import sys
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path

import click

from quizgen import __version__
from quizgen.build import BuildFailed, available_formats, check_formats
from quizgen.build import build as run_build
from quizgen.check import check_course
from quizgen.diagnostics import Report, display_path
from quizgen.errors import UserError
from quizgen.present import plural
from quizgen.scaffold import init_course


def default_course() -> Path:
    """`items/` (as in this repository), or the working folder when it is itself a course."""
    if not Path("items", "course.yaml").exists() and Path("course.yaml").exists():
        return Path(".")
    return Path("items")


COURSE_DIR = click.argument(
    "course_dir", required=False, default=default_course, type=click.Path(file_okay=False, path_type=Path)
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def cli() -> None:
    """Compile item banks keyed to course readings into Anki decks, printable quizzes and LMS packages."""


def main() -> None:
    """Entry point: user errors exit 1 with a message; crashes save their traceback instead of printing it."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except UserError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception:
        with tempfile.NamedTemporaryFile("w", prefix="quizgen-crash-", suffix=".txt", delete=False) as log:
            traceback.print_exc(file=log)
        click.echo(f"internal error: quizgen crashed; the traceback was saved to {log.name}", err=True)
        sys.exit(3)


def print_report(report: Report) -> None:
    for diagnostic in report.sorted():
        click.echo(diagnostic.format(), err=True)
    if report.diagnostics:
        click.echo(report.summary(), err=True)


@cli.command()
@COURSE_DIR
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "formats",
    metavar="NAMES",
    multiple=True,
    help="Also run the checks of these output formats (comma-separated; 'all'), as `build` would.",
)
@click.option(
    "--explain",
    "explain_code",
    metavar="CODE",
    help="Explain a code shown in brackets (a lint rule: what, why, examples) and exit.",
)
def check(course_dir: Path, strict: bool, formats: tuple[str, ...], explain_code: str | None) -> None:
    """Validate a course: every problem at once, with file:line, and item-writing warnings.

    COURSE_DIR defaults to items/, or to the working folder when it holds a course.yaml. With --format, also what
    the writers would warn about (characters no PDF font has, what an LMS cannot hold), so that `check --strict
    --format all` passes exactly when `build --strict` would."""
    if explain_code is not None:
        _explain(explain_code)
        return
    chosen = _formats(formats)
    result = check_course(course_dir, model=bool(formats))
    if formats and not result.report.errors:
        check_formats(result, chosen)
    print_report(result.report)
    if result.failed(strict):
        sys.exit(1)
    items, articles, quizzes = result.counts
    counted = f"{plural(items, 'item')} in {plural(articles, 'article')}, {plural(quizzes, 'quiz', 'quizzes')}"
    click.echo(f"{display_path(course_dir)}: {counted}: ok")


def _explain(code: str) -> None:
    from quizgen.codes import CODES, describe
    from quizgen.lint import RULES, explain

    code = code.strip().strip("[]").lower()  # as shown in brackets, in any case
    if code in RULES:
        click.echo(explain(code))
    elif code in CODES:
        click.echo(describe(code))
    else:
        close = difflib.get_close_matches(code, [*RULES, *CODES], n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise click.BadParameter(
            f"unknown code '{code}'; {hint}lint rules: {', '.join(RULES)}; other codes: {', '.join(CODES)}",
            param_hint="'--explain'",
        )


def _formats(values: tuple[str, ...]) -> list[str] | None:
    """The formats named by every `--format` (each may list several, comma-separated); None: all."""
    if not values:
        return None
    names = list(dict.fromkeys(n.strip().lower() for value in values for n in value.split(",") if n.strip()))
    if "all" in names:
        return None
    known = available_formats()
    unknown = [name for name in names if name not in known]
    if unknown or not names:  # `--format ""` names nothing: say so rather than build everything
        raise click.BadParameter(
            (f"unknown format {', '.join(unknown)}" if unknown else "no format named")
            + f"; choose from {', '.join(known)}",
            param_hint="'--format'",
        )
    return names


@cli.command()
@COURSE_DIR
@click.option(
    "-o", "--out", "out_dir", default="build", show_default=True, type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--format", "formats", metavar="NAMES", multiple=True, help="Formats to build, comma-separated (default: all)."
)
@click.option("--force", is_flag=True, help="Rebuild every output, even those that are up to date.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def build(course_dir: Path, out_dir: Path, formats: tuple[str, ...], force: bool, strict: bool) -> None:
    """Check the course and build its outputs (atomic: a failed build leaves the last one intact).

    COURSE_DIR defaults to items/, or to the working folder when it holds a course.yaml. Formats: anki, pdf,
    html, qti (Canvas), qti21, cc (Common Cartridge), moodle."""
    chosen = _formats(formats)
    try:
        outcome = run_build(course_dir, out_dir, chosen, force=force, progress=_progress, strict=strict)
    except BuildFailed as exc:
        print_report(exc.report)
        click.echo(f"nothing was written to {display_path(out_dir)}", err=True)
        sys.exit(1)
    print_report(outcome.report)
    for path in outcome.written:
        if path in outcome.summaries:
            click.echo(f"  {path}: {outcome.summaries[path]}")
    click.echo(f"{len(outcome.written)} written, {len(outcome.reused)} up to date in {display_path(out_dir)}/")


def _progress(outputs: list) -> Iterable:
    """A progress bar over the outputs when a person is watching."""
    if not sys.stderr.isatty() or len(outputs) < 2:
        return outputs

    def with_bar() -> Iterable:
        show = lambda output: output.path if output else ""  # noqa: E731
        with click.progressbar(outputs, label="building", file=sys.stderr, item_show_func=show) as bar:
            yield from bar

    return with_bar()


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Start a course in DIRECTORY: a sample article and a bank using every item type."""
    for path in init_course(directory):
        click.echo(f"  wrote {display_path(path)}")
    click.echo(
        f"Next: edit {display_path(directory / 'course.yaml')}, then run `quizgen check {shlex.quote(display_path(directory))}`."
    )


@cli.command("import-article")
@click.argument("raw")
@click.option("--slug", help="Folder name of the article: lowercase letters, digits and '-' (needed unless --dry-run).")
@click.option(
    "--course",
    "course_dir",
    default=default_course,
    show_default="items, or . in a course folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The course folder.",
)
@click.option("--title", help="Title for the front matter (wins over a detected title line).")
@click.option("--author", help="Author for the front matter (wins over a detected byline).")
@click.option("--source", help="Where the article was published.")
@click.option("--date", help="Publication date, as the text supports it.")
@click.option("--drop-boilerplate", is_flag=True, help="Remove the lines that look like site boilerplate.")
@click.option("--pages", metavar="RANGE", help="PDF pages to import, e.g. 3-12 or 1,4-6.")
@click.option("--keep-references", is_flag=True, help="Keep a PDF's references section in the article.")
@click.option("--dry-run", is_flag=True, help="Print the article and the report; write nothing.")
@click.option("-v", "--verbose", is_flag=True, help="List every repair, not only their counts.")
@click.option("--force", is_flag=True, help="Overwrite an existing article.txt.")
def import_article_cmd(
    raw: str,
    slug: str | None,
    course_dir: Path,
    title: str | None,
    author: str | None,
    source: str | None,
    date: str | None,
    drop_boilerplate: bool,
    pages: str | None,
    keep_references: bool,
    dry_run: bool,
    verbose: bool,
    force: bool,
) -> None:
    """Clean a reading into COURSE/SLUG/article.txt and report what was repaired or set aside.

    RAW is text copied from a browser (.txt), a saved web page (.html), a PDF, or an http(s) URL."""
    from quizgen.importing import article_path, import_source, write_article
    from quizgen.importing.report import format_report
    from quizgen.importing.text import render_article

    if slug is None and not dry_run:
        raise click.UsageError("Missing option '--slug' (it may be left out with --dry-run only).")
    if not dry_run:
        article_path(course_dir, slug, force=force)  # fail early: bad slug, or an article already there
    given = {"title": title, "author": author, "source": source, "date": date}
    result = import_source(
        raw, front_matter=given, drop_boilerplate=drop_boilerplate, pages=pages, keep_references=keep_references
    )
    text = render_article(result, slug)
    if dry_run:
        click.echo(text, nl=False)
        click.echo(format_report(result, None, slug, verbose), err=True)
        return
    written = write_article(course_dir, slug, text, force=force)
    click.echo(format_report(result, written, slug, verbose))


@cli.command("analyze")
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--course",
    "course_dir",
    default=default_course,
    show_default="items, or . in a course folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The course folder.",
)
@click.option("--quiz", "quiz_id", help="The quiz the results are of (needed for paper scans when there are several).")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Report folder (default: analysis/QUIZ).")
def analyze_cmd(results: tuple[Path, ...], course_dir: Path, quiz_id: str | None, out_dir: Path | None) -> None:
    """Analyse a quiz's results (Canvas or Moodle CSV exports, paper scans): item statistics, flags at each item's
    line, and how the class did on each passage of the reading."""
    from quizgen.analyze import CourseNotReady, analyze
    from quizgen.analyze.report import write_report

    try:
        result = analyze(course_dir, results, quiz_id)
    except CourseNotReady as exc:
        print_report(exc.report)
        sys.exit(1)
    out = out_dir or Path("analysis") / result.plan.quiz.id
    write_report(result, out)
    print_report(result.report)
    for line in summary_lines(result):
        click.echo(line)
    click.echo(f"report: {display_path(out / 'report.html')}")


def summary_lines(result) -> list[str]:
    """What `quizgen analyze` prints: the test's figures, what was left out, and the weakest passages."""
    test = result.analysis.test
    alpha = f"{test.alpha:.2f}" if test.alpha is not None else "n/a"
    lines = [
        f"quiz {result.plan.quiz.id}: {plural(test.students, 'student')}, {plural(test.items, 'item')}, "
        f"mean {test.mean:.2f} of {test.points:g}, alpha {alpha}, "
        f"{plural(len({f.item_id for f in result.flags}), 'item')} flagged"
    ]
    lines += [f"not matched: {text}" for text in result.results.unmatched]
    lines += [f"left out: {text}" for text in result.results.excluded]
    lines += [f"note: {text}" for text in result.results.notes]
    weakest = ", ".join(f"{p.article.slug} \u00b6{p.number} ({p.score:.0%})" for p in result.paragraphs[:3])
    if weakest:
        lines.append(f"weakest passages: {weakest}")
    return lines


@cli.command()
@COURSE_DIR
def stats(course_dir: Path) -> None:
    """Per article: items by type and difficulty, paragraphs covered, and the paragraphs no item tests."""
    from quizgen.coverage import course_coverage, stats_lines

    result = check_course(course_dir)
    if result.course is None:
        print_report(result.report)
        sys.exit(1)
    reports = ["\n".join(stats_lines(coverage)) for coverage in course_coverage(result.course)]
    click.echo("\n\n".join(reports))
