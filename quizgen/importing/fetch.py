"""Fetch a reading from a URL: a timeout, a size limit, and a message that says what to do when it fails."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from quizgen import __version__
from quizgen.errors import UserError

TIMEOUT = 20  # seconds to connect, and between bytes
MAX_BYTES = 20 * 1024 * 1024  # a page or a paper is far smaller; more is a video or a mistake


@dataclass(frozen=True)
class Fetched:
    data: bytes
    content_type: str  # "text/html", "application/pdf", ...
    url: str  # after redirects


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_BYTES) -> Fetched:
    """The body of the page at `url`."""
    request = urllib.request.Request(url, headers={"User-Agent": f"quizgen/{__version__} (import-article)"})
    save_it = "or save the page from your browser (File > Save Page As) and import the saved file"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https checked by the caller)
            data = response.read(limit + 1)
            kind = response.headers.get_content_type()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise UserError(f"{url}: the server answered {exc.code} {exc.reason}; check the address, {save_it}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(
            f"{url}: cannot fetch the page ({reason}): check that you are online and the address is right, {save_it}"
        ) from None
    if len(data) > limit:
        raise UserError(
            f"{url}: the page is larger than {limit // 1024 // 1024} MB; save what you need and import that"
        )
    return Fetched(data, kind, final)
