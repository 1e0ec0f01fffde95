"""The fontTools route to a TrueType subset, for fonts the fast path (``convert.py``) cannot read.

Input: a CFF or CFF2 font (any container fontTools opens, e.g. WOFF), the characters to keep,
and the PostScript name tag.
Output: the bytes of a TrueType subset (same tables and conventions as ``convert.py``).

Slower (~1 s on Noto CJK) but general: it is only reached for unusual fonts (variable CFF2,
FontMatrix other than 1/1000, charstring operators a text font does not use).
"""

from __future__ import annotations

import io
from pathlib import Path

from reportgen.fonts.glyf import MAX_ERR


def open_font(path: Path, index: int | None, lazy: bool = True):
    from fontTools.ttLib import TTFont  # local: fontTools import costs ~0.1 s

    # recalcTimestamp=False: saving must not stamp the current time into head.modified,
    # so two runs (or two processes) write identical bytes.
    return TTFont(str(path), fontNumber=-1 if index is None else index, lazy=lazy, recalcTimestamp=False)


def convert(path: Path, index: int | None, wanted: str, tag: str) -> bytes:
    from fontTools import subset

    font = open_font(path, index)
    try:
        font.getGlyphOrder()  # read the names from the CFF charset before the table goes
        # The glyph set keeps its own reference to the charstrings, so we can still draw after
        # removing the CFF table; subsetting CFF first would cost more than 1 s for nothing.
        outlines = font.getGlyphSet()
        for table in ("CFF ", "CFF2", "VORG"):
            if table in font:
                del font[table]
        options = subset.Options()
        # ReportLab reads only cmap, glyf/loca, hmtx, head, hhea, maxp, name, OS/2 and post.
        options.drop_tables = sorted(
            set(options.drop_tables) | {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "meta"}
        )
        options.layout_features = []
        options.hinting = False
        options.notdef_outline = True
        options.recalc_timestamp = False
        options.glyph_names = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(ch) for ch in wanted])
        subsetter.subset(font)
        _add_glyf(font, outlines)
        for record in font["name"].names:
            if record.nameID == 6:
                base = record.toUnicode().split("-rg")[0]
                record.string = f"{base}-rg{tag}"
        buffer = io.BytesIO()
        font.save(buffer, reorderTables=True)
        return buffer.getvalue()
    finally:
        font.close()


def _add_glyf(font, outlines) -> None:
    """Give a subset font without outline table a glyf/loca drawn from ``outlines``."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF draws outer contours counter-clockwise, TrueType clockwise: reverse them.
        outlines[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")  # rebuilt from glyf on compile

    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        advance, _ = hmtx[name]
        # TrueType rasterisers expect lsb == xMin; CFF fonts need not keep them equal.
        hmtx[name] = (advance, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1  # recalc() on save fills the point/contour maxima from glyf

    post = font["post"]
    # Format 3 stores no glyph names: smaller, and ReportLab never reads them.
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)

    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
