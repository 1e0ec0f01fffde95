"""One bilingual text checked on its own: do its Chinese and English state the same quantities, and
does each language's arithmetic hold?

Input: the Chinese and the English of one text, placeholders filled (what a reader will see).
Output: ``(lang, message)`` findings, ``lang`` being the language whose line is wrong.

Two kinds of check:

* **Within one language** (:func:`internal_findings`): when a sentence gives both ends of a change —
  two amounts of one unit, ``从329亿元增长到674亿元`` / "from CNY 32.9 billion to CNY 67.4 billion" —
  a percentage change, an average annual growth rate (over the years the sentence names: 2015…2020,
  五年 / five years), a percentage-point change, a multiple (``是…的2.05倍``, ``增长1.05倍``,
  "2.05 times") or a claim (翻番, "doubled", "nearly doubled", "more than doubled") is recomputed
  from them. A finding names that language's line.
* **Across the languages** (:func:`cross_findings`): the quantities must pair up — same unit, same
  value (0.5%), and the same role: a share is not a change, a growth rate is not a one-off change,
  a fall is not a rise, "more than" is not an exact figure. The Chinese is taken as the source
  text, so a pair that does not agree is reported on the **English** line — unless the Chinese
  quantity already failed its own arithmetic (then the Chinese line was named for it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from reportgen.lint.numbers import COUNT, Quantity, close, distance, half_unit, parse, plain_number

LANG_NAME = {"zh": "Chinese", "en": "English"}
ROLE_NAME = {"level": "a level", "change": "a change", "growth": "an average annual growth rate", "share": "a share"}

_SENTENCES = {"zh": re.compile(r"[^。！？；]+[。！？；]?"), "en": re.compile(r".+?(?:[.!?;](?=\s|$)|$)")}
_ZH_DIGITS = {"两": 2, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_YEARS_SPAN = {
    "zh": re.compile(r"(\d+|[一二两三四五六七八九十])(?:个)?年(?:来|间|里|内|中|时间)"),
    "en": re.compile(
        r"(?:over|in|within|across|during|for)\s+(?:the\s+)?(?:past\s+|last\s+)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years",
        re.I,
    ),
}
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d|2100)(?!\d)")

# Claims of a ratio in words: (regex, lowest, highest, wording).
RATIO_WORDS = {
    "zh": (
        (r"翻(?:了)?(?:一)?番以上|超过翻番|翻番有余|翻了一番多", Decimal(2), None, "more than 2×"),
        (r"翻(?:了)?两番", Decimal("3.8"), Decimal("4.2"), "about 4×"),
        (r"近(?:乎)?翻(?:了)?(?:一)?番|接近翻番", Decimal("1.7"), Decimal("2.0"), "nearly 2×"),
        (r"翻(?:了)?(?:一)?番", Decimal("1.9"), Decimal("2.1"), "about 2×"),
    ),
    "en": (
        (r"more than doubled|more than double\b", Decimal(2), None, "more than 2×"),
        (r"more than tripled", Decimal(3), None, "more than 3×"),
        (r"(?:nearly|almost) doubled", Decimal("1.7"), Decimal("2.0"), "nearly 2×"),
        (r"quadrupled", Decimal("3.8"), Decimal("4.2"), "about 4×"),
        (r"tripled", Decimal("2.85"), Decimal("3.15"), "about 3×"),
        (r"doubled", Decimal("1.9"), Decimal("2.1"), "about 2×"),
    ),
}


def sentences(text: str, lang: str) -> Iterator[tuple[int, str]]:
    for m in _SENTENCES[lang].finditer(text):
        if m.group(0).strip():
            yield m.start(), m.group(0)


def _years(sentence: str, lang: str) -> int | None:
    """The number of years a sentence's change spans: 五年 / five years, else the first and last year named."""
    m = _YEARS_SPAN[lang].search(sentence)
    if m:
        word = m.group(1).lower()
        return int(word) if word.isdigit() else _ZH_DIGITS.get(word) or _EN_NUMBERS.get(word)
    years = sorted({int(y) for y in _YEAR.findall(sentence)})
    return years[-1] - years[0] if len(years) >= 2 else None


