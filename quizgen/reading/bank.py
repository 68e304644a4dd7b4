"""Read and validate one article's bank (items.yaml) into Items."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from quizgen import formulas, media
from quizgen.chars import replace_chars
from quizgen.diagnostics import Report
from quizgen.markup import to_plain
from quizgen.model import (
    CLOZE,
    CLOZE_MARK,
    DIFFICULTIES,
    ITEM_TYPES,
    Card,
    Choice,
    Cloze,
    Deletion,
    Essay,
    Item,
    Location,
    Match,
    Numeric,
    Option,
    Order,
    Quote,
    ShortAnswer,
    TrueFalse,
)
from quizgen.reading.distractors import read_distractors
from quizgen.reading.embeds import check_item
from quizgen.reading.fields import ID_PATTERN, Fields
from quizgen.reading.quotes import ArticleIndex, anchor_quote
from quizgen.reading.schema import ALL_FIELDS, COMMON_FIELDS, TYPE_FIELDS
from quizgen.reading.yamlfile import YamlList, YamlMap

_ALLOWED = {kind: frozenset(COMMON_FIELDS + extra) for kind, extra in TYPE_FIELDS.items()}
MAX_OPTIONS = 26  # lettered A to Z
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are text; \x1f is Anki's field separator
INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200f\u2060\ufeff]+")
_CLOZE_NEAR = re.compile(r"\{+\s*c\d+\s*:+[^{}]*\}*")  # a deletion with too few braces or colons
_SUSPECT = re.compile(CONTROL.pattern + "|" + CLOZE_MARK.pattern)
TEXT_FIELDS = ("prompt", "answer", "distractors", "explain")


@dataclass(frozen=True)
class Bank:
    items: tuple[Item, ...]  # the valid items, quotes anchored
    ids: tuple[tuple[str, Location], ...]  # every id written in the bank, valid item or not


def read_items(
    tree: object, path: Path, article: str, index: ArticleIndex | None, report: Report, allowable: Mapping[str, bool]
) -> Bank:
    """The items of a parsed items.yaml, quotes located with `index`; every problem goes to `report`. `allowable`:
    the lint rules by code, and whether one item may allow each (the course-wide ones may not)."""
    if not isinstance(tree, YamlList):
        report.error(path, 1, "items.yaml must be a list of items, each starting with '- id: ...'", "bank-not-list")
        return Bank((), ())
    items, ids = [], []
    for position, (entry, line) in enumerate(zip(tree, tree.lines, strict=True)):
        if not isinstance(entry, YamlMap):
            report.error(
                path,
                line,
                "each item must be a mapping of fields (id: ..., type: ...), not a list or text",
                "item-not-mapping",
            )
            continue
        if isinstance(entry.get("id"), str):
            ids.append((entry["id"].strip(), Location(path, line)))
        item = read_item(entry, path, article, position, index, report, allowable)
        if item is not None:
            items.append(item)
    return Bank(tuple(items), tuple(ids))


def read_item(
    mapping: YamlMap,
    path: Path,
    article: str,
    position: int,
    index: ArticleIndex | None,
    report: Report,
    allowable: Mapping[str, bool],
) -> Item | None:
    raw_id = mapping.get("id")
    fields = Fields(mapping, path, report, raw_id if isinstance(raw_id, str) else None)
    item_id = fields.text("id", required=True)
    if item_id is not None and not ID_PATTERN.match(item_id):
        fields.error(
            "id",
            f"id '{item_id}' may hold only lowercase letters, digits and single '-' (like 'barry-nixon-china')",
            "bad-id",
        )
    item_type = fields.text("type", required=True)
    if item_type is not None and item_type not in ITEM_TYPES:
        fields.error("type", f"unknown type '{item_type}'; use one of {', '.join(ITEM_TYPES)}", "bad-type")
        item_type = None
    if item_type is None:
        fields.check_known(ALL_FIELDS, "an item")
        return None
    if not mapping.keys() <= _ALLOWED[item_type]:  # most items: every field known and meant for the type
        for key in mapping:
            if key in ALL_FIELDS and key not in _ALLOWED[item_type]:
                fields.error(
                    key,
                    f"'{key}' does not apply to {item_type} items ({_fields_hint(item_type)})",
                    "field-not-for-type",
                )
        fields.check_known(ALL_FIELDS, "an item")
    _check_texts(fields, item_type)
    check_item(fields, path.parent, article)
    prompt = fields.text("prompt", required=True, what=" (the question, the card front, or the cloze text)")
    if item_type == "cloze":
        payload = _cloze(fields, prompt or "")
    elif item_type in ("mcq", "multi"):
        payload = _choice(fields, item_type == "mcq", path, index)
    else:
        payload = _READERS[item_type](fields)
    if isinstance(payload, Cloze):
        prompt = payload.text  # without the alternatives, which only LMS outputs accept
    quotes = _quotes(fields, path, index)
    allow = _allow(fields, allowable)
    item = Item(
        id=item_id or "",
        type=item_type,
        article=article,
        prompt=prompt or "",
        payload=payload,  # type: ignore[arg-type]
        quotes=quotes,
        location=Location(path, mapping.line),
        explain=fields.text("explain"),
        tags=_tags(fields),
        difficulty=fields.choice("difficulty", DIFFICULTIES),
        points=fields.number("points", minimum=0),
        allow=allow,
        position=position,
        field_lines=tuple(mapping.key_lines.items()),
    )
    return item if fields.ok and payload is not None and prompt else None


def _texts(value: object) -> list[str]:
    """Every text in a field value: a string, the strings of a list, the keys and values of pairs."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, YamlList):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, YamlMap):
        return [t for k, v in value.items() for t in (*_texts(k), *_texts(v))]
    return []


