"""Reading the quantities written in a Chinese or an English text: 220.84亿元, RMB22,084 million, 46.1%.

Input: a text in one language (placeholders already filled, or blanked by :func:`blank_placeholders`).
Output: :class:`Quantity` values in base units — ``220.84亿元``, ``RMB 22.084 billion``,
``RMB22,084 million`` and ``22.084 billion yuan`` all read as ``CNY 22084000000`` — each with its
*role* in the sentence, so that a share, a growth rate, a change and a threshold are told apart:

* ``growth``: 年均增长9.5% / "up 9.5% a year", "average annual growth of 9.5%";
* ``change``: 下降46.1%, 增长1.4倍 / "fell by 46.1%", "up 12%", "rose 2.3 times"; with its direction;
* ``share``: 占全区的41%, 比重为41% / "41% of GDP", "accounting for 41%";
* ``level`` otherwise. A bound — 超过, 余, 多, 以上 / "more than", "over" — and an approximation
  (近, 约 / "nearly", "about") are flags on any role.

Units are the registry's (CLDR + units.yaml, :func:`reportgen.content.units.spellings`), as
currency codes glued or spaced (RMB12,345), symbols (US$, €), names (yuan, euros), unit symbols
and names (km², square kilometres, GWh, 万千瓦时). Only Arabic digits are read, and deliberately not:

* years and year ranges: ``2021年``, ``2016–2020`` (in English a bare whole number 1900–2100);
* plan names and ordinals: ``十三五``, ``13th``, ``第12``;
* names with digits: ``PM2.5``, ``PM10``, ``N02`` (a digit right after a Latin letter);
* in Chinese, a number with no unit, measure word or 万/亿 (``500强``, ``1+6``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from reportgen.content.quantities import PLACEHOLDER
from reportgen.lint.words import Vocabulary

COUNT = "count"
# Kept for callers that list them: every kind but a bare count must agree in both languages.
MEASURED = ("CNY", "USD", "percent", "pp", "times")

ZH_MAGNITUDE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
ZH_MEASURE_WORDS = "个家项所座条名套户人处辆台栋张件批位场只艘架部间"
# Unit words of the registry that after a number are dates, not quantities (2021年, 9月, 15日).
_ZH_NOT_UNITS = {"年", "月", "日", "号", "时", "分", "秒", "周", "点"}
# Short English symbols that are also ordinary words after a number ("35 in 2020").
_EN_NOT_UNITS = {"in", "at", "pt", "mi", "ft", "yd", "h", "s", "d", "m", "g", "L", "B", "c", "K", "C", "F"}

EN_MAGNITUDE = {
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
}
_END = r"(?![A-Za-z])"  # a word ends where no Latin letter follows (\b fails before Chinese)

# Words around a number that give it its role. Chinese: just before it (or after, for 以上/左右).
_ZH_GROWTH = re.compile(r"年均(?:增长|增速|递增|增幅|下降|降低|减少|递减)?(?:率)?(?:为|达到|达|保持在|是)?(?:了)?$")
_ZH_RISE = re.compile(
    r"(?:增长|增加|提高|上升|上涨|增幅为|增幅达|增速为|增速达|增长率为|增长了|增加了|提高了|同比增长)$"
)
_ZH_FALL = re.compile(r"(?:下降|减少|降低|缩短|压缩|下滑|回落|降幅为|降幅达|减少了|下降了|降低了|缩短了|压缩了)$")
_ZH_SHARE = re.compile(
    r"(?:占[^，。；：、]{0,24}?(?:的比重|的比例|比重|比例|的)?(?:为|达到|达|是)?|比重(?:为|达到|达)?|占比(?:为|达到|达)?)$"
)
_ZH_BOUND = re.compile(r"(?:超过|超|逾|突破|高于|大于|多于|不低于|不少于)$")
_ZH_APPROX = re.compile(r"(?:近|将近|接近|约|大约|近乎)$")
_ZH_MULTIPLE_OF = re.compile(r"(?:是|为|相当于)[^，。；]{0,30}?的$")

_EN_GROWTH_BEFORE = re.compile(
    r"(?:average annual (?:growth|increase|rise|rate|growth rate)(?: rate)?|annual average (?:growth|rate)|"
    r"an average of|averaged?|compound annual growth(?: rate)?)(?: of| was| at| by| stood at)?\s*$",
    re.IGNORECASE,
)
_EN_GROWTH_AFTER = re.compile(
    r"^\s*(?:a year|per year|annually|per annum|each year|a year on average|on average each year)"
)
_EN_RISE = re.compile(
    r"(?:rose|rise|risen|rising|grew|grow|growth|grown|increased|increase|increasing|up|higher|climbed|gained|jumped|expanded)(?: by| of)?\s*$",
    re.IGNORECASE,
)
_EN_FALL = re.compile(
    r"(?:fell|fall|fallen|falling|dropped|drop|declined|decline|decreased|decrease|down|lower|cut|cuts|reduced|"
    r"reduction|shortened|shrank|slid)(?: by| of)?\s*$",
    re.IGNORECASE,
)
_EN_SHARE_BEFORE = re.compile(
    r"(?:accounting for|accounted for|accounts for|share of|share was|share stood at|made up|makes up|proportion of)\s*$",
    re.IGNORECASE,
)
_EN_SHARE_AFTER = re.compile(r"^\s*(?:of (?:the |all |total )?(?![0-9]))", re.IGNORECASE)
_EN_BOUND = re.compile(
    r"(?:more than|over|above|exceeding|exceeded|in excess of|upwards of|at least|topped|topping|surpassed)\s*$",
    re.IGNORECASE,
)
_EN_APPROX = re.compile(r"(?:nearly|almost|about|around|close to|roughly|approximately|some)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number as written (``text``) and as read: ``kind`` (a unit name) and ``value`` in base units."""

    kind: str
    value: Decimal
    text: str
    start: int = 0
    role: str = "level"  # level, change, growth, share
    direction: int = 0  # +1 rise, −1 fall, 0 not said (a change or growth rate)
    bound: bool = False  # more than / 超过 / 余 / 多
    approx: bool = False  # nearly / 近 / 约
    end: int = 0
    quantum: Decimal = Decimal(0)  # the value of one unit in the last digit written: 220.84亿 -> 10^6
    magnitude: Decimal = Decimal(1)  # the 万/亿 or million/billion written after the digits

    def plain(self) -> str:
        """The value in full, grouped: ``22,084,000,000``, ``46.1``."""
        return plain_number(self.value)


