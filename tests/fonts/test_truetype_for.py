"""TrueType subsets for ReportLab, from fonts of four sources, checked against the source font.

Sources: Noto Serif/Sans CJK SC (OpenType/CFF, PyPI ``mplfonts``), Noto Sans CJK SC at wght 700
from the variable collection NotoSansCJK-VF.otf.ttc (CFF2, PyPI ``manimgx-fonts-cjk``), WenQuanYi
Micro Hei (a TrueType collection from Debian's ``fonts-wqy-microhei``), Source Serif Pro (plain
TrueType, PyPI), and fonts made here from them (names in Chinese only, no characters at all).
Outlines (bounds, area and direction), advances, cmap and names are read back with fontTools;
the variable instance is compared with ``fontTools.varLib.instancer``'s; ReportLab must embed
the result and pdftotext read it back.
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
from fontTools.ttLib import TTFont, newTable

from reportgen import fonts
from reportgen.errors import InputError
from reportgen.fonts import FontFile, glyphs
from reportgen.theme import load_theme

REPO = Path(__file__).resolve().parents[2]
THEME = load_theme(REPO / "templates" / "briefing")
SERIF = THEME.fonts["zh_body"].regular.path
SANS = THEME.fonts["zh_heading"].regular.path
LATIN = THEME.fonts["en_body"].regular.path
VF_FILE = Path(__import__("manimgx_fonts_cjk").__file__).parent / "NotoSansCJK-VF.otf.ttc"
VF_BOLD = FontFile(VF_FILE, face="Noto Sans CJK SC", axes=(("wght", 700.0),))
WQY_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_wqy = pytest.mark.skipif(not WQY_FILE.is_file(), reason="fonts-wqy-microhei is not installed")

# Common and rare ideographs, CJK and ASCII punctuation, digits, a space, full-width forms and one
# character above the BMP (U+1F100, in Noto Serif CJK SC) so that format 12 is written too.
TEXT = "管城回族区十四五规划高质量发展鬱龘，。、“”《》（）！：；—… ABCxyz 0123456789.%&<>ＡＢ１２\U0001f100"
NOT_IN_FONT = "\U0001f600"  # an emoji: none of these fonts has it


@pytest.fixture(autouse=True, scope="module")
def cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("font-cache")
        mp.setenv("REPORTGEN_CACHE_DIR", str(folder))
        yield folder


def _bounds(glyph_set, name):
    pen = BoundsPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.bounds


def _area(glyph_set, name) -> float:
    pen = AreaPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.value


def _compare(source: TTFont, source_set, out_path: Path, text: str, cubic: bool) -> None:
    """Every covered character of ``text``: same advance, same bounds (within the quadratic fit),
    same area with TrueType's contour direction."""
    new = TTFont(str(out_path))
    assert new.sfntVersion == "\x00\x01\x00\x00" and "glyf" in new and "CFF " not in new and "fvar" not in new
    src_cmap, new_cmap = source.getBestCmap(), new.getBestCmap()
    expected = {ord(ch) for ch in text if ord(ch) in src_cmap}
    assert set(new_cmap) == expected
    new_set = new.getGlyphSet()
    inked = 0
    for code in sorted(expected):
        src_name, new_name = src_cmap[code], new_cmap[code]
        assert new["hmtx"][new_name][0] == round(source_set[src_name].width), hex(code)
        before, after = _bounds(source_set, src_name), _bounds(new_set, new_name)
        if before is None:
            assert after is None, hex(code)
            continue
        inked += 1
        # The quadratic fit may stray MAX_ERR from the curve, plus rounding to whole units.
        assert max(abs(a - b) for a, b in zip(before, after, strict=True)) <= 1.5, (hex(code), before, after)
        area_before, area_after = _area(source_set, src_name), _area(new_set, new_name)
        # CFF outer contours run counter-clockwise, TrueType ones clockwise: reversed for CFF.
        assert area_after == pytest.approx(-area_before if cubic else area_before, rel=0.01, abs=2), hex(code)
        assert new["hmtx"][new_name][1] == new["glyf"][new_name].xMin  # lsb == xMin
    assert inked > 30
    # .notdef comes first and keeps its outline (a missing character shows as a box).
    assert new.getGlyphOrder()[0] == ".notdef"
    assert new["maxp"].numGlyphs == len(set(new_cmap.values())) + 1
    # The header tables describe exactly these glyphs (they are set from the converted glyphs'
    # own figures, not recomputed on saving).
    glyf = new["glyf"]
    ink = [glyf[n] for n in new.getGlyphOrder() if glyf[n].numberOfContours > 0]
    head = new["head"]
    assert (head.xMin, head.yMin, head.xMax, head.yMax) == (
        min(g.xMin for g in ink),
        min(g.yMin for g in ink),
        max(g.xMax for g in ink),
        max(g.yMax for g in ink),
    )
    assert new["maxp"].maxPoints == max(len(g.getCoordinates(glyf)[0]) for g in ink)
    assert new["maxp"].maxContours == max(g.numberOfContours for g in ink)
    assert new["hhea"].advanceWidthMax == max(adv for adv, _ in new["hmtx"].metrics.values())
    assert new["post"].formatType == 3.0
    # ReportLab finds a Windows-English PostScript name, unique to this subset.
    assert new["name"].getName(6, 3, 1, 0x409).toUnicode().endswith(f"-rg{out_path.stem[:10]}")
    new.close()


