"""What a content file may say about its data: sources under ``data:``, bindings under ``from:``.

Checked by pydantic like the rest of the content (unknown fields are errors). A source names a
file beside the content (or, from :mod:`reportgen.api`, data passed in from Python) and may state
each column's unit, period and scale once; a figure or series says ``from:`` which cell, row or
column holds its numbers.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from reportgen.content.schema import Finite, Name, NonEmpty, Period, Strict, Unit


def _as_text(value: object) -> object:
    # `2020:` as a YAML key or `row: 2020` is an int; column names and row keys are text.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _keys_as_text(value: object) -> object:
    return {_as_text(k): v for k, v in value.items()} if isinstance(value, dict) else value


Text = Annotated[NonEmpty, BeforeValidator(_as_text)]


class ColumnIn(Strict):
    """How to read one column's numbers: base units after multiplying by ``scale`` (亿元 -> 1e8)."""

    unit: Unit | None = None
    period: Period | None = None
    measure: NonEmpty | None = None
    scale: Finite | None = None


class SourceIn(Strict):
    file: NonEmpty | None = None  # relative to the content's folder; absent: passed in from Python
    kind: NonEmpty | None = None  # csv, xlsx, sqlite, duckdb, json; default: from the file's suffix
    encoding: NonEmpty | None = None  # csv: default detected (UTF-8 with or without BOM, GB18030)
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] | None = None  # csv: default sniffed
    sheet: NonEmpty | None = None  # xlsx: default the first sheet
    range: NonEmpty | None = None  # xlsx: e.g. A1:F20, header in its first row; default the used range
    query: NonEmpty | None = None  # sqlite, duckdb: SQL run read-only; :name / $name are parameters
    records: NonEmpty | None = None  # json: dotted path to the list of records; default the top level
    key: Text | None = None  # the column `row:` in a binding refers to
    # Defaults for every column, then per column (keys are column names):
    unit: Unit | None = None
    period: Period | None = None
    measure: NonEmpty | None = None
    scale: Finite | None = None
    columns: Annotated[dict[str, ColumnIn], BeforeValidator(_keys_as_text)] = {}

    def column(self, name: str) -> ColumnIn:
        own = self.columns.get(name, ColumnIn())
        return ColumnIn(
            unit=own.unit or self.unit,
            period=own.period or self.period,
            measure=own.measure or self.measure,
            scale=own.scale if own.scale is not None else self.scale,
        )


class _Selects(Strict):
    source: Name
    row: Text | None = None  # the row whose `key` column holds this value
    where: Annotated[dict[str, Text], BeforeValidator(_keys_as_text)] | None = None  # the row with these values
    query: NonEmpty | None = None  # sqlite, duckdb: this query instead of the source's

    @model_validator(mode="after")
    def _one_selector(self):
        if self.row is not None and self.where is not None:
            raise ValueError("give `row` or `where`, not both")
        return self


class FigureFrom(_Selects):
    """A figure's value: ``column`` of the selected row, or a spreadsheet ``cell`` (C7)."""

    column: Text | None = None
    cell: Annotated[str, Field(pattern=r"^\$?[A-Za-z]{1,3}\$?[0-9]{1,7}$")] | None = None

    @model_validator(mode="after")
    def _column_or_cell(self):
        if (self.column is None) == (self.cell is None):
            raise ValueError("give `column` (with `row`/`where`) or `cell`")
        if self.cell is not None and (self.row is not None or self.where is not None):
            raise ValueError("a `cell` needs no `row` or `where`")
        return self


class SeriesFrom(_Selects):
    """A series' points: one row across ``columns`` (one per period), or the rows selected, each a
    point with its period in column ``period`` and its number in column ``value``."""

    columns: Annotated[list[Text], Field(min_length=2)] | None = None
    period: Text | None = None
    value: Text | None = None

    @model_validator(mode="after")
    def _wide_or_long(self):
        wide, long = self.columns is not None, self.period is not None or self.value is not None
        if wide == long:
            raise ValueError("give `columns` (one row across periods) or `period` and `value` (one row per period)")
        if long and (self.period is None or self.value is None):
            raise ValueError("`period` and `value` go together")
        if long and self.row is not None:
            raise ValueError("`row` picks one row; select the series' rows with `where`")
        return self


class TableFrom(_Selects):
    """A table block's rows: one per selected row of the source (all rows unless ``row``/``where``
    says), its cells from these source columns, one per table column, in order."""

    columns: Annotated[list[Text], Field(min_length=1)]


__all__ = ["ColumnIn", "SourceIn", "FigureFrom", "SeriesFrom", "TableFrom", "Name"]
