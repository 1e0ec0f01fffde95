"""reportgen.charts.render and _draw: real output checked, not eyeballed."""

from __future__ import annotations

import hashlib
import re
import struct
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from reportgen.charts import _draw, render, render_many
from reportgen.charts.opsformat import parse, parse_text
from reportgen.model import ChartSpec, Series, Text
from reportgen.theme import FontFace, Page, Theme, _find_font_file

SANS = "pkg:font_source_sans_pro/files/SourceSansPro-Regular.ttf"
CJK = "pkg:mplfonts/fonts/NotoSansCJKsc-Regular.otf"
PRIMARY, SECONDARY = "#A61C1C", "#1F4E79"
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def make_theme(caption: float = 8.5, primary: str = PRIMARY) -> Theme:
    sans, cjk = _find_font_file([SANS], "test"), _find_font_file([CJK], "test")
    fonts = {
        "zh_body": FontFace("Noto Sans CJK SC", cjk),
        "zh_heading": FontFace("Noto Sans CJK SC", cjk),
        "en_body": FontFace("Source Sans Pro", sans),
        "en_heading": FontFace("Source Sans Pro", sans),
    }
    return Theme(
        page=Page(210, 297, 37, 35, 28, 26, 22, 20, "{n}"),
        fonts=fonts,
        sizes={"caption": caption, "body_zh": 11.0},
        colours={"text": "#1F1F1F", "muted": "#5F6368", "primary": primary, "secondary": SECONDARY, "rule": "#C9C9C9"},
        chart_colours=(primary, SECONDARY, "#D98C2B", "#5B8C5A", "#7F6A93", "#8C8C8C"),
        logo=None,
        source=Path("theme.yaml"),
    )


def yi(v: float) -> Text:
    return Text(zh=f"{v:g}亿元", en=f"CNY {v / 10:g} bn")


def pct(v: float) -> Text:
    s = f"{v:.1f}%"  # hyphen-minus on purpose: the renderer must typeset U+2212
    return Text(zh=s, en=s)


def series(name: Text, values, fmt=yi) -> Series:
    return Series(name=name, values=tuple(values), labels=tuple(fmt(v) for v in values))


CATS = (
    Text("地区生产总值", "GDP"),
    Text("一般公共预算收入", "Budget revenue"),
    Text("固定资产投资", "Fixed-asset investment"),
    Text("社会消费品零售总额", "Retail sales"),
)
UNIT = Text("亿元", "CNY 100 million")
SOURCE = Text("国家统计局", "National Bureau of Statistics")
Y2015, Y2020 = Text("2015年", "2015"), Text("2020年", "2020")


def spec(kind, cats=CATS, ser=None, source=SOURCE) -> ChartSpec:
    ser = ser or (series(Y2020, [674.0, 52.3, 410.5, 301.2][: len(cats)]),)
    return ChartSpec(
        kind=kind,
        title=Text("标题不画", "Title not drawn"),
        categories=tuple(cats),
        series=tuple(ser),
        unit=UNIT,
        source=source,
    )


SPECS = {
    "bar": spec("bar"),
    "hbar": spec("hbar"),
    "grouped_bar": spec(
        "grouped_bar", ser=(series(Y2015, [420, 138.1, 350, 220]), series(Y2020, [674, 152.3, 410.5, 301.2]))
    ),
    "line": spec(
        "line",
        cats=[Text(f"{y}年", str(y)) for y in range(2016, 2021)],
        ser=(series(Text("地区生产总值", "GDP"), [465, 512, 560, 610, 674]),),
    ),
    "pct_change": spec("pct_change", ser=(series(Text("增速", "Growth"), [8.2, -46.1, 3.5, -2.0], pct),)),
    "donut": spec("donut", cats=CATS[:3], ser=(series(Y2020, [12.0, 260.0, 390.0]),)),
}


@pytest.fixture(scope="module")
def theme() -> Theme:
    return make_theme()


