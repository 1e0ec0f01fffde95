"""Column kinds: bar, grouped_bar, stacked_bar; and the bar helpers every bar-drawing kind uses
(:mod:`.rows` for hbar and pct_change, :mod:`.lines` for bar_line).

Input: a checked :class:`ChartSpec` with its value axes, the :class:`Style`, width in mm, languages.
Output: a laid-out matplotlib Figure with no title drawn (the document's caption has it).

Every bar starts at zero on a scale shared by all bars of the chart (panels of different units
get a scale each, and each panel says its unit). Bars carry their values as labels where the
labels fit; where they would collide, the labels give way to a labelled value axis.
"""

from __future__ import annotations

import re

from reportgen.charts import kinds
from reportgen.charts import layout as L
from reportgen.charts.kinds import kind
from reportgen.charts.style import Style, fix, is_cjk, pick, text_width_pt, value_label, wrap
from reportgen.errors import InputError
from reportgen.model import ChartSpec

PT = 1 / 72  # inches per point
MAX_HEIGHT = 1.35  # a chart is at most this many times as tall as it is wide (fits the text block)


class ChartTooLarge(InputError):
    """The data is valid but cannot be drawn readably in a page (exit 2, naming the chart)."""


def tint(colour: str, amount: float) -> str:
    """Blend ``colour`` towards white by ``amount`` (0..1)."""
    from matplotlib.colors import to_hex, to_rgb

    r, g, b = to_rgb(colour)
    return to_hex((r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount))


def period_colours(style: Style, n: int) -> list[str]:
    """grouped_bar periods: the latest in the main colour, earlier ones as lighter tints."""
    if n == 1:
        return [style.main]
    return [tint(style.main, 0.62 * (n - 1 - k) / (n - 1)) for k in range(n)]


def series_colours(style: Style, n: int) -> list[str]:
    pal = [style.main, *style.others]
    return [pal[k % len(pal)] for k in range(n)]


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    from matplotlib.colors import to_rgb

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in to_rgb(colour))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#FFFFFF" if (1.05 / (lum + 0.05)) >= ((lum + 0.05) / 0.05) else "#1F1F1F"


def bar_label(ax, x, y, text, horizontal: bool, style: Style):
    """A data label just beyond the bar end (below/left of it for negative values)."""
    neg = y < 0
    if horizontal:
        return ax.annotate(
            fix(text),
            (y, x),
            xytext=(-4 if neg else 4, 0),
            textcoords="offset points",
            ha="right" if neg else "left",
            va="center",
            color=style.text,
            fontsize=style.size,
            linespacing=1.1,
            annotation_clip=False,
        )
    return ax.annotate(
        fix(text),
        (x, y),
        xytext=(0, -3 if neg else 3),
        textcoords="offset points",
        ha="center",
        va="top" if neg else "bottom",
        color=style.text,
        fontsize=style.size,
        linespacing=1.1,
        annotation_clip=False,
    )


def vertical_height(spec: ChartSpec, width_mm: float, langs: str) -> float:
    ratio = 0.56 + (0.04 if spec.source else 0.0) + (0.05 if langs == "zh+en" else 0.0)
    return width_mm * ratio


def axes_width_pt(fig, share: float = 0.9) -> float:
    return fig.get_figwidth() * 72 * share


def crowded(fig, extra=()) -> bool:
    """Whether any two drawn texts (or a text and one of ``extra`` boxes) overlap."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in L.drawn_texts(fig)]
    return L.collide(boxes + list(extra), pad_px=1.5 * fig.dpi / 72)


def measured_pt(fig, text: str, size: float) -> float:
    """The drawn width of one line of ``text`` in points, as the renderer measures it."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    width, _, _ = renderer.get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    return width * 72 / fig.dpi


def settle(fig) -> None:
    """Lay the figure out as it now is, and keep that layout for every format saved."""
    fig.draw_without_rendering()
    fig.laid_out = True


