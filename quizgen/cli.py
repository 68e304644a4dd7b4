"""The command line: a thin layer over functions that tests call directly."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

import click

from quizgen import __version__
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


@cli.command("import-article")
@click.argument("raw", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", required=True, help="Folder name of the article: lowercase letters, digits and '-'.")
@click.option(
    "--course", "course_dir", default="items", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="The course folder.",
)
@click.option("--title", help="Title for the front matter (wins over a detected title line).")
@click.option("--author", help="Author for the front matter (wins over a detected byline).")
@click.option("--source", help="Where the article was published.")
@click.option("--date", help="Publication date, as the text supports it.")
@click.option("--drop-boilerplate", is_flag=True, help="Remove the lines that look like site boilerplate.")
@click.option("--force", is_flag=True, help="Overwrite an existing article.txt.")
def import_article_cmd(
    raw: Path, slug: str, course_dir: Path, title: str | None, author: str | None,
    source: str | None, date: str | None, drop_boilerplate: bool, force: bool,
) -> None:
    """Clean a raw article (.txt or .pdf) into COURSE/SLUG/article.txt and report what was repaired."""
    from quizgen import importer

    importer.article_path(course_dir, slug, force=force)  # fail early: bad slug, or an article already there
    given = {"title": title, "author": author, "source": source, "date": date}
    result = importer.import_file(raw, front_matter=given, drop_boilerplate=drop_boilerplate)
    written = importer.write_article(course_dir, slug, importer.render_article(result), force=force)
    click.echo(importer.format_report(result, written))
