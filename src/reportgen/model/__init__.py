"""The document model: what compose produces and every writer consumes.

Input: nothing (plain data built by :mod:`reportgen.compose` or by hand in tests).
Output: a :class:`Document` — metadata, a flat tuple of blocks and the footnotes.

Frozen dataclasses only: nothing here knows about python-docx or ReportLab; every value is
plain text, numbers, inline spans or a path. All text a reader sees is a bilingual
:class:`Text` (:mod:`reportgen.model.inline`: spans for emphasis, links, footnote marks...);
body blocks live in :mod:`reportgen.model.blocks`. The layout (:mod:`reportgen.layout`)
decides which language(s) each block shows, the caption and footnote numbers; writers
render those decisions. Each block class's docstring says what a writer must do with it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from reportgen.model.blocks import (
    Column,
    ColumnKind,
    Heading,
    Image,
    ItemList,
    ListItem,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Table,
)
from reportgen.model.inline import LANGS, Footnote, FootnoteRef, Inline, Lang, Span, Spans, Text, plain


@dataclass(frozen=True, slots=True)
class Meta:
    """Document properties written into the PDF info dictionary and DOCX core properties."""

    title: Text
    short_title: Text
    subject: Text
    author: Text
    keywords: Text  # comma-separated per language
    date: _dt.date


@dataclass(frozen=True, slots=True)
class Cover:
    """The title page: shown in both languages even in a one-language edition."""

    title: Text
    subtitle: Text | None
    dateline: Text
    issuer: Text | None
    logo: Path | None = None  # an absolute, already validated image path (PNG)


@dataclass(frozen=True, slots=True)
class KeyFigure:
    value: Text  # formatted for each language: "674亿元" / "CNY 67.4 billion"
    label: Text


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """A panel of headline numbers: each value large, its label under it."""

    title: Text
    items: tuple[KeyFigure, ...]


ChartKind = str  # a name in reportgen.charts.kinds.KINDS (the chart-kind registry)


@dataclass(frozen=True, slots=True)
class Series:
    """One row of values in a chart, with each value's label already formatted per language.

    A value of None is a missing observation: drawn as a gap, never as zero. ``unit`` is this
    series' own unit when it differs from the chart's (bar_line: the rate on the second axis).
    """

    name: Text
    values: tuple[float | None, ...]
    labels: tuple[Text, ...]
    unit: Text | None = None


@dataclass(frozen=True, slots=True)
class ValueAxis:
    """A value scale decided once, for every renderer (PNG/PDF drawing, native DOCX charts).

    ``ticks`` are values in base units from ``ticks[0]`` to ``ticks[-1]`` (the stated range),
    each labelled per language like the data (200亿元 / CNY 20 bn). ``zero`` says the range
    includes 0 (bars always do: a bar's length is its value).
    """

    ticks: tuple[float, ...]
    labels: tuple[Text, ...]
    unit: Text  # as an axis title names it: "亿元" / "CNY bn", "%" / "%"
    zh_scale_en: str  # the Chinese ticks' unit in English ("CNY 100 million"): bilingual axes
    zero: bool = True


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """Everything needed to draw one chart; resolved from the content's figures by compose.

    ``categories`` run along the category axis (bars, slices, line points); each series has
    one value per category. ``grouped_bar`` uses one series per period (e.g. 2015, 2020);
    ``stacked_bar`` one series per part, stacked in each period; ``bar_line`` an amount
    series (bars, first axis) and a rate series (line, second axis).

    ``axes``: the value scales (first axis, then bar_line's second axis). A grouped_bar whose
    indicators have different units has one axis per category (a panel each, titled with its
    unit), and ``category_units`` names each category's unit; otherwise it is empty.
    """

    kind: ChartKind
    title: Text
    categories: tuple[Text, ...]
    series: tuple[Series, ...]
    unit: Text  # the values' unit as an axis label would name it: "亿元" / "CNY billion"
    source: Text | None = None
    axes: tuple[ValueAxis, ...] = ()
    category_units: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart drawn from ``spec``, full text width, numbered caption under it (layout's label).

    Charts and images share the figure count ("图1" / "Figure 1").
    """

    id: str
    spec: ChartSpec
    caption: Text  # without the number; the layout numbers it
    alt: Text  # alternative text stating the data, for screen readers and DOCX descr


@dataclass(frozen=True, slots=True)
class TableOfContents:
    """The contents: one entry per heading of level ≤ ``depth``, with its page, linked."""

    title: Text
    depth: int = 1  # heading levels listed: 1 lists level-1 headings only


Block = Union[  # noqa: UP007 (a runtime alias)
    Cover,
    Heading,
    Paragraph,
    KeyFigures,
    Table,
    Chart,
    TableOfContents,
    PageBreak,
    ItemList,
    Image,
    Quote,
    Note,
]


@dataclass(frozen=True, slots=True)
class Document:
    """What compose produces; ``footnotes`` holds every footnote a text references by id."""

    meta: Meta
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()

    def footnote(self, footnote_id: str) -> Footnote:
        for note in self.footnotes:
            if note.id == footnote_id:
                return note
        raise KeyError(footnote_id)


__all__ = [
    "LANGS",
    "Block",
    "Chart",
    "ChartKind",
    "ChartSpec",
    "Column",
    "ColumnKind",
    "Cover",
    "Document",
    "Footnote",
    "FootnoteRef",
    "Heading",
    "Image",
    "Inline",
    "ItemList",
    "KeyFigure",
    "KeyFigures",
    "Lang",
    "ListItem",
    "Meta",
    "Note",
    "PageBreak",
    "Paragraph",
    "Quote",
    "Series",
    "Span",
    "Spans",
    "Table",
    "TableOfContents",
    "Text",
    "plain",
]
