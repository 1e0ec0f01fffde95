"""A TrueType subset put together with ``fontTools.fontBuilder``.

Input: a face record (the source's head, hhea, OS/2, post and name tables), the subset's cmap
(code point -> source glyph id), the converted glyphs and a tag that makes the PostScript name
unique.
Output: the bytes of a static, single-face TrueType font with .notdef plus those glyphs, holding
the tables ReportLab reads: cmap, glyf/loca, hmtx, head, hhea, maxp, name, OS/2 and post.

The output is a function of its inputs only (the source's timestamps, glyphs in source order), so
the same font and characters give the same bytes in any process, whatever the glyph cache held.
"""

from __future__ import annotations

import io
import re

from reportgen.fonts.face import Face
from reportgen.fonts.glyphs import Glyphs

_HHEA_FIELDS = ("ascent", "descent", "lineGap", "caretSlopeRise", "caretSlopeRun", "caretOffset")
_POST_FIELDS = ("italicAngle", "underlinePosition", "underlineThickness", "isFixedPitch")


def truetype(face: Face, cmap: dict[int, int], glyphs: Glyphs, tag: str) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    source = {t: _decompiled(newTable, t, face.tables[t]) for t in ("head", "hhea", "OS/2", "post") if t in face.tables}
    head = source["head"]
    fb = FontBuilder(head.unitsPerEm, isTTF=True)
    # The glyphs go in as compiled, with the bounds and counts recorded when they were converted:
    # recalculating them would decompile and recompile every glyph of the subset.
    fb.font.recalcBBoxes = False
    gids = sorted(glyphs)  # .notdef (0) first, then the source's order
    names = {gid: ".notdef" if gid == 0 else f"g{gid}" for gid in gids}
    order = [names[g] for g in gids]
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({code: names[gid] for code, gid in cmap.items()})
    glyf = fb.font["glyf"] = newTable("glyf")
    fb.font["loca"] = newTable("loca")  # offsets written when glyf is compiled
    glyf.glyphOrder = order
    glyf.glyphs = {names[g]: Glyph(glyphs[g].data) for g in gids}
    inked = [glyphs[g] for g in gids if glyphs[g].contours]
    # TrueType rasterisers expect lsb == xMin.
    fb.setupHorizontalMetrics({names[g]: (glyphs[g].advance, glyphs[g].bounds[0]) for g in gids})
    hhea = source.get("hhea")
    fb.setupHorizontalHeader(
        **({f: getattr(hhea, f) for f in _HHEA_FIELDS} if hhea else {}),
        advanceWidthMax=max(g.advance for g in glyphs.values()),
        minLeftSideBearing=min((g.bounds[0] for g in inked), default=0),
        minRightSideBearing=min((g.advance - g.bounds[2] for g in inked), default=0),
        xMaxExtent=max((g.bounds[2] for g in inked), default=0),
    )
    fb.setupMaxp()
    maxp = fb.font["maxp"]
    maxp.numGlyphs = len(order)
    maxp.maxPoints = max((g.points for g in inked), default=0)
    maxp.maxContours = max((g.contours for g in inked), default=0)
    maxp.maxCompositePoints = maxp.maxCompositeContours = maxp.maxComponentElements = maxp.maxComponentDepth = 0
    _os2(fb, source.get("OS/2"), dict(face.axes))
    fb.setupNameTable(_names(face, tag), mac=False)
    post = source.get("post")
    fb.setupPost(keepGlyphNames=False, **({f: getattr(post, f) for f in _POST_FIELDS} if post else {}))
    # The source's head, not FontBuilder's (it stamps today's date): the same input, the same bytes.
    # Checksums and the loca format are set when the font is compiled; the bounds are the glyphs'.
    head.glyphDataFormat = 0
    head.xMin, head.yMin = min((g.bounds[0] for g in inked), default=0), min((g.bounds[1] for g in inked), default=0)
    head.xMax, head.yMax = max((g.bounds[2] for g in inked), default=0), max((g.bounds[3] for g in inked), default=0)
    if "wght" in dict(face.axes) and "OS/2" in fb.font:  # macStyle's bold bit agrees with the instance's OS/2
        head.macStyle = (head.macStyle & ~1) | (1 if fb.font["OS/2"].fsSelection & 0b100000 else 0)
    fb.font["head"] = head
    buffer = io.BytesIO()
    fb.save(buffer)
    return buffer.getvalue()


