"""Running independent writers side by side on a multi-core machine.

A build writes a PDF and a DOCX from the same model; neither needs the other, and on a cold cache
each spends seconds of CPU (font conversion for the PDF, chart PNGs for the DOCX). A forked child
writes the second format while the parent writes the first. Where ``fork`` is unavailable (or a
single core), the jobs simply run one after the other. Results are the same bytes either way.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable

from reportgen.errors import ReportgenError


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and not os.environ.get("REPORTGEN_NO_FORK")


def run_jobs(jobs: dict[str, Callable[[], bytes]]) -> dict[str, tuple[bytes, float]]:
    """Run each job; returns name -> (bytes, seconds). A ReportgenError in any job is raised here."""
    names = list(jobs)
    if len(names) < 2 or not _can_fork():
        return {name: _timed(jobs[name]) for name in names}
    first, rest = names[0], names[1:]
    children = []
    for name in rest:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: do one job, send back the bytes or the error, never return
            os.close(read_fd)
            try:
                payload = ("ok", _timed(jobs[name]))
            except ReportgenError as err:
                payload = ("error", (type(err), str(err)))
            except BaseException as err:  # noqa: BLE001 - reported by the parent as an internal error
                payload = ("error", (ReportgenError, f"{type(err).__name__}: {err}"))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(pickle.dumps(payload))
            os._exit(0)
        os.close(write_fd)
        children.append((name, pid, read_fd))
    results = {first: _timed(jobs[first])}
    for name, pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise ReportgenError(f"writing {name} failed in its worker process")
        kind, value = pickle.loads(data)
        if kind == "error":
            error_type, message = value
            raise error_type(message)
        results[name] = value
    return results


def _timed(job: Callable[[], bytes]) -> tuple[bytes, float]:
    start = time.perf_counter()
    return job(), round(time.perf_counter() - start, 4)
