"""Stem flaws (negatives, hedges) and the quote-aware checks (copied stems, distractors the quote supports)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.chars import clip
from quizgen.lint.options import HAL, NBME
from quizgen.lint.registry import Example, Finding, ItemText, Rule, Setting, Settings, register
from quizgen.lint.text import STOPWORDS, find_run, longest_run, quoted
from quizgen.markup import _EM, _STRONG
from quizgen.model import TrueFalse

# --- negative stems ---------------------------------------------------------------------------------------

_NEGATIVE = re.compile(
    r"(?<![\w'’])(not|except|least|never|false|incorrect|untrue|cannot|\w+n['’]t)(?![\w'’])", re.IGNORECASE
)
_NEGATIVE_WORDS = frozenset({"not", "except", "least", "never", "false", "incorrect", "untrue", "cannot"})
_NOT_NEGATIVE = re.compile(r"\bat\s+least\b|\bnot\s+only\b|\bor\s+not\b|\bif\s+not\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _masked(text: str, pattern: re.Pattern[str]) -> str:
    """The text with every match of `pattern` blanked out, positions kept."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _emphasised_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for pattern in (_STRONG, _EM) for m in pattern.finditer(text)]


def check_negative_stem(t: ItemText, s: Settings) -> Iterator[Finding]:
    """A negative word in the prompt that is neither bold/italic nor in capitals."""
    if _NEGATIVE_WORDS.isdisjoint(t.prompt.tokens) and "n't" not in t.prompt.plain:
        return  # most prompts: no negative word at all (the tokens are cheaper to look at than the regex)
    raw = t.item.prompt
    searched = _masked(_masked(raw, _QUOTED), _NOT_NEGATIVE)
    spans = _emphasised_spans(raw)
    for match in _NEGATIVE.finditer(searched):
        word = raw[match.start() : match.end()]
        inside = any(a <= match.start() and match.end() <= b for a, b in spans)
        if not inside and not (word.isupper() and len(word) > 1):
            yield Finding(
                f"the prompt turns on the negative '{word}', which is easy to miss: write it as **{word.upper()}** "
                "(or ask the question positively)",
            )
            return


register(
    Rule(
        "negative-stem",
        "a negative word in the prompt that is not emphasised",
        "item",
        ("mcq", "multi", "tf", "short", "numeric"),
        "Whole words not, except, least, never, false, incorrect, untrue, cannot and n't contractions (isn't, "
        "doesn't) in the prompt, outside quotation marks, and not in the phrases 'at least', 'not only', "
        "'or not', 'if not'. A word inside **bold** or *italics*, or written in capitals (NOT), is emphasised "
        "and passes. 'note' and 'another' never match.",
        "Students under time pressure read past 'not' and answer the opposite question: the item measures "
        "attention, not knowledge. Word the stem positively; if a negative is needed, capitalise and bold it "
        "(guideline 17; NBME lists negative stems under irrelevant difficulty).",
        HAL + ", guideline 17; NBME Item-Writing Guide, 6th ed. (irrelevant difficulty)",
        check_negative_stem,
        fires=(
            Example(
                "a plain 'not'",
                {
                    "prompt": "Which is not one of Feffer's hard truths?",
                    "answer": "The U.S. can ignore the North",
                    "distractors": ["The North will keep its weapons", "The regime will not collapse soon"],
                    "quote": "the North will keep its weapons",
                },
            ),
        ),
        passes=(
            Example(
                "an emphasised NOT",
                {
                    "prompt": "Which is **NOT** one of Feffer's hard truths?",
                    "answer": "The U.S. can ignore the North",
                    "distractors": ["The North will keep its weapons", "The regime will survive for now"],
                    "quote": "the North will keep its weapons",
                },
            ),
            Example(
                "'at least' is not a negative",
                {
                    "prompt": "Name at least one thing the North will keep, according to Feffer.",
                    "answer": ["its weapons", "weapons"],
                    "quote": "the North will keep its weapons",
                    "type": "short",
                },
            ),
        ),
    )
)

# --- hedged keys ------------------------------------------------------------------------------------------

HEDGES = frozenset(
    [
        "may",
        "might",
        "can",
        "could",
        "sometimes",
        "often",
        "usually",
        "generally",
        "typically",
        "frequently",
        "occasionally",
        "rarely",
        "seldom",
        "likely",
        "possibly",
        "perhaps",
        "probably",
        "partly",
        "somewhat",
    ]
)