def category_ticks(
    ax, spec: ChartSpec, langs: str, style: Style, slot_pt: float, axis: str = "x", edge: float = 0.5
) -> None:
    """Category labels under the bars, wrapped to their slot; for many periods, every k-th one.

    Sets the category limits too: ``edge`` beyond the last category, and on the left room for
    half the first label, clear of the value axis' labels.
    """
    n = len(spec.categories)
    texts = [pick(c, langs) for c in spec.categories]
    widest = max(min(text_width_pt(line, style.size), 80.0) for t in texts for line in t.split("\n"))
    step = 1
    periods = kinds.get(spec.kind).data == "series"  # categories are all named; periods may be thinned
    while periods and step < n and widest + 6 > slot_pt * step:
        step += 1
    shown = list(range(0, n, step))
    if shown[-1] != n - 1:  # the latest period is always labelled
        if len(shown) > 1:
            shown[-1] = n - 1
        else:
            shown.append(n - 1)
    labels = [fix(wrap(texts[i], max(slot_pt * step - 6, 24.0), style.size)) for i in shown]
    if axis == "x":
        ax.set_xticks(shown, labels)
        first, last = (max(text_width_pt(x, style.size) for x in t.split("\n")) for t in (labels[0], labels[-1]))
        ax.set_xlim(-max(edge, (first / 2 + 6) / slot_pt), n - 1 + max(edge, (last / 2 + 6) / slot_pt))
    else:
        ax.set_yticks(shown, labels)


# --- vertical bars ---------------------------------------------------------------------------


def columns(spec: ChartSpec, style: Style, width_mm: float, langs: str, colours: list[str]):
    fig = L.new_figure(width_mm, vertical_height(spec, width_mm, langs))
    ax = fig.add_subplot()
    n, m = len(spec.categories), len(spec.series)
    group = 0.62 if m == 1 else 0.8
    w = group / m
    labels, handles = [], []
    for s, series in enumerate(spec.series):
        xs = [i - group / 2 + w * (s + 0.5) for i in range(n)]
        heights = [0.0 if v is None else v for v in series.values]
        bars = ax.bar(xs, heights, width=w * (0.92 if m > 1 else 1), color=colours[s], linewidth=0)
        handles.append(bars[0])
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{s}-{i}")
            if series.values[i] is not None:
                labels.append(bar_label(ax, xs[i], heights[i], value_label(series.labels[i], langs), False, style))
    slot_pt = axes_width_pt(fig) / n
    words = [w for c in spec.categories for w in re.split(r"\s+", pick(c, langs, " ")) if w and not is_cjk(w)]
    word = max(words, key=lambda w: text_width_pt(w, style.size), default="")
    if word and measured_pt(fig, word, style.size) > slot_pt - 6:
        raise ChartTooLarge(
            f"chart {spec.title.en!r}: {n} columns are too narrow for labels with words like {word!r}"
            " (use hbar for long labels)"
        )
    category_ticks(ax, spec, langs, style, slot_pt)
    axis = spec.axes[0]
    ax.set_ylim(axis.ticks[0], axis.ticks[-1])
    labelled_or_axis(fig, ax, spec, style, langs, width_mm, handles, labels, value="y")
    return fig


def labelled_or_axis(fig, ax, spec, style, langs, width_mm, handles, labels, *, value: str) -> None:
    """How every bar kind ends: a zero line instead of the value axis, a legend for several
    series, the value labels fitted inside the axes — or, where they would touch each other or a
    bar, no labels and a labelled value axis (``value``: "y" for columns, "x" for rows)."""
    ax.spines["bottom" if value == "y" else "left"].set_visible(False)
    (ax.axhline if value == "y" else ax.axvline)(0, color=style.muted, linewidth=0.8)
    L.hide_value_axis(ax, value)
    if len(spec.series) > 1:
        L.legend(fig, handles, [pick(s.name, langs, " ") for s in spec.series], style)
    L.finish(fig, spec, style, langs, width_mm)
    # Rows: 6 pt between a negative bar's label and the category labels beyond the axes' edge.
    L.fit_texts(fig, ax, labels, value, pad_px=3.0 if value == "y" else 6 * fig.dpi / 72)
    if crowded(fig):
        for t in labels:
            t.remove()
        L.value_axis(ax, spec.axes[0], langs, style, which=value)
        settle(fig)


@kind("bar", "figures", "柱状图", "bar chart", categories=(1, 12), series=(1, 1), zero=True, advice="use hbar")
def draw_bar(spec, style, width_mm, langs):
    return columns(spec, style, width_mm, langs, series_colours(style, len(spec.series)))


@kind(
    "grouped_bar",
    "groups",
    "分组柱状图",
    "grouped bar chart",
    categories=(1, 8),
    series=(1, 6),
    zero=True,
    advice="split the chart, or use a line chart for many indicators",
)
def draw_grouped_bar(spec, style, width_mm, langs):
    colours = period_colours(style, len(spec.series))
    if not spec.category_units:
        return columns(spec, style, width_mm, langs, colours)
    return panels(spec, style, width_mm, langs, colours)


