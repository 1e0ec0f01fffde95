"""Cross-checks pydantic cannot do field by field: every name used must exist, units must agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.charts import kinds as chart_kinds
from reportgen.content.quantities import placeholders
from reportgen.content.units import resolve
from reportgen.errors import InputError

if TYPE_CHECKING:
    from reportgen.content import LoadedContent


def check_references(loaded: LoadedContent) -> None:
    c = loaded.content
    figures = c.figures

    def need_figure(name: str, loc: list) -> None:
        if name not in figures:
            raise InputError(f"{loaded.where(loc)}: no figure named {name!r}")

    for fig_name, fig in figures.items():
        for end in ("start", "end"):
            other = getattr(fig, end)
            if other is not None:
                need_figure(other, ["figures", fig_name, end])
                if figures[other].kind != "level" or isinstance(figures[other].value, list):
                    raise InputError(f"{loaded.where(['figures', fig_name, end])}: {other!r} must be a level figure")

    for i, name in enumerate(c.key_figures):
        need_figure(name, ["key_figures", i])
    for i, row in enumerate(c.indicators):
        need_figure(row.end, ["indicators", i, "end"])
        if row.start is not None:
            need_figure(row.start, ["indicators", i, "start"])
            if resolve(figures[row.start].unit) != resolve(figures[row.end].unit):
                raise InputError(f"{loaded.where(['indicators', i])}: start and end figures have different units")

    for chart_id, chart in c.charts.items():
        if chart.series is not None:
            for i, name in enumerate(chart.series):
                if name not in c.series:
                    raise InputError(f"{loaded.where(['charts', chart_id, 'series', i])}: no series named {name!r}")
            units = {resolve(c.series[n].unit).name for n in chart.series}
            if chart_kinds.get(chart.type).mixed_units:
                continue  # each series on an axis of its own (bar_line: an amount and its rate)
        else:
            groups = chart.groups if chart.groups is not None else [chart.figures]
            field = "groups" if chart.groups is not None else "figures"
            for g, group in enumerate(groups):
                for i, name in enumerate(group):
                    pos = [g, i] if chart.groups is not None else [i]
                    need_figure(name, ["charts", chart_id, field, *pos])
            units = {resolve(figures[n].unit).name for group in groups for n in group}
            if chart.groups is not None:
                # Groups may differ in scale (each may get its own panel) but not within a group.
                units = {frozenset(resolve(figures[n].unit).name for n in group) for group in chart.groups}
                units = {u for u in units if len(u) > 1}
                if units:
                    raise InputError(f"{loaded.where(['charts', chart_id, 'groups'])}: a group mixes units")
                continue
        if len(units) > 1:
            raise InputError(
                f"{loaded.where(['charts', chart_id])}: chart mixes units ({', '.join(sorted(units))}); "
                "one chart draws one kind of quantity"
            )

    used_charts: dict[str, int] = {}
    for s, section in enumerate(c.sections):
        for i, chart_id in enumerate(section.charts):
            if chart_id not in c.charts:
                raise InputError(f"{loaded.where(['sections', s, 'charts', i])}: no chart named {chart_id!r}")
            if chart_id in used_charts:
                raise InputError(f"{loaded.where(['sections', s, 'charts', i])}: chart {chart_id!r} is placed twice")
            used_charts[chart_id] = s
    ids = [section.id for section in c.sections]
    for s, section in enumerate(c.sections):
        if ids.index(section.id) != s:
            raise InputError(f"{loaded.where(['sections', s, 'id'])}: duplicate section id {section.id!r}")

    paragraph_lists = [(["introduction", "paragraphs"], c.introduction.paragraphs)] if c.introduction else []
    paragraph_lists += [(["sections", s, "paragraphs"], sec.paragraphs) for s, sec in enumerate(c.sections)]
    for base, paragraphs in paragraph_lists:
        for p, text in enumerate(paragraphs):
            for lang in ("zh", "en"):
                for ph in placeholders(getattr(text, lang)):
                    if ph.name not in figures:
                        where = loaded.where([*base, p, lang])
                        raise InputError(f"{where}: text refers to unknown figure {{{ph.name}}}")
