"""Reading the quantities written in a Chinese or an English text: 220.84亿元, RMB 22.084 billion, 46.1%.

Input: a text in one language (placeholders already filled, or blanked by :func:`blank_placeholders`).
Output: :class:`Quantity` values in base units — ``220.84亿元`` and ``RMB 22.084 billion`` both read
as ``Quantity("CNY", 22084000000)`` — so the two languages of a paragraph can be compared.

Only Arabic digits are read. Deliberately ignored, because they are not quantities a translation
must carry over digit for digit:

* years and year ranges: ``2021年``, ``2016–2020`` (in English a bare whole number 1900–2100);
* plan names and ordinals: ``十三五`` and ``一四四`` (Chinese numerals are never read),
  ``13th``/``14th``/``1st``, ``第12``;
* names with digits: ``PM2.5``, ``PM10``, ``N02`` (a digit right after a Latin letter);
* in Chinese, a number with no unit, measure word or 万/亿 (``500强``, ``1+6``).

Signs are not read: a fall is written ``下降46.1%`` / ``fell by 46.1%``, with the direction in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from reportgen.content.quantities import PLACEHOLDER

# Kinds of quantity. Amounts of money, ratios and measured units must agree in both languages;
# counts are compared with care (see reportgen.lint.rules).
MEASURED = ("CNY", "USD", "percent", "pp", "times", "m2", "km2", "days", "months")
COUNT = "count"

ZH_MAGNITUDE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
# Chinese unit words after a number (and its 万/亿): longest first, so 个百分点 wins over 个.
ZH_UNITS: dict[str, str] = {
    "个百分点": "pp",
    "百分点": "pp",
    "%": "percent",
    "％": "percent",
    "倍": "times",
    "美元": "USD",
    "元": "CNY",
    "平方公里": "km2",
    "平方千米": "km2",
    "平方米": "m2",
    "天": "days",
    "个月": "months",
}
# Measure words (量词): a number followed by one is a count, 974个 / 62家 / 42所.
ZH_MEASURE_WORDS = "个家项所座条名套户人处辆台栋张件批位场只艘架部间"

EN_MAGNITUDE = {
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
}
# English unit words after a number (and its magnitude), as regex -> kind; tried in order. A word ends
# where no Latin letter follows (not \b, which a following Chinese character would defeat).
_END = r"(?![A-Za-z])"
EN_UNITS: tuple[tuple[str, str], ...] = (
    (rf"%|per ?cent{_END}", "percent"),
    (rf"(?:percentage points?|pp){_END}", "pp"),
    (rf"(?:times|-fold|fold){_END}", "times"),
    (rf"km²|(?:km2|sq\.? ?km|square kilomet(?:re|er)s?){_END}", "km2"),
    (rf"m²|(?:m2|sq\.? ?m|square met(?:re|er)s?){_END}", "m2"),
    (rf"yuan{_END}", "CNY"),
    (rf"days?{_END}", "days"),
    (rf"months?{_END}", "months"),
)
EN_CURRENCY_BEFORE = re.compile(r"(RMB|CNY|USD|US\$|\$|¥)\s?$")
_EN_CURRENCY_KIND = {"RMB": "CNY", "CNY": "CNY", "¥": "CNY", "USD": "USD", "US$": "USD", "$": "USD"}

# A number not glued to a Latin letter, a digit, a dot or a name (PM2.5, N02, {gdp_2015}).
_NUM_ZH = re.compile(r"(?<![A-Za-z0-9_.{])(\d+(?:,\d{3})*(?:\.\d+)?)(余|多)?(万亿|亿|万)?(余|多)?")
_NUM_EN = re.compile(r"(?<![A-Za-z0-9_.,{])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_EN_ORDINAL = re.compile(rf"(?:st|nd|rd|th){_END}")
_EN_MAG = re.compile(r"\s?(" + "|".join(EN_MAGNITUDE) + rf"){_END}|\s?(m)(?![A-Za-z²2])")
_EN_UNIT = re.compile(r"\s?(?:" + "|".join(f"(?P<u{i}>{rx})" for i, (rx, _) in enumerate(EN_UNITS)) + ")")


@dataclass(frozen=True)
class Quantity:
    """A number as written (``text``) and as read: ``kind`` and ``value`` in base units."""

    kind: str
    value: Decimal
    text: str
    start: int = 0

    def plain(self) -> str:
        """The value in full, grouped: ``22,084,000,000``, ``46.1``."""
        return plain_number(self.value)


def plain_number(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


def parse_zh(text: str) -> list[Quantity]:
    """Quantities in a Chinese text: 220.84亿元, 7.1亿美元, 6.9万个, 3万多个, 46.1%, 1.4倍, 809万平方米."""
    found = []
    for m in _NUM_ZH.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1] == "第":
            continue  # ordinal: 第12届
        rest = text[end:]
        if rest.startswith("年") and not m.group(3):
            continue  # a year: 2021年 (also 5年, a number of years: not compared)
        value = _decimal(m.group(1))
        if m.group(3):
            value *= ZH_MAGNITUDE[m.group(3)]
        kind = None
        for word, unit_kind in ZH_UNITS.items():
            if rest.startswith(word):
                kind, end = unit_kind, end + len(word)
                break
        else:
            if rest[:1] and rest[0] in ZH_MEASURE_WORDS:
                kind, end = COUNT, end + 1
            elif m.group(3):
                kind = COUNT  # 6.9万 with the measure word left out is still a count
        if kind is None:
            continue
        if kind in ("percent", "pp", "times") and m.group(3):
            continue  # 3万% is not a way anyone writes a ratio
        found.append(Quantity(kind, value, text[start:end], start))
    return found


def parse_en(text: str) -> list[Quantity]:
    """Quantities in an English text: RMB 20.084 billion, USD 710 million, 69,000, 46.1%, 1.4 times, 8.09 million m²."""
    found = []
    for m in _NUM_EN.finditer(text):
        start, end = m.start(), m.end()
        rest = text[end:]
        if _EN_ORDINAL.match(rest):
            continue  # 13th Five-Year Plan
        currency = EN_CURRENCY_BEFORE.search(text[max(0, start - 5) : start])
        if currency:
            start -= len(currency.group(0))
        value = _decimal(m.group(1) + (m.group(2) or ""))
        magnitude = _EN_MAG.match(rest)
        if magnitude and (magnitude.group(1) or currency):  # a bare "m" means million only after a currency
            value *= EN_MAGNITUDE[magnitude.group(1) or "mn"]
            end += magnitude.end()
            rest = text[end:]
        else:
            magnitude = None
        kind = _EN_CURRENCY_KIND[currency.group(1)] if currency else None
        unit = _EN_UNIT.match(rest)
        if unit and kind is None:
            kind = EN_UNITS[int(unit.lastgroup[1:])][1]
            end += unit.end()
        if kind is None:
            whole = m.group(1)
            if not magnitude and not m.group(2) and "," not in whole and 1900 <= int(whole) <= 2100:
                continue  # a year: 2016–2020
            kind = COUNT
        found.append(Quantity(kind, value, text[start:end], start))
    return found


def parse(text: str, lang: str) -> list[Quantity]:
    return parse_zh(text) if lang == "zh" else parse_en(text)


def blank_placeholders(text: str) -> str:
    """``{gdp_2015}`` -> a neutral mark, so the digits of a figure's name are not read as a number."""
    return PLACEHOLDER.sub(lambda m: m.group(0) if m.group(0) in ("{{", "}}") else "〈〉", text)


def close(a: Decimal, b: Decimal, kind: str, rel: Decimal = Decimal("0.005")) -> bool:
    """Equal within a small relative tolerance (0.5%) for amounts and ratios; exactly, for counts."""
    if kind == COUNT:
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b))


def distance(a: Decimal, b: Decimal) -> Decimal:
    """How far apart two values are, relative to the larger (0 = equal, 1 = one is zero)."""
    top = max(abs(a), abs(b))
    return abs(a - b) / top if top else Decimal(0)


def half_unit(value: float | Decimal) -> Decimal:
    """Half a unit in the last written decimal place: 1.4 -> 0.05, 46.1 -> 0.05, 33 -> 0.5 (never above 0.5)."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(10) ** min(exponent, 0) / 2
