"""Synthetic courses for benchmarks and tests: many articles, 50 items each, quotes drawn from real readings."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
READINGS = sorted((REPO / "items").glob("*/article.txt"))
TYPES = ("mcq", "mcq", "mcq", "multi", "tf", "tf", "short", "numeric", "cloze", "match", "essay", "card")


def _body(path: Path) -> tuple[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    return front + "\n---\n", [p for p in body.strip().split("\n\n") if p.strip()]


_LONG_WORD = re.compile(r"\b([a-z]{7,})\b")


def _variant(paragraph: str, number: int) -> str:
    """The paragraph as article `number` has it: long words carry the article's mark, so that the articles of a
    synthetic course differ as real readings do (copies would make every item a near-duplicate of 400 others)."""
    return _LONG_WORD.sub(lambda m: f"{m.group(1)}{_mark(number)}", paragraph)


def _mark(number: int) -> str:
    letters = "abcdefghij"
    return "".join(letters[int(d)] for d in str(number))


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s.split()) >= 6]


def make_item(rng: random.Random, item_id: str, quote: str) -> dict:
    """One item of a random type whose quote is `quote` (a run of words from the article)."""
    words = quote.split()
    item_type = rng.choice(TYPES)
    stem = f"In {item_id}, according to the reading, {' '.join(words[:8])} what?"  # each item asks its own question
    item: dict = {"id": item_id, "type": item_type, "prompt": stem}
    option = lambda n: " ".join(rng.sample(words, min(4, len(words)))) + f" {n}"  # noqa: E731
    if item_type == "mcq":
        item |= {"answer": option("key"), "distractors": [option(f"d{i}") for i in range(3)]}
    elif item_type == "multi":
        item |= {"answer": [option("k1"), option("k2")], "distractors": [option("d1"), option("d2")]}
    elif item_type == "tf":
        item["answer"] = rng.random() < 0.5
    elif item_type == "short":
        item["answer"] = [words[-1].strip(".,;:"), f"{words[0]} {words[1]}"]
    elif item_type == "numeric":
        item |= {"answer": rng.randint(1, 2000), "tolerance": rng.choice([0, 1, 5])}
    elif item_type == "cloze":
        item["prompt"] = " ".join(words[:3]) + " {{c1::" + words[3] + "}} " + " ".join(words[4:])
    elif item_type == "match":
        item["answer"] = {f"{words[i]} {i}": f"{words[-1 - i]} {i}" for i in range(3)}
    else:
        item["answer"] = " ".join(words)
    item["quote"] = quote
    item["explain"] = "Synthetic explanation."
    item["tags"] = ["synthetic", item_type]
    return item


def write_course(root: Path, articles: int, items_per_article: int = 50, seed: int = 1) -> Path:
    """Write a course of `articles` articles (copies of the example readings) to `root`."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    sources = [_body(path) for path in READINGS]
    for number in range(articles):
        front, paragraphs = sources[number % len(sources)]
        front = re.sub(r"^title: (.*)$", rf"title: \1 ({number + 1})", front, count=1, flags=re.M)  # titles differ
        paragraphs = [_variant(p, number) for p in paragraphs]
        slug = f"article-{number:04d}"
        (root / slug).mkdir(exist_ok=True)
        (root / slug / "article.txt").write_text(front + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        sentences = [s for p in paragraphs for s in _sentences(p)]
        bank = []
        for index in range(items_per_article):
            sentence = rng.choice(sentences).split()
            start = rng.randint(0, max(0, len(sentence) - 6))
            quote = " ".join(sentence[start : start + rng.randint(6, 14)])
            bank.append(make_item(rng, f"{slug}-{index:03d}", quote))
        (root / slug / "items.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), "utf-8")
    course = {
        "id": "synthetic",
        "title": "Synthetic course",
        "quizzes": [{"id": "exam", "title": "Exam", "articles": "all", "count": min(40, articles * 10), "forms": 3}],
    }
    (root / "course.yaml").write_text(yaml.safe_dump(course, sort_keys=False), encoding="utf-8")
    return root


def clear_cache(course: Path) -> None:
    """Forget what checks kept of the course (in the user's cache folder), for a cold check or build."""
    from quizgen.reading.cache import ReadingCache

    shutil.rmtree(ReadingCache(course, {}).folder, ignore_errors=True)
