"""The sfnt container (TrueType / OpenType / .ttc), read and written with ``struct``.

Input (reading): a font file and, for a .ttc collection, the member index.
Output: the tables' bytes, the Unicode cmap as code point -> glyph id lookups.
Input (writing): table tag -> bytes. Output: a font file with valid checksums.

Why not fontTools: ``TTFont.getBestCmap()`` on a 65k-glyph CJK font first builds every glyph's
name from the CFF charset and then a 44k-entry dict of names, ~0.3 s. We only ever need code
points and glyph ids, which the binary table gives directly.
"""

from __future__ import annotations

import array
import mmap
import struct
import sys
from bisect import bisect_right
from pathlib import Path


class Unsupported(Exception):
    """The fast path cannot read this font; the caller falls back to fontTools."""


# The subtable fontTools' getBestCmap() would pick, in its order of preference.
CMAP_PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def _uint32s(data) -> array.array:
    """Big-endian uint32 words of ``data`` (length a multiple of 4) as an array."""
    words = array.array("I")
    assert words.itemsize == 4
    words.frombytes(data)
    if sys.byteorder == "little":
        words.byteswap()
    return words


def _uint16s(data) -> array.array:
    words = array.array("H")
    words.frombytes(data)
    if sys.byteorder == "little":
        words.byteswap()
    return words


class Sfnt:
    """One font of a file, mapped into memory (a CJK font is 20 MB; we read a few hundred KB)."""

    def __init__(self, path: Path, index: int | None = None) -> None:
        with open(path, "rb") as fh:
            try:
                self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file: let fontTools report it
                raise Unsupported(f"{path}: empty file") from None
        try:
            self._read_directory(index)
        except (struct.error, ValueError, IndexError) as err:
            self.close()
            raise Unsupported(f"{path}: unreadable table directory ({err})") from None
        except Unsupported:
            self.close()
            raise

    def _read_directory(self, index: int | None) -> None:
        data = self._map
        start = 0
        if data[:4] == b"ttcf":
            count = struct.unpack_from(">I", data, 8)[0]
            member = 0 if index is None else index
            if not 0 <= member < count:
                raise Unsupported(f"no font {member} in a collection of {count}")
            start = struct.unpack_from(">I", data, 12 + 4 * member)[0]
        self.version = bytes(data[start : start + 4])
        if self.version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            raise Unsupported(f"not an sfnt font (signature {self.version!r})")
        num_tables = struct.unpack_from(">H", data, start + 4)[0]
        self.tables: dict[str, tuple[int, int]] = {}
        for i in range(num_tables):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, start + 12 + 16 * i)
            self.tables[tag.decode("latin-1")] = (offset, length)

    def close(self) -> None:
        try:
            self._map.close()
        except BufferError:  # a view is still alive somewhere; the map closes when it goes
            pass

    def __enter__(self) -> Sfnt:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __contains__(self, tag: str) -> bool:
        return tag in self.tables

    def table(self, tag: str) -> bytes:
        try:
            offset, length = self.tables[tag]
        except KeyError:
            raise Unsupported(f"no {tag!r} table") from None
        return self._map[offset : offset + length]

    def view(self, tag: str) -> memoryview:
        """Like :meth:`table` without the copy (the CFF table is most of a 20 MB file).

        Drop the view (and anything slicing it) before closing.
        """
        try:
            offset, length = self.tables[tag]
        except KeyError:
            raise Unsupported(f"no {tag!r} table") from None
        return memoryview(self._map)[offset : offset + length]

    def cmap(self) -> Cmap:
        try:
            return Cmap(self.table("cmap"))
        except (struct.error, IndexError, ValueError) as err:
            raise Unsupported(f"unreadable cmap ({err})") from None


