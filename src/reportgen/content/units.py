"""The units registry: every unit a figure may have, and how it reads in Chinese and in English.

Input: a unit name as content writes it — an ISO 4217 code (``EUR``), a CLDR unit id with or
without its category (``area-square-kilometer``, ``square-kilometer``), an SI-prefixed CLDR unit
(``energy-gigawatt-hour``, derived from kilowatt-hour), an alias or entry of ``units.yaml``
(``km2``, ``GWh``, ``tCO2e``, ``people``), or a compound ``A/B`` of any two (``CNY/people``, ``μg/m³``).
Output: a frozen :class:`Unit` with the Chinese word that follows a number and the English forms
(before the number for a currency, after it otherwise, with CLDR plural forms).

Names, symbols and plurals come from CLDR through babel (read once, then kept in the cache:
:mod:`reportgen.content.cldr`); ``units.yaml`` only adds what CLDR lacks or words differently in
official Chinese usage. Adding a unit is a data change, never code. An
unknown name raises :class:`UnknownUnit` with the nearest known names (difflib) to suggest.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from reportgen.content.cldr import facts

DATA_FILE = Path(__file__).with_name("units.yaml")
KINDS = ("currency", "measure", "count", "percent", "pp", "times", "ratio")
# SI prefixes CLDR composes units from (its compound_unit_patterns keys) that a report plausibly
# uses on an energy or power unit: kilowatt-hour is in CLDR, gigawatt-hour is derived from it.
SI_PREFIXES = {"kilo": "10p3", "mega": "10p6", "giga": "10p9", "tera": "10p12", "milli": "10p-3", "micro": "10p-6"}


class UnknownUnit(ValueError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown unit {name!r}{hint} (any ISO 4217 currency, CLDR unit or units.yaml entry)")
        self.name, self.suggestions = name, suggestions


@dataclass(frozen=True, slots=True)
class Unit:
    """How numbers of one unit read. Text pieces carry no spaces at their ends; the formatter joins."""

    name: str  # the canonical name: "CNY", "area-square-kilometer", "tonne-co2e", "CNY/people"
    kind: str  # one of KINDS: decides scaling and the wording of changes
    zh: str  # the Chinese word after the number (and after 万/亿): 元, 平方公里, 人; "" for none
    en_before: str = ""  # before the number in English: the currency code
    en_one: str = ""  # after the number, singular (CLDR plural category "one")
    en_other: str = ""  # after the number, every other plural category
    en_short: str = ""  # after the number in chart labels ("" = en_other)
    en_label: str = ""  # the unit as an axis or legend names it
    glue: bool = False  # English unit written right after the number: 46.1%
    scale: bool = True  # takes 万/亿/万亿 and thousand/million/billion/trillion

    def en_after(self, plural: str, short: bool = False) -> str:
        if short and self.en_short:
            return self.en_short
        return self.en_one if plural == "one" else self.en_other

    @property
    def label(self) -> tuple[str, str]:
        """(Chinese, English) names for an axis: 元 / CNY, 平方公里 / km², 人 / people."""
        return self.zh or self.en_label or self.name, self.en_label or self.en_before or self.en_other or self.name


@functools.cache
def _data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as fh:
        # libyaml's parser under PyYAML's safe constructor: the same data as safe_load, 8x faster.
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for name, entry in data["units"].items():
        if entry.get("kind") not in KINDS:  # a bad data file is a bug of the package, caught by its tests
            raise RuntimeError(f"{DATA_FILE.name}: unit {name!r} has no valid kind")
    return data


@functools.cache
def _currencies() -> frozenset[str]:
    return frozenset(facts()["currencies"])


@functools.cache
def _cldr_units() -> dict[str, str]:
    """Every CLDR unit id, by its full id and by its id without the category: square-kilometer -> area-…"""
    # babel keeps the patterns in the locale data ("unit_patterns"), which format_unit itself reads.
    ids = list(facts()["en"]["unit_patterns"].keys())
    index = {i: i for i in ids}
    for i in ids:
        index.setdefault(i.split("-", 1)[1], i)
    return index


def _pattern(lang: str, unit_id: str, length: str, plural: str) -> str:
    patterns = facts()[lang]["unit_patterns"][unit_id].get(length, {})
    return patterns.get(plural) or patterns.get("other") or "{0}"


def _after(pattern: str) -> str:
    return pattern.replace("{0}", "").strip()


def _prefix(lang: str, key: str, length: str) -> str:
    return facts()[lang]["compound_unit_patterns"][key][length]["prefix"].replace("{0}", "")


def _prefixed(unit_id: str) -> tuple[str, str, str] | None:
    """energy-gigawatt-hour -> (energy-kilowatt-hour, kilo, giga): a CLDR unit it is derived from."""
    category, _, rest = unit_id.partition("-")
    index = _cldr_units()
    for wanted in SI_PREFIXES:
        if not rest.startswith(wanted):
            continue
        base = rest[len(wanted) :]
        for have in SI_PREFIXES:
            known = f"{category}-{have}{base}"
            if have != wanted and known in index:
                return known, have, wanted
    return None


def _cldr_unit(unit_id: str) -> Unit:
    data = _data()
    derived = None
    if unit_id not in _cldr_units():
        derived = _prefixed(unit_id)
        if derived is None:
            raise KeyError(unit_id)
    source = derived[0] if derived else unit_id
    length = "long" if source.split("-", 1)[0] in data["english_long"] else "short"
    zh_word = _after(_pattern("zh", source, "long", "other"))
    en_one, en_other = (_after(_pattern("en", source, length, p)) for p in ("one", "other"))
    en_symbol = _after(_pattern("en", source, "short", "other"))
    if derived:
        _, have, wanted = derived

        def swap(text: str, lang: str, length: str) -> str:
            old = _prefix(lang, SI_PREFIXES[have], length)
            new = _prefix(lang, SI_PREFIXES[wanted], length)
            return new + text[len(old) :] if text.startswith(old) else text

        zh_word = swap(zh_word, "zh", "long")
        en_one, en_other = swap(en_one, "en", length), swap(en_other, "en", length)
        en_symbol = swap(en_symbol, "en", "short")
    zh_word = data["zh_names"].get(unit_id, zh_word)
    return Unit(unit_id, "measure", zh_word, en_one=en_one, en_other=en_other, en_label=en_symbol)


def _currency(code: str) -> Unit:
    word = _data()["zh_names"].get(code) or facts()["zh"]["currency_names"].get(code) or code
    return Unit(code, "currency", word, en_before=code, en_label=code)


def _entry(name: str, entry: dict) -> Unit:
    en = entry.get("en", "")
    one, other = (en.get("one", ""), en.get("other", "")) if isinstance(en, dict) else (en, en)
    return Unit(
        name,
        entry["kind"],
        entry.get("zh", ""),
        en_before=entry.get("en_before", ""),
        en_one=one,
        en_other=other,
        en_short=entry.get("en_short", ""),
        en_label=entry.get("en_label", "") or entry.get("en_short", "") or other,
        glue=bool(entry.get("glue", False)),
        scale=bool(entry.get("scale", True)),
    )


def _compound(top: Unit, bottom: Unit, name: str) -> Unit:
    """A rate: 元/人 / CNY 52,000 per person; 微克/立方米 / 35 μg/m³."""
    zh = f"{top.zh or '个'}/{bottom.zh or '个'}"
    if top.kind == "measure" and bottom.kind == "measure":
        symbol = f"{top.en_label}/{bottom.en_label}"
        return Unit(name, "measure", zh, en_one=symbol, en_other=symbol, en_label=symbol)
    per = f"per {bottom.en_one or bottom.en_label}"
    one = f"{top.en_one} {per}".strip()
    other = f"{top.en_other} {per}".strip()
    label = f"{top.en_label}/{bottom.en_one or bottom.en_label}"
    return Unit(name, top.kind if top.kind != "count" else "measure", zh, top.en_before, one, other, en_label=label)


@functools.cache
def resolve(name: str) -> Unit:
    """The unit called ``name``; raises :class:`UnknownUnit` (a ValueError) with suggestions."""
    data = _data()
    name = name.strip()
    seen = name
    for _ in range(4):  # an alias may name another alias
        if seen not in data["aliases"]:
            break
        seen = data["aliases"][seen]
    if seen in data["units"]:
        return _entry(seen, data["units"][seen])
    if "/" in seen:
        top, _, bottom = seen.partition("/")
        try:
            return _compound(resolve(top), resolve(bottom), seen)
        except UnknownUnit:
            raise UnknownUnit(name, suggest(name)) from None
    if len(seen) == 3 and seen.isupper() and seen.isalpha() and seen in _currencies():
        return _currency(seen)
    index = _cldr_units()
    unit_id = index.get(seen) or (seen if _prefixed(seen) else None)
    if unit_id is None:
        for category in sorted({i.split("-", 1)[0] for i in index}):
            if _prefixed(f"{category}-{seen}"):
                unit_id = f"{category}-{seen}"
                break
    if unit_id is not None:
        return _cldr_unit(unit_id)
    raise UnknownUnit(name, suggest(name))


def check(name: str) -> str:
    """Pydantic validator: the name, if the registry knows it."""
    resolve(name)
    return name


def known_names() -> list[str]:
    """Every simple name content may use (compounds aside): for suggestions and the docs."""
    data = _data()
    return sorted({*data["aliases"], *data["units"], *_currencies(), *_cldr_units()})


def suggest(name: str) -> list[str]:
    names = known_names()
    folded = {n.casefold(): n for n in names}
    exact = folded.get(name.casefold())
    if exact:
        return [exact]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if not close:  # "USDollar", "km2s": a known name the input starts with
        key = name.casefold()
        close = sorted((n for n in names if len(n) >= 2 and key.startswith(n.casefold())), key=len, reverse=True)[:3]
    return close


@functools.cache
def zh_unit_words() -> frozenset[str]:
    """Every Chinese unit word the registry can put after a number (compounds join two with "/").

    The Chinese line breaker keeps these with their number, so that "3.6万兆瓦时" never breaks.
    """
    data = _data()
    words = {u.get("zh", "") for u in data["units"].values()}
    words |= set(data["zh_names"].values())
    words |= {name for name in facts()["zh"]["currency_names"].values() if name}
    for unit_id in _cldr_units().values():
        words.add(_after(_pattern("zh", unit_id, "long", "other")))
    for unit_id in list(_cldr_units().values()):
        category, _, rest = unit_id.partition("-")
        for wanted in SI_PREFIXES:
            for have in SI_PREFIXES:
                if rest.startswith(have) and have != wanted:
                    derived = f"{category}-{wanted}{rest[len(have) :]}"
                    if derived not in _cldr_units():
                        words.add(_cldr_unit(derived).zh)
    return frozenset(w for w in words if w and not w.isascii())


@functools.cache
def spellings() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """How published text may write each unit, for reading numbers back (the lint).

    Returns ``(zh_after, en_after, en_before)``: word -> canonical unit name. Chinese words after a
    number (元, 欧元, 平方公里, 兆瓦时), English words after one (km², square kilometres, GWh, yuan,
    euros) and before one (CNY, EUR, RMB, US$, €), from CLDR and units.yaml, with British spellings.
    """
    cldr = facts()
    data = _data()
    zh_after: dict[str, str] = {}
    en_after: dict[str, str] = {}
    en_before: dict[str, str] = {}

    def add_en(word: str, name: str) -> None:
        for w in {word, word.replace("meter", "metre"), word.replace("liter", "litre")}:
            if w and not w[0].isdigit():
                en_after.setdefault(w, name)

    full_ids = set(_cldr_units().values())
    # Units whose Chinese name units.yaml sets first, so 吨 reads as the tonne, not CLDR's US ton.
    names = [n for n in data["zh_names"] if n in full_ids] + list(data["units"]) + sorted(full_ids)
    names += [f"energy-{p}watt-hour" for p in ("mega", "giga", "tera")]
    for name in names:
        unit = resolve(name)
        if unit.zh:
            zh_after.setdefault(unit.zh, unit.name)
        for word in (unit.en_one, unit.en_other, unit.en_label, unit.en_short):
            add_en(word, unit.name)
        if unit.name in full_ids:  # the long names too: "1,850 square kilometres"
            for plural in ("one", "other"):
                add_en(_after(_pattern("en", unit.name, "long", plural)), unit.name)
    for alias, target in data["aliases"].items():
        try:
            unit = resolve(target)
        except UnknownUnit:
            continue
        if not alias.isascii() or "/" in alias or len(alias) > 2 or alias in ("m2", "m3", "km2"):
            add_en(alias, unit.name)
    for code in cldr["currencies"]:  # in code order, so a name two codes share always reads as the first
        zh_name = data["zh_names"].get(code) or cldr["zh"]["currency_names"].get(code)
        if zh_name and "(" not in zh_name:
            zh_after.setdefault(zh_name, code)
        en_before[code] = code
        symbol = cldr["en"]["currency_symbols"][code]
        if symbol and symbol != code:
            en_before.setdefault(symbol, code)
        plural = cldr["en"]["currency_names_plural"].get(code, {})
        for word in plural.values():
            en_after.setdefault(word, code)
    for word, code in data.get("currency_spellings", {}).items():
        (en_before if word.isupper() or not word.isalpha() else en_after)[word] = code
    zh_after["元"] = "CNY"
    return zh_after, en_after, en_before