def _hedges(words: tuple[str, ...], t: ItemText) -> list[str]:
    """The hedge words among `words` that the item's quote does not use (it is read only when there are some)."""
    found = HEDGES.intersection(words)
    return sorted(found - t.quote_words) if found else []


def check_hedged_key(t: ItemText, s: Settings) -> Iterator[Finding]:
    """Hedge words only in the key (tf: a hedged statement that is true), unless the quote hedges the same way."""
    if isinstance(t.item.payload, TrueFalse):
        found = _hedges(t.prompt.tokens, t) if t.item.payload.answer else []
        if found:
            yield Finding(
                f"the statement hedges with {quoted(found)} and is true: qualified statements are usually true, "
                "so students guess right; state it plainly or make a hedged statement false",
            )
        return
    in_keys = sorted({w for k in t.keys for w in _hedges(k.tokens, t)})
    if in_keys and t.distractors and all(HEDGES.isdisjoint(d.tokens) for d in t.distractors):
        yield Finding(
            f"only the key hedges with {quoted(in_keys)} (the quote does not): the careful, qualified option "
            "looks right; hedge some distractors too or state the key plainly",
            "answer",
        )


register(
    Rule(
        "hedged-key",
        "only the key hedges (may, often, usually...)",
        "item",
        ("mcq", "multi", "tf"),
        "Whole words " + ", ".join(sorted(HEDGES)) + " in a key when no distractor hedges at all; for tf, a hedge "
        "in a statement whose answer is true. A hedge the item's quote also uses is excused.",
        "Writers qualify the right answer to make it defensible and leave the distractors blunt; testwise "
        "students pick the qualified option (guideline 28; NBME vague terms and 'a correct answer that stands out').",
        HAL + ", guideline 28; " + NBME,
        check_hedged_key,
        fires=(
            Example(
                "only the key says 'may'",
                {
                    "prompt": "What does Barry expect from engagement?",
                    "answer": "It may slowly change the regime",
                    "distractors": ["It will end the regime", "It will make the regime stronger"],
                    "quote": "engagement would gradually change the regime",
                },
            ),
        ),
        passes=(
            Example(
                "the quote hedges the same way",
                {
                    "prompt": "What does Barry expect from engagement?",
                    "answer": "It may slowly change the regime",
                    "distractors": ["It will end the regime", "It will make the regime stronger"],
                    "quote": "engagement may slowly change the regime",
                },
            ),
        ),
    )
)

# --- the stem copies the quote and the key is the missing words ----------------------------------------------------


def _completion(t: ItemText, run: int, gap: int) -> tuple[str, str] | None:
    """The copied run and the key it completes, when the key stands next to a long copied run in the quote."""
    prompt = t.prompt.tokens
    for segment in t.quote_segments:
        spots = [
            (key, core, at) for key in t.keys for core in [key.core or key.tokens] for at in find_run(core, segment)
        ]
        if not spots:  # no key in this passage: nothing to complete (and no need to look for a copied run)
            continue
        start_p, start_q, size = longest_run(prompt, segment, run)
        if not size:
            continue
        for key, core, at in spots:
            after = 0 <= at - (start_q + size) <= gap
            before = 0 <= start_q - (at + len(core)) <= gap
            if after or before:
                return " ".join(prompt[start_p : start_p + size]), key.plain
    return None


def check_verbatim_completion(t: ItemText, s: Settings) -> Iterator[Finding]:
    """The prompt copies a long run of the quote and the key is the words next to it."""
    found = _completion(t, int(s["run"]), int(s["gap"]))
    if found:
        copied, key = found
        words = len(copied.split())
        yield Finding(
            f"the prompt copies {words} words of the quote ('{clip(copied, 60)}') and the key '{clip(key, 60)}' is the "
            "text right next to them: students can match the passage without understanding it; paraphrase the "
            "prompt or ask about what the passage means",
        )