def _check_texts(fields: Fields, item_type: str) -> None:
    """Text that would break a card: control characters, cloze marks outside cloze items, invisible-only text."""
    for key in TEXT_FIELDS:
        value = fields.mapping.get(key)
        for text in _texts(value) if value is not None else ():
            if text.isprintable() and "{{" not in text:  # most text: no control, invisible or cloze character
                continue
            if _SUSPECT.search(text):  # rare: look closer
                control = CONTROL.search(text)
                if control:
                    fields.error(
                        key,
                        f"'{key}' holds the control character U+{ord(control.group()):04X}, which Anki and XML "
                        "cannot carry: delete it",
                        "control-char",
                    )
                cloze = CLOZE_MARK.search(text)
                if cloze and item_type != "cloze":
                    fields.error(
                        key,
                        f"'{key}' has a cloze deletion ({cloze.group()}...}}}}), which only cloze items hide; "
                        "make it 'type: cloze' or remove the braces",
                        "cloze-outside",
                    )
            if INVISIBLE.fullmatch(text) and text.strip():
                fields.error(
                    key,
                    f"'{key}' holds only blank or invisible characters: the card would show an empty face",
                    "empty-face",
                )


def _fields_hint(item_type: str) -> str:
    return f"{item_type} takes: {', '.join(TYPE_FIELDS[item_type]) or 'only the common fields'}"


def _choice(fields: Fields, single: bool, path: Path, index: ArticleIndex | None) -> Choice | None:
    if single:
        answer = fields.text("answer", required=True, what=" (the one correct option)")
        answers = (answer,) if answer else None
    else:
        answers = fields.texts("answer", required=True, minimum=1, what=" (the correct options)")
    distractors = read_distractors(fields, path, index, 2 if single else 1, " (wrong options)")
    if not answers or not distractors:
        return None
    options = tuple(Option(t, True) for t in answers) + distractors
    if len(options) > MAX_OPTIONS:
        fields.error("distractors", f"{len(options)} options is more than the {MAX_OPTIONS} letters A to Z", "too-many")
        return None
    if not _distinct(fields, [o.text for o in options], "answer" if len(answers) > 1 else "distractors", "option"):
        return None
    return Choice(options, shuffle=bool(fields.boolean("shuffle", True)))


def _tf(fields: Fields) -> TrueFalse | None:
    if "answer" not in fields.mapping or fields.mapping["answer"] is None:
        fields.error(None, "'answer' is required: true or false", "missing-field")
        return None
    value = fields.boolean("answer")
    return None if value is None else TrueFalse(value)


def _short(fields: Fields) -> ShortAnswer | None:
    accepted = fields.texts("answer", required=True, minimum=1, what=" (the accepted answers)")
    if accepted is None or not _distinct(fields, list(accepted), "answer", "accepted answer", _typed_same):
        return None
    return ShortAnswer(accepted)


