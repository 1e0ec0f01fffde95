"""The content schema: what a briefing's YAML/JSON may say, checked by pydantic.

Unknown fields are errors (``extra="forbid"``) so a typo such as ``paragraps`` is caught
instead of silently dropping a section. Every reader-facing text is bilingual. Figures are
numbers in base units (yuan, not 亿元) with a unit and a period; how they read in each
language is decided in :mod:`reportgen.content.quantities`, never typed in twice.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def _period_as_text(value: object) -> object:
    # `period: 2015` in YAML is an int; a period is a label, so accept and keep it as text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Finite = Annotated[float, AfterValidator(_finite)]
Period = Annotated[NonEmpty, BeforeValidator(_period_as_text)]
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
Unit = Literal["CNY", "USD", "percent", "times", "m2", "count", "days"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BiText(Strict):
    """A text in Chinese and English; both are required and may not be empty."""

    zh: NonEmpty
    en: NonEmpty


class Meta(Strict):
    title: BiText
    subtitle: BiText | None = None
    short_title: BiText
    issuer: BiText | None = None
    author: BiText
    source: BiText | None = None
    date: dt.date
    keywords: BiText


class Figure(Strict):
    label: BiText
    value: Finite
    unit: Unit
    measure: NonEmpty = "个"  # the Chinese measure word of a count: 个, 家, 项, 所 ...
    period: Period
    over: Literal["余", "多"] | None = None  # the published figure is a lower bound


class Point(Strict):
    period: Period
    value: Finite


class SeriesData(Strict):
    label: BiText
    unit: Unit
    measure: NonEmpty = "个"
    points: list[Point] = Field(min_length=2)


class Indicator(Strict):
    label: BiText | None = None  # defaults to the end figure's label
    start: Name | None = None
    end: Name


ChartType = Literal["bar", "hbar", "grouped_bar", "line", "pct_change", "donut"]


class ChartIn(Strict):
    type: ChartType
    title: BiText
    figures: list[Name] | None = None  # bar, hbar, pct_change, donut
    groups: list[list[Name]] | None = None  # grouped_bar: one list of figures per indicator
    series: list[Name] | None = None  # line: names of entries in `series`
    source: BiText | None = None

    @model_validator(mode="after")
    def _data_matches_type(self) -> ChartIn:
        wanted = {"grouped_bar": "groups", "line": "series"}.get(self.type, "figures")
        for field in ("figures", "groups", "series"):
            given = getattr(self, field) is not None
            if field == wanted and not given:
                raise ValueError(f"a {self.type} chart needs `{field}`")
            if field != wanted and given:
                raise ValueError(f"`{field}` does not apply to a {self.type} chart (it uses `{wanted}`)")
        data = getattr(self, wanted)
        if not data:
            raise ValueError(f"`{wanted}` is empty")
        if self.type == "grouped_bar" and len({len(g) for g in data}) != 1:
            raise ValueError("every group of a grouped_bar chart must have the same number of figures")
        return self


class Section(Strict):
    id: Name
    heading: BiText
    subheading: BiText | None = None
    paragraphs: list[BiText] = Field(min_length=1)
    charts: list[Name] = []


class Introduction(Strict):
    heading: BiText
    paragraphs: list[BiText] = Field(min_length=1)


class Content(Strict):
    meta: Meta
    figures: dict[Name, Figure] = {}
    series: dict[Name, SeriesData] = {}
    key_figures: list[Name] = []
    indicators: list[Indicator] = []
    charts: dict[Name, ChartIn] = {}
    introduction: Introduction | None = None
    sections: list[Section] = Field(min_length=1)
