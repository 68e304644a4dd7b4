"""Where the shipped templates live, installed or in a source checkout, and fingerprints of code and templates."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def templates_dir() -> Path:
    installed = _PACKAGE / "templates"  # a wheel puts templates/ inside the package
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


@cache
def code_fingerprint() -> str:
    """A hash of quizgen's own code: outputs and caches made by other code are not reused."""
    return _tree_hash(_PACKAGE, ".py")


@cache
def templates_fingerprint() -> str:
    return _tree_hash(templates_dir(), "")


def _tree_hash(root: Path, suffix: str) -> str:
    """A hash of the files under `root` whose names end with `suffix`, with their paths (none in __pycache__)."""
    found = []
    for folder, folders, names in os.walk(root):  # not rglob: every build pays for this listing, and it is slower
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [Path(folder, name) for name in names if name.endswith(suffix)]
    digest = hashlib.sha256()
    for path in sorted(p for p in found if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
