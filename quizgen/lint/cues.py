"""Cues across the items of one quiz: an answer another item prints, a true/false statement that asserts what
another item asks, a match pair that explains what another item asks, a number that stands in a name."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from quizgen.lint.features import ItemFeatures
from quizgen.lint.options import HAL, NBME
from quizgen.lint.registry import CourseContext, Example, Finding, Rule, Setting, Settings, register
from quizgen.lint.text import NUMBER_WORDS, STOPWORDS, stem

RECALL = ("short", "cloze", "numeric")  # answers typed, not chosen: seeing them anywhere on the form helps
STATED = ("prompt", "statement", "cloze text", "essay prompt", "pair")  # what a form states, not offers
ASSERTED = (*STATED, "explanation")  # and what the feedback states, after the answer


def _label(kind: str, words: str) -> str:
    """A shown text as a message names it: its kind, and for an option or pair its words."""
    return f"option '{words}'" if kind in ("key", "option") else f"pair '{words}'" if kind == "pair" else kind


KEEP_APART = "reword one, or keep the two in different quizzes"
TOPIC = Setting(0.3, 0.05, 1.0, help="words in this share of the quiz's items are its topic, no cue")


def on_forms(ctx: CourseContext, group: int) -> str:
    """Where the items of one group of `ctx.quizzes` meet: 'on forms A and B of quiz ...'."""
    return f"on {ctx.where[group]}" if group < len(ctx.where) else f"in quiz '{ctx.quizzes[group][0]}'"


def _where(item: ItemFeatures) -> str:
    return f"'{item.id}' ({item.path}:{item.line})"


# --- an answer that another item prints ------------------------------------------------------------------------


def check_answer_leak(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """Item B shows item A's answer (in its prompt, options, pairs, statement or explanation), both in one quiz."""
    reported: set[tuple[str, str]] = set()
    minimum = int(s["min_words"])
    for group, (_, members) in enumerate(ctx.quizzes):
        index: dict[str, list[tuple[ItemFeatures, tuple[str, ...]]]] = defaultdict(list)
        rare = None  # a one-word typed answer counts where only one other item of the quiz shows the word
        for item in members:
            for core, content in item.leak_cores:
                if content >= minimum:
                    index[core[0]].append((item, core))
                elif len(core) == 1 and item.type in RECALL and s["rare_words"]:
                    rare = rare if rare is not None else _showing(members)
                    if len(rare[core[0]] - {item.id}) == 1:
                        index[core[0]].append((item, core))
        if not index:
            continue
        for item in members:
            for kind, shown in item.shown():
                words = shown.split()
                for at, word in enumerate(words):
                    for source, core in index.get(word, ()):
                        pair = (source.id, item.id)
                        if source.id == item.id or pair in reported or words[at : at + len(core)] != list(core):
                            continue
                        if source.type not in RECALL and kind not in ASSERTED:
                            continue  # an option offers a phrase, it does not say it is right
                        reported.add(pair)
                        yield Finding(
                            f"its {_label(kind, shown)} contains '{' '.join(core)}', the answer of item {_where(source)}, and both "
                            f"are {on_forms(ctx, group)}: one item answers the other; {KEEP_APART}",
                            feature=item,
                        )


def _showing(members: list[ItemFeatures]) -> dict[str, set[str]]:
    """Each word, and the items of the quiz whose shown texts hold it."""
    items: dict[str, set[str]] = defaultdict(set)
    for item in members:
        for _, words in item.shown():
            for word in words.split():
                items[word].add(item.id)
    return items