def _numeric(fields: Fields) -> Numeric | None:
    if fields.mapping.get("answer") is None:
        fields.error(None, "'answer' is required: a number", "missing-field")
        return None
    value = fields.number("answer")
    tolerance = fields.number("tolerance", 0.0, minimum=0)
    if value is None or tolerance is None:
        return None
    return Numeric(value, tolerance, str(fields.mapping["answer"]).strip())


def _deletion(m: re.Match[str]) -> Deletion:
    """A deletion as written: `{{c1::answer|alternative|...::hint}}`; the first answer is the one shown."""
    first, *others = (part.strip() for part in m.group(2).split("|"))
    return Deletion(int(m.group(1)), first, (m.group(3) or "").strip() or None, tuple(o for o in others if o))


def _without_alternatives(prompt: str) -> str:
    """The cloze text as Anki reads it: each deletion's first answer only."""
    return CLOZE.sub(lambda m: m.group(0) if "|" not in m.group(2) else _first_only(m), prompt)


def _first_only(m: re.Match[str]) -> str:
    hint = f"::{m.group(3)}" if m.group(3) is not None else ""
    return f"{{{{c{m.group(1)}::{m.group(2).split('|')[0].strip()}{hint}}}}}"


def _cloze(fields: Fields, prompt: str) -> Cloze | None:
    deletions = tuple(_deletion(m) for m in CLOZE.finditer(prompt))
    if not prompt:
        return None
    if not deletions:
        near = _CLOZE_NEAR.search(prompt)
        found = f"; '{near.group(0)}' has too few braces or colons" if near else ""
        fields.error(
            "prompt", f"a cloze prompt needs at least one deletion, like {{{{c1::Pyongyang}}}}{found}", "cloze-none"
        )
        return None
    # Anki reads '{{c1::a} b {{c2::c}}' as one deletion 'a} b {{c2' with the hint 'c': a brace is missing.
    run_on = next((d for d in deletions if "{{" in d.answer or "{{" in (d.hint or "")), None)
    leftover = CLOZE.sub("", prompt)
    tripled = _tripled_brace(prompt)
    if run_on is not None or tripled is not None or "{{" in leftover or "}}" in leftover:
        fix = "write each deletion as {{cN::text}}, two braces on each side and '::' after the number"
        braced = next((m.group(0) for m in formulas.MATH.finditer(prompt) if "}}" in m.group(0)), None)
        if braced is not None:  # LaTeX's '}}' is Anki's end of a deletion, inside one or not
            where = f"the formula '{braced}' holds '}}}}', which ends a deletion"
            fix = "put a space between the braces ('} }'), which LaTeX ignores"
        elif run_on is not None and "}}" in leftover:  # '{{c1::a {{c2::b}} c}}': the outer one closes after
            where = f"a deletion stands inside deletion c{run_on.number}, and quizgen's outputs hide one at a time"
            fix = "write the deletions side by side, like {{c1::text}} and {{c2::more text}}"
        elif run_on is not None:
            inside = run_on.answer + (f"::{run_on.hint}" if run_on.hint else "")
            where = f"deletion c{run_on.number} runs on into the next one ('{inside}')"
        elif tripled is not None:
            where = f"'{tripled}' has three braces on one side"
        else:
            where = f"'{_stray_braces(leftover)}' is not a whole deletion"
        fields.error("prompt", f"{where}: {fix}", "cloze-syntax")
        return None
    if any(not d.answer for d in deletions):
        fields.error(
            "prompt", "a deletion is empty: write the hidden text after '::', like {{c1::text}}", "cloze-empty"
        )
        return None
    crossing = _marks_crossing(prompt)
    if crossing is not None:
        fields.error(
            "prompt",
            f"a pair of emphasis marks (* or _) has one mark inside the deletion '{crossing}' and one outside it, so "
            "they show as marks where the deletion is hidden: keep each pair inside the deletion or around all of "
            "it, like {{c1::**text**}} or **{{c1::text}}**",
            "cloze-markup",
        )
        return None
    numbers = sorted({d.number for d in deletions})
    if numbers != list(range(1, len(numbers) + 1)):
        shown = ", ".join(f"c{n}" for n in numbers)
        fields.error(
            "prompt", f"deletions are numbered {shown}; number them c1, c2, ... without gaps", "cloze-numbering"
        )
        return None
    for deletion in deletions:
        if deletion.alternatives and not _distinct(
            fields,
            [deletion.answer, *deletion.alternatives],
            "prompt",
            f"answer of deletion c{deletion.number}",
            _typed_same,
        ):
            return None
    return Cloze(_without_alternatives(prompt), deletions)