def _decompiled(new_table, tag: str, data: bytes):
    table = new_table(tag)
    if tag == "post":
        data = b"\x00\x03\x00\x00" + data[4:32]  # the header only: format 3 keeps no glyph names
    table.decompile(data, None)
    return table


def _os2(fb, source, location: dict[str, float]) -> None:
    if source is None:
        fb.setupOS2()
        return
    fb.font["OS/2"] = source
    if "wght" in location:  # an instance of a variable font: its weight, for viewers and Word
        source.usWeightClass = max(1, min(1000, round(location["wght"])))
        # The style bits Word and LibreOffice match a family's bold by (fsSelection BOLD/REGULAR,
        # head.macStyle bold): a variable font's default (Thin for Noto Sans CJK) says neither.
        bold = source.usWeightClass >= 600
        italic = bool(source.fsSelection & 1)
        source.fsSelection = (source.fsSelection & ~0b1100001) | (0b100000 if bold else 0)
        source.fsSelection |= (1 if italic else 0) | (0 if bold or italic else 0b1000000)
    source.recalcAvgCharWidth(fb.font)
    source.updateFirstAndLastCharIndex(fb.font)
    source.recalcUnicodeRanges(fb.font)


# nameID -> FontBuilder's field: the names ReportLab and PDF viewers read.
_NAME_FIELDS = {
    0: "copyright",
    1: "familyName",
    2: "styleName",
    3: "uniqueFontIdentifier",
    4: "fullName",
    5: "version",
    6: "psName",
    16: "typographicFamily",
    17: "typographicSubfamily",
}


def _names(face: Face, tag: str) -> dict[str, str]:
    """English Windows names built from whatever the source has (any platform or language).

    ReportLab needs a Windows-English (or Mac) PostScript name; a font whose names are all in
    another language or platform still gets one. The PostScript name is unique to this subset:
    ReportLab keeps one face per PostScript name for the whole process, so a second subset of the
    same font under the same name would silently reuse the first one's glyphs.
    """
    found = _source_names(face.tables.get("name"))
    family = found.get(1) or found.get(16) or found.get(4) or found.get(6) or "reportgen font"
    style = found.get(2) or "Regular"
    if face.instance is not None:  # a variable font's instance: named for its location, not the default's
        family = found.get(16) or family
        style, ps = face.instance
        found = {k: v for k, v in found.items() if k not in (3, 4, 6, 16, 17)}
        found[6] = ps or f"{family}-{style}"
    base = _ps_safe(found.get(6) or f"{family}-{style}").split("-rg")[0] or "reportgen"
    names = {field: found[nid] for nid, field in _NAME_FIELDS.items() if nid in found}
    names.update(
        familyName=family,
        styleName=style,
        fullName=found.get(4) or f"{family} {style}",
        psName=f"{base[:50]}-rg{tag}",
    )
    names.setdefault("uniqueFontIdentifier", names["psName"])
    names.setdefault("version", "Version 1.000")
    return names


def _source_names(data: bytes | None) -> dict[int, str]:
    if not data:
        return {}
    from fontTools.ttLib import newTable

    table = newTable("name")
    try:
        table.decompile(data, None)
    except Exception:  # noqa: BLE001 - an unreadable name table only costs the names
        return {}

    def rank(record) -> int:
        where = (record.platformID, record.platEncID, record.langID)
        if where[0] == 3 and where[2] == 0x409:
            return 0
        if where == (1, 0, 0):
            return 1
        return 2 if record.platformID == 3 else 3

    out: dict[int, tuple[int, str]] = {}
    for record in table.names:
        if record.nameID not in _NAME_FIELDS:
            continue
        try:
            text = record.toUnicode().strip()
        except UnicodeDecodeError:
            continue
        if text and (record.nameID not in out or rank(record) < out[record.nameID][0]):
            out[record.nameID] = (rank(record), text)
    return {nid: text for nid, (_, text) in out.items()}


def _ps_safe(name: str) -> str:
    # PostScript names: printable ASCII without spaces or the delimiters []{}()<>/%.
    return re.sub(r"[^\x21-\x7e]|[\[\](){}<>/%]", "", name)