def panels(spec: ChartSpec, style: Style, width_mm: float, langs: str, colours: list[str]):
    """Indicators of different units: a panel each, each titled with its unit, its own axis."""
    import math

    n, m = len(spec.categories), len(spec.series)
    ncols = min(n, 4)
    nrows = math.ceil(n / ncols)
    height = width_mm * (0.52 if nrows == 1 else 0.4 * nrows) + (width_mm * 0.05 if spec.source else 0)
    fig = L.new_figure(width_mm, height)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    panel_pt = axes_width_pt(fig) / ncols - 30
    groups, handles = [], []
    for i, ax in enumerate(axes):
        if i >= n:
            ax.set_axis_off()
            continue
        texts = []
        for s, series in enumerate(spec.series):
            v = series.values[i]
            bar = ax.bar([s], [0.0 if v is None else v], width=0.66, color=colours[s], linewidth=0)[0]
            bar.set_gid(f"bar-{s}-{i}")
            if i == 0:
                handles.append(bar)
            if v is not None:
                texts.append(bar_label(ax, s, v, value_label(series.labels[i], langs), False, style))
        ax.set_xticks([])
        ax.set_xlim(-0.6, m - 0.4)
        unit = L.unit_after_name(spec.axes[i], langs)
        title = f"{pick(spec.categories[i], langs, ' ')} ({unit})"
        L.value_axis(ax, spec.axes[i], langs, style, title=fix(wrap(title, panel_pt, style.size)), loc="center")
        ax.title.set_color(style.text)
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.axhline(0, color=style.muted, linewidth=0.8)
        groups.append((ax, texts))
    L.legend(fig, handles, [pick(s.name, langs, " ") for s in spec.series], style)
    L.finish(fig, spec, style, langs, width_mm)
    L.fit_all_texts(fig, groups, "y")
    if crowded(fig):
        for _, texts in groups:
            for t in texts:
                t.remove()
        settle(fig)
    return fig


def stacked_scale(spec: ChartSpec) -> list:
    """The stacks' heights: positive parts summed upwards, negative ones downwards."""
    n = len(spec.categories)
    ups = [sum(s.values[i] or 0.0 for s in spec.series if (s.values[i] or 0.0) > 0) for i in range(n)]
    downs = [sum(s.values[i] or 0.0 for s in spec.series if (s.values[i] or 0.0) < 0) for i in range(n)]
    return [(ups + downs, True, spec.unit)]


@kind(
    "stacked_bar",
    "series",
    "堆积柱状图",
    "stacked bar chart",
    categories=(1, 30),
    series=(2, 8),
    zero=True,
    scale=stacked_scale,
)
def draw_stacked_bar(spec, style, width_mm, langs):
    """Composition over periods: each series a part, stacked up from zero (negative parts down)."""
    fig = L.new_figure(width_mm, vertical_height(spec, width_mm, langs))
    ax = fig.add_subplot()
    n, m = len(spec.categories), len(spec.series)
    colours = series_colours(style, m)
    up, down = [0.0] * n, [0.0] * n
    handles, inside = [], []
    for s, series in enumerate(spec.series):
        values = [0.0 if v is None else v for v in series.values]
        bottoms = [up[i] if v >= 0 else down[i] for i, v in enumerate(values)]
        bars = ax.bar(range(n), values, bottom=bottoms, width=0.62, color=colours[s], linewidth=0.6, edgecolor="white")
        handles.append(bars[0])
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{s}-{i}")
            if values[i] >= 0:
                up[i] += values[i]
            else:
                down[i] += values[i]
            if series.values[i] is not None and values[i] != 0:
                t = ax.text(
                    i,
                    bottoms[i] + values[i] / 2,
                    fix(value_label(series.labels[i], langs)),
                    ha="center",
                    va="center",
                    fontsize=style.size,
                    color=ink_on(colours[s]),
                    linespacing=1.1,
                )
                t.set_gid(f"inlabel-{s}-{i}")
                inside.append((t, bar))
    category_ticks(ax, spec, langs, style, axes_width_pt(fig) / n)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.axhline(0, color=style.muted, linewidth=0.8)
    L.value_axis(ax, spec.axes[0], langs, style)
    L.legend(fig, handles, [pick(s.name, langs, " ") for s in spec.series], style)
    L.finish(fig, spec, style, langs, width_mm)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    pad = 1.5 * fig.dpi / 72
    for t, bar in inside:  # a part's value goes inside it only where it fits with room to spare
        e, b = t.get_window_extent(renderer), bar.get_window_extent(renderer)
        if e.width + 2 * pad > b.width or e.height + 2 * pad > b.height:
            t.remove()
    settle(fig)
    return fig


__all__ = ["PT", "tint"]
