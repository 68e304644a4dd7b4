"""The Anki packages, imported into fresh collections with the real Anki."""

from __future__ import annotations

import gc
import html
import json
import re
import weakref
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402
from anki.scheduler.v3 import CardAnswer  # noqa: E402

from quizgen.build import build  # noqa: E402
from quizgen.diagnostics import Report  # noqa: E402
from quizgen.markup import to_plain  # noqa: E402
from quizgen.model import Choice, Cloze, Course, Item, Match, Numeric, Order, ShortAnswer  # noqa: E402
from quizgen.present import answer_text, number, option_feedback, sources  # noqa: E402
from quizgen.writers import anki as writer  # noqa: E402
from quizgen.writers.anki import release  # noqa: E402
from quizgen.writers.anki.release import RECORD_FILE, read_record  # noqa: E402
from quizgen.writers.base import BuildContext  # noqa: E402
from tests.conftest import loaded  # noqa: E402

# --- helpers ---------------------------------------------------------------------------------------------------


def build_anki(course_dir: Path, out: Path) -> dict[str, Path]:
    """Build the Anki packages; path -> file."""
    build(course_dir, out, formats=["anki"])
    return {p.name: p for p in sorted((out / "anki").glob("*.apkg"))}


def built_and_imported(course_dir: Path, tmp_path: Path) -> tuple[Course, Collection]:
    """Build the course's packages into tmp_path/build and import the course package into a new collection."""
    course, _ = loaded(course_dir)
    build_anki(course_dir, tmp_path / "build")
    col = fresh_collection(tmp_path / "anki")
    import_package(col, course_package(course, tmp_path / "build"))
    return course, col


def course_package(course: Course, out: Path) -> Path:
    return out / "anki" / f"{course.id}.apkg"


def fresh_collection(folder: Path, name: str = "student") -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / f"{name}.anki2"))


