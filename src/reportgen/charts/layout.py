"""Figure plumbing shared by the chart kinds: sizing, room for labels, legend, source note.

Input: a matplotlib Figure/Axes being drawn, the :class:`Style` and the spec's texts.
Output: the same figure, laid out so no label is clipped or drawn over another.

Called inside the renderer's ``rc_context``; matplotlib is imported lazily.
"""

from __future__ import annotations

from reportgen.charts.style import Style, fix, line_count, pick, text_width_pt, wrap
from reportgen.model import ChartSpec

MM_PER_INCH = 25.4
DPI = 300


def new_figure(width_mm: float, height_mm: float):
    """A Figure with an Agg canvas and constrained layout, sized in real millimetres."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def source_text(spec: ChartSpec, langs: str) -> str | None:
    if spec.source is None:
        return None
    zh, en = spec.source.zh.strip(), spec.source.en.strip()
    if zh and not zh.startswith(("资料来源", "来源", "数据来源")):
        zh = f"资料来源：{zh}"
    if en and not en.lower().startswith("source"):
        en = f"Source: {en}"
    if langs == "zh":
        return zh
    if langs == "en":
        return en
    return f"{zh}  /  {en}" if zh != en else zh


def source_lines(spec: ChartSpec, langs: str, style: Style, width_mm: float) -> tuple[str | None, int]:
    text = source_text(spec, langs)
    if text is None:
        return None, 0
    text = wrap(text, width_mm / MM_PER_INCH * 72 - 6, style.small)
    return text, line_count(text)


def finish(fig, spec: ChartSpec, style: Style, langs: str, width_mm: float) -> None:
    """Reserve the bottom strip for the source note and draw it there, bottom-left, muted."""
    text, lines = source_lines(spec, langs, style, width_mm)
    if text is None:
        return
    height_pt = fig.get_figheight() * 72
    strip = (lines * style.small * 1.3 + 6) / height_pt
    fig.get_layout_engine().set(rect=(0, strip, 1, 1 - strip))
    fig.text(
        2 / 72 / fig.get_figwidth(),
        2 / height_pt,
        fix(text),
        ha="left",
        va="bottom",
        fontsize=style.small,
        color=style.muted,
        linespacing=1.25,
    )


def legend(fig, handles, labels, style: Style) -> None:
    """Square keys above the plot, left-aligned, in as many columns as fit the width; each entry
    wraps to its column (only drawn for several series)."""
    width_pt = fig.get_figwidth() * 72 - 12
    key_pt = style.size * 2.4  # the key, its gap and the space to the next column
    widest = max(text_width_pt(line, style.size) for x in labels for line in x.split("\n"))
    ncols = len(labels)
    while ncols > 1 and ncols * (min(widest, width_pt / 2) + key_pt) > width_pt:
        ncols -= 1
    column_pt = width_pt / ncols - key_pt
    fig.legend(
        handles,
        [fix(wrap(x, column_pt, style.size)) for x in labels],
        loc="outside upper left",
        ncols=ncols,
        handlelength=0.9,
        handleheight=0.9,
        handletextpad=0.4,
        columnspacing=1.4,
        borderaxespad=0.2,
        frameon=False,
        fontsize=style.size,
    )


def legend_label(name, langs: str) -> str:
    return pick(name, langs, sep=" ")


def fit_texts(fig, ax, texts, axis: str, pad_px: float = 3.0) -> None:
    """Widen ``ax``'s ``axis`` limits until every text lies inside the axes on that axis.

    Data labels sit beyond bar ends; without this they would run into tick labels (negative
    side) or out of the figure. A few passes, since the layout moves as limits change.
    """
    fit_all_texts(fig, [(ax, texts)], axis, pad_px)


def fit_all_texts(fig, groups, axis: str, pad_px: float = 3.0) -> None:
    """:func:`fit_texts` for several ``(ax, texts)`` panels at once: each pass lays the figure
    out once for all of them (a layout pass is most of a chart's drawing time)."""
    fig.laid_out = False
    groups = [(ax, texts) for ax, texts in groups if texts]
    if not groups:
        return
    for _ in range(5):
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        changed = False
        for ax, texts in groups:
            changed |= _widen(ax, texts, axis, pad_px, renderer)
        if not changed:
            # The layout just computed is final unless the caller changes the figure again
            # (then it must clear this): the renderer saves every format with it as it is.
            fig.laid_out = True
            return


def _widen(ax, texts, axis: str, pad_px: float, renderer) -> bool:
    """Widen ``ax``'s limits so ``texts`` fit; False if they fit already."""
    box = ax.get_window_extent(renderer)
    lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
    span_px = box.width if axis == "x" else box.height
    if span_px <= 1:
        return False
    per_px = (hi - lo) / span_px
    low_edge, high_edge = (box.x0, box.x1) if axis == "x" else (box.y0, box.y1)
    need_lo = need_hi = 0.0
    for t in texts:
        ext = t.get_window_extent(renderer)
        a0, a1 = (ext.x0, ext.x1) if axis == "x" else (ext.y0, ext.y1)
        need_hi = max(need_hi, a1 - high_edge)
        need_lo = max(need_lo, low_edge - a0)
    if need_hi < 0.5 and need_lo < 0.5:
        return False

    # Widening by d data units shrinks the scale, so a label anchored at the limit gains only
    # d * span / (span + d/per_px) pixels: ask for n / (1 - n/span) to get n in one pass.
    def grow(n: float) -> float:
        n += pad_px
        return n * per_px / (1 - min(n / span_px, 0.5))

    new_lo = lo - grow(need_lo) if need_lo >= 0.5 else lo
    new_hi = hi + grow(need_hi) if need_hi >= 0.5 else hi
    if axis == "x":
        ax.set_xlim(new_lo, new_hi)
    else:
        ax.set_ylim(new_lo, new_hi)
    return True


def spread(positions: list[float], heights: list[float]) -> list[float]:
    """Move label centres apart (same units as given) so neighbours never overlap.

    Keeps the order, pushes overlapping labels symmetrically around their mean position.
    """
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    # clusters of (indices, centre) merged until no two clusters overlap
    clusters: list[list[int]] = [[i] for i in order]
    placed = {i: positions[i] for i in order}

    def layout(cluster: list[int]) -> None:
        total = sum(heights[i] for i in cluster)
        mean = sum(positions[i] for i in cluster) / len(cluster)
        y = mean - total / 2
        for i in cluster:
            placed[i] = y + heights[i] / 2
            y += heights[i]

    changed = True
    while changed:
        changed = False
        for k in range(len(clusters) - 1):
            a, b = clusters[k], clusters[k + 1]
            top_a = placed[a[-1]] + heights[a[-1]] / 2
            bottom_b = placed[b[0]] - heights[b[0]] / 2
            if top_a > bottom_b + 1e-9:
                clusters[k : k + 2] = [a + b]
                layout(clusters[k])
                changed = True
                break
    return [placed[i] for i in range(len(positions))]


def hide_value_axis(ax, axis: str) -> None:
    """Bars carry their own data labels: drop the value axis, its ticks and its spine."""
    if axis == "y":
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
    else:
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)