@pytest.mark.parametrize("source", [SERIF, SANS], ids=["serif-cff", "sans-cff"])
def test_cff_outlines_match_the_source(source):
    out = fonts.truetype_for(source, TEXT + NOT_IN_FONT)
    src = TTFont(str(source), lazy=True)
    _compare(src, src.getGlyphSet(), out, TEXT, cubic=True)
    head = TTFont(str(out))["head"]
    # The source's timestamps, not today's: the same input gives the same bytes.
    assert (head.created, head.modified) == (src["head"].created, src["head"].modified)


def test_variable_collection_member_at_the_themes_weight():
    out = fonts.truetype_for(VF_BOLD, TEXT)
    src = TTFont(str(VF_FILE), fontNumber=2, lazy=True)
    assert src["name"].getDebugName(1) == "Noto Sans CJK SC"
    _compare(src, src.getGlyphSet(location={"wght": 700}), out, TEXT, cubic=True)
    # Really bold: heavier strokes than the default (Regular) instance of the same face.
    regular = fonts.truetype_for(FontFile(VF_FILE, face="noto sans cjk sc"), TEXT)
    assert regular != out
    bold_set, regular_set = TTFont(str(out)).getGlyphSet(), TTFont(str(regular)).getGlyphSet()
    name = TTFont(str(out)).getBestCmap()[ord("管")]
    assert abs(_area(bold_set, name)) > 1.3 * abs(_area(regular_set, TTFont(str(regular)).getBestCmap()[ord("管")]))


def test_variable_instance_agrees_with_fonttools_instancer():
    """The oracle: instancer on a subset (instancing the whole 65,535-glyph face takes minutes and
    gigabytes, which is why glyphs are blended one by one at the location instead)."""
    from fontTools import subset
    from fontTools.varLib import instancer

    text = "管城鬱龘，。A1"
    font = TTFont(str(VF_FILE), fontNumber=2)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "VVAR", "STAT"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    static = instancer.instantiateVariableFont(font, {"wght": 700})
    out = fonts.truetype_for(VF_BOLD, text)
    _compare_some(static, out, text)


def _compare_some(static: TTFont, out: Path, text: str) -> None:
    ours = TTFont(str(out))
    ref_set, our_set = static.getGlyphSet(), ours.getGlyphSet()
    ref_cmap, our_cmap = static.getBestCmap(), ours.getBestCmap()
    for ch in text:
        a, b = ref_cmap[ord(ch)], our_cmap[ord(ch)]
        assert ours["hmtx"][b][0] == static["hmtx"][a][0], ch
        before, after = _bounds(ref_set, a), _bounds(our_set, b)
        assert max(abs(x - y) for x, y in zip(before, after, strict=True)) <= 1.5, (ch, before, after)


@needs_wqy
def test_truetype_collection_from_debian():
    member = FontFile(WQY_FILE, face="WenQuanYi Micro Hei")
    assert not fonts.is_truetype(member)  # ReportLab would need the member: subset it instead
    out = fonts.truetype_for(member, TEXT)
    src = TTFont(str(WQY_FILE), fontNumber=0, lazy=True)
    _compare(src, src.getGlyphSet(), out, TEXT, cubic=False)
    mono = fonts.truetype_for(FontFile(WQY_FILE, index=1), "ABC管")
    assert TTFont(str(mono))["name"].getDebugName(1) == "WenQuanYi Micro Hei Mono"