def _marks_crossing(prompt: str) -> str | None:
    """The first deletion whose edge a pair of emphasis marks crosses (one mark inside it, one outside), or None.
    Rendered whole, such marks pair; but outputs render a deletion's text apart from the text around it (to hide
    it), and there the marks show."""
    whole = to_plain(prompt)
    if whole == prompt:  # no marks that pair: nothing to cross
        return None
    for m in CLOZE.finditer(prompt):
        inside = to_plain(m.group(2)) + (f"::{to_plain(m.group(3))}" if m.group(3) is not None else "")
        around = to_plain(prompt[: m.start(2)] + _HIDDEN + prompt[m.end() - 2 :])
        if around.replace(_HIDDEN, inside) != whole:
            return m.group(0)
    return None


_HIDDEN = "\ue010"  # stands for a deletion's text: a private-use character, neither a word character nor a mark


def _tripled_brace(prompt: str) -> str | None:
    """A deletion with a third brace beside it ('{{c1::x}}}'), which a card would show as a stray brace."""
    for m in CLOZE.finditer(prompt):
        before, after = prompt[m.start() - 1 : m.start()] == "{", prompt[m.end() : m.end() + 1] == "}"
        if before or after:
            return "{" * before + m.group(0) + "}" * after
    return None


def _stray_braces(leftover: str) -> str:
    """Where braces are left over in a cloze prompt once its deletions are taken out."""
    near = _CLOZE_NEAR.search(leftover)
    if near:
        return near.group(0)
    at = min(i for i in (leftover.find("{{"), leftover.find("}}")) if i >= 0)
    return leftover[max(0, at - 20) : at + 22].strip()


def _match(fields: Fields) -> Match | None:
    value = fields.mapping.get("answer")
    if not isinstance(value, YamlMap):
        fields.error(
            "answer" if "answer" in fields.mapping else None,
            "'answer' must be a mapping of pairs, one 'left: right' a line",
            "match-pairs",
        )
        return None
    pairs = []
    for left, right in value.items():
        if not isinstance(right, str) or not right.strip() or not left.strip():
            fields.error("answer", f"the pair '{left}' needs text on both sides of ':'", "match-pairs")
            return None
        pairs.append((left.strip(), right.strip()))
    if len(pairs) < 3:
        fields.error("answer", f"a match item needs at least 3 pairs (found {len(pairs)})", "too-few")
        return None
    if len(pairs) > MAX_OPTIONS:
        fields.error("answer", f"{len(pairs)} pairs is more than the {MAX_OPTIONS} letters A to Z", "too-many")
        return None
    if not _distinct(fields, [r for _, r in pairs], "answer", "right-hand side"):
        return None
    return Match(tuple(pairs), shuffle=bool(fields.boolean("shuffle", True)))


def _essay(fields: Fields) -> Essay | None:
    answer = fields.text("answer", required=True, what=" (a model answer for graders)")
    return Essay(answer) if answer else None


def _card(fields: Fields) -> Card | None:
    back = fields.text("answer", required=True, what=" (the back of the card)")
    return Card(back) if back else None


def _order(fields: Fields) -> Order | None:
    steps = fields.texts("answer", required=True, minimum=3, what=" (the steps or events in their right order)")
    if steps is None or not _distinct(fields, list(steps), "answer", "step"):
        return None
    if len(steps) > MAX_OPTIONS:
        fields.error("answer", f"{len(steps)} steps is more than the {MAX_OPTIONS} letters A to Z", "too-many")
        return None
    return Order(steps)


_READERS = {
    "tf": _tf,
    "short": _short,
    "numeric": _numeric,
    "match": _match,
    "order": _order,
    "essay": _essay,
    "card": _card,
}


