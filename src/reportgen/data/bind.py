"""Bindings: figures and series whose numbers come ``from:`` a data source, made into typed ones.

Input: the content's parse (a mapping), its path, parameter values, data passed in from Python.
Output: the same mapping with each bound figure/series holding its ``value``/``points`` and its
unit and period (from the binding's column unless the figure states them), ready for the schema;
plus a :class:`DataUse` listing each source file's hash and query for the manifest and where
each bound number was read. After this, a bound figure *is* a typed figure: text, tables, charts
and lint all read the same number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen.content.yamlio import format_loc
from reportgen.data.params import as_params, fill
from reportgen.data.schema import ColumnIn, FigureFrom, SeriesFrom, SourceIn, TableFrom
from reportgen.data.sources import Sources, TableCache
from reportgen.data.table import Table, cell_number, cell_text
from reportgen.errors import InputError

Where = Callable[[Sequence], str]
# A column named like a period (2020, 2016–2020, 2020Q3, 2020-06) is its own period by default.
PERIOD_LIKE = re.compile(r"^\d{4}([–-]\d{4}|Q[1-4]|[-/]\d{1,2}|年)?$")


@dataclass
class DataUse:
    files: dict[str, dict] = field(default_factory=dict)  # file (relative to the content) -> sha256, queries
    bound: dict[str, str] = field(default_factory=dict)  # "figures.gdp_2020" -> where its number was read
    params: dict[str, str] = field(default_factory=dict)


def resolve(
    raw: dict,
    path: Path,
    where: Where,
    params: Mapping[str, str] | None = None,
    provided: Mapping[str, Table] | None = None,
    cache: TableCache | None = None,
) -> tuple[dict, DataUse]:
    doc = dict(raw)
    values = {**as_params(doc.pop("params", None), where(["params"])), **(params or {})}
    declared = doc.pop("data", None) or {}
    if not isinstance(declared, dict):
        raise InputError(f"{where(['data'])}: `data` must be a mapping of source names to sources")
    if values:
        doc = fill(doc, values, where)
        declared = fill(declared, values, where, ("data",))
    decls = {str(name): parse_model(SourceIn, spec, ["data", name], where) for name, spec in declared.items()}
    for name in provided or {}:
        decls.setdefault(name, SourceIn())
    use = DataUse(params=values)
    sources = Sources(decls, path.parent, where, provided or {}, cache or TableCache(), use)
    for section, bind in (("figures", _bind_figure), ("series", _bind_series)):
        entries = doc.get(section)
        if not isinstance(entries, dict) or not any(isinstance(e, dict) and "from" in e for e in entries.values()):
            continue
        doc[section] = dict(entries)
        for name, entry in entries.items():
            if isinstance(entry, dict) and "from" in entry:
                loc = [section, name]
                spec = parse_model(
                    FigureFrom if section == "figures" else SeriesFrom, entry["from"], [*loc, "from"], where
                )
                doc[section][name], use.bound[f"{section}.{name}"] = bind(entry, spec, sources, values, loc, where)
    if isinstance(doc.get("sections"), list):
        doc["sections"] = [
            _bind_tables(section, sources, values, ["sections", s], where, use)
            for s, section in enumerate(doc["sections"])
        ]
    return doc, use


def _bind_tables(section: Any, sources: Sources, params: dict, loc: list, where: Where, use: DataUse) -> Any:
    """A section (and its sub-sections) with each ``type: table`` block's ``from:`` made into ``rows``."""
    if not isinstance(section, dict):
        return section
    out = dict(section)
    blocks = section.get("blocks")
    if isinstance(blocks, list):
        out["blocks"] = [
            _bind_table(block, sources, params, [*loc, "blocks", b], where, use)
            if isinstance(block, dict) and block.get("type") == "table" and "from" in block
            else block
            for b, block in enumerate(blocks)
        ]
    if isinstance(section.get("sections"), list):
        out["sections"] = [
            _bind_tables(sub, sources, params, [*loc, "sections", i], where, use)
            for i, sub in enumerate(section["sections"])
        ]
    return out


def _bind_table(block: dict, sources: Sources, params: dict, loc: list, where: Where, use: DataUse) -> dict:
    spec = parse_model(TableFrom, block["from"], [*loc, "from"], where)
    table, source = sources.table(spec.source, spec.query, params, [*loc, "from"])
    at = where([*loc, "from"])
    columns = block.get("columns") if isinstance(block.get("columns"), list) else []
    if len(columns) != len(spec.columns):
        raise InputError(f"{at}: {len(spec.columns)} data columns for a table of {len(columns)} columns")
    indices = [table.column_index(name, at) for name in spec.columns]
    rows, said = _rows(table, spec, source, at)
    if not rows:
        raise _no_row(table, said)
    cells = []
    for r in rows:
        row = []
        for column, c in zip(columns, indices, strict=True):
            kind = column.get("kind", "text") if isinstance(column, dict) else "text"
            if kind == "number":
                # As the file has it: a number column's header states the unit (亿元), so no scale.
                row.append(float(cell_number(table.cell(r, c), table.place(r, c))))
            elif kind == "text":
                row.append(table.text(r, c))
            else:
                raise InputError(f"{at}: a bound table fills text and number columns, not {kind!r} ones")
        cells.append(row)
    use.bound[format_loc(loc)] = f"{table.name}: {len(rows)} rows"
    out = {k: v for k, v in block.items() if k != "from"}
    out["rows"] = cells
    return out


