"""How a figure reads in each language: the one place that knows 674亿元 is CNY 67.4 billion.

A figure is stored once, in base units, with a unit from the registry
(:mod:`reportgen.content.units`) and a *kind* (level, change, share, growth, multiple, threshold,
range, target). Every text, table cell, key figure and chart label is formatted from it here, so
the Chinese and English cannot disagree. Numbers, scales and rounding are
:mod:`reportgen.content.numberformat`.

Entry points (other stages call these; each returns a :class:`~reportgen.model.Text` or a string):

* :func:`figure_text` — a figure as a table cell or key figure shows it: the amount, signs kept
  (``+9.5%`` for a change, ``年均9.5% / 9.5% a year`` for a growth rate, ``（目标） / (target)``);
* :func:`chart_label` — the same, short (``CNY 67.4 bn``), for chart value labels;
* :func:`unit_label` — the unit as an axis or legend names it (``元 / CNY``, ``平方公里 / km²``);
* :func:`phrase` — a figure inside a sentence, worded for its kind: ``下降46.1% / fell by 46.1%``,
  ``年均增长9.5% / up 9.5% a year``, ``占全区GDP的41% / 41% of the district's GDP``,
  ``超过50亿元 / more than CNY 5 billion`` (what ``{name}`` in a paragraph becomes);
* :func:`format_zh` / :func:`format_en` — the bare amount (what ``{name:value}`` becomes;
  ``{name:abs}`` is the same without its sign, kept for content written before kinds existed);
* :func:`change_text` — the change between a start and an end figure (+104.9%, +6个百分点).

Every function takes an optional :class:`NumberStyle` (a default scale for figures that choose none);
the theme's ``numbers: {scale: …}`` reaches the figures through :func:`with_default_scale` in compose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from reportgen.content import numberformat as nf
from reportgen.content.numberformat import MINUS, NBSP
from reportgen.content.schema import Figure
from reportgen.content.units import Unit, resolve
from reportgen.model import Lang, Text

__all__ = [
    "MINUS",
    "NBSP",
    "NumberStyle",
    "change_text",
    "chart_label",
    "figure_text",
    "fill",
    "format_en",
    "format_figure",
    "format_zh",
    "phrase",
    "unit_label",
]


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """Defaults for figures that do not set their own: the theme's ``numbers: {scale: {zh, en}}``."""

    zh_scale: str = "auto"
    en_scale: str = "auto"


DEFAULT_STYLE = NumberStyle()


def with_default_scale(content, zh: str = "auto", en: str = "auto"):
    """``content`` with the theme's default scale given to every figure and series that sets none.

    Done once, before composing, so every text, cell and chart label formatted later reads the
    same figure the same way without being handed the theme.
    """
    from reportgen.content.schema import Scale

    if (zh, en) == ("auto", "auto"):
        return content

    def scaled(item):
        own = item.scale or Scale()
        scale = Scale(zh=own.zh if own.zh != "auto" else zh, en=own.en if own.en != "auto" else en)
        return item.model_copy(update={"scale": scale})

    return content.model_copy(
        update={
            "figures": {name: scaled(fig) for name, fig in content.figures.items()},
            "series": {name: scaled(s) for name, s in content.series.items()},
        }
    )


# Chinese verbs for a rise / a fall, by unit kind (a rate grows, an amount increases).
ZH_RISE_FALL = {"percent": ("增长", "下降"), "pp": ("提高", "下降")}
ZH_RISE_FALL_AMOUNT = ("增加", "减少")


def _unit(fig: Figure) -> Unit:
    return resolve(fig.unit)


def _scales(fig: Figure, style: NumberStyle | None) -> tuple[str, str]:
    style = style or DEFAULT_STYLE
    zh = fig.scale.zh if fig.scale and fig.scale.zh != "auto" else style.zh_scale
    en = fig.scale.en if fig.scale and fig.scale.en != "auto" else style.en_scale
    return zh, en


def _precision(fig: Figure) -> dict:
    p = fig.precision
    return {"decimals": p.decimals, "digits": p.digits} if p else {}


def _over(fig: Figure) -> str:
    return fig.over or ("超过" if fig.kind == "threshold" else "")


