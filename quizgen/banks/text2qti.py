"""text2qti Markdown quizzes, read with text2qti itself (its syntax is its parser's), through the Canvas QTI it makes."""

from __future__ import annotations

from pathlib import Path

from quizgen.banks.model import BankError

FORMAT = "text2qti Markdown"


def to_qti(text: str, path: Path) -> bytes:
    """The Canvas QTI 1.2 zip text2qti makes of the quiz; its code blocks are never run."""
    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz

    try:  # images are read from beside the quiz file, as text2qti reads them
        quiz = Quiz(text, config=Config(run_code_blocks=False), source_name=path.name, resource_path=str(path.parent))
        return QTI(quiz).zip_bytes()
    except Text2qtiError as exc:
        raise BankError(f"{path}: not a text2qti quiz: {exc}") from None
