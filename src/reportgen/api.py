"""Building reports from Python: notebooks and pipelines, with data passed in as Python objects.

Input: a content file's path, or the content itself as a mapping (the YAML's schema); tables by
source name — a pandas ``DataFrame`` (pandas is optional: ``pip install 'reportgen[pandas]'``), a
mapping of column name to values, or a list of records; ``${parameter}`` values.
Output: :func:`render` returns each format's bytes; :func:`build` writes them (and the manifest)
into a folder, atomically, and returns the paths. Bad input raises :class:`reportgen.errors.InputError`
whose message is the one line the command line would print.

A table passed in takes the place of the source of the same name in the content's ``data:`` (whose
units, periods and scales still apply), or adds a source the content's ``from:`` bindings name.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportgen.data.table import Row, Table, check_header
from reportgen.errors import InputError

__all__ = ["Options", "render", "build", "table_from_python"]


def table_from_python(name: str, data: Any) -> Table:
    """A DataFrame, ``{column: values}`` or ``[{column: value}, ...]`` as a source table.

    Cells are named ``gdp[3]: column "2020"`` (the row's position, from 0) in errors.
    """
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame, without importing pandas
        if getattr(data.index, "name", None) is not None or any(
            n is not None for n in getattr(data.index, "names", ())
        ):
            data = data.reset_index()
        columns = [str(c) for c in data.columns]
        records = [dict(zip(columns, values, strict=True)) for values in data.itertuples(index=False, name=None)]
    elif isinstance(data, Mapping):
        columns = [str(c) for c in data]
        lists = []
        for column, values in data.items():
            if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
                raise InputError(
                    f'{name}: column "{column}": a mapping passed as data holds a list of values per column'
                )
            lists.append(list(values))
        lengths = {len(v) for v in lists}
        if len(lengths) > 1:
            raise InputError(f"{name}: its columns have different lengths ({', '.join(map(str, sorted(lengths)))})")
        records = [dict(zip(columns, values, strict=True)) for values in zip(*lists, strict=True)]
    elif isinstance(data, Sequence) and not isinstance(data, str | bytes) and all(isinstance(r, Mapping) for r in data):
        columns = list(dict.fromkeys(str(k) for record in data for k in record))
        records = [{str(k): v for k, v in record.items()} for record in data]
    else:
        raise InputError(f"{name}: pass a DataFrame, a mapping of columns to values, or a list of records")
    check_header(columns, name)
    rows = tuple(Row(tuple(_plain(r.get(c)) for c in columns), f"{name}[{i}]") for i, r in enumerate(records))
    return Table(name=name, columns=tuple(columns), rows=rows)


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers; NaN and pandas' missing values as empty cells."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _content(content: str | Path | Mapping, base_dir: str | Path | None) -> tuple[Path, Any]:
    if isinstance(content, str | Path):
        return Path(content), None
    if not isinstance(content, Mapping):
        raise InputError("content: pass a content file's path or the content as a mapping")
    # Relative data files resolve from base_dir (default: the working folder), as if the mapping
    # were a content file there; errors name it "content".
    folder = Path(base_dir) if base_dir is not None else Path.cwd()
    return folder / "content", dict(content)


@dataclass(frozen=True, kw_only=True)
class Options:
    """The keywords :func:`render` and :func:`build` both take, with their defaults (one list, so
    the two functions cannot drift apart); an unknown keyword is a ``TypeError`` naming it."""

    data: Mapping[str, Any] | None = None  # tables by source name (see table_from_python)
    params: Mapping[str, Any] | None = None  # ${parameter} values, as strings
    formats: Sequence[str] | str = ("pdf", "docx")  # a sequence or "pdf,docx"
    template: str | None = None
    layout: str | None = None
    lang: str | None = None
    lint: bool = True
    base_dir: str | Path | None = None  # where a mapping's relative data files resolve
    pdf_standard: str | None = None


def _result(content: str | Path | Mapping, options: Options):
    from reportgen.build import build as run_build
    from reportgen.data import DataInput

    path, raw = _content(content, options.base_dir)
    provided = {str(name): table_from_python(str(name), value) for name, value in (options.data or {}).items()}
    values = {str(k): str(v) for k, v in (options.params or {}).items()}
    formats = options.formats
    if isinstance(formats, str):
        formats = tuple(f.strip() for f in formats.split(","))
    inputs = DataInput(params=values or None, provided=provided or None, raw=raw)
    result = run_build(
        path,
        options.template,
        tuple(formats),
        layout=options.layout,
        lang=options.lang,
        lint=options.lint,
        data=inputs,
        pdf_standard=options.pdf_standard,
    )
    return path, raw, result


def render(content: str | Path | Mapping, **options: Any) -> dict[str, bytes]:
    """Build in memory: ``{"pdf": b"%PDF…", "docx": b"PK…"}``. The same bytes ``reportgen build`` writes.
    Keywords: :class:`Options`."""
    _, _, result = _result(content, Options(**options))
    return dict(result.outputs)


def build(
    content: str | Path | Mapping, out: str | Path, *, name: str | None = None, **options: Any
) -> dict[str, Path]:
    """Build and write ``out/<name>.<format>`` and ``out/<name>.manifest.json`` (all or none);
    ``name`` defaults to the content file's stem (``report`` for a mapping). Returns format -> path.
    Other keywords: :class:`Options`, as :func:`render`."""
    from reportgen.manifest import manifest_json
    from reportgen.outputs import write_set

    settings = Options(**options)
    path, raw, result = _result(content, settings)
    stem = name or (path.stem if raw is None else "report")
    if settings.lang:
        stem = f"{stem}.{settings.lang}"
    out = Path(out)
    targets = {fmt: out / f"{stem}.{fmt}" for fmt in result.outputs}
    names = {fmt: p.name for fmt, p in targets.items()}
    if raw is None:
        manifest = manifest_json(result, names)
    else:
        # No content file to hash: the manifest records the mapping's canonical JSON instead.
        with tempfile.TemporaryDirectory() as tmp:
            text = json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)
            stand_in = Path(tmp) / "content"
            stand_in.write_text(text, encoding="utf-8")
            manifest = manifest_json(replace(result, content_path=stand_in), names)
    files = {targets[fmt]: data_ for fmt, data_ in result.outputs.items()}
    files[out / f"{stem}.manifest.json"] = manifest.encode("utf-8")
    write_set(files)  # under the folder's lock, all or none
    return targets
