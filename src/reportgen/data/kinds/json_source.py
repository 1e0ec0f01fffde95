"""JSON: a list of records (objects with the same keys), at the top or at ``records: a.b``."""

from __future__ import annotations

import json

from reportgen.data.kinds import Request, register
from reportgen.data.table import Row, Table, check_header
from reportgen.errors import InputError


@register("json", suffixes=(".json",), options=("records",))
def read_json(request: Request) -> Table:
    name = request.name
    try:
        data = json.loads(request.path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise InputError(f"{name}:{err.lineno}: JSON syntax error: {err.msg}") from None
    path = request.source.records
    for step in path.split(".") if path else ():
        if not isinstance(data, dict) or step not in data:
            raise InputError(f"{request.where}.records: {name} has no {path!r}")
        data = data[step]
    return records_table(data, name, prefix=path or "")


def records_table(data: object, name: str, prefix: str = "") -> Table:
    """A list of mappings as a table; columns in first-seen order. Shared with data from Python."""
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError(f"{name}: {prefix or 'the top level'} must be a list of records (objects)")
    columns: dict[str, None] = {}
    for record in data:
        columns.update(dict.fromkeys(str(k) for k in record))
    header = list(columns)
    check_header(header, name)
    rows = tuple(
        Row(tuple(record.get(c, record.get(_int_key(c))) for c in header), f"{name}: {prefix}[{i}]")
        for i, record in enumerate(data)
    )
    return Table(name=name, columns=tuple(header), rows=rows)


def _int_key(column: str) -> object:
    return int(column) if column.isdigit() else column
