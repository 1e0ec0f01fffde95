"""Data: numbers from where they live — CSV, Excel, SQLite, DuckDB, JSON, or Python — bound to figures.

Input: a content file's ``data:`` sources and the ``from:`` bindings of its figures and series
(schema: :mod:`reportgen.data.schema`), parameter values (``${name}``, :mod:`reportgen.data.params`),
and optionally tables passed in from Python (:mod:`reportgen.api`).
Output: the content with every bound figure and series typed (value, unit, period), as if written
by hand, and a record of the files read (hashes, queries) — :mod:`reportgen.data.bind`.

Each kind of source is a module of :mod:`reportgen.data.kinds`; each reads into a
:class:`~reportgen.data.table.Table` whose cells know their place (``gdp.csv:14``,
``indicators.xlsx!Sheet1!C7``), so every error names where to look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DataInput:
    """What a build may be given beside the content file: parameter values (one ``--each`` row),
    tables passed in from Python (name -> :class:`~reportgen.data.table.Table`), a table cache a
    batch shares, and the content's parse when the caller has it."""

    params: Mapping[str, str] | None = None
    provided: Mapping[str, Any] | None = None
    cache: Any = None  # reportgen.data.sources.TableCache
    raw: Any = None

    def load_kwargs(self) -> dict[str, Any]:
        return {"params": self.params, "provided": self.provided, "cache": self.cache, "raw": self.raw}


def needs_resolving(raw: Any, params: Mapping[str, str] | None, provided: Mapping | None) -> bool:
    """Whether content has anything for :mod:`reportgen.data.bind` to do. Asked here, in the light
    package module, so content without data sources never imports the binder and its schema."""
    return isinstance(raw, dict) and bool("data" in raw or "params" in raw or params or provided)


__all__ = ["DataInput", "needs_resolving"]
