"""One drawing function per chart kind: ChartSpec + Style -> a laid-out matplotlib Figure.

Input: a validated :class:`ChartSpec`, the resolved :class:`Style`, width in mm, languages.
Output: a Figure (Agg canvas attached) with no title drawn — the document's caption has it.

Every bar is a Rectangle with gid ``bar-{series}-{category}`` (indices into the spec, whatever
the drawn order), donut wedges ``wedge-{category}``, lines ``line-{series}``; tests and SVG
readers rely on these ids.
"""

from __future__ import annotations

import math

from reportgen.charts import layout as L
from reportgen.charts.style import Style, fix, label_lang, line_count, pick, wrap
from reportgen.model import ChartSpec, Series

PANEL_RATIO = 5.0  # grouped_bar: group maxima differing more than this get a panel each


def draw(spec: ChartSpec, style: Style, width_mm: float, langs: str):
    return _KINDS[spec.kind](spec, style, width_mm, langs)


# --- helpers ---------------------------------------------------------------------------------


def _label(series: Series, i: int, langs: str) -> str:
    return fix(series.labels[i].get(label_lang(langs)))


def _vertical_height(spec: ChartSpec, width_mm: float, langs: str) -> float:
    ratio = 0.56 + (0.04 if spec.source else 0.0) + (0.03 if langs == "zh+en" else 0.0)
    return width_mm * ratio


def _tint(colour: str, amount: float) -> str:
    """Blend ``colour`` towards white by ``amount`` (0..1)."""
    from matplotlib.colors import to_hex, to_rgb

    r, g, b = to_rgb(colour)
    return to_hex((r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount))


def _period_colours(style: Style, n: int) -> list[str]:
    """grouped_bar periods: the latest in the main colour, earlier ones as lighter tints."""
    if n == 1:
        return [style.main]
    return [_tint(style.main, 0.62 * (n - 1 - k) / (n - 1)) for k in range(n)]


def _series_colours(style: Style, n: int) -> list[str]:
    pal = [style.main, *style.others]
    return [pal[k % len(pal)] for k in range(n)]


def _bar_label(ax, x, y, text, horizontal: bool, style: Style):
    """A data label just beyond the bar end (below/left of it for negative values)."""
    neg = y < 0
    if horizontal:
        return ax.annotate(
            text,
            (y, x),
            xytext=(-3 if neg else 3, 0),
            textcoords="offset points",
            ha="right" if neg else "left",
            va="center",
            color=style.text,
            fontsize=style.size,
            annotation_clip=False,
        )
    return ax.annotate(
        text,
        (x, y),
        xytext=(0, -2 if neg else 2),
        textcoords="offset points",
        ha="center",
        va="top" if neg else "bottom",
        color=style.text,
        fontsize=style.size,
        annotation_clip=False,
    )


def _limits(values: list[float]) -> tuple[float, float]:
    lo, hi = min(0.0, *values), max(0.0, *values)
    return (lo, hi) if hi > lo else (0.0, 1.0)


def _axes_width_pt(fig, share: float = 0.92) -> float:
    return fig.get_figwidth() * 72 * share


# --- vertical bars: bar, grouped_bar ---------------------------------------------------------


def _columns(spec: ChartSpec, style: Style, width_mm: float, langs: str, colours: list[str]):
    fig = L.new_figure(width_mm, _vertical_height(spec, width_mm, langs))
    ax = fig.add_subplot()
    n, m = len(spec.categories), len(spec.series)
    group = 0.62 if m == 1 else 0.8
    w = group / m
    texts, handles = [], []
    for s, series in enumerate(spec.series):
        xs = [i - group / 2 + w * (s + 0.5) for i in range(n)]
        bars = ax.bar(xs, series.values, width=w * (0.92 if m > 1 else 1), color=colours[s], linewidth=0)
        handles.append(bars[0])
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{s}-{i}")
            texts.append(_bar_label(ax, xs[i], series.values[i], _label(series, i, langs), False, style))
    slot = _axes_width_pt(fig) / max(n, 1) - 4
    labels = [fix(wrap(pick(c, langs), slot, style.size)) for c in spec.categories]
    ax.set_xticks(range(n), labels)
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(*_limits([v for s in spec.series for v in s.values]))
    ax.spines["bottom"].set_visible(False)
    ax.axhline(0, color=style.muted, linewidth=0.8)
    L.hide_value_axis(ax, "y")
    if m > 1:
        L.legend(fig, handles, [L.legend_label(s.name, langs) for s in spec.series], style)
    L.finish(fig, spec, style, langs, width_mm)
    L.fit_texts(fig, ax, texts, "y")
    return fig


def draw_bar(spec, style, width_mm, langs):
    return _columns(spec, style, width_mm, langs, _series_colours(style, len(spec.series)))


