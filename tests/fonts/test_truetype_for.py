"""The CFF -> TrueType subset: checked on the produced font itself, against the source font.

Outlines (bounds, area and direction), advances, cmap, names and header tables are read back
with fontTools; ReportLab must register and embed the result; two processes must write the
same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from reportgen import fonts
from reportgen.fonts import convert, legacy, sfnt
from reportgen.theme import load_theme

REPO = Path(__file__).resolve().parents[2]
THEME = load_theme(REPO / "templates" / "briefing")
SERIF = THEME.fonts["zh_body"].regular
SANS = THEME.fonts["zh_heading"].regular
LATIN = THEME.fonts["en_body"].regular

# Common and rare ideographs, CJK and ASCII punctuation, digits, a space, full-width forms and one
# character above the BMP (U+1F100, in Noto Serif CJK SC) so that format 12 is written too.
TEXT = "管城回族区十四五规划高质量发展鬱龘，。、“”《》（）！：；—… ABCxyz 0123456789.%&<>ＡＢ１２\U0001f100"
NOT_IN_FONT = "\U0001f600"  # an emoji: the CJK fonts lack it


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("font-cache")
        mp.setenv("REPORTGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def serif_ttf(cache) -> Path:
    return fonts.truetype_for(SERIF, TEXT + NOT_IN_FONT)


def _bounds(glyph_set, name):
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.bounds


def _area(glyph_set, name) -> float:
    pen = AreaPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.value


@pytest.mark.parametrize("source", [SERIF, SANS], ids=["serif", "sans"])
def test_outlines_match_the_source(cache, source):
    out = fonts.truetype_for(source, TEXT)
    src, new = TTFont(str(source), lazy=True), TTFont(str(out))
    assert new.sfntVersion == "\x00\x01\x00\x00" and "glyf" in new and "CFF " not in new
    src_cmap, new_cmap = src.getBestCmap(), new.getBestCmap()
    expected = {ord(ch) for ch in TEXT if ord(ch) in src_cmap}
    assert set(new_cmap) == expected
    src_glyphs, new_glyphs = src.getGlyphSet(), new.getGlyphSet()
    inked = 0
    for code in sorted(expected):
        src_name, new_name = src_cmap[code], new_cmap[code]
        assert new["hmtx"][new_name][0] == src["hmtx"][src_name][0], hex(code)
        before, after = _bounds(src_glyphs, src_name), _bounds(new_glyphs, new_name)
        if before is None:
            assert after is None, hex(code)
            continue
        inked += 1
        # The quadratic fit may stray MAX_ERR from the curve, plus rounding to whole units.
        assert max(abs(a - b) for a, b in zip(before, after, strict=True)) <= 1.5, (hex(code), before, after)
        # CFF outer contours run counter-clockwise (positive area), TrueType ones clockwise.
        area_before, area_after = _area(src_glyphs, src_name), _area(new_glyphs, new_name)
        assert area_after == pytest.approx(-area_before, rel=0.01), hex(code)
        glyph = new["glyf"][new_name]
        assert new["hmtx"][new_name][1] == glyph.xMin  # lsb == xMin
    assert inked > 40
    # .notdef comes first and keeps its outline (a missing character shows as a box).
    assert new.getGlyphOrder()[0] == ".notdef"
    assert new["glyf"][".notdef"].numberOfContours > 0
    assert new["maxp"].numGlyphs == len(set(new_cmap.values())) + 1
    src.close()
    new.close()


def test_header_tables_describe_the_glyphs(serif_ttf):
    font = TTFont(str(serif_ttf))
    glyf = font["glyf"]
    inked = [glyf[n] for n in font.getGlyphOrder() if glyf[n].numberOfContours > 0]
    head = font["head"]
    assert (head.xMin, head.yMin, head.xMax, head.yMax) == (
        min(g.xMin for g in inked),
        min(g.yMin for g in inked),
        max(g.xMax for g in inked),
        max(g.yMax for g in inked),
    )
    assert font["maxp"].maxPoints == max(len(g.getCoordinates(glyf)[0]) for g in inked)
    assert font["hhea"].advanceWidthMax == max(adv for adv, _ in font["hmtx"].metrics.values())
    assert font["post"].formatType == 3.0
    # The source's timestamps, not today's: the same input gives the same bytes.
    source = TTFont(str(SERIF), lazy=True)
    assert (head.created, head.modified) == (source["head"].created, source["head"].modified)
    # Above the BMP needs a format 12 subtable (ReportLab reads the last Windows one).
    formats = {(t.platformID, t.platEncID): t.format for t in font["cmap"].tables}
    assert formats[(3, 1)] == 4 and formats[(3, 10)] == 12
    assert font["cmap"].getcmap(3, 1).cmap.keys() == {c for c in map(ord, TEXT) if c <= 0xFFFF}


def test_postscript_name_is_unique_per_subset(cache, serif_ttf):
    other = fonts.truetype_for(SERIF, "管城")
    names = {}
    for path in (serif_ttf, other):
        name = TTFont(str(path))["name"]
        assert name.getDebugName(1) == "Noto Serif CJK SC"  # the family Word shows is unchanged
        names[path] = name.getDebugName(6)
    assert names[serif_ttf] == f"NotoSerifCJKsc-Regular-rg{serif_ttf.stem[:10]}"
    assert names[other] == f"NotoSerifCJKsc-Regular-rg{other.stem[:10]}"


def test_cache_key_ignores_characters_the_font_lacks(cache, serif_ttf):
    assert fonts.truetype_for(SERIF, TEXT) == serif_ttf
    assert fonts.missing_chars(SERIF, TEXT + NOT_IN_FONT) == {NOT_IN_FONT}
    assert fonts.missing_chars(serif_ttf, TEXT + NOT_IN_FONT) == {NOT_IN_FONT}


@pytest.mark.parametrize("path", [SERIF, LATIN], ids=["cjk-otf", "latin-ttf"])
def test_cmap_reader_agrees_with_fonttools(path):
    font = TTFont(str(path), lazy=True)
    best = font.getBestCmap()
    order = font.getGlyphOrder()
    with sfnt.Sfnt(path) as raw:
        cmap = raw.cmap()
        assert cmap.codes() == frozenset(best)
        for code in list(best)[::97]:
            assert order[cmap.lookup(code)] == best[code]
        assert cmap.lookup(0x10FFFF) is None


def test_format4_reader_on_our_output(serif_ttf):
    font = TTFont(str(serif_ttf))
    best = font.getBestCmap()
    with sfnt.Sfnt(serif_ttf) as raw:
        codes = raw.cmap().codes()
    assert codes == frozenset(best)
    assert fonts.is_truetype(serif_ttf) and not fonts.is_truetype(SERIF)
    assert fonts.truetype_for(LATIN, TEXT) == LATIN  # TrueType comes back as it is


def test_reportlab_embeds_it(serif_ttf, tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(RLFont("rg-test-fonts-serif", str(serif_ttf)))
    face = pdfmetrics.getFont("rg-test-fonts-serif").face
    assert {ord(ch) for ch in TEXT} <= set(face.charToGlyph)
    pdf = tmp_path / "zh.pdf"
    page = canvas.Canvas(str(pdf))
    page.setFont("rg-test-fonts-serif", 14)
    page.drawString(40, 700, "管城回族区十四五规划，高质量发展。")
    page.save()
    data = pdf.read_bytes()
    assert b"/FontFile2" in data  # embedded as TrueType
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "管城回族区十四五规划，高质量发展。" in text


_CHILD = """
import sys
from reportgen.fonts import truetype_for
sys.stdout.write(str(truetype_for(sys.argv[1], sys.argv[2])))
"""


def test_same_bytes_in_two_processes(tmp_path, serif_ttf):
    outputs = []
    for n in (1, 2):
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / f"cache{n}"), "PYTHONHASHSEED": str(n)}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(SERIF), TEXT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            encoding="utf-8",
        )
        outputs.append(Path(done.stdout).read_bytes())
    assert outputs[0] == outputs[1] == serif_ttf.read_bytes()


def test_fallback_converter_gives_the_same_outlines(cache, serif_ttf, monkeypatch):
    """Fonts the fast path cannot read go through fontTools' subsetter; same glyphs either way."""
    fast = TTFont(str(serif_ttf))
    slow = TTFont(_legacy(TEXT))
    fast_cmap, slow_cmap = fast.getBestCmap(), slow.getBestCmap()
    assert fast_cmap.keys() == slow_cmap.keys()
    fast_glyf, slow_glyf = fast["glyf"], slow["glyf"]
    for code in fast_cmap:
        a = fast_glyf[fast_cmap[code]].getCoordinates(fast_glyf)
        b = slow_glyf[slow_cmap[code]].getCoordinates(slow_glyf)
        assert sorted(a[0]) == sorted(b[0]), hex(code)
        assert fast["hmtx"][fast_cmap[code]] == slow["hmtx"][slow_cmap[code]], hex(code)

    # And truetype_for takes that route when the fast one gives up.
    def refuse(*args):
        raise sfnt.Unsupported("test")

    monkeypatch.setattr(convert, "convert", refuse)
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache / "fallback"))
    path = fonts.truetype_for(SERIF, "管城")
    assert TTFont(str(path)).getBestCmap().keys() == {ord("管"), ord("城")}


def _legacy(text: str):
    import io

    return io.BytesIO(legacy.convert(SERIF, None, text, "0123456789"))
