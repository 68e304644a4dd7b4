"""The import report: what needs a person's look first (most harmful first), then routine repairs as counts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from quizgen.chars import clip
from quizgen.importing.text import ImportResult, slug_title
from quizgen.present import plural
from quizgen.reading.article import HEADING_RE

LONG_PARAGRAPH = 250  # words: more is likely two paragraphs run together, or columns read across
_SHORT_NUMERIC = re.compile(r"^[\W\d]*\d[\W\d]*(?:\s*\w{0,3}\s*[\W\d]*)?$")  # `12`, `0.5`, `(3)`, `10 %`, `2014 –`


def concerns(result: ImportResult) -> list[str]:
    """What a person should look at, most harmful first: uncertain reading order, overlong paragraphs, runs of
    short numeric lines (a chart's or table's labels), identical paragraphs, text set aside, boilerplate."""
    out = [f"reading order uncertain on {where}" for where in result.uncertain]
    numbered = _numbered(result.paragraphs)
    for number, text in numbered:
        if (words := len(text.split())) > LONG_PARAGRAPH:
            out.append(f'¶{number} has {words} words: is it two paragraphs, or columns read across? "{clip(text, 60)}"')
    for number, text in numbered:
        tokens = text.split()
        if len(tokens) >= 6 and sum(1 for t in tokens if _SHORT_NUMERIC.match(t)) * 5 >= len(tokens) * 3:
            out.append(f"¶{number} is mostly numbers: a chart's or a table's labels? \"{clip(text, 60)}\"")
    run: list[int] = []
    for number, text in [*numbered, (0, "")]:
        if number and _SHORT_NUMERIC.match(text):
            run.append(number)
            continue
        if len(run) >= 3:
            out.append(
                f"¶{run[0]}-¶{run[-1]}: {len(run)} short numeric paragraphs in a row (a chart's or a table's labels?)"
            )
        run = []
    first: dict[str, int] = {}
    for number, text in numbered:
        key = " ".join(text.split()).casefold()
        if key in first and len(key) > 20:
            out.append(f"¶{first[key]} and ¶{number} are identical: the article repeats itself; delete one")
        first.setdefault(key, number)
    for item in result.set_aside:
        out.append(f'set aside, {item.kind} ({item.where}): "{clip(item.text, 80)}"')
    if result.boilerplate:
        removed = result.boilerplate[0].removed
        out.append(
            "boilerplate removed (--drop-boilerplate):"
            if removed
            else "suspected boilerplate, kept: review it, or re-run with --drop-boilerplate --force:"
        )
        out.extend(f"  line {s.line}: {s.text}" for s in result.boilerplate)
    return out


def _numbered(paragraphs: list[str]) -> list[tuple[int, str]]:
    """The paragraphs with the numbers article.txt gives them (headings are not numbered)."""
    body = [text for text in paragraphs if not HEADING_RE.match(text)]
    return list(enumerate(body, 1))


def format_report(result: ImportResult, written: Path | None, slug: str | None = None, verbose: bool = False) -> str:
    """A report a person can act on: the concerns, the repairs counted by kind (each one with `verbose`), what the
    front matter lacks, and what was written."""
    out = []
    if found := concerns(result):
        out += ["needs a look:", *(line if line.startswith("  ") else f"  {line}" for line in found)]
    counts = Counter(r.kind for r in result.repairs)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    out.append(f"repairs: {summary or 'none'}" + (" (--verbose lists each)" if summary and not verbose else ""))
    if verbose:
        places: dict[tuple[str, str, str], list[str]] = {}  # the same repair on many lines or pages is one entry
        for r in result.repairs:
            places.setdefault((r.kind, clip(r.before, 80), clip(r.after, 80)), []).append(
                f"page {r.page}" if r.page else f"line {r.line}"
            )
        for (_, before, after), where in places.items():
            shown = ", ".join(where[:6]) + (f" and {len(where) - 6} more" if len(where) > 6 else "")
            out.append(f"  {shown}: {before} -> {after}")
    missing = [key for key in ("title", "author") if key not in result.front_matter]
    if missing:
        options = " / ".join(f"--{key}" for key in missing)
        stand_in = f" (the title is '{slug_title(slug)}' for now)" if slug and "title" in missing else ""
        out.append(
            f"no {' or '.join(missing)} found in the text{stand_in}: pass {options} (with --force), or edit the "
            "front matter"
        )
    headings = sum(1 for p in result.paragraphs if HEADING_RE.match(p))
    made = plural(len(result.paragraphs) - headings, "paragraph") + (
        f", {plural(headings, 'heading')}" if headings else ""
    )
    out.append(f"wrote {written} ({made})" if written else f"dry run, nothing written ({made})")
    return "\n".join(out)