register(
    Rule(
        "answer-leak",
        "an item shows the answer of another item of the same quiz",
        "course",
        ("mcq", "multi", "tf", "short", "numeric", "cloze", "match", "essay"),
        "For every quiz plan: an answer (mcq/multi key, short accepted answer, cloze deletion or one of its "
        "alternatives, a numeric answer of three digits or more) with at least `min_words` content words, its "
        "leading and trailing stopwords dropped (or, with `rare_words`, a one-word short or cloze answer that only "
        "one other item of the quiz shows), that occurs word for word in a text another item of the same quiz "
        "shows: its prompt, true/false statement, cloze text (deletions hidden), essay prompt, match pairs or "
        "explanation, and for typed answers (short, cloze, numeric) its options too (an mcq key offered as another "
        "item's option is no cue: options are not asserted). Reported on the item that gives the answer away, "
        "naming the other item and the forms both are on.",
        "Items must be independent: one must not cue another (guideline 4; NBME 'hinged' items). Only items "
        "that land in one quiz can cue each other, so the check runs on the quiz plans.",
        HAL + ", guideline 4; NBME Item-Writing Guide, 3rd ed. checklist (items hinged to a related item)",
        check_answer_leak,
        {
            "min_words": Setting(2, 1, 20, integer=True, help="answers with fewer content words are not distinctive"),
            "rare_words": Setting(1, 0, 1, integer=True, help="1: a one-word typed answer counts where rare"),
        },
        fires=(
            Example(
                "item A's key 'the Agreed Framework' appears in item B's prompt 'Why did the Agreed Framework collapse?'"
            ),
            Example("a short answer 'Macao bank' printed as a distractor of an mcq on the same quiz"),
            Example("a match pair 'Joint Statement' -> 'signed in 2005' beside a numeric item whose answer is 2005"),
        ),
        passes=(
            Example("the same two items in different quizzes, or item A's key is the single word 'Seoul'"),
            Example("an mcq key 'economic absorption' offered as a distractor of another mcq"),
        ),
    )
)

# --- a true/false statement and another item that assert the same thing ----------------------------------------


def _root(word: str) -> str:
    """A word's first six letters, plural and possessive gone: 'resigned' and 'resign', 'ministries' and
    'ministers' meet; a rough root, enough to tell whether two short texts say the same thing."""
    return stem(word).removesuffix("'s")[:6]


def _content(words: str) -> frozenset[str]:
    """The roots of a text's content words."""
    return frozenset(_root(w) for w in words.split() if w not in STOPWORDS)


def _common_words(members: list[ItemFeatures], share: float) -> frozenset[str]:
    """Stems in at least `share` of the quiz's items: the topic every item shares ('north', 'korea'), no cue."""
    counts = Counter(w for item in members for w in _content(item.prompt_words) | _content(item.key_words()))
    floor = max(3, share * len(members))
    return frozenset(w for w, n in counts.items() if n >= floor)


