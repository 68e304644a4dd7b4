"""The output formats: one module (or package) per format, named in FORMATS.

A writer module must define:
    NAME: str                        # its name in FORMATS and on the command line; its files go under NAME/
    DESCRIPTION: str                 # what it makes, in one line
    outputs(context) -> [Output]     # every file it makes, each rendered only when its inputs changed (base.py)
and may define:
    preflight(context, report)       # what a build would warn about, before anything is written (also `check
                                     # --format`); an error, or with --strict a warning, stops the build
    after_build(context)             # what to record once a build is swapped in (the Anki release record)
    TARGET: str                      # the LMS writers: the name their warnings start with ("Canvas QTI 1.2: ...")
The context (base.BuildContext) holds the course, the quiz plans, the build clock and the last build's manifest.
lms.py holds what the LMS writers share, jinja.py the templated writers' environment.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

FORMATS: tuple[str, ...] = ("html", "pdf", "anki", "qti", "qti21", "cc", "moodle")  # module names, in build order


def writers(names: Iterable[str] | None = None) -> dict[str, ModuleType]:
    """The writers of `names` (default: all) by name, imported only when asked for: a build of one format
    does not pay for the libraries of the others."""
    wanted = set(FORMATS if names is None else names)
    chosen = [name for name in FORMATS if name in wanted]
    return {name: importlib.import_module(f"quizgen.writers.{name}") for name in chosen}
