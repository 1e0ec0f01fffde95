"""The registry of source kinds: one module in this package per kind, each registering itself.

A kind reads a file (or runs a query on it) into a :class:`~reportgen.data.table.Table`. Adding a
kind is adding a module here with a function decorated by :func:`register`; nothing else lists them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reportgen.data.schema import SourceIn
from reportgen.data.table import Table
from reportgen.errors import InputError

# Options every kind takes; a kind adds its own (`sheet`, `query`...) when registering.
COMMON = frozenset({"file", "kind", "key", "unit", "period", "measure", "scale", "columns"})


@dataclass(frozen=True)
class Request:
    path: Path  # resolved, inside the content's folder
    source: SourceIn
    query: str | None  # the binding's own query, else the source's (kinds that take one)
    params: Mapping[str, str]  # values for the query's named parameters
    where: str  # "briefing.yaml:12: data.gdp", for errors about the declaration itself

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Kind:
    name: str
    suffixes: tuple[str, ...]
    options: frozenset[str]
    read: Callable[[Request], Table]
    takes_query: bool


KINDS: dict[str, Kind] = {}
_loaded = False


def register(name: str, suffixes: tuple[str, ...], options: tuple[str, ...] = ()):
    def add(read: Callable[[Request], Table]) -> Callable[[Request], Table]:
        KINDS[name] = Kind(name, suffixes, COMMON | set(options), read, "query" in options)
        return read

    return add


def _load_all() -> None:
    global _loaded
    if not _loaded:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True


def kind_of(source: SourceIn, where: str) -> Kind:
    """The kind a source declares, else the one its file's suffix says; its options checked."""
    _load_all()
    if source.kind is not None:
        kind = KINDS.get(source.kind)
        if kind is None:
            raise InputError(
                f"{where}.kind: unknown source kind {source.kind!r} (choose from {', '.join(sorted(KINDS))})"
            )
    else:
        suffix = Path(source.file or "").suffix.lower()
        kind = next((k for k in KINDS.values() if suffix in k.suffixes), None)
        if kind is None:
            raise InputError(
                f"{where}.file: cannot tell the kind of {source.file!r} from its suffix; state `kind:` "
                f"({', '.join(sorted(KINDS))})"
            )
    for option in source.model_fields_set - kind.options:
        raise InputError(f"{where}.{option}: does not apply to a {kind.name} source")
    return kind


__all__ = ["KINDS", "Kind", "Request", "kind_of", "register"]