def plain_number(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _quantum(digits: str) -> Decimal:
    exponent = Decimal(digits.replace(",", "")).as_tuple().exponent
    return Decimal(10) ** exponent if isinstance(exponent, int) else Decimal(0)


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


@functools.cache
def _vocabulary():
    from reportgen.content.units import resolve, spellings

    zh_after, en_after, en_before = spellings()
    # Counts compare as counts whatever their measure word (62家 = "62 high-tech enterprises").
    counted = {w for w, u in {**zh_after, **en_after}.items() if resolve(u).kind == "count"}
    counted |= set(ZH_MEASURE_WORDS) | {"items", "item"}  # 1069项: CLDR's "item" unit is a count too
    zh_after = {w: (COUNT if w in counted else u) for w, u in zh_after.items()}
    en_after = {w: (COUNT if w in counted else u) for w, u in en_after.items()}
    zh_after = {w: u for w, u in zh_after.items() if w not in _ZH_NOT_UNITS}
    zh_after.update({"百分点": "pp", "％": "percent", "平方千米": "area-square-kilometer", "人民币": "CNY"})
    en_after = {w: u for w, u in en_after.items() if w not in _EN_NOT_UNITS and (len(w) > 1 or w in "%t")}
    en_after.update(
        {
            "per cent": "percent",
            "percent": "percent",
            "-fold": "times",
            "fold": "times",
            "sq km": "area-square-kilometer",
        }
    )
    # Word sets, not alternations: three patterns of ~2,000 words took ~60 ms to compile (lint.words).
    return zh_after, Vocabulary(zh_after), en_after, Vocabulary(en_after), en_before, Vocabulary(en_before)


# A number not glued to a Latin letter, a digit, a dot or a name (PM2.5, N02, {gdp_2015}).
_NUM_ZH = re.compile(r"(?<![A-Za-z0-9_.{])(\d+(?:,\d{3})*(?:\.\d+)?)(余|多)?(万亿|亿|万)?(余|多)?")
_NUM_EN = re.compile(r"(?<![0-9_.,{])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_EN_ORDINAL = re.compile(rf"(?:st|nd|rd|th){_END}")
_EN_MAG = re.compile(r"\s?(" + "|".join(EN_MAGNITUDE) + rf"){_END}|\s?(m)(?![A-Za-z²³2])")
_EN_PER = re.compile(r"\s?(?:per|a|/)\s?(person|capita|head|household|hectare|mu|km²|m²|tonne)(?![A-Za-z])")
_SENTENCE_STOP = re.compile(r"[。！？；，,;:：]")


def _clause_before(text: str, start: int, width: int = 40) -> str:
    """The text before ``start`` back to the last clause mark (so roles do not leak across clauses)."""
    window = text[max(0, start - width) : start]
    marks = list(_SENTENCE_STOP.finditer(window))
    return window[marks[-1].end() :] if marks else window


def _compound(top: str, bottom: str) -> str:
    from reportgen.content.units import UnknownUnit, resolve

    try:
        return resolve(f"{top}/{'people' if bottom == COUNT else bottom}").name
    except UnknownUnit:
        return f"{top}/{bottom}"


def parse_zh(text: str) -> list[Quantity]:
    """Quantities in a Chinese text: 220.84亿元, 7.1亿美元, 6.9万个, 3万多个, 46.1%, 1.4倍, 809万平方米."""
    zh_after, zh_words, *_ = _vocabulary()
    found = []
    for m in _NUM_ZH.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1] == "第":
            continue  # ordinal: 第12届
        rest = text[end:]
        if rest.startswith(("年", "月", "日")) and not m.group(3):
            continue  # a date or a number of years (5年): not a quantity compared across languages
        value = _decimal(m.group(1))
        if m.group(3):
            value *= ZH_MAGNITUDE[m.group(3)]
        unit = zh_words.match(rest)
        kind = None
        if unit:
            kind, end = zh_after[unit], end + len(unit)
            per = zh_words.match(text, end + 1) if text.startswith("/", end) else None
            if per:  # 35微克/立方米, 5.2万元/人: a compound unit, named as the registry names it
                kind, end = _compound(kind, zh_after[per]), end + 1 + len(per)
        elif rest[:1] and rest[0] in ZH_MEASURE_WORDS:
            kind, end = COUNT, end + 1
        elif m.group(3):
            kind = COUNT  # 6.9万 with the measure word left out is still a count
        if kind is None:
            continue
        if kind in ("percent", "pp", "times") and m.group(3):
            continue  # 3万% is not a way anyone writes a ratio
        quantum = _quantum(m.group(1)) * (ZH_MAGNITUDE[m.group(3)] if m.group(3) else 1)
        before = _clause_before(text, start)
        after = text[end : end + 4]
        bound = bool(m.group(2) or m.group(4) or _ZH_BOUND.search(before) or after.startswith(("以上", "多")))
        approx = bool(_ZH_APPROX.search(before) or after.startswith("左右"))
        role, direction = "level", 0
        if _ZH_GROWTH.search(before):
            role = "growth"
            direction = -1 if re.search(r"年均(?:下降|降低|减少|递减)", before) else 1
        elif _ZH_SHARE.search(before):
            role = "share"
        elif _ZH_FALL.search(before):
            role, direction = "change", -1
        elif _ZH_RISE.search(before):
            role, direction = "change", 1
        if kind == "times" and role == "change" and not _ZH_MULTIPLE_OF.search(before):
            value += 1  # 增长1.4倍 is 2.4 times the start: read it as the multiple it states
            role = "level"
        mag = ZH_MAGNITUDE[m.group(3)] if m.group(3) else Decimal(1)
        found.append(Quantity(kind, value, text[start:end], start, role, direction, bound, approx, end, quantum, mag))
    return _ranges(text, found)


def _glued_currency(text: str, start: int, en_before: dict[str, str]) -> bool:
    code = text[max(0, start - 3) : start]
    return code in en_before and code.isupper() and not (start > 3 and text[start - 4].isalpha())


def parse_en(text: str) -> list[Quantity]:
    """Quantities in English: RMB 20.084 billion, RMB12,345 million, 22.084 billion yuan, 69,000, 46.1%, 2.3 times."""
    _, _, en_after, en_words, en_before, before_words = _vocabulary()
    found = []
    for m in _NUM_EN.finditer(text):
        start, end = m.start(), m.end()
        if start and text[start - 1].isalpha() and not _glued_currency(text, start, en_before):
            continue  # a name with digits: PM2.5, N02 (but RMB12,345 million is a currency code glued on)
        rest = text[end:]
        if _EN_ORDINAL.match(rest) or rest.startswith(("-year", "-day", "-month", " years", " year")):
            continue  # 13th Five-Year Plan; a span of years is not a quantity compared
        currency = before_words.search_before_end(text[max(0, start - 5) : start])
        if currency:
            start -= len(currency)
        value = _decimal(m.group(1) + (m.group(2) or ""))
        quantum = _quantum(m.group(1) + (m.group(2) or ""))
        magnitude = _EN_MAG.match(rest)
        if magnitude and (magnitude.group(1) or currency):  # a bare "m" means million only after a currency
            value *= EN_MAGNITUDE[magnitude.group(1) or "mn"]
            quantum *= EN_MAGNITUDE[magnitude.group(1) or "mn"]
            end += magnitude.end()
            rest = text[end:]
        else:
            magnitude = None
        kind = en_before[currency.strip()] if currency else None
        unit = en_words.match_word(rest)
        if unit and (kind is None or en_after[unit.strip()] == kind):
            kind = en_after[unit.strip()]
            end += len(unit)
        per = _EN_PER.match(text, end) if kind else None
        if per and per.group(1) in en_after:  # CNY 52,000 per person, 12 t per hectare
            kind, end = _compound(kind, en_after[per.group(1)]), per.end()
        if kind is None:
            whole = m.group(1)
            if not magnitude and not m.group(2) and "," not in whole and 1900 <= int(whole) <= 2100:
                continue  # a year: 2016–2020
            kind = COUNT
        before = _clause_before(text, start, 60)
        after = text[end : end + 30]
        role, direction = "level", 0
        if _EN_GROWTH_AFTER.match(after) or _EN_GROWTH_BEFORE.search(before):
            role = "growth"
            direction = -1 if re.search(r"(?:down|fell|declin\w*|decreas\w*|lower)\W*(?:by\s*)?$", before, re.I) else 1
        elif _EN_SHARE_BEFORE.search(before) or (kind == "percent" and _EN_SHARE_AFTER.match(after)):
            role = "share"
        elif _EN_FALL.search(before):
            role, direction = "change", -1
        elif _EN_RISE.search(before):
            role, direction = "change", 1
        if kind == "times" and role == "change":
            role = "level"  # "rose 2.3 times" states the multiple itself
        bound = bool(_EN_BOUND.search(before.rstrip()[-30:]) or re.match(r"^\s*(?:or more|and above|plus)", after))
        approx = bool(_EN_APPROX.search(before.rstrip()[-20:]))
        mag = EN_MAGNITUDE[magnitude.group(1) or "mn"] if magnitude else Decimal(1)
        found.append(Quantity(kind, value, text[start:end], start, role, direction, bound, approx, end, quantum, mag))
    return _ranges(text, found)


_RANGE_MARK = re.compile(r"^\s*(?:～|~|—|–|-|至|到|to)\s*$")


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """30亿～50亿元, CNY 3–5 billion, 3-5 billion yuan: both ends of a range share its unit and magnitude."""
    from dataclasses import replace

    out = list(found)
    for i in range(len(out) - 1):
        low, high = out[i], out[i + 1]
        if not _RANGE_MARK.match(text[low.end : high.start]):
            continue
        if COUNT not in (low.kind, high.kind) and low.kind != high.kind:
            continue  # "rose 12% to EUR 860 million": a change and a level, not a range
        if low.magnitude == 1 and high.magnitude != 1:
            low = replace(
                low, value=low.value * high.magnitude, quantum=low.quantum * high.magnitude, magnitude=high.magnitude
            )
        if low.kind == COUNT and high.kind != COUNT:
            low = replace(low, kind=high.kind)
        elif high.kind == COUNT and low.kind != COUNT:
            high = replace(high, kind=low.kind)
        out[i], out[i + 1] = low, high
    return out


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