def texts(fig) -> list[str]:
    from matplotlib.text import Text as MplText

    return [t.get_text() for t in fig.findobj(MplText) if t.get_text() and t.get_visible()]


def bars(fig) -> dict[str, object]:
    return {p.get_gid(): p for ax in fig.axes for p in ax.patches if (p.get_gid() or "").startswith("bar-")}


def png_info(data: bytes) -> tuple[int, int, tuple[int, int, int] | None]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    phys = None
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"pHYs":
            phys = struct.unpack(">IIB", data[pos + 8 : pos + 17])
        if kind in (b"tIME",):
            raise AssertionError("PNG carries a timestamp")
        if kind in (b"tEXt", b"iTXt", b"zTXt"):
            assert b"Software" not in data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, phys


# --- format, size, determinism ---------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_png_is_300_dpi_at_placed_width(theme, kind):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning at all (e.g. a missing glyph) fails
        data = render(SPECS[kind], theme, "png", 120.0, "zh+en")
    width, height, phys = png_info(data)
    assert abs(width - 120.0 / 25.4 * 300) <= 2
    assert phys is not None and phys[2] == 1 and abs(phys[0] - 300 / 0.0254) < 2  # pixels per metre


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_svg_is_outlines_only(theme, kind):
    data = render(SPECS[kind], theme, "svg", 120.0, "zh+en")
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert abs(float(root.get("width").removesuffix("pt")) - 120.0 / 25.4 * 72) < 0.01
    assert b"<text" not in data and b"font-family" not in data  # no fonts left to embed
    assert b"<dc:date>" not in data
    assert b"NotoSansCJKsc" in data and b"SourceSansPro" in data  # glyphs from both faces


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_pdfops_shapes_need_no_resources_and_text_stays_text(theme, kind):
    data = render(SPECS[kind], theme, "pdfops", 120.0, "zh+en")
    w, h, ops = parse(data)
    assert abs(w - 120.0 / 25.4 * 72) < 0.01 and h > 0
    text = ops.decode("ascii")
    # No text, images, fonts or graphics-state resources: nothing for the PDF writer to register.
    for op in (" Tf", " Tj", "BT", " Do", " gs", " sh"):
        assert op not in text
    assert "/" not in text
    assert text.count("q\n") == text.count("Q\n") >= 3
    nums = [float(t) for t in re.findall(r"-?\d+(?:\.\d+)?", re.sub(r"%gid [^\n]*", "", text))]
    assert nums and min(nums) > -1 and max(nums) < max(w, h) + 1  # everything inside the picture
    # Every label is a line of text for the writer to set in the document's fonts, in its face.
    items = parse_text(data)
    drawn = ["".join(run[2] for run in item["runs"]) for item in items]
    assert "Source: National Bureau of Statistics" in " ".join(drawn)
    for item in items:
        assert 0 <= item["x"] <= w and 0 <= item["y"] <= h and item["size"] in (8.5, 7.5)
        for face, _, chars in item["runs"]:
            assert (face == "cjk") == bool(CJK_RE.search(chars)), (face, chars)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_one_drawing_for_several_formats_matches_single_renders_within_a_point(theme, kind):
    # render_many keeps the drawing's last layout instead of laying out again per format: things
    # may move by a hair against a render of one format alone (constrained layout is not exactly
    # idempotent, and measures text per renderer), never by more than a point or so.
    many = render_many(SPECS[kind], theme, ("png", "pdfops"), 100.0, "zh+en")
    assert png_info(many["png"]) == png_info(render(SPECS[kind], theme, "png", 100.0, "zh+en"))
    alone = parse(render(SPECS[kind], theme, "pdfops", 100.0, "zh+en"))
    w, h, ops = parse(many["pdfops"])
    assert (w, h) == alone[:2]
    a, b = re.findall(rb"-?\d+\.?\d*", ops), re.findall(rb"-?\d+\.?\d*", alone[2])
    assert len(a) == len(b) and max(abs(float(x) - float(y)) for x, y in zip(a, b, strict=True)) < 1.5


