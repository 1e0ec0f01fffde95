"""The content schema: what a briefing's YAML/JSON may say, checked by pydantic.

Unknown fields are errors (``extra="forbid"``) so a typo such as ``paragraps`` is caught
instead of silently dropping a section. Every reader-facing text is bilingual. Figures are
numbers in base units (yuan, not 亿元) with a unit and a period; how they read in each
language is decided in :mod:`reportgen.content.quantities`, never typed in twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, model_validator

from reportgen.charts import kinds as chart_kinds
from reportgen.content.basics import BiText, Finite, Name, NonEmpty, Strict
from reportgen.content.blocks import BlockIn
from reportgen.content.units import check as check_unit


def _period_as_text(value: object) -> object:
    # `period: 2015` in YAML is an int; a period is a label, so accept and keep it as text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# A period is a short label ("2020", "2016–2020"): it sits in table cells and chart axes.
Period = Annotated[NonEmpty, StringConstraints(max_length=40), BeforeValidator(_period_as_text)]
# Any unit the registry knows (reportgen.content.units): ISO 4217 currencies, CLDR units, units.yaml.
Unit = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(check_unit)]
ZhScale = Literal["auto", "none", "万", "亿", "万亿"]
EnScale = Literal["auto", "none", "thousand", "million", "billion", "trillion"]
Kind = Literal["level", "change", "share", "growth", "multiple", "threshold", "range", "target"]


class Meta(Strict):
    title: BiText
    subtitle: BiText | None = None
    short_title: BiText
    issuer: BiText | None = None
    author: BiText
    source: BiText | None = None
    date: dt.date
    keywords: BiText


class Scale(Strict):
    """Which magnitude a number is written in: 亿 / billion, or ``auto`` (the largest that gives ≥ 1)."""

    zh: ZhScale = "auto"
    en: EnScale = "auto"


class Precision(Strict):
    """How many digits are shown: ``decimals`` after the point, or ``digits`` significant ones (not both).

    Rounding is half up, done once in reportgen.content.numberformat; without a precision the value
    is shown exactly as given (up to 6 decimals of the scaled number).
    """

    decimals: Annotated[int, Field(ge=0, le=6)] | None = None
    digits: Annotated[int, Field(ge=1, le=15)] | None = None

    @model_validator(mode="after")
    def _one_rule(self) -> Precision:
        if (self.decimals is None) == (self.digits is None):
            raise ValueError("give either `decimals` or `digits`")
        return self


class Figure(Strict):
    """One published number. ``kind`` says what it is, which decides how both languages word it."""

    label: BiText
    value: Finite | list[Finite]  # a list only for unit `ratio` (2.1:41.3:56.6)
    unit: Unit
    measure: NonEmpty | None = None  # the Chinese measure word of a count: 个, 家, 项, 所 ...
    period: Period
    kind: Kind = "level"
    over: Literal["余", "多", "超过", "以上"] | None = None  # the published figure is a lower bound
    over_en: Literal["more than", "over"] = "more than"
    to: Finite | None = None  # kind `range`: the upper end (value is the lower)
    of: BiText | None = None  # kind `share`: the named total (全区GDP / the district's GDP)
    start: Name | None = None  # kind `growth` / `multiple`: the earlier figure, if the content has it
    end: Name | None = None  # kind `growth` / `multiple`: the later figure (for `growth`, of the period)
    scale: Scale | None = None  # default: the theme's `numbers.scale`, else auto
    precision: Precision | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Figure:
        from reportgen.content.units import resolve

        unit = resolve(self.unit)
        if isinstance(self.value, list) != (unit.kind == "ratio"):
            raise ValueError("a list of values is for unit `ratio` only (and a ratio needs one)")
        if isinstance(self.value, list) and len(self.value) < 2:
            raise ValueError("a ratio needs at least two values")
        if (self.kind == "range") != (self.to is not None):
            raise ValueError("kind `range` needs `to` (the upper end), and only a range has one")
        if self.kind == "share" and self.of is None:
            raise ValueError("kind `share` needs `of`: the total it is a share of ({zh: …, en: …})")
        if self.of is not None and self.kind != "share":
            raise ValueError("`of` applies to kind `share` only")
        if self.kind in ("share", "growth") and unit.kind != "percent":
            raise ValueError(f"kind `{self.kind}` is a percentage: use unit `percent`")
        if self.measure is not None and unit.kind != "count":
            raise ValueError("`measure` applies to counts only (unit `count`)")
        return self


class Point(Strict):
    period: Period
    value: Finite | None  # null: not observed (a chart leaves a gap, never a zero)


class SeriesData(Strict):
    label: BiText
    unit: Unit
    measure: NonEmpty | None = None
    scale: Scale | None = None
    precision: Precision | None = None
    points: list[Point] = Field(min_length=2)


class Indicator(Strict):
    label: BiText | None = None  # defaults to the end figure's label
    start: Name | None = None
    end: Name


ChartType = Literal[chart_kinds.names()]  # the chart-kind registry: reportgen.charts.kinds


class ChartIn(Strict):
    type: ChartType
    title: BiText
    figures: list[Name] | None = None  # bar, hbar, pct_change, donut: one figure per category
    groups: list[list[Name]] | None = None  # grouped_bar: one list of figures (periods) per indicator
    series: list[Name] | None = None  # line, stacked_bar, bar_line: names of entries in `series`
    source: BiText | None = None

    @model_validator(mode="after")
    def _data_matches_type(self) -> ChartIn:
        wanted = chart_kinds.get(self.type).data
        for field in ("figures", "groups", "series"):
            given = getattr(self, field) is not None
            if field == wanted and not given:
                raise ValueError(f"a {self.type} chart needs `{field}`")
            if field != wanted and given:
                raise ValueError(f"`{field}` does not apply to a {self.type} chart (it uses `{wanted}`)")
        data = getattr(self, wanted)
        if not data:
            raise ValueError(f"`{wanted}` is empty")
        if wanted == "groups" and len({len(g) for g in data}) != 1:
            raise ValueError(f"every group of a {self.type} chart must have the same number of figures")
        return self


class Section(Strict):
    """A heading, its blocks in order, then its sub-sections (to level 3)."""

    id: Name  # the heading's anchor: `[see below](#id)` links to it
    heading: BiText
    blocks: list[BlockIn] = []
    sections: list[Section] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.blocks and not self.sections:
            raise ValueError("a section needs `blocks` or `sections`")
        return self


class Content(Strict):
    meta: Meta
    figures: dict[Name, Figure] = {}
    series: dict[Name, SeriesData] = {}
    key_figures: list[Name] = []
    indicators: list[Indicator] = []
    charts: dict[Name, ChartIn] = {}
    introduction: Section | None = None  # before the indicator table in the bundled template
    sections: list[Section] = Field(min_length=1)
    appendices: list[Section] = []  # after the sections (the bundled template puts them last)
    footnotes: dict[Name, BiText] = {}  # referenced from any text as [^name]

    @model_validator(mode="after")
    def _depth(self) -> Content:
        def check(sections: list[Section], level: int) -> None:
            for section in sections:
                if section.sections and level == 3:
                    raise ValueError(f"section {section.id!r}: sub-sections go down to level 3 only")
                check(section.sections, level + 1)

        check([*([self.introduction] if self.introduction else []), *self.sections, *self.appendices], 1)
        return self
