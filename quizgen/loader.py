"""Load a course folder into the model: course.yaml, every article and every bank, with quotes located."""

from __future__ import annotations

from pathlib import Path

from quizgen.article import load_article
from quizgen.diagnostics import Report, display_path
from quizgen.fields import ID_PATTERN, Fields
from quizgen.items import Bank, read_items
from quizgen.lint import read_lint
from quizgen.model import ITEM_TYPES, Article, Course, Item, Location, QuizSpec
from quizgen.quotes import ArticleIndex
from quizgen.yamlfile import YamlFileError, YamlList, YamlMap, parse, read_text

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
)
PAGE_SIZES = ("letter", "a4")


def load_course(course_dir: Path) -> tuple[Course | None, Report]:
    """The course in `course_dir` and everything wrong with it; the course is None when errors make it unusable."""
    report = Report()
    if not course_dir.is_dir():
        report.error(course_dir, 0, "no such course folder: create one with `quizgen init DIR`", "course-missing")
        return None, report
    meta = _read_yaml(course_dir / "course.yaml", report, required=True)
    slugs = _article_slugs(course_dir, meta, report)
    articles: list[Article] = []
    items: list[Item] = []
    ids: list[tuple[str, Location]] = []
    for slug in slugs:
        article, bank = _load_article_and_bank(course_dir / slug, slug, report)
        ids.extend(bank.ids)
        if article is not None:
            articles.append(article)
            items.extend(bank.items)
    _check_unique_ids(ids, report)
    course = _course(course_dir, meta, tuple(articles), tuple(items), report)
    if report.errors:
        return None, report
    return course, report


def _read_yaml(path: Path, report: Report, required: bool = False) -> object:
    if not path.exists():
        if required:
            report.error(path, 0, f"{path.name} is missing: `quizgen init` writes one to start from", "file-missing")
        return None
    try:
        tree, problems = parse(read_text(path))
    except YamlFileError as exc:
        report.error(path, exc.problem.line, exc.problem.message, exc.problem.code)
        return None
    for problem in problems:
        report.error(path, problem.line, problem.message, problem.code)
    return tree


def _article_slugs(course_dir: Path, meta: object, report: Report) -> list[str]:
    """Article folders in course order: as listed in course.yaml, else sorted by name."""
    found = sorted(
        p.name
        for p in course_dir.iterdir()
        if p.is_dir()
        and not p.name.startswith((".", "_"))
        and ((p / "article.txt").exists() or (p / "items.yaml").exists())
    )
    for name in found:
        if not ID_PATTERN.match(name):
            report.error(
                course_dir / name,
                0,
                f"article folder '{name}' must be named with lowercase letters, digits and '-'",
                "bad-slug",
            )
    found = [name for name in found if ID_PATTERN.match(name)]
    listed = meta.get("articles") if isinstance(meta, YamlMap) else None
    if not isinstance(listed, YamlList):
        return found
    order = []
    for slug, line in zip(listed, listed.lines, strict=True):
        if slug not in found:
            report.error(
                course_dir / "course.yaml",
                line,
                f"article '{slug}' is listed but {course_dir / str(slug)}/article.txt does not exist",
                "unknown-article",
            )
        elif slug not in order:
            order.append(slug)
    return order + [name for name in found if name not in order]


def _load_article_and_bank(folder: Path, slug: str, report: Report) -> tuple[Article | None, Bank]:
    article_path, bank_path = folder / "article.txt", folder / "items.yaml"
    if not article_path.exists():
        report.error(
            article_path,
            0,
            f"the bank in {folder.name}/ has no article: import it with `quizgen import-article RAW --slug {slug}`",
            "article-missing",
        )
        article = None
    else:
        article = load_article(article_path, slug, report)
    if not bank_path.exists():
        report.warning(
            bank_path, 0, "this article has no items.yaml yet: its paragraphs are not tested", "bank-missing"
        )
        return article, Bank((), ())
    tree = _read_yaml(bank_path, report)
    if tree is None and not report.errors:
        report.error(
            bank_path, 1, "the bank is empty: add a list of items (`quizgen init` shows every type)", "bank-empty"
        )
    if tree is None:
        return article, Bank((), ())
    index = ArticleIndex(article) if article is not None else None
    return article, read_items(tree, bank_path, slug, index, report)


def _check_unique_ids(ids: list[tuple[str, Location]], report: Report) -> None:
    first: dict[str, Location] = {}
    for item_id, location in ids:
        if item_id in first:
            other = first[item_id]
            report.error(
                location.path,
                location.line,
                f"id is already used at {display_path(other.path)}:{other.line}; ids must be unique in the course",
                "duplicate-id",
                item_id,
            )
        else:
            first[item_id] = location


