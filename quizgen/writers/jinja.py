"""The jinja2 environment every templated writer (html, the LMS writers) starts from."""

from __future__ import annotations

from pathlib import Path

import jinja2


def environment(folder: Path, keep_trailing_newline: bool = False) -> jinja2.Environment:
    """An environment for the templates in `folder`: autoescape always on (XML and HTML alike), undefined names
    an error, block tags leaving no blank lines."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        undefined=jinja2.StrictUndefined,
    )


def render(env: jinja2.Environment, template: str, **values: object) -> bytes:
    """Render `template` to UTF-8 bytes."""
    return env.get_template(template).render(**values).encode("utf-8")
