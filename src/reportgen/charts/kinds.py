"""The chart-kind registry: every kind's name, data form, limits and drawing function, in one place.

Input: a :class:`ChartSpec` (its ``kind`` names an entry here).
Output: for the schema, the kind names and their data forms; for compose, the checks a spec must
pass (:func:`problem`) and the words alt text uses; for the renderer, the drawing function.

A kind is added by one decorated drawing function (``@kind(...)``) in a drawing module
(:mod:`.bars`, :mod:`.rows`, :mod:`.lines`, :mod:`.donut`); the schema, compose, the model and both writers
read this registry and need no change. Importing this module does not import matplotlib: the
drawing modules import it inside their functions.

Every bar is a Rectangle with gid ``bar-{series}-{category}`` (indices into the spec, whatever
the drawn order), donut wedges ``wedge-{category}``, lines ``line-{series}``; tests and the
``pdfops`` reader rely on these ids.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from reportgen.model import ChartSpec

DataForm = Literal["figures", "groups", "series"]


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    data: DataForm  # the content field holding its data: figures, groups (per indicator) or series
    zh: str  # what alt text calls it: 柱状图 / bar chart
    en: str
    draw: Callable
    categories: tuple[int, int]  # fewest and most categories (bars, rows, slices, periods)
    series: tuple[int, int]  # fewest and most series
    zero: bool  # its value axis includes zero (bars)
    advice: str = ""  # appended to the "too many categories" message
    mixed_units: bool = False  # its series may differ in unit: each is drawn on an axis of its own
    check: Callable[[ChartSpec], str | None] | None = None  # any further rule, as a reason
    # the values each value axis must cover: [(values, includes zero, unit)], for kinds whose
    # scale is not simply "all values" (reportgen.charts.axes)
    scale: Callable[[ChartSpec], list] | None = None


KINDS: dict[str, Kind] = {}


def kind(name: str, data: DataForm, zh: str, en: str, **limits) -> Callable:
    """Register the decorated drawing function ``(spec, style, width_mm, langs) -> Figure``."""

    def register(draw: Callable) -> Callable:
        KINDS[name] = Kind(name=name, data=data, zh=zh, en=en, draw=draw, **limits)
        return draw

    return register


def get(name: str) -> Kind:
    _load()
    return KINDS[name]


def names() -> tuple[str, ...]:
    _load()
    return tuple(KINDS)


def draw(spec: ChartSpec, style, width_mm: float, langs: str):
    return get(spec.kind).draw(spec, style, width_mm, langs)


def problem(spec: ChartSpec) -> str | None:
    """Why this kind cannot draw ``spec`` readably, as the end of a sentence; None if it can."""
    _load()
    info = KINDS.get(spec.kind)
    if info is None:
        return f"unknown chart kind {spec.kind!r} (choose from {', '.join(KINDS)})"
    n, m = len(spec.categories), len(spec.series)
    what = "periods" if info.data == "series" else "categories" if info.name != "donut" else "parts"
    lo, hi = info.categories
    if not lo <= n <= hi:
        return f"a {info.name} chart takes {lo} to {hi} {what}, not {n}" + (
            f" ({info.advice})" if n > hi and info.advice else ""
        )
    lo, hi = info.series
    if not lo <= m <= hi:
        count = f"exactly {lo}" if lo == hi else f"{lo} to {hi}"
        return f"a {info.name} chart takes {count} series, not {m}"
    for s in spec.series:
        if len(s.values) != n or len(s.labels) != n:
            return f"series {s.name.en!r} has {len(s.values)} values and {len(s.labels)} labels for {n} categories"
        if all(v is None for v in s.values):
            return f"series {s.name.en!r} has no values at all"
        if any(v is not None and (v != v or abs(v) == float("inf")) for v in s.values):
            return f"series {s.name.en!r} has a non-finite value"
    return info.check(spec) if info.check else None


_loaded = False


def _load() -> None:
    """Import the drawing modules once: their decorators fill :data:`KINDS`."""
    global _loaded
    if not _loaded:
        _loaded = True
        # In this order, the registry's (the schema's list of kinds): bar, grouped_bar,
        # stacked_bar, hbar, pct_change, donut, line, bar_line.
        for module in ("bars", "rows", "donut", "lines"):
            importlib.import_module(f"reportgen.charts.{module}")
