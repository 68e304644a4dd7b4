"""Anki packages: the course deck (a subdeck per article) and one deck per article, updating in place on re-import.

Identity never comes from content: note GUIDs from course id + item id, deck and note-type ids from the course id.
Note mtimes come from the release record (quizgen.writers.anki.release), so a re-import updates exactly the changed notes.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import random
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import genanki

from quizgen.diagnostics import Report
from quizgen.markup import embedding, to_html
from quizgen.model import Article, Choice, Course, Item, Match, Numeric, Option, Order, ShortAnswer, TrueFalse
from quizgen.plan import option_order
from quizgen.present import (
    LETTERS,
    TYPE_NAMES,
    also_accepted,
    answer_text,
    bounds,
    number,
    option_feedback,
    plural,
    sources,
    written_number,
)
from quizgen.resources import templates_dir
from quizgen.writers.anki.release import (
    RECORD_FILE,
    NoteSpec,
    Release,
    change_clock,
    read_record,
    retired_copy,
    update,
    write_record,
)
from quizgen.writers.base import BuildContext, Output, changes
from quizgen.writers.embed import WebEmbedder, item_figures, named_in
from quizgen.zipper import zip_bytes

NAME = "anki"
DESCRIPTION = "Anki packages (.apkg): the course with a subdeck per article, and one per article"
RETIRED_TAG = "quizgen::retired"

# FROZEN once shipped: Anki refuses to update notes whose note type lost, gained or renamed a field or template.
# A new card kind is a new note type (a new key here), never a change to an existing one.
FIELDS: dict[str, tuple[str, ...]] = {
    "basic": ("Front", "Back", "Source", "Explanation", "Label", "Id", "Notice", "Extra"),
    "choice": ("Question", "Options", "Key", "Answer", "Source", "Explanation", "Label", "Id", "Notice", "Extra"),
    "typed": ("Question", "Answer", "Accepted", "Source", "Explanation", "Label", "Id", "Notice", "Extra"),
    "cloze": ("Text", "Source", "Explanation", "Label", "Id", "Notice", "Extra"),
}
TEMPLATE_NAMES = {"basic": "Card", "choice": "Question", "typed": "Typed answer", "cloze": "Cloze"}
KIND_OF_TYPE = {
    "card": "basic",
    "essay": "basic",
    "mcq": "choice",
    "multi": "choice",
    "tf": "choice",
    "match": "choice",
    "order": "choice",
    "short": "typed",
    "numeric": "typed",
    "cloze": "cloze",
}
LABELS = {**TYPE_NAMES, "essay": "Essay: answer in your own words, then compare", "card": ""}


def stable_id(*parts: str) -> int:
    """An id in genanki's recommended range [2^30, 2^31), derived from `parts` only."""
    digest = hashlib.sha256("\0".join(("quizgen", *parts)).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(course_id: str, item_id: str) -> str:
    """The note GUID: course id and item id only, so editing an item updates the student's note."""
    return genanki.guid_for("quizgen", course_id, item_id)


def model_id(course_id: str, kind: str) -> int:
    return stable_id("model", course_id, kind)


def deck_id(course_id: str, slug: str = "") -> int:
    return stable_id("deck", course_id, slug)


def normalize_tag(tag: str) -> str:
    """An Anki tag: no spaces (runs of blanks become '_'), no quotes, no empty hierarchy parts."""
    tag = re.sub(r"\s+", "_", tag.strip()).replace('"', "")
    return re.sub(r":{3,}", "::", tag).strip(":")


# --- templates -------------------------------------------------------------------------------------------------


@cache
def _template_file(name: str) -> str:
    return (templates_dir() / "anki" / name).read_text(encoding="utf-8")


def template(kind: str) -> dict[str, str]:
    """The card template of a note type: front file, back file + the shared source block."""
    back = _template_file(f"{kind}-back.html") + _template_file("source.html")
    return {"name": TEMPLATE_NAMES[kind], "qfmt": _template_file(f"{kind}-front.html"), "afmt": back}


def templates_hash() -> str:
    """Hash of every note type's definition: a change makes a new release time so Anki takes it."""
    parts = [_template_file("style.css")] + [repr((k, FIELDS[k], template(k))) for k in FIELDS]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def note_types(course: Course) -> dict[str, genanki.Model]:
    """The four note types of a course, with fixed ids and frozen field and template names."""
    return _note_types(course.id, templates_hash())


@lru_cache(maxsize=8)
def _note_types(course_id: str, _templates: str) -> dict[str, genanki.Model]:
    css = _template_file("style.css")
    models = {}
    for kind, names in FIELDS.items():
        models[kind] = genanki.Model(
            model_id(course_id, kind),
            f"quizgen {kind} ({course_id})",
            fields=[{"name": n} for n in names],
            templates=[template(kind)],
            css=css,
            model_type=genanki.Model.CLOZE if kind == "cloze" else genanki.Model.FRONT_BACK,
        )
    return models


# --- notes -----------------------------------------------------------------------------------------------------


def deck_names(course: Course) -> dict[str, str]:
    """'' -> the course deck, slug -> `Course title::Article title`."""
    names = {"": course.title.replace("::", ":")}
    names.update({a.slug: f"{names['']}::{a.title.replace('::', ':')}" for a in course.articles})
    return names


def item_tags(item: Item) -> tuple[str, ...]:
    """Article slug, type, difficulty and the item's own tags, normalised and without repeats."""
    tags = [item.article, f"quizgen::type::{item.type}"]
    if item.difficulty:
        tags.append(f"quizgen::difficulty::{item.difficulty}")
    tags.extend(normalize_tag(t) for t in item.tags)
    return tuple(dict.fromkeys(t for t in tags if t))


def source_html(course: Course, item: Item) -> str:
    """Each quoted passage with its citation."""
    return "".join(
        f'<blockquote class="qg-quote">{html.escape(text)}</blockquote><div class="qg-cite">{html.escape(cite)}</div>'
        for _, text, cite in sources(course, item)
    )


def _rng(course: Course, item: Item) -> random.Random:
    return random.Random(f"{course.id}|{item.id}|anki")


def _options(item: Item, course: Course) -> list[tuple[str, bool, str]]:
    """Options in card order, each with its feedback (HTML, or ''): True/False for tf, else as the planner orders
    them (stably, by item id): numbers ascending, shuffled unless the bank says not."""
    payload = item.payload
    if isinstance(payload, TrueFalse):
        return [("True", payload.answer, ""), ("False", not payload.answer, "")]
    assert isinstance(payload, Choice)
    options = [payload.options[i] for i in option_order(item, _rng(course, item))]
    return [(o.text, o.correct, _why_html(course, item, o)) for o in options]


def _why_html(course: Course, item: Item, option: Option) -> str:
    """Why a wrong option is wrong, with its passage and citation, to show beside it on the back."""
    feedback = option_feedback(course, item, option)
    if feedback is None:
        return ""
    source = ""
    if feedback.passage is not None and feedback.citation is not None:
        source = (
            f'<blockquote class="qg-quote">{html.escape(feedback.passage)}</blockquote>'
            f'<div class="qg-cite">{html.escape(feedback.citation)}</div>'
        )
    return f'<div class="qg-why">{to_html(feedback.why)}{source}</div>'


def _option_list(options: list[tuple[str, bool, str]], key: bool) -> str:
    rows = []
    for letter, (text, correct, why) in zip(LETTERS, options, strict=False):
        css = f' class="qg-{"correct" if correct else "wrong"}"' if key else ""
        mark = '<span class="qg-mark">\u2713</span>' if key and correct else ""
        rows.append(f'<li{css}><span class="qg-letter">{letter}</span> {to_html(text)}{mark}{why if key else ""}</li>')
    return f"<ol>{''.join(rows)}</ol>"


def choice_fields(item: Item, course: Course) -> dict[str, str]:
    options = _options(item, course)
    if isinstance(item.payload, TrueFalse):  # the word, not the letter it happens to have
        letters = "True" if item.payload.answer else "False"
    else:
        letters = ", ".join(letter for letter, (_, ok, _) in zip(LETTERS, options, strict=False) if ok)
    return {"Options": _option_list(options, False), "Key": _option_list(options, True), "Answer": letters}


def order_fields(item: Item, course: Course) -> dict[str, str]:
    """One card: the steps shuffled and lettered on the front; on the back, in their order with their letters."""
    assert isinstance(item.payload, Order)
    steps = item.payload.steps
    shown = option_order(item, _rng(course, item))
    letter_of = {i: LETTERS[pos] for pos, i in enumerate(shown)}
    front = "".join(
        f'<li><span class="qg-letter">{LETTERS[pos]}</span> {to_html(steps[i])}</li>' for pos, i in enumerate(shown)
    )
    back = "".join(
        f'<li><span class="qg-n">{n}</span> <span class="qg-letter">{letter_of[i]}</span> {to_html(step)}</li>'
        for n, (i, step) in enumerate(enumerate(steps), start=1)
    )
    answer = ", ".join(letter_of[i] for i in range(len(steps)))
    return {"Options": f"<ol>{front}</ol>", "Key": f'<ol class="qg-order">{back}</ol>', "Answer": answer}


def match_fields(item: Item, course: Course) -> dict[str, str]:
    """One card: left terms numbered, right sides lettered (shuffled) in a list beside them; the back pairs them."""
    assert isinstance(item.payload, Match)
    pairs = item.payload.pairs
    rights = [pairs[i][1] for i in option_order(item, _rng(course, item))]
    letter_of = {right: LETTERS[i] for i, right in enumerate(rights)}
    # Two lists side by side (stacked on a narrow screen), not one table: rows would read as pairs.
    terms = "".join(f'<li><span class="qg-n">{n}</span> {to_html(left)}</li>' for n, (left, _) in enumerate(pairs, 1))
    choices = "".join(f'<li><span class="qg-n">{LETTERS[i]}</span> {to_html(r)}</li>' for i, r in enumerate(rights))
    key = "".join(
        f'<tr><td class="qg-n">{n}</td><td>{to_html(left)}</td><td class="qg-arrow">\u2192</td>'
        f'<td><span class="qg-letter">{letter_of[right]}</span> {to_html(right)}</td></tr>'
        for n, (left, right) in enumerate(pairs, 1)
    )
    answer = ", ".join(f"{n}\u2009\u2192\u2009{letter_of[right]}" for n, (_, right) in enumerate(pairs, 1))
    return {
        "Options": f'<div class="qg-lists"><ol>{terms}</ol><ol>{choices}</ol></div>',
        "Key": f'<table class="qg-match">{key}</table>',
        "Answer": answer,
    }


def typed_fields(item: Item) -> dict[str, str]:
    """The answer Anki compares with what the student types, and what else counts."""
    payload = item.payload
    if isinstance(payload, Numeric):
        accepted = ""
        if payload.tolerance:
            low, high = bounds(payload.text, payload.tolerance)
            accepted = f"\u00b1 {number(payload.tolerance)}: from {low} to {high}"
        return {"Answer": html.escape(written_number(payload.text)), "Accepted": accepted}
    assert isinstance(payload, ShortAnswer)
    others = also_accepted(item)
    accepted = "Also accepted: " + "; ".join(str(to_html(a)) for a in others) if others else ""
    return {"Answer": str(to_html(payload.accepted[0])), "Accepted": accepted}


def note_fields(item: Item, course: Course) -> dict[str, str]:
    """The fields of an item's note, by name (absent fields are empty)."""
    kind = KIND_OF_TYPE[item.type]
    common = {
        "Source": source_html(course, item),
        "Explanation": str(to_html(item.explain)) if item.explain else "",
        "Label": LABELS.get(item.type, ""),
        "Id": html.escape(item.id),
    }
    prompt = str(to_html(item.prompt))
    if kind == "basic":
        back = str(to_html(answer_text(item)))
        if item.type == "essay":  # a paragraph or more: read as prose, under its label, not as one bold answer
            back = f'<div class="qg-model"><span class="qg-h">Model answer</span> {back}</div>'
        return {**common, "Front": prompt, "Back": back}
    if kind == "cloze":
        return {**common, "Text": prompt}
    if kind == "typed":
        return {**common, "Question": prompt, **typed_fields(item)}
    if isinstance(item.payload, Match):
        specific = match_fields(item, course)
    elif isinstance(item.payload, Order):
        specific = order_fields(item, course)
    else:
        specific = choice_fields(item, course)
    return {**common, "Question": prompt, **specific}


def note_spec(item: Item, course: Course) -> NoteSpec:
    kind = KIND_OF_TYPE[item.type]
    values = note_fields(item, course)
    fields = tuple(values.get(name, "") for name in FIELDS[kind])
    return NoteSpec(item.id, item.article, kind, fields, item_tags(item))


def retire(note: NoteSpec, when: int) -> NoteSpec:
    """A removed item's last note, marked retired: notice on the card, retired tag for one-search suspending."""
    day = time.strftime("%Y-%m-%d", time.gmtime(when))
    notice = (
        f"Retired from the course on {day}: this item is no longer part of it. "
        f"Suspend it: search <code>tag:{RETIRED_TAG}</code>, select all, Suspend."
    )
    return retired_copy(note, FIELDS[note.kind].index("Notice"), notice, RETIRED_TAG)


# --- release and packages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What this build ships: the release (new record), the record it replaces, and the notes in deck order."""

    release: Release
    previous: Release | None
    record: Path
    order: tuple[tuple[str, str, int], ...]  # (item id, article, due): see course_order


def plan(context: BuildContext) -> Plan:
    """The release of this build, computed once per build context (the clock is read once) and kept on it."""
    cached = context.state.get(NAME)
    if cached is not None:
        return cached
    course = context.course
    record = course.path / RECORD_FILE
    previous = read_record(record)
    with embedding(WebEmbedder(course.path)):  # figures by file name, in the package's media
        notes = [note_spec(item, course) for item in course.items]
    release = update(previous, notes, templates_hash(), deck_names(course), change_clock(), retire)
    result = context.state[NAME] = Plan(release, previous, record, course_order(course, release))
    return result


class TimedNote(genanki.Note):
    """A genanki note carrying its own mtime (the time its item last changed) instead of the package's."""

    def __init__(self, *args, mtime: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mtime = mtime

    def write_to_db(self, cursor, timestamp: float, deck_id, id_gen) -> None:
        super().write_to_db(cursor, self.mtime, deck_id, id_gen)


def course_order(course: Course, release: Release) -> tuple[tuple[str, str, int], ...]:
    """(item id, article, due) for live items in course order, then retired ones by id."""
    rank = {article.slug: n for n, article in enumerate(course.articles)}
    live = [item.id for item in sorted(course.items, key=lambda i: (rank[i.article], i.position))]
    retired = [item_id for item_id, entry in release.entries if entry.retired]
    return tuple((item_id, release.by_id[item_id].note.article, due) for due, item_id in enumerate(live + retired))


def build_package(course: Course, shipped: Plan, slug: str | None = None) -> genanki.Package:
    """The genanki package of the whole course (slug None) or of one article."""
    release = shipped.release
    models = note_types(course)
    names = dict(release.decks)
    articles: list[Article] = [a for a in course.articles if slug in (None, a.slug)]
    decks = {a.slug: genanki.Deck(deck_id(course.id, a.slug), names[a.slug]) for a in articles}
    parent = genanki.Deck(deck_id(course.id), names[""])
    for item_id, article, due in shipped.order:
        if slug is not None and article != slug:
            continue
        entry = release.by_id[item_id]
        deck = decks.get(article, parent)
        note = entry.note
        model = models[note.kind]
        guid = note_guid(course.id, item_id)
        deck.add_note(
            TimedNote(model, list(note.fields), tags=list(note.tags), guid=guid, due=due, mtime=entry.changed)
        )
    chosen = ([parent] if slug is None else []) + list(decks.values())
    return genanki.Package(chosen)


def collection_bytes(package: genanki.Package, timestamp: int) -> bytes:
    """The package's collection database, written with a fixed clock into a temporary SQLite file."""
    with tempfile.TemporaryDirectory(prefix="quizgen-anki-") as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA synchronous = OFF")  # a scratch file: no fsync; the bytes are the same
        connection.execute("PRAGMA journal_mode = MEMORY")
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(timestamp * 1000))
            connection.commit()
        finally:
            connection.close()
        return path.read_bytes()


def apkg_bytes(course: Course, shipped: Plan, slug: str | None = None) -> bytes:
    """A deterministic .apkg: the collection, the figures its notes show and their media map, with fixed times."""
    released = shipped.release.released
    database = collection_bytes(build_package(course, shipped, slug), released)
    fields = (
        f for _, entry in shipped.release.entries if slug in (None, entry.note.article) for f in entry.note.fields
    )
    figures = named_in(fields, item_figures(course, course.items if slug is None else course.items_of(slug)))
    names = sorted(figures)
    media = json.dumps({str(n): name for n, name in enumerate(names)}, sort_keys=True).encode()
    files = [(str(n), figures[name].data) for n, name in enumerate(names)]
    return zip_bytes([("collection.anki2", database), ("media", media), *files], released)


def outputs(context: BuildContext) -> list[Output]:
    """The course package and one package per article."""
    course = context.course
    shipped = plan(context)
    extra = shipped.release.digest()
    slugs = tuple(a.slug for a in course.articles)
    retired = [entry.note.article for _, entry in shipped.release.entries if entry.retired]
    since = _since(shipped)
    result = [
        Output(
            f"anki/{course.id}.apkg",
            slugs,
            lambda: apkg_bytes(course, shipped),
            extra,
            f"{_notes(len(course.items), len(retired))}, {plural(len(slugs), 'subdeck')}{since(None)}",
        )
    ]
    for article in course.articles:
        count = len(course.items_of(article.slug))
        result.append(
            Output(
                f"anki/{course.id}-{article.slug}.apkg",
                (article.slug,),
                lambda slug=article.slug: apkg_bytes(course, shipped, slug),
                extra,
                f"{_notes(count, retired.count(article.slug))}: {article.title}{since(article.slug)}",
            )
        )
    return result


def _since(shipped: Plan) -> Callable[[str | None], str]:
    """What changed since the last release, for the course (None) or an article: the notes students get anew."""
    if shipped.previous is None:
        return lambda slug: ""
    old, new = _live(shipped.previous), _live(shipped.release)
    # The record, not the last build folder, is what students have: say so (a build elsewhere can come between).
    return lambda slug: f"; {changes(old.get(slug, {}), new.get(slug, {})).describe('the last release')}"


def _live(release: Release) -> dict[str | None, dict[str, int]]:
    """Item id -> the time its note last changed, of the notes not retired: per article, and for the course (None)."""
    found: dict[str | None, dict[str, int]] = {None: {}}
    for item_id, entry in release.entries:
        if not entry.retired:
            found[None][item_id] = found.setdefault(entry.note.article, {})[item_id] = entry.changed
    return found


def _notes(count: int, retired: int) -> str:
    return plural(count, "note") + (f" and {retired} retired" if retired else "")


def preflight(context: BuildContext, report: Report) -> None:
    """Note what students will see differently: retired items, renamed decks, a first release (notes, as the
    release record that makes them go away is written only by a build that succeeds)."""
    result = plan(context)
    record = result.record
    try:  # the record is written after the outputs are swapped in: find out now whether it can be
        write_record(record, result.release, dry_run=True)
    except OSError as exc:
        report.error(
            record,
            0,
            f"cannot write the Anki release record ({exc.strerror or exc}): make the course folder writable, as the "
            "record must change with this release for students' notes to update in place",
            "anki-record",
        )
    if result.previous is None:
        report.note(record, 0, f"first Anki release: commit {RECORD_FILE} with the bank", "anki-first-release")
        return
    before = dict(result.previous.entries)
    for item_id, entry in result.release.entries:
        if entry.retired and not before[item_id].retired:
            report.note(
                record,
                0,
                f"item '{item_id}' is gone from the bank: it ships tagged {RETIRED_TAG} so students can suspend it",
                "anki-retired",
            )
    old_names = dict(result.previous.decks)
    for key, name in result.release.decks:
        if key in old_names and old_names[key] != name:
            report.note(
                record,
                0,
                f"deck '{old_names[key]}' is now '{name}': students' existing cards stay in the old deck",
                "anki-deck-renamed",
            )


def after_build(context: BuildContext) -> None:
    """After a successful build: save the release record in the course folder if it changed."""
    result = plan(context)
    write_record(result.record, result.release)