def parse_model(cls: type[BaseModel], value: Any, loc: list, where: Where) -> Any:
    from reportgen.content import error_message

    try:
        return cls.model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        inner = [p for p in first["loc"] if not (isinstance(p, str) and "[" in p)]
        full = [*loc, *inner]
        raise InputError(f"{where(full)}: {error_message(first)}") from None


def _rows(table: Table, spec: FigureFrom | SeriesFrom, source: SourceIn, where: str) -> tuple[list[int], str]:
    if spec.row is not None:
        if source.key is None:
            raise InputError(f"{where}: `row` needs the source's `key` (the column that names rows); or use `where`")
        conditions = {source.key: spec.row}
    else:
        conditions = dict(spec.where or {})
    columns = [(table.column_index(c, where), v) for c, v in conditions.items()]
    matches = [
        i
        for i, row in enumerate(table.rows)
        if all(c < len(row.values) and cell_text(row.values[c]) == v for c, v in columns)
    ]
    said = ", ".join(f'{c} "{v}"' for c, v in conditions.items())
    return matches, said


def _no_row(table: Table, said: str) -> InputError:
    if table.description and said:
        return InputError(f"{table.name}: {table.description}, and no row has {said}")
    if table.description:
        return InputError(f"{table.name}: {table.description}")
    return InputError(f"{table.name}: no row for {said}" if said else f"{table.name}: no rows")


def _one_row(table: Table, spec: FigureFrom | SeriesFrom, source: SourceIn, where: str) -> int:
    matches, said = _rows(table, spec, source, where)
    if not matches:
        raise _no_row(table, said)
    if len(matches) > 1:
        places = ", ".join(table.rows[i].place for i in matches[:3])
        pick = f"with {said}" if said else "(select one with `row` or `where`)"
        raise InputError(f"{where}: {len(matches)} rows of {table.name} {pick}: {places}")
    return matches[0]


def _number(table: Table, r: int, c: int, column: ColumnIn) -> float:
    number = cell_number(table.cell(r, c), table.place(r, c))
    if column.scale is not None:
        number *= Decimal(repr(column.scale))
    return float(number)


def _agree(entry: dict, key: str, stated: Any, loc: list, where: Where) -> Any:
    own = entry.get(key)
    if own is not None and stated is not None and str(own) != str(stated):
        raise InputError(f"{where([*loc, key])}: {key} {own!r} differs from the data column's {stated!r}")
    return own if own is not None else stated


def _typed(entry: dict, column: ColumnIn, loc: list, where: Where) -> dict:
    out = {k: v for k, v in entry.items() if k != "from"}
    unit = _agree(entry, "unit", column.unit, loc, where)
    if unit is None:
        raise InputError(f"{where(loc)}: no unit: state it on the figure or for the data column (`unit:`)")
    out["unit"] = unit
    measure = _agree(entry, "measure", column.measure, loc, where)
    if measure is not None:
        out["measure"] = measure
    return out


def _bind_figure(entry: dict, spec: FigureFrom, sources: Sources, params: dict, loc: list, where: Where):
    table, source = sources.table(spec.source, spec.query, params, [*loc, "from"])
    at = where([*loc, "from"])
    if spec.cell is not None:
        if table.cell_index is None:
            raise InputError(f"{at}: `cell` applies to spreadsheets; name a `column` (and `row`/`where`)")
        r, c = table.cell_index(spec.cell)
    else:
        c = table.column_index(spec.column, at)
        r = _one_row(table, spec, source, at)
    column = source.column(table.columns[c])
    out = _typed(entry, column, loc, where)
    out["value"] = _number(table, r, c, column)
    period = _agree(entry, "period", column.period, loc, where)
    if period is None and PERIOD_LIKE.match(table.columns[c]):
        period = table.columns[c]
    if period is None:
        raise InputError(f"{where(loc)}: no period: state it on the figure or for the data column (`period:`)")
    out["period"] = period
    return out, table.place(r, c)


def _bind_series(entry: dict, spec: SeriesFrom, sources: Sources, params: dict, loc: list, where: Where):
    table, source = sources.table(spec.source, spec.query, params, [*loc, "from"])
    at = where([*loc, "from"])
    points = []
    if spec.columns is not None:
        r = _one_row(table, spec, source, at)
        columns = [table.column_index(name, at) for name in spec.columns]
        specs = [source.column(table.columns[c]) for c in columns]
        units = {s.unit for s in specs}
        if len(units) > 1:
            raise InputError(f"{at}: the columns have different units ({', '.join(sorted(map(str, units)))})")
        for c, column in zip(columns, specs, strict=True):
            points.append({"period": column.period or table.columns[c], "value": _number(table, r, c, column)})
        out = _typed(entry, specs[0], loc, where)
        place = f"{table.rows[r].place}: columns {', '.join(spec.columns)}"
    else:
        rows, said = _rows(table, spec, source, at)
        if not rows:
            raise _no_row(table, said)
        pc, vc = table.column_index(spec.period, at), table.column_index(spec.value, at)
        column = source.column(spec.value)
        for r in rows:
            period = table.text(r, pc)
            if not period:
                raise InputError(f"{table.place(r, pc)}: empty cell")
            points.append({"period": period, "value": _number(table, r, vc, column)})
        out = _typed(entry, column, loc, where)
        place = f"{table.name}: {len(rows)} rows, column {spec.value}"
    out["points"] = points
    return out, place
