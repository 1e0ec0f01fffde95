"""TrueType glyphs drawn from a font face with fontTools, cached per glyph.

Input: a font file, its :class:`~reportgen.fonts.face.Face` record and the glyph ids a subset needs.
Output: gid -> :class:`Converted` (advance, bounds and point count as fontTools computed them,
and the compiled TrueType glyph bytes) for each of them.

Each glyph is drawn from the glyph set at the face's location (variable fonts: outlines and
advances blended by fontTools; after a CFF2 face's first conversion, its charstrings are blended
directly and its advances at the location come from the cache, which spares an edit's few new
glyphs the glyph set's 65,535 glyph names and its HVAR decoding, ~0.25 s), CFF cubics fitted to
quadratics by ``Cu2QuPen`` (and reversed:
CFF outer contours run counter-clockwise, TrueType ones clockwise), TrueType outlines copied with
components decomposed (a component need not be in the subset). A glyph's bytes depend only on the
face and the glyph, so glyphs converted in different runs assemble into the same font.

The cache: one growing entry per face (:mod:`reportgen.cachedir`, namespace ``font-glyphs``,
verified on read) holding every glyph converted so far. A run converts only the glyphs the entry
lacks and stores the entry grown by them. Two runs growing it at once may each lose the other's
additions; that only costs converting those glyphs again.
"""

from __future__ import annotations

import struct
from array import array
from pathlib import Path
from typing import NamedTuple

from reportgen import cachedir
from reportgen.fonts.face import Face, open_font

MAX_ERR = 1.0  # font units the quadratic fit may stray from the cubic curve (1/1000 em)
_MAGIC = b"RGG2"
_HEAD = struct.Struct("<4sI")
# gid, advance, contours, xMin, yMin, xMax, yMax, points, then the length of the glyph bytes
_ENTRY = struct.Struct("<IHhhhhhHI")


class Converted(NamedTuple):
    """One glyph, with the figures the font's header tables are made of, so that assembling a
    subset neither decompiles nor recompiles a glyph (that was most of an edit's cost)."""

    advance: int
    contours: int
    bounds: tuple[int, int, int, int]  # xMin, yMin, xMax, yMax; zeros for an empty glyph
    points: int
    data: bytes  # compiled glyf record; b"" for an empty glyph


Glyphs = dict[int, Converted]


def converted(path: Path, face: Face, gids: list[int]) -> Glyphs:
    known = _parse(cachedir.read("font-glyphs", face.key))
    todo = [gid for gid in gids if gid not in known]
    if todo:
        known.update(_convert(path, face, todo))
        cachedir.write("font-glyphs", face.key, _pack(known))
    return {gid: known[gid] for gid in gids}


def _convert(path: Path, face: Face, gids: list[int]) -> Glyphs:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    font = open_font(path, face.index)
    try:
        cubic = "glyf" not in font
        variable_cff2 = cubic and bool(face.axes) and "CFF2" in font
        glyph_set, advances, blender = None, None, None
        if cubic and not face.axes and "CFF " in font and face.advances is not None:
            # A static CFF font: its charstrings drawn directly, advances from the face record
            # (a glyph set would decode all 65,535 hmtx and vmtx entries to convert ten glyphs).
            charstrings, advances = _charstrings_by_gid(font, "CFF "), face.advances
        elif variable_cff2 and (advances := _cached_instance_advances(face)) is not None:
            # A CFF2 variable font at the theme's location, after its first conversion: the
            # charstrings blended at the location directly, the instance's advances from the cache.
            charstrings = _charstrings_by_gid(font, "CFF2")
            blender = _blender(font, face)
        else:
            glyph_set = font.getGlyphSet(location=dict(face.axes) or None, normalized=False)
            order = font.getGlyphOrder()
            if variable_cff2:
                _store_instance_advances(face, font, glyph_set, order)
        out: Glyphs = {}
        for gid in gids:
            glyph = glyph_set[order[gid]] if glyph_set is not None else charstrings[gid]
            width = glyph.width if glyph_set is not None else advances[gid]
            pen = TTGlyphPen(None)
            if glyph_set is None:
                glyph.draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True), blender)
            elif cubic:
                glyph.draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
            else:
                recording = DecomposingRecordingPen(glyph_set)
                glyph.draw(recording)
                recording.replay(pen)
            tt = pen.glyph()
            advance = _clamp(width)
            if tt.numberOfContours:
                tt.recalcBounds(None)
                data = tt.compile(None)
                bounds = (tt.xMin, tt.yMin, tt.xMax, tt.yMax)
                out[gid] = Converted(advance, tt.numberOfContours, bounds, len(tt.coordinates), data)
            else:
                out[gid] = Converted(advance, 0, (0, 0, 0, 0), 0, b"")
        return out
    finally:
        font.close()


def _clamp(width: float) -> int:
    return max(0, min(0xFFFF, round(width)))


