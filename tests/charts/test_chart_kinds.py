"""Every chart kind, drawn with awkward data: values read back, no text touching, honest scales."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_charts_render import make_theme  # noqa: E402

from reportgen.charts import _draw, kinds
from reportgen.charts import layout as L
from reportgen.charts.axes import with_axes
from reportgen.charts.scales import ticks
from reportgen.charts.style import value_label, wrap
from reportgen.errors import InputError
from reportgen.model import ChartSpec, Series, Text

SHORT = [Text("工业", "Industry"), Text("农业", "Farming"), Text("服务业", "Services"), Text("建筑", "Building")]
LONG = [
    Text("新建改扩建中小学、幼儿园", "Primary and secondary schools and kindergartens built or expanded"),
    Text("社区养老日间照料中心", "Community day-care centres for the elderly"),
    Text("新建变电站、污水处理厂", "New electricity substations and sewage treatment plants"),
    Text("老旧小区改造", "Old residential communities renovated"),
]
MIXED = [
    Text("PM2.5浓度", "PM2.5 concentration"),
    Text("5G基站", "5G base stations"),
    Text("R&D投入", "R&D"),
    Text("GDP增速", "GDP growth"),
]
LABELS = {"short": SHORT, "long": LONG, "mixed": MIXED}


def money(v: float | None) -> Text:
    if v is None:
        return Text("无数据", "no data")
    sign = "\u2212" if v < 0 else ""
    return Text(f"{sign}{abs(v):g}亿元", f"{sign}CNY {abs(v) / 10:g} bn")


def pct(v: float | None) -> Text:
    return Text("无数据", "no data") if v is None else Text(f"{v:g}%", f"{v:g}%")


def ser(name: Text, values, fmt=money, unit=None) -> Series:
    return Series(name=name, values=tuple(values), labels=tuple(fmt(v) for v in values), unit=unit)


YI = Text("亿元", "CNY 100 million")


def make(kind: str, cats, series, unit=YI) -> ChartSpec:
    spec = ChartSpec(
        kind=kind,
        title=Text("标题", "Title"),
        categories=tuple(cats),
        series=tuple(series),
        unit=unit,
        source=Text("国家统计局", "National Bureau of Statistics"),
    )
    return with_axes(spec)


def periods(n: int) -> list[Text]:
    return [Text(f"{2000 + i}年", str(2000 + i)) for i in range(n)]


def example(kind: str, cats) -> ChartSpec:
    """A spec of ``kind`` with the given categories (or periods, for series kinds)."""
    n = len(cats)
    if kind in ("bar", "hbar"):
        return make(kind, cats, [ser(Text("值", "Value"), [674, 0.5, 52.3, 0][:n])])
    if kind == "pct_change":
        return make(kind, cats, [ser(Text("增速", "Change"), [-46.1, 8.2, 0, -87][:n], pct)], Text("%", "%"))
    if kind == "donut":
        return make(kind, cats, [ser(Text("份额", "Share"), [190, 148, 1.7, 0.4][:n])])
    if kind == "grouped_bar":
        return make(
            kind,
            cats,
            [
                ser(Text("2015年", "2015"), [329, 22.9, 410, 5][:n]),
                ser(Text("2020年", "2020"), [674, 53.9, -20, 7][:n]),
            ],
        )
    per = periods(6)
    if kind == "line":
        return make(
            kind, per, [ser(cats[0], [465, 512, None, 610, 640, 674]), ser(cats[1], [300, 280, 350, 390, 420, 455])]
        )
    if kind == "stacked_bar":
        return make(kind, per, [ser(c, [10 + k * 3, 12, 14, None, 18, 20 + k]) for k, c in enumerate(cats[:3])])
    if kind == "bar_line":
        return make(
            kind,
            per,
            [
                ser(cats[0], [465, 512, 560, 610, 640, 674]),
                ser(cats[1], [8.2, 10.1, 9.4, -1.5, 4.9, 5.2], pct, Text("%", "%")),
            ],
        )
    raise AssertionError(kind)


@pytest.fixture(scope="module")
def theme():
    return make_theme()


def boxes(fig):
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    return renderer, [(t, t.get_window_extent(renderer)) for t in L.drawn_texts(fig)]


def assert_readable(fig) -> None:
    """No two texts overlap; no text leaves the figure, covers a bar or is crossed by a line."""
    renderer, found = boxes(fig)
    for i, (a, ea) in enumerate(found):
        assert ea.x0 >= -1 and ea.y0 >= -1 and ea.x1 <= fig.bbox.width + 1 and ea.y1 <= fig.bbox.height + 1, a
        for b, eb in found[i + 1 :]:
            assert not ea.overlaps(eb), (a.get_text(), b.get_text())
    for ax in fig.axes:
        for patch in ax.patches:
            gid = patch.get_gid() or ""
            if not gid.startswith("bar-"):
                continue
            pb = patch.get_window_extent(renderer)
            if pb.width < 0.5 or pb.height < 0.5:
                continue
            for t, e in found:
                inside = (t.get_gid() or "") == "inlabel-" + gid[4:]
                if inside:
                    assert pb.x0 <= e.x0 and e.x1 <= pb.x1 and pb.y0 <= e.y0 and e.y1 <= pb.y1, t.get_text()
                elif (t.get_gid() or "").startswith("inlabel-"):
                    continue
                else:
                    assert not (
                        e.x0 < pb.x1 - 0.5 and pb.x0 + 0.5 < e.x1 and e.y0 < pb.y1 - 0.5 and pb.y0 + 0.5 < e.y1
                    ), (t.get_text(), gid)
        for patch in ax.patches:  # donut wedges: no text on the ring
            if not (patch.get_gid() or "").startswith("wedge-"):
                continue
            for t, e in found:
                inner = [
                    (e.x0 + (e.x1 - e.x0) * i / 6, e.y0 + (e.y1 - e.y0) * j / 4) for i in range(7) for j in range(5)
                ]
                assert not any(patch.contains_point(p) for p in inner), (t.get_text(), patch.get_gid())
        for line in ax.get_lines():
            if not (line.get_gid() or "").startswith("line-") or line.get_gid().endswith("latest"):
                continue
            pts = [
                None if y != y else tuple(ax.transData.transform((x, y)))
                for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)
            ]
            for t, e in found:
                assert not L.hits_polyline(e, pts), (t.get_text(), line.get_gid())


def assert_data_drawn(fig, spec: ChartSpec) -> None:
    """What the drawing shows equals the data: bar lengths, line points, wedge angles."""
    info = kinds.get(spec.kind)
    found = {p.get_gid(): p for ax in fig.axes for p in ax.patches if p.get_gid()}
    lines = {ln.get_gid(): ln for ax in fig.axes for ln in ax.get_lines() if ln.get_gid()}
    for s, series in enumerate(spec.series):
        for i, v in enumerate(series.values):
            if spec.kind == "donut":
                w = found[f"wedge-{i}"]
                assert w.theta2 - w.theta1 == pytest.approx(360 * v / sum(series.values), rel=1e-6)
            elif f"line-{s}" in lines:
                y = lines[f"line-{s}"].get_ydata()[i]
                assert (v is None and math.isnan(y)) or y == pytest.approx(v)
            else:
                bar = found[f"bar-{s}-{i}"]
                length = bar.get_width() if info.name in ("hbar", "pct_change") else bar.get_height()
                assert length == pytest.approx(0.0 if v is None else v)


def assert_scale_as_stated(fig, spec: ChartSpec) -> None:
    info = kinds.get(spec.kind)
    if spec.kind == "donut":
        return
    axis = spec.axes[0]
    ax = fig.axes[0]
    lo, hi = ax.get_xlim() if spec.kind in ("hbar", "pct_change") else ax.get_ylim()
    if info.zero:
        assert lo <= 0 <= hi  # bars start at zero
    assert lo <= axis.ticks[0] + 1e-9 and hi >= axis.ticks[-1] - 1e-9
    if ax.yaxis.get_visible() and spec.kind not in ("hbar", "pct_change"):
        shown = [t.get_text() for t in ax.get_yticklabels()]
        assert shown[0] and shown[-1]  # the range's ends are labelled: the range is stated


@pytest.mark.parametrize("labels", sorted(LABELS))
@pytest.mark.parametrize("langs", ["zh+en", "en", "zh"])
@pytest.mark.parametrize("kind", sorted(kinds.names()))
def test_every_kind_readable_with_short_long_and_mixed_labels(theme, kind, langs, labels):
    spec = example(kind, LABELS[labels])
    fig = _draw(spec, theme, 138.0, langs)
    assert_readable(fig)
    assert_data_drawn(fig, spec)
    assert_scale_as_stated(fig, spec)
    if kinds.get(kind).data != "series" and langs == "zh":  # every category is named (periods may be thinned)
        shown = "".join(t.get_text() for t in L.drawn_texts(fig)).replace("\n", "")
        for c in spec.categories:
            assert c.zh in shown, c.zh


@pytest.mark.parametrize("kind", ["hbar", "pct_change", "line", "stacked_bar", "bar_line"])
def test_thirty_categories_or_periods(theme, kind):
    cats = [Text(f"第{i}区", f"District {i}") for i in range(30)] if kind in ("hbar", "pct_change") else periods(30)
    values = [((i * 37) % 23 - 5) * (1 if kind != "hbar" else 0) + (i + 1) * 3 for i in range(30)]
    if kind in ("hbar", "pct_change"):
        spec = make(kind, cats, [ser(Text("值", "Value"), values, pct)], Text("%", "%"))
    elif kind == "line":
        spec = make(kind, cats, [ser(Text("GDP", "GDP"), values)])
    elif kind == "stacked_bar":
        spec = make(kind, cats, [ser(Text("一产", "Primary"), values), ser(Text("二产", "Secondary"), values[::-1])])
    else:
        spec = make(
            kind,
            cats,
            [
                ser(Text("总额", "Amount"), [abs(v) for v in values]),
                ser(Text("增速", "Growth"), [v / 10 for v in values], pct, Text("%", "%")),
            ],
        )
    fig = _draw(spec, theme, 138.0, "zh+en")
    assert_readable(fig)
    assert_data_drawn(fig, spec)


def test_orders_of_magnitude_and_one_category(theme):
    spec = make("hbar", SHORT[:2], [ser(Text("值", "Value"), [0.02, 250000])])
    fig = _draw(spec, theme, 138.0, "zh+en")
    assert_readable(fig)
    assert_data_drawn(fig, spec)
    one = make("bar", SHORT[:1], [ser(Text("值", "Value"), [42])])
    assert_readable(_draw(one, theme, 138.0, "zh+en"))


def test_two_point_line_reads_as_a_change_not_a_cliff(theme):
    spec = make("line", periods(2), [ser(Text("GDP", "GDP"), [329, 674])])
    assert spec.axes[0].ticks[0] == 0  # 329 is half of 674: zero stays on the scale
    fig = _draw(spec, theme, 138.0, "zh+en")
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0 and ax.yaxis.get_visible()
    shown = [t.get_text() for t in L.drawn_texts(fig)]
    assert any(t.startswith("GDP\n674亿元") for t in shown)  # the series is named
    narrow = make("line", periods(2), [ser(Text("GDP", "GDP"), [640, 674])])
    assert narrow.axes[0].ticks[0] > 0  # a narrow band: the axis states where it starts
    assert [t.get_text() for t in _draw(narrow, theme, 138.0, "en").axes[0].get_yticklabels()][0]


def test_missing_value_is_a_gap_not_a_zero(theme):
    spec = example("line", SHORT)
    y = _draw(spec, theme, 138.0, "en").axes[0].get_lines()[0].get_ydata()
    assert math.isnan(y[2]) and y[1] == 512


def test_bar_line_second_axis_is_labelled_as_the_rate(theme):
    spec = example("bar_line", [Text("总额", "Amount"), Text("增长率", "Growth rate")])
    fig = _draw(spec, theme, 138.0, "en")
    ax, ax2 = fig.axes
    assert ax.get_title(loc="right") == "Growth rate (%)"
    assert ax.get_title(loc="left") == "CNY 100 million"
    assert [t.get_text() for t in ax2.get_yticklabels()][0]  # the rate axis has its own ticks
    assert ax.get_ylim()[0] == 0


@pytest.mark.parametrize(
    ("kind", "cats", "values", "reason"),
    [
        ("donut", SHORT[:2], [5, 0], "a donut needs at least two positive parts"),
        ("donut", SHORT[:2], [5, -1], "negative parts"),
        ("bar", [Text(f"区{i}", f"D{i}") for i in range(13)], list(range(13)), "use hbar"),
        ("hbar", [], [], "takes 1 to 30 categories"),
    ],
)
def test_what_a_kind_cannot_draw_is_said(kind, cats, values, reason):
    spec = ChartSpec(
        kind=kind,
        title=Text("t", "t"),
        categories=tuple(cats),
        series=(ser(Text("v", "v"), values),),
        unit=Text("亿元", "CNY"),
    )
    assert reason in kinds.problem(spec)


def test_bilingual_label_rule():
    assert value_label(Text("674亿元", "CNY 67.4 bn"), "zh+en") == "674亿元\nCNY 67.4 bn"
    assert value_label(Text("674亿元", "CNY 67.4 bn"), "en") == "CNY 67.4 bn"
    assert value_label(Text("\u221246.1%", "\u221246.1%"), "zh+en") == "\u221246.1%"
    assert value_label(Text("42所", "42"), "zh+en") == "42"
    assert value_label(Text("42所", "42"), "zh") == "42所"


def test_wrap_never_leaves_one_cjk_character_alone():
    for text in ("新建改扩建中小学、幼儿园", "社区卫生服务中心（站）", "高新技术产业产值增长"):
        for width in (30, 45, 60, 80):
            lines = wrap(text, width, 8.5).split("\n")
            assert "".join(lines) == text
            if len(lines) > 1:
                assert min(len(x) for x in lines) >= 2, lines
    english = wrap("Primary and secondary schools built or expanded", 60, 8.5).split("\n")
    assert " ".join(english) == "Primary and secondary schools built or expanded"  # at spaces only


def test_ticks_are_round_and_cover_the_data():
    t = ticks([329, 674], True)
    assert t[0] == 0 and t[-1] >= 674 and len(t) <= 6 and t == tuple(sorted(t))
    t = ticks([-46.1, 8.2], True)
    assert t[0] <= -46.1 and t[-1] >= 8.2 and 0 in t
    t = ticks([0.3, 0.7], False)
    assert all(len(repr(x)) < 8 for x in t)


def test_every_category_is_named_or_the_chart_is_refused(theme):
    cats = [*LONG, *MIXED, Text("社会消费品零售总额", "Retail sales of consumer goods")]
    values = [2500, 0.03, -42, 0, 81, 120, 7, 9, 11]
    spec = make("bar", cats[:6], [ser(Text("值", "Value"), values[:6])])
    fig = _draw(spec, theme, 138.0, "zh+en")
    assert_readable(fig)
    shown = "".join(t.get_text() for t in L.drawn_texts(fig)).replace("\n", "").replace(" ", "")
    for c in spec.categories:
        assert c.zh in shown and c.en.replace(" ", "") in shown, c
    crowded = make("bar", cats[:9], [ser(Text("值", "Value"), values)])
    with pytest.raises(InputError, match="too narrow for labels with words like 'kindergartens'.*use hbar"):
        _draw(crowded, theme, 138.0, "zh+en")


def test_english_never_breaks_inside_a_word():
    text = "Fixed-asset investment citywide, including infrastructure and property development"
    for width in (30, 45, 60):
        lines = wrap(text, width, 8.5).split("\n")
        assert " ".join(lines) == text, lines