_QUOTES_DASHES = (
    {c: "'" for c in "\u2018\u2019\u201b\u2032`"}
    | {c: '"' for c in "\u201c\u201d\u201f\u2033"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)


def normalize_option(text: str) -> str:
    """The form in which two options count as the same: case, spacing, quote and dash styles, a final stop ignored
    (signs, `%` and other symbols count: `-1` is not `1`)."""
    folded = text.casefold()
    folded = folded.replace("`", "'") if folded.isascii() else replace_chars(folded, _QUOTES_DASHES)  # ` is ASCII
    return " ".join(folded.split()).rstrip(".;,!").strip("\"' ")


def _typed_same(text: str) -> str:
    """The form in which two accepted answers count as the same: case and spacing aside. Typographic variants
    (`1946–47` and `1946-47`) are different answers to accept, not duplicates."""
    return " ".join(text.casefold().split())


def _distinct(
    fields: Fields, texts: list[str], key: str, what: str, same: Callable[[str], str] = normalize_option
) -> bool:
    seen: dict[str, str] = {}
    ignoring = "case and spacing" if same is _typed_same else "case and punctuation"
    for text in texts:
        norm = same(text)
        if norm in seen:
            first, second = (media.as_written(t, fields.path.parent.name) for t in (seen[norm], text))
            fields.error(
                key,
                f"two {what}s are the same (ignoring {ignoring}): '{first}' and '{second}'; make each one different",
                "duplicate-option",
            )
            return False
        seen[norm] = text
    return True


def _quotes(fields: Fields, path: Path, index: ArticleIndex | None) -> tuple[Quote, ...]:
    if fields.mapping.get("quote") is None:
        fields.error(
            "quote" if "quote" in fields.mapping else None,
            "'quote' is required (the passage of the article that supports the answer); "
            f"`quizgen suggest-quotes {path.parent.name}` proposes one for each item that has none",
            "quote-missing",
        )
        return ()
    texts = fields.texts(
        "quote", required=True, minimum=1, what=" (the passage of the article that supports the answer)"
    )
    value = fields.mapping.get("quote")
    if texts:
        lines = value.lines if isinstance(value, YamlList) else [fields.line("quote")] * len(texts)
        pairs = list(zip(texts, lines, strict=True))
    elif isinstance(value, YamlList):  # a bad entry (reported): the good ones are still located, to report them now
        pairs = [
            (v.strip(), line) for v, line in zip(value, value.lines, strict=True) if isinstance(v, str) and v.strip()
        ]
    else:
        return ()
    if index is None:  # the article could not be read (reported): the quotes stay unlocated
        return tuple(Quote(text, Location(path, line)) for text, line in pairs)
    quotes = []
    for text, line in pairs:
        location = Location(path, line)
        anchor = anchor_quote(index, text, location, fields.report, fields.item)
        if anchor is None:
            fields.ok = False
        else:
            quotes.append(Quote(text, location, anchor))
    return tuple(quotes)


def _tags(fields: Fields) -> tuple[str, ...]:
    """The tags: a list, or one text of tags separated by spaces or commas (`tags: history, lighthouses`)."""
    if isinstance(fields.mapping.get("tags"), str):
        return tuple(t for t in re.split(r"[\s,]+", fields.mapping["tags"]) if t)
    return fields.texts("tags") or ()


def _allow(fields: Fields, allowable: Mapping[str, bool]) -> tuple[tuple[str, str], ...]:
    value = fields.mapping.get("allow")
    if value is None:
        return ()
    if not isinstance(value, YamlMap) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        fields.error(
            "allow",
            "'allow' maps a lint rule code to why the item breaks it on purpose, like "
            "'allow: {key-longest: the full name is the answer}'",
            "bad-allow",
        )
        return ()
    for code in value:
        problem = _allow_problem(code, allowable)
        if problem:
            fields.error("allow", problem, "bad-allow")
    return tuple((code, why.strip()) for code, why in value.items())


def _allow_problem(code: str, allowable: Mapping[str, bool]) -> str | None:
    """Why `code` cannot be allowed in an item, or None."""
    if code not in allowable:
        close = difflib.get_close_matches(code, list(allowable), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"lint rules: {', '.join(sorted(allowable))}"
        return f"'allow' names unknown lint rule '{code}'; {hint}"
    if not allowable[code]:
        return f"'{code}' is a course-wide rule and cannot be allowed in one item: tune or disable it in course.yaml's lint:"
    return None
