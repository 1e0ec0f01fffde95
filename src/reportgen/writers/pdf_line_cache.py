"""The Chinese paragraphs' line settings of the last build of a report, kept in the cache.

Input: the report's key (:func:`reportgen.writers.pdf_toc_seed.seed_key`: its titles, layout
and languages, not its faces, so an edit that renames a subset keeps the settings it left alone)
and, during the layout, every setting :func:`reportgen.text.justify.set_paragraph` makes. Output: those settings for the
next build of the report, so a warm build — or one after an edit, for the paragraphs it left
alone — takes them from one cache entry instead of running the line breaker again.

Each setting is stored under a SHA-256 of everything it is a function of: the units, every
character's width (so the fonts and sizes), the measures, the em, the alignment. A stored setting
is therefore the one the breaker would compute, whichever report stored it. The entry holds
exactly the settings the last build used, so it does not grow with edits.
"""

from __future__ import annotations

import hashlib
import marshal

from reportgen import cachedir
from reportgen.text import justify
from reportgen.text.justify import SetLine

NAMESPACE = "cjk-lines"
_VERSION = b"1"  # bump when justify's setting of the same key changes


class ReportLines:
    """The settings of one report: those read from the cache, and those this build used."""

    def __init__(self, report_key: str) -> None:
        self.key = report_key
        self._stored = _load(cachedir.read(NAMESPACE, report_key, ".marshal"))
        self._used: dict[bytes, tuple[SetLine, ...]] = {}

    def get(self, key: tuple) -> tuple[SetLine, ...] | None:
        return self._stored.get(_digest(key))

    def used(self, key: tuple, lines: tuple[SetLine, ...]) -> None:
        self._used[_digest(key)] = lines

    def keep(self) -> None:
        """Store what this build used, if that is not what the entry holds already."""
        if self._used.keys() != self._stored.keys():
            packed = {d: tuple(_pack(line) for line in lines) for d, lines in self._used.items()}
            cachedir.write(NAMESPACE, self.key, marshal.dumps(packed), ".marshal")


class layout_with:  # noqa: N801 - used as a context manager, like open()
    """``with layout_with(lines): ...``: the line breaker consults and records ``lines``."""

    def __init__(self, lines: ReportLines) -> None:
        self.lines = lines

    def __enter__(self) -> ReportLines:
        justify.store = self.lines
        return self.lines

    def __exit__(self, *exc) -> None:
        justify.store = None


def _digest(key: tuple) -> bytes:
    # repr writes each float as the shortest text that reads back as the same float, so two keys
    # share a digest only when every width is equal (marshal's bytes depend on string interning)
    return hashlib.sha256(_VERSION + repr(key).encode("utf-8", "surrogatepass")).digest()


def _pack(line: SetLine) -> tuple:
    return (line.units, line.chars, line.xs, line.width, line.positions)


def _load(data: bytes | None) -> dict[bytes, tuple[SetLine, ...]]:
    """The stored settings; nothing for an entry of another shape (its checksum already held, so
    this is an entry another version wrote)."""
    if data is None:
        return {}
    try:
        found = marshal.loads(data)
        return {d: tuple(_unpack(t) for t in lines) for d, lines in found.items() if type(d) is bytes}
    except (ValueError, TypeError, EOFError, AttributeError):
        return {}


def _unpack(t: tuple) -> SetLine:
    units, chars, xs, width, positions = t
    if not (
        type(units) is tuple
        and type(chars) is str
        and type(xs) is tuple
        and type(positions) is tuple
        and type(width) in (float, int)
        and len(xs) == len(positions) == len(chars)
    ):
        raise TypeError("not a set line")
    return SetLine(units, chars, xs, width, positions)
