"""A course with markup, a CDATA end and a template expression in every text field it has: course and quiz
metadata, article front matter and paragraphs, and every field of every item type."""

from __future__ import annotations

import json
from pathlib import Path

SCRIPT = "<script>window.pwned=1</script>"
IMAGE = "<img src=x onerror=window.pwned=2>"
PAYLOAD = f"{SCRIPT} {IMAGE} ]]> {{{{ 7*7 }}}}"  # what every field carries, after a label naming the field
SLUG = "hostile"
TAG = "<b>tag</b>"


def hostile(label: str) -> str:
    """The text of the field `label`: its label, then the payload."""
    return f"{label} {PAYLOAD}"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


# Passages of the article, each quoted by one item (quotes must stand in the article).
PASSAGES = [hostile(f"passage-{n}") for n in range(1, 10)]

ITEMS = f"""
- id: h-mcq
  type: mcq
  prompt: {_q(hostile("mcq-prompt"))}
  answer: {_q(hostile("mcq-answer"))}
  distractors: [{_q(hostile("mcq-wrong-1"))}, {_q(hostile("mcq-wrong-2"))}]
  quote: {_q(PASSAGES[0])}
  explain: {_q(hostile("mcq-explain"))}
  tags: [{_q(TAG)}]
- id: h-multi
  type: multi
  prompt: {_q(hostile("multi-prompt"))}
  answer: [{_q(hostile("multi-answer-1"))}, {_q(hostile("multi-answer-2"))}]
  distractors: [{_q(hostile("multi-wrong-1"))}]
  quote: {_q(PASSAGES[1])}
  explain: {_q(hostile("multi-explain"))}
- id: h-tf
  type: tf
  prompt: {_q(hostile("tf-prompt"))}
  answer: true
  quote: {_q(PASSAGES[2])}
  explain: {_q(hostile("tf-explain"))}
- id: h-short
  type: short
  prompt: {_q(hostile("short-prompt"))}
  answer: [{_q(hostile("short-answer"))}]
  quote: {_q(PASSAGES[3])}
- id: h-numeric
  type: numeric
  prompt: {_q(hostile("numeric-prompt"))}
  answer: 49
  quote: {_q(PASSAGES[4])}
  explain: {_q(hostile("numeric-explain"))}
- id: h-cloze  # `{{ ` in a cloze prompt is a deletion, so this prompt carries the rest of the payload
  type: cloze
  prompt: {_q(f"cloze-prompt {SCRIPT} {IMAGE} ]]> {{{{c1::cloze-answer <b>x</b> ]]>::cloze-hint <i>y</i>}}}}.")}
  quote: {_q(PASSAGES[5])}
- id: h-match
  type: match
  prompt: {_q(hostile("match-prompt"))}
  answer:
    {_q(hostile("match-left-1"))}: {_q(hostile("match-right-1"))}
    {_q(hostile("match-left-2"))}: {_q(hostile("match-right-2"))}
    {_q(hostile("match-left-3"))}: {_q(hostile("match-right-3"))}
  quote: {_q(PASSAGES[6])}
- id: h-essay
  type: essay
  prompt: {_q(hostile("essay-prompt"))}
  answer: {_q(hostile("essay-answer"))}
  quote: {_q(PASSAGES[7])}
- id: h-card
  type: card
  prompt: {_q(hostile("card-front"))}
  answer: {_q(hostile("card-back"))}
  quote: {_q(PASSAGES[8])}
"""

COURSE = f"""id: hostile-course
title: {_q(hostile("course-title"))}
code: {_q(hostile("course-code"))}
term: {_q(hostile("course-term"))}
instructor: {_q(hostile("course-instructor"))}
quizzes:
  - id: hostile-quiz
    title: {_q(hostile("quiz-title"))}
    articles: [{SLUG}]
    instructions: {_q(hostile("quiz-instructions"))}
"""

ARTICLE = (
    f"""---
title: {_q(hostile("article-title"))}
author: {_q(hostile("article-author"))}
source: {_q(hostile("article-source"))}
date: "2026"
---
"""
    + "\n\n".join(PASSAGES)
    + "\n"
)


def write_hostile_course(folder: Path) -> Path:
    """Write the course into `folder` and return it."""
    (folder / SLUG).mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE, encoding="utf-8")
    (folder / SLUG / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / SLUG / "items.yaml").write_text(ITEMS, encoding="utf-8")
    return folder
