"""Read course.yaml and the article folders: each article with its bank, unique ids and titles, the quizzes."""

from __future__ import annotations

import bisect
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizgen.diagnostics import Report, display_path
from quizgen.model import ITEM_TYPES, Article, Location, QuizSpec
from quizgen.reading.article import load_article
from quizgen.reading.bank import Bank, normalize_option, read_items
from quizgen.reading.coursefiles import outside
from quizgen.reading.embeds import check_article
from quizgen.reading.fields import ID_PATTERN, Fields
from quizgen.reading.pools import pool_articles, read_pools
from quizgen.reading.quotes import ArticleIndex
from quizgen.reading.schema import COURSE_FIELDS, MODEL_ANSWERS, PAGE_SIZES, QUIZ_FIELDS
from quizgen.reading.yamlfile import YamlFileError, YamlList, YamlMap, parse, parse_list, read_text
from quizgen.reading.yamlproblems import YamlProblem


def read_yaml(path: Path, root: Path, report: Report, required: bool = False, items: bool = False) -> object:
    """The YAML tree of `path`, a file of the course folder `root`, or None; problems go to `report`. A bank
    (`items`) that is broken in places is read item by item, so every broken item is reported and the others are
    still checked."""
    if not os.path.lexists(path):
        if required:
            report.error(path, 0, f"{path.name} is missing: `quizgen init` writes one to start from", "file-missing")
        return None
    try:
        tree, problems = (parse_list if items else parse)(read_text(path, root))
    except YamlFileError as exc:
        report.error(path, exc.problem.line, exc.problem.message, exc.problem.code)
        return None
    for problem in problems:
        report.error(path, problem.line, problem.message, problem.code, _item_at(tree, problem))
    return tree


_IN_AN_ITEM = frozenset({"duplicate-key", "yaml-key", "yaml-joined", "yaml-quoted"})  # found in items read whole


def _item_at(tree: object, problem: YamlProblem) -> str | None:
    """The id of the bank's item a problem found while reading it stands in, when the item was read (an item that
    could not be read is not in the tree, so a problem in it would be put on the item before)."""
    line = problem.line
    if problem.code not in _IN_AN_ITEM or not isinstance(tree, YamlList) or not tree.lines or line < tree.lines[0]:
        return None
    entry = tree[bisect.bisect_right(tree.lines, line) - 1]
    item_id = entry.get("id") if isinstance(entry, YamlMap) else None
    return item_id.strip() if isinstance(item_id, str) and item_id.strip() else None


def article_slugs(course_dir: Path, meta: object, report: Report) -> list[str]:
    """Article folders in course order: as listed in course.yaml, else sorted by name."""
    found = sorted(p.name for p in _folders(course_dir, report) if _is_article(p, report))
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
    if listed is not None and not isinstance(listed, YamlList):
        line = meta.key_lines["articles"]
        report.error(
            course_dir / "course.yaml",
            line,
            "'articles' lists the article folders in course order, like articles: [first-reading, second-reading]",
            "wrong-kind",
        )
    if not isinstance(listed, YamlList):
        return found
    order = []
    for slug, line in zip(listed, listed.lines, strict=True):
        if slug in found:
            if slug not in order:
                order.append(slug)
        elif not isinstance(slug, str) or os.sep in slug or "/" in slug or slug in (os.curdir, os.pardir):
            report.error(
                course_dir / "course.yaml",
                line,
                f"'{slug}' is not an article folder's name: each entry of 'articles' is the name of one folder of "
                f"the course, like {found[0] if found else 'first-reading'}, with no '/' or '..' in it",
                "bad-slug",
            )
        elif not outside(course_dir / slug, course_dir):  # a link out has an error of its own
            report.error(
                course_dir / "course.yaml",
                line,
                f"article '{slug}' is listed but {course_dir / str(slug)}/article.txt does not exist",
                "unknown-article",
            )
    return order + [name for name in found if name not in order]


def _folders(course_dir: Path, report: Report) -> list[Path]:
    """The folders of the course that may be articles: none whose name starts with '.' or '_', no link out (an
    error; a link to a file quizgen does not read is no business of its)."""
    try:
        entries = sorted(course_dir.iterdir())
    except OSError as exc:
        report.error(course_dir, 0, f"cannot read the course folder: {exc.strerror}", "file-unreadable")
        return []
    folders = []
    for path in entries:
        if path.name.startswith((".", "_")):
            continue
        leaving = outside(path, course_dir) if path.is_symlink() and path.is_dir() else None
        if leaving:
            report.error(path, 0, leaving, "outside-course")
        elif path.is_dir():
            folders.append(path)
    return folders


