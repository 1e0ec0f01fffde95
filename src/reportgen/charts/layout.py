"""Figure plumbing shared by the chart kinds: sizing, room for labels, legend, source note.

Input: a matplotlib Figure/Axes being drawn, the :class:`Style` and the spec's texts.
Output: the same figure, laid out so no label is clipped or drawn over another.

Called inside the renderer's ``rc_context``; matplotlib is imported lazily.
"""

from __future__ import annotations

from reportgen.charts.style import Style, fix, line_count, pick, wrap
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
    """One row of square keys above the plot, left-aligned (only drawn for several series)."""
    fig.legend(
        handles,
        [fix(x) for x in labels],
        loc="outside upper left",
        ncols=len(labels),
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
