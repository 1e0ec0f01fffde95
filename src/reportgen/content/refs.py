"""Cross-checks pydantic cannot do field by field: every name used must exist, units must agree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import BaseModel

from reportgen.charts import kinds as chart_kinds
from reportgen.content.basics import BiText
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
        if chart.type == "donut" and chart.figures:
            _check_donut(loaded, chart_id, chart.figures)
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

    used_charts: set[str] = set()
    ids: set[str] = set()
    for loc, section in all_sections(c):
        if section.id in ids:
            raise InputError(f"{loaded.where([*loc, 'id'])}: duplicate section id {section.id!r}")
        ids.add(section.id)
        for b, block in enumerate(section.blocks):
            if block.type != "chart":
                continue
            if block.chart not in c.charts:
                raise InputError(f"{loaded.where([*loc, 'blocks', b, 'chart'])}: no chart named {block.chart!r}")
            if block.chart in used_charts:
                where = loaded.where([*loc, "blocks", b, "chart"])
                raise InputError(f"{where}: chart {block.chart!r} is placed twice")
            used_charts.add(block.chart)

    for loc, text in section_texts(c):
        for lang in ("zh", "en"):
            for ph in placeholders(getattr(text, lang)):
                if ph.name not in figures:
                    raise InputError(f"{loaded.where([*loc, lang])}: text refers to unknown figure {{{ph.name}}}")


def section_texts(content) -> Iterator[tuple[list, BiText]]:
    """Every reader-facing text of the sections (headings and every block's texts, at every
    level) and the footnotes, with its field path — found from the schema models' fields, so a
    new block kind needs no entry here."""
    for loc, section in all_sections(content):
        yield [*loc, "heading"], section.heading
        yield from bitexts(section.blocks, [*loc, "blocks"])
    for name, text in content.footnotes.items():
        yield ["footnotes", name], text


def bitexts(node: object, loc: list) -> Iterator[tuple[list, BiText]]:
    """Each BiText inside ``node`` (a schema model, or a list of them), depth first."""
    if isinstance(node, BiText):
        yield loc, node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from bitexts(getattr(node, name), [*loc, name])
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from bitexts(item, [*loc, i])


def all_sections(content) -> Iterator[tuple[list, object]]:
    """Every section at every level with its field path, in reading order."""

    def walk(section, loc: list):
        yield loc, section
        for i, sub in enumerate(section.sections):
            yield from walk(sub, [*loc, "sections", i])

    if content.introduction:
        yield from walk(content.introduction, ["introduction"])
    for key in ("sections", "appendices"):
        for i, section in enumerate(getattr(content, key)):
            yield from walk(section, [key, i])


def _check_donut(loaded: LoadedContent, chart_id: str, names: list[str]) -> None:
    """A donut shows shares of a whole: no negative part, and a whole greater than zero."""
    figures = loaded.content.figures
    values = []
    for i, name in enumerate(names):
        value = getattr(figures.get(name), "value", None)
        if isinstance(value, int | float):
            if value < 0:
                raise InputError(
                    f"{loaded.where(['charts', chart_id, 'figures', i])}: a donut cannot show the negative value "
                    f"of {name!r} ({value:g})"
                )
            values.append(value)
    if values and sum(values) <= 0:
        raise InputError(
            f"{loaded.where(['charts', chart_id, 'figures'])}: a donut's values must add up to more than 0"
        )
