"""Running independent work side by side on a multi-core machine.

Two shapes of work, both with forked workers (cheap: the children share the parent's imports and
the composed document, nothing is pickled on the way in):

* :func:`run_jobs` — the writers: a build writes a PDF and a DOCX from the same model and
  neither needs the other. A forked child writes the second format while the parent writes the
  first.
* :func:`run_tasks` — cache warming (:mod:`reportgen.warmup`): a list of small tasks (draw a
  chart, convert a font) taken from a shared queue by as many workers as there are cores, the
  parent among them, so a long task on one core never leaves the other idle.
* :class:`EarlyPool` — the same queue, served by a worker forked *before* the tasks are known, at
  the start of a build: while the parent reads and composes the content on one core, it imports
  matplotlib on another (0.45 s of a cold build otherwise spent waiting), then forks helpers that
  share that import. The tasks reach it pickled. A build that turns out to need no drawing kills
  it unused.

Off Linux (a fork after numpy or matplotlib have loaded is unsafe on macOS), on a single core, or
with ``REPORTGEN_NO_FORK`` set, everything simply runs one after the other in this process.
Results are the same bytes either way.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError

_INDEX = struct.Struct("<I")  # queue entries: 4 bytes, well under PIPE_BUF, so reads never interleave


def _can_fork() -> bool:
    # Linux only: on macOS a child forked after numpy/matplotlib have loaded system frameworks can
    # hang or crash (the reason Python's multiprocessing spawns there). Elsewhere it all runs here.
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and not os.environ.get("REPORTGEN_NO_FORK")


def _fork(work: Callable[[], Any]) -> tuple[int, int]:
    """Run ``work`` in a child; returns (pid, fd to read its pickled outcome from)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _fork_body(work, write_fd)
    os.close(write_fd)
    return pid, read_fd


def _fork_body(work: Callable[[], Any], write_fd: int) -> None:
    """In a child: do the work, send back the result or the error, never return."""
    try:
        payload = ("ok", work())
    except ReportgenError as err:
        payload = ("error", (type(err), str(err)))
    except BaseException as err:  # noqa: BLE001 - reported by the parent as an internal error
        payload = ("error", (ReportgenError, f"{type(err).__name__}: {err}"))
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write(pickle.dumps(payload))
    os._exit(0)


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
    try:
        done = _drain_together(
            queue_read,
            tasks,
            workers - 1,
            fill=lambda: _fill(queue_write, len(tasks)),
            in_child=lambda: os.close(queue_write),
        )  # or it never sees the queue end
    finally:
        os.close(queue_read)
    return [done[i] for i in range(len(tasks))]


def _fill(queue_write: int, count: int) -> None:
    """Queue task indices 0..count-1, then close: workers stop at the end of the queue."""
    data = memoryview(b"".join(_INDEX.pack(i) for i in range(count)))
    try:
        while data:
            data = data[os.write(queue_write, data) :]
    finally:
        os.close(queue_write)


def _drain(queue_fd: int, tasks: list[Callable[[], Any]]) -> dict[int, Any]:
    done = {}
    while len(entry := os.read(queue_fd, _INDEX.size)) == _INDEX.size:
        (index,) = _INDEX.unpack(entry)
        done[index] = tasks[index]()
    return done


def _drain_together(
    queue_fd: int,
    tasks: list[Callable[[], Any]],
    helpers: int,
    fill: Callable[[], None] = lambda: None,
    in_child: Callable[[], None] = lambda: None,
) -> dict[int, Any]:
    """Drain the queue here and in ``helpers`` forked children (``in_child`` runs first in each;
    ``fill`` queues the tasks once they are forked); returns index -> result for all of them."""

    def work() -> dict[int, Any]:
        in_child()
        return _drain(queue_fd, tasks)

    children = [_fork(work) for _ in range(helpers)]
    fill()
    done = _drain(queue_fd, tasks)
    for pid, read_fd in children:
        done.update(_collect(pid, read_fd, "preparing charts and fonts"))
    return done


