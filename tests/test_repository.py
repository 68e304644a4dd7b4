"""The repository stands alone: no test or file depends on a path outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# A home, a workspace or a sibling folder of one machine: nothing in a clone may point there.
ROOTS = ("work", "home", "root", "Users")  # where machines keep projects and homes
MACHINE_PATH = re.compile(rf"(?<![\w.])(/(?:{'|'.join(ROOTS)})/\w|\.\./shared/)")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    return [REPO / name for name in names if not name.startswith("tests/schemas/")]


def test_no_absolute_machine_path_in_the_repository():
    found = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in MACHINE_PATH.finditer(text)]
    assert found == []