def check_presupposed(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """A text another item asserts that singles out an item's key; a prompt that asserts a tf statement."""
    reported: set[tuple[str, str]] = set()  # pools: a pair that meets on several forms is reported on the first
    for group, (_, members) in enumerate(ctx.quizzes):
        common = _common_words(members, s["common"])
        said = [[(kind, _content(words) - common) for kind, words in m.shown() if kind in STATED] for m in members]
        index: dict[str, set[int]] = defaultdict(set)  # root -> the members that assert it
        for n, texts in enumerate(said):
            for _, roots in texts:
                for root in roots:
                    index[root].add(n)
        for item in members:
            key_words = item.key_words()
            if not key_words:
                continue
            key = _content(key_words) - common
            if len(key) < 2:
                continue
            hits = Counter(n for root in key for n in index.get(root, ()))
            for n in sorted(n for n, count in hits.items() if count >= 2 and members[n] is not item):
                other = members[n]
                if (item.id, other.id) in reported:
                    continue
                for where, roots in said[n]:
                    shared = key & roots
                    rivals = max((len(_content(d) & roots) for d in item.distractor_words()), default=0)
                    if len(shared) >= 2 and len(shared) > s["share"] * len(key) and len(shared) > rivals:
                        reported.add((item.id, other.id))
                        yield Finding(
                            f"the {where} of item {_where(other)} says what this item's key says "
                            f"({', '.join(sorted(shared))}) and no distractor does; both are {on_forms(ctx, group)}: "
                            f"it gives the answer away; {KEEP_APART}",
                            feature=item,
                        )
                        break
        for tf_at, tf in enumerate(members):
            if tf.type != "tf" or not said[tf_at] or len(statement := said[tf_at][0][1]) < 3:
                continue
            for other in members:
                if other is tf or other.type == "tf":
                    continue
                asserted = statement & _content(other.prompt_words)
                if len(asserted) >= s["cover"] * len(statement) and (other.id, tf.id) not in reported:
                    reported.add((other.id, tf.id))
                    yield Finding(
                        f"this item's prompt asserts most of what the true/false item {_where(tf)} asks "
                        f"({', '.join(sorted(asserted))}); both are {on_forms(ctx, group)}: the prompt answers "
                        f"the statement; {KEEP_APART}",
                        feature=other,
                    )


register(
    Rule(
        "presupposed-answer",
        "two items of the same quiz presuppose each other's answers",
        "course",
        ("mcq", "multi", "short", "tf"),
        "For every quiz plan: an mcq/multi key or first short answer whose content words (roots: 'resigned' meets "
        "'resign') another item asserts, in its prompt, true/false statement, cloze text, essay prompt or match "
        "pairs (not its explanation, read after answering): at least two of them, more than `share` of the key's, "
        "and more than any distractor shares with that text. And a true/false statement of three or more content words of which another item's prompt "
        "holds at least `cover`. Words in at least `common` of the quiz's items (the topic: 'North', 'Korea') do "
        "not count. Reported on the item whose answer is given away.",
        "A statement that asserts (or denies) what an mcq asks tells the student which option is right, and a "
        "question that takes a fact for granted ('the commission that measures the inflow') answers an item that "
        "asks it: the two measure one thing twice and cue each other (guideline 4; NBME 'hinged' items). A "
        "paraphrase defeats word-for-word leak checks, so this compares content words.",
        HAL + ", guideline 4; " + NBME,
        check_presupposed,
        {
            "share": Setting(0.5, 0.1, 1.0, help="share of the key's content words the other text must hold"),
            "cover": Setting(0.75, 0.3, 1.0, help="share of the statement's content words a prompt must assert"),
            "common": TOPIC,
        },
        fires=(
            Example(
                "tf 'Washington, like Seoul, is bound to have some relationship with Pyongyang' beside an mcq keyed "
                "'Seoul has to have some relationship with Pyongyang; Washington can look elsewhere'"
            ),
        ),
        passes=(Example("the same two items in different quizzes, or a tf statement about another point"),),
    )
)

# --- a match pair that explains what another item asks ----------------------------------------------------------


def check_match_gloss(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """A match item's left-hand phrase appears in another item's prompt: its pair explains what that item asks."""
    minimum = int(s["min_words"])
    reported: set[tuple[str, str, str]] = set()
    for group, (_, members) in enumerate(ctx.quizzes):
        matches = [m for m in members if any(phrase for _, _, phrase in m.pairs)]
        common = _common_words(members, s["common"]) if matches else frozenset()
        for match in matches:
            for left, right, is_phrase in match.pairs:
                phrase = left.split()
                if not is_phrase or len(phrase) < minimum or _content(left) <= common:  # topic words are no phrase
                    continue
                for other in members:
                    if other is match or (match.id, other.id, left) in reported:
                        continue
                    asked = other.prompt_words.split()
                    if any(asked[i : i + len(phrase)] == phrase for i in range(len(asked) - len(phrase) + 1)):
                        reported.add((match.id, other.id, left))
                        yield Finding(
                            f"its pair '{left}' -> '{right}' explains a phrase that item {_where(other)} asks about; "
                            f"both are {on_forms(ctx, group)}: the pair answers it; {KEEP_APART}",
                            feature=match,
                        )
                        break


register(
    Rule(
        "match-gloss",
        "a match pair explains a phrase another item of the same quiz asks about",
        "course",
        ("match",),
        "For every quiz plan: a matching item's left-hand side of at least `min_words` words that occurs word for "
        "word in the prompt of another item of the quiz (an essay or short question about that phrase), unless its "
        "words are the quiz's topic (each in at least `common` of its items, like 'North Korea'). Reported on the "
        "matching item.",
        "A matching item prints its pairs on the form: when another item asks what a phrase means, the pair beside "
        "it is the answer (guideline 4).",
        HAL + ", guideline 4",
        check_match_gloss,
        {
            "min_words": Setting(2, 1, 10, integer=True, help="shorter left-hand sides (a single name) do not count"),
            "common": TOPIC,
        },
        fires=(
            Example(
                "pairs 'win the battle' -> 'Narrowing the North's room for maneuver' beside an essay asking what "
                "Barry means by 'win the battle'"
            ),
        ),
        passes=(Example("the same pairs in a quiz without the essay"),),
    )
)

# --- a number that stands in a name ---------------------------------------------------------------------------


def check_number_in_name(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """A numeric answer that the name of what it counts gives away ('Six Party Talks' -> 6)."""
    numeric = [f for f in ctx.features if f.type == "numeric" and f.answer and f.answer.isdigit()]
    if not numeric:
        return
    quizzes_of: dict[str, list[tuple[int, list[ItemFeatures]]]] = defaultdict(list)
    for group, (_, members) in enumerate(ctx.quizzes):
        for member in members:
            if member.type == "numeric":
                quizzes_of[member.id].append((group, members))
    for item in numeric:
        value, asked = int(item.answer or 0), _counted(item.prompt_words)
        named = sorted({w for n, w in item.quote_names if n == value and _root(w) in asked})
        if named:
            yield Finding(
                f"the answer {value} is part of a name ('{value} {named[0]}...'), so a student who knows the name "
                "answers without the reading: ask about something the reading alone says",
                feature=item,
            )
            continue
        for group, members in quizzes_of[item.id]:
            spelt = _spelt(value)
            other = next((m for m in members if m is not item and _counts(m, spelt, asked)), None)
            if other is not None:
                yield Finding(
                    f"item {_where(other)} prints the answer {value} beside what this item counts, and both are "
                    f"{on_forms(ctx, group)}: {KEEP_APART}",
                    feature=item,
                )
                break


def _counted(words: str) -> frozenset[str]:
    """What a 'how many X' prompt counts: the stem of X ('parties' -> 'party'), or nothing."""
    tokens = words.split()
    return frozenset(
        _root(tokens[i + 2]) for i in range(len(tokens) - 2) if tokens[i] == "how" and tokens[i + 1] in ("many", "much")
    )


def _spelt(value: int) -> frozenset[str]:
    """A number as a text's tokens may hold it: in digits, or spelt out."""
    return frozenset({str(value)} | {word for word, n in NUMBER_WORDS.items() if n == value})


def _counts(item: ItemFeatures, spelt: frozenset[str], asked: frozenset[str]) -> bool:
    """Whether a text the item shows puts the number right before what is counted ('six-party', 'nine engineers')."""
    for _, words in item.shown():
        tokens = words.split()
        if not spelt.isdisjoint(tokens) and any(
            w in spelt and _root(following) in asked for w, following in zip(tokens, tokens[1:], strict=False)
        ):
            return True
    return False


register(
    Rule(
        "number-in-name",
        "a numeric answer that a name gives away",
        "course",
        ("numeric",),
        "A numeric item asking 'how many X' whose whole-number answer is written into a name with X in the item's "
        "quote, spelt out and capitalised ('Six Party Talks') or joined by a hyphen ('six-party talks'); or printed "
        "right before X by another item of the same quiz ('the six-party talks', 'the nine engineers').",
        "A student who knows the name answers without reading: the item measures general knowledge, not the "
        "reading (NBME: items answerable without the stem).",
        NBME,
        check_number_in_name,
        fires=(Example("'How many parties are the talks named for?' (6), quoting 'the Six Party Talks'"),),
        passes=(Example("'How many meetings in Berlin?' (3), quoting 'three bilateral meetings in Berlin'"),),
    )
)
