"""Line kinds: line (one or several series) and bar_line (an amount as bars, its rate as a line).

Input: a checked :class:`ChartSpec` with its value axes, the :class:`Style`, width in mm, languages.
Output: a laid-out matplotlib Figure with no title drawn.

A line always has a labelled value axis stating its range (see :mod:`reportgen.charts.scales`),
each series is named at its end, the latest point is marked and labelled, and a missing value is
a gap in the line, never a zero. Point labels that would touch a line or another text are dropped
(the axis still reads every value).
"""

from __future__ import annotations

import math

from reportgen.charts import layout as L
from reportgen.charts import scales
from reportgen.charts.bars import axes_width_pt, category_ticks, crowded, series_colours, settle, vertical_height
from reportgen.charts.kinds import kind
from reportgen.charts.style import Style, fix, pick, value_label, wrap
from reportgen.model import ChartSpec


def latest(values) -> int:
    """Index of the last value given (the latest observation)."""
    return max(i for i, v in enumerate(values) if v is not None)


def plot_series(ax, xs, values, colour: str, gid: str, style: Style):
    ys = [math.nan if v is None else v for v in values]
    (line,) = ax.plot(
        xs,
        ys,
        color=colour,
        linewidth=1.6,
        marker="o",
        markersize=3.2,
        markeredgecolor="white",
        markeredgewidth=0.5,
        solid_capstyle="round",
        zorder=3,
    )
    line.set_gid(gid)
    k = latest(values)
    (mark,) = ax.plot(
        [xs[k]],
        [values[k]],
        marker="o",
        markersize=6.5,
        color=colour,
        markeredgecolor="white",
        markeredgewidth=1.0,
        linestyle="none",
        zorder=4,
    )
    mark.set_gid(gid + "-latest")
    return line


def point_label_place(values, i: int) -> tuple[float, float, str, str]:
    """Where a point's label goes so the line does not run through it: (dx, dy, ha, va).

    Peaks get it above, troughs below; on a rising stretch it sits up-left (the line comes from
    below-left and leaves up-right), on a falling one up-right.
    """
    v = values[i]
    prev = values[i - 1] if i > 0 else None
    nxt = values[i + 1] if i + 1 < len(values) else None
    up_in = prev is not None and prev < v
    up_out = nxt is not None and nxt > v
    if prev is None and nxt is None:
        return 0, 6, "center", "bottom"
    if prev is None:
        return (0, -7, "center", "top") if up_out else (0, 6, "center", "bottom")
    if nxt is None:
        return (0, 6, "center", "bottom") if up_in or prev == v else (0, -7, "center", "top")
    if up_in and not up_out:
        return 0, 6, "center", "bottom"
    if not up_in and up_out:
        return (0, -7, "center", "top") if prev > v else (0, 6, "center", "bottom")
    if up_in and up_out:
        return -4, 5, "right", "bottom"
    return 4, 5, "left", "bottom"


def line_points(ax, line) -> list:
    xs, ys = line.get_xdata(), line.get_ydata()
    out = []
    for x, y in zip(xs, ys, strict=True):
        out.append(None if y != y else tuple(ax.transData.transform((x, y))))
    return out


def drop_touching(fig, labels, lines_by_ax) -> None:
    """Remove every point label if any touches a line, a marker or another text."""
    if not labels:
        return
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    pad = 1.5 * fig.dpi / 72
    hit = crowded(fig)
    for t in labels if not hit else ():
        box = t.get_window_extent(renderer)
        for ax, lines in lines_by_ax:
            if any(L.hits_polyline(box, line_points(ax, line), pad) for line in lines):
                hit = True
    if hit:
        for t in labels:
            t.remove()


def spread_end_labels(fig, ax, ends) -> None:
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    px_per_pt = fig.dpi / 72
    centres = [ax.transData.transform(a.xy)[1] for a in ends]
    heights = [a.get_window_extent(renderer).height + 2 * px_per_pt for a in ends]
    for a, old, new in zip(ends, centres, L.spread(centres, heights), strict=True):
        a.xyann = (a.xyann[0], (new - old) / px_per_pt)


