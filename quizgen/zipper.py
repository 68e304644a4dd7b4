"""Deterministic zip archives: sorted entries, fixed times and permissions, deflated (images stored as they are)."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable

_COMPRESSED = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8")  # PNG, JPEG, GIF: deflate only costs time


def zip_bytes(entries: Iterable[tuple[str, bytes]], epoch: int, level: int = 6) -> bytes:
    """A zip of `entries` (name, data) whose bytes depend only on the entries, `epoch` and zlib's `level`."""
    date_time = max(time.gmtime(epoch)[:6], (1980, 1, 1, 0, 0, 0))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED if data.startswith(_COMPRESSED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the permissions above mean the same on every OS
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()
