"""Checked readings cached by content hash, so a re-check redoes only the banks that changed.

The cache lives in the user's cache folder (never in the course: a course folder is untrusted, and could carry a
cache of its own making), a folder per course. Each article folder has one MessagePack file there, holding its
key, a small summary (diagnostics, ids, lint features) that `quizgen check` needs, and, once a build has checked
it, the model (article and items) that a build needs; each of the two is decoded without the other. MessagePack
holds only data: reading an entry builds quizgen's own model classes from plain values, and runs nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import msgpack
import platformdirs

from quizgen import model
from quizgen.diagnostics import Diagnostic
from quizgen.media import folder_key
from quizgen.model import Article, Item
from quizgen.reading.coursefiles import fingerprint
from quizgen.resources import code_fingerprint

if TYPE_CHECKING:  # a reading's summary holds lint's features of its items; the check stage makes them
    from quizgen.lint.features import ItemFeatures

FORMAT = 1  # the layout of an entry; quizgen's code fingerprint is part of every key as well


def user_cache(*parts: str) -> Path:
    """A folder of quizgen's in the user's cache folder (`~/.cache/quizgen` on Linux, `XDG_CACHE_HOME` if set)."""
    return platformdirs.user_cache_path("quizgen", appauthor=False).joinpath(*parts)


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


Model = tuple[Article | None, tuple[Item, ...]]


class ReadingCache:
    def __init__(self, course_dir: Path, lint: dict, features: Callable[[tuple], ItemFeatures] = tuple) -> None:
        """`features` makes a cached item's features from their fields (the check stage gives ItemFeatures._make)."""
        self.features = features
        self.course_dir = course_dir
        self.folder = user_cache("readings", hashlib.sha256(os.fsencode(course_dir.resolve())).hexdigest()[:32])
        self.salt = json.dumps([code_fingerprint(), lint], sort_keys=True, default=str).encode()  # lint: its settings
        # Diagnostics hold paths as shown from the working directory: a summary made elsewhere is not reused.
        self.place = [os.getcwd(), str(course_dir)]

    def key(self, folder: Path) -> str:
        """A hash of the article and bank as they are now (and of everything else a reading depends on), the same
        from any working directory: builds use it to tell which outputs changed."""
        digest = hashlib.sha256(self.salt)
        for name in ("article.txt", "items.yaml"):
            path = folder / name
            if os.path.lexists(path):
                digest.update(b"\0" + fingerprint(path, self.course_dir))
            else:  # what is said of a missing file depends on the folder's other names (items.yml?)
                digest.update(b"\0-" + "\0".join(sorted(_names(folder))).encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + folder_key(folder))
        return digest.hexdigest()

    def summary(self, slug: str, key: str, with_model: bool = False) -> Reading | None:
        """The cached summary, or None; `with_model`: None as well when the model was not kept with it."""
        entry = self._entry(slug, key, with_model)
        if entry is None:
            return None
        with contextlib.suppress(ValueError, TypeError, msgpack.UnpackException):
            slug_, title, diagnostics, bank, ids, features, duplicates = _unpack(entry[0])
            return Reading(
                slug_,
                title,
                tuple(map(Diagnostic._make, diagnostics)),
                Path(bank),
                ids,
                tuple(map(self.features, features)),
                duplicates,
            )
        return None

    def model(self, slug: str, key: str) -> Model | None:
        entry = self._entry(slug, key, True)
        if entry is None:
            return None
        with contextlib.suppress(ValueError, TypeError, msgpack.UnpackException):
            article, items = _unpack(entry[1])
            if (article is None or type(article) is Article) and all(type(item) is Item for item in items):
                return article, items
        return None

    def store(self, slug: str, key: str, reading: Reading, model: Model | None) -> None:
        """Keep the reading's summary, and its model unless None (`check` keeps none: only a build reads them)."""
        temporary = self.folder / f"{slug}.{os.getpid()}.tmp"
        try:
            r = reading
            summary = _pack([r.slug, r.title, r.diagnostics, str(r.bank), r.ids, r.features, r.duplicates])
            entry = _pack([FORMAT, key, self.place, summary, None if model is None else _pack(model)])
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            temporary.write_bytes(entry)
            os.replace(temporary, self.folder / f"{slug}.msgpack")
        except (OSError, ValueError, TypeError):  # a read-only cache folder or a full disk: only slower
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def _entry(self, slug: str, key: str, need_model: bool) -> tuple[bytes, bytes | None] | None:
        """The summary's and the model's bytes of an entry made for `key` here, or None: a missing, damaged or
        other entry is no entry."""
        try:
            data = (self.folder / f"{slug}.msgpack").read_bytes()
            form, stored_key, place, summary, kept = msgpack.unpackb(data, raw=False)
        except (OSError, ValueError, TypeError, msgpack.UnpackException):
            return None
        if form != FORMAT or stored_key != key or place != self.place or not isinstance(summary, bytes):
            return None
        if need_model and not isinstance(kept, bytes):
            return None
        return summary, kept


# The model's classes (those a new item type adds too), each packed as a MessagePack extension numbered by its
# place here, its fields in order.
_CLASSES: tuple[type, ...] = tuple(
    sorted((c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)), key=str)
)
_CODES = {cls: code for code, cls in enumerate(_CLASSES)}
_PATH = len(_CLASSES)


def _default(value: object) -> msgpack.ExtType:
    if isinstance(value, Path):
        return msgpack.ExtType(_PATH, os.fsencode(value))
    code = _CODES.get(type(value))
    if code is None:
        raise TypeError(f"the cache cannot hold {type(value).__name__}")
    fields = [getattr(value, f.name) for f in dataclasses.fields(value)]
    return msgpack.ExtType(code, _pack(fields))


def _ext(code: int, data: bytes) -> object:
    if code == _PATH:
        return Path(os.fsdecode(data))
    if code >= len(_CLASSES):
        raise ValueError(f"unknown extension {code}")
    return _CLASSES[code](*_unpack(data))


def _pack(value: object) -> bytes:
    return msgpack.packb(value, default=_default, unicode_errors="surrogateescape")


def _unpack(data: bytes) -> object:
    """Plain values, lists as tuples, and the model's classes; nothing else can come out."""
    return msgpack.unpackb(data, ext_hook=_ext, use_list=False, raw=False, unicode_errors="surrogateescape")


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []
