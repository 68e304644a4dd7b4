"""The fields of each course file: course.yaml and its quizzes, items.yaml's items, article.txt's front matter.

The readers check against these lists, and the YAML layer reads them to tell a field line from text."""

from __future__ import annotations

COURSE_FIELDS = ("id", "title", "code", "term", "instructor", "page_size", "articles", "quizzes", "lint")
QUIZ_FIELDS = (
    "id",
    "title",
    "articles",
    "count",
    "types",
    "per_type",
    "forms",
    "seed",
    "points",
    "time_limit",
    "shuffle",
    "page_size",
    "answer_sheet",
    "instructions",
    "pools",
    "show_correct_answers",
    "model_answers",
)
POOL_FIELDS = ("articles", "types", "pick", "points")
MODEL_ANSWERS = ("graders", "students")  # who sees an essay's model answer
DISTRACTOR_FIELDS = ("text", "why", "quote")
PAGE_SIZES = ("letter", "a4")
FRONT_MATTER_KEYS = ("title", "author", "source", "date")
COMMON_FIELDS = ("id", "type", "prompt", "quote", "explain", "tags", "difficulty", "points", "allow")
TYPE_FIELDS: dict[str, tuple[str, ...]] = {  # the fields each item type takes beside the common ones
    "mcq": ("answer", "distractors", "shuffle"),
    "multi": ("answer", "distractors", "shuffle"),
    "tf": ("answer",),
    "short": ("answer",),
    "numeric": ("answer", "tolerance"),
    "cloze": (),
    "match": ("answer", "shuffle"),
    "order": ("answer",),
    "essay": ("answer",),
    "card": ("answer",),
}
ALL_FIELDS = COMMON_FIELDS + ("answer", "distractors", "shuffle", "tolerance")
FIELD_NAMES = frozenset(
    (*ALL_FIELDS, *COURSE_FIELDS, *QUIZ_FIELDS, *POOL_FIELDS, *DISTRACTOR_FIELDS, *FRONT_MATTER_KEYS)
)  # any file's fields
