"""Excel .xlsx, via openpyxl: one sheet (default the first), optionally a range whose first row is
the header. Values are the ones Excel saved (formulas as their last computed result)."""

from __future__ import annotations

import re
import zipfile

from reportgen.data.kinds import Request, register
from reportgen.data.table import Row, Table, cell_text, check_header
from reportgen.errors import InputError


@register("xlsx", suffixes=(".xlsx", ".xlsm"), options=("sheet", "range"))
def read_xlsx(request: Request) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    name, source = request.name, request.source
    try:
        book = load_workbook(request.path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(f"{name}: not a readable .xlsx workbook ({err})") from None
    try:
        if source.sheet is None:
            sheet = book.worksheets[0]
        elif source.sheet in book.sheetnames:
            sheet = book[source.sheet]
        else:
            known = ", ".join(book.sheetnames)
            raise InputError(f'{request.where}.sheet: {name} has no sheet "{source.sheet}" (sheets: {known})')
        bounds: dict[str, int | None] = {}
        if source.range is not None:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(source.range.replace("$", ""))
            except (ValueError, TypeError):
                raise InputError(f"{request.where}.range: {source.range!r} is not a cell range like A1:F20") from None
            bounds = {"min_col": min_col, "min_row": min_row, "max_col": max_col, "max_row": max_row}
        grid = [list(values) for values in sheet.iter_rows(values_only=True, **bounds)]
    finally:
        book.close()
    first_row, first_col = bounds.get("min_row") or 1, bounds.get("min_col") or 1
    prefix = f"{name}!{sheet.title}!"
    # Blank rows before the header (a title line above the table) are not the header.
    while grid and all(v is None or cell_text(v) == "" for v in grid[0]):
        grid.pop(0)
        first_row += 1
    if not grid:
        raise InputError(f"{prefix[:-1]}: no data (empty sheet or range)")
    header = [cell_text(v) for v in grid[0]]
    while header and not header[-1]:
        header.pop()  # trailing empty header cells: the used range ran past the table
    check_header(header, f"{prefix}{first_row}")
    rows = []
    row_numbers = []
    for offset, values in enumerate(grid[1:], start=1):
        if all(v is None or cell_text(v) == "" for v in values):
            continue
        number = first_row + offset
        rows.append(Row(tuple(values[: len(header)]) + (None,) * (len(header) - len(values)), f"{prefix}{number}"))
        row_numbers.append(number)

    def cell_place(r: int, c: int) -> str:
        return f"{prefix}{get_column_letter(first_col + c)}{row_numbers[r]}"

    def cell_index(ref: str) -> tuple[int, int]:
        letters, digits = re.fullmatch(r"\$?([A-Za-z]+)\$?(\d+)", ref).groups()
        from openpyxl.utils.cell import column_index_from_string

        col, number = column_index_from_string(letters.upper()) - first_col, int(digits)
        if number in row_numbers and 0 <= col < len(header):
            return row_numbers.index(number), col
        extent = source.range or "the sheet's table"
        raise InputError(f"{prefix}{letters.upper()}{digits}: outside the rows read ({extent}, header row {first_row})")

    return Table(name=name, columns=tuple(header), rows=tuple(rows), cell_place=cell_place, cell_index=cell_index)