def number_formatter():
    """Tick labels: grouped thousands, no trailing zeros, U+2212 minus."""
    from matplotlib.ticker import FuncFormatter

    def fmt(value: float, _pos) -> str:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
        return text.replace("-", "\u2212")

    return FuncFormatter(fmt)


# --- value axes ------------------------------------------------------------------------------


def axis_unit(axis, langs: str) -> str:
    """An axis title: its unit in the edition's language; bilingual, the Chinese scale and its
    English name ("亿元 / CNY 100 million"), since the ticks then count in the Chinese scale."""
    if axis.unit.zh.strip() == "%":  # a bare % would open a line with a closing mark
        return {"zh": "百分比（%）", "en": "Per cent (%)"}.get(langs, "百分比 / per cent (%)")
    if langs in ("zh", "en"):
        return axis.unit.get(langs)
    zh, en = axis.unit.zh, axis.zh_scale_en
    return zh if zh == en else f"{zh} / {en}"


def unit_after_name(axis, langs: str) -> str:
    """The unit as it follows a name in parentheses: "GDP (亿元 / CNY 100 million)", "Growth rate (%)"."""
    return "%" if axis.unit.zh.strip() == "%" else axis_unit(axis, langs)


def axis_tick_labels(axis, langs: str) -> list[str]:
    return [fix(t.en if langs == "en" else t.zh) for t in axis.labels]


