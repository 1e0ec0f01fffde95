"""Amounts as text: a number, its scale (万/亿/万亿, thousand/million/billion/trillion) and its unit.

Input: a value in base units, its :class:`~reportgen.content.units.Unit`, a scale choice and a
precision. Output: the amount in Chinese (``1.523万亿元``, ``15230亿元``) or English
(``CNY 1.523 trillion``, ``1,850 km²``).

The rules, each in one place:

* **Rounding** (:func:`shown`): half up, in decimal arithmetic, on the *scaled* number (the digits
  a reader sees), to the figure's ``precision`` — ``decimals`` (fixed places, zeros kept) or
  ``digits`` (significant figures). Without a precision the value is shown exactly as given,
  trailing zeros dropped (at most 6 decimals).
* **Scale**: ``auto`` takes the largest magnitude that leaves a number ≥ 1 — Chinese 万 (10⁴),
  亿 (10⁸), 万亿 (10¹²); English million (10⁶), billion, trillion (thousand only when asked for, as
  "69,000" reads better than "69 thousand"); ``none`` writes the number in full.
* **Grouping**: English groups thousands with commas everywhere, also before a magnitude
  ("1,200.3 billion", "69,000"); Chinese writes digits ungrouped ("15230亿元"), as official
  Chinese statistics do.
* **No break**: the English amount is one unbreakable unit — every space inside it is U+00A0,
  which ReportLab and Word never break at and pdftotext extracts as a plain space.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from reportgen.content.units import Unit

MINUS = "\u2212"  # a real minus sign, not a hyphen
NBSP = "\u00a0"

ZH_SCALES = {"万亿": 12, "亿": 8, "万": 4}
EN_SCALES = {"trillion": 12, "billion": 9, "million": 6, "thousand": 3}
EN_SHORT = {"trillion": "tn", "billion": "bn", "million": "m", "thousand": "k"}
_EN_AUTO = ("trillion", "billion", "million")


def shown(x: Decimal, decimals: int | None = None, digits: int | None = None) -> str:
    """The digits a reader sees for ``x`` (≥ 0): THE rounding rule of reportgen (half up)."""
    if digits is not None and x:
        places = digits - 1 - x.adjusted()
        d = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if d.adjusted() != x.adjusted():  # 9.96 -> 10.0 at 3 digits: one place fewer
            d = d.quantize(Decimal(1).scaleb(-(places - 1)), rounding=ROUND_HALF_UP)
        return f"{d:f}" if places > 0 else f"{d.quantize(Decimal(1)):f}"
    if digits is not None or decimals is not None:
        return f"{x.quantize(Decimal(1).scaleb(-(decimals or 0)), rounding=ROUND_HALF_UP):f}"
    d = x.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def grouped(text: str) -> str:
    """'69000' -> '69,000'; '1200.3' -> '1,200.3'."""
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}{dot}{frac}"


def decimal_of(value: float) -> Decimal:
    # str() first: Decimal(0.1) would carry the float's binary error into the digits shown.
    return Decimal(str(value))


def zh_magnitude(x: Decimal, choice: str) -> str:
    if choice == "none":
        return ""
    if choice in ZH_SCALES:
        return choice
    return next((word for word, power in ZH_SCALES.items() if x >= Decimal(10) ** power), "")


def en_magnitude(x: Decimal, choice: str) -> str:
    if choice == "none":
        return ""
    if choice in EN_SCALES:
        return choice
    return next((word for word in _EN_AUTO if x >= Decimal(10) ** EN_SCALES[word]), "")


def zh_number(x: Decimal, unit: Unit, scale: str, decimals=None, digits=None) -> tuple[str, str]:
    """(digits, magnitude) for Chinese: 1.523e12 -> ('1.523', '万亿'); with scale 亿: ('15230', '亿')."""
    mag = zh_magnitude(x, scale) if unit.scale else ""
    power = ZH_SCALES.get(mag, 0)
    return shown(x.scaleb(-power), decimals, digits), mag


def en_number(x: Decimal, unit: Unit, scale: str, decimals=None, digits=None) -> tuple[str, str]:
    """(grouped digits, magnitude word) for English: 1.523e12 -> ('1.523', 'trillion')."""
    mag = en_magnitude(x, scale) if unit.scale else ""
    power = EN_SCALES.get(mag, 0)
    return grouped(shown(x.scaleb(-power), decimals, digits)), mag


def en_plural(number: str, magnitude: str) -> str:
    """CLDR's English plural category of the shown number: 'one' only for a bare "1" (i = 1, v = 0)."""
    return "one" if number == "1" and not magnitude else "other"


def zh_amount(number: str, mag: str, unit: Unit, *, measure: str | None = None, over: str = "") -> str:
    """674亿元, 3万多个, 100余亿元, 809万平方米, 1.523万亿元, 46.1%, 1.4倍, 2.1:41.3:56.6."""
    word = measure if (measure and unit.kind == "count") else unit.zh
    if over in ("余", "多") and unit.kind == "currency":
        return f"{number}{over}{mag}{word}"  # 100余亿元: the marker sits on the number
    return f"{number}{mag}{over if over in ('余', '多') else ''}{word}"


def en_amount(number: str, mag: str, unit: Unit, *, short: bool = False) -> str:
    """CNY 67.4 billion, 1,850 km², 44,000 people, 46.1%, 1.4 times — spaces inside are U+00A0."""
    parts = []
    if unit.en_before:
        parts.append(unit.en_before)
    body = number
    if mag:
        body += NBSP + (EN_SHORT[mag] if short else mag)
    after = unit.en_after(en_plural(number, mag), short=short)
    if after:
        body += after if unit.glue else NBSP + after
    parts.append(body)
    return NBSP.join(parts).replace(" ", NBSP)
