"""Charts in compose: a content chart (kind + names of figures/series) -> a model :class:`Chart`.

Input: the loaded content and one ``charts:`` entry.
Output: a :class:`Chart` whose :class:`ChartSpec` holds the data, every value's label in both
languages (formatted by :mod:`reportgen.content.quantities`), the value axes with their stated
ranges, and alt text that states the data in sentences.

Which content field holds a kind's data, and what each kind accepts, come from the chart-kind
registry (:mod:`reportgen.charts.kinds`): a new kind needs nothing here. A chart a kind cannot
draw readably is an input error naming the chart's field and the reason.
"""

from __future__ import annotations

from reportgen.charts import kinds
from reportgen.charts.axes import with_axes
from reportgen.content import numberformat as nf
from reportgen.content.quantities import MINUS, chart_label, unit_label
from reportgen.content.schema import BiText, ChartIn, Figure
from reportgen.content.units import resolve
from reportgen.errors import InputError
from reportgen.model import Chart, ChartSpec, Series, Text

NO_DATA = Text(zh="无数据", en="no data")


def _text(value: BiText) -> Text:
    return Text(zh=value.zh, en=value.en)


def resolve_chart(loaded, chart_id: str, chart: ChartIn) -> Chart:
    content = loaded.content
    info = kinds.get(chart.type)
    where = loaded.where(["charts", chart_id, info.data])
    if info.data == "series":
        categories, series, units = _from_series(content, chart, where, info.name)
    elif info.data == "groups":
        categories, series, units = _from_groups(content, chart, where)
    else:
        categories, series, units = _from_figures(content, chart, where)
    source = chart.source or content.meta.source
    panel_units = tuple(unit_label(u) for u in units) if info.data == "groups" else ()
    spec = ChartSpec(
        kind=chart.type,
        title=_text(chart.title),
        categories=categories,
        series=series,
        unit=unit_label(units[0]),
        source=_text(source) if source else None,
        category_units=panel_units if len(set(panel_units)) > 1 else (),
    )
    reason = kinds.problem(spec)
    if reason:
        raise InputError(f"{loaded.where(['charts', chart_id])}: {reason}")
    samples = {unit_label(u): u for u in units}
    spec = with_axes(spec, lambda ticks, unit: tick_labels(ticks, samples[unit]))
    return Chart(id=chart_id, spec=spec, caption=_text(chart.title), alt=alt_text(spec))


def _from_figures(content, chart: ChartIn, where: str):
    figs = [content.figures[n] for n in chart.figures]
    ratios = [n for n, f in zip(chart.figures, figs, strict=True) if isinstance(f.value, list)]
    if ratios:
        raise InputError(f"{where}: {ratios[0]} is a ratio (several values): chart its parts as figures")
    if len({f.unit for f in figs}) > 1:
        raise InputError(f"{where}: the figures have different units ({', '.join(sorted({f.unit for f in figs}))})")
    series = Series(
        name=_text(chart.title), values=tuple(f.value for f in figs), labels=tuple(chart_label(f) for f in figs)
    )
    return _categories(figs), (series,), figs


def _categories(figs: list[Figure]) -> tuple[Text, ...]:
    """Each bar's name: the figure's label, or what tells figures apart when labels repeat.

    Figures of one measure over time share a label ("Visitors" in 2023 and 2024): then the
    period alone names each bar, or label and period together when only some labels repeat.
    """
    labels = [_text(f.label) for f in figs]
    if len(set(labels)) == len(labels):
        return tuple(labels)
    periods = [f.period for f in figs]
    if len(set(labels)) == 1 and all(periods) and len(set(periods)) == len(periods):
        return tuple(_period(p) for p in periods)
    return tuple(
        Text(zh=f"{t.zh}（{_period(p).zh}）", en=f"{t.en} ({p})") if p and labels.count(t) > 1 else t
        for t, p in zip(labels, periods, strict=True)
    )


def _from_groups(content, chart: ChartIn, where: str):
    groups = [[content.figures[n] for n in group] for group in chart.groups]
    for group in groups:
        if len({g.unit for g in group}) > 1:
            raise InputError(f"{where}: the figures of group {group[0].label.en!r} have different units")
    series = []
    for k, first in enumerate(groups[0]):
        series.append(
            Series(
                name=_period(first.period),
                values=tuple(g[k].value for g in groups),
                labels=tuple(chart_label(g[k]) for g in groups),
            )
        )
    return tuple(_text(g[0].label) for g in groups), tuple(series), [g[0] for g in groups]


def _period(period: str) -> Text:
    return Text(zh=f"{period}年" if period.isdigit() else period, en=period)


def _from_series(content, chart: ChartIn, where: str, kind: str):
    data = [content.series[name] for name in chart.series]
    periods = [p.period for p in data[0].points]
    for s in data[1:]:
        if [p.period for p in s.points] != periods:
            raise InputError(f"{where}: the series cover different periods (give every series the same periods)")
    own_unit = kind == "bar_line"  # its second series is a rate on an axis of its own
    if not own_unit and len({(s.unit, s.measure if s.unit == "count" else "") for s in data}) > 1:
        raise InputError(f"{where}: the series have different units (a bar_line chart shows an amount and a rate)")
    series, samples = [], []
    for k, s in enumerate(data):
        figs = [_point_figure(s, p.period, p.value) for p in s.points]
        sample = next((f for f in figs if f is not None), None) or _point_figure(s, periods[0], 0.0)
        samples.append(sample)
        series.append(
            Series(
                name=_text(s.label),
                values=tuple(p.value for p in s.points),
                labels=tuple(chart_label(f) if f is not None else NO_DATA for f in figs),
                unit=unit_label(sample) if own_unit and k > 0 else None,
            )
        )
    return tuple(_period(p) for p in periods), tuple(series), samples


