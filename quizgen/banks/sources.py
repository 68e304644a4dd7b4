"""Reading bank files safely: size limits, UTF-8 only, XML without entities or network, zips without zip-slip."""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from quizgen.banks.model import MAX_BYTES, BankError

MAX_ENTRIES = 20_000  # entries in a package
MAX_TOTAL = 512 * 1024 * 1024  # bytes a package may expand to


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing a file too large to be a question bank."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BankError(
                f"{path}: {size // 2**20} MB is larger than a question bank can be ({MAX_BYTES // 2**20} MB)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise BankError(f"cannot read {path}: {exc.strerror}") from None


def decode(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM accepted); other encodings are refused with the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BankError(
            f"{where}:{line}: byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 (in most editors: "
            "Save As, Encoding: UTF-8) and import it again"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_xml(data: bytes, where: str) -> etree._Element:
    """The XML's root element. Entities are not expanded, no DTD or network is read, huge trees are refused;
    text in another encoding than UTF-8 is refused (Moodle and QTI files are UTF-8)."""
    decode(data, where)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = f":{exc.lineno}" if exc.lineno else ""
        raise BankError(f"{where}{line}: not well-formed XML: {exc.msg}") from None
    if root is None:
        raise BankError(f"{where}: the file holds no XML element")
    return root


class Package:
    """A zip's entries, read by name; every name is checked to stay inside the package."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        self.path = path
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise BankError(f"{path}: not a zip file ({exc}); export the quiz as a QTI .zip package") from None
        infos = self.archive.infolist()
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_TOTAL:
            raise BankError(f"{path}: the zip expands to more than a question bank can hold")
        self.names: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = posixpath.normpath(info.filename.replace("\\", "/"))
            if name.startswith(("/", "../")) or name == ".." or ":" in name.split("/")[0]:
                raise BankError(f"{path}: the entry '{info.filename}' points outside the package; it is not imported")
            if not info.is_dir():
                self.names[name] = info

    def read(self, name: str) -> bytes:
        info = self.names.get(posixpath.normpath(name))
        if info is None:
            raise BankError(f"{self.path}: the package lists '{name}', but has no such file")
        if info.file_size > MAX_BYTES:
            raise BankError(f"{self.path}: '{name}' is larger than a question bank can be")
        with self.archive.open(info) as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise BankError(f"{self.path}: '{name}' is larger than a question bank can be")
        return data

    def find(self, name: str) -> str | None:
        """The entry `name` (a path relative to the package root), or None."""
        normal = posixpath.normpath(name)
        return normal if normal in self.names else None


def strip_namespaces(root: etree._Element) -> etree._Element:
    """The tree with every element named by its local name (QTI files come with and without namespaces)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    return root
