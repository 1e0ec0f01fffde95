"""Just enough of a CFF table to fetch one glyph's Type 2 charstring by glyph id.

Input: the bytes of an OpenType ``CFF `` table (name-keyed or CID-keyed).
Output: for a glyph id, its charstring bytes plus the local and global subroutine INDEXes it
may call.

Why not fontTools' cffLib: it reaches charstrings through glyph names, so it first expands the
charset into 65k names (~0.2 s on Noto CJK) and the FDSelect into a 65k-entry list. A subset
needs only a thousand glyphs; here everything is read on demand by glyph id.
"""

from __future__ import annotations

import struct
from bisect import bisect_right

from reportgen.fonts.sfnt import Unsupported


class Index:
    """A CFF INDEX read lazily: item ``i`` is sliced out of the table on first use."""

    def __init__(self, data: bytes | memoryview, pos: int) -> None:
        self.data = data
        self.count = struct.unpack_from(">H", data, pos)[0]
        self._items: dict[int, bytes] = {}
        if self.count == 0:
            self.end = pos + 2
            return
        self.off_size = data[pos + 2]
        self.offsets_at = pos + 3
        # Offsets are relative to the byte before the object data.
        self.base = pos + 2 + (self.count + 1) * self.off_size
        self.end = self.base + self._offset(self.count)

    def _offset(self, i: int) -> int:
        at = self.offsets_at + i * self.off_size
        return int.from_bytes(self.data[at : at + self.off_size], "big")

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> bytes:
        found = self._items.get(i)
        if found is None:
            if not 0 <= i < self.count:
                raise Unsupported(f"INDEX item {i} out of range ({self.count})")
            found = bytes(self.data[self.base + self._offset(i) : self.base + self._offset(i + 1)])
            self._items[i] = found
        return found


_REAL_NIBBLES = [*"0123456789", ".", "E", "E-", "", "-"]


def parse_dict(data: bytes | memoryview) -> dict[int, list]:
    """A Top/Font/Private DICT as operator -> operands (escaped operators are 1200 + b1)."""
    result: dict[int, list] = {}
    operands: list = []
    pos, end = 0, len(data)
    while pos < end:
        b0 = data[pos]
        pos += 1
        if b0 <= 21:
            op = b0
            if b0 == 12:
                op = 1200 + data[pos]
                pos += 1
            result[op] = operands
            operands = []
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, pos)[0])
            pos += 2
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, pos)[0])
            pos += 4
        elif b0 == 30:
            text = []
            while True:
                byte = data[pos]
                pos += 1
                hi, lo = byte >> 4, byte & 15
                if hi == 15:
                    break
                text.append(_REAL_NIBBLES[hi])
                if lo == 15:
                    break
                text.append(_REAL_NIBBLES[lo])
            operands.append(float("".join(text) or 0))
        elif 32 <= b0 <= 246:
            operands.append(b0 - 139)
        elif 247 <= b0 <= 250:
            operands.append((b0 - 247) * 256 + data[pos] + 108)
            pos += 1
        elif 251 <= b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[pos] - 108)
            pos += 1
        else:
            raise Unsupported(f"bad DICT byte {b0}")
    return result


_CHARSTRINGS, _PRIVATE, _SUBRS = 17, 18, 19
_CHARSTRING_TYPE, _FONT_MATRIX, _FD_ARRAY, _FD_SELECT = 1206, 1207, 1236, 1237
_DEFAULT_MATRIX = [0.001, 0, 0, 0.001, 0, 0]


class CFF:
    """Charstrings and subroutines of the (first and only) font in a CFF table."""

    def __init__(self, data: bytes | memoryview) -> None:
        self.data = data
        if data[0] != 1:
            raise Unsupported(f"CFF major version {data[0]} (CFF2 is not handled here)")
        names = Index(data, data[2])  # header size
        tops = Index(names.data, names.end)
        if len(tops) != 1:
            raise Unsupported("a CFF table with several fonts")
        strings = Index(data, tops.end)
        self.global_subrs = Index(data, strings.end)
        top = parse_dict(tops[0])
        if top.get(_CHARSTRING_TYPE, [2]) != [2]:
            raise Unsupported("Type 1 charstrings")
        if top.get(_FONT_MATRIX, _DEFAULT_MATRIX) != _DEFAULT_MATRIX:
            raise Unsupported("a FontMatrix other than 1/1000 em")
        self.charstrings = Index(data, top[_CHARSTRINGS][0])
        if _FD_ARRAY in top:
            fonts = Index(data, top[_FD_ARRAY][0])
            self.local_subrs = []
            for i in range(len(fonts)):
                font_dict = parse_dict(fonts[i])
                if font_dict.get(_FONT_MATRIX, _DEFAULT_MATRIX) != _DEFAULT_MATRIX:
                    raise Unsupported("a FontMatrix other than 1/1000 em")
                self.local_subrs.append(self._private_subrs(font_dict))
            self._read_fd_select(top[_FD_SELECT][0])
        else:
            self.local_subrs = [self._private_subrs(top)]
            self._fd_firsts, self._fd_values = [0], [0]

    def _private_subrs(self, font_dict: dict[int, list]) -> Index | list:
        if _PRIVATE not in font_dict:
            return []
        size, offset = font_dict[_PRIVATE]
        private = parse_dict(self.data[offset : offset + size])
        if _SUBRS not in private:
            return []
        # The Subrs offset counts from the start of the Private DICT.
        return Index(self.data, offset + private[_SUBRS][0])

    def _read_fd_select(self, pos: int) -> None:
        data = self.data
        fmt = data[pos]
        if fmt == 0:
            count = len(self.charstrings)
            self._fd_firsts = list(range(count))
            self._fd_values = list(data[pos + 1 : pos + 1 + count])
        elif fmt == 3:
            ranges = struct.unpack_from(">H", data, pos + 1)[0]
            self._fd_firsts, self._fd_values = [], []
            for i in range(ranges):
                first, fd = struct.unpack_from(">HB", data, pos + 3 + 3 * i)
                self._fd_firsts.append(first)
                self._fd_values.append(fd)
        else:
            raise Unsupported(f"FDSelect format {fmt}")

    def __len__(self) -> int:
        return len(self.charstrings)

    def glyph(self, gid: int) -> tuple[bytes, Index | list]:
        """The charstring of glyph ``gid`` and the local subroutines it calls."""
        fd = self._fd_values[bisect_right(self._fd_firsts, gid) - 1]
        return self.charstrings[gid], self.local_subrs[fd]