@kind("line", "series", "折线图", "line chart", categories=(2, 60), series=(1, 6), zero=False)
def draw_line(spec: ChartSpec, style: Style, width_mm: float, langs: str):
    fig = L.new_figure(width_mm, vertical_height(spec, width_mm, langs))
    ax = fig.add_subplot()
    n, m = len(spec.categories), len(spec.series)
    colours = series_colours(style, m)
    xs = list(range(n))
    label_all = m == 1 and n <= 8
    point_labels, ends, lines = [], [], []
    for s, series in enumerate(spec.series):
        lines.append(plot_series(ax, xs, series.values, colours[s], f"line-{s}", style))
        k = latest(series.values)
        if label_all:
            for i in xs:
                if series.values[i] is None or i == k:
                    continue
                dx, dy, ha, va = point_label_place(series.values, i)
                point_labels.append(
                    ax.annotate(
                        fix(value_label(series.labels[i], langs)),
                        (i, series.values[i]),
                        xytext=(dx, dy),
                        textcoords="offset points",
                        ha=ha,
                        va=va,
                        fontsize=style.size,
                        color=style.text,
                        linespacing=1.1,
                        annotation_clip=False,
                    )
                )
        name = wrap(pick(series.name, langs, " "), fig.get_figwidth() * 72 * 0.2, style.size)
        text = f"{name}\n{value_label(series.labels[k], langs, chr(10))}"
        ends.append(
            ax.annotate(
                fix(text),
                (k, series.values[k]),
                xytext=(7 + (n - 1 - k) * 0, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=style.size,
                color=colours[s],
                linespacing=1.15,
                annotation_clip=False,
            )
        )
    slot_pt = axes_width_pt(fig, 0.7) / n
    category_ticks(ax, spec, langs, style, slot_pt, edge=0.3)
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_color(style.muted)
    axis = spec.axes[0]
    L.value_axis(ax, axis, langs, style)
    if axis.ticks[0] < 0 < axis.ticks[-1]:
        ax.axhline(0, color=style.muted, linewidth=0.8, zorder=2)
    L.finish(fig, spec, style, langs, width_mm)
    if point_labels:
        L.fit_texts(fig, ax, point_labels, "y")
        value_axis_again(ax, axis)
    spread_end_labels(fig, ax, ends)
    drop_touching(fig, point_labels, [(ax, lines)])
    settle(fig)
    return fig


def value_axis_again(ax, axis) -> None:
    """fit_texts may widen the limits for point labels; the axis still states its ticks' range."""
    lo, hi = ax.get_ylim()
    ax.set_ylim(min(lo, axis.ticks[0]), max(hi, axis.ticks[-1]))


def bar_line_scales(spec: ChartSpec) -> list:
    """The amount's axis from zero, the rate's beside it. The bars take the lower part of the plot
    and the rate line the upper part: the scales leave room for that (and say so with their
    ticks), so the line never runs over a bar."""
    amount = [v for v in spec.series[0].values if v is not None]
    rate = [v for v in spec.series[1].values if v is not None]
    lo, hi = min(rate), max(rate)
    span = (hi - lo) or abs(hi) or 1.0
    return [
        ([*amount, max(amount) * 1.8 if max(amount) > 0 else 0.0], True, spec.unit),
        ([*rate, lo - span * 1.4], scales.line_needs_zero(rate), spec.series[1].unit or spec.unit),
    ]


@kind(
    "bar_line",
    "series",
    "柱线组合图",
    "bar and line chart",
    categories=(2, 30),
    series=(2, 2),
    zero=True,
    mixed_units=True,
    scale=bar_line_scales,
)
def draw_bar_line(spec: ChartSpec, style: Style, width_mm: float, langs: str):
    """An amount as bars on the first axis and its rate of change as a line on a second axis."""
    fig = L.new_figure(width_mm, vertical_height(spec, width_mm, langs))
    ax = fig.add_subplot()
    n = len(spec.categories)
    amount, rate = spec.series
    bar_colour, line_colour = style.main, style.others[0]
    heights = [0.0 if v is None else v for v in amount.values]
    bars = ax.bar(range(n), heights, width=0.6, color=bar_colour, linewidth=0, zorder=2)
    for i, bar in enumerate(bars):
        bar.set_gid(f"bar-0-{i}")
    ax2 = ax.twinx()
    ax2.set_zorder(ax.get_zorder() + 1)
    ax2.patch.set_visible(False)
    line = plot_series(ax2, list(range(n)), rate.values, line_colour, "line-1", style)
    k = latest(rate.values)
    mark = ax2.annotate(
        fix(value_label(rate.labels[k], langs, " / ")),
        (k, rate.values[k]),
        xytext=(0, 7),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=style.size,
        color=line_colour,
        annotation_clip=False,
    )
    category_ticks(ax, spec, langs, style, axes_width_pt(fig, 0.75) / n)
    for a in (ax, ax2):
        for side in ("left", "right", "top"):
            a.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(style.muted)
    L.value_axis(ax, spec.axes[0], langs, style)
    rate_unit = L.unit_after_name(spec.axes[1], langs)
    L.value_axis(ax2, spec.axes[1], langs, style, title="")
    ax2.grid(False)
    rate_title = wrap(f"{pick(rate.name, langs, ' / ')} ({rate_unit})", fig.get_figwidth() * 72 * 0.44, style.size)
    ax.set_title(fix(rate_title), loc="right", fontsize=style.size, ha="right", color=style.muted, pad=5)
    ax.axhline(0, color=style.muted, linewidth=0.8, zorder=2)
    if spec.axes[1].ticks[0] < 0 < spec.axes[1].ticks[-1]:
        ax2.axhline(0, color=line_colour, linewidth=0.6, linestyle=(0, (3, 2)), zorder=2)
    L.legend(fig, [bars[0], line], [pick(amount.name, langs, " "), pick(rate.name, langs, " ")], style)
    L.finish(fig, spec, style, langs, width_mm)
    L.fit_texts(fig, ax2, [mark], "y")
    value_axis_again(ax2, spec.axes[1])
    drop_touching(fig, [mark], [(ax2, [line])])
    settle(fig)
    return fig