def _zh_one(fig: Figure, x: Decimal, unit: Unit, scale: str) -> tuple[str, str]:
    return nf.zh_number(x, unit, scale, **_precision(fig))


def format_zh(fig: Figure, *, absolute: bool = False, style: NumberStyle | None = None) -> str:
    """The amount in Chinese: 674亿元, −46.1%, 350余座, 超过50亿元, 30亿～50亿元, 2.1:41.3:56.6."""
    unit = _unit(fig)
    if isinstance(fig.value, list):
        return ":".join(nf.shown(nf.decimal_of(abs(v)), **_precision(fig)) for v in fig.value)
    scale, _ = _scales(fig, style)
    value = nf.decimal_of(fig.value)
    sign = MINUS if value < 0 and not absolute else ""
    number, mag = _zh_one(fig, abs(value), unit, scale)
    over = _over(fig)
    if fig.kind == "range":
        top, top_mag = _zh_one(fig, abs(nf.decimal_of(fig.to)), unit, scale)
        word = fig.measure if (fig.measure and unit.kind == "count") else unit.zh
        return f"{sign}{number}{mag}～{top}{top_mag}{word}"
    text = nf.zh_amount(number, mag, unit, measure=fig.measure, over=over)
    if over == "超过":
        return f"超过{sign}{text}"
    if over == "以上":
        return f"{sign}{text}以上"
    return sign + text


def format_en(fig: Figure, *, absolute: bool = False, short: bool = False, style: NumberStyle | None = None) -> str:
    """The amount in English: CNY 67.4 billion, −46.1%, more than 350, CNY 3–5 billion, 1,850 km²."""
    unit = _unit(fig)
    if isinstance(fig.value, list):
        return ":".join(nf.shown(nf.decimal_of(abs(v)), **_precision(fig)) for v in fig.value)
    _, scale = _scales(fig, style)
    value = nf.decimal_of(fig.value)
    sign = MINUS if value < 0 and not absolute else ""
    x = abs(value)
    if fig.kind == "range":
        top = abs(nf.decimal_of(fig.to))
        mag = nf.en_magnitude(max(x, top), scale) if unit.scale else ""
        low, _ = nf.en_number(x, unit, mag or "none", **_precision(fig))
        high, _ = nf.en_number(top, unit, mag or "none", **_precision(fig))
        return sign + nf.en_amount(f"{low}–{high}", mag, unit, short=short)
    number, mag = nf.en_number(x, unit, scale, **_precision(fig))
    over = f"{fig.over_en} " if _over(fig) else ""
    return f"{over}{sign}{nf.en_amount(number, mag, unit, short=short)}"


def format_figure(fig: Figure, lang: Lang, *, absolute: bool = False, style: NumberStyle | None = None) -> str:
    return (
        format_zh(fig, absolute=absolute, style=style)
        if lang == "zh"
        else format_en(fig, absolute=absolute, style=style)
    )


def _signed(text: str, fig: Figure) -> str:
    """A change or growth rate keeps its sign in a cell: +9.5% beside −46.1%."""
    return (
        text
        if isinstance(fig.value, list) or fig.value < 0 or text.startswith(("超过", "more", "over"))
        else "+" + text
    )


def cell(fig: Figure, lang: Lang, *, short: bool = False, style: NumberStyle | None = None) -> str:
    """A figure as a table cell, key figure or chart label shows it (the label beside it names it)."""
    amount = format_zh(fig, style=style) if lang == "zh" else format_en(fig, short=short, style=style)
    if fig.kind == "change":
        return _signed(amount, fig)
    if fig.kind == "growth":
        signed = _signed(amount, fig)
        return f"年均{signed}" if lang == "zh" else f"{signed}{NBSP}a{NBSP}year"
    if fig.kind == "target" and not short:
        return f"{amount}（目标）" if lang == "zh" else f"{amount} (target)"
    return amount


