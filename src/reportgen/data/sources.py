"""Reading declared sources: paths confined to the content's folder, each table read once.

A :class:`TableCache` outlives one content file: a batch (``--each``) shares one, so a workbook
is opened once for fifty reports, while a query with per-report parameters runs per report.
Entries are keyed by the file's identity (path, size, modification time) and what was asked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.data.kinds import Request, kind_of
from reportgen.data.schema import SourceIn
from reportgen.data.table import Table
from reportgen.errors import InputError
from reportgen.paths import resolve_inside

if TYPE_CHECKING:
    from reportgen.data.bind import DataUse


class TableCache:
    def __init__(self) -> None:
        self.tables: dict[tuple, Table] = {}
        self.hashes: dict[tuple, str] = {}

    def sha256(self, path: Path) -> str:
        key = _identity(path)
        if key not in self.hashes:
            self.hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self.hashes[key]


def _identity(path: Path) -> tuple:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns)


class Sources:
    def __init__(
        self,
        decls: Mapping[str, SourceIn],
        base_dir: Path,
        where: Callable[[Sequence], str],
        provided: Mapping[str, Table],
        cache: TableCache,
        use: DataUse,
    ) -> None:
        self.decls, self.base_dir, self.where = decls, base_dir, where
        self.provided, self.cache, self.use = provided, cache, use

    def table(self, name: str, query: str | None, params: Mapping[str, str], loc: Sequence) -> tuple[Table, SourceIn]:
        source = self.decls.get(name)
        if source is None:
            known = ", ".join(sorted(self.decls)) or "none are declared under `data:`"
            raise InputError(f"{self.where([*loc, 'source'])}: no data source named {name!r} (sources: {known})")
        if name in self.provided:
            if query is not None:
                raise InputError(f"{self.where([*loc, 'query'])}: data {name!r} was passed in from Python: no query")
            return self.provided[name], source
        at = self.where(["data", name])
        if source.file is None:
            raise InputError(f"{at}: source {name!r} has no `file` (and no data was passed in for it)")
        path = resolve_inside(source.file, [self.base_dir], at).resolve()
        kind = kind_of(source, at)
        query = query if query is not None else source.query
        if query is not None and not kind.takes_query:
            raise InputError(f"{self.where([*loc, 'query'])}: a {kind.name} source takes no query")
        request = Request(path=path, source=source, query=query, params=params, where=at)
        key = (
            *_identity(path),
            kind.name,
            source.model_dump_json(),
            query,
            json.dumps(dict(params), sort_keys=True) if query else "",
        )
        if key not in self.cache.tables:
            self.cache.tables[key] = kind.read(request)
        entry = self.use.files.setdefault(
            path.relative_to(self.base_dir.resolve()).as_posix(), {"sha256": self.cache.sha256(path)}
        )
        if query is not None and query not in entry.setdefault("queries", []):
            entry["queries"].append(query)
        return self.cache.tables[key], source
