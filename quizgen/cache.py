"""Checked readings cached by content hash, so a re-check redoes only the banks that changed.

Each article folder has two entries in `<course>/.quizgen-cache/`: a small summary (diagnostics, ids,
lint features) that `quizgen check` needs, and the model (article and items) that a build needs.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from quizgen.diagnostics import Diagnostic
from quizgen.lint.features import ItemFeatures
from quizgen.model import Article, Item
from quizgen.resources import code_fingerprint

CACHE_DIR = ".quizgen-cache"


@dataclass(frozen=True)
class Reading:
    """One article and its bank, checked: what `check` needs of it, small enough to cache."""

    slug: str
    title: str | None  # None when the article could not be read
    diagnostics: tuple[Diagnostic, ...]
    bank: Path  # items.yaml
    ids: tuple[tuple[str, int], ...]  # every id written in the bank, valid item or not, with its line
    features: tuple[ItemFeatures, ...]  # the valid items
    duplicates: tuple[tuple[str, str, float], ...] = ()  # near-duplicates inside the bank: see lint.bank_duplicates


class ReadingCache:
    def __init__(self, course_dir: Path, lint: dict) -> None:
        self.folder = course_dir / CACHE_DIR
        # Diagnostics hold paths as shown from the working directory, and lint depends on its settings.
        salt = json.dumps([code_fingerprint(), os.getcwd(), str(course_dir), lint], sort_keys=True, default=str)
        self.salt = salt.encode()

    def key(self, folder: Path) -> str:
        """A hash of the article and bank as they are now (and of everything else a reading depends on)."""
        digest = hashlib.sha256(self.salt)
        for name in ("article.txt", "items.yaml"):
            try:
                digest.update(b"\0" + (folder / name).read_bytes())
            except OSError:
                digest.update(b"\0-")
        return digest.hexdigest()

    def summary(self, slug: str, key: str) -> Reading | None:
        return self._read(slug, "summary", key)

    def model(self, slug: str, key: str) -> tuple[Article | None, tuple[Item, ...]] | None:
        return self._read(slug, "model", key)

    def store(self, slug: str, key: str, reading: Reading, model: tuple[Article | None, tuple[Item, ...]]) -> None:
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# quizgen's cache: safe to delete\n*\n", encoding="utf-8")
            self._write(slug, "summary", key, reading)
            self._write(slug, "model", key, model)
        except OSError:
            pass  # a read-only course folder is checked every time, which is only slower

    def _read(self, slug: str, kind: str, key: str):
        try:
            with open(self.folder / f"{slug}.{kind}", "rb") as file:
                stored_key, value = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None
        return value if stored_key == key else None

    def _write(self, slug: str, kind: str, key: str, value: object) -> None:
        with tempfile.NamedTemporaryFile("wb", dir=self.folder, delete=False, suffix=".tmp") as file:
            pickle.dump((key, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, self.folder / f"{slug}.{kind}")
