"""Running independent work side by side on a multi-core machine.

Two shapes of work, both with forked workers (cheap: the children share the parent's imports and
the composed document, nothing is pickled on the way in):

* :func:`run_jobs` — the writers: a build writes a PDF and a DOCX from the same model and
  neither needs the other. A forked child writes the second format while the parent writes the
  first.
* :func:`run_tasks` — cache warming (:mod:`reportgen.warmup`): a list of small tasks (draw a
  chart, convert a font) taken from a shared queue by as many workers as there are cores, the
  parent among them, so a long task on one core never leaves the other idle.

Where ``fork`` is unavailable (or a single core, or ``REPORTGEN_NO_FORK`` is set), everything
simply runs one after the other in this process. Results are the same bytes either way.
"""

from __future__ import annotations

import os
import pickle
import struct
import time
from collections.abc import Callable
from typing import Any

from reportgen.errors import ReportgenError

_INDEX = struct.Struct("<I")  # queue entries: 4 bytes, well under PIPE_BUF, so reads never interleave


def _can_fork() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and not os.environ.get("REPORTGEN_NO_FORK")


def _fork(work: Callable[[], Any]) -> tuple[int, int]:
    """Run ``work`` in a child; returns (pid, fd to read its pickled outcome from)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: do the work, send back the result or the error, never return
        os.close(read_fd)
        try:
            payload = ("ok", work())
        except ReportgenError as err:
            payload = ("error", (type(err), str(err)))
        except BaseException as err:  # noqa: BLE001 - reported by the parent as an internal error
            payload = ("error", (ReportgenError, f"{type(err).__name__}: {err}"))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(pickle.dumps(payload))
        os._exit(0)
    os.close(write_fd)
    return pid, read_fd


def _collect(pid: int, read_fd: int, what: str) -> Any:
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        raise ReportgenError(f"{what} failed in its worker process")
    kind, value = pickle.loads(data)
    if kind == "error":
        error_type, message = value
        raise error_type(message)
    return value


def run_jobs(jobs: dict[str, Callable[[], bytes]]) -> dict[str, tuple[bytes, float]]:
    """Run each job; returns name -> (bytes, seconds). A ReportgenError in any job is raised here."""
    names = list(jobs)
    if len(names) < 2 or not _can_fork():
        return {name: _timed(jobs[name]) for name in names}
    first, rest = names[0], names[1:]
    children = [(name, *_fork(lambda name=name: _timed(jobs[name]))) for name in rest]
    results = {first: _timed(jobs[first])}
    for name, pid, read_fd in children:
        results[name] = _collect(pid, read_fd, f"writing {name}")
    return results


def run_tasks(tasks: list[Callable[[], Any]], workers: int | None = None) -> list[Any]:
    """Run every task once, on up to ``workers`` cores (default: all); results in task order.

    Tasks are taken in list order, so put the longest first. Results must be picklable.
    """
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    if workers < 2 or not _can_fork():
        return [task() for task in tasks]
    queue_read, queue_write = os.pipe()
    os.write(queue_write, b"".join(_INDEX.pack(i) for i in range(len(tasks))))
    os.close(queue_write)  # workers stop at end of file

    def drain() -> dict[int, Any]:
        done = {}
        while len(entry := os.read(queue_read, _INDEX.size)) == _INDEX.size:
            (index,) = _INDEX.unpack(entry)
            done[index] = tasks[index]()
        return done

    children = [_fork(drain) for _ in range(workers - 1)]
    try:
        done = drain()
    finally:
        os.close(queue_read)
    for pid, read_fd in children:
        done.update(_collect(pid, read_fd, "preparing charts and fonts"))
    return [done[i] for i in range(len(tasks))]


def _timed(job: Callable[[], bytes]) -> tuple[bytes, float]:
    start = time.perf_counter()
    return job(), round(time.perf_counter() - start, 4)
