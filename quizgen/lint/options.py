"""Option flaws of mcq and multi items: giveaway options, length, grammar, absolutes, word repeats, numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.lint.registry import Example, Finding, ItemText, Rule, Setting, Settings, register
from quizgen.lint.text import Text, article_for, quoted
from quizgen.model import Choice, TrueFalse
from quizgen.numbers import Interval, parse_interval

CHOICE = ("mcq", "multi")
HAL = "Haladyna, Downing & Rodriguez (2002), A Review of Multiple-Choice Item-Writing Guidelines"
NBME = "NBME Item-Writing Guide, 6th ed., ch. 3 (flaws that cue the testwise examinee)"


def _shuffled(t: ItemText) -> bool:
    payload = t.item.payload
    return isinstance(payload, Choice) and payload.shuffle


def _field(option: Text, t: ItemText) -> str:
    return "answer" if any(option is k for k in t.keys) else "distractors"


# --- all of the above / none of the above ---------------------------------------------------------------

_AOTA = re.compile(
    r"\ball (?:of )?the (?:above|preceding|previous)\b"
    r"|\ball of (?:these|those)(?: (?:options|answers|choices|statements|are correct|are true))?$"
    r"|\ball (?:two|three|four|five) (?:of the above|above|of these|options|answers|choices|statements)\b"
)
_NOTA = re.compile(
    r"\bnone of the (?:above|preceding|previous)\b|\bnone of (?:these|those)(?: (?:options|answers|choices))?$"
    r"|\bneither of (?:these|those|the above)\b|^none$"
)


_ALL, _NONE = frozenset({"all"}), frozenset({"none", "neither"})


def _positional(option: Text, pattern: re.Pattern[str], trigger: frozenset[str]) -> bool:
    return not trigger.isdisjoint(option.tokens) and bool(pattern.search(" ".join(option.tokens)))


def check_aota(t: ItemText, s: Settings) -> Iterator[Finding]:
    """An option that says all of the above."""
    for option in t.options:
        if _positional(option, _AOTA, _ALL):
            shuffled = "; the options are shuffled, so 'above' points at nothing" if _shuffled(t) else ""
            yield Finding(
                f"option '{option.plain}' is 'all of the above'{shuffled}: it is right whenever any two options "
                "are, so students need only spot two; replace it with a fourth real option",
                _field(option, t),
            )


def check_nota(t: ItemText, s: Settings) -> Iterator[Finding]:
    """An option that says none of the above."""
    how_many = t.prompt.tokens[:2] in (("how", "many"), ("how", "much"))
    for option in t.options:
        if _positional(option, _NOTA, _NONE) and not (how_many and option.tokens == ("none",)):
            shuffled = "; the options are shuffled, so 'above' points at nothing" if _shuffled(t) else ""
            yield Finding(
                f"option '{option.plain}' is 'none of the above'{shuffled}: it tests what is wrong, not what is "
                "right; replace it with a real option",
                _field(option, t),
            )


register(
    Rule(
        "all-of-the-above",
        "an option is 'all of the above'",
        "item",
        CHOICE,
        "An option that reads 'all of the above', 'all the above', 'all of these' or 'all three/four of the above', "
        "matched on whole words (so 'All of Korea's neighbours' does not count).",
        "A student who sees two options are right picks it without knowing the third; it lowers reliability "
        "(guideline 26, avoid all-of-the-above). quizgen shuffles options, so 'above' may even come first.",
        HAL + ", guideline 26",
        check_aota,
        fires=(
            Example(
                "an explicit all-of-the-above option",
                {
                    "prompt": "Which techniques does the article recommend?",
                    "answer": "All of the above",
                    "distractors": ["Spacing", "Retrieval practice"],
                    "quote": "Spacing and retrieval practice both help",
                },
            ),
        ),
        passes=(
            Example(
                "'all of' that is part of a real option",
                {
                    "prompt": "Who does the treaty bind?",
                    "answer": "All of Korea's neighbours",
                    "distractors": ["Only Japan", "Only China"],
                    "quote": "The treaty binds all of Korea's neighbours",
                },
            ),
        ),
    )
)

register(
    Rule(
        "none-of-the-above",
        "an option is 'none of the above'",
        "item",
        CHOICE,
        "An option that reads 'none of the above', 'none of these', 'neither of these', or is exactly 'none' "
        "(except as the answer to a 'how many' question), matched on whole words ('nonetheless' does not count).",
        "It makes items harder for the wrong reason: the student must rule out every option instead of knowing "
        "the right one, and a shuffled 'above' points at nothing (guideline 25; NBME lists it under irrelevant "
        "difficulty).",
        HAL + ", guideline 25; " + NBME,
        check_nota,
        fires=(
            Example(
                "a none-of-the-above distractor",
                {
                    "prompt": "What froze the program in 1994?",
                    "answer": "The Agreed Framework",
                    "distractors": ["The Six-Party Talks", "None of the above"],
                    "quote": "the Agreed Framework of 1994 froze the program",
                },
            ),
        ),
        passes=(
            Example(
                "'none' as the true answer to a 'how many' question",
                {
                    "prompt": "How many reactors were finished?",
                    "answer": "None",
                    "distractors": ["One", "Two"],
                    "quote": "none of the reactors was finished",
                },
            ),
        ),
    )
)

# --- combination options ------------------------------------------------------------------------------

_REF = r"(?:\(?[A-F]\)?|\(?(?:I|II|III|IV|V|VI)\)?)"
_COMBINATION = re.compile(
    rf"^(?:(?:[Bb]oth|[Ee]ither|[Nn]either|[Oo]nly|[Oo]ptions?|[Cc]hoices?|[Aa]nswers?|[Ss]tatements?)\s+)?"
    rf"{_REF}(?:\s*(?:,|and|or|nor|&)\s*{_REF})+(?:\s*,)?(?:\s+(?:only|are (?:correct|true|right)))?\.?$"
)


def check_combination(t: ItemText, s: Settings) -> Iterator[Finding]:
    """An option made of references to other options: 'A and C', 'I and III only', 'Both A and B'."""
    for option in t.options:
        if _COMBINATION.match(option.plain):
            shuffled = "; the options are shuffled, so the letters will not match" if _shuffled(t) else ""
            yield Finding(
                f"option '{option.plain}' combines other options{shuffled}: students can solve it by elimination; "
                "use a multi item (select all that apply) instead",
                _field(option, t),
            )


register(
    Rule(
        "combination-option",
        "an option combines other options ('A and C')",
        "item",
        CHOICE,
        "An option that consists only of option letters (A-F) or roman numerals (I-VI) joined by 'and', 'or', "
        "commas or '&', optionally after 'Both', 'Either', 'Only' and before 'only' or 'are correct'. Capital "
        "letters only, and the whole option must be references, so 'Vitamins A and B12' does not count.",
        "Complex (type K) options test logic and elimination, not knowledge, and once shuffled the letters point "
        "at the wrong options (guideline 9).",
        HAL + ", guideline 9",
        check_combination,
        fires=(
            Example(
                "a K-type option",
                {
                    "prompt": "Which of the following does Feffer name?",
                    "answer": "Both A and B",
                    "distractors": ["The nuclear gap", "The economic gap"],
                    "quote": "the nuclear gap and the economic gap",
                },
            ),
        ),
        passes=(
            Example(
                "letters that are part of a name",
                {
                    "prompt": "Which vitamins does the diet lack?",
                    "answer": "Vitamins A and B12",
                    "distractors": ["Vitamin C", "Vitamin D"],
                    "quote": "the diet lacks vitamins A and B12",
                },
            ),
        ),
    )
)

# --- key much longer than every distractor -----------------------------------------------------------------


def _is_numeric(text: Text) -> bool:
    return parse_interval(text.plain) is not None


def check_key_longest(t: ItemText, s: Settings) -> Iterator[Finding]:
    """The single key is much longer (in characters) than the longest distractor."""
    if len(t.keys) != 1 or not t.distractors:
        return
    key = t.keys[0]
    longest = max(len(d.plain) for d in t.distractors)
    if len(key.tokens) < s["min_words"] or all(_is_numeric(o) for o in t.options) or not longest:
        return
    ratio = len(key.plain) / longest
    if ratio >= s["ratio"]:
        yield Finding(
            f"the key is {len(key.plain)} characters, the longest distractor {longest} ({ratio:.2f}x, limit "
            f"{s['ratio']:g}x): the longest option is a known giveaway; trim the key's qualifiers or make the "
            "distractors as specific",
            "answer",
        )


register(
    Rule(
        "key-longest",
        "the key is much longer than every distractor",
        "item",
        ("mcq",),
        "An mcq whose key has at least `min_words` words and at least `ratio` times the characters of the longest "
        "distractor (Markdown stripped). All-numeric options are skipped.",
        "Writers make the right answer longer, more specific or more qualified, and testwise students pick the "
        "longest option; 'longest choice is correct' raised scores in a crossover trial (Pham et al. 2018).",
        HAL + ", guideline 24 (keep choices about equal in length); " + NBME + " (long correct answer)",
        check_key_longest,
        {
            "ratio": Setting(1.3, 1.0, 10.0, help="key length / longest distractor length that fires"),
            "min_words": Setting(4, 1, 50, integer=True, help="shorter keys never fire"),
        },
        fires=(
            Example(
                "a qualified key twice as long as the others",
                {
                    "prompt": "Why did the talks stall?",
                    "answer": "Each side waited for the other to make the first concession",
                    "distractors": ["China walked out", "Japan objected"],
                    "quote": "each side waited for the other to make the first concession",
                },
            ),
        ),
        passes=(
            Example(
                "options of similar length",
                {
                    "prompt": "Why did the talks stall?",
                    "answer": "Each side waited for the other",
                    "distractors": ["China walked out of the room", "Japan objected to the agenda"],
                    "quote": "each side waited for the other",
                },
            ),
        ),
    )
)

# --- grammatical cues ---------------------------------------------------------------------------------

_BLANK = re.compile(r"\b(a|an)\s*(?:_{2,}|\.\.\.|\u2026|\(\s*\))")
_TRAILING = re.compile(r"\b(a|an)\s*(?:_{2,}|\.\.\.|\u2026|:)?\s*$", re.IGNORECASE)


def _stem_article(text: str) -> str | None:
    """The 'a' or 'an' the options must follow: before a blank, or at the end of the stem."""
    # Both searches are narrowed first, as lint asks this of every option item: a blank needs one of its marks, and
    # a trailing a/an ends where the spaces and blank mark after it begin (\b still sees the letter before).
    blank = ("__" in text or "..." in text or "\u2026" in text or "(" in text) and _BLANK.search(text)
    end = len(text.rstrip().rstrip("_.:\u2026").rstrip())
    match = blank or _TRAILING.search(text, max(0, end - 2))
    return match.group(1).lower() if match else None


def _first_word(option: Text) -> str:
    words = option.plain.split()
    return words[0].strip("\"'(") if words else ""


def check_article_cue(t: ItemText, s: Settings) -> Iterator[Finding]:
    """A stem ending in a/an that only the key follows (or, in a cloze, an article before a deletion)."""
    if t.item.type == "cloze":
        for match in re.finditer(r"\b(a|an)\s+\{\{c\d+::", t.item.prompt, re.IGNORECASE):
            yield Finding(
                f"'{match.group(1)}' right before a deletion tells whether the hidden word starts with a vowel: "
                f"move it inside the deletion, like {{{{c1::{match.group(1)} ...}}}}",
            )
        return
    article = _stem_article(" ".join(t.item.prompt.split()))
    if article is None or not t.distractors:
        return
    wanted = [article_for(_first_word(o)) for o in t.options]
    keys, others = wanted[: len(t.keys)], wanted[len(t.keys) :]
    if None in wanted or any(w != article for w in keys) or all(w == article for w in others):
        return
    odd = [d.plain for d, w in zip(t.distractors, others, strict=True) if w != article]
    yield Finding(
        f"the stem ends in '{article}', which fits the key but not {quoted(odd)}: end the stem before the "
        "article and put 'a'/'an' in each option",
    )


_SINGULAR = frozenset({"this", "that", "each", "every", "another", "one", "single"})
_PLURAL = frozenset({"these", "those", "several", "many", "both", "two", "three", "four", "five", "few", "various"})
_IRREGULAR = frozenset({"people", "children", "men", "women", "data", "media", "police", "feet", "mice"})
_NOT_PLURAL = ("ss", "us", "is", "ics", "ness", "sis", "'s")


def _plural(option: Text) -> bool | None:
    """Whether an option reads as plural: 'X and Y', an -s head noun or an irregular plural; None if unsure."""
    words = [w for w in option.tokens if not w.replace(",", "").isdigit()]
    if not words:
        return None
    if "and" in words[1:-1]:
        return True
    last = words[-1]
    return last in _IRREGULAR or (len(last) > 3 and last.endswith("s") and not last.endswith(_NOT_PLURAL))


def check_plural_cue(t: ItemText, s: Settings) -> Iterator[Finding]:
    """A stem ending in a singular or plural determiner that agrees with the key and no distractor."""
    words = t.prompt.tokens
    if not words or not t.distractors or len(t.keys) != 1:
        return
    last = words[-1]
    wants = True if last in _PLURAL else False if last in _SINGULAR else None
    if wants is None or t.prompt.plain.rstrip().endswith("?"):
        return
    numbers = [_plural(o) for o in t.options]
    if None in numbers or numbers[0] != wants or any(n == wants for n in numbers[1:]):
        return
    kind = "plural" if wants else "singular"
    yield Finding(
        f"the stem ends in '{last}', which needs a {kind} option, and only the key is {kind}: make every option "
        f"{kind}, or end the stem before '{last}'",
    )


register(
    Rule(
        "article-cue",
        "'a'/'an' fits only the key",
        "item",
        ("mcq", "multi", "cloze"),
        "An mcq stem that ends with 'a' or 'an' (or has one right before a blank ___), where the key takes that "
        "article and at least one distractor takes the other. The article is decided by sound: 'an hour', "
        "'a university', 'an FBI'; acronyms read as words are skipped. In a cloze, an 'a'/'an' right before a "
        "deletion.",
        "A grammatical cue lets a student drop distractors that do not follow from the stem without knowing "
        "the content (guideline 28c; NBME grammatical cues).",
        HAL + ", guideline 28c; " + NBME + " (grammatical cues)",
        check_article_cue,
        fires=(
            Example(
                "only the key follows 'an'",
                {
                    "prompt": "Feffer describes the relationship as an",
                    "answer": "asymmetry",
                    "distractors": ["partnership", "rivalry"],
                    "quote": "the relationship is an asymmetry",
                },
            ),
        ),
        passes=(
            Example(
                "every option follows 'an'",
                {
                    "prompt": "Feffer describes the relationship as an",
                    "answer": "asymmetry",
                    "distractors": ["alliance", "uneasy truce"],
                    "quote": "the relationship is an asymmetry",
                },
            ),
        ),
    )
)

register(
    Rule(
        "plural-cue",
        "a singular/plural determiner fits only the key",
        "item",
        ("mcq",),
        "An mcq stem (not a question) ending in a singular determiner (this, that, each, every, one, another, "
        "single) or a plural one (these, those, both, several, many, few, two to five), where the key agrees "
        "and every distractor disagrees. An option is plural when it joins parts with 'and', ends in an "
        "irregular plural, or ends in -s (not -ss, -us, -is, -ics, -ness, -sis).",
        "Number agreement between stem and options is a grammatical cue (guideline 28c); the rule fires only "
        "when every distractor disagrees, because option plurality is read from the last word.",
        HAL + ", guideline 28c; " + NBME + " (grammatical cues)",
        check_plural_cue,
        fires=(
            Example(
                "only the key is plural",
                {
                    "prompt": "The article identifies as the core problem these",
                    "answer": "three hard truths",
                    "distractors": ["a single misunderstanding", "one failed summit"],
                    "quote": "three hard truths",
                },
            ),
        ),
        passes=(
            Example(
                "all options plural",
                {
                    "prompt": "The article identifies as the core problem these",
                    "answer": "three hard truths",
                    "distractors": ["two misunderstandings", "several failed summits"],
                    "quote": "three hard truths",
                },
            ),
        ),
    )
)

# --- absolute words -------------------------------------------------------------------------------------

ABSOLUTES = frozenset(
    [
        "always",
        "never",
        "all",
        "none",
        "every",
        "only",
        "completely",
        "absolutely",
        "entirely",
        "totally",
        "cannot",
        "must",
        "nothing",
        "nobody",
        "everyone",
        "everything",
        "invariably",
        "solely",
    ]
)


def _absolutes(text: Text, excused: frozenset[str]) -> list[str]:
    return sorted({w for w in text.tokens if w in ABSOLUTES and w not in excused})


def check_absolute(t: ItemText, s: Settings) -> Iterator[Finding]:
    """Absolute words only in the distractors, or only in the key (tf: an absolute with key False)."""
    texts = [t.prompt] if isinstance(t.item.payload, TrueFalse) else t.options
    if all(ABSOLUTES.isdisjoint(text.tokens) for text in texts):
        return  # no absolute word at all: the quote need not be read
    excused = t.quote_words
    if isinstance(t.item.payload, TrueFalse):
        found = _absolutes(t.prompt, excused)
        if found and not t.item.payload.answer:
            yield Finding(
                f"the statement says {quoted(found)} and is false: testwise students mark absolutes false; "
                "make the statement false for another reason, or quote the reading's own absolute",
            )
        return
    plain = [o for o in t.options if not _positional(o, _AOTA, _ALL) and not _positional(o, _NOTA, _NONE)]
    in_keys = sorted({w for k in t.keys if k in plain for w in _absolutes(k, excused)})
    marked = [(d, _absolutes(d, excused)) for d in t.distractors if d in plain]
    in_distractors = [(d, words) for d, words in marked if words]
    if in_keys and not in_distractors:
        yield Finding(
            f"only the key says {quoted(in_keys)} (the quote does not): an absolute in the key alone stands out; "
            "reword the key or give the distractors the same strength",
            "answer",
        )
    elif in_distractors and not in_keys and len(in_distractors) >= s["min_distractors"]:
        shown = "; ".join(f"'{d.plain}' ({', '.join(w)})" for d, w in in_distractors)
        yield Finding(
            f"absolute words only in distractors: {shown}; testwise students rule out 'always'/'never' options: "
            "state what is wrong with them instead",
            "distractors",
        )


register(
    Rule(
        "absolute-word",
        "absolute words only in the distractors or only in the key",
        "item",
        ("mcq", "multi", "tf"),
        "Whole words " + ", ".join(sorted(ABSOLUTES)) + " (so 'only' never matches inside 'commonly'), in the "
        "distractors but not the key (at least `min_distractors` of them), or in the key but no distractor. "
        "A word the item's own quote uses is excused. For tf: an absolute in a statement whose answer is false.",
        "Specific determiners are rarely true, so testwise students eliminate them; in the key alone they "
        "stand out (guideline 28a; NBME absolute terms). When the reading itself says 'only', the option "
        "reports the reading and is no cue.",
        HAL + ", guideline 28a; " + NBME + " (absolute terms)",
        check_absolute,
        {"min_distractors": Setting(1, 1, 10, integer=True, help="distractors with absolutes needed to fire")},
        fires=(
            Example(
                "the distractors say never/always",
                {
                    "prompt": "How does Feffer describe U.S. policy?",
                    "answer": "Inconsistent over time",
                    "distractors": ["Never willing to talk", "Always hostile"],
                    "quote": "U.S. policy has been inconsistent over time",
                },
            ),
        ),
        passes=(
            Example(
                "the quote itself says 'only'",
                {
                    "prompt": "What can guarantee the regime's survival, according to Barry?",
                    "answer": "Only a relationship with the U.S.",
                    "distractors": ["A nuclear arsenal", "Chinese aid"],
                    "quote": "only a relationship with the U.S. can guarantee its survival",
                },
            ),
            Example(
                "'commonly' is not 'only'",
                {
                    "prompt": "How are the talks described?",
                    "answer": "Commonly stalled",
                    "distractors": ["Rarely held", "Quickly concluded"],
                    "quote": "talks are commonly stalled",
                },
            ),
        ),
    )
)

# --- clang: a content word shared by the stem and the key -------------------------------------------------


def check_clang(t: ItemText, s: Settings) -> Iterator[Finding]:
    """A content word of the stem that the key repeats and no distractor does."""
    if not t.distractors:
        return
    stem_words = {w for w in t.prompt.content if len(w) >= s["min_letters"]}
    in_key = stem_words & {w for k in t.keys for w in k.content}
    if not in_key:
        return
    shared = sorted(in_key - set().union(*(d.stems for d in t.distractors)))
    if shared:
        yield Finding(
            f"the stem and the key share {quoted(shared)}, which no distractor uses: the repeated word points "
            "to the answer; reword the key or use the word in the distractors too",
            "answer",
        )


register(
    Rule(
        "clang",
        "a stem word repeated in the key and no distractor",
        "item",
        ("mcq", "multi"),
        "A content word (not a stopword, at least `min_letters` letters) of the stem that a key repeats and no "
        "distractor contains, compared lowercased with a light stem (plural -s removed), on whole words.",
        "A 'clang association' between stem and key lets students match words instead of knowing the answer "
        "(guideline 28b; NBME word repeats).",
        HAL + ", guideline 28b; " + NBME + " (word repeats)",
        check_clang,
        {"min_letters": Setting(4, 1, 20, integer=True, help="shorter words are ignored")},
        fires=(
            Example(
                "'reunification' in the stem and only the key",
                {
                    "prompt": "What is Seoul's attitude to reunification?",
                    "answer": "Ambivalence about reunification",
                    "distractors": ["Eager support", "Open hostility"],
                    "quote": "Seoul is ambivalent about reunification",
                },
            ),
        ),
        passes=(
            Example(
                "the word is in every option",
                {
                    "prompt": "What is Seoul's attitude to reunification?",
                    "answer": "Ambivalence about reunification",
                    "distractors": ["Eager support for reunification", "Hostility to reunification"],
                    "quote": "Seoul is ambivalent about reunification",
                },
            ),
        ),
    )
)

# --- numeric options: order and overlap ------------------------------------------------------------------


def _overlap(a: Interval, b: Interval) -> bool:
    lo, lo_in = (a[0], a[1]) if (a[0], not a[1]) > (b[0], not b[1]) else (b[0], b[1])
    hi, hi_in = (a[2], a[3]) if (a[2], a[3]) < (b[2], b[3]) else (b[2], b[3])
    return lo < hi or (lo == hi and lo_in and hi_in)


def _kind(interval: Interval) -> str:
    return "number" if interval[0] == interval[2] else "range"


def check_numeric_options(t: ItemText, s: Settings) -> Iterator[Finding]:
    """All-numeric options: overlapping ranges, or numbers mixed with ranges."""
    if len(t.options) < 3:
        return
    parsed = []
    for option in t.options:
        interval = parse_interval(option.plain)
        if interval is None:
            return  # most options: not a number, and then the rest need not be parsed
        parsed.append(interval)
    if len({unit for _, unit in parsed}) > 1:
        return
    intervals = [interval for interval, _ in parsed]
    texts = [o.plain for o in t.options]
    for i in range(len(intervals)):
        for j in range(i + 1, len(intervals)):
            if _overlap(intervals[i], intervals[j]):
                yield Finding(
                    f"options '{texts[i]}' and '{texts[j]}' overlap: two answers can be right; make the ranges "
                    "disjoint, like 10-19 and 20-29",
                    "distractors",
                )
                return
    kinds = sorted({_kind(iv) for iv in intervals})
    if len(kinds) > 1:
        yield Finding(
            f"the options mix single numbers and ranges ({', '.join(texts)}): write them all in one format, "
            "all numbers or all ranges",
            "distractors",
        )


register(
    Rule(
        "numeric-options",
        "numeric options that overlap or are out of order",
        "item",
        CHOICE,
        "Items whose options are all numbers, years, percents or ranges ('10-20%', 'between 5 and 9', 'more than "
        "50', '3 billion') in one unit: any two that overlap fire, and so does a mix of single numbers and "
        "ranges. Order needs no check: quizgen shows all-numeric options in ascending order in every form, "
        "whatever the bank's order and the shuffle setting.",
        "Overlapping ranges make two answers right; numbers out of order add difficulty that has nothing to do "
        "with the reading (guidelines 21 and 22; NBME: numeric options in order and in one format).",
        HAL + ", guidelines 21-22; NBME Item-Writing Guide, 6th ed. (irrelevant difficulty)",
        check_numeric_options,
        fires=(
            Example(
                "overlapping ranges",
                {
                    "prompt": "By how much did aid fall?",
                    "answer": "15-25%",
                    "distractors": ["10-20%", "30-40%"],
                    "quote": "aid fell by about a fifth",
                },
            ),
        ),
        passes=(
            Example(
                "disjoint ranges",
                {
                    "prompt": "By how much did aid fall?",
                    "answer": "10-19%",
                    "distractors": ["20-29%", "30-39%"],
                    "quote": "aid fell by a little over a tenth",
                },
            ),
        ),
    )
)
