"""SQLite and DuckDB: a query run on a database file opened read-only.

Content files are shared like documents, so a query must not reach past its database: SQLite's
authorizer refuses ATTACH (and extensions stay off); DuckDB runs with external access disabled
(no read_csv('/elsewhere'), no httpfs). Values from the content (``--each`` rows, parameters)
reach a query only as bound parameters — ``:district`` in SQLite, ``$district`` in DuckDB —
never pasted into its text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from urllib.request import pathname2url

from reportgen.data.kinds import Request, register
from reportgen.data.table import Row, Table
from reportgen.errors import InputError

_PARAM = re.compile(r"[:$]([A-Za-z_][A-Za-z0-9_]*)")


def query_params(query: str, params: Mapping[str, str], place: str) -> dict[str, str]:
    """The parameters ``query`` names, each given; a missing one is an error naming it."""
    # Quoted text ('a:b', "col") holds no parameters: skip it when looking for names.
    bare = re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", "''", query)
    names = dict.fromkeys(_PARAM.findall(bare))
    missing = [n for n in names if n not in params]
    if missing:
        known = ", ".join(sorted(params)) or "none"
        raise InputError(f"{place}: the query uses parameter {missing[0]!r}, which is not set (parameters: {known})")
    return {n: params[n] for n in names}


def _query(request: Request) -> str:
    if request.query is None:
        raise InputError(f"{request.where}: a {request.path.suffix or 'database'} source needs a `query`")
    return request.query


def _table(request: Request, columns: list[str], records: list[tuple], used: dict[str, str]) -> Table:
    name = request.name
    rows = tuple(Row(tuple(r), f"{name}: query row {i + 1}") for i, r in enumerate(records))
    asked = ", ".join(f'{k} "{v}"' for k, v in used.items())
    return Table(
        name=name,
        columns=tuple(columns),
        rows=rows,
        description=f"query returned no row for {asked}" if asked else "query returned no row",
    )


def _run(request: Request, connection, query: str, used: dict[str, str], error: type[Exception], why) -> Table:
    """The query's rows as a table, the connection closed whatever happens; a failing query is
    bad input whose message is ``why(err)`` (each driver words its errors its own way)."""
    try:
        cursor = connection.execute(query, used)
        columns = [d[0] for d in cursor.description or ()]
        records = cursor.fetchall()
    except error as err:
        raise InputError(f"{request.name}: query failed: {why(err)}") from None
    finally:
        connection.close()
    return _table(request, columns, records, used)


def _first_line(err: Exception) -> str:
    """DuckDB's messages run on with hints over several lines: the first says what failed."""
    return str(err).splitlines()[0]


def _deny_attach(action: int, *_args) -> int:
    return sqlite3.SQLITE_DENY if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH) else sqlite3.SQLITE_OK


@register("sqlite", suffixes=(".sqlite", ".sqlite3", ".db"), options=("query",))
def read_sqlite(request: Request) -> Table:
    query = _query(request)
    used = query_params(query, request.params, request.name)
    try:
        with open(request.path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise InputError(f"{request.name}: not an SQLite database")
        connection = sqlite3.connect(f"file:{pathname2url(str(request.path))}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise InputError(f"{request.name}: cannot open: {err}") from None
    connection.set_authorizer(_deny_attach)
    return _run(request, connection, query, used, sqlite3.Error, str)


@register("duckdb", suffixes=(".duckdb", ".ddb"), options=("query",))
def read_duckdb(request: Request) -> Table:
    try:
        import duckdb
    except ImportError:
        raise InputError(
            f"{request.name}: DuckDB sources need the duckdb package: pip install 'reportgen[duckdb]'"
        ) from None
    query = _query(request)
    used = query_params(query, request.params, request.name)
    try:
        connection = duckdb.connect(str(request.path), read_only=True, config={"enable_external_access": False})
    except duckdb.Error as err:
        raise InputError(f"{request.name}: cannot open: {_first_line(err)}") from None
    return _run(request, connection, query, used, duckdb.Error, _first_line)
