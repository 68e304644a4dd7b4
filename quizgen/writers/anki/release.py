"""The Anki release record: when each note last changed, so a re-import updates exactly what changed.

Anki updates a note on import only when the package's note is newer than the student's copy. The record
(`anki-release.json` in the course folder, committed with the bank) keeps, for every item ever shipped, the
note as shipped (note type, fields, tags), its hash and the time it last changed, plus the release time.
The build stamps each note with its own change time and the note types with the release time, and updates
the record only when something changed: with the record unchanged the packages are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from quizgen.errors import UserError
from quizgen.reading.coursefiles import UnreadableFile, read_bytes
from quizgen.writers.base import source_date_epoch

RECORD_FILE = "anki-release.json"
RECORD_FORMAT = 1


@dataclass(frozen=True)
class NoteSpec:
    """One note as shipped: its item id, article, note type key, fields (HTML) and tags."""

    id: str
    article: str
    kind: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    def digest(self) -> str:
        """Hash of what Anki stores for the note (note type, fields, tags)."""
        data = json.dumps([self.kind, list(self.fields), list(self.tags)], ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    note: NoteSpec
    changed: int  # Unix seconds: the note's mtime in every package
    retired: bool = False


@dataclass(frozen=True)
class Release:
    released: int  # Unix seconds: the note types' mtime, the package clock
    templates: str  # hash of the note types as shipped
    decks: tuple[tuple[str, str], ...]  # key ('' for the course, else the slug) -> deck name
    entries: tuple[tuple[str, Entry], ...]  # item id -> entry, sorted by id

    @cached_property
    def by_id(self) -> dict[str, Entry]:
        return dict(self.entries)

    def to_json(self) -> str:
        """The record as committed: sorted keys, one field a line, stable across runs."""
        notes = {
            item_id: {
                "article": e.note.article,
                "changed": e.changed,
                "fields": list(e.note.fields),
                "hash": e.note.digest(),
                "retired": e.retired,
                "tags": list(e.note.tags),
                "type": e.note.kind,
            }
            for item_id, e in self.entries
        }
        data = {
            "format": RECORD_FORMAT,
            "released": self.released,
            "templates": self.templates,
            "decks": dict(self.decks),
            "notes": notes,
        }
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"

    def digest(self) -> str:
        return hashlib.sha256(self.to_json().encode()).hexdigest()


class RecordError(UserError):
    """The release record cannot be read."""


def read_record(path: Path) -> Release | None:
    """The record in `path` (in the course folder: read as any course file, no link out), or None when there is
    none yet."""
    if not os.path.lexists(path):
        return None
    try:
        data = json.loads(read_bytes(path, path.parent).decode("utf-8"))
    except UnreadableFile as exc:
        raise RecordError(f"{path}: cannot read the Anki release record: {exc}") from exc
    except ValueError as exc:
        raise RecordError(f"{path}: cannot read the Anki release record ({exc})") from exc
    try:
        entries = tuple(sorted((item_id, _entry(item_id, raw)) for item_id, raw in data["notes"].items()))
        return Release(int(data["released"]), str(data["templates"]), tuple(sorted(data["decks"].items())), entries)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RecordError(f"{path}: the Anki release record is damaged ({exc!r}); restore it from git") from exc


def _entry(item_id: str, raw: dict) -> Entry:
    note = NoteSpec(item_id, str(raw["article"]), str(raw["type"]), tuple(raw["fields"]), tuple(raw["tags"]))
    return Entry(note, int(raw["changed"]), bool(raw.get("retired", False)))


def change_clock() -> int:
    """The time stamped on what changes now: SOURCE_DATE_EPOCH when set (reproducible releases), else the wall clock."""
    epoch = source_date_epoch()
    return int(time.time()) if epoch is None else epoch


def update(
    previous: Release | None,
    notes: Iterable[NoteSpec],
    templates: str,
    decks: dict[str, str],
    clock: int,
    retire: Callable[[NoteSpec, int], NoteSpec],
) -> Release:
    """The next release: unchanged notes keep their time, changed, new and newly retired ones get `now`.

    `now` is later than the previous release even when the clock is not, so every change reaches students.
    """
    now = max(clock, previous.released + 1) if previous else clock
    old = dict(previous.entries) if previous else {}
    entries: dict[str, Entry] = {}
    for note in notes:
        before = old.get(note.id)
        same = before is not None and not before.retired and before.note.digest() == note.digest()
        entries[note.id] = Entry(note, before.changed) if same and before else Entry(note, now)
    for item_id, before in old.items():
        if item_id in entries:
            continue
        entries[item_id] = before if before.retired else Entry(retire(before.note, now), now, retired=True)
    released = previous.released if previous and previous.templates == templates else now
    released = max([released, *(e.changed for e in entries.values())])
    return Release(released, templates, tuple(sorted(decks.items())), tuple(sorted(entries.items())))


def write_record(path: Path, release: Release, dry_run: bool = False) -> None:
    """Write the record atomically (temp file + rename) when its content changed; `dry_run` writes the temp file
    only, and removes it: what fails it (OSError) would fail the real write."""
    text = release.to_json()
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    # A fresh temp file (mkstemp creates it, never opens one that is there): the course folder is not ours, and a
    # link planted under a fixed temp name would have the record written wherever it points.
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        if not dry_run:
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def retired_copy(note: NoteSpec, notice_index: int, notice: str, tag: str) -> NoteSpec:
    """The note with its notice field set and the retired tag added."""
    fields = list(note.fields)
    fields[notice_index] = notice
    tags = note.tags if tag in note.tags else (*note.tags, tag)
    return replace(note, fields=tuple(fields), tags=tags)
