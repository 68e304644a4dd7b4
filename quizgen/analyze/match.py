"""Which item a question of an LMS export is: by the item id quizgen wrote as its name, else by its text."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable

from quizgen.markup import to_plain
from quizgen.model import Choice, Item

_TAG = re.compile(r"<[^>]*>")
_PLACEHOLDER = re.compile(r"\{\{c\d+::.*?\}\}|\{\d*:[A-Z_]+:.*?\}|\[[\w-]+\]")  # cloze deletions, Moodle gaps, [blank]
_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """The words of a text, lowercased, without markup, cloze gaps or punctuation: what two exports agree on."""
    text = _TAG.sub(" ", html.unescape(text))
    return " ".join(_WORD.findall(_PLACEHOLDER.sub(" ", to_plain(text)).lower()))


class ItemIndex:
    """Looks up the items of a quiz by id or by question text."""

    def __init__(self, items: Iterable[Item]) -> None:
        self.items = tuple(items)
        self.by_id = {item.id: item for item in self.items}
        self.by_words = {words(item.prompt): item for item in self.items}

    def find(self, name: str = "", text: str = "") -> Item | None:
        """The item named `name` (an item id), else the one whose prompt reads as `text`; None when none does."""
        if name.strip() in self.by_id:
            return self.by_id[name.strip()]
        wanted = words(text)
        if not wanted:
            return None
        if wanted in self.by_words:
            return self.by_words[wanted]
        # Moodle's question summary is the prompt then its options; Canvas clips long texts
        starts = [item for key, item in self.by_words.items() if len(key) > 20 and wanted.startswith(key)]
        if len(starts) == 1:
            return starts[0]
        close = difflib.get_close_matches(wanted, list(self.by_words), n=2, cutoff=0.9)
        return self.by_words[close[0]] if len(close) == 1 else None

    @staticmethod
    def option(item: Item, text: str) -> int | None:
        """The bank position of the option of `item` whose text is `text`, or None."""
        if not isinstance(item.payload, Choice):
            return None
        wanted = words(text)
        found = [n for n, option in enumerate(item.payload.options) if words(option.text) == wanted]
        return found[0] if len(found) == 1 else None