def import_package(col: Collection, path: Path):
    """Import with Anki's default options (what a student gets by double-clicking the file)."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def text_of(rendered: str) -> str:
    """Rendered card HTML as the student reads it: no tags, no styles, entities decoded, blanks collapsed."""
    rendered = re.sub(r"<style>.*?</style>", " ", rendered, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def plain(text: str) -> str:
    """Item text as the card shows it, blanks removed (compare with `squeeze`d card text)."""
    return squeeze(to_plain(text))


def squeeze(text: str) -> str:
    return "".join(text.split())


def expected_cards(item: Item) -> int:
    return len({d.number for d in item.payload.deletions}) if isinstance(item.payload, Cloze) else 1


def note_by_item(col: Collection, course: Course, item_id: str):
    guid = writer.note_guid(course.id, item_id)
    ids = col.db.list("select id from notes where guid = ?", guid)
    assert len(ids) == 1, (item_id, ids)
    return col.get_note(ids[0])


COURSES = ["sample_course", "unicode_course", "example_course"]


@pytest.fixture(params=COURSES)
def any_course(request) -> Path:
    if request.param == "example_course" and not (Path(__file__).resolve().parent.parent / "items").is_dir():
        pytest.skip("no example course in this checkout")
    return request.getfixturevalue(request.param)


# --- a fresh import --------------------------------------------------------------------------------------------


def test_every_note_imports_as_new_with_one_card_per_item_or_deletion(any_course: Path, tmp_path: Path) -> None:
    course, _ = loaded(any_course)
    build_anki(any_course, tmp_path / "build")
    col = fresh_collection(tmp_path / "anki")
    log = import_package(col, course_package(course, tmp_path / "build"))
    retired = retired_notes(any_course, course)
    assert len(log.new) == len(course.items) + len(retired)  # an item removed from the bank ships retired
    assert not (log.updated or log.duplicate or log.conflicting or log.missing_notetype)
    assert col.note_count() == len(course.items) + len(retired)
    # the example course's retired item was a numeric one: one card
    assert col.card_count() == sum(expected_cards(item) for item in course.items) + len(retired)
    empty = col.get_empty_cards()
    assert not empty.notes, empty.report
    for item in course.items:
        note = note_by_item(col, course, item.id)
        assert len(note.cards()) == expected_cards(item), item.id


def test_every_card_renders_question_options_answer_quote_and_citation(any_course: Path, tmp_path: Path) -> None:
    course, _ = loaded(any_course)
    build_anki(any_course, tmp_path / "build")
    col = fresh_collection(tmp_path / "anki")
    import_package(col, course_package(course, tmp_path / "build"))
    for item in course.items:
        for card in note_by_item(col, course, item.id).cards():
            front, back = card.question(), card.answer()
            assert "{{" not in front.replace(item.prompt, "") and "}}" not in back.replace(item.prompt, ""), item.id
            check_front(item, squeeze(text_of(front)))
            check_back(course, item, squeeze(text_of(back)))


def check_front(item: Item, front: str) -> None:
    """The front asks the question (options included) and gives nothing away."""
    if isinstance(item.payload, Cloze):
        assert "[...]" in front or any(squeeze(f"[{d.hint}]") in front for d in item.payload.deletions if d.hint)
        return
    assert plain(item.prompt) in front, (item.id, front)
    if isinstance(item.payload, Choice):
        for option in item.payload.options:
            assert plain(option.text) in front, (item.id, option.text)
        assert "\u2713" not in front
    if isinstance(item.payload, Match):
        for left, right in item.payload.pairs:
            assert plain(left) in front and plain(right) in front, item.id
    if isinstance(item.payload, Order):  # every step, not in their right order
        at = [front.find(plain(step)) for step in item.payload.steps]
        assert -1 not in at and at != sorted(at), (item.id, front)
    if item.type in ("card", "essay"):
        assert plain(answer_text(item)) not in front, item.id


def check_back(course: Course, item: Item, back: str) -> None:
    """The back shows the answer, every quoted passage with its citation, and the explanation."""
    if isinstance(item.payload, Cloze):
        for deletion in item.payload.deletions:
            assert plain(deletion.answer) in back, (item.id, deletion.answer)
    elif isinstance(item.payload, Match):
        for left, right in item.payload.pairs:
            assert plain(left) in back and plain(right) in back, item.id
    elif isinstance(item.payload, Choice):
        for option in item.payload.options:
            if option.correct:
                assert plain(option.text) + "\u2713" in back, (item.id, option.text, back)
            feedback = option_feedback(course, item, option)
            if feedback is not None:  # beside its option: why, then the passage and its citation
                shown = plain(option.text) + plain(feedback.why) + squeeze(feedback.passage or "")
                assert shown + squeeze(feedback.citation or "") in back, (item.id, option.text, back)
    elif isinstance(item.payload, Order):  # the steps in their order, each numbered
        at = [
            back.find(f"{n}{letter}{plain(step)}")
            for n, step in enumerate(item.payload.steps, 1)
            for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            if f"{n}{letter}{plain(step)}" in back
        ]
        assert len(at) == len(item.payload.steps) and at == sorted(at), (item.id, back)
    elif isinstance(item.payload, Numeric):
        assert plain(item.payload.text) in back, (item.id, back)
        if item.payload.tolerance:
            assert "\u00b1" + number(item.payload.tolerance) in back, (item.id, back)
    elif isinstance(item.payload, ShortAnswer):
        assert all(plain(a) in back for a in item.payload.accepted), (item.id, back)
    elif item.type == "tf":
        assert f"Answer{answer_text(item)}" in back, (item.id, back)  # the word, not a letter
    else:
        assert plain(answer_text(item)) in back, (item.id, back)
    if item.type == "essay":
        assert "Modelanswer" in back, (item.id, back)  # squeezed
    for _, passage, cite in sources(course, item):
        assert squeeze(passage) in back, (item.id, passage)
        assert squeeze(cite) in back, (item.id, cite)
    if item.explain:
        assert plain(item.explain) in back, item.id
    assert item.id in back


def test_cloze_cards_hide_one_deletion_each(sample_course: Path, tmp_path: Path) -> None:
    course, col = built_and_imported(sample_course, tmp_path)
    item = next(i for i in course.items if isinstance(i.payload, Cloze))
    cards = sorted(note_by_item(col, course, item.id).cards(), key=lambda c: c.ord)
    assert len(cards) == len(item.payload.deletions) >= 2
    for card, deletion in zip(cards, item.payload.deletions, strict=True):
        hidden = f"[{deletion.hint}]" if deletion.hint else "[...]"
        assert hidden in text_of(card.question()), (hidden, card.question())
        assert 'class="cloze"' in card.question() and 'class="cloze"' in card.answer()
        assert plain(deletion.answer) in text_of(re.sub(r".*<hr id=\"?answer\"?>", "", card.answer(), flags=re.S))
    others = [d for d in item.payload.deletions if d is not item.payload.deletions[0]]
    assert all(plain(d.answer) in text_of(cards[0].question()) for d in others)


def test_notes_carry_tags_deck_and_due_in_article_order(sample_course: Path, tmp_path: Path) -> None:
    course, col = built_and_imported(sample_course, tmp_path)
    for position, item in enumerate(course.items):
        note = note_by_item(col, course, item.id)
        assert item.article in note.tags and f"quizgen::type::{item.type}" in note.tags
        if item.difficulty:
            assert f"quizgen::difficulty::{item.difficulty}" in note.tags
        for tag in item.tags:
            assert writer.normalize_tag(tag) in note.tags
        for card in note.cards():
            assert card.due == position
            deck = col.decks.name(card.did)
            assert deck == f"{course.title}::{course.article(item.article).title}"


def test_tags_are_normalised_for_anki() -> None:
    assert writer.normalize_tag(" korean  names ") == "korean_names"
    assert writer.normalize_tag('"quoted" tag') == "quoted_tag"
    assert writer.normalize_tag("::a:::b::") == "a::b"


def test_identity_is_frozen() -> None:
    """Ids and field names are forever: changing them breaks every student's update."""
    assert writer.model_id("my-course", "basic") == writer.stable_id("model", "my-course", "basic")
    assert writer.model_id("my-course", "basic") == 1685486211
    assert writer.deck_id("my-course") == 2084036878
    assert writer.note_guid("my-course", "bees-scent") == "bn%YP|,4H5"
    assert writer.FIELDS["choice"] == (
        "Question",
        "Options",
        "Key",
        "Answer",
        "Source",
        "Explanation",
        "Label",
        "Id",
        "Notice",
        "Extra",
    )
    assert writer.TEMPLATE_NAMES == {"basic": "Card", "choice": "Question", "typed": "Typed answer", "cloze": "Cloze"}


