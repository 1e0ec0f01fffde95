"""Which value axes a chart has and what range each states: decided once, before any drawing.

Input: a :class:`ChartSpec` without ``axes`` and a tick formatter (compose passes one that knows
the figures' unit: 200亿元 / CNY 20 bn; the default writes plain numbers).
Output: the same spec with its :class:`~reportgen.model.ValueAxis` tuple filled in.

Pure Python (no matplotlib), so a native DOCX chart can state the same scale as the drawing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from reportgen.charts import kinds, scales
from reportgen.model import ChartSpec, Text, ValueAxis

# (ticks, which axis: index into the axes, unit Text of that axis) -> (tick labels, axis unit, zh scale in English)
Formatter = Callable[[tuple[float, ...], Text], tuple[tuple[Text, ...], Text, str]]


def plain(ticks: tuple[float, ...], unit: Text) -> tuple[tuple[Text, ...], Text, str]:
    """Tick labels as plain numbers, the same in both languages (specs built by hand)."""
    labels = []
    for t in ticks:
        text = f"{t:,.6f}".rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "") else text.replace("-", "\u2212")
        labels.append(Text(text, text))
    return tuple(labels), unit, unit.en


def value_groups(spec: ChartSpec) -> list[tuple[list[float | None], bool, Text]]:
    """The values each axis must cover, whether it includes zero, and its unit."""
    info = kinds.get(spec.kind)
    series = spec.series
    if info.name == "stacked_bar":
        n = len(spec.categories)
        ups = [sum(s.values[i] or 0.0 for s in series if (s.values[i] or 0.0) > 0) for i in range(n)]
        downs = [sum(s.values[i] or 0.0 for s in series if (s.values[i] or 0.0) < 0) for i in range(n)]
        return [(ups + downs, True, spec.unit)]
    if info.name == "bar_line":
        # The bars take the lower part of the plot and the rate line the upper part: the scales
        # leave room for that (and say so with their ticks), so the line never runs over a bar.
        amount = [v for v in series[0].values if v is not None]
        rate = [v for v in series[1].values if v is not None]
        lo, hi = min(rate), max(rate)
        span = (hi - lo) or abs(hi) or 1.0
        return [
            ([*amount, max(amount) * 1.8 if max(amount) > 0 else 0.0], True, spec.unit),
            ([*rate, lo - span * 1.4], scales.line_needs_zero(rate), series[1].unit or spec.unit),
        ]
    if spec.category_units:
        return [([s.values[i] for s in series], True, spec.category_units[i]) for i in range(len(spec.categories))]
    values = [v for s in series for v in s.values]
    zero = info.zero or scales.line_needs_zero([v for v in values if v is not None])
    return [(values, zero, spec.unit)]


def with_axes(spec: ChartSpec, formatter: Formatter = plain) -> ChartSpec:
    """``spec`` with its value axes decided (a spec that has them is returned as it is)."""
    if spec.axes:
        return spec
    axes = []
    for values, zero, unit in value_groups(spec):
        ticks = scales.ticks(values, zero)
        labels, axis_unit, zh_en = formatter(ticks, unit)
        axes.append(
            ValueAxis(ticks=ticks, labels=labels, unit=axis_unit, zh_scale_en=zh_en, zero=ticks[0] <= 0 <= ticks[-1])
        )
    return dataclasses.replace(spec, axes=tuple(axes))
