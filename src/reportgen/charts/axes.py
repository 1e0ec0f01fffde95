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
    if info.scale is not None:  # a kind with its own rule (stacked sums, a second axis)
        return info.scale(spec)
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
