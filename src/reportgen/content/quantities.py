"""How a figure reads in each language: the one place that knows 674亿元 is CNY 67.4 billion.

Chinese groups large numbers by 万 (10^4) and 亿 (10^8); English by thousand, million and
billion. A figure is stored once, in base units, and every text, table cell and chart label is
formatted from it here, so the Chinese and English cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from reportgen.content.schema import Figure
from reportgen.model import Lang, Text

MINUS = "\u2212"  # a real minus sign, not a hyphen

ZH_UNIT = {"CNY": "元", "USD": "美元", "percent": "%", "times": "倍", "m2": "平方米", "days": "天"}
EN_CURRENCY = {"CNY": "CNY", "USD": "USD"}


def _trim(x: float | Decimal, places: int = 6) -> str:
    """Exact decimal text without trailing zeros: 22.90 -> 22.9, 674.0 -> 674, 220.84亿 -> 22.084 billion.

    Decimal arithmetic, because scaling a float (22084000000 / 1e9) can add digits that were never
    there, and rounding to a fixed two places would drop ones that were (the 22.084 in the lint's
    classic 220.84亿元 case).
    """
    d = Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(x: float, power: int) -> str:
    return _trim(Decimal(str(x)).scaleb(-power))


def _zh_magnitude(x: float) -> tuple[str, str]:
    if x >= 1e8:
        return _scaled(x, 8), "亿"
    if x >= 1e4:
        return _scaled(x, 4), "万"
    return _trim(x), ""


def _en_grouped(x: float) -> str:
    """69000 -> '69,000'; 7500 -> '7,500'; 46.1 -> '46.1'."""
    whole, _, frac = _trim(x).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def _en_magnitude(x: float, short: bool = False) -> str:
    if x >= 1e9:
        return _scaled(x, 9) + (" bn" if short else " billion")
    if x >= 1e6:
        return _scaled(x, 6) + (" m" if short else " million")
    return _en_grouped(x)


def format_zh(fig: Figure, *, absolute: bool = False) -> str:
    value = abs(fig.value) if absolute else fig.value
    sign = MINUS if value < 0 else ""
    x = abs(value)
    if fig.unit in ("percent", "times"):
        return f"{sign}{_trim(x)}{ZH_UNIT[fig.unit]}"
    number, mag = _zh_magnitude(x)
    over = fig.over or ""
    if fig.unit in ("CNY", "USD"):
        # 100余亿元: the marker sits on the number, before the magnitude and currency.
        return f"{sign}{number}{over}{mag}{ZH_UNIT[fig.unit]}"
    unit = fig.measure if fig.unit == "count" else ZH_UNIT[fig.unit]
    return f"{sign}{number}{mag}{over}{unit}"


def format_en(fig: Figure, *, absolute: bool = False, short: bool = False) -> str:
    value = abs(fig.value) if absolute else fig.value
    sign = MINUS if value < 0 else ""
    x = abs(value)
    over = "more than " if fig.over else ""
    if fig.unit == "percent":
        return f"{over}{sign}{_trim(x)}%"
    if fig.unit == "times":
        return f"{over}{sign}{_trim(x)} times"
    number = _en_magnitude(x, short=short)
    if fig.unit in EN_CURRENCY:
        return f"{over}{sign}{EN_CURRENCY[fig.unit]} {number}"
    if fig.unit == "m2":
        return f"{over}{sign}{number} m²"
    if fig.unit == "days":
        return f"{over}{sign}{number} days"
    return f"{over}{sign}{number}"


def format_figure(fig: Figure, lang: Lang, *, absolute: bool = False) -> str:
    return format_zh(fig, absolute=absolute) if lang == "zh" else format_en(fig, absolute=absolute)


def figure_text(fig: Figure, *, absolute: bool = False) -> Text:
    return Text(zh=format_zh(fig, absolute=absolute), en=format_en(fig, absolute=absolute))


def chart_label(fig: Figure) -> Text:
    """Data labels are short: 674亿元 / CNY 67.4 bn; a count is just its number in English."""
    return Text(zh=format_zh(fig), en=format_en(fig, short=True))


def unit_label(fig: Figure) -> Text:
    """The unit as an axis or legend would name it."""
    zh = fig.measure if fig.unit == "count" else ZH_UNIT[fig.unit]
    en = {"CNY": "CNY", "USD": "USD", "percent": "%", "times": "times", "m2": "m²", "days": "days", "count": "number"}[
        fig.unit
    ]
    return Text(zh=zh, en=en)


def change_text(start: Figure, end: Figure) -> Text:
    """The change between two figures of one unit: +104.9% for amounts, +6.3 pp for percents."""
    if start.unit == "percent":
        delta = end.value - start.value
        sign = "+" if delta >= 0 else MINUS
        return Text(zh=f"{sign}{_trim(abs(delta), 1)}个百分点", en=f"{sign}{_trim(abs(delta), 1)} pp")
    if start.value == 0:
        return Text(zh="—", en="—")
    pct = (end.value / start.value - 1) * 100
    sign = "+" if pct >= 0 else MINUS
    return Text(zh=f"{sign}{_trim(abs(pct), 1)}%", en=f"{sign}{_trim(abs(pct), 1)}%")


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_text(date) -> Text:
    # Month names spelled here, not by strftime: the machine's locale must not change the output.
    return Text(zh=f"{date.year}年{date.month}月{date.day}日", en=f"{date.day} {MONTHS[date.month - 1]} {date.year}")


# `{name}` or `{name:abs}` in paragraph text; `{{` and `}}` stand for literal braces.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::(abs))?\}")


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    absolute: bool


def placeholders(text: str) -> list[Placeholder]:
    return [Placeholder(m.group(1), m.group(2) == "abs") for m in PLACEHOLDER.finditer(text) if m.group(1)]


def substitute(text: str, lookup: Callable[[str, bool], str]) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)[0]
        return lookup(m.group(1), m.group(2) == "abs")

    return PLACEHOLDER.sub(repl, text)


def fill(text: str, lang: Lang, figures: dict[str, Figure]) -> str:
    """Replace placeholders in ``text`` by the figures formatted for ``lang``."""
    return substitute(text, lambda name, absolute: format_figure(figures[name], lang, absolute=absolute))
