"""Clean raw article text (copied from a web page, or laid out from a PDF or an HTML page): front matter, paragraphs
and lists, repairs, suspected boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import yaml

from quizgen.reading.article import HEADING_RE
from quizgen.reading.quotes import LIGATURES
from quizgen.reading.schema import FRONT_MATTER_KEYS

PLAUSIBLE_MIN_FREQUENCY = 100  # below this, pyspellchecker's entries are mostly fragments and abbreviations

_BULLET_RE = re.compile(r"^\s*[•\-*–·▪◦‣●]\s+(?P<text>\S.*)$")
_NUMBER_RE = re.compile(r"^\s*(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_LIGATURE_RE = re.compile(r"(?<![\w-])(?P<left>[A-Za-z]*(?:[Ff][il]|[Ff]f)) (?P<right>[a-z]+)\b")
_LIGATURE_END_RE = re.compile(r"(?<![\w-])(?P<left>[A-Za-z]*(?:[Ff][il]|[Ff]f))$")
_LEADING_WORD_RE = re.compile(r"^(?P<word>[A-Za-z]+)")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"(?P<word>[\w”’\")\]]+) +(?P<punct>[,;:?!]|\.(?!\.))(?=\s|$|[\"”’)])")
_DOUBLE_SPACE_RE = re.compile(r"(?P<left>\S+)(?P<gap>  +)(?P<right>\S+)")
_SENTENCE_END_RE = re.compile(r"[.?!][\"”’)\]]*$")
_WORD_RE = re.compile(r"[A-Za-z]+")
_COMPOUND_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_NAME_TOKEN = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\.|Mc[A-Z][a-z]+)"
_BY_RE = re.compile(r"^by\s+", re.IGNORECASE)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_RE = re.compile(  # a dateline under a byline: `March 3, 2024`, `3 March 2024`, `2024-03-03`, `Updated: May 2024`
    rf"^(?:(?:published|posted|updated)(?:\s+on)?:?\s+)?((?:{_MONTH}\s+\d{{1,2}},?\s+|\d{{1,2}}\s+{_MONTH},?\s+|{_MONTH}\s+)"
    r"\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?$",
    re.IGNORECASE,
)
_PARTICLES = frozenset(["van", "der", "den", "de", "del", "della", "di", "da", "du", "von", "le", "la", "bin", "ter"])
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off", "on", "onto"]
    + ["or", "over", "per", "so", "the", "to", "toward", "towards", "up", "via", "vs", "with", "yet"]
)

_BOILERPLATE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b(subscribe|unsubscribe|sign up (for|to)|(our|the|a free|weekly|daily) newsletter|mailing list)\b",
        r"\bin(to)? your inbox\b",
        r"\b(full version of this article|read the full (article|story|version))\b",
        r"\b(continue reading|read more)\b",
        r"\b(click here|go here for)\b",
        r"^(share( this)?( article| story)?( on)?|tweet|follow us|print|email this)\b",
        r"^(?=.*\bcookies\b)(?=.*\b(use|accept|policy|consent|settings|preferences)\b)",
        r"^(©|\(c\)|copyright\b)|\ball rights reserved\b",
        r"^(advertisement|sponsored content|related( articles| stories| posts| content| reading)?:?$|related( articles| stories)?:)",
        r"^\d+\s+comments?\b|\bshare your thoughts\b|^(leave|post|add) a comment\b|^reprints?( and permissions)?$",
        r"^(tags|topics|filed under)\s*:|^(photo|image|credit|illustration)( by)?\s*:|\((photo|image) by\b",
    )
]
_BIO_RE = re.compile(
    rf"^{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}},? (?:is|was|has been|teaches|writes)\b.{{0,80}}?\b"
    r"(director|editor|professor|fellow|author|founder|writer|columnist|contributor|researcher|president|"
    r"chair|journalist|analyst|correspondent|lecturer|scholar|teaches|writes)"
)


@dataclass(frozen=True)
class Repair:
    """One change made to the raw text, with the raw line it was made on."""

    kind: str
    line: int
    before: str
    after: str
    page: int | None = None  # set for what was removed from a PDF page before the text was numbered


@dataclass(frozen=True)
class Suspect:
    """A paragraph that looks like site boilerplate: kept for review, or removed on request."""

    line: int
    text: str
    removed: bool


@dataclass(frozen=True)
class SetAside:
    """Text the reader took out of the body (a caption, a footnote, the references, a chart's labels), with where it
    stood, for the report."""

    kind: str
    where: str  # "page 3", "line 12"
    text: str


@dataclass(frozen=True)
class ImportResult:
    """A cleaned article: body paragraphs (a heading is one starting `#`), front matter, and what was changed, set
    aside or found doubtful to get there."""

    paragraphs: list[str]
    front_matter: dict[str, str]
    repairs: list[Repair]
    boilerplate: list[Suspect]
    set_aside: list[SetAside] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)  # where the reading order is a guess: "page 7: ..."


@dataclass(frozen=True)
class ArticleWords:
    """What decisions consult: the article's own vocabulary and the hyphenated compounds it uses."""

    vocabulary: frozenset[str]
    compounds: frozenset[str]


# --- the word list -----------------------------------------------------------------------------------


@cache
def _frequencies() -> dict[str, int]:
    """The English word frequency list shipped with pyspellchecker."""
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en").word_frequency.dictionary)


def is_word(word: str, ctx: ArticleWords | None = None) -> bool:
    """Whether a word is in the English word list or appears whole in the article."""
    low = word.lower()
    return low in _frequencies() or (ctx is not None and low in ctx.vocabulary)


def is_plausible(word: str) -> bool:
    """Whether a fragment could stand as a word by itself (a common word, not a stray syllable)."""
    low = word.lower()
    if len(low) == 1:
        return low in ("a", "i")
    return _frequencies().get(low, 0) >= PLAUSIBLE_MIN_FREQUENCY


def build_context(lines: list[str]) -> ArticleWords:
    """Collect the words the article uses whole and the compounds it writes with a hyphen within a line."""
    vocabulary: set[str] = set()
    compounds: set[str] = set()
    for line in lines:
        vocabulary.update(w.lower() for w in _WORD_RE.findall(line))
        for compound in _COMPOUND_RE.findall(line):
            parts = compound.lower().split("-")
            compounds.update(f"{a}-{b}" for a, b in zip(parts, parts[1:], strict=False))
    return ArticleWords(frozenset(vocabulary), frozenset(compounds))


# --- word-level decisions ------------------------------------------------------------------------------


def should_join_ligature(left: str, right: str, ctx: ArticleWords | None = None) -> bool:
    """Join `offi cials`: the joined form is a word and the two parts are not both words as they stand."""
    if not is_word(left + right, ctx):
        return False
    return not (is_plausible(left) and is_plausible(right))


def should_join_hyphen(left: str, right: str, ctx: ArticleWords | None = None) -> bool:
    """Join `indepen-`/`dence` into one word, or keep the hyphen of a real compound such as `long-term`."""
    if not left or not right or not right[0].islower():
        return False
    if ctx is not None and f"{left}-{right}".lower() in ctx.compounds:
        return False
    if is_word(left + right, ctx):
        return True
    return not (is_word(left) and is_word(right))


# --- line-level repairs ----------------------------------------------------------------------------------


_LIGATURE_CHAR_RE = re.compile(r"\w*[\ufb00-\ufb06]\w*")


def repair_ligatures(text: str, line: int, ctx: ArticleWords | None = None) -> tuple[str, list[Repair]]:
    """Spell out ligature characters (`ﬁ` → `fi`, as PDFs often extract them) and join ligature splits."""
    repairs: list[Repair] = []

    def spell(m: re.Match[str]) -> str:
        word = "".join(LIGATURES.get(c, c) for c in m[0])
        repairs.append(Repair("ligature", line, m[0], word))
        return word

    text = _LIGATURE_CHAR_RE.sub(spell, text)

    def fix(m: re.Match[str]) -> str:
        left, right = m["left"], m["right"]
        if not should_join_ligature(left, right, ctx):
            return m[0]
        repairs.append(Repair("ligature", line, m[0], left + right))
        return left + right

    return _LIGATURE_RE.sub(fix, text), repairs


def repair_spacing(text: str, line: int) -> tuple[str, list[Repair]]:
    """Remove a space before punctuation and collapse runs of spaces within one line."""
    repairs: list[Repair] = []

    def punct(m: re.Match[str]) -> str:
        after = m["word"] + m["punct"]
        repairs.append(Repair("spacing", line, m[0], after))
        return after

    def double(m: re.Match[str]) -> str:
        after = f"{m['left']} {m['right']}"
        repairs.append(Repair("spacing", line, m[0], after))
        return after

    indent = text[: len(text) - len(text.lstrip())]
    body = _SPACE_BEFORE_PUNCT_RE.sub(punct, text.lstrip())
    body = _DOUBLE_SPACE_RE.sub(double, body)
    return indent + body, repairs


def _join_pair(prev: str, nxt: str, line: int, ctx: ArticleWords) -> tuple[str, list[Repair]]:
    """Join a paragraph so far with its next line (prev ends on raw line `line`), repairing the break."""
    nxt = nxt.strip()
    lead = _LEADING_WORD_RE.match(nxt)
    right = lead["word"] if lead else ""
    if prev.endswith("-") and re.search(r"(?:/|://|@|www\.)\S*-$", prev):  # an address cut at its own hyphen
        return prev + nxt, []
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha():
        left = re.search(r"[A-Za-z]+$", prev[:-1])
        left_word = left[0] if left else ""
        if should_join_hyphen(left_word, right, ctx):
            return prev[:-1] + nxt, [Repair("hyphenation", line, f"{left_word}-/{right}", left_word + right)]
        kept = f"{left_word}-{right} (hyphen kept)"
        return prev + nxt, [Repair("compound kept", line, f"{left_word}-/{right}", kept)] if right else []
    if prev.endswith(("-", "—", "–", "/")) and not prev[:-1].endswith(" "):
        return prev + nxt, []
    frag = _LIGATURE_END_RE.search(prev)
    if frag and right and right[0].islower() and should_join_ligature(frag["left"], right, ctx):
        repair = Repair("ligature", line, f"{frag['left']} {right}", frag["left"] + right)
        return prev + nxt, [repair]
    return f"{prev} {nxt}", []


def reflow(lines: list[tuple[int, str]], ctx: ArticleWords) -> tuple[str, list[Repair]]:
    """Join the hard-wrapped lines of one paragraph into a single line."""
    text, repairs = lines[0][1].strip(), []
    for (no, _), (_, line) in zip(lines, lines[1:], strict=False):
        text, found = _join_pair(text, line, no, ctx)
        repairs.extend(found)
    if len(lines) > 1:
        first, last = lines[0][0], lines[-1][0]
        repairs.append(Repair("reflow", first, f"{len(lines)} lines ({first}-{last})", "1 paragraph"))
    return text, repairs


# --- structure: header, blocks, paragraphs and lists ------------------------------------------------------


def _normalise(raw: str) -> list[tuple[int, str]]:
    """Number the raw lines from 1, with tabs and no-break spaces made plain and trailing space removed."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    return [(no, line.expandtabs(4).replace("\u00a0", " ").rstrip()) for no, line in enumerate(lines, 1)]


def _is_caps_line(text: str) -> bool:
    """An ALL-CAPS line of a few words, such as a title."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(text.split()) <= 15


def _is_title_line(text: str) -> bool:
    """A short headline-style line: no closing punctuation, most words capitalised (or a script without capitals)."""
    words = text.split()
    if not 1 <= len(words) <= 15 or text.rstrip()[-1] in ".,;:":  # a headline may ask (or exclaim)
        return False
    if not _cased(text):  # 북한 핵 협상 재개: no capitals to go by
        return True
    if len(words) < 2:
        return False
    capitalised = sum(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)
    return capitalised == len(words)


_DATED_RE = re.compile(r"^(?P<by>by\s+.+?)(?:\s+on\s+|\s*[|·•—–]\s*|,\s+)(?P<date>.+)$", re.IGNORECASE)


def dated_byline(text: str) -> tuple[str, str | None]:
    """A byline and the date it carries: `By Ann Lee on March 3, 2024`, `By Ann Lee | 3 March 2024`."""
    match = _DATED_RE.match(text.strip())
    if match and dateline(match["date"]):
        return match["by"], match["date"]
    return text, None


def byline_name(text: str) -> str | None:
    """The name(s) of a byline such as `By José Álvarez`, `Margaret van der Berg`, `BY JANE SMITH`,
    `by Jane Smith, Staff Writer` (the role after a comma dropped), `By 김민수` or `By Sappho`; None when the line is
    not a byline. Without `By`, a name must be two capitalised words or more."""
    text = dated_byline(text)[0]
    rest = _BY_RE.sub("", text.strip())
    said_by = rest != text.strip()
    if said_by and "," in rest:
        rest, role = (part.strip() for part in rest.split(",", 1))
        if len(role.split()) > 5 or role.rstrip()[-1:] in ".!?":  # `By Monday, the talks had stalled.`
            return None
    words = rest.split()
    names = [w for w in words if w not in _PARTICLES and w.lower() not in ("and", "&")]
    if not (1 if said_by else 2) <= len(names) <= 8 or not all(_is_name_word(w, said_by) for w in names):
        return None
    if not said_by and (rest.isupper() or any(w.lower() in _SMALL_WORDS for w in words if w.lower() != "and")):
        return None  # "The Big Picture" or a line in capitals is a heading, not a name
    return rest.title() if rest.isupper() else rest


def _is_name_word(word: str, said_by: bool = False) -> bool:
    """`Smith`, `O’Donnell`, `Jean-Luc`, `M.`, `Álvarez`, `SMITH`; after `By`, also a name in a script without
    capitals (`김민수`, `王小明`)."""
    if not all(c.isalpha() or c in "'’-." for c in word) or not any(c.isalpha() for c in word):
        return False
    return word[0].isupper() or (said_by and word[0].isalpha() and not word[0].islower())


def _cased(text: str) -> bool:
    """Whether the text has a letter with capitals, as Latin, Greek or Cyrillic ones do (Hangul, kana, Han: not)."""
    return any(c.isupper() or c.islower() for c in text)


def dateline(text: str) -> str | None:
    """The date of a line that holds only a date (`March 3, 2024`, `Published 3 March 2024`), or None."""
    match = _DATE_RE.match(text.strip())
    return match.group(1) if match else None


def _next_nonblank(lines: list[tuple[int, str]], start: int) -> int:
    """Index of the first non-blank line at or after start (len(lines) if none)."""
    while start < len(lines) and not lines[start][1].strip():
        start += 1
    return start


@dataclass(frozen=True)
class Header:
    """The lines at the top of a raw article that belong in its front matter."""

    title: list[tuple[int, str]]
    byline: tuple[int, str] | None
    date: tuple[int, str] | None
    body_start: int  # index of the first line of the body


def detect_header(lines: list[tuple[int, str]]) -> Header:
    """Find title lines, a byline and a date line under it at the top."""
    first = _next_nonblank(lines, 0)
    end = first
    while end < len(lines) and end - first < 3 and _is_caps_line(lines[end][1]) and not _BY_RE.match(lines[end][1]):
        end += 1
    title = lines[first:end]
    if title and end < len(lines) and lines[end][1].strip():
        block = _byline_block(lines, end)
        if block:  # the byline right under the title, then a blank line
            return Header(title, lines[end], *block)
        return Header([], None, None, 0)  # caps lines running straight into the body: not a title
    cand = _next_nonblank(lines, end)
    if not title and cand < len(lines) and _is_title_line(lines[cand][1]):
        after = _next_nonblank(lines, cand + 1)
        if after < len(lines) and _byline_block(lines, after):
            title, cand = [lines[cand]], after
    block = _byline_block(lines, cand) if cand < len(lines) else None
    if block:
        return Header(title, lines[cand], *block)
    return Header(title, None, None, end if title else 0)


def _byline_block(lines: list[tuple[int, str]], index: int) -> tuple[tuple[int, str] | None, int] | None:
    """When lines[index] is a byline standing alone (maybe with a date line under it): the date line and the index
    after the block; None otherwise."""
    text = lines[index][1]
    name = byline_name(text)
    if name is None:
        return None
    after, date = index + 1, None
    if carried := dated_byline(text)[1]:
        date = (lines[index][0], carried)
    elif after < len(lines) and dateline(lines[after][1]):
        after, date = after + 1, lines[after]
    # The body may start on the next line when the byline says `By` and a name of two words or more (or in a
    # script without capitals): `By Monday` alone could be the start of a sentence.
    named = _BY_RE.match(text) and (len(name.split()) > 1 or not _cased(name))
    if after < len(lines) and lines[after][1].strip() and not named:
        return None
    return date, after


def title_case(text: str, acronyms: set[str]) -> str:
    """Convert an ALL-CAPS title to title case, keeping acronyms (`U.S.`, or caps words the body uses)."""
    if any(c.islower() for c in text):
        return text
    words = text.split()
    out = []
    for i, word in enumerate(words):
        edge = i in (0, len(words) - 1)
        out.append("-".join(_case_part(p, acronyms, edge or j > 0) for j, p in enumerate(word.split("-"))))
    return " ".join(out)


def _case_part(part: str, acronyms: set[str], edge: bool) -> str:
    """Case one word of a title."""
    core = part.strip("\"'“”‘’()[],:;!?")
    if "." in core.rstrip(".") or core in acronyms:
        return part
    if core.lower() in _SMALL_WORDS and not edge:
        return part.lower()
    return part[:1] + part[1:].lower()


def _list_item(text: str) -> tuple[str, str] | None:
    """The normalised marker (`- ` or `N. `) and the text of a list item line, or None."""
    if m := _NUMBER_RE.match(text):
        return f"{m['num']}. ", m["text"]
    if m := _BULLET_RE.match(text):
        return "- ", m["text"]
    return None


def _starts_upper(text: str) -> bool:
    """Whether the first letter of the text is a capital."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and letters[0].isupper()


@dataclass
class _Block:
    """A paragraph or list in the making: raw lines of a paragraph, or the raw lines of each list item."""

    kind: str  # "text" or "list"
    lines: list[tuple[int, str]] = field(default_factory=list)
    items: list[list[tuple[int, str]]] = field(default_factory=list)

    def last_line(self) -> str:
        """The text of the latest line added."""
        return (self.items[-1] if self.kind == "list" else self.lines)[-1][1].rstrip()


def _blocks(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Group consecutive non-blank lines; a heading line is a group of its own."""
    groups: list[list[tuple[int, str]]] = [[]]
    for no, text in lines:
        if HEADING_RE.match(text):
            groups += [[(no, text)], []]
        elif text.strip():
            groups[-1].append((no, text))
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


UNWRAPPED = 120  # a line this long was not wrapped by hand or by a page: a paragraph is one line


def _unwrapped(group: list[tuple[int, str]]) -> bool:
    """Whether the lines are paragraphs, not wrapped pieces of them: most of the text stands in lines too long
    to have been wrapped (a wrapped paragraph may hold one long URL)."""
    lengths = [len(text.strip()) for _, text in group]
    return sum(n for n in lengths if n > UNWRAPPED) * 2 >= sum(lengths)


def split_group(group: list[tuple[int, str]], repairs: list[Repair], laid_out: bool = False) -> list[_Block]:
    """Split a group of lines into paragraphs and lists, handling page-break indents and text copied from the web
    (a paragraph per line, no blank line between: there every line starts a paragraph or a list item). Text
    `laid_out` by a reader (a PDF's) has its paragraphs apart already: its long lines are lines, not paragraphs."""
    out: list[_Block] = []
    unwrapped = not laid_out and _unwrapped(group)
    for no, text in group:
        cur = out[-1] if out else None
        prev = cur.last_line() if cur else ""
        ends = bool(_SENTENCE_END_RE.search(prev)) or prev.endswith(":")
        indented = text[:1].isspace()
        if _list_item(text) and (cur is None or cur.kind == "list" or ends or unwrapped):
            if cur is None or cur.kind != "list":
                out.append(cur := _Block("list"))
            cur.items.append([(no, text)])
        elif cur is None or unwrapped or (ends and _starts_upper(text) and (cur.kind == "list" or indented)):
            if cur is not None and cur.kind == "text" and indented:
                repairs.append(Repair("page break", no, f"indented {_clip(text)!r}", "new paragraph"))
            elif cur is not None and cur.kind == "text":
                repairs.append(Repair("paragraph per line", no, repr(_clip(text)), "new paragraph"))
            out.append(_Block("text", [(no, text)]))
        elif cur.kind == "list":
            cur.items[-1].append((no, text))
        else:
            if indented:
                repairs.append(Repair("page-break indent", no, repr(_clip(text)), repr(_clip(text.strip()))))
            cur.lines.append((no, text))
    return out


def _clip(text: str, width: int = 30) -> str:
    """The start of a line, for a report."""
    return text if len(text) <= width else text[:width] + "…"


def _render_block(block: _Block, ctx: ArticleWords) -> tuple[str, list[Repair]]:
    """Reflow a paragraph, or each item of a list, into its final text."""
    if block.kind == "text":
        return reflow(block.lines, ctx)
    items, repairs = [], []
    for item in block.items:
        no, first = item[0]
        marker, rest = _list_item(first) or ("- ", first)
        text, found = reflow([(no, rest), *item[1:]], ctx)
        repairs.extend(r for r in found if r.kind != "reflow")
        if not first.lstrip().startswith(marker.strip()):
            repairs.append(Repair("list", no, _clip(first.strip()), _clip(marker + rest)))
        items.append(marker + text)
    return "\n".join(items), repairs


# --- boilerplate, assembly and rendering ------------------------------------------------------------------


def is_boilerplate(text: str, near_end: bool) -> bool:
    """Whether a paragraph looks like site furniture: newsletter, share, cookie, copyright or bio lines."""
    if len(text.split()) > 40 or "\n" in text:
        return False
    if any(p.search(text) for p in _BOILERPLATE_PATTERNS):
        return True
    return near_end and bool(_BIO_RE.match(text))


Lines = list[tuple[int, str]]  # (raw line number, text)


def _line_repairs(lines: Lines, ctx: ArticleWords) -> tuple[Lines, list[Repair]]:
    """Repair ligature splits and spacing within each line."""
    out, repairs = [], []
    for no, text in lines:
        text, found = repair_ligatures(text, no, ctx)
        repairs.extend(found)
        text, found = repair_spacing(text, no)
        repairs.extend(found)
        out.append((no, text))
    return out, repairs


def _header_front_matter(
    lines: list[tuple[int, str]], repairs: list[Repair], given: dict[str, str]
) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Move a detected title and byline out of the body into front matter; a top line that says the title or
    author the user gave goes too."""
    header = detect_header(lines)
    title_lines, byline = header.title, header.byline
    body = lines[header.body_start :]
    found: dict[str, str] = {}
    if title_lines:
        acronyms = {w for _, t in body for w in re.findall(r"\b[A-Z][A-Z&]+\b|(?:[A-Z]\.){2,}", t)}
        raw_title = " ".join(t.strip() for _, t in title_lines)
        found["title"] = title_case(raw_title, acronyms)
        repairs.append(Repair("moved", title_lines[0][0], _clip(raw_title, 90), f"title: {found['title']}"))
    if byline:
        found["author"] = byline_name(byline[1]) or byline[1].strip()
        repairs.append(Repair("moved", byline[0], byline[1].strip(), f"author: {found['author']}"))
    if header.date:
        found["date"] = dateline(header.date[1]) or header.date[1].strip()
        repairs.append(Repair("moved", header.date[0], header.date[1].strip(), f"date: {found['date']}"))
    for key in ("title", "author"):
        if said := given.get(key) or (key == "title" and found.get(key)):  # a page copied whole says it twice
            body = _drop_given(body, key, said, repairs)
    return found, body


def _drop_given(body: list[tuple[int, str]], key: str, value: str, repairs: list[Repair]) -> list[tuple[int, str]]:
    """The body without a top line that says the title or author the user gave (it belongs in the front matter)."""
    wanted = " ".join(value.split()).casefold()
    for index in range(min(len(body), 4)):
        line, text = body[index]
        said = " ".join(text.split()).casefold()
        if said == wanted or (key == "author" and (byline_name(text) or "").casefold() == wanted):
            repairs.append(Repair("moved", line, text.strip(), f"{key}: as given"))
            return body[:index] + body[index + 1 :]
    return body


def clean_text(
    raw: str,
    *,
    front_matter: dict[str, str | None] | None = None,
    drop_boilerplate: bool = False,
    repairs: list[Repair] | None = None,
    found: dict[str, str] | None = None,
) -> ImportResult:
    """Clean raw article text: header to front matter, reflowed paragraphs, repairs, boilerplate listed. With `found`
    (the front matter a reader took from a page's or a PDF's own metadata), the text's top lines are not searched
    for a title and byline."""
    done: list[Repair] = list(repairs or [])
    given = {k: v.strip() for k, v in (front_matter or {}).items() if v and v.strip()}
    laid_out = found is not None
    if found is None:
        detected, body = _header_front_matter(_normalise(raw), done, given)
    else:
        detected, body = found, _normalise(raw)
    ctx = build_context([t for _, t in body])
    body, found = _line_repairs(body, ctx)
    done.extend(found)
    paragraphs: list[tuple[int, str]] = []
    menus: set[int] = set()  # where a run of menu entries was joined into a paragraph
    for group in _blocks(body):
        for block in split_group(group, done, laid_out):
            text, found = _render_block(block, ctx)
            done.extend(found)
            start = (block.lines or block.items[0])[0][0]
            paragraphs.append((start, text))
            if not laid_out and _is_menu(block):
                menus.add(start)
    kept, suspects = _sift_boilerplate(paragraphs, drop_boilerplate, menus)
    merged = {k: v for k in FRONT_MATTER_KEYS if (v := given.get(k) or detected.get(k))}
    done.sort(key=lambda r: r.line)
    return ImportResult([t for _, t in kept], merged, done, suspects)


def _is_menu(block: _Block) -> bool:
    """Lines of a site's navigation copied with the text: four or more of a few words each, none a sentence."""
    lines = [text.strip() for _, text in block.lines]
    return len(lines) >= 4 and all(len(t.split()) <= 3 and not _SENTENCE_END_RE.search(t) for t in lines)


def _sift_boilerplate(
    paragraphs: list[tuple[int, str]], drop: bool, menus: set[int]
) -> tuple[list[tuple[int, str]], list[Suspect]]:
    """List the paragraphs that look like boilerplate (or were a menu's lines), and drop them if asked."""
    kept, suspects = [], []
    for i, (line, text) in enumerate(paragraphs):
        furniture = line in menus or is_boilerplate(text, near_end=i >= len(paragraphs) - 3)
        if not HEADING_RE.match(text) and furniture:
            suspects.append(Suspect(line, text, drop))
            if drop:
                continue
        kept.append((line, text))
    return kept, suspects


def render_article(result: ImportResult, slug: str | None = None) -> str:
    """The article.txt text: YAML front matter, a blank line, then paragraphs separated by blank lines. Without a
    title found or given, the title is made from the `slug`, to edit (a file without one is a warning)."""
    front = dict(result.front_matter)
    if "title" not in front and slug:
        front = {"title": slug_title(slug), **front}
    head = ""
    if front:
        dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
        head = f"---\n{dumped}---\n\n"
    return head + "\n\n".join(result.paragraphs) + "\n"


def slug_title(slug: str) -> str:
    """`seoul-subway` -> `Seoul Subway`: a title to start from when the text shows none."""
    return " ".join(word.capitalize() for word in slug.split("-"))