def _needs_panels(spec: ChartSpec) -> bool:
    maxima = [max(abs(s.values[i]) for s in spec.series) for i in range(len(spec.categories))]
    if len(maxima) < 2 or max(maxima) == 0:
        return False
    return min(maxima) == 0 or max(maxima) / min(maxima) > PANEL_RATIO


def draw_grouped_bar(spec, style, width_mm, langs):
    colours = _period_colours(style, len(spec.series))
    if not _needs_panels(spec):
        return _columns(spec, style, width_mm, langs, colours)
    # Small multiples: one panel per indicator, each with its own scale and no value axis.
    n, m = len(spec.categories), len(spec.series)
    ncols = min(n, 4)
    nrows = math.ceil(n / ncols)
    height = width_mm * (0.5 if nrows == 1 else 0.36 * nrows) + (width_mm * 0.04 if spec.source else 0)
    fig = L.new_figure(width_mm, height)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    panel_pt = _axes_width_pt(fig) / ncols - 8
    L.finish(fig, spec, style, langs, width_mm)
    panels = []
    for i, ax in enumerate(axes):
        if i >= n:
            ax.set_axis_off()
            continue
        texts = []
        for s, series in enumerate(spec.series):
            bar = ax.bar([s], [series.values[i]], width=0.66, color=colours[s], linewidth=0)[0]
            bar.set_gid(f"bar-{s}-{i}")
            texts.append(_bar_label(ax, s, series.values[i], _label(series, i, langs), False, style))
        names = [fix(wrap(pick(x.name, langs, " "), panel_pt / m, style.size)) for x in spec.series]
        ax.set_xticks(range(m), names)
        ax.set_xlim(-0.6, m - 0.4)
        ax.set_ylim(*_limits([x.values[i] for x in spec.series]))
        ax.set_title(
            fix(wrap(pick(spec.categories[i], langs), panel_pt, style.size)),
            fontsize=style.size,
            color=style.text,
            pad=6,
            loc="center",
        )
        ax.spines["bottom"].set_visible(False)
        ax.axhline(0, color=style.muted, linewidth=0.8)
        L.hide_value_axis(ax, "y")
        panels.append((ax, texts))
    L.fit_all_texts(fig, panels, "y")
    return fig


# --- horizontal bars: hbar, pct_change -------------------------------------------------------


def _rows(spec, style, width_mm, langs, *, sort: bool, by_sign: bool):
    n, m = len(spec.categories), len(spec.series)
    label_pt = width_mm / L.MM_PER_INCH * 72 * 0.36
    cats = [fix(wrap(pick(c, langs), label_pt, style.size)) for c in spec.categories]
    lines = max(line_count(c) for c in cats)
    row_pt = max(lines * style.size * 1.2, style.size * 1.5 * max(m, 1) * 0.8) + style.size * 0.9
    extra_pt = style.size * 2.5 + (style.size * 2.2 if m > 1 else 0)
    extra_pt += L.source_lines(spec, langs, style, width_mm)[1] * style.small * 1.3 + (6 if spec.source else 0)
    height = max((n * row_pt + extra_pt) / 72 * L.MM_PER_INCH, width_mm * 0.22)
    fig = L.new_figure(width_mm, height)
    ax = fig.add_subplot()
    order = list(range(n))
    if sort:
        order.sort(key=lambda i: -spec.series[0].values[i])
    rank = {cat: r for r, cat in enumerate(order)}  # row 0 at the top
    group = 0.66 if m == 1 else 0.8
    h = group / m
    colours = _series_colours(style, m)
    texts, handles = [], []
    for s, series in enumerate(spec.series):
        ys = [rank[i] - group / 2 + h * (s + 0.5) for i in range(n)]
        if by_sign:
            fill = [style.negative if v < 0 else style.positive for v in series.values]
        else:
            fill = [colours[s]] * n
        bars = ax.barh(ys, series.values, height=h * (0.9 if m > 1 else 1), color=fill, linewidth=0)
        handles.append(bars[0])
        for i, bar in enumerate(bars):
            bar.set_gid(f"bar-{s}-{i}")
            texts.append(_bar_label(ax, ys[i], series.values[i], _label(series, i, langs), True, style))
    ax.set_yticks([rank[i] for i in range(n)], cats)
    ax.set_ylim(n - 0.5, -0.5)  # first row at the top
    ax.set_xlim(*_limits([v for s in spec.series for v in s.values]))
    ax.tick_params(axis="y", pad=4)
    ax.spines["left"].set_visible(False)
    ax.axvline(0, color=style.muted, linewidth=0.8)
    L.hide_value_axis(ax, "x")
    if m > 1:
        L.legend(fig, handles, [L.legend_label(s.name, langs) for s in spec.series], style)
    L.finish(fig, spec, style, langs, width_mm)
    L.fit_texts(fig, ax, texts, "x")
    return fig