# --- re-imports and updates ------------------------------------------------------------------------------------


def test_importing_the_same_package_twice_changes_nothing(sample_course: Path, tmp_path: Path) -> None:
    course, _ = loaded(sample_course)
    build_anki(sample_course, tmp_path / "build")
    col = fresh_collection(tmp_path / "anki")
    package = course_package(course, tmp_path / "build")
    import_package(col, package)
    before = col.db.all("select id, guid, mod, flds, tags from notes order by id")
    cards = col.db.all("select id, nid, did, due, mod from cards order by id")
    log = import_package(col, package)
    assert not log.new and not log.updated and len(log.duplicate) == len(course.items)
    assert col.db.all("select id, guid, mod, flds, tags from notes order by id") == before
    assert col.db.all("select id, nid, did, due, mod from cards order by id") == cards


def study(col: Collection, count: int) -> list[int]:
    """Answer `count` cards through the v3 scheduler, as a student would; their ids."""
    studied = []
    for _ in range(count):
        queued = col.sched.get_queued_cards(fetch_limit=1)
        assert queued.cards, "nothing left to study"
        top = queued.cards[0]
        card = col.get_card(top.card.id)
        card.start_timer()
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=CardAnswer.GOOD))
        studied.append(card.id)
    return studied


def edit_prompt(course_dir: Path, item_id: str, old: str, new: str) -> None:
    for bank in course_dir.glob("*/items.yaml"):
        text = bank.read_text(encoding="utf-8")
        if f"id: {item_id}\n" in text:
            head, tail = text.split(f"id: {item_id}\n", 1)
            assert old in tail
            bank.write_text(head + f"id: {item_id}\n" + tail.replace(old, new, 1), encoding="utf-8")
            return
    raise AssertionError(f"no item {item_id}")


def remove_item(course_dir: Path, item_id: str) -> None:
    for bank in course_dir.glob("*/items.yaml"):
        text = bank.read_text(encoding="utf-8")
        blocks = re.split(r"(?m)^(?=- id: )", text)
        kept = [b for b in blocks if not b.startswith(f"- id: {item_id}\n")]
        if len(kept) != len(blocks):
            bank.write_text("".join(kept), encoding="utf-8")
            return
    raise AssertionError(f"no item {item_id}")