def _is_article(folder: Path, report: Report) -> bool:
    """Whether the folder holds an article or a bank (or a file meant to be one); an unreadable one is an error."""
    try:
        names = os.listdir(folder)
    except OSError as exc:
        report.error(folder, 0, f"cannot read the folder {folder.name}: {exc.strerror}", "file-unreadable")
        return False
    return any(name in names or misnamed(folder, name) for name in ("article.txt", "items.yaml"))


def misnamed(folder: Path, wanted: str) -> Path | None:
    """A file of `folder` that is likely meant to be `wanted` (article.txt, items.yaml): the same name in another
    case or with another extension ('Items.yaml', 'items.yml', 'item.yaml', 'article.md')."""
    base = wanted.split(".")[0]
    for path in sorted(folder.iterdir()):
        if (
            path.name != wanted
            and path.name.lower().split(".")[0].strip() in (base, base.rstrip("s"))
            and path.is_file()
        ):
            return path
    return None


_TEXT = (".txt", ".text", ".md", "")  # an article in plain text under another name: renamed, it reads


def _misnamed_message(other: Path, wanted: Path, slug: str) -> str:
    if wanted.name == "items.yaml" or other.suffix.lower() in _TEXT:
        return f"quizgen reads {wanted.name}, not {other.name}: rename it (mv '{other}' '{wanted}')"
    course = wanted.parent.parent
    if other.suffix.lower() == ".pdf":
        importing = f"quizgen import-article '{other}' --slug {slug} --course '{course}'"
        return f"quizgen reads article.txt, not a PDF: import it with `{importing}`"
    return (
        f"quizgen reads article.txt, and {other.name} is not plain text: save it as plain text (UTF-8), then "
        f"import that with `quizgen import-article FILE --slug {slug} --course '{course}'`"
    )


def load_reading(folder: Path, slug: str, report: Report, allowable: Mapping[str, bool]) -> tuple[Article | None, Bank]:
    article_path, bank_path = folder / "article.txt", folder / "items.yaml"
    have_article, have_bank = os.path.lexists(article_path), os.path.lexists(bank_path)
    found = [
        (path, other)
        for path, present in ((article_path, have_article), (bank_path, have_bank))
        if not present and (other := misnamed(folder, path.name))
    ]
    for path, other in found:
        report.error(other, 0, _misnamed_message(other, path, slug), "misnamed-file")
    if found:
        return None, Bank((), ())
    if not have_article:
        report.error(
            article_path,
            0,
            f"the bank in {folder.name}/ has no article: import it with `quizgen import-article RAW --slug {slug}`",
            "article-missing",
        )
        article = None
    else:
        article = load_article(article_path, slug, report)
        article = check_article(article, folder, report) if article is not None else None
    if not have_bank:
        report.warning(
            bank_path, 0, "this article has no items.yaml yet: its paragraphs are not tested", "bank-missing"
        )
        return article, Bank((), ())
    errors = len(report.errors)
    tree = read_yaml(bank_path, folder.parent, report, items=True)
    if tree is None:
        if len(report.errors) == errors:  # read, but nothing in it
            report.error(
                bank_path, 1, "the bank is empty: add a list of items (`quizgen init` shows every type)", "bank-empty"
            )
        return article, Bank((), ())
    index = ArticleIndex(article) if article is not None else None
    return article, read_items(tree, bank_path, slug, index, report, allowable)


def check_unique_ids(banks: Sequence[tuple[Path, Sequence[tuple[str, int]]]], report: Report) -> None:
    """Every item id (given per bank, with its line) is used once in the course."""
    ids = [item_id for _, bank_ids in banks for item_id, _ in bank_ids]
    if len(set(ids)) == len(ids):  # the usual case, told at once
        return
    first: dict[str, tuple[Path, int]] = {}
    for path, bank_ids in banks:
        for item_id, line in bank_ids:
            if item_id not in first:
                first[item_id] = (path, line)
                continue
            other_path, other_line = first[item_id]
            report.error(
                path,
                line,
                f"id is already used at {display_path(other_path)}:{other_line}; ids must be unique in the course",
                "duplicate-id",
                item_id,
            )


def check_unique_titles(course_dir: Path, titles: dict[str, str | None], report: Report) -> None:
    """Every article has its own title (ignoring case): decks, categories and citations name readings by title."""
    first: dict[str, str] = {}
    for slug, title in titles.items():
        if title is None:
            continue
        other = first.setdefault(_title_key(title), slug)
        if other != slug:
            path = course_dir / slug / "article.txt"
            report.error(
                path,
                _title_line(path),
                f"article '{slug}' has the same title as '{other}' ('{title}'): Anki decks, LMS categories and "
                "citations name each reading by its title, so students could not tell them apart; give each "
                "article its own title",
                "duplicate-title",
            )


