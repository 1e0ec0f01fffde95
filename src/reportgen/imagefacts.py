"""What the checks found about an image file, kept in the cache under a hash of its bytes.

Input: an image file the theme (a logo) or the content (a photo) names. Output: its format, mode
and pixel size as Pillow read them, if this file passed the same check before; else None, and the
caller opens it with Pillow and, when it passes, :func:`remember` s what it found.

Opening and decoding a logo to prove it is whole (and importing Pillow to do it) was ~50 ms of
every build, for a file that rarely changes. A file that fails is never remembered: its error
comes from Pillow each time, as before. The key is the bytes' SHA-256, so an edited file is
checked afresh whatever its name or time.
"""

from __future__ import annotations

import hashlib
import json
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


def known(path: Path, check: str) -> ImageFacts | None:
    """The facts ``check`` (a name for what was verified) found the last time this file passed it."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    found = cachedir.read(NAMESPACE, _key(data, check), ".json")
    if found is None:
        return None
    try:
        fmt, mode, width, height = json.loads(found)
    except (ValueError, TypeError):
        return None
    if not (isinstance(fmt, str) and isinstance(mode, str) and type(width) is int and type(height) is int):
        return None
    return ImageFacts(fmt, mode, width, height)


def remember(path: Path, check: str, facts: ImageFacts) -> None:
    """Keep what a passed ``check`` found about ``path``."""
    try:
        data = path.read_bytes()
    except OSError:
        return
    record = json.dumps([facts.format, facts.mode, facts.width, facts.height]).encode()
    cachedir.write(NAMESPACE, _key(data, check), record, ".json")