def draw_hbar(spec, style, width_mm, langs):
    return _rows(spec, style, width_mm, langs, sort=True, by_sign=False)


def draw_pct_change(spec, style, width_mm, langs):
    return _rows(spec, style, width_mm, langs, sort=False, by_sign=True)


# --- line ------------------------------------------------------------------------------------


def draw_line(spec, style, width_mm, langs):
    from matplotlib.ticker import MaxNLocator

    fig = L.new_figure(width_mm, _vertical_height(spec, width_mm, langs))
    ax = fig.add_subplot()
    n, m = len(spec.categories), len(spec.series)
    colours = _series_colours(style, m)
    label_all = m == 1 and n <= 8
    xs = list(range(n))
    point_labels, ends = [], []
    for s, series in enumerate(spec.series):
        (line,) = ax.plot(
            xs,
            series.values,
            color=colours[s],
            linewidth=1.6,
            marker="o",
            markersize=3.6,
            markeredgecolor="white",
            markeredgewidth=0.6,
            solid_capstyle="round",
        )
        line.set_gid(f"line-{s}")
        if label_all:
            for i in xs:
                dx, dy, ha, va = _point_label_place(series.values, i)
                point_labels.append(
                    ax.annotate(
                        _label(series, i, langs),
                        (i, series.values[i]),
                        xytext=(dx, dy),
                        textcoords="offset points",
                        ha=ha,
                        va=va,
                        fontsize=style.size,
                        color=style.text,
                        annotation_clip=False,
                    )
                )
        else:
            text = f"{pick(series.name, langs, ' ')}\n{series.labels[-1].get(label_lang(langs))}"
            ends.append(
                ax.annotate(
                    fix(text),
                    (n - 1, series.values[-1]),
                    xytext=(6, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=style.size,
                    color=colours[s],
                    linespacing=1.15,
                    annotation_clip=False,
                )
            )
    slot = _axes_width_pt(fig, 0.8) / max(n, 1) - 2
    step = 1
    while step < n and n / step * 4 * style.size > _axes_width_pt(fig, 0.8) * 1.4:
        step += 1  # thin out crowded category labels (e.g. long monthly series)
    shown = xs[::step] if (n - 1) % step == 0 else [*xs[::step][:-1], n - 1]
    ax.set_xticks(shown, [fix(wrap(pick(spec.categories[i], langs), slot * step, style.size)) for i in shown])
    ax.set_xlim(-0.3, n - 0.7 if n > 1 else 0.3)
    ax.xaxis.set_tick_params(length=3, color=style.muted)
    ax.spines["bottom"].set_color(style.muted)
    values = [v for s in spec.series for v in s.values]
    if min(values) < 0 < max(values):
        ax.axhline(0, color=style.muted, linewidth=0.6, zorder=1)
    if label_all:
        L.hide_value_axis(ax, "y")
        lo, hi = min(values), max(values)
        pad = (hi - lo) * 0.12 or abs(hi) * 0.1 or 1.0
        ax.set_ylim(min(0.0, lo) if lo >= 0 and lo < hi * 0.35 else lo - pad, hi + pad)
    else:
        ax.spines["left"].set_visible(False)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.yaxis.set_major_formatter(L.number_formatter())
        ax.grid(axis="y", color=style.rule, linewidth=0.4)
        ax.set_title(fix(pick(spec.unit, langs, " / ")), loc="left", fontsize=style.size, color=style.muted, pad=4)
    L.finish(fig, spec, style, langs, width_mm)
    if label_all:
        L.fit_texts(fig, ax, point_labels, "y")
    if ends:
        _spread_end_labels(fig, ax, ends)
        fig.laid_out = False  # labels moved after the last layout pass
    return fig


def _point_label_place(values, i: int) -> tuple[float, float, str, str]:
    """Where a point's label goes so the line does not run through it: (dx, dy, ha, va).

    Peaks get it above, troughs below; on a rising stretch it sits up-left (the line comes from
    below-left and leaves up-right), on a falling one up-right.
    """
    v = values[i]
    prev = values[i - 1] if i > 0 else None
    nxt = values[i + 1] if i + 1 < len(values) else None
    up_in = prev is not None and prev < v  # arriving from below
    up_out = nxt is not None and nxt > v  # leaving upwards
    if prev is None and nxt is None:
        return 0, 5, "center", "bottom"
    if prev is None:
        return (0, -6, "center", "top") if up_out else (0, 5, "center", "bottom")
    if nxt is None:
        return (0, 5, "center", "bottom") if up_in or prev == v else (0, -6, "center", "top")
    if up_in and not up_out:
        return 0, 5, "center", "bottom"  # peak or plateau after a rise
    if not up_in and up_out:
        return (0, -6, "center", "top") if prev > v else (0, 5, "center", "bottom")
    if up_in and up_out:
        return -3, 4, "right", "bottom"
    return 3, 4, "left", "bottom"  # falling


def _spread_end_labels(fig, ax, ends) -> None:
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    px_per_pt = fig.dpi / 72
    centres = [ax.transData.transform(a.xy)[1] for a in ends]
    heights = [a.get_window_extent(renderer).height + 2 * px_per_pt for a in ends]
    for a, old, new in zip(ends, centres, L.spread(centres, heights), strict=True):
        a.xyann = (6, (new - old) / px_per_pt)


# --- donut -----------------------------------------------------------------------------------


def draw_donut(spec, style, width_mm, langs):
    series = spec.series[0]
    values = list(series.values)
    total = sum(values)
    fig = L.new_figure(width_mm, width_mm * (0.58 + (0.04 if spec.source else 0)))
    ax = fig.add_subplot()
    colours = [style.palette[k % len(style.palette)] for k in range(len(values))]
    # Clockwise from 12 o'clock; no aspect lock: the limits below keep the ring round.
    wedges, _ = ax.pie(
        values,
        colors=colours,
        startangle=90,
        counterclock=False,
        radius=1.0,
        wedgeprops={"width": 0.36, "edgecolor": "white", "linewidth": 1.0},
    )
    ax.set_aspect("auto")
    ax.set_axis_off()
    items = []
    for i, wedge in enumerate(wedges):
        wedge.set_gid(f"wedge-{i}")
        if values[i] == 0:
            continue
        mid = math.radians((wedge.theta1 + wedge.theta2) / 2)
        share = f"{values[i] / total * 100:.1f}%"
        text = f"{pick(spec.categories[i], langs)}\n{share} · {series.labels[i].get(label_lang(langs))}"
        items.append((mid, fix(text)))
    L.finish(fig, spec, style, langs, width_mm)
    fig.laid_out = False
    fig.draw_without_rendering()  # the axes box is final now: labels are kept out of the layout
    box = ax.get_window_extent()
    half = 1.25  # data units from the centre to the top edge
    artists: list = []
    for _ in range(8):
        for a in artists:
            a.remove()
        ax.set_ylim(-half, half)
        ax.set_xlim(-half * box.width / box.height, half * box.width / box.height)
        artists = _donut_labels(ax, items, style, px_per_unit=box.height / (2 * half))
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        over = 1.0
        for a in artists:
            e = a.get_window_extent(renderer)
            over = max(
                over,
                (box.x0 - e.x0) / (box.width / 2) + 1,
                (e.x1 - box.x1) / (box.width / 2) + 1,
                (box.y0 - e.y0) / (box.height / 2) + 1,
                (e.y1 - box.y1) / (box.height / 2) + 1,
            )
        if over <= 1.0001:
            fig.laid_out = True  # that last pass saw the figure as it is (see layout.fit_all_texts)
            break
        half *= over * 1.01
    return fig


def _donut_labels(ax, items, style: Style, px_per_unit: float) -> list:
    """Slice labels outside the ring, spread apart on each side, with thin leader lines."""
    label_r, artists = 1.18, []
    for right in (True, False):
        side = [(mid, t) for mid, t in items if (math.cos(mid) >= 0) == right]
        if not side:
            continue
        ys = [label_r * math.sin(mid) for mid, _ in side]
        px_per_pt = ax.figure.dpi / 72
        hs = [(line_count(t) * style.size * 1.22 + 4) * px_per_pt / px_per_unit for _, t in side]
        for (mid, text), y in zip(side, L.spread(ys, hs), strict=True):
            x = (label_r * abs(math.cos(mid)) + 0.1) * (1 if right else -1)
            t = ax.text(
                x,
                y,
                text,
                ha="left" if right else "right",
                va="center",
                fontsize=style.size,
                color=style.text,
                linespacing=1.2,
            )
            t.set_in_layout(False)
            edge = (math.cos(mid) * 1.03, math.sin(mid) * 1.03)
            gap = 3 * px_per_pt / px_per_unit  # 3 pt between the leader's end and the text
            (line,) = ax.plot([edge[0], x - (gap if right else -gap)], [edge[1], y], color=style.muted, linewidth=0.5)
            line.set_in_layout(False)
            artists += [t, line]
    return artists


_KINDS = {
    "bar": draw_bar,
    "hbar": draw_hbar,
    "grouped_bar": draw_grouped_bar,
    "line": draw_line,
    "pct_change": draw_pct_change,
    "donut": draw_donut,
}
