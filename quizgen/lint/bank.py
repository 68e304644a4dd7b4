"""Course-level rules: statistics over the bank, near-duplicate items, answers that leak inside a quiz."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence

from quizgen.lint.features import ItemFeatures
from quizgen.lint.options import HAL, NBME
from quizgen.lint.registry import CourseContext, Example, Finding, Rule, Setting, Settings, register


def binomial_upper(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed in log space so large n does not overflow."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)
    total = 0.0
    for i in range(k, n + 1):
        term = math.exp(base - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q)
        total += term
        if i > n * p and term < total * 1e-17:  # past the mode the terms only shrink: the rest is lost in rounding
            break
    return min(1.0, total)


def binomial_two_sided(k: int, n: int, p: float = 0.5) -> float:
    """Two-sided p-value: twice the smaller tail, capped at 1."""
    upper = binomial_upper(k, n, p)
    lower = 1.0 - binomial_upper(k + 1, n, p)
    return min(1.0, 2 * min(upper, lower))


def _names(items: list[ItemFeatures], limit: int = 6) -> str:
    shown = ", ".join(i.id for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


# --- the key is the longest option more often than chance -----------------------------------------------------------


def check_bank_key_longest(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """Across the course's mcq items, the key is strictly the longest option more often than chance."""
    mcq = [f for f in ctx.features if f.key_longest is not None]
    n = len(mcq)
    if n < s["min_n"]:
        return
    longest = [f for f in mcq if f.key_longest]
    chance = sum(1 / f.options for f in mcq) / n
    p_value = binomial_upper(len(longest), n, chance)
    if p_value < s["alpha"]:
        yield Finding(
            f"in {len(longest)} of {n} mcq items ({len(longest) / n:.0%}) the key is the longest option; chance is "
            f"{chance:.0%} (one-sided binomial p = {p_value:.3g} < {s['alpha']:g}): students learn to pick the "
            f"longest option; shorten these keys or lengthen their distractors: {_names(longest)}",
            line=1,
        )


register(
    Rule(
        "bank-key-longest",
        "the key is the longest option more often than chance",
        "course",
        ("mcq",),
        "Counts the mcq items whose key is strictly the longest option (in characters, Markdown stripped) and "
        "tests the count against chance, the mean of 1/(number of options) over the items, with a one-sided "
        "binomial test: fires when p < `alpha` and there are at least `min_n` mcq items. Reported on course.yaml.",
        "A habit no single item shows: when keys are longest in, say, 9 of 20 four-option items (chance 25%), "
        "students learn it. A statistical test, not a fixed percentage, keeps small banks from firing by chance.",
        HAL + ", guideline 24; " + NBME + " (long correct answer); quizgen item-quality notes, section 2.4",
        check_bank_key_longest,
        {
            "alpha": Setting(0.05, 0.0001, 0.5, help="significance level of the one-sided test"),
            "min_n": Setting(8, 2, 10000, integer=True, help="fewer mcq items are not tested"),
        },
        fires=(Example("9 of 20 four-option mcq items have the longest option as key (p = 0.041)"),),
        passes=(Example("7 of 20 four-option mcq items have the longest option as key (p = 0.21)"),),
        allowable=False,
    )
)

# --- true/false balance ---------------------------------------------------------------------------------------