def _course(
    course_dir: Path, meta: object, articles: tuple[Article, ...], items: tuple[Item, ...], report: Report
) -> Course | None:
    path = course_dir / "course.yaml"
    if meta is None:
        return None
    if not isinstance(meta, YamlMap):
        report.error(path, 1, "course.yaml must be a mapping of fields (id: ..., title: ...)", "course-not-mapping")
        return None
    fields = Fields(meta, path, report)
    fields.check_known(COURSE_FIELDS, "course.yaml")
    course_id = fields.text("id", required=True, what=" (a stable id like 'pols-240'; it derives the Anki deck ids)")
    if course_id and not ID_PATTERN.match(course_id):
        fields.error("id", f"course id '{course_id}' may hold only lowercase letters, digits and '-'", "bad-id")
    page_size = fields.choice("page_size", PAGE_SIZES, "letter") or "letter"
    slugs = tuple(a.slug for a in articles)
    quizzes = _quizzes(meta, path, report, articles, page_size)
    lint = read_lint(meta.get("lint"), path, fields.line("lint"), report)
    return (
        Course(
            id=course_id or "",
            title=fields.text("title", required=True) or "",
            path=course_dir,
            articles=articles,
            items=items,
            quizzes=quizzes if quizzes is not None else _default_quizzes(articles, path, page_size),
            code=fields.text("code"),
            term=fields.text("term"),
            instructor=fields.text("instructor"),
            page_size=page_size,
            lint=lint,
        )
        if slugs is not None
        else None
    )


def _default_quizzes(articles: tuple[Article, ...], path: Path, page_size: str) -> tuple[QuizSpec, ...]:
    return tuple(
        QuizSpec(id=a.slug, title=a.title, articles=(a.slug,), location=Location(path, 0), page_size=page_size)
        for a in articles
    )


def _quizzes(
    meta: YamlMap, path: Path, report: Report, articles: tuple[Article, ...], page_size: str
) -> tuple[QuizSpec, ...] | None:
    value = meta.get("quizzes")
    if value is None:
        return None
    if not isinstance(value, YamlList):
        report.error(
            path,
            meta.key_lines["quizzes"],
            "'quizzes' must be a list of quizzes, each starting with '- id: ...'",
            "wrong-kind",
        )
        return ()
    quizzes, seen = [], set()
    for entry, line in zip(value, value.lines, strict=True):
        if not isinstance(entry, YamlMap):
            report.error(path, line, "each quiz must be a mapping (id: ..., title: ...)", "wrong-kind")
            continue
        quiz = _quiz(entry, path, report, articles, page_size)
        if quiz is None:
            continue
        if quiz.id in seen:
            report.error(
                path, entry.line, f"quiz id '{quiz.id}' is used twice; quiz ids must be unique", "duplicate-quiz"
            )
            continue
        seen.add(quiz.id)
        quizzes.append(quiz)
    return tuple(quizzes)


def _quiz(entry: YamlMap, path: Path, report: Report, articles: tuple[Article, ...], page_size: str) -> QuizSpec | None:
    fields = Fields(entry, path, report)
    fields.check_known(QUIZ_FIELDS, "a quiz")
    quiz_id = fields.text("id", required=True)
    if quiz_id and not ID_PATTERN.match(quiz_id):
        fields.error("id", f"quiz id '{quiz_id}' may hold only lowercase letters, digits and '-'", "bad-id")
    known = [a.slug for a in articles]
    chosen = _quiz_articles(fields, known)
    types = fields.texts("types") or ()
    for item_type in types:
        if item_type not in ITEM_TYPES:
            fields.error("types", f"unknown type '{item_type}'; use any of {', '.join(ITEM_TYPES)}", "bad-type")
    per_type = _per_type(fields)
    forms = fields.integer("forms", 1, minimum=1) or 1
    if forms > 26:
        fields.error("forms", f"at most 26 forms (A to Z); found {forms}", "out-of-range")
    quiz = QuizSpec(
        id=quiz_id or "",
        title=fields.text("title") or quiz_id or "",
        articles=chosen,
        location=Location(path, entry.line),
        count=fields.integer("count", None, minimum=1),
        types=types,
        per_type=per_type,
        forms=forms,
        seed=fields.integer("seed", 0) or 0,
        points=fields.number("points", 1.0, minimum=0) or 0.0,
        time_limit=fields.integer("time_limit", None, minimum=1),
        shuffle=bool(fields.boolean("shuffle", True)),
        page_size=fields.choice("page_size", PAGE_SIZES, page_size) or page_size,
        answer_sheet=bool(fields.boolean("answer_sheet", False)),
        instructions=fields.text("instructions"),
    )
    return quiz if fields.ok else None


def _quiz_articles(fields: Fields, known: list[str]) -> tuple[str, ...]:
    value = fields.mapping.get("articles")
    if value is None or value == "all":
        return tuple(known)
    chosen = fields.texts("articles", minimum=1) or ()
    for slug in chosen:
        if slug not in known:
            fields.error(
                "articles", f"unknown article '{slug}'; the course has: {', '.join(known) or 'none'}", "unknown-article"
            )
    return tuple(s for s in known if s in chosen)


def _per_type(fields: Fields) -> tuple[tuple[str, int], ...]:
    value = fields.mapping.get("per_type")
    if value is None:
        return ()
    if not isinstance(value, YamlMap):
        fields.error("per_type", "'per_type' maps a type to a count, like {mcq: 5, tf: 3}", "wrong-kind")
        return ()
    counts = []
    for item_type in value:
        sub = Fields(value, fields.path, fields.report)
        number = sub.integer(item_type, None, minimum=1)
        if item_type not in ITEM_TYPES:
            fields.error("per_type", f"unknown type '{item_type}' in per_type", "bad-type")
        elif number is not None:
            counts.append((item_type, number))
        fields.ok = fields.ok and sub.ok
    return tuple(counts)