def test_plain_truetype_comes_back_as_it_is():
    assert fonts.is_truetype(LATIN)
    assert fonts.truetype_for(LATIN, TEXT) == LATIN


def test_font_without_english_windows_names(tmp_path):
    """Names only in Chinese, on the Windows platform: ReportLab alone cannot read such a font."""
    font = TTFont(str(THEME.fonts["en_heading"].regular.path))
    table = newTable("name")
    table.names = []
    for name_id, text in ((1, "测试无衬线"), (2, "常规"), (4, "测试无衬线 常规"), (6, "测试")):
        table.setName(text, name_id, 3, 1, 0x804)
    font["name"] = table
    odd = tmp_path / "chinese-names.ttf"
    font.save(str(odd))
    assert not fonts.is_truetype(odd)
    out = fonts.truetype_for(odd, "Hello, world")
    names = TTFont(str(out))["name"]
    assert names.getName(1, 3, 1, 0x409).toUnicode() == "测试无衬线"
    assert names.getName(6, 3, 1, 0x409).toUnicode().startswith("reportgen-rg")  # no ASCII in 测试
    _embed(out, "Hello, world", tmp_path)


def test_font_that_maps_no_characters_is_bad_input(tmp_path):
    font = TTFont(str(LATIN))
    for table in font["cmap"].tables:
        table.cmap = {}
    empty = tmp_path / "empty.ttf"
    font.save(str(empty))
    with pytest.raises(InputError, match="maps no characters"):
        fonts.truetype_for(FontFile(empty, where="theme.yaml: fonts.en_body.regular"), "abc")


@pytest.mark.parametrize(
    ("font", "message"),
    [
        (FontFile(VF_FILE, face="Comic Sans"), "has no face named 'Comic Sans'"),
        (FontFile(VF_FILE, index=9), "has faces 0 to 4, not 9"),
        (FontFile(VF_FILE, index=2, axes=(("wght", 1200.0),)), "outside 100..900"),
        (FontFile(VF_FILE, index=2, axes=(("wdth", 80.0),)), "no axis 'wdth'"),
        (FontFile(SERIF, axes=(("wght", 700.0),)), "is not a variable font"),
        (FontFile(REPO / "README.md"), "not a font fontTools can read"),
    ],
)
def test_bad_face_choices_are_bad_input(font, message):
    with pytest.raises(InputError, match=message):
        fonts.truetype_for(font, "abc")


def test_an_edit_converts_only_the_new_glyphs(monkeypatch, tmp_path):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "edit"))
    real = glyphs._convert
    asked: list[list[int]] = []

    def spy(path, face, gids):
        asked.append(list(gids))
        return real(path, face, gids)

    monkeypatch.setattr(glyphs, "_convert", spy)
    fonts.truetype_for(SERIF, TEXT)
    first = len(asked[0])
    edited = fonts.truetype_for(SERIF, TEXT + "新增几个字符测试用例")
    assert len(asked) == 2 and len(asked[1]) == 10 and first > 50
    # The subset does not depend on what the cache held: a cold conversion gives the same bytes.
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cold"))
    assert fonts.truetype_for(SERIF, TEXT + "新增几个字符测试用例").read_bytes() == edited.read_bytes()
    assert len(asked) == 3


def test_a_variable_faces_later_conversions_match_its_first(monkeypatch, tmp_path):
    # The first conversion of a CFF2 face at a location goes through fontTools' glyph set and
    # keeps every glyph's advance at that location; later ones (an edit's new characters) blend
    # the charstrings directly with those advances. Both must give the same glyphs and bytes.
    real = glyphs._convert
    paths: list[str] = []

    def spy(path, face, gids):
        paths.append("cached advances" if glyphs._cached_instance_advances(face) is not None else "glyph set")
        return real(path, face, gids)

    monkeypatch.setattr(glyphs, "_convert", spy)
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "edit"))
    fonts.truetype_for(VF_BOLD, TEXT)
    edit = "新增几个字符测试用例，粗体标题"
    edited = fonts.truetype_for(VF_BOLD, TEXT + edit)
    assert paths == ["glyph set", "cached advances"]
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cold"))
    assert fonts.truetype_for(VF_BOLD, TEXT + edit).read_bytes() == edited.read_bytes()
    assert paths[-1] == "glyph set"
    # The kept advances are the glyph set's widths, for every glyph (a sample across the font).
    record = fonts.face.face_record(VF_FILE, None, VF_BOLD.face, VF_BOLD.axes, "test")
    kept = glyphs._cached_instance_advances(record)
    font = TTFont(str(VF_FILE), fontNumber=record.index)
    glyph_set = font.getGlyphSet(location=dict(VF_BOLD.axes))
    order = font.getGlyphOrder()
    assert len(kept) == len(order)
    sample = range(0, len(order), 97)
    assert [kept[gid] for gid in sample] == [round(glyph_set[order[gid]].width) for gid in sample]
    assert any(kept[gid] != record.advances[gid] for gid in sample)  # the weight moved some advances


