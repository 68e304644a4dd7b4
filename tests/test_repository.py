"""The repository stands alone: no test or file depends on a path outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# A home, a workspace or a sibling folder of one machine: nothing in a clone may point there.
MACHINE_PATH = re.compile(r"(?<![\w.])(/work/|/home/\w|/root/|/Users/\w|\.\./shared/)")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    mine = Path(__file__).relative_to(REPO).as_posix()  # its pattern names the paths it looks for
    return [REPO / name for name in names if not name.startswith("tests/schemas/") and name != mine]


def test_no_absolute_machine_path_in_the_repository():
    found = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in MACHINE_PATH.finditer(text)]
    assert found == []
