"""`quizgen import-bank`: question banks from Canvas, QTI 2.1, Moodle XML, GIFT and text2qti into items.yaml.

One module per source format reads it into ImportedItems (quizgen's fields); `writer` writes them.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizgen.atomic import write_atomic
from quizgen.banks import gift, moodle, qti12, qti21, text2qti
from quizgen.banks.common import item_ids
from quizgen.banks.model import BankError, ImportedBank
from quizgen.banks.sources import Package, decode, parse_xml, read_bytes, strip_namespaces
from quizgen.banks.writer import render
from quizgen.errors import UserError
from quizgen.importing import reading_file


@dataclass(frozen=True)
class Imported:
    bank: ImportedBank
    ids: list[str]
    written: Path


def read_bank(path: Path) -> ImportedBank:
    """The bank in the file, its format told by its extension and checked against its content."""
    data = read_bytes(path)
    suffix = path.suffix.lower()
    where = str(path)
    if suffix in (".zip", ".imscc") or data[:4] == b"PK\x03\x04":
        return read_package(Package(path, data), where)
    if suffix == ".xml":
        root = strip_namespaces(parse_xml(data, where))
        if root.tag in ("quiz", "question"):
            return moodle.read(root, where)
        if root.tag == "questestinterop":
            bank = ImportedBank(qti12.FORMAT)
            qti12.Reader(bank, None).read(root)
            return bank
        if root.tag == "assessmentItem":
            bank = ImportedBank(qti21.FORMAT)
            reader = qti21.Reader(bank, None)
            reader.add(root, "")
            reader.read()
            return bank
        raise BankError(
            f"{where}: <{root.tag}> is not a question bank: quizgen reads Moodle XML (<quiz>), QTI 1.2 "
            "(<questestinterop>) and QTI 2.1 (<assessmentItem>, or a package .zip)"
        )
    text = decode(data, where)
    if suffix in (".md", ".markdown"):
        return read_package(Package(path, text2qti.to_qti(text, path)), where, text2qti.FORMAT)
    if suffix in (".gift", ".txt"):
        return gift.read(text, where)
    raise BankError(
        f"{where}: cannot tell the bank's format from '{suffix or 'no extension'}': use .zip (Canvas QTI 1.2 or QTI "
        "2.1), .xml (Moodle XML), .gift or .txt (GIFT), .md (text2qti)"
    )


def read_package(package: Package, where: str, format_name: str | None = None) -> ImportedBank:
    """A QTI 1.2 (Canvas) or QTI 2.1 zip: the documents its manifest lists, else every QTI document in it."""
    documents = []
    for name in _in_manifest_order(package):
        if not name.lower().endswith((".xml", ".qti")) or name == "imsmanifest.xml":
            continue
        head = package.read(name)[:2048]
        if b"questestinterop" in head or b"assessmentItem" in head:
            documents.append(name)
    if not documents:
        listed = "a manifest but no QTI" if package.find("imsmanifest.xml") else "no imsmanifest.xml and no QTI"
        raise BankError(
            f"{where}: not a QTI package: it holds {listed} documents; export the quiz from the LMS as QTI "
            "(Canvas: Settings → Export Course Content → Quiz)"
        )
    roots = [(name, strip_namespaces(parse_xml(package.read(name), f"{where}:{name}"))) for name in documents]
    items21 = [(name, root) for name, root in roots if root.tag == "assessmentItem"]
    if items21:
        bank = ImportedBank(format_name or qti21.FORMAT)
        reader21 = qti21.Reader(bank, package)
        for name, root in items21:
            reader21.add(root, posixpath.dirname(name))
        reader21.read()
        return bank
    bank = ImportedBank(format_name or qti12.FORMAT)
    reader12 = qti12.Reader(bank, package)
    for name, root in roots:
        if root.tag == "questestinterop":
            reader12.read(root, posixpath.dirname(name))
    return bank


def _in_manifest_order(package: Package) -> list[str]:
    """The package's files, those its manifest lists first and in its order (the quiz's question order)."""
    names = sorted(package.names)
    if package.find("imsmanifest.xml") is None:
        return names
    manifest = strip_namespaces(parse_xml(package.read("imsmanifest.xml"), f"{package.path}:imsmanifest.xml"))
    listed = [package.find(f.get("href", "")) for f in manifest.iter("file")]
    ordered = list(dict.fromkeys(name for name in listed if name))
    return ordered + [name for name in names if name not in ordered]


def import_bank(source: Path, course: Path, slug: str, force: bool = False) -> Imported:
    """Read the bank, then write items.yaml and its figures: all of it, or (on any error) nothing."""
    target = reading_file(course, slug, "items.yaml", force=force)
    bank = read_bank(source)
    if not bank.items and not bank.skipped:
        raise BankError(f"{source}: no question found in it ({bank.format}); is it the bank you meant?")
    if not bank.items:
        reasons = "; ".join(f"{s.source_id} ({s.kind}): {s.reason}" for s in bank.skipped)
        raise BankError(f"{source}: nothing quizgen can hold, so no bank was written: {reasons}")
    ids = item_ids(slug, bank.items)
    figures = target.parent / "figures"
    for folder in (target.parent, figures, *(figures / name for name in bank.figures)):
        if folder.is_symlink():  # a link planted in the course would have the bank written where it points
            raise UserError(f"{folder} is a link; import-bank writes only inside the course folder: remove it")
    taken = [
        figures / n for n, data in bank.figures.items() if (figures / n).exists() and (figures / n).read_bytes() != data
    ]
    if taken and not force:
        shown = ", ".join(str(path) for path in taken)
        raise UserError(
            f"{shown} already exist{'s' if len(taken) == 1 else ''} with other content; pass --force to replace"
        )
    header = [
        f"Imported from {source.name} ({bank.format}) by `quizgen import-bank`.",
        f"No item has a quote yet: run `quizgen suggest-quotes {slug}` and uncomment the suggestions that fit.",
    ]
    text = render(bank, ids, header)
    target.parent.mkdir(parents=True, exist_ok=True)
    if bank.figures:
        figures.mkdir(exist_ok=True)
    for name, data in sorted(bank.figures.items()):
        write_atomic(figures / name, data)
    write_atomic(target, text.encode("utf-8"))
    return Imported(bank, ids, target)


def report_lines(result: Imported) -> list[str]:
    """What was imported, by type; each item's losses; what was not imported, and why."""
    bank = result.bank
    kinds = Counter(item.type for item in bank.items)
    counted = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    lines = [f"imported {len(bank.items)} items from {bank.format}: {counted or 'none'}"]
    for item, item_id in zip(bank.items, result.ids, strict=True):
        lines.extend(f"  {item_id}: {note}" for note in item.notes)
    if bank.skipped:
        lines.append(f"not imported: {len(bank.skipped)}")
        lines.extend(f"  {s.source_id} ({s.kind}): {s.reason}" for s in bank.skipped)
    if bank.figures:
        lines.append(f"images: {len(bank.figures)} saved in {result.written.parent / 'figures'}")
    slug = result.written.parent.name
    lines.append(f"wrote {result.written}; its items have no quotes yet: run `quizgen suggest-quotes {slug}`")
    if not (result.written.parent / "article.txt").exists():
        lines.append(
            f"(no article.txt beside it yet: bring the reading in first, `quizgen import-article RAW --slug {slug}`)"
        )
    return lines


__all__ = ["BankError", "import_bank", "read_bank", "report_lines"]
