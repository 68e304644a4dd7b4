"""text2qti Markdown quizzes, read with text2qti itself (its syntax is its parser's), through the Canvas QTI it makes."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from quizgen.banks.model import BankError

FORMAT = "text2qti Markdown"
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")  # a Markdown link's or image's target


def to_qti(text: str, path: Path) -> bytes:
    """The Canvas QTI 1.2 zip text2qti makes of the quiz. Its code blocks are never run, and it reads images only
    from the quiz's folder (text2qti itself reads any path it is given, `~/...` too)."""
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    folder = path.parent.resolve()
    for match in _TARGET.finditer(text):
        target = unquote(match.group(1))
        if target.startswith(("http://", "https://", "#")):
            continue
        resolved = (folder / Path(target).expanduser()).resolve()
        if not resolved.is_relative_to(folder):
            line = text.count("\n", 0, match.start()) + 1
            raise BankError(
                f"{path}:{line}: the image '{target}' is outside the quiz's folder; copy it beside the quiz and "
                "refer to it by a relative path"
            )
    try:
        with _working_folder(folder):  # text2qti reads images relative to the working folder, as its command does
            quiz = Quiz(text, config=Config(run_code_blocks=False), source_name=path.name, resource_path=str(folder))
            return QTI(quiz).zip_bytes()
    except Text2qtiError as exc:
        raise BankError(f"{path}: not a text2qti quiz: {exc}") from None


@contextlib.contextmanager
def _working_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)