class Cmap:
    """The preferred Unicode subtable, as sorted ranges: (first, last, glyph of first or None).

    ``None`` marks a format 4 range whose glyphs come from its glyphIdArray, one per code.
    """

    def __init__(self, data: bytes) -> None:
        count = struct.unpack_from(">H", data, 2)[0]
        offsets = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * i)
            offsets.setdefault((platform, encoding), offset)
        for preference in CMAP_PREFERENCES:
            if preference in offsets:
                offset = offsets[preference]
                break
        else:
            raise Unsupported("no Unicode cmap subtable")
        fmt = struct.unpack_from(">H", data, offset)[0]
        if fmt == 12:
            length, _language, groups = struct.unpack_from(">III", data, offset + 4)
            words = _uint32s(data[offset + 16 : offset + 16 + 12 * groups])
            self.firsts = words[0::3].tolist()
            self.lasts = words[1::3].tolist()
            self.glyphs: list = words[2::3].tolist()
            self._array = None
        elif fmt == 4:
            self._read_format4(data, offset)
        else:
            raise Unsupported(f"cmap subtable format {fmt}")

    def _read_format4(self, data: bytes, offset: int) -> None:
        length = struct.unpack_from(">H", data, offset + 2)[0]
        segments = struct.unpack_from(">H", data, offset + 6)[0] // 2
        words = _uint16s(data[offset + 14 : offset + length - (length % 2)])
        ends = words[0:segments]
        starts = words[segments + 1 : 2 * segments + 1]  # after reservedPad
        deltas = words[2 * segments + 1 : 3 * segments + 1]
        range_offsets = words[3 * segments + 1 : 4 * segments + 1]
        # idRangeOffset counts bytes from its own position; keep that position in words.
        self._array = words
        self._range_base = 3 * segments + 1
        self.firsts, self.lasts, self.glyphs, self._deltas = [], [], [], []
        # Like fontTools, leave out the last segment (the obligatory 0xFFFF terminator).
        for i in range(segments - 1):
            self.firsts.append(starts[i])
            self.lasts.append(ends[i])
            self._deltas.append(deltas[i])
            # For a range offset, remember the word index of the segment's first entry.
            self.glyphs.append(None if range_offsets[i] else (starts[i] + deltas[i]) & 0xFFFF)
            if range_offsets[i]:
                self._deltas[-1] = (deltas[i], self._range_base + i + range_offsets[i] // 2)

    def codes(self) -> frozenset[int]:
        """Every code point the subtable lists (mapped to .notdef or not, as fontTools does)."""
        found: set[int] = set()
        for first, last in zip(self.firsts, self.lasts, strict=True):
            found.update(range(first, last + 1))
        return frozenset(found)

    def lookup(self, code: int) -> int | None:
        """Glyph id for ``code``, or None if no range lists it."""
        i = bisect_right(self.firsts, code) - 1
        if i < 0 or code > self.lasts[i]:
            return None
        glyph = self.glyphs[i]
        if glyph is not None:
            return (glyph + code - self.firsts[i]) & 0xFFFF
        delta, base = self._deltas[i]
        try:
            raw = self._array[base + code - self.firsts[i]]
        except IndexError:
            return 0
        return (raw + delta) & 0xFFFF if raw else 0


# ------------------------------------------------------------------------------------ writing

# The table order fontTools writes for TrueType fonts (reorderTables=True): readers that
# stream the file find the headers first.
_ORDER = ("head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "loca", "glyf", "name", "post")


def checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(_uint32s(padded)) & 0xFFFFFFFF


def build(tables: dict[str, bytes]) -> bytes:
    """A TrueType font file from its tables (``head`` gets its checkSumAdjustment here)."""
    tags = sorted(tables)  # the directory must be sorted by tag
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    head = bytearray(tables["head"])
    head[8:12] = b"\0\0\0\0"
    tables = {**tables, "head": bytes(head)}

    layout = [t for t in _ORDER if t in tables] + [t for t in tags if t not in _ORDER]
    offset = 12 + 16 * count
    places, body = {}, []
    for tag in layout:
        data = tables[tag]
        places[tag] = offset
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    directory = b"".join(
        struct.pack(">4sIII", tag.encode("latin-1"), checksum(tables[tag]), places[tag], len(tables[tag]))
        for tag in tags
    )
    font = bytearray(header + directory + b"".join(body))
    adjustment = (0xB1B0AFBA - checksum(bytes(font))) & 0xFFFFFFFF
    at = places["head"] + 8
    font[at : at + 4] = struct.pack(">I", adjustment)
    return bytes(font)