def test_release_two_updates_in_place_and_keeps_the_students_work(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the instructor's wall clock
    course, _ = loaded(sample_course)
    build_anki(sample_course, tmp_path / "r1")
    col = fresh_collection(tmp_path / "anki")
    import_package(col, course_package(course, tmp_path / "r1"))

    col.decks.set_current(col.decks.id_for_name(course.title))
    studied = study(col, 4)
    col.set_user_flag_for_cards(1, [studied[0]])
    edited, tagged, removed = "bees-dance-surface", "bees-scent", "bees-one-second"
    tagged_note = note_by_item(col, course, tagged)
    tagged_note.add_tag("my-hard-one")
    col.update_note(tagged_note)
    schedule = col.db.all("select id, type, queue, due, ivl, factor, reps, lapses, flags from cards order by id")
    revlog = col.db.all("select * from revlog order by id")
    assert len(revlog) == 4
    edited_note = note_by_item(col, course, edited)
    edited_cards = [c.id for c in edited_note.cards()]

    edit_prompt(sample_course, edited, "where does a forager perform", "where exactly does a forager perform")
    remove_item(sample_course, removed)
    summaries = build(sample_course, tmp_path / "r2", formats=["anki"]).summaries
    log = import_package(col, course_package(course, tmp_path / "r2"))

    assert [n.note_id for n in log.new] == []
    assert len(log.updated) == 2  # the edited note and the retired one; nothing else touched
    # The build names them: an instructor knows what students will see change.
    assert summaries[f"anki/{course.id}.apkg"].endswith(f"since the last release: changed {edited}; removed {removed}")
    assert not log.conflicting and not log.missing_notetype
    assert col.note_count() == len(course.items)  # nothing duplicated, the removed item's note kept
    note = note_by_item(col, course, edited)
    assert note.id == edited_note.id and "where exactly does a forager perform" in note.fields[0]
    assert [c.id for c in note.cards()] == edited_cards
    assert (
        col.db.all("select id, type, queue, due, ivl, factor, reps, lapses, flags from cards order by id") == schedule
    )
    assert col.db.all("select * from revlog order by id") == revlog
    assert col.get_card(studied[0]).user_flag() == 1
    assert "my-hard-one" in note_by_item(col, course, tagged).tags
    retired = note_by_item(col, course, removed)
    assert writer.RETIRED_TAG in retired.tags
    assert col.find_notes(f"tag:{writer.RETIRED_TAG}") == [retired.id]
    assert "Retired from the course" in text_of(retired.cards()[0].question())


def test_an_unchanged_bank_rebuilt_later_updates_nothing(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    course, _ = loaded(sample_course)
    build_anki(sample_course, tmp_path / "r1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    build_anki(sample_course, tmp_path / "r2")
    name = f"{course.id}.apkg"
    assert (tmp_path / "r1" / "anki" / name).read_bytes() == (tmp_path / "r2" / "anki" / name).read_bytes()


def test_an_edit_gets_a_newer_time_even_when_the_clock_is_older(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    course, _ = loaded(sample_course)
    build_anki(sample_course, tmp_path / "r1")
    edit_prompt(sample_course, "bees-scent", "Besides the dance", "Apart from the dance")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # a clock that went backwards
    build_anki(sample_course, tmp_path / "r2")
    record = json.loads((sample_course / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["released"] == 1700000001
    assert record["notes"]["bees-scent"]["changed"] == 1700000001
    assert record["notes"]["bees-dance-surface"]["changed"] == 1700000000
    col = fresh_collection(tmp_path / "anki")
    import_package(col, course_package(course, tmp_path / "r1"))
    log = import_package(col, course_package(course, tmp_path / "r2"))
    assert len(log.updated) == 1 and not log.new


def test_template_changes_reach_students_without_touching_notes(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    course, _ = loaded(sample_course)
    build_anki(sample_course, tmp_path / "r1")
    col = fresh_collection(tmp_path / "anki")
    import_package(col, course_package(course, tmp_path / "r1"))
    original = writer._template_file
    monkeypatch.setattr(
        writer, "_template_file", lambda name: original(name) + (".qg-new {}" if name == "style.css" else "")
    )
    build_anki(sample_course, tmp_path / "r2")
    record = json.loads((sample_course / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["released"] == 1700000001
    assert {n["changed"] for n in record["notes"].values()} == {1700000000}
    log = import_package(col, course_package(course, tmp_path / "r2"))
    assert not log.new and not log.updated
    css = col.models.get(writer.model_id(course.id, "basic"))["css"]
    assert ".qg-new" in css


# --- packages together and byte identity -----------------------------------------------------------------------


def retired_notes(course_dir: Path, course: Course) -> list[str]:
    """The articles of the notes the course's release record keeps shipping retired (items removed from the bank)."""
    record = read_record(course_dir / RECORD_FILE)
    live = {item.id for item in course.items}
    return [entry.note.article for item_id, entry in record.entries if item_id not in live] if record else []


def test_course_and_article_packages_share_notes(example_or_unicode: Path, tmp_path: Path) -> None:
    course, _ = loaded(example_or_unicode)
    files = build_anki(example_or_unicode, tmp_path / "build")
    assert sorted(files) == sorted([f"{course.id}.apkg"] + [f"{course.id}-{a.slug}.apkg" for a in course.articles])
    col = fresh_collection(tmp_path / "anki")
    first = course.articles[0]
    retired = retired_notes(example_or_unicode, course)
    in_first = len(course.items_of(first.slug)) + retired.count(first.slug)
    log = import_package(col, files[f"{course.id}-{first.slug}.apkg"])
    assert len(log.new) == in_first
    log = import_package(col, files[f"{course.id}.apkg"])
    assert len(log.new) == len(course.items) + len(retired) - in_first
    assert len(log.duplicate) == in_first and not log.updated
    assert col.note_count() == len(course.items) + len(retired)
    for article in course.articles:
        log = import_package(col, files[f"{course.id}-{article.slug}.apkg"])
        assert not log.new and not log.updated
    assert col.note_count() == len(course.items) + len(retired)
    deck_names = {d.name for d in col.decks.all_names_and_ids()}
    assert {f"{course.title}::{a.title}" for a in course.articles} <= deck_names


@pytest.fixture
def example_or_unicode(request, tmp_path: Path) -> Path:
    if (Path(__file__).resolve().parent.parent / "items").is_dir():
        return request.getfixturevalue("example_course")
    return request.getfixturevalue("unicode_course")


def test_two_builds_are_byte_identical(unicode_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_anki(unicode_course, tmp_path / "one")
    record = (unicode_course / RECORD_FILE).read_bytes()
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    second = build_anki(unicode_course, tmp_path / "two")
    assert (unicode_course / RECORD_FILE).read_bytes() == record
    assert sorted(first) == sorted(second)
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_the_apkg_zip_is_deterministic(sample_course: Path, tmp_path: Path) -> None:
    import zipfile

    files = build_anki(sample_course, tmp_path / "build")
    for path in files.values():
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            media = json.loads(archive.read("media"))  # the sample's one figure, under its content-derived name
            assert list(media.values()) == ["waggle-angle-984ddaa735fa.svg"]
            assert [i.filename for i in infos] == sorted(["collection.anki2", "media", *media])
            assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
            record = json.loads((sample_course / RECORD_FILE).read_text(encoding="utf-8"))
            stamp = __import__("time").gmtime(record["released"])
            assert {i.date_time for i in infos} == {(*stamp[:5], stamp[5] // 2 * 2)}  # DOS times: 2 s steps


# --- bad input is caught at check time -------------------------------------------------------------------------


def check_codes(course_dir: Path, extra_item: str) -> list[tuple[int, str]]:
    """Append one item to the sample bank and check the course: (line, code) of each error."""
    from quizgen.check import check_course

    bank = course_dir / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + extra_item, encoding="utf-8")
    report = check_course(course_dir).report
    return [(d.line, d.code) for d in report.errors]


QUOTE = "  quote: The dance tells her nestmates where the food is.\n"


@pytest.mark.parametrize(
    ("item", "code"),
    [
        (
            "- id: bad-cloze-in-card\n  type: card\n  prompt: The capital is {{c1::Pyongyang}}\n  answer: Yes\n",
            "cloze-outside",
        ),
        ('- id: bad-invisible\n  type: card\n  prompt: "\\u200b\\u200b"\n  answer: Back\n', "empty-face"),
        ('- id: bad-control\n  type: short\n  prompt: "What\\x1f is it?"\n  answer: [it]\n', "control-char"),
        ("- id: bad-cloze-none\n  type: cloze\n  prompt: No deletion here\n", "cloze-none"),
        (
            "- id: bad-option\n  type: mcq\n  prompt: Which?\n  answer: '{{c2::x}}'\n  distractors: [b, c]\n",
            "cloze-outside",
        ),
    ],
)
def test_text_that_would_break_a_card_is_an_error_with_its_line(sample_course: Path, item: str, code: str) -> None:
    bank = sample_course / "sample-article" / "items.yaml"
    first_line = len(bank.read_text(encoding="utf-8").rstrip("\n").splitlines()) + 2
    errors = check_codes(sample_course, item + QUOTE)
    assert errors and {c for _, c in errors} == {code}, errors
    assert all(first_line <= line < first_line + 6 for line, _ in errors), (first_line, errors)


def test_braces_that_are_not_cloze_marks_stay_text(sample_course: Path, tmp_path: Path) -> None:
    """Anki never reads `{{Front}}` in a field as a reference (verified): such text is allowed and shown as is."""
    item = "- id: braces\n  type: card\n  prompt: What does `{{Front}}` do in a template?\n  answer: Inserts a field\n"
    assert check_codes(sample_course, item + QUOTE) == []
    course, col = built_and_imported(sample_course, tmp_path)
    card = note_by_item(col, course, "braces").cards()[0]
    assert "{{Front}}" in card.question() and "{{Front}}" in card.answer()


def test_emphasis_around_or_inside_a_deletion_renders_on_the_card_that_hides_it(
    sample_course: Path, tmp_path: Path
) -> None:
    item = "- id: marked\n  type: cloze\n  prompt: '**The {{c1::dance}} tells** her {{c2::*nestmates*}}.'\n"
    assert check_codes(sample_course, item + QUOTE) == []
    course, col = built_and_imported(sample_course, tmp_path)
    first, second = sorted(note_by_item(col, course, "marked").cards(), key=lambda c: c.ord)
    assert re.search(r"<strong>The <span class=\"?cloze\"?[^>]*>\[\.\.\.\]</span> tells</strong>", first.question())
    assert "<em>nestmates</em>" in first.question() and "*" not in text_of(first.question())
    assert "*" not in text_of(second.question()) and "*" not in text_of(second.answer())


def test_emphasis_across_a_deletion_edge_is_an_error(sample_course: Path) -> None:
    item = "- id: crossed\n  type: cloze\n  prompt: The dance *tells her {{c1::nestmates*}}.\n"
    assert [code for _, code in check_codes(sample_course, item + QUOTE)] == ["cloze-markup"]


# --- numbers -------------------------------------------------------------------------------------------------


def add_items(course_dir: Path, text: str) -> None:
    """Append items (YAML) to the sample bank."""
    bank = course_dir / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text.strip("\n") + "\n", encoding="utf-8")


BIG_NUMBERS = """
- id: bees-big-number
  type: numeric
  prompt: How many bees?
  answer: 25000000
  tolerance: 1000000
  quote: A run of about one second points to food roughly a kilometre away.

- id: bees-exact-number
  type: numeric
  prompt: How many flowers?
  answer: 1234567.10
  tolerance: 0.2
  quote: A run of about one second points to food roughly a kilometre away.
"""


def test_numbers_on_cards_read_as_written(sample_course: Path, tmp_path: Path) -> None:
    """No exponent, no rounding to 6 digits, no float noise: the answer as written, the bounds in decimal."""
    add_items(sample_course, BIG_NUMBERS)
    course, col = built_and_imported(sample_course, tmp_path)
    big = text_of(note_by_item(col, course, "bees-big-number").cards()[0].answer())
    assert "25000000 \u00b1 1000000: from 24000000 to 26000000" in big, big
    exact = text_of(note_by_item(col, course, "bees-exact-number").cards()[0].answer())
    assert "1234567.10 \u00b1 0.2: from 1234566.9 to 1234567.3" in exact, exact


# --- one release plan per build ----------------------------------------------------------------------------


def test_the_release_is_planned_once_per_build_and_left_with_it(sample_course: Path) -> None:
    """Preflight, outputs and after_build share one plan, kept on the build's context: a build that fails
    before after_build leaves nothing behind in the process, and two builds at once do not share a plan."""
    course, plans = loaded(sample_course)
    context = BuildContext(course, plans, 0)
    writer.preflight(context, Report())
    writer.outputs(context)
    assert writer.plan(context) is writer.plan(context)
    other = BuildContext(course, plans, 0)
    assert writer.plan(other) is not writer.plan(context)
    # the build fails here: no after_build; once the build is gone, so is its course
    gone = weakref.ref(course)
    del course, plans, context, other
    gc.collect()
    assert gone() is None


def test_numeric_options_are_in_ascending_order_as_in_every_quiz(sample_course: Path, tmp_path: Path) -> None:
    """The card orders options with the planner's rule: options that are all numbers go in ascending order."""
    add_items(
        sample_course,
        """
- id: bees-decoded
  type: mcq
  prompt: In which year was the dance decoded?
  answer: "1945"
  distractors: ["1990", "1910", "2005"]
  quote: A run of about one second points to food roughly a kilometre away.
""",
    )
    course, col = built_and_imported(sample_course, tmp_path)
    front = text_of(note_by_item(col, course, "bees-decoded").cards()[0].question())
    assert re.findall(r"[A-D] (\d{4})", front) == ["1910", "1945", "1990", "2005"], front


def test_build_report_counts_in_words(sample_course: Path, tmp_path: Path) -> None:
    """`1 note`, not `1 notes`."""
    second = sample_course / "second-article"
    second.mkdir()
    article = (sample_course / "sample-article" / "article.txt").read_text("utf-8")
    (second / "article.txt").write_text(article.replace("title: ", "title: Second reading on ", 1), "utf-8")
    bank = (sample_course / "sample-article" / "items.yaml").read_text(encoding="utf-8")
    card = bank[bank.index("- id: bees-card-dance") :].replace("bees-card-dance", "second-card")
    (second / "items.yaml").write_text(card, encoding="utf-8")
    result = build(sample_course, tmp_path / "out", formats=["anki"])
    assert result.summaries["anki/my-course-second-article.apkg"].startswith("1 note: ")
    assert result.summaries["anki/my-course.apkg"] == "11 notes, 2 subdecks"


def test_a_record_that_cannot_be_written_fails_the_build_before_anything_is_written(
    sample_course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgen.build import BuildFailed

    out = tmp_path / "out"
    build(sample_course, out)
    record, shipped = sample_course / RECORD_FILE, {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bank = sample_course / "sample-article" / "items.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("waggle dance?", "waggle dance, really?"), "utf-8")

    def read_only(*args, **kwargs):  # as root the tests cannot make a folder read-only: the file system says so
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(release.tempfile, "mkstemp", read_only)
    before = record.read_bytes()
    with pytest.raises(BuildFailed) as failed:
        build(sample_course, out)
    [error] = failed.value.report.errors
    assert error.code == "anki-record" and "make the course folder writable" in error.message
    assert record.read_bytes() == before
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == shipped  # the last build stays whole


def test_a_link_planted_where_the_record_was_written_first_is_not_followed(sample_course: Path, tmp_path: Path) -> None:
    """A shared course could carry `.anki-release.json.tmp` pointing at one of the user's files."""
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    (sample_course / f".{RECORD_FILE}.tmp").symlink_to(victim)
    build(sample_course, tmp_path / "out", formats=["anki"])
    assert victim.read_text() == "mine" and json.loads((sample_course / RECORD_FILE).read_text())["notes"]
    assert sorted(p.name for p in sample_course.iterdir() if p.name.startswith(f".{RECORD_FILE}")) == [
        f".{RECORD_FILE}.tmp"
    ]  # the link is left as it was, and no temp file is left


def test_the_build_counts_retired_notes_it_ships(sample_course: Path, tmp_path: Path) -> None:
    course, _ = loaded(sample_course)
    build_anki(sample_course, tmp_path / "r1")
    remove_item(sample_course, "bees-one-second")
    summaries = build(sample_course, tmp_path / "r2", formats=["anki"]).summaries
    shipped = len(course.items) - 1
    assert summaries[f"anki/{course.id}.apkg"] == (
        f"{shipped} notes and 1 retired, 1 subdeck; since the last release: removed bees-one-second"
    )
    log = import_package(fresh_collection(tmp_path / "anki"), course_package(course, tmp_path / "r2"))
    assert len(log.new) == shipped + 1  # what the summary says is in the package