def check_tf_balance(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """The share of true statements among the tf items is far from half (two-sided binomial test)."""
    answers = [f.tf for f in ctx.features if f.tf is not None]
    n, true = len(answers), sum(answers)
    if n < s["min_n"]:
        return
    p_value = binomial_two_sided(true, n)
    if p_value < s["alpha"]:
        more = "true" if true * 2 > n else "false"
        yield Finding(
            f"{true} of {n} true/false items are true ({true / n:.0%}; two-sided binomial p = {p_value:.3g} < "
            f"{s['alpha']:g}): students who answer '{more}' when unsure gain; rewrite some as {'false' if more == 'true' else 'true'} statements",
            line=1,
        )


register(
    Rule(
        "tf-balance",
        "true/false answers far from half true",
        "course",
        ("tf",),
        "The number of tf items whose answer is true, tested against half with a two-sided binomial test: fires "
        "when p < `alpha` and there are at least `min_n` tf items. Reported on course.yaml.",
        "Writers favour true statements (they are easier to write from a reading); a student who always answers "
        "'true' then beats chance without reading.",
        "Bar-Hillel, Budescu & Attali (2005), Scoring and keying multiple choice tests; quizgen item-quality "
        "notes, section 2.2",
        check_tf_balance,
        {
            "alpha": Setting(0.05, 0.0001, 0.5, help="significance level of the two-sided test"),
            "min_n": Setting(8, 2, 10000, integer=True, help="fewer tf items are not tested"),
        },
        fires=(Example("10 of 10 tf items are true (p = 0.002)"),),
        passes=(Example("7 of 10 tf items are true (p = 0.34)"),),
        allowable=False,
    )
)

# --- near-duplicate items ---------------------------------------------------------------------------------------


def _spans_overlap(a: ItemFeatures, b: ItemFeatures) -> bool:
    """Whether two items quote overlapping text of the same paragraph."""
    if a.article != b.article:
        return False
    return any(
        pa == pb and any(s1 < e2 and s2 < e1 for s1, e1 in spans_a for s2, e2 in spans_b)
        for pa, spans_a in a.anchors
        for pb, spans_b in b.anchors
    )


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) if a or b else 0.0


SMALL_BUCKET = 12  # items that share an answer or a paragraph: fewer are compared pair by pair


Related = Callable[[ItemFeatures, ItemFeatures], bool]  # what else two items must share to be duplicates


def _pairwise(
    members: list[ItemFeatures], stems: list[frozenset[str]], threshold: float, related: Related | None
) -> Iterator[tuple[ItemFeatures, ItemFeatures, float]]:
    """(earlier, later, jaccard) for each later item similar to an earlier one, comparing every pair."""
    for position, item in enumerate(members):
        words = stems[position]
        for other, other_words in zip(members[:position], stems[:position], strict=True):
            shared = len(words & other_words)  # _jaccard, inlined: this loop sees every pair of a bucket
            if not shared:
                continue
            score = shared / (len(words) + len(other_words) - shared)
            if score >= threshold and (related is None or related(other, item)):
                yield other, item, score
                break


