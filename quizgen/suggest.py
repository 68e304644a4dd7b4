"""`quizgen suggest-quotes`: for each item without a quote, the article's passage that best supports its answer.

Passages are the article's sentences, runs of two or three sentences within a paragraph, and its paragraphs;
each is ranked against the item's prompt and key with Okapi BM25 (a few lines over the article's own
paragraphs: one article is a few hundred passages, too small to need an index library). The best is written
into items.yaml as a commented `# quote:` line that the instructor accepts by uncommenting it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizgen.atomic import write_atomic
from quizgen.diagnostics import Report
from quizgen.errors import UserError
from quizgen.markup import to_plain
from quizgen.model import Article
from quizgen.reading.article import load_article
from quizgen.reading.fields import ID_PATTERN
from quizgen.reading.yamlfile import YamlFileError, YamlList, YamlMap, parse_list, read_text

K1, B = 1.2, 0.75
WINDOW = 3  # the longest run of sentences a suggestion may be
_WORD = re.compile(r"\w+", re.UNICODE)
# A sentence ends at . ! or ? (and any closing quotes or brackets) before a capital, but not after an initial
# or an abbreviation ("U.S. Assistant", "Mr. Kim", "Feb. 13").
_SENTENCE_END = re.compile(
    r"(?<![ .][A-Z]\.)(?<!\b(?:Mr|Ms|Dr|St|No|Jr|Sr)\.)(?<!\b(?:Mrs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Gen|Sen|Rep|Gov|Col)\.)(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z])"
)
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# fmt: off
STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
    "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "there",
    "their", "they", "them", "he", "she", "his", "her", "we", "our", "you", "your", "i", "not", "no", "nor", "so",
    "than", "then", "too", "very", "can", "will", "would", "should", "could", "may", "might", "must", "do", "does",
    "did", "has", "have", "had", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all",
    "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own", "same", "into", "over",
    "under", "again", "further", "once", "about", "against", "between", "through", "during", "before", "after",
    "above", "below", "up", "down", "out", "off", "according",
})
# fmt: on


@dataclass(frozen=True)
class Passage:
    paragraph: int
    text: str


@dataclass(frozen=True)
class Ranked:
    passage: Passage
    score: float  # 0..1: the BM25 score over the best a passage could score for the query


def words(text: str) -> list[str]:
    """Lowercase word tokens without stopwords, with a crude plural/-ed/-ing folding."""
    tokens = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        tokens.append(word)
    return tokens


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def passages(article: Article) -> list[Passage]:
    """Every sentence of the article, every run of up to WINDOW sentences inside one paragraph, every paragraph."""
    found = []
    for paragraph in article.paragraphs:
        parts = sentences(paragraph.text)
        for size in range(1, min(WINDOW, len(parts) - 1) + 1):
            for start in range(len(parts) - size + 1):
                found.append(Passage(paragraph.number, _join(paragraph.text, parts[start : start + size])))
        found.append(Passage(paragraph.number, paragraph.text))
    return found


def _join(paragraph: str, parts: list[str]) -> str:
    """Consecutive sentences as the paragraph writes them (the spacing between them kept)."""
    start = paragraph.find(parts[0])
    end = paragraph.find(parts[-1], start) + len(parts[-1])
    return paragraph[start:end] if start >= 0 and end >= start else " ".join(parts)


class Ranker:
    """Okapi BM25 over an article's passages."""

    def __init__(self, article: Article) -> None:
        self.passages = passages(article)
        self.tokens = [Counter(words(p.text)) for p in self.passages]
        self.lengths = [sum(t.values()) for t in self.tokens]
        self.average = sum(self.lengths) / max(len(self.lengths), 1)
        frequency = Counter(term for tokens in self.tokens for term in tokens)
        n = len(self.passages)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def rank(self, query: str) -> list[Ranked]:
        terms = Counter(words(query))
        if not terms:
            return []
        best = sum(self.idf.get(t, 0.0) * (K1 + 1) * q for t, q in terms.items()) or 1.0
        ranked = []
        for passage, tokens, length in zip(self.passages, self.tokens, self.lengths, strict=True):
            norm = K1 * (1 - B + B * length / self.average)
            score = sum(
                self.idf.get(t, 0.0) * q * tokens[t] * (K1 + 1) / (tokens[t] + norm)
                for t, q in terms.items()
                if t in tokens
            )
            if score > 0:
                ranked.append(Ranked(passage, min(score / best, 1.0)))
        ranked.sort(key=lambda r: (-r.score, r.passage.paragraph, len(r.passage.text)))
        return ranked


def query_of(entry: YamlMap) -> str:
    """What an item asks and answers: its prompt (cloze deletions filled in) and its key."""
    prompt = entry.get("prompt") if isinstance(entry.get("prompt"), str) else ""
    prompt = _CLOZE.sub(lambda m: m.group(1), prompt)
    answer = entry.get("answer")
    key: list[str] = []
    if isinstance(answer, str) and answer.strip().lower() not in ("true", "false"):
        key = [answer]
    elif isinstance(answer, YamlList):
        key = [a for a in answer if isinstance(a, str)]
    elif isinstance(answer, YamlMap):
        key = [t for pair in answer.items() for t in pair if isinstance(t, str)]
    return to_plain(" ".join([prompt, *key]))


