"""Checked readings cached by content hash, so a re-check redoes only the banks that changed.

Each article folder has one file in `<course>/.quizgen-cache/`, holding its key, a small summary (diagnostics,
ids, lint features) that `quizgen check` needs, and, once a build has checked it, the model (article and items)
that a build needs; each of the two is read without unpickling the other.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.diagnostics import Diagnostic
from quizgen.media import folder_key
from quizgen.model import Article, Item
from quizgen.resources import code_fingerprint

if TYPE_CHECKING:  # a reading's summary holds lint's features of its items; the check stage makes them
    from quizgen.lint.features import ItemFeatures

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
        self.salt = json.dumps([code_fingerprint(), lint], sort_keys=True, default=str).encode()  # lint: its settings
        # Diagnostics hold paths as shown from the working directory: a summary made elsewhere is not reused.
        self.place = (os.getcwd(), str(course_dir))
        self._made = False  # whether this run has made the folder (and its .gitignore)

    def key(self, folder: Path) -> str:
        """A hash of the article and bank as they are now (and of everything else a reading depends on), the same
        from any working directory: builds use it to tell which outputs changed."""
        digest = hashlib.sha256(self.salt)
        for name in ("article.txt", "items.yaml"):
            try:
                digest.update(b"\0" + (folder / name).read_bytes())
            except OSError:  # what is said of a missing file depends on the folder's other names (items.yml?)
                digest.update(b"\0-" + "\0".join(sorted(_names(folder))).encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + folder_key(folder))
        return digest.hexdigest()

    def summary(self, slug: str, key: str, with_model: bool = False) -> Reading | None:
        """The cached summary, or None; `with_model`: None as well when the model was not kept with it."""
        return self._read(slug, key, model=False, need_model=with_model)

    def model(self, slug: str, key: str) -> tuple[Article | None, tuple[Item, ...]] | None:
        return self._read(slug, key, model=True, need_model=True)

    def store(
        self, slug: str, key: str, reading: Reading, model: tuple[Article | None, tuple[Item, ...]] | None
    ) -> None:
        """Keep the reading's summary, and its model unless None (`check` keeps none: only a build reads them)."""
        summary = pickle.dumps(reading, protocol=pickle.HIGHEST_PROTOCOL)
        temporary = self.folder / f"{slug}.{os.getpid()}.tmp"
        try:
            if not self._made:
                self.folder.mkdir(exist_ok=True)
                (self.folder / ".gitignore").write_text("# quizgen's cache: safe to delete\n*\n", encoding="utf-8")
                self._made = True
            with open(temporary, "wb") as file:
                pickle.dump((key, self.place, len(summary), model is not None), file, protocol=pickle.HIGHEST_PROTOCOL)
                file.write(summary)
                if model is not None:
                    pickle.dump(model, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{slug}.pickle")
        except OSError:  # a read-only course folder or a full disk: checked every time, which is only slower
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def _read(self, slug: str, key: str, model: bool, need_model: bool):
        try:
            with open(self.folder / f"{slug}.pickle", "rb") as file:
                stored_key, place, size, has_model = pickle.load(file)
                if stored_key != key or place != self.place or (need_model and not has_model):
                    return None
                if model:
                    file.seek(size, os.SEEK_CUR)
                    return pickle.load(file)
                return pickle.loads(file.read(size))
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return None


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []
