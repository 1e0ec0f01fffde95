"""Our Type 2 charstring interpreter against fontTools' on the CJK fonts we ship.

Every 61st glyph of each face (about 1,070 each: ideographs, kana, Latin, symbols, across all
FDArray members) must give exactly the points fontTools' pen protocol gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from reportgen.fonts import sfnt
from reportgen.fonts.cff import CFF
from reportgen.fonts.t2 import outline
from reportgen.theme import load_theme

THEME = load_theme(Path(__file__).resolve().parents[2] / "templates" / "briefing")


def _as_pen_calls(contours):
    calls = []
    for contour in contours:
        calls.append(("moveTo", (contour[0],)))
        for seg in contour[1:]:
            calls.append(("lineTo", (seg,)) if len(seg) == 2 else ("curveTo", (seg[0:2], seg[2:4], seg[4:6])))
        calls.append(("closePath", ()))
    return calls


@pytest.mark.parametrize("role", ["zh_body", "zh_heading"])
def test_outlines_equal_fonttools(role):
    path = THEME.fonts[role].regular
    font = TTFont(str(path), lazy=True)
    order = font.getGlyphOrder()
    charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
    with sfnt.Sfnt(path) as raw:
        cff = CFF(raw.table("CFF "))
        assert len(cff) == len(order)
        inked = 0
        for gid in range(0, len(order), 61):
            pen = RecordingPen()
            charstrings[order[gid]].draw(pen)
            expected = [(op, tuple(tuple(p) for p in args)) for op, args in pen.value]
            got = _as_pen_calls(outline(*cff.glyph(gid), cff.global_subrs))
            assert got == expected, (gid, order[gid])
            inked += bool(got)
    assert inked > 1000
