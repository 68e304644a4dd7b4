"""One measurement in a fresh process, printed as JSON: `python -m bench.measure WHAT COURSE [OUT]`."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def bare_parse(course: Path) -> None:
    """What PyYAML's C loader alone takes to read every bank: the floor for `check`."""
    import yaml

    for path in sorted(course.glob("*/items.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def check(course: Path) -> None:
    from quizgen.check import check_course

    result = check_course(course, model=False)  # what `quizgen check` does
    assert not result.report.errors, result.report.errors[:3]


def build(course: Path, out: Path, formats: list[str]) -> int:
    from quizgen.build import build as run_build

    return len(run_build(course, out, formats).written)


def main(argv: list[str]) -> None:
    what, course = argv[0], Path(argv[1])
    import yaml  # noqa: F401  (imports are not part of the work measured)

    import quizgen.build  # noqa: F401
    import quizgen.check  # noqa: F401

    started = time.perf_counter()
    extra: dict = {}
    if what == "parse":
        bare_parse(course)
    elif what == "check":
        check(course)
    elif what.startswith("build:"):
        extra["written"] = build(course, Path(argv[2]), what.split(":", 1)[1].split(","))
    else:
        raise SystemExit(f"unknown measurement {what}")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **extra}))


if __name__ == "__main__":
    main(sys.argv[1:])