def value_axis(ax, axis, langs: str, style: Style, which: str = "y", title: str | None = None, loc: str = "left"):
    """Show ``axis`` (a model ValueAxis) on ``ax``: its ticks, labelled gridlines and unit title.

    The limits are the axis' first and last tick: the range the reader is told is the range drawn.
    """
    ticks = list(axis.ticks)
    labels = axis_tick_labels(axis, langs)
    target = ax.yaxis if which == "y" else ax.xaxis
    target.set_visible(True)
    if which == "y":
        ax.set_yticks(ticks, labels)
        ax.set_ylim(ticks[0], ticks[-1])
        ax.grid(axis="y", color=style.rule, linewidth=0.4)
        ax.tick_params(axis="y", length=0, pad=3)
    else:
        ax.set_xticks(ticks, labels)
        ax.set_xlim(ticks[0], ticks[-1])
        ax.grid(axis="x", color=style.rule, linewidth=0.4)
        ax.tick_params(axis="x", length=0, pad=3)
    ax.set_axisbelow(True)
    text = title if title is not None else axis_unit(axis, langs)
    if loc != "center":
        text = wrap(text, ax.figure.get_figwidth() * 72 * 0.44, style.size)
    if which == "y":
        ax.set_title(fix(text), loc=loc, fontsize=style.size, color=style.muted, pad=5)
    else:
        ax.set_xlabel(fix(text), fontsize=style.size, color=style.muted, labelpad=4)


# --- collisions ------------------------------------------------------------------------------


def drawn_texts(fig) -> list:
    """Every text artist ``fig`` draws (tick labels of ticks in view included), in draw order."""
    from matplotlib.axis import Axis, Tick
    from matplotlib.text import Text as MplText

    out = []

    def walk(artist, axis=None) -> None:
        if not artist.get_visible():
            return
        if isinstance(artist, Axis):
            axis = artist
        if isinstance(artist, Tick) and axis is not None:
            lo, hi = sorted(axis.get_view_interval())
            span = (hi - lo) or 1.0
            if not lo - span * 1e-6 <= artist.get_loc() <= hi + span * 1e-6:
                return  # matplotlib does not draw ticks outside the view
        if isinstance(artist, MplText):
            if artist.get_text().strip():
                out.append(artist)
            return
        for child in artist.get_children():
            walk(child, axis)

    walk(fig)
    return out


def collide(boxes, pad_px: float = 0.0) -> bool:
    """Whether any two boxes (matplotlib Bbox) overlap, ``pad_px`` apart counting as touching."""
    ordered = sorted(boxes, key=lambda b: b.x0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.x0 >= a.x1 + pad_px:
                break
            if a.x0 < b.x1 + pad_px and b.y0 < a.y1 + pad_px and a.y0 < b.y1 + pad_px:
                return True
    return False


def hits_polyline(box, points, pad_px: float = 0.0) -> bool:
    """Whether a box meets the polyline through ``points`` (display coordinates; None = gap)."""
    x0, y0, x1, y1 = box.x0 - pad_px, box.y0 - pad_px, box.x1 + pad_px, box.y1 + pad_px
    for p, q in zip(points, points[1:], strict=False):
        if p is None or q is None:
            continue
        # sample the segment finely: a box is many pixels, a segment a straight line
        for k in range(33):
            t = k / 32
            x, y = p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t
            if x0 <= x <= x1 and y0 <= y <= y1:
                return True
    return False