def phrase(fig: Figure, lang: Lang, *, style: NumberStyle | None = None) -> str:
    """A figure inside a sentence, worded for its kind (what ``{name}`` in a paragraph becomes)."""
    if fig.kind not in ("change", "growth", "share"):
        return format_figure(fig, lang, style=style)
    amount = format_figure(fig, lang, absolute=True, style=style)
    if fig.kind == "share":
        return f"占{fig.of.zh}的{amount}" if lang == "zh" else f"{amount} of {fig.of.en}"
    value = fig.value if not isinstance(fig.value, list) else 0
    if fig.kind == "growth":
        if lang == "zh":
            return f"年均{'下降' if value < 0 else '增长'}{amount}"
        return f"{'down' if value < 0 else 'up'} {amount} a year"
    if value == 0:
        return "持平" if lang == "zh" else "was unchanged"
    if lang == "zh":
        rise, fall = ZH_RISE_FALL.get(_unit(fig).kind, ZH_RISE_FALL_AMOUNT)
        return (fall if value < 0 else rise) + amount
    return f"{'fell' if value < 0 else 'rose'} by {amount}"


def figure_text(fig: Figure, *, absolute: bool = False, style: NumberStyle | None = None) -> Text:
    """Table cells and key figures: the amount, signs kept (``absolute`` drops them, for old templates)."""
    if absolute:
        return Text(zh=format_zh(fig, absolute=True, style=style), en=format_en(fig, absolute=True, style=style))
    return Text(zh=cell(fig, "zh", style=style), en=cell(fig, "en", style=style))


def chart_label(fig: Figure, *, style: NumberStyle | None = None) -> Text:
    """Data labels are short: 674亿元 / CNY 67.4 bn; a count is just its number in English."""
    return Text(zh=cell(fig, "zh", short=True, style=style), en=cell(fig, "en", short=True, style=style))


def unit_label(fig: Figure) -> Text:
    """The unit as an axis or legend would name it."""
    unit = _unit(fig)
    zh, en = unit.label
    if unit.kind == "count" and fig.measure:
        zh = fig.measure
    return Text(zh=zh, en=en)


def change_text(start: Figure, end: Figure) -> Text:
    """The change between two figures of one unit: +104.9% for amounts, +6.3 pp for percents."""
    if _unit(start).kind == "percent":
        delta = nf.decimal_of(end.value) - nf.decimal_of(start.value)
        sign = "+" if delta >= 0 else MINUS
        size = nf.shown(abs(delta), decimals=1).rstrip("0").rstrip(".")
        return Text(zh=f"{sign}{size}个百分点", en=f"{sign}{size}{NBSP}pp")
    if start.value == 0:
        return Text(zh="—", en="—")
    pct = (nf.decimal_of(end.value) / nf.decimal_of(start.value) - 1) * 100
    sign = "+" if pct >= 0 else MINUS
    size = nf.shown(abs(pct), decimals=1).rstrip("0").rstrip(".")
    return Text(zh=f"{sign}{size}%", en=f"{sign}{size}%")


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


# `{name}`, `{name:abs}` or `{name:value}` in paragraph text; `{{` and `}}` stand for literal braces.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::(abs|value))?\}")


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    absolute: bool
    form: str = ""  # "", "abs" or "value"


def placeholders(text: str) -> list[Placeholder]:
    return [
        Placeholder(m.group(1), m.group(2) == "abs", m.group(2) or "") for m in PLACEHOLDER.finditer(text) if m.group(1)
    ]


def substitute(text: str, lookup: Callable[[str, str], str]) -> str:
    def repl(m: re.Match[str]) -> str:
        if m.group(0) in ("{{", "}}"):
            return m.group(0)[0]
        return lookup(m.group(1), m.group(2) or "")

    return PLACEHOLDER.sub(repl, text)


def fill(text: str, lang: Lang, figures: dict[str, Figure], style: NumberStyle | None = None) -> str:
    """Replace placeholders in ``text`` by the figures worded for ``lang``.

    ``{name}`` is the figure as a sentence words it (:func:`phrase`); ``{name:value}`` the bare
    signed amount; ``{name:abs}`` the amount without its sign (the direction said in words).
    """

    def lookup(name: str, form: str) -> str:
        fig = figures[name]
        if form == "":
            return phrase(fig, lang, style=style)
        return format_figure(fig, lang, absolute=form == "abs", style=style)

    return substitute(text, lookup)
