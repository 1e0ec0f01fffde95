"""What the checks found about an image file, kept in the cache under a hash of its bytes.

Input: an image file the theme (a logo) or the content (a photo) names. Output: its format, mode
and pixel size as Pillow read them, if this file passed the same check before; else None, and the
check runs (Pillow) and, when it passes, what it found is kept (:func:`checked`).

Opening and decoding a logo to prove it is whole (and importing Pillow to do it) was ~50 ms of
every build, for a file that rarely changes. A file that fails is never remembered: its error
comes from Pillow each time, as before. The key is the bytes' SHA-256, so an edited file is
checked afresh whatever its name or time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen import cachedir

NAMESPACE = "images"
_VERSION = "1"


@dataclass(frozen=True, slots=True)
class ImageFacts:
    format: str
    mode: str
    width: int
    height: int


def _key(data: bytes, check: str) -> str:
    return hashlib.sha256(_VERSION.encode() + b"\0" + check.encode() + b"\0" + data).hexdigest()


def checked(path: Path, check: str, verify: Callable[[], ImageFacts]) -> ImageFacts:
    """What ``verify()`` finds about ``path``: from the cache when these very bytes passed
    ``check`` (a name for what is verified) before; else ``verify()`` runs — its error, if any, is
    the caller's — and what it found is kept. The file is read once either way."""
    try:
        data = path.read_bytes()
    except OSError:
        return verify()  # its own error names the file
    key = _key(data, check)
    found = _load(cachedir.read(NAMESPACE, key, ".json"))
    if found is not None:
        return found
    facts = verify()
    record = json.dumps([facts.format, facts.mode, facts.width, facts.height]).encode()
    cachedir.write(NAMESPACE, key, record, ".json")
    return facts


def known(path: Path, check: str) -> ImageFacts | None:
    """What ``check`` found the last time these bytes passed it, or None (without verifying)."""
    try:
        return _load(cachedir.read(NAMESPACE, _key(path.read_bytes(), check), ".json"))
    except OSError:
        return None


def _load(found: bytes | None) -> ImageFacts | None:
    if found is None:
        return None
    try:
        fmt, mode, width, height = json.loads(found)
    except (ValueError, TypeError):
        return None
    if not (isinstance(fmt, str) and isinstance(mode, str) and type(width) is int and type(height) is int):
        return None
    return ImageFacts(fmt, mode, width, height)
