"""Value scales, decided once from the data: which range an axis states and where its ticks go.

Input: the values an axis must show (None for missing ones) and whether it must include zero.
Output: tick values in base units, from the first (the axis' low end) to the last (its high end).

Pure Python: compose calls it to put the scale into the :class:`~reportgen.model.ChartSpec`, so
every renderer (the drawing, a native DOCX chart) states the same range.

The rules, from what a reader infers from a scale:

* bars always include zero: a bar's length is its value;
* a line includes zero unless its values sit in a narrow band far from zero (the smallest is
  more than half the largest): otherwise a rise from 329 to 674 on a 300-700 scale reads as a
  rise from nothing. When zero is left out, the ticks still label the low end, so the range is
  stated, never implied.
"""

from __future__ import annotations

import math
from decimal import Decimal

NICE_STEPS = (1, 2, 2.5, 5, 10)


def line_needs_zero(values: list[float]) -> bool:
    lo, hi = min(values), max(values)
    if lo <= 0 <= hi:
        return True
    small, big = (lo, hi) if lo > 0 else (-hi, -lo)
    return small <= big * 0.5


def ticks(values: list[float | None], zero: bool, max_ticks: int = 6) -> tuple[float, ...]:
    """Evenly spaced round ticks covering ``values`` (and 0 when ``zero``), at most ``max_ticks``."""
    given = [v for v in values if v is not None]
    if not given:
        given = [0.0, 1.0]
    lo, hi = min(given), max(given)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        hi, lo = (hi + abs(hi) * 0.5 or 1.0), (lo - abs(lo) * 0.5 if not zero else lo)
        if zero:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
    step = _nice_step((hi - lo) / (max_ticks - 1))
    while True:
        first = math.floor(_clean(lo / step)) * step
        last = math.ceil(_clean(hi / step)) * step
        count = round((last - first) / step) + 1
        if count <= max_ticks:
            break
        step = _nice_step(step * 1.01)
    return tuple(_round(first + k * step, step) for k in range(count))


def _clean(x: float) -> float:
    # 0.30000000000000004 / 0.1 must count as 3, not a bit over it
    return round(x, 9)


def _nice_step(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw))
    for nice in NICE_STEPS:
        if nice * power >= raw * (1 - 1e-9):
            return nice * power
    return 10 * power


def _round(x: float, step: float) -> float:
    """``x`` without float noise: ticks are exact decimals (0.3, not 0.30000000000000004)."""
    places = max(0, -math.floor(math.log10(step)) + 2)
    value = float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places)))
    return 0.0 if value == 0 else value