register(
    Rule(
        "verbatim-completion",
        "the prompt copies the quote and the key is the missing words",
        "item",
        ("mcq", "multi", "short", "numeric"),
        "The longest run of consecutive words shared by the prompt and a quoted passage is at least `run` words "
        "long, and a key (its leading and trailing stopwords dropped) stands in the passage within `gap` words "
        "before or after that run. Cloze items and cards are exempt: verbatim recall is their purpose.",
        "A student can answer by recognising the reading's wording around a blank, which tests pattern "
        "matching, not reading: paraphrase textbook language (guideline 3). Verbatim questions are the easiest "
        "kind of match in reading tasks (Anderson 1972; Kirsch and Mosenthal).",
        HAL + ", guideline 3; Anderson (1972), How to construct achievement tests to assess comprehension",
        check_verbatim_completion,
        {
            "run": Setting(8, 3, 100, integer=True, help="consecutive words copied from the quote"),
            "gap": Setting(3, 0, 20, integer=True, help="words allowed between the copied run and the key"),
        },
        fires=(
            Example(
                "a sentence of the quote with its end cut off",
                {
                    "prompt": "Complete: Feffer writes that the United States has been unwilling to accept ___",
                    "answer": "the North's nuclear status",
                    "distractors": ["a peace treaty", "Chinese mediation"],
                    "quote": "Feffer writes that the United States has been unwilling to accept the North's nuclear status",
                },
            ),
        ),
        passes=(
            Example(
                "a paraphrased question",
                {
                    "prompt": "What does Washington refuse to acknowledge, in Feffer's view?",
                    "answer": "the North's nuclear status",
                    "distractors": ["a peace treaty", "Chinese mediation"],
                    "quote": "the United States has been unwilling to accept the North's nuclear status",
                },
            ),
        ),
    )
)

# --- a distractor the quote states as true ---------------------------------------------------------------------

_CONTRAST = frozenset({"not", "rather", "instead", "unlike", "longer", "rejects", "rejected", "neither", "nor", "no"})


def _matched_span(words: tuple[str, ...], segment: tuple[str, ...], window: int) -> int | None:
    """The position in `segment` where `words` start as an in-order subsequence within `window` tokens."""
    for start, word in enumerate(segment):
        if word != words[0]:
            continue
        at, end = 1, min(len(segment), start + window)
        for position in range(start + 1, end):
            if at < len(words) and segment[position] == words[at]:
                at += 1
        if at == len(words):
            return start
    return None


def _supported(t: ItemText, content: tuple[str, ...], s: Settings) -> bool:
    """Whether the quote holds the distractor's content words in order, close together, with no contrast before."""
    window = max(len(content) * 3, len(content) + 4)
    for segment in t.quote_segments:
        start = _matched_span(content, segment, window)
        if start is not None and not _CONTRAST.intersection(segment[max(0, start - int(s["contrast"])) : start]):
            return True
    return False


def check_distractor_in_quote(t: ItemText, s: Settings) -> Iterator[Finding]:
    """A distractor whose content words the item's own quote states, in order."""
    for distractor in t.distractors:
        content = tuple(w for w in distractor.tokens if w not in STOPWORDS)
        if len(content) < s["min_words"]:
            continue
        if _supported(t, content, s):
            yield Finding(
                f"the quote itself says '{clip(' '.join(content), 60)}', the words of distractor "
                f"'{clip(distractor.plain, 60)}': the passage supports a second answer; pick a distractor the "
                "passage rules out",
                "distractors",
            )


register(
    Rule(
        "distractor-in-quote",
        "a distractor that the item's own quote states",
        "item",
        ("mcq", "multi"),
        "A distractor with at least `min_words` content words that all occur in a quoted passage, in the same "
        "order and close together (within three times their number of words), unless a contrast word (not, "
        "rather, instead, unlike, no longer, rejects, neither, nor) stands in the `contrast` words before them.",
        "The quote is the evidence for the key; if it also states a distractor, the item has two defensible "
        "answers (guideline 19: exactly one right answer) and strong students are penalised.",
        HAL + ", guideline 19; NBME Item-Writing Guide, 6th ed. (more than one correct answer)",
        check_distractor_in_quote,
        {
            "min_words": Setting(2, 1, 20, integer=True, help="distractors with fewer content words are skipped"),
            "contrast": Setting(4, 0, 20, integer=True, help="words before the match searched for a contrast word"),
        },
        fires=(
            Example(
                "the quote names the distractor as a cause too",
                {
                    "prompt": "What does Barry say drives the North's policy?",
                    "answer": "Fear for the regime's survival",
                    "distractors": ["Economic desperation", "Chinese pressure"],
                    "quote": "fear for the regime's survival and economic desperation drive its policy",
                },
            ),
        ),
        passes=(
            Example(
                "the quote rejects the distractor",
                {
                    "prompt": "What does Barry say drives the North's policy?",
                    "answer": "Fear for the regime's survival",
                    "distractors": ["Economic desperation", "Chinese pressure"],
                    "quote": "not economic desperation but fear for the regime's survival drives its policy",
                },
            ),
        ),
    )
)