def _point_figure(s, period: str, value: float | None) -> Figure | None:
    """A series point as a Figure, so it formats like any other figure (None when missing)."""
    if value is None:
        return None
    return Figure(
        label=s.label,
        value=value,
        unit=s.unit,
        measure=s.measure,
        scale=s.scale,
        precision=s.precision,
        period=period,
    )


# --- axis ticks ------------------------------------------------------------------------------

_ZH_SCALE_EN = {"万亿": "trillion", "亿": "100 million", "万": "10,000", "": ""}


def tick_labels(ticks: tuple[float, ...], fig: Figure) -> tuple[tuple[Text, ...], Text, str]:
    """Tick numbers at one magnitude per language, the unit (with that magnitude) as the title.

    The magnitude is the one the largest tick would be written in by the units' own rules
    (:mod:`reportgen.content.numberformat`: 万/亿 in Chinese, million/billion in English), so 600
    on a "亿元" axis is 60 on a "CNY bn" one. The third value names the Chinese scale in English,
    for a bilingual axis that counts in it ("CNY 100 million").
    """
    unit = resolve(fig.unit)
    top = nf.decimal_of(max(abs(t) for t in ticks))
    zh_mag = nf.zh_magnitude(top, "auto") if unit.scale else ""
    en_mag = nf.en_magnitude(top, "auto") if unit.scale else ""
    zh_power, en_power = nf.ZH_SCALES.get(zh_mag, 0), nf.EN_SCALES.get(en_mag, 0)

    def number(t: float, power: int, group: bool) -> str:
        d = nf.decimal_of(t)
        text = nf.shown(abs(d).scaleb(-power))
        return ("" if d >= 0 or text == "0" else MINUS) + (nf.grouped(text) if group else text)

    labels = tuple(Text(zh=number(t, zh_power, False), en=number(t, en_power, True)) for t in ticks)
    zh_word, en_word = unit_label(fig).zh, unit_label(fig).en
    if unit.kind == "currency":
        en_unit = f"{unit.en_before} {nf.EN_SHORT.get(en_mag, '')}".strip()
        zh_en = f"{unit.en_before} {_ZH_SCALE_EN[zh_mag]}".strip()
    else:
        en_unit = f"{en_mag} {en_word}".strip()
        zh_en = f"{_ZH_SCALE_EN[zh_mag]} {en_word}".strip()
    return labels, Text(zh=f"{zh_mag}{zh_word}", en=en_unit), zh_en


# --- alt text --------------------------------------------------------------------------------


def _join_zh(parts: list[str]) -> str:
    return "，".join(parts)


def _join_en(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def alt_text(spec: ChartSpec) -> Text:
    """Alternative text that states every value in sentences, in each language."""
    info = kinds.get(spec.kind)
    zh = [f"{info.zh}“{spec.title.zh}”。"]
    en = [f"{info.en[0].upper()}{info.en[1:]}: “{spec.title.en}”."]
    if info.data == "series":
        for s in spec.series:
            zh_parts = [
                f"{c.zh}{'无数据' if v is None else '为' + lab.zh}"
                for c, v, lab in zip(spec.categories, s.values, s.labels, strict=True)
            ]
            en_parts = [
                f"no data for {c.en}" if v is None else f"{lab.en} in {c.en}"
                for c, v, lab in zip(spec.categories, s.values, s.labels, strict=True)
            ]
            zh.append(f"{s.name.zh}：{_join_zh(zh_parts)}。")
            en.append(f"{s.name.en} was {_join_en(en_parts)}.")
    elif info.data == "groups":
        for i, c in enumerate(spec.categories):
            zh.append(f"{c.zh}：" + _join_zh([f"{s.name.zh}为{s.labels[i].zh}" for s in spec.series]) + "。")
            en.append(f"{c.en} was " + _join_en([f"{s.labels[i].en} in {s.name.en}" for s in spec.series]) + ".")
    else:
        s = spec.series[0]
        total = sum(v or 0.0 for v in s.values)
        share = info.name == "donut" and total > 0
        zh_parts, en_parts = [], []
        for c, v, lab in zip(spec.categories, s.values, s.labels, strict=True):
            pct = f"{(v or 0.0) / total * 100:.1f}%" if share else ""
            zh_parts.append(f"{c.zh}为{lab.zh}" + (f"，占{pct}" if pct and spec.unit.en != "%" else ""))
            en_parts.append(f"{c.en} was {lab.en}" + (f" ({pct} of the total)" if pct and spec.unit.en != "%" else ""))
        zh.append("；".join(zh_parts) + "。")
        en.append("; ".join(en_parts) + ".")
    return Text(zh="".join(zh), en=" ".join(en))