class EarlyPool:
    """A worker forked now, that :meth:`run` later hands picklable tasks to.

    It is one process at first, so that the import it preloads costs one core while the parent
    works on the other; once it has the tasks it forks helpers that share what it imported, so
    the drawing then runs on every core without importing matplotlib again.
    """

    def __init__(self, preload: Callable[[], None], workers: int | None = None) -> None:
        self._children: list[tuple[int, int, int]] = []  # (pid, task pipe, result pipe)
        self._queue: tuple[int, int] | None = None
        self._workers = min(workers or os.cpu_count() or 1, 4)
        if not _can_fork():
            return
        self._queue = os.pipe()
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            for fd in (task_write, result_read, self._queue[1]):
                os.close(fd)
            self._serve(preload, task_read, result_write)
        os.close(task_read)
        os.close(result_write)
        self._children.append((pid, task_write, result_read))

    def _serve(self, preload, task_read: int, result_write: int) -> None:  # in the child; never returns
        try:
            preload()
        except Exception:  # noqa: BLE001 - a failed preload only means the tasks import it themselves
            pass
        with os.fdopen(task_read, "rb") as pipe:
            where = pipe.read()  # the task file's path, or nothing: no tasks, stop
        if not where:
            os._exit(0)
        tasks = pickle.loads(Path(os.fsdecode(where)).read_bytes())
        _fork_body(lambda: self._lead(tasks), result_write)

    def _lead(self, tasks: list[Callable[[], Any]]) -> dict[int, Any]:
        return _drain_together(self._queue[0], tasks, min(self._workers, len(tasks)) - 1)

    @property
    def workers(self) -> int:
        """Processes that will take tasks (0: none was forked; :meth:`run` runs them here)."""
        return self._workers if self._children else 0

    def run(
        self, tasks: list[Callable[[], Any]], alongside: Callable[[], None] = lambda: None, join: bool = True
    ) -> list[Any]:
        """Run ``tasks`` on the pool's workers. Meanwhile the parent calls ``alongside()``, then,
        if ``join``, takes what is still queued itself."""
        if not self._children:
            alongside()
            return [task() for task in tasks]
        (queue_read, queue_write), self._queue = self._queue, None
        # The task list goes through a file: a pipe holds 64 KB, and writing more would wait for
        # workers still busy importing.
        with tempfile.NamedTemporaryFile(prefix="reportgen-tasks-", delete=False) as handle:
            handle.write(pickle.dumps(tasks, protocol=pickle.HIGHEST_PROTOCOL))
        task_file = Path(handle.name)
        children = self._children
        for _, task_write, _ in children:
            os.write(task_write, os.fsencode(str(task_file)))
            os.close(task_write)
        self._children = [(pid, -1, result_read) for pid, _, result_read in children]
        # Only now fill the queue: more than a pipe's 64 KB of entries waits for the workers to read.
        _fill(queue_write, len(tasks))
        try:
            alongside()
            done = _drain(queue_read, tasks) if join else {}
        except BaseException:
            self.close()
            task_file.unlink(missing_ok=True)
            raise
        finally:
            os.close(queue_read)
        self._children = []
        try:
            for pid, _, result_read in children:
                done.update(_collect(pid, result_read, "preparing charts"))
        finally:
            task_file.unlink(missing_ok=True)
        return [done[i] for i in range(len(tasks))]

    def close(self) -> None:
        """Stop workers that were never given tasks (they may still be importing)."""
        children, self._children = self._children, []
        for pid, task_write, result_read in children:
            os.kill(pid, signal.SIGKILL)
            for fd in (task_write, result_read):
                if fd >= 0:
                    os.close(fd)
            os.waitpid(pid, 0)
        if self._queue is not None:
            for fd in self._queue:
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._queue = None


def _timed(job: Callable[[], bytes]) -> tuple[bytes, float]:
    start = time.perf_counter()
    return job(), round(time.perf_counter() - start, 4)
