"""The donut kind: parts of one whole, each labelled outside the ring with its share.

Input: a checked :class:`ChartSpec` (one series of two or more non-negative parts).
Output: a laid-out matplotlib Figure with no title drawn.
"""

from __future__ import annotations

import math

from reportgen.charts import layout as L
from reportgen.charts.kinds import kind
from reportgen.charts.style import Style, fix, line_count, pick, value_label, wrap
from reportgen.model import ChartSpec


def _check(spec: ChartSpec) -> str | None:
    values = spec.series[0].values
    if any(v is None for v in values):
        return "a donut cannot show a missing part (every share needs a value)"
    negative = [spec.categories[i].en for i, v in enumerate(values) if v < 0]
    if negative:
        return f"a donut cannot show negative parts ({', '.join(negative)})"
    if sum(1 for v in values if v > 0) < 2:
        return "a donut needs at least two positive parts"
    return None


def share_text(spec: ChartSpec, i: int, langs: str) -> str:
    """The part's share, then its value unless the values are shares already (percent)."""
    series = spec.series[0]
    total = sum(series.values)
    share = f"{series.values[i] / total * 100:.1f}%"
    if spec.unit.en.strip() == "%":
        return share
    return f"{share} · {value_label(series.labels[i], langs, ' / ')}"


@kind(
    "donut",
    "figures",
    "环形图",
    "donut chart",
    categories=(2, 8),
    series=(1, 1),
    zero=True,
    advice="combine the smallest parts, or use hbar",
    check=_check,
)
def draw_donut(spec, style, width_mm, langs):
    series = spec.series[0]
    values = list(series.values)
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
        name = wrap(pick(spec.categories[i], langs), width_mm / L.MM_PER_INCH * 72 * 0.27, style.size)
        text = f"{name}\n{share_text(spec, i, langs)}"
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
        for (mid, text), y, h in zip(side, L.spread(ys, hs), hs, strict=True):
            # clear of the ring over the label's whole height, not just at its centre
            near = 0.0 if abs(y) <= h / 2 else abs(y) - h / 2
            ring = math.sqrt(max(0.0, 1.08**2 - near**2))
            x = (max(label_r * abs(math.cos(mid)), ring) + 0.1) * (1 if right else -1)
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
