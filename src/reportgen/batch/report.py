"""One report of a batch: built as ``reportgen build`` builds one, then written or compared."""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError


@dataclass(frozen=True)
class Job:
    """What every report of a batch shares: the content, the options, where outputs go."""

    content_path: Path
    out_dir: Path
    template: str | None = None
    formats: tuple[str, ...] = ("pdf", "docx")
    layout: str | None = None
    lang: str | None = None
    lint: bool = True
    check: bool = False
    pdf_standard: str | None = None  # --pdf-standard (None: the theme's)
    docx_charts: str | None = None  # --docx-charts (None: the theme's)
    raw: Any = None  # the content's parse, shared
    cache: Any = None  # reportgen.data.sources.TableCache, shared

    def with_shared(self, **shared: Any) -> Job:
        return dataclasses.replace(self, **shared)

    def preload(self) -> None:
        """Load what every report needs, once per process: the writers' libraries and the
        template's theme and fonts (matplotlib comes with the pool's workers, or when a chart is drawn)."""
        from reportgen import build  # noqa: F401 - compose, content, charts' cache, lint
        from reportgen.lint import check_loaded  # noqa: F401
        from reportgen.templates import find_template
        from reportgen.theme import load_theme
        from reportgen.writers import get_writer

        for fmt in self.formats:
            get_writer(fmt)
        load_theme(find_template(self.template))


# The job of this process's reports (:func:`take_job`): sent once to each worker, not with each report.
_job: Job | None = None


def take_job(job: Job) -> None:
    """Set this process (a pool worker, or the batch's own process) up to build ``job``'s reports."""
    global _job
    _job = job
    job.preload()


def build_assigned(name: str, params: dict[str, str], place: str) -> Outcome:
    """One report of the job :func:`take_job` set up (a pool task: only its row is pickled)."""
    if _job is None:
        raise RuntimeError("build_assigned before take_job")
    return build_report(_job, name, params, place)


@dataclass(frozen=True)
class Outcome:
    name: str
    place: str  # the row the report comes from
    status: str  # built, up to date, out of date, failed
    message: str = ""  # the error, or the stale files
    files: tuple[str, ...] = ()
    seconds: float = 0.0
    exit_code: int = 0

    @classmethod
    def failure(cls, name: str, place: str, err: BaseException, seconds: float = 0.0) -> Outcome:
        if isinstance(err, ReportgenError):
            return cls(name, place, "failed", str(err), seconds=seconds, exit_code=err.exit_code)
        return cls(name, place, "failed", f"internal error: {type(err).__name__}: {err}", seconds=seconds, exit_code=3)


def build_report(job: Job, name: str, params: dict[str, str], place: str) -> Outcome:
    from reportgen.build import build
    from reportgen.data import DataInput

    start = time.perf_counter()
    try:
        result = build(
            job.content_path,
            job.template,
            job.formats,
            layout=job.layout,
            lang=job.lang,
            lint=job.lint,
            data=DataInput(params=params, cache=job.cache, raw=job.raw),
            pdf_standard=job.pdf_standard,
            docx_charts=job.docx_charts,
        )
        stem = f"{name}.{job.lang}" if job.lang else name
        return _finish(job, name, place, stem, result, start)
    except Exception as err:  # noqa: BLE001 - a bad row fails its own report, not the batch
        if os.environ.get("REPORTGEN_DEBUG") and not isinstance(err, ReportgenError):
            raise
        return Outcome.failure(name, place, err, time.perf_counter() - start)


def _finish(job: Job, name: str, place: str, stem: str, result, start: float) -> Outcome:
    from reportgen.manifest import manifest_json, stale_data
    from reportgen.outputs import write_set

    targets = {fmt: job.out_dir / f"{stem}.{fmt}" for fmt in result.outputs}
    manifest = job.out_dir / f"{stem}.manifest.json"
    if job.check:
        stale = [str(p) for fmt, p in targets.items() if not p.is_file() or p.read_bytes() != result.outputs[fmt]]
        if manifest.is_file() and result.data is not None:
            changed = stale_data(manifest.read_text(encoding="utf-8"), result.data)
            if changed:
                stale.append(f"{manifest} (changed: {', '.join(changed)})")
        seconds = time.perf_counter() - start
        if stale:
            return Outcome(name, place, "out of date", "; ".join(stale), tuple(stale), seconds, exit_code=1)
        return Outcome(name, place, "up to date", files=tuple(map(str, targets.values())), seconds=seconds)
    files = {targets[fmt]: data for fmt, data in result.outputs.items()}
    files[manifest] = manifest_json(result, {fmt: p.name for fmt, p in targets.items()}).encode("utf-8")
    write_set(files)  # under the folder's lock, all or none, as a single build writes
    return Outcome(name, place, "built", files=tuple(map(str, targets.values())), seconds=time.perf_counter() - start)
