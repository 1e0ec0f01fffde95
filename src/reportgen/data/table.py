"""A source's rows as read, each cell able to say where it came from.

Every kind of source (:mod:`reportgen.data.kinds`) reads into a :class:`Table`: column names,
rows of raw cell values, and a *place* for each cell in the reader's own terms — ``gdp.csv:14``
for a CSV line, ``indicators.xlsx!Sheet1!C7`` for a spreadsheet cell, ``stats.sqlite: query row 2``
for a query result — so that an error names the spot a person would open the file at.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from reportgen.errors import InputError


@dataclass(frozen=True, slots=True)
class Row:
    values: tuple[Any, ...]
    place: str  # where the row is: "gdp.csv:14", "indicators.xlsx!Sheet1!7", "stats.sqlite: query row 2"
    problem: str | None = None  # a malformed row (too few fields...): raised only if the row is used


@dataclass(frozen=True)
class Table:
    name: str  # the file name (or the Python name) errors start with
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    # (row index, column index) -> the cell's place; by default "<row place>: column "<name>"".
    cell_place: Callable[[int, int], str] | None = field(default=None, compare=False)
    # A spreadsheet reference ("C7") -> (row index, column index); only kinds with cell names have it.
    cell_index: Callable[[str], tuple[int, int]] | None = field(default=None, compare=False)
    description: str = ""  # why nothing matched, when a query selected the rows: "query returned no row for …"

    def column_index(self, column: str, where: str) -> int:
        try:
            return self.columns.index(column)
        except ValueError:
            known = ", ".join(f'"{c}"' for c in self.columns[:12])
            raise InputError(f'{where}: {self.name} has no column "{column}" (columns: {known})') from None

    def place(self, row: int, column: int) -> str:
        if self.cell_place is not None:
            return self.cell_place(row, column)
        return f'{self.rows[row].place}: column "{self.columns[column]}"'

    def cell(self, row: int, column: int) -> Any:
        r = self.rows[row]
        if r.problem:
            raise InputError(f"{r.place}: {r.problem}")
        return r.values[column] if column < len(r.values) else None

    def text(self, row: int, column: int) -> str:
        """A cell as the text a parameter or a period label takes: 2020.0 -> "2020"."""
        return cell_text(self.cell(row, column))

    def record(self, row: int) -> dict[str, str]:
        return {name: cell_text(value) for name, value in zip(self.columns, self.rows[row].values, strict=False)}


def check_header(header: list[str], place: str) -> None:
    for i, column in enumerate(header):
        if not column:
            raise InputError(f"{place}: column {i + 1} of the header has no name")
        if column in header[:i]:
            raise InputError(f'{place}: column "{column}" appears twice in the header')


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# 1,234,567.8 — thousands separators exactly as Excel writes them; anything else with a comma is
# not a number (a decimal comma "67,4" would be read as 674 otherwise).
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def cell_number(value: Any, place: str) -> Decimal:
    """A cell as an exact decimal, or an error naming the cell: empty, text, infinite."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"{place}: empty cell")
    if isinstance(value, bool):
        raise InputError(f"{place}: {value!r} is not a number")
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"{place}: {value!r} is not a finite number")
        # repr of a float is its shortest exact-enough decimal: 67.4, not 67.40000000000000568
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not isinstance(value, str):
        raise InputError(f"{place}: a {type(value).__name__} ({value}) is not a number")
    text = value.strip().replace("\u2212", "-")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        raise InputError(f'{place}: "{value.strip()}" is not a number')
    return number