def _title_key(title: str) -> str:
    """What two titles that read the same share: Unicode forms aside, and all that two options that read the same
    do (case, spacing, quote and dash styles)."""
    return normalize_option(unicodedata.normalize("NFKC", title))


def _title_line(path: Path) -> int:
    """The line of the front matter's title (read again: only an error needs it)."""
    with open(path, encoding="utf-8-sig", errors="replace") as file:
        for number, line in enumerate(file, 1):
            if line.startswith("title:"):
                return number
    return 1


@dataclass(frozen=True)
class CourseSettings:
    """What course.yaml says, validated: everything of the Course but its articles and items."""

    id: str
    title: str
    code: str | None
    term: str | None
    instructor: str | None
    page_size: str
    quizzes: tuple[QuizSpec, ...]


def course_settings(
    course_dir: Path, meta: object, titles: dict[str, str], quizzable: set[str], report: Report
) -> CourseSettings | None:
    """course.yaml's fields and quizzes; `titles` maps each loaded article's slug to its title, in course order;
    `quizzable` holds the articles with items a quiz can hold (not only cards), which get a default quiz."""
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
    quizzes = _quizzes(meta, path, report, titles, page_size)
    if quizzes and not report.errors:
        _note_unquizzed(
            quizzes, [slug for slug in titles if slug in quizzable], path, meta.key_lines["quizzes"], report
        )
    return CourseSettings(
        id=course_id or "",
        title=fields.text("title", required=True) or "",
        code=fields.text("code"),
        term=fields.text("term"),
        instructor=fields.text("instructor"),
        page_size=page_size,
        quizzes=quizzes if quizzes is not None else _default_quizzes(titles, quizzable, path, page_size),
    )


def _note_unquizzed(quizzes: tuple[QuizSpec, ...], quizzable: list[str], path: Path, line: int, report: Report) -> None:
    """A note on the articles with quiz items that no quiz of course.yaml draws on (easy to forget when adding one)."""
    quizzed = {slug for quiz in quizzes for slug in quiz.articles}
    left = [slug for slug in quizzable if slug not in quizzed]
    if left:
        its, them = ("their", "them") if len(left) > 1 else ("its", "it")
        report.note(
            path,
            line,
            f"no quiz draws on {', '.join(left)}: {its} items go to Anki and the HTML preview only; add {them} to a "
            f"quiz's articles (or write articles: all) to quiz {them}",
            "article-unquizzed",
        )


def _default_quizzes(titles: dict[str, str], quizzable: set[str], path: Path, page_size: str) -> tuple[QuizSpec, ...]:
    return tuple(
        QuizSpec(id=slug, title=title, articles=(slug,), location=Location(path, 0), page_size=page_size)
        for slug, title in titles.items()
        if slug in quizzable
    )


def _quizzes(
    meta: YamlMap, path: Path, report: Report, titles: dict[str, str], page_size: str
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
        quiz_id = entry.get("id")
        if isinstance(quiz_id, str) and quiz_id in seen:
            report.error(
                path, entry.line, f"quiz id '{quiz_id}' is used twice; quiz ids must be unique", "duplicate-quiz"
            )
        seen.add(quiz_id)
        quiz = _quiz(entry, path, report, list(titles), page_size)
        if quiz is not None:
            quizzes.append(quiz)
    return tuple(quizzes)


def _quiz(entry: YamlMap, path: Path, report: Report, known: list[str], page_size: str) -> QuizSpec | None:
    fields = Fields(entry, path, report)
    fields.check_known(QUIZ_FIELDS, "a quiz")
    quiz_id = fields.text("id", required=True)
    if quiz_id and not ID_PATTERN.match(quiz_id):
        fields.error("id", f"quiz id '{quiz_id}' may hold only lowercase letters, digits and '-'", "bad-id")
    pools = read_pools(fields, known)
    chosen = pool_articles(pools, known) if pools else _quiz_articles(fields, known)
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
        pools=pools,
        show_correct_answers=bool(fields.boolean("show_correct_answers", True)),
        model_answers=fields.choice("model_answers", MODEL_ANSWERS, "graders") or "graders",
    )
    return quiz if fields.ok else None


def _quiz_articles(fields: Fields, known: list[str]) -> tuple[str, ...]:
    value = fields.mapping.get("articles")
    if value is None or (isinstance(value, str) and value.strip().lower() == "all"):
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
