"""The document model: what compose produces and every writer consumes.

Input: nothing (plain data built by :mod:`reportgen.compose` or by hand in tests).
Output: a :class:`Document` — metadata plus a flat tuple of blocks.

The set of blocks is small and fixed on purpose: a writer handles each kind once, so a new
output format is one new module. Nothing here knows about python-docx or ReportLab; every
value is plain text, numbers or a path. All text a reader sees is a bilingual :class:`Text`;
the writer (and the layout) decide which language(s) to show and in what order.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Union

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of reader-facing text in both languages."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


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
    title: Text
    subtitle: Text | None
    dateline: Text
    issuer: Text | None
    logo: Path | None = None  # an absolute, already validated image path (PNG)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1..3
    text: Text
    anchor: str  # unique id, used for links and bookmarks


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Text


@dataclass(frozen=True, slots=True)
class KeyFigure:
    value: Text  # formatted for each language: "674亿元" / "CNY 67.4 billion"
    label: Text


@dataclass(frozen=True, slots=True)
class KeyFigures:
    title: Text
    items: tuple[KeyFigure, ...]


@dataclass(frozen=True, slots=True)
class Column:
    header: Text
    numeric: bool = False  # numeric columns are right-aligned


@dataclass(frozen=True, slots=True)
class Table:
    caption: Text  # without the number; writers number tables ("表1" / "Table 1")
    columns: tuple[Column, ...]
    rows: tuple[tuple[Text, ...], ...]
    note: Text | None = None  # source or explanatory note under the table


ChartKind = Literal["bar", "hbar", "grouped_bar", "line", "pct_change", "donut"]


@dataclass(frozen=True, slots=True)
class Series:
    """One row of values in a chart, with each value's label already formatted per language."""

    name: Text
    values: tuple[float, ...]
    labels: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """Everything needed to draw one chart; resolved from the content's figures by compose.

    ``categories`` run along the category axis (bars, slices, line points); each series has
    one value per category. ``grouped_bar`` uses one series per period (e.g. 2015, 2020).
    """

    kind: ChartKind
    title: Text
    categories: tuple[Text, ...]
    series: tuple[Series, ...]
    unit: Text  # the values' unit as an axis label would name it: "亿元" / "CNY billion"
    source: Text | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    spec: ChartSpec
    caption: Text  # without the number; writers number figures ("图1" / "Figure 1")
    alt: Text  # alternative text stating the data, for screen readers and DOCX descr


@dataclass(frozen=True, slots=True)
class TableOfContents:
    title: Text
    depth: int = 1  # heading levels listed: 1 lists level-1 headings only


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Union[  # noqa: UP007 (a runtime alias)
    Cover, Heading, Paragraph, KeyFigures, Table, Chart, TableOfContents, PageBreak
]
BLOCK_TYPES: tuple[type, ...] = (
    Cover,
    Heading,
    Paragraph,
    KeyFigures,
    Table,
    Chart,
    TableOfContents,
    PageBreak,
)


@dataclass(frozen=True, slots=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]
