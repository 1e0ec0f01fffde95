"""The lint rules, one small function each. Each yields ``(loc, message)`` pairs or ``(line, message)``.

* :func:`missing_translations` — on the raw parse, before the schema: a ``{zh, en}`` text with
  one side missing or blank.
* :func:`figure_mismatches` — a number in a paragraph's Chinese with no equal in its English,
  or the reverse, after placeholders are filled per language.
* :func:`typed_contradictions` — a typed (non-placeholder) amount of money or percentage right
  after a figure's label (地区生产总值…680亿元) that equals none of that label's figures.
* :func:`derived_claims` — 翻番 / doubled, ``是{B}的{T}`` / ``{T} that of {B}`` and percentage
  changes, recomputed from the figures they sit next to, in paragraphs and chart titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportgen.content import LoadedContent
from reportgen.content.quantities import MINUS, fill, format_en, format_zh, placeholders
from reportgen.content.refs import section_texts
from reportgen.content.schema import BiText, Figure
from reportgen.lint.numbers import (
    blank_placeholders,
    close,
    half_unit,
    parse,
    plain_number,
)
from reportgen.lint.pairs import check_pair

Loc = list[str | int]
LANG_NAME = {"zh": "Chinese", "en": "English"}
OTHER = {"zh": "en", "en": "zh"}


# -- 1. missing or empty translations -----------------------------------------------------------
def missing_translations(raw: object, loc: Loc | None = None) -> Iterator[tuple[Loc, Loc, str]]:
    """Every mapping with a ``zh`` or ``en`` key is a bilingual text: both must be there and non-blank.

    Yields ``(loc_of_the_line, loc_of_the_text, message)``: the line is the mapping's when a side is
    missing, the key's when it is empty.
    """
    loc = loc or []
    if isinstance(raw, dict):  # ruamel's CommentedMap is a dict too
        if "zh" in raw or "en" in raw:
            for lang in ("zh", "en"):
                name = LANG_NAME[lang]
                if lang not in raw:
                    yield loc, loc, f"{name} text missing"
                elif raw[lang] is None or (isinstance(raw[lang], str) and not raw[lang].strip()):
                    yield [*loc, lang], loc, f"{name} text empty"
        for key, value in raw.items():
            yield from missing_translations(value, [*loc, key])
    elif isinstance(raw, list):
        for i, value in enumerate(raw):
            yield from missing_translations(value, [*loc, i])


def paragraphs(loaded: LoadedContent) -> Iterator[tuple[Loc, BiText]]:
    """Every reader-facing text of the sections (headings, paragraphs, list items, table cells,
    captions, quotes, notes at every level) and the footnotes, with its field path."""
    return section_texts(loaded.content)


# -- 2. a figure that differs between the two languages, or whose arithmetic fails ---------------
def figure_mismatches(loaded: LoadedContent) -> Iterator[tuple[Loc, str]]:
    """Each paragraph's Chinese and English, placeholders filled, checked as a pair (lint.pairs):
    the same quantities in the same roles, and each language's own arithmetic right. The finding
    names the line of the language that is wrong."""
    figures = loaded.content.figures
    for loc, text in paragraphs(loaded):
        filled = {lang: fill(getattr(text, lang), lang, figures) for lang in ("zh", "en")}
        for lang, message in check_pair(filled["zh"], filled["en"]):
            yield [*loc, lang], message


# -- 3a. a typed number that contradicts the data -----------------------------------------------
_SENTENCE_END = {"zh": re.compile(r"[。！？；]"), "en": re.compile(r"[.!?;](?:\s|$)")}
CHECKED_TYPED = ("CNY", "USD", "percent")  # figure units whose names are also the quantity kinds


def _sentence_before(text: str, pos: int, lang: str) -> tuple[int, str]:
    """The start of the sentence holding ``pos``, and the text from there up to ``pos``."""
    start = 0
    for m in _SENTENCE_END[lang].finditer(text, 0, pos):
        start = m.end()
    return start, text[start:pos]


def _label_before(text: str, lang: str, figures: dict[str, Figure], kind: str) -> str | None:
    """The figure label (in ``lang``) that occurs last in ``text``, among figures of ``kind``."""
    best, best_pos = None, -1
    for fig in figures.values():
        if fig.unit != kind:
            continue
        label = getattr(fig.label, lang)
        pos = text.casefold().rfind(label.casefold())
        if pos > best_pos or (pos == best_pos and best is not None and len(label) > len(best)):
            best, best_pos = label, pos
    return best if best_pos >= 0 else None


def typed_contradictions(loaded: LoadedContent) -> Iterator[tuple[Loc, str]]:
    """A typed amount of money or percentage after a figure's label must be one of that label's values.

    ``地区生产总值从{gdp_2015}增长到680亿元`` → 680亿元 is not 329亿元 or 674亿元. Typed numbers with no
    figure label before them in their sentence are not judged (the data may simply not hold them).
    """
    figures = loaded.content.figures
    for loc, text in paragraphs(loaded):
        for lang in ("zh", "en"):
            raw = blank_placeholders(getattr(text, lang))
            for q in parse(raw, lang):
                if q.kind not in CHECKED_TYPED or q.bound or q.approx or q.role in ("share", "growth"):
                    continue  # a threshold (超过50亿元 / more than CNY 5 billion) is not that figure's value
                _, before = _sentence_before(raw, q.start, lang)
                label = _label_before(before, lang, figures, q.kind)
                if label is None:
                    continue
                same = {
                    name: fig
                    for name, fig in figures.items()
                    if getattr(fig.label, lang).casefold() == label.casefold() and fig.unit == q.kind
                }
                if any(close(q.value, Decimal(str(abs(f.value))), q.kind) for f in same.values()):
                    continue
                fmt = format_zh if lang == "zh" else format_en
                known = " or ".join(f"{fmt(f, absolute=True)} ({{{n}}})" for n, f in same.items())
                yield (
                    [*loc, lang],
                    f"typed {q.text} does not match the data: {label} is {known}; use the placeholder",
                )


# -- 3b. derived claims -------------------------------------------------------------------------
# Words that claim a ratio between an end and a start value: (regex, lowest ratio allowed, wording).
# 翻番 and "doubled" allow 5% below 2; "more than doubled" / 翻番以上 need the full 2.
CLAIMS: dict[str, tuple[tuple[str, Decimal, str], ...]] = {
    "zh": (
        (r"翻(?:了)?(?:一)?番以上|超过翻番|翻番有余", Decimal(2), "at least 2×"),
        (r"翻(?:了)?两番", Decimal("3.8"), "about 4×"),
        (r"翻(?:了)?(?:一)?番", Decimal("1.9"), "about 2×"),
    ),
    "en": (
        (r"more than doubled|more than double\b", Decimal(2), "at least 2×"),
        (r"more than tripled", Decimal(3), "at least 3×"),
        (r"quadrupled", Decimal("3.8"), "about 4×"),
        (r"tripled", Decimal("2.85"), "about 3×"),
        (r"doubled", Decimal("1.9"), "about 2×"),
    ),
}
_FALL_WORDS = ("降", "下降", "减少", "缩短", "压缩", "fall", "fell", "reduction", "decrease", "down", "cut")
_CHANGE_WORDS = ("降幅", "增幅", "增速", "增长率", "下降", "增长", "变化", "减少")


@dataclass(frozen=True)
class Pair:
    """A start and an end figure of one label and unit, earlier period first."""

    start: str
    end: str

    def ratio(self, figures: dict[str, Figure]) -> Decimal | None:
        a, b = Decimal(str(figures[self.start].value)), Decimal(str(figures[self.end].value))
        return b / a if a else None


def _claim(text: str, lang: str) -> tuple[str, Decimal, str] | None:
    for rx, lowest, wording in CLAIMS[lang]:
        m = re.search(rx, text)
        if m:
            return m.group(0), lowest, wording
    return None


def pairs_in(names: Sequence[str], figures: dict[str, Figure]) -> list[Pair]:
    """Start/end pairs among ``names``: figures sharing label and unit, with different periods."""
    groups: dict[tuple[str, str], list[str]] = {}
    for name in dict.fromkeys(names):
        fig = figures[name]
        if fig.unit not in ("percent", "times"):
            groups.setdefault((fig.label.zh, fig.unit), []).append(name)
    pairs = []
    for members in groups.values():
        by_period = sorted(members, key=lambda n: figures[n].period)
        if len(by_period) >= 2 and figures[by_period[0]].period != figures[by_period[-1]].period:
            pairs.append(Pair(by_period[0], by_period[-1]))
    return pairs


def _fmt_ratio(x: Decimal) -> str:
    return f"{x:.2f}×"


def check_ratio_claim(text: str, lang: str, pairs: list[Pair], figures: dict[str, Figure]) -> Iterator[str]:
    """翻番 / doubled in ``text``: every start/end pair must have grown by the claimed ratio."""
    claim = _claim(text, lang)
    if claim is None:
        return
    word, lowest, wording = claim
    for pair in pairs:
        ratio = pair.ratio(figures)
        if ratio is None or ratio >= lowest:
            continue
        start, end = figures[pair.start], figures[pair.end]
        fmt = format_zh if lang == "zh" else format_en
        yield (
            f"“{word}” claims {wording}, but {getattr(end.label, lang)} went from {fmt(start)} "
            f"({start.period}) to {fmt(end)} ({end.period}): {_fmt_ratio(ratio)}"
        )


_SENTENCE = {"zh": re.compile(r"[^。！？；]+"), "en": re.compile(r".+?(?:[.!?;](?=\s|$)|$)")}


def _related(change: Figure, pair_label: str) -> bool:
    """Is a percentage figure the change of this start/end pair? PM2.5降幅 belongs to PM2.5浓度."""
    stem = change.label.zh
    for word in _CHANGE_WORDS:
        stem = stem.replace(word, "")
    stem = stem.strip()
    return bool(stem) and (stem in pair_label or pair_label in change.label.zh)


def check_percent_changes(names: Sequence[str], used_abs: set[str], figures: dict[str, Figure]) -> Iterator[str]:
    """A percentage-change figure next to a start/end pair of its label must equal (end/start − 1)."""
    pairs = pairs_in(names, figures)
    for name in dict.fromkeys(names):
        fig = figures[name]
        if fig.unit != "percent":
            continue
        for pair in pairs:
            start, end = figures[pair.start], figures[pair.end]
            if not _related(fig, start.label.zh) or not start.value:
                continue
            change = (Decimal(str(end.value)) / Decimal(str(start.value)) - 1) * 100
            stated = Decimal(str(fig.value))
            falls = any(w in fig.label.zh or w in fig.label.en.lower() for w in _FALL_WORDS)
            if name in used_abs or falls:
                # Written as a size with the direction in words: compare sizes, and the direction.
                wrong_way = falls and change > 0
                off = abs(abs(stated) - abs(change)) > max(half_unit(stated), Decimal("0.05"))
            else:
                wrong_way = False
                off = abs(stated - change) > max(half_unit(stated), Decimal("0.05"))
            if off or wrong_way:
                yield (
                    f"{{{name}}} says {format_zh(fig)}, but {start.label.zh} went from {format_zh(start)} to "
                    f"{format_zh(end)}: {'+' if change >= 0 else MINUS}{abs(change):.1f}%"
                )


def derived_claims(loaded: LoadedContent) -> Iterator[tuple[Loc, str]]:
    """Ratios and changes a text states about figures, recomputed from the figures themselves."""
    figures = loaded.content.figures
    for loc, text in paragraphs(loaded):
        for lang in ("zh", "en"):
            raw = getattr(text, lang)
            for m in _SENTENCE[lang].finditer(raw):
                sentence = m.group(0)
                used = [ph.name for ph in placeholders(sentence) if ph.name in figures]
                used_abs = {ph.name for ph in placeholders(sentence) if ph.absolute}
                for message in check_ratio_claim(sentence, lang, pairs_in(used, figures), figures):
                    yield [*loc, lang], message
                for message in check_percent_changes(used, used_abs, figures):
                    yield [*loc, lang], message
    yield from chart_title_claims(loaded)
    yield from figure_kind_claims(loaded)


def _years_between(start: Figure, end: Figure) -> int | None:
    """Whole years from one figure's period to another's: "2015" -> "2020" is 5 (ranges: their last year)."""
    years = [re.findall(r"(?:19|20)\d\d", f.period) for f in (start, end)]
    if not all(years):
        return None
    span = int(years[1][-1]) - int(years[0][-1])
    return span if span > 0 else None


def figure_kind_claims(loaded: LoadedContent) -> Iterator[tuple[Loc, str]]:
    """A growth rate or multiple figure that names its ``start`` and ``end`` figures must be their arithmetic."""
    figures = loaded.content.figures
    for name, fig in figures.items():
        if fig.kind not in ("growth", "multiple") or not (fig.start and fig.end) or isinstance(fig.value, list):
            continue
        a, b = figures[fig.start], figures[fig.end]
        if not a.value or isinstance(a.value, list) or isinstance(b.value, list) or b.value / a.value <= 0:
            continue
        stated = Decimal(str(fig.value))
        if fig.kind == "multiple":
            actual = Decimal(str(b.value)) / Decimal(str(a.value))
            if abs(actual - stated) > max(half_unit(stated), Decimal("0.02") * abs(stated)):
                yield (
                    ["figures", name, "value"],
                    (
                        f"{{{name}}} = {plain_number(stated)} times, but {{{fig.end}}} / {{{fig.start}}} = "
                        f"{format_en(b)} / {format_en(a)} = {_fmt_ratio(actual)}"
                    ),
                )
            continue
        years = _years_between(a, b)
        if years is None:
            continue
        actual = (Decimal((b.value / a.value) ** (1 / years)) - 1) * 100
        if abs(actual - stated) > max(half_unit(stated) + Decimal("0.1"), Decimal("0.15")):
            yield (
                ["figures", name, "value"],
                (
                    f"{{{name}}} = {plain_number(stated)}% a year, but from {{{fig.start}}} ({a.period}) to "
                    f"{{{fig.end}}} ({b.period}) over {years} years is {actual:.1f}% a year"
                ),
            )


def chart_title_claims(loaded: LoadedContent) -> Iterator[tuple[Loc, str]]:
    """A chart title claiming 翻番 / doubled is checked against each group's (or series') start and end."""
    c = loaded.content
    figures = dict(c.figures)
    for chart_id, chart in c.charts.items():
        pairs: list[Pair] = []
        if chart.groups:
            pairs = [Pair(g[0], g[-1]) for g in chart.groups if len(g) >= 2 and g[0] in figures and g[-1] in figures]
        elif chart.series:
            for name in chart.series:
                s = c.series.get(name)
                if s is None:
                    continue
                given = [p for p in s.points if p.value is not None]  # null: a missing observation
                if len(given) < 2:
                    continue
                for point, key in ((given[0], f"{name}@start"), (given[-1], f"{name}@end")):
                    figures[key] = Figure(label=s.label, value=point.value, unit=s.unit, period=point.period)
                pairs.append(Pair(f"{name}@start", f"{name}@end"))
        for lang in ("zh", "en"):
            for message in check_ratio_claim(getattr(chart.title, lang), lang, pairs, figures):
                yield ["charts", chart_id, "title", lang], message