def _charstrings_by_gid(font, tag: str):
    """A CFF or CFF2 font's charstrings by glyph id, from fontTools' own CharStrings INDEX.

    The CharStrings INDEX is in glyph-id order in every CFF font, so no glyph name is needed.
    ``topDict.CharStrings`` would first parse the charset and map all 65,535 glyph names (about
    0.25 s on a CJK face, most of an edit's conversion of ten glyphs); this builds the same index
    fontTools builds there (``SubrsIndex``, each item a T2CharString with its FD's Private dict)
    without them.
    """
    from fontTools.cffLib import SubrsIndex

    if tag == "CFF2":
        # A CFF2 top dict asks the font for its glyph order, which fontTools would make by naming
        # 65,535 glyphs from the cmap (~0.2 s); glyphs are read by id here, so ids as names do.
        font.setGlyphOrder([f"gid{gid}" for gid in range(font["maxp"].numGlyphs)])
    top = font[tag].cff.topDictIndex[0]
    raw = top.rawDict
    if "FDArray" in raw:  # CID-keyed (and every CFF2 font): each glyph's Private dict through FDSelect
        fd_array, fd_select, private = top.FDArray, top.FDSelect if "FDSelect" in raw else None, None
    else:
        fd_array, fd_select, private = None, None, top.Private
    top.file.seek(raw["CharStrings"])
    return SubrsIndex(top.file, top.GlobalSubrs, private, fd_select, fd_array, isCFF2=tag == "CFF2")


def _blender(font, face: Face):
    """What blends a CFF2 charstring at the face's location, as fontTools' glyph set blends it:
    the CharStrings' variation store at the location normalized through fvar and avar."""
    from fontTools.varLib.varStore import VarStoreInstancer

    top = font["CFF2"].cff.topDictIndex[0]
    location = font.normalizeLocation(dict(face.axes))
    return VarStoreInstancer(top.VarStore.otVarStore, font["fvar"].axes, location).interpolateFromDeltas


def _cached_instance_advances(face: Face) -> array | None:
    data = cachedir.read("font-advances", face.key)
    if not data or len(data) % 2:
        return None
    advances = array("H")
    advances.frombytes(data)
    return advances


def _store_instance_advances(face: Face, font, glyph_set, order: list[str]) -> None:
    """Every glyph's advance at the face's location (hmtx plus HVAR's deltas, as the glyph set
    computes a glyph's width), kept for the faster path of later conversions. Their first
    conversion decodes HVAR's 65,536-entry advance map anyway; after that this is a loop over
    the glyphs, each distinct delta computed once (~30 ms)."""
    from fontTools.varLib.varStore import VarStoreInstancer

    metrics = font["hmtx"].metrics
    hvar = getattr(font.get("HVAR"), "table", None)
    if hvar is None:
        widths = (metrics[name][0] for name in order)
    else:
        instancer = VarStoreInstancer(hvar.VarStore, font["fvar"].axes, glyph_set.location)
        mapping = hvar.AdvWidthMap.mapping if hvar.AdvWidthMap is not None else None
        deltas: dict[int, float] = {}

        def width(gid: int, name: str) -> float:
            varidx = mapping[name] if mapping is not None else gid
            if mapping is None and varidx > 0xFFFF:  # as fontTools: no packed index from a glyph id
                return metrics[name][0]
            if varidx not in deltas:
                deltas[varidx] = instancer[varidx]
            return metrics[name][0] + deltas[varidx]

        widths = (width(gid, name) for gid, name in enumerate(order))
    cachedir.write("font-advances", face.key, array("H", map(_clamp, widths)).tobytes())


def _parse(data: bytes | None) -> Glyphs:
    """The entry's glyphs; none if it is absent or not in this layout (checksums are cachedir's)."""
    if not data:
        return {}
    try:
        return _entries(data)
    except (ValueError, struct.error):
        return {}


def _entries(data: bytes) -> Glyphs:
    magic, count = _HEAD.unpack_from(data, 0)
    if magic != _MAGIC:
        raise ValueError("not a glyph entry")
    out: Glyphs = {}
    at = _HEAD.size
    for _ in range(count):
        gid, advance, contours, x0, y0, x1, y1, points, length = _ENTRY.unpack_from(data, at)
        at += _ENTRY.size
        if at + length > len(data):
            raise ValueError("truncated glyph entry")
        out[gid] = Converted(advance, contours, (x0, y0, x1, y1), points, data[at : at + length])
        at += length
    if at != len(data):
        raise ValueError("glyph entry has trailing bytes")
    return out


def _pack(glyphs: Glyphs) -> bytes:
    parts = [_HEAD.pack(_MAGIC, len(glyphs))]
    for gid in sorted(glyphs):
        g = glyphs[gid]
        parts += [_ENTRY.pack(gid, g.advance, g.contours, *g.bounds, g.points, len(g.data)), g.data]
    return b"".join(parts)