def _prefixes(stems: list[frozenset[str]], threshold: float) -> list[list[str]]:
    """Each item's rarest prompt words: two word sets this alike must share one of them (prefix filtering)."""
    frequency = Counter(word for words in stems for word in words)
    rank = {word: n for n, word in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    return [
        sorted(words, key=rank.__getitem__)[: len(words) - math.ceil(threshold * len(words)) + 1] for words in stems
    ]


def _similar_pairs(
    members: list[ItemFeatures], stems: list[frozenset[str]], threshold: float, related: Related | None
) -> Iterator[tuple[ItemFeatures, ItemFeatures, float]]:
    """(earlier, later, jaccard) for each later item similar to an earlier one, via prefix filtering."""
    prefixes = _prefixes(stems, threshold)
    index: dict[str, list[int]] = defaultdict(list)  # word -> positions of the earlier items with it in their prefix
    for position, item in enumerate(members):
        seen: set[int] = set()
        for word in prefixes[position]:
            for other in index[word]:
                if other in seen:
                    continue
                seen.add(other)
                score = _jaccard(stems[position], stems[other])
                if score >= threshold and (related is None or related(members[other], item)):
                    yield members[other], item, score
                    break
            else:
                continue
            break
        for word in prefixes[position]:
            index[word].append(position)


def _answer_buckets(features: Sequence[ItemFeatures]) -> list[list[ItemFeatures]]:
    """Items with the same answer, anywhere in the course."""
    by_answer: dict[str, list[ItemFeatures]] = defaultdict(list)
    for item in features:
        if item.answer:
            by_answer[item.answer].append(item)
    return [members for members in by_answer.values() if len(members) > 1]


def _quote_buckets(features: Sequence[ItemFeatures]) -> list[list[ItemFeatures]]:
    """Items quoting the same paragraph of the same article."""
    by_paragraph: dict[tuple[str, int], list[ItemFeatures]] = defaultdict(list)
    for item in features:
        paragraphs = (item.anchors[0][0],) if len(item.anchors) == 1 else sorted({p for p, _ in item.anchors})
        for paragraph in paragraphs:
            by_paragraph[(item.article, paragraph)].append(item)
    return [members for members in by_paragraph.values() if len(members) > 1]


def _alike(
    members: list[ItemFeatures], threshold: float, related: Related | None = None
) -> Iterator[tuple[ItemFeatures, ItemFeatures, float]]:
    """(earlier, later, jaccard): for each later item, the first earlier one alike (and `related`, if given)."""
    stems = [member.prompt_stems() for member in members]
    if len(members) <= SMALL_BUCKET:
        return _pairwise(members, stems, threshold, related)
    # Any order of the bucket's words works for prefix filtering; rarest first prunes most.
    return _similar_pairs(members, stems, threshold, related)


def quote_duplicates(features: Sequence[ItemFeatures], threshold: float) -> tuple[tuple[str, str, float], ...]:
    """(earlier id, later id, jaccard) for items with alike prompts and overlapping quotes. Such items quote one
    article, so this is worked out per bank, when the bank is checked, and cached with it."""
    pairs, reported = [], set()
    for members in _quote_buckets(features):
        # An earlier item alike but quoting elsewhere must not hide one that is alike and overlaps: both are asked
        # of each pair, the similarity first (most pairs fail it, and it is the cheaper test).
        for earlier, later, score in _alike(members, threshold, _spans_overlap):
            if later.id not in reported:
                reported.add(later.id)
                pairs.append((earlier.id, later.id, score))
    return tuple(pairs)


def check_near_duplicate(ctx: CourseContext, s: Settings) -> Iterator[Finding]:
    """Items with similar prompts and the same answer or overlapping quotes."""
    threshold = s["jaccard"]
    by_id = {f.id: f for f in ctx.features}
    found: list[tuple[ItemFeatures, ItemFeatures, float, str]] = []
    reported: set[str] = set()
    for members in _answer_buckets(ctx.features):
        for earlier, later, score in _alike(members, threshold):
            if later.id not in reported:
                reported.add(later.id)
                found.append((earlier, later, score, "the same answer"))
    quoted = ctx.quote_duplicates if ctx.quote_duplicates is not None else quote_duplicates(ctx.features, threshold)
    for earlier_id, later_id, score in quoted:
        if later_id not in reported:
            reported.add(later_id)
            found.append((by_id[earlier_id], by_id[later_id], score, "overlapping quotes"))
    for earlier, later, score, why in found:
        yield Finding(
            f"near-duplicate of item '{earlier.id}' ({earlier.path}:{earlier.line}): prompt words "
            f"{score:.0%} alike (Jaccard) and {why}; one item gives the other away: delete one, or ask about "
            "a different point",
            feature=later,
        )


register(
    Rule(
        "near-duplicate",
        "two items with similar prompts and the same answer or quote",
        "course",
        tuple(sorted({"mcq", "multi", "tf", "short", "numeric", "cloze", "match", "essay", "card"})),
        "Pairs of items anywhere in the course whose prompt word sets (lowercased, plural -s removed) have a "
        "Jaccard similarity of at least `jaccard`, and that have the same answer (not true/false) or quotes "
        "whose spans overlap in the same paragraph. Reported on the later item. Only items sharing an answer or "
        "a paragraph are compared, with prefix filtering, so big courses stay fast.",
        "Two versions of one question in a deck or quiz cue each other and double-count one fact; templated "
        "families ('the first hard truth', 'the third hard truth') differ in answer and quote and do not fire.",
        HAL + ", guideline 4 (keep items independent); ExamEval 'Duplicate Question'",
        check_near_duplicate,
        {"jaccard": Setting(0.8, 0.3, 1.0, help="prompt word-set similarity that counts as near-duplicate")},
        fires=(Example("'What does Feffer call the first hard truth?' twice, in two banks, with the same answer"),),
        passes=(Example("'What is the first hard truth?' and 'What is the third hard truth?' with different answers"),),
    )
)
