"""Row kinds: hbar (one row per figure, longest first) and pct_change (rows in source order,
rises and falls in two colours).

Input: a checked :class:`ChartSpec` with its value axis, the :class:`Style`, width in mm, languages.
Output: a laid-out matplotlib Figure with no title drawn (the document's caption has it).

Rows grow with their labels (Chinese over English), so a chart of long labels is taller, up to
a page's text block; bars start at zero and carry their values, or give way to a labelled axis.
"""

from __future__ import annotations

from reportgen.charts import layout as L
from reportgen.charts.bars import MAX_HEIGHT, ChartTooLarge, bar_label, labelled_or_axis, series_colours
from reportgen.charts.kinds import kind
from reportgen.charts.style import fix, line_count, pick, value_label, wrap


def rows(spec, style, width_mm, langs, *, sort: bool, by_sign: bool):
    n, m = len(spec.categories), len(spec.series)
    extra_pt = style.size * 2.5 + (style.size * 2.2 if m > 1 else 0)
    extra_pt += L.source_lines(spec, langs, style, width_mm)[1] * style.small * 1.3 + (6 if spec.source else 0)
    # Rows are as tall as their labels; a chart never grows past MAX_HEIGHT widths (a page's text
    # block): long labels get more of the width first, then the chart is refused as unreadable.
    # A bilingual label is Chinese over English; when that makes too tall a chart, one line each.
    # Each row is as tall as its own label, in units of one bar row (``unit`` points).
    unit = max(style.size * 1.2 * max(m, 1) * 0.8, style.size * 1.2) + style.size * 0.5
    for share, sep in ((0.34, "\n"), (0.42, "\n"), (0.42, " / "), (0.5, " / ")):
        label_pt = width_mm / L.MM_PER_INCH * 72 * share
        cats = [fix(wrap(pick(c, langs, sep), label_pt, style.size)) for c in spec.categories]
        spans = [max(1.0, (line_count(c) * style.size * 1.2 + style.size * 0.5) / unit) for c in cats]
        height = max((sum(spans) * unit + extra_pt) / 72 * L.MM_PER_INCH, width_mm * 0.22)
        if height <= width_mm * MAX_HEIGHT:
            break
    else:
        raise ChartTooLarge(
            f"chart {spec.title.en!r}: {n} rows with labels this long need {height:.0f} mm, more than a page;"
            " shorten the labels or split the chart"
        )
    fig = L.new_figure(width_mm, height)
    ax = fig.add_subplot()
    order = list(range(n))
    if sort:
        order.sort(key=lambda i: -(spec.series[0].values[i] or 0.0))
    centre, top = {}, 0.0  # row centres in bar-row units, the first row at the top
    for i in order:
        centre[i] = top + spans[i] / 2
        top += spans[i]
    group = 0.66 if m == 1 else 0.8
    h = group / m
    colours = series_colours(style, m)
    texts, handles = [], []
    for s, series in enumerate(spec.series):
        ys = [centre[i] - group / 2 + h * (s + 0.5) for i in range(n)]
        values = [0.0 if v is None else v for v in series.values]
        fill = [(style.negative if v < 0 else style.positive) if by_sign else colours[s] for v in values]
        bars = ax.barh(ys, values, height=h * (0.9 if m > 1 else 1), color=fill, linewidth=0)
        handles.append(bars[0])
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{s}-{i}")
            if series.values[i] is not None:
                texts.append(bar_label(ax, ys[i], values[i], value_label(series.labels[i], langs, " / "), True, style))
    ax.set_yticks([centre[i] for i in range(n)], cats)
    ax.set_ylim(top, 0)  # first row at the top
    axis = spec.axes[0]
    ax.set_xlim(axis.ticks[0], axis.ticks[-1])
    ax.tick_params(axis="y", pad=6)
    labelled_or_axis(fig, ax, spec, style, langs, width_mm, handles, texts, value="x")
    return fig


@kind("hbar", "figures", "条形图", "bar chart", categories=(1, 30), series=(1, 1), zero=True)
def draw_hbar(spec, style, width_mm, langs):
    return rows(spec, style, width_mm, langs, sort=True, by_sign=False)


@kind("pct_change", "figures", "变化率图", "percentage change chart", categories=(1, 30), series=(1, 1), zero=True)
def draw_pct_change(spec, style, width_mm, langs):
    return rows(spec, style, width_mm, langs, sort=False, by_sign=True)
