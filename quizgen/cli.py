"""The command line: a thin layer over functions that tests call directly."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

import click

from quizgen import __version__
from quizgen.check import check_course
from quizgen.diagnostics import Report, display_path
from quizgen.errors import UserError

COURSE_DIR = click.argument(
    "course_dir", required=False, default="items", type=click.Path(file_okay=False, path_type=Path)
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
def check(course_dir: Path, strict: bool) -> None:
    """Validate a course: every problem at once, with file:line."""
    result = check_course(course_dir)
    print_report(result.report)
    if result.failed(strict):
        sys.exit(1)
    course = result.course
    assert course is not None
    click.echo(
        f"{display_path(course_dir)}: {len(course.items)} items in {len(course.articles)} articles, "
        f"{len(course.quizzes)} quizzes: ok"
    )