def test_same_input_same_bytes_in_this_and_another_process(theme):
    spec_ = SPECS["grouped_bar"]
    fmts = ("svg", "png", "pdfops")
    first = {fmt: render(spec_, theme, fmt, 100.0, "zh+en") for fmt in fmts}
    code = (
        "import hashlib, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_charts_render import SPECS, make_theme\n"
        "from reportgen.charts import render\n"
        "t = make_theme()\n"
        "for f in ('svg', 'png', 'pdfops'):\n"
        "    print(hashlib.sha256(render(SPECS['grouped_bar'], t, f, 100.0, 'zh+en')).hexdigest())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [hashlib.sha256(first[f]).hexdigest() for f in fmts]


def test_importing_charts_does_not_import_matplotlib():
    code = "import sys, reportgen.charts, reportgen.charts.cache; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_column_aspect_and_hbar_growth(theme):
    for kind in ("bar", "line"):
        fig = _draw(SPECS[kind], theme, 150.0, "zh")
        assert 0.55 <= fig.get_figheight() / fig.get_figwidth() <= 0.65
    few = _draw(spec("hbar", source=None), theme, 150.0, "zh")
    many_cats = [Text(f"区{i}", f"District {i}") for i in range(12)]
    many = _draw(spec("hbar", cats=many_cats, ser=(series(Y2020, range(1, 13)),), source=None), theme, 150.0, "zh")
    assert many.get_figheight() > 2 * few.get_figheight()


# --- what is drawn ---------------------------------------------------------------------------


def test_bar_heights_in_svg_are_proportional_to_values(theme):
    s = SPECS["grouped_bar"]
    svg = render(s, theme, "svg", 150.0, "zh+en").decode()
    heights = {}
    for gid, d in re.findall(r'<g id="(bar-\d+-\d+)">\s*<path d="([^"]+)"', svg):
        ys = [float(y) for y in re.findall(r"[ML] [-\d.]+ ([-\d.]+)", d)]
        heights[gid] = max(ys) - min(ys)
    assert len(heights) == 8
    ref_gid, ref = "bar-1-0", s.series[1].values[0]
    for si, ser in enumerate(s.series):
        for i, v in enumerate(ser.values):
            ratio = (heights[f"bar-{si}-{i}"] / heights[ref_gid]) / (v / ref)
            assert abs(ratio - 1) < 0.01, (si, i, ratio)


def test_bar_heights_in_pdfops_match_the_svg(theme):
    s = SPECS["grouped_bar"]
    _, _, ops = parse(render(s, theme, "pdfops", 150.0, "zh+en"))
    heights = {}
    for gid, body in re.findall(r"%gid (bar-\d+-\d+)\n(.*?)\nQ\n", ops.decode(), re.S):
        ys = [float(y) for y in re.findall(r"^[-\d.]+ ([-\d.]+) [ml]$", body, re.M)]
        heights[gid] = max(ys) - min(ys)
    assert len(heights) == 8
    for si, ser in enumerate(s.series):
        for i, v in enumerate(ser.values):
            # in points, at 150 mm wide: proportional to the values, as the SVG's are
            ratio = (heights[f"bar-{si}-{i}"] / heights["bar-1-0"]) / (v / s.series[1].values[0])
            assert abs(ratio - 1) < 0.01, (si, i, ratio)


def test_no_title_labels_legend_and_source(theme):
    shown = texts(_draw(SPECS["bar"], theme, 150.0, "zh+en"))
    assert not any("标题不画" in t or "Title not drawn" in t for t in shown)
    for v in (674, 52.3, 410.5, 301.2):
        assert f"{v:g}亿元\nCNY {v / 10:g} bn" in shown  # both languages on bilingual charts
    assert "地区生产总值\nGDP" in shown  # bilingual category label, one language a line
    fig = _draw(SPECS["grouped_bar"], theme, 150.0, "zh+en")
    shown = texts(fig)
    assert len(fig.legends) == 1 and [t.get_text() for t in fig.legends[0].get_texts()] == ["2015年", "2020年"]
    assert any(t.startswith("资料来源：国家统计局") and "Source: National Bureau" in t for t in shown)
    single = _draw(spec("bar", source=None), theme, 150.0, "en")
    assert not single.legends and not any("Source" in t for t in texts(single))


def test_value_axis_hidden_and_no_top_right_spines(theme):
    for kind in ("bar", "hbar", "pct_change"):  # their labels fit: they state the values
        ax = _draw(SPECS[kind], theme, 150.0, "zh").axes[0]
        assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
        value_axis = ax.xaxis if kind in ("hbar", "pct_change") else ax.yaxis
        assert not value_axis.get_visible()


def test_fonts_and_sizes_follow_the_theme(theme):
    from matplotlib.text import Text as MplText

    fig = _draw(SPECS["bar"], make_theme(caption=9.0), 150.0, "zh+en")
    drawn = [t for t in fig.findobj(MplText) if t.get_text()]
    assert drawn
    for t in drawn:
        assert t.get_fontfamily() == ["Source Sans Pro", "Noto Sans CJK SC"]
        assert t.get_fontsize() in (9.0, 8.0)  # caption size; the source note one point smaller


def test_english_only_and_chinese_only(theme):
    en = texts(_draw(SPECS["bar"], theme, 150.0, "en"))
    assert "CNY 67.4 bn" in en and not any(CJK_RE.search(t) for t in en)
    zh = texts(_draw(SPECS["bar"], theme, 150.0, "zh"))
    assert "674亿元" in zh and "地区生产总值" in zh and not any("GDP" in t for t in zh)


def test_hbar_sorted_descending_with_labels_at_bar_ends(theme):
    fig = _draw(SPECS["hbar"], theme, 150.0, "en")
    found = bars(fig)
    values = SPECS["hbar"].series[0].values
    tops = sorted(range(len(values)), key=lambda i: found[f"bar-0-{i}"].get_y())  # y grows downwards
    assert [values[i] for i in tops] == sorted(values, reverse=True)
    for i, v in enumerate(values):
        assert found[f"bar-0-{i}"].get_width() == pytest.approx(v)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "GDP"


def test_pct_change_minus_sign_and_colours(theme):
    fig = _draw(SPECS["pct_change"], theme, 150.0, "zh+en")
    shown = texts(fig)
    assert "\u221246.1%" in shown and "\u22122.0%" in shown
    assert not any(re.search(r"-\d", t) for t in shown)  # no hyphen-minus before a digit
    found = bars(fig)
    from matplotlib.colors import to_hex

    assert to_hex(found["bar-0-1"].get_facecolor()) == SECONDARY.lower()
    assert to_hex(found["bar-0-0"].get_facecolor()) == PRIMARY.lower()
    xmin, xmax = fig.axes[0].get_xlim()
    assert xmin < -46.1 and xmax > 8.2  # room for the labels beyond the bar ends


def test_grouped_bar_shares_one_scale_when_units_match(theme):
    small = spec("grouped_bar", ser=(series(Y2015, [420, 4.1, 350, 220]), series(Y2020, [674, 5.3, 410, 301])))
    fig = _draw(small, theme, 150.0, "zh+en")
    assert len(fig.axes) == 1  # one scale: a value 100 times another gets a bar 100 times as tall
    found = bars(fig)
    assert found["bar-1-1"].get_height() == pytest.approx(5.3)
    assert found["bar-1-0"].get_height() == pytest.approx(674)
    assert fig.axes[0].get_ylim()[0] == 0


def test_grouped_bar_panels_when_units_differ_each_titled_with_its_unit(theme):
    units = (UNIT, Text("%", "%"), UNIT, Text("个", "number"))
    mixed = replace(
        spec("grouped_bar", ser=(series(Y2015, [420, 4.1, 350, 220]), series(Y2020, [674, 5.3, 410, 301]))),
        category_units=units,
    )
    fig = _draw(mixed, theme, 150.0, "zh")
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(panels) == 4
    for ax, unit in zip(panels, units, strict=True):
        assert ax.yaxis.get_visible()  # each its own, labelled scale
        assert f"({unit.zh})" in ax.get_title(loc="center")
        assert ax.get_ylim()[0] == 0


def test_line_markers_direct_labels_and_end_labels(theme):
    fig = _draw(SPECS["line"], theme, 150.0, "zh+en")
    lines = {ln.get_gid(): ln for ln in fig.axes[0].get_lines() if ln.get_gid()}
    line = lines["line-0"]
    assert line.get_marker() == "o"
    assert lines["line-0-latest"].get_markersize() > line.get_markersize()  # the latest point stands out
    assert list(lines["line-0-latest"].get_ydata()) == [674]
    assert list(line.get_ydata()) == [465, 512, 560, 610, 674]
    shown = set(texts(fig))
    assert "465亿元\nCNY 46.5 bn" in shown  # each point, in both languages
    assert "地区生产总值 GDP\n674亿元\nCNY 67.4 bn" in shown  # the series named at its latest point
    assert fig.axes[0].yaxis.get_visible()  # a line always has its value axis
    cats = [Text(str(y), str(y)) for y in range(2011, 2021)]
    multi = spec(
        "line",
        cats=cats,
        ser=(
            series(Text("地区生产总值", "GDP"), range(300, 700, 40)),
            series(Text("投资", "Investment"), range(200, 600, 40)),
        ),
    )
    fig = _draw(multi, theme, 150.0, "en")
    shown = texts(fig)
    assert "GDP\nCNY 66 bn" in shown and "Investment\nCNY 56 bn" in shown
    assert not fig.legends and fig.axes[0].yaxis.get_visible()


def test_donut_shares_and_wedges(theme):
    s = SPECS["donut"]
    fig = _draw(s, theme, 150.0, "zh+en")
    wedges = {p.get_gid(): p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("wedge-")}
    total = sum(s.series[0].values)
    for i, v in enumerate(s.series[0].values):
        span = wedges[f"wedge-{i}"].theta2 - wedges[f"wedge-{i}"].theta1
        assert span == pytest.approx(360 * v / total, rel=1e-6)
    shown = "\n".join(texts(fig))
    assert "58.9% · 390亿元 / CNY 39 bn" in shown and "1.8% · 12亿元 / CNY 1.2 bn" in shown
    shares = spec("donut", cats=CATS[:2], ser=(series(Y2020, [40.5, 59.5], pct),))
    shown = "\n".join(texts(_draw(replace(shares, unit=Text("%", "%")), theme, 150.0, "zh+en")))
    assert "40.5%" in shown and "40.5% ·" not in shown  # a share in percent is printed once


def test_labels_do_not_overflow_the_figure(theme):
    for kind, s in SPECS.items():
        fig = _draw(s, theme, 90.0, "zh+en")  # narrow: the hardest case
        renderer = fig.canvas.get_renderer()
        fig.draw_without_rendering()
        from matplotlib.text import Text as MplText

        for t in fig.findobj(MplText):
            if not t.get_text() or not t.get_visible():
                continue
            box = t.get_window_extent(renderer)
            assert box.x0 >= -1 and box.x1 <= fig.bbox.width + 1, (kind, t.get_text())
            assert box.y0 >= -1 and box.y1 <= fig.bbox.height + 1, (kind, t.get_text())


def test_bad_specs_are_rejected(theme):
    with pytest.raises(ValueError, match="labels"):
        render(spec("bar", ser=(Series(Y2020, (1.0, 2.0, 3.0, 4.0), (yi(1),)),)), theme, "png", 100, "zh")
    with pytest.raises(ValueError, match="langs"):
        render(SPECS["bar"], theme, "png", 100, "fr")
    with pytest.raises(ValueError, match="format"):
        render(SPECS["bar"], theme, "pdf", 100, "zh")
    with pytest.raises(ValueError, match="donut"):
        render(spec("donut", cats=CATS[:2], ser=(series(Y2020, [1.0, -1.0]),)), theme, "png", 100, "zh")
