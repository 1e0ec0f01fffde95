"""Batch: one content file, one report per row (or group of rows) of one of its data sources.

Input: a content file, ``SOURCE[:COLUMN]`` naming one of its ``data:`` sources (and a column to
group its rows by), the build options.
Output: for each row or group, ``OUT/<name>.pdf``/``.docx``/``.manifest.json`` — the row's fields
are the report's ``${parameters}`` and ``<name>`` is one of them — and a :class:`BatchResult`
saying which were built, which failed and why (each error naming its row).

Each report is built exactly as ``reportgen build`` builds one (same checks, same atomic writes,
same bytes); a bad row fails only its own report. The whole batch is one process tree: the
content is parsed, the template, theme and writers loaded and the data sources read once, then
each report is a task of the one process pool (:func:`reportgen.parallel.run`): each worker is
set up once with the batch's job (its theme, fonts and writers loaded), then builds report after
report.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen.batch.report import Job, Outcome, build_assigned, take_job
from reportgen.errors import InputError

__all__ = ["Entity", "BatchResult", "entities", "run_batch"]


@dataclass(frozen=True)
class Entity:
    name: str  # the output stem
    params: dict[str, str]
    place: str  # the (first) row it comes from: "districts.csv:7"
    problem: str | None = None  # set when the row cannot even name its outputs


@dataclass(frozen=True)
class BatchResult:
    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        """The worst: an internal error 3, bad input 2, a stale output under --check 1, else 0."""
        return max((o.exit_code for o in self.outcomes), default=0)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_stem(value: str) -> str:
    """A field value as a file name: no folders, no hidden files, nothing Windows refuses."""
    return _UNSAFE.sub("_", value).strip(" .")


def parse_each(each: str) -> tuple[str, str | None]:
    source, _, column = each.partition(":")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", source):
        raise InputError(f"--each {each!r}: expected SOURCE[:COLUMN], SOURCE a name under the content's `data:`")
    return source, column or None


def entities(
    content_path: Path, raw: dict, each: str, name_field: str | None, cache, params: dict[str, str] | None = None
) -> list[Entity]:
    """The reports a batch makes: one per row of the source, or per distinct value of COLUMN."""
    from reportgen.content.yamlio import format_loc, line_of
    from reportgen.data.bind import DataUse, parse_model
    from reportgen.data.params import as_params
    from reportgen.data.schema import SourceIn
    from reportgen.data.sources import Sources

    source_name, column = parse_each(each)

    def where(loc) -> str:
        return f"{content_path.name}:{line_of(raw, loc)}: {format_loc(loc)}"

    declared = raw.get("data") if isinstance(raw, dict) else None
    if not isinstance(declared, dict) or source_name not in declared:
        known = ", ".join(sorted(declared or {})) or "none"
        raise InputError(
            f"--each {each}: {content_path.name} declares no data source {source_name!r} (sources: {known})"
        )
    spec = parse_model(SourceIn, declared[source_name], ["data", source_name], where)
    defaults = {**as_params(raw.get("params"), where(["params"])), **(params or {})}
    sources = Sources({source_name: spec}, content_path.parent, where, {}, cache, DataUse())
    table, _ = sources.table(source_name, None, defaults, ["data", source_name])
    field = name_field or column or spec.key
    if field is None:
        raise InputError(
            f"--each {each}: which field names the outputs? Give --each {source_name}:COLUMN or --name FIELD"
        )
    for wanted in dict.fromkeys(c for c in (column, field) if c):
        table.column_index(wanted, f"--each {each}")

    groups: dict[str, list[int]] = {}
    if column is None:
        groups = {str(i): [i] for i in range(len(table.rows))}
    else:
        c = table.columns.index(column)
        for i, row in enumerate(table.rows):
            groups.setdefault(table.text(i, c) if not row.problem else f"\0{i}", []).append(i)
    out: list[Entity] = []
    used: dict[str, str] = {}
    for rows in groups.values():
        first = table.rows[rows[0]]
        if first.problem:
            out.append(Entity(f"row {first.place}", {}, first.place, f"{first.place}: {first.problem}"))
            continue
        records = [table.record(i) for i in rows]
        # A group's parameters: the fields every row of it agrees on (its key among them).
        params = {k: v for k, v in records[0].items() if all(r.get(k) == v for r in records)}
        value = records[0].get(field, "")
        name = safe_stem(value)
        problem = None
        if not name:
            problem = f"{table.place(rows[0], table.columns.index(field))}: empty, but it names the outputs"
        elif name in used:
            problem = f'{first.place}: output name "{name}" is already used by {used[name]}'
        else:
            used[name] = first.place
        out.append(Entity(name or f"row {first.place}", {**defaults, **params}, first.place, problem))
    if not out:
        raise InputError(f"--each {each}: {table.name} has no rows")
    return out


def run_batch(
    content_path: Path,
    each: str,
    job: Job,
    name_field: str | None = None,
    params: dict[str, str] | None = None,
    on_done: Callable[[Outcome, int, int], None] = lambda *_: None,
    on_start: Callable[[int], None] = lambda _: None,
) -> BatchResult:
    from reportgen.content.yamlio import load_mapping
    from reportgen.data.sources import TableCache

    raw = load_mapping(content_path)
    cache = TableCache()
    todo = entities(content_path, raw, each, name_field, cache, params)
    on_start(len(todo))
    job = job.with_shared(raw=raw, cache=cache)
    outcomes: list[Outcome] = []
    ready = []
    for entity in todo:
        if entity.problem is not None:
            outcomes.append(Outcome.failure(entity.name, entity.place, InputError(entity.problem)))
            on_done(outcomes[-1], len(outcomes), len(todo))
        else:
            ready.append(entity)

    def done(_index: int, outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_done(outcome, len(outcomes), len(todo))

    from reportgen import parallel

    # A report never raises (its failure is its outcome); Ctrl-C and SIGTERM stop every worker.
    tasks = [functools.partial(build_assigned, e.name, e.params, e.place) for e in ready]
    # This process builds reports too (from the end of the list), so --jobs N is N processes
    # building at once, as in a single build.
    parallel.run(tasks, setup=functools.partial(take_job, job), done=done, here=len(tasks))
    order = {e.name: i for i, e in enumerate(todo)}
    return BatchResult(sorted(outcomes, key=lambda o: order.get(o.name, 0)))