@dataclass(frozen=True)
class Suggestion:
    item: str
    best: Ranked | None
    others: tuple[int, ...]  # the paragraphs of the next best passages
    accepted: bool


@dataclass(frozen=True)
class Suggested:
    path: Path
    suggestions: tuple[Suggestion, ...]


_SUGGESTION = re.compile(r"^\s*# quote: .*  # \u00b6\d+, score [\d.]+\s*$")
_EMPTY_QUOTE = re.compile(r"^\s*quote:\s*(?:#.*)?$")
_ITEM_START = re.compile(r"^(\s*)-\s+")


def suggest_quotes(course: Path, slug: str, accept_above: float | None = None) -> Suggested:
    """Write the best passage for each quoteless item of the bank into its items.yaml (commented, unless its
    score is above `accept_above`); the user's other lines, comments and layout stay as they are."""
    if not ID_PATTERN.match(slug):
        raise UserError(f"invalid slug {slug!r}: use lowercase letters, digits and '-'")
    bank, article_path = course / slug / "items.yaml", course / slug / "article.txt"
    report = Report()
    article = load_article(article_path, slug, report) if article_path.exists() else None
    if article is None:
        why = "; ".join(d.format() for d in report.errors) or f"{article_path} does not exist"
        raise UserError(
            f"no article to find quotes in: {why}; import it with `quizgen import-article RAW --slug {slug}`"
        )
    try:
        text = read_text(bank, course)
        tree, _ = parse_list(text)
    except YamlFileError as exc:
        raise UserError(f"{bank}:{exc.problem.line}: {exc.problem.message}") from None
    except OSError as exc:
        raise UserError(f"cannot read {bank}: {exc.strerror}") from None
    if tree is None:  # only comments: no item yet
        return Suggested(bank, ())
    if not isinstance(tree, YamlList):
        raise UserError(f"{bank}: items.yaml must be a list of items, each starting with '- id: ...'")
    lines = text.split("\n")
    ranker = Ranker(article)
    starts = list(tree.lines) + [len(lines) + 1]
    edits: list[tuple[int, int, list[str]]] = []  # (first line index, lines replaced, new lines), bottom first
    suggestions = []
    for index, entry in enumerate(tree):
        if not isinstance(entry, YamlMap) or entry.get("quote") is not None or not isinstance(entry.get("id"), str):
            continue
        ranked = ranker.rank(query_of(entry))
        best = ranked[0] if ranked else None
        others = tuple(
            dict.fromkeys(
                r.passage.paragraph for r in ranked[1:] if best and r.passage.paragraph != best.passage.paragraph
            )
        )[:2]
        accepted = best is not None and accept_above is not None and best.score > accept_above
        suggestions.append(Suggestion(entry["id"], best, others, accepted))
        edits.extend(_edits(lines, starts[index] - 1, starts[index + 1] - 1, entry, best, accepted))
    for first, count, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[first : first + count] = new
    if edits:
        write_atomic(bank, "\n".join(lines).encode("utf-8"))
    return Suggested(bank, tuple(suggestions))


def _edits(lines: list[str], start: int, end: int, entry: YamlMap, best: Ranked | None, accepted: bool):
    """The edits for one item (lines start..end-1): its old suggestion removed, the new one added."""
    edits = [(n, 1, []) for n in range(start, end) if _SUGGESTION.match(lines[n])]
    if best is None:
        return edits
    indent = " " * len(_ITEM_START.match(lines[start]).group(0)) if _ITEM_START.match(lines[start]) else "  "
    value = json.dumps(best.passage.text, ensure_ascii=False)
    line = f"{indent}{'' if accepted else '# '}quote: {value}  # \u00b6{best.passage.paragraph}, score {best.score:.2f}"
    empty = entry.key_lines.get("quote")  # an empty `quote:` line: the suggestion stands in its place
    if empty is not None and _EMPTY_QUOTE.match(lines[empty - 1]):
        return [*edits, (empty - 1, 1, [line])]
    last = end - 1
    while last > start and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    return [*edits, (last + 1, 0, [line])]


def format_report(result: Suggested) -> str:
    out = []
    for s in result.suggestions:
        if s.best is None:
            out.append(f"  {s.item}: no passage shares a word with the item; find its quote in the article")
            continue
        also = f" (next: {', '.join(f'¶{p}' for p in s.others)})" if s.others else ""
        verb = "accepted" if s.accepted else "suggested"
        out.append(f"  {s.item}: {verb} ¶{s.best.passage.paragraph}, score {s.best.score:.2f}{also}")
    accepted = sum(s.accepted for s in result.suggestions)
    head = f"{result.path}: {len(result.suggestions)} items without a quote"
    if not result.suggestions:
        return f"{head}: nothing to suggest"
    tail = "uncomment each '# quote:' line that is right (or write the right passage), then run `quizgen check`"
    summary = f"{head}; {accepted} accepted above the score given" if accepted else head
    return "\n".join([summary, *out, tail])
