"""Cubic outlines to TrueType ``glyf`` glyph records.

Input: contours as ``t2.outline`` returns them (start point, then line/curve segments).
Output: a :class:`Glyph`: the binary glyf record plus the bounds and counts the font's header
tables need.

Why by hand: fontTools' Cu2QuPen -> ReverseContourPen -> TTGlyphPen chain and its Python
glyf compiler cost more than the curve fitting itself. Only the fitting (``curve_to_quadratic``,
compiled in fontTools' wheels) is borrowed.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

# Largest distance (font units) between a cubic curve and its quadratic replacement. One unit of
# a 1000-unit em is invisible at any print size and keeps the point count modest.
MAX_ERR = 1.0

_ON_CURVE, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME = 1, 2, 4, 8, 16, 32


@dataclass(frozen=True, slots=True)
class Glyph:
    data: bytes  # the glyf record, padded to 4 bytes; empty for a glyph without contours
    x_min: int = 0
    y_min: int = 0
    x_max: int = 0
    y_max: int = 0
    points: int = 0
    contours: int = 0


EMPTY = Glyph(b"")


def _round(v) -> int:
    # fontTools' otRound: halves go up, also for negative numbers.
    return v if type(v) is int else int(math.floor(v + 0.5))


def _points(contour: list[tuple], curve_to_quadratic) -> list[tuple[int, int, int]]:
    """One closed contour as TrueType points (x, y, on-curve flag), in CFF direction."""
    x0, y0 = contour[0]
    pts = [(_round(x0), _round(y0), 1)]
    for seg in contour[1:]:
        if len(seg) == 2:
            x0, y0 = seg
            pts.append((_round(x0), _round(y0), 1))
            continue
        x1, y1, x2, y2, x3, y3 = seg
        quad = curve_to_quadratic(((x0, y0), (x1, y1), (x2, y2), (x3, y3)), MAX_ERR)
        for qx, qy in quad[1:-1]:
            pts.append((_round(qx), _round(qy), 0))
        x0, y0 = x3, y3
        pts.append((_round(x3), _round(y3), 1))
    # The closing segment is implied; an explicit one ending on the start point repeats it.
    if len(pts) > 1 and pts[-1] == pts[0]:
        pts.pop()
    return pts


def _encode_axis(delta: int, short: int, same: int, out: bytearray) -> int:
    """Write one coordinate delta; return its flag bits."""
    if delta == 0:
        return same
    if -255 <= delta <= 255:
        if delta > 0:
            out.append(delta)
            return short | same
        out.append(-delta)
        return short
    out += struct.pack(">h", delta)
    return 0


def build_glyph(contours: list[list[tuple]]) -> Glyph:
    """The glyf record for ``contours``, reversed into TrueType's clockwise direction."""
    from fontTools.cu2qu import curve_to_quadratic

    all_points: list[tuple[int, int, int]] = []
    end_points: list[int] = []
    for contour in contours:
        pts = _points(contour, curve_to_quadratic)
        if len(pts) < 2:
            continue
        # CFF draws outer contours counter-clockwise, TrueType clockwise. Keeping the start
        # point and reading the rest backwards traverses the same contour the other way.
        pts[1:] = pts[:0:-1]
        all_points += pts
        end_points.append(len(all_points) - 1)
    if not all_points:
        return EMPTY

    xs = [p[0] for p in all_points]
    ys = [p[1] for p in all_points]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)

    flag_list = []
    x_bytes, y_bytes = bytearray(), bytearray()
    px = py = 0
    for x, y, on in all_points:
        flag_list.append(
            on | _encode_axis(x - px, _X_SHORT, _X_SAME, x_bytes) | _encode_axis(y - py, _Y_SHORT, _Y_SAME, y_bytes)
        )
        px, py = x, y
    flags = _pack_flags(flag_list)
    record = b"".join(
        [
            struct.pack(">hhhhh", len(end_points), x_min, y_min, x_max, y_max),
            struct.pack(f">{len(end_points)}H", *end_points),
            b"\0\0",  # no instructions
            bytes(flags),
            bytes(x_bytes),
            bytes(y_bytes),
        ]
    )
    record += b"\0" * (-len(record) % 4)
    return Glyph(record, x_min, y_min, x_max, y_max, len(all_points), len(end_points))


def _pack_flags(flags: list[int]) -> bytes:
    """Flags with each run of three or more equal ones stored once plus a repeat count."""
    packed = bytearray()
    i, n = 0, len(flags)
    while i < n:
        flag = flags[i]
        j = i + 1
        while j < n and flags[j] == flag and j - i <= 255:
            j += 1
        repeats = j - i - 1
        if repeats >= 2:
            packed += bytes((flag | _REPEAT, repeats))
        else:
            packed.append(flag)
            j = i + 1
        i = j
    return bytes(packed)