def _ends(qs: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """The two level amounts of one unit a sentence gives (from A to B), in the order written."""
    levels: dict[str, list[Quantity]] = {}
    for q in qs:
        if q.role == "level" and not q.bound and q.kind not in ("times", COUNT) and q.value:
            levels.setdefault(q.kind, []).append(q)
    pairs = [v for v in levels.values() if len(v) == 2]
    return (pairs[0][0], pairs[0][1]) if len(pairs) == 1 else None


def _tolerance(stated: Decimal) -> Decimal:
    # Both ends are rounded too: allow a little more than half a unit of the stated figure.
    return max(half_unit(stated) + Decimal("0.1"), Decimal("0.15"))


def _fmt(x: Decimal, places: int = 1) -> str:
    return f"{x:.{places}f}"


def internal_findings(text: str, lang: str) -> Iterator[tuple[Quantity, str]]:
    """Arithmetic a sentence states about its own figures, recomputed: ``(quantity, message)``."""
    for offset, sentence in sentences(text, lang):
        qs = [_shift(q, offset) for q in parse(sentence, lang)]
        ends = _ends(qs)
        if ends is None:
            continue
        a, b = ends
        years = _years(sentence, lang)
        for q in qs:
            if q in ends:
                continue
            message = _check_against_ends(q, a, b, years)
            if message:
                yield q, message
        message = _check_ratio_words(sentence, lang, a, b)
        if message:
            yield a, message


def _shift(q: Quantity, offset: int) -> Quantity:
    from dataclasses import replace

    return replace(q, start=q.start + offset, end=q.end + offset)


def _check_against_ends(q: Quantity, a: Quantity, b: Quantity, years: int | None) -> str | None:
    try:
        if q.kind == "percent" and q.role == "change" and a.kind != "percent":
            actual = (b.value / a.value - 1) * 100
            stated = q.value * (q.direction or (1 if actual >= 0 else -1))
            if abs(actual - stated) > _tolerance(q.value):
                return f"{q.text}: from {a.text} to {b.text} is {'+' if actual >= 0 else '−'}{_fmt(abs(actual))}%"
        if q.kind == "percent" and q.role == "growth" and a.kind != "percent" and years:
            ratio = b.value / a.value
            if ratio <= 0:
                return None
            actual = (Decimal(float(ratio) ** (1 / years)) - 1) * 100
            stated = q.value * (q.direction or 1)
            if abs(actual - stated) > _tolerance(q.value):
                return (
                    f"{q.text} a year: from {a.text} to {b.text} over {years} years is "
                    f"{'+' if actual >= 0 else '−'}{_fmt(abs(actual))}% a year"
                )
        if q.kind == "pp" and a.kind == "percent":
            actual = b.value - a.value
            stated = q.value * (q.direction or (1 if actual >= 0 else -1))
            if abs(actual - stated) > _tolerance(q.value):
                return f"{q.text}: from {a.text} to {b.text} is {'+' if actual >= 0 else '−'}{_fmt(abs(actual))} points"
        if q.kind == "times" and q.role == "level":
            big, small = (a, b) if a.value >= b.value else (b, a)
            ratio = big.value / small.value
            if abs(ratio - q.value) > max(half_unit(q.value), Decimal("0.02") * q.value):
                return f"{q.text} (×{plain_number(q.value)}): {big.text} / {small.text} is ×{_fmt(ratio, 2)}"
    except (InvalidOperation, ZeroDivisionError, OverflowError):
        return None
    return None


def _check_ratio_words(sentence: str, lang: str, a: Quantity, b: Quantity) -> str | None:
    for rx, lowest, highest, wording in RATIO_WORDS[lang]:
        m = re.search(rx, sentence)
        if not m:
            continue
        ratio = max(a.value, b.value) / min(a.value, b.value)
        if ratio < lowest or (highest is not None and ratio > highest):
            return f"“{m.group(0)}” claims {wording}, but from {a.text} to {b.text} is ×{_fmt(ratio, 2)}"
        return None
    return None


def must_match(q: Quantity, lang: str) -> bool:
    """Which numbers need an equal in the other language.

    Money, ratios and measured units always. Counts: in Chinese those of 10 or more (they carry a
    measure word, 974个; English spells small numbers out); in English only large ones (≥ 10,000),
    since a bare English number may be a name (top-500, 1-4-4) rather than a count.
    """
    if q.kind != COUNT:
        return True
    return q.value >= (10 if lang == "zh" else 10_000)


def _same(a: Quantity, b: Quantity) -> bool:
    """Equal as written: within half a unit of the last digit the less precise of the two shows
    (220.84亿元 = CNY 22.08 billion, but 123.45亿元 ≠ RMB12,354 million)."""
    if a.kind != b.kind:
        return False
    if a.kind == COUNT or not (a.quantum and b.quantum):
        return close(a.value, b.value, a.kind)
    return abs(a.value - b.value) <= max(a.quantum, b.quantum) / 2


def _disagreement(z: Quantity, e: Quantity) -> str | None:
    """How an English quantity equal in value to a Chinese one still says something else."""
    if z.role != e.role and "level" not in (z.role, e.role):
        return f"{z.text} is {ROLE_NAME[z.role]} in Chinese but {e.text} reads as {ROLE_NAME[e.role]} in English"
    if z.role == "growth" and e.role == "change":
        return f"{z.text} is an average annual growth rate (年均) but “{e.text}” reads as a one-off change"
    if z.direction and e.direction and z.direction != e.direction:
        said = {1: "a rise", -1: "a fall"}
        return f"{z.text} is {said[z.direction]} in Chinese but {said[e.direction]} in English ({e.text})"
    if z.bound != e.bound and not (z.approx or e.approx):
        if z.bound:
            return f"{z.text} is a lower bound (超过/余/多) in Chinese; the English {e.text} drops “more than”"
        return f"{e.text} is a lower bound in English (“more than”/“over”) but {z.text} is exact in Chinese"
    return None


def cross_findings(zh: list[Quantity], en: list[Quantity], flagged: set[int]) -> Iterator[tuple[str, str]]:
    """``(lang, message)`` for quantities that do not pair up; ``flagged``: ids already reported."""
    en_left = list(en)
    zh_left = []
    for z in zh:
        same = [e for e in en_left if _same(z, e)]
        if not same:
            zh_left.append(z)
            continue
        agreeing = [e for e in same if _disagreement(z, e) is None]
        match = agreeing[0] if agreeing else same[0]
        en_left.remove(match)
        if not agreeing and id(z) not in flagged and id(match) not in flagged:
            yield "en", _disagreement(z, match) or ""
    for z in [q for q in zh_left if must_match(q, "zh")]:
        near = _nearest(z, en_left) or _nearest(z, en)
        if near in en_left:
            en_left.remove(near)
        if id(z) in flagged or (near is not None and id(near) in flagged):
            continue
        hint = f" (nearest: {near.text})" if near else ""
        if near and _same(z, near):
            times = {"zh": sum(_same(z, x) for x in zh), "en": sum(_same(z, x) for x in en)}
            hint = f" (written {times['zh']} times in Chinese, {times['en']} in English)"
        yield "en", f"{z.text} ({z.plain()}) in Chinese has no match in English{hint}"
    for e in [q for q in en_left if must_match(q, "en")]:
        near = _nearest(e, zh)
        if id(e) in flagged or (near is not None and id(near) in flagged):
            continue  # the Chinese side of it failed its own arithmetic: that line is named
        hint = f" (nearest: {near.text})" if near else ""
        yield "en", f"{e.text} ({e.plain()}) in English has no match in Chinese{hint}"


def _nearest(q: Quantity, candidates: list[Quantity]) -> Quantity | None:
    same = [c for c in candidates if c.kind == q.kind]
    return min(same, key=lambda c: distance(q.value, c.value), default=None)


def check_pair(zh: str, en: str) -> list[tuple[str, str]]:
    """Every finding for one bilingual text: ``(lang of the wrong line, message)``."""
    out: list[tuple[str, str]] = []
    parsed = {lang: parse(text, lang) for lang, text in (("zh", zh), ("en", en))}
    flagged: set[int] = set()
    for lang, text in (("zh", zh), ("en", en)):
        by_start = {q.start: q for q in parsed[lang]}
        for q, message in internal_findings(text, lang):
            out.append((lang, message))
            if q.start in by_start:
                flagged.add(id(by_start[q.start]))
    out += list(cross_findings(parsed["zh"], parsed["en"], flagged))
    return out