def test_glyph_entry_grows_and_damage_is_survived(monkeypatch, tmp_path, capfd):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    text = "一二三四五六七八九十百千万"
    for n in range(1, len(text) + 1):
        fonts.truetype_for(SANS, text[:n])
    (entry,) = (tmp_path / "font-glyphs").iterdir()  # one entry for the face, grown by each run
    entry.write_bytes(entry.read_bytes()[:-3])  # truncated: discarded by its checksum, converted again
    for ttf in (tmp_path / "fonts").glob("*.ttf"):
        ttf.unlink()
    out = fonts.truetype_for(SANS, text)
    assert set(TTFont(str(out)).getBestCmap()) == {ord(ch) for ch in text}
    assert "discarded and rebuilt" in capfd.readouterr().err


def test_cache_key_ignores_characters_the_font_lacks():
    assert fonts.truetype_for(SERIF, TEXT) == fonts.truetype_for(SERIF, TEXT + NOT_IN_FONT)
    assert fonts.missing_chars(SERIF, TEXT + NOT_IN_FONT) == {NOT_IN_FONT}
    assert fonts.missing_chars(fonts.truetype_for(SERIF, TEXT), TEXT + NOT_IN_FONT) == {NOT_IN_FONT}


def _embed(ttf: Path, text: str, tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont
    from reportlab.pdfgen import canvas

    name = f"rg-test-{ttf.stem[:12]}"
    pdfmetrics.registerFont(RLFont(name, str(ttf)))
    pdf = tmp_path / f"{name}.pdf"
    page = canvas.Canvas(str(pdf))
    page.setFont(name, 14)
    page.drawString(40, 700, text)
    page.save()
    assert b"/FontFile2" in pdf.read_bytes()  # embedded as TrueType
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert text in out


@pytest.mark.parametrize(
    "font",
    [SERIF, VF_BOLD, pytest.param(FontFile(WQY_FILE, index=0), marks=needs_wqy)],
    ids=["serif-cff", "variable-cff2", "debian-ttc"],
)
def test_reportlab_embeds_it(font, tmp_path):
    _embed(fonts.truetype_for(font, TEXT), "管城回族区十四五规划，高质量发展。", tmp_path)


_CHILD = """
import sys
from pathlib import Path
from reportgen.fonts import FontFile, truetype_for
font = FontFile(Path(sys.argv[1]), face=sys.argv[2] or None, axes=(("wght", 700.0),) if sys.argv[2] else ())
sys.stdout.write(str(truetype_for(font, sys.argv[3])))
"""


@pytest.mark.parametrize(("path", "face"), [(SERIF, ""), (VF_FILE, "Noto Sans CJK SC")], ids=["cff", "cff2"])
def test_same_bytes_in_two_processes(tmp_path, path, face):
    outputs = []
    for n in (1, 2):
        env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / f"cache{n}"), "PYTHONHASHSEED": str(n)}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), face, TEXT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            encoding="utf-8",
        )
        outputs.append(Path(done.stdout).read_bytes())
    assert outputs[0] == outputs[1]


def test_variable_instance_is_named_for_its_location():
    font = TTFont(str(fonts.truetype_for(VF_BOLD, "管")))
    names = font["name"]
    assert (names.getDebugName(1), names.getDebugName(2)) == ("Noto Sans CJK SC", "Bold")
    assert names.getDebugName(6).startswith("NotoSansCJKsc-Bold-rg")
    assert font["OS/2"].usWeightClass == 700
    odd = TTFont(str(fonts.truetype_for(FontFile(VF_FILE, index=2, axes=(("wght", 650.0),)), "管")))
    assert odd["name"].getDebugName(2) == "wght650" and odd["OS/2"].usWeightClass == 650
