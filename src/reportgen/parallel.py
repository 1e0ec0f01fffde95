"""Running independent tasks side by side, with the standard library's process pool.

Input: a list of picklable zero-argument callables (``functools.partial`` of module-level
functions: draw a chart, convert a font, build one report of a batch).
Output: their results, in the order given.

One place, one rule for the whole program:

* Width: ``--jobs N`` (:func:`set_jobs`), else ``REPORTGEN_JOBS``, else every core: N processes
  work at once, this one included — it takes tasks from the end of the list while N-1 workers
  take them from the front (``here``), for a build's warm-up and a batch's reports alike. 1 (or a
  single task, or a call from inside a task) runs everything here, in this process, in turn. The
  bytes of a build are the same at any width.
* Workers come from a ``multiprocessing`` *forkserver*: a clean single-threaded process, started
  without forking this one, that imports the heavy modules once (:data:`PRELOAD`, or what the
  first :func:`start` names: the two writers, for a build that writes them side by side) and forks
  each worker from there, with those modules frozen out of garbage collection
  (:mod:`reportgen.forkserver_ready`); it ends without an interpreter teardown
  (:mod:`reportgen.forkserver_start`). So nothing ever forks this process while another thread runs
  here (rich's progress spinner is one), and workers start with their modules loaded. Off Linux, where forking a
  process that loaded system frameworks is unsafe, workers are spawned instead.
* Every worker is stopped and reaped before :func:`run` returns or raises: when a task fails
  (its error is raised here, class and message kept), on Ctrl-C (``KeyboardInterrupt``) and on
  SIGTERM (raised here as :class:`Stopped`). Workers ignore Ctrl-C themselves, so an interrupted
  build prints one message, not one traceback per worker.
* A worker that dies or cannot start is noticed (``concurrent.futures`` marks its pool broken;
  ``multiprocessing.Pool`` would replace the worker and wait for the lost task forever): one
  warning line, and the unfinished tasks run in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from reportgen.errors import InputError

ENV_VAR = "REPORTGEN_JOBS"
# Imported once by the forkserver, inherited by every worker: a chart worker would otherwise spend
# 0.45 s importing matplotlib before drawing anything.
PRELOAD = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "PIL.PngImagePlugin",
    "reportgen.charts.cache",
    "reportgen.charts.kinds",
    "reportgen.charts.pdfops",
    "reportgen.fonts.assemble",
    "fontTools.ttLib",
)

_override: int | None = None
_started = False  # start() ran here: a forkserver is up (or on its way), workers start quickly
_in_worker = False
_in_task = False  # this process runs one of a pool's tasks itself (run(..., here=))
_setup_error: Exception | None = None  # in a worker: what its setup raised
_context = None
_lock = threading.Lock()


class Stopped(BaseException):
    """SIGTERM arrived while tasks ran (a BaseException, like KeyboardInterrupt: nothing should
    catch it as an ordinary error)."""


def set_jobs(jobs: int | None) -> None:
    """The width for this process (the CLI's ``--jobs``); None: back to REPORTGEN_JOBS or the cores."""
    global _override
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be 1 or more, not {jobs}")
    _override = jobs


def jobs() -> int:
    """How many tasks may run at once: ``--jobs``, else ``REPORTGEN_JOBS``, else the usable cores."""
    if _in_worker or _in_task:
        return 1  # a task's own work runs in turn (pool workers cannot have workers)
    if _override is not None:
        return _override
    if os.environ.get("REPORTGEN_NO_FORK"):  # the older switch for "all in turn"
        return 1
    raw = os.environ.get(ENV_VAR, "").strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise InputError(f"{ENV_VAR}={raw!r} must be a whole number, 1 or more")
        return int(raw)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start(preload: Sequence[str] | None = None) -> None:
    """Start the forkserver now (it imports ``preload``, by default :data:`PRELOAD`, on another
    core while this process goes on), if later :func:`run` calls may need workers. Cheap to call
    twice; ``preload`` counts only for the first call (one forkserver serves the process)."""
    global _started
    if jobs() > 1:
        ctx = _get_context(preload)
        if ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
            _started = True  # (a spawned worker imports everything itself: nothing is ready early)


def started() -> bool:
    """Whether :func:`start` has run in this process (so a worker needs no forkserver start of
    its own: worth asking for one short task)."""
    return _started and jobs() > 1


def run(
    tasks: Sequence[Callable[[], Any]],
    jobs_: int | None = None,
    *,
    setup: Callable[[], Any] | None = None,
    done: Callable[[int, Any], None] | None = None,
    here: int = 0,
) -> list[Any]:
    """Run every task once, up to ``jobs_`` (default :func:`jobs`) at a time; results in task
    order. Tasks are handed out in order: put the longest first.

    ``setup`` (picklable) runs once in each worker before its first task, and once here before
    this process runs one: what every task needs loaded (a batch's theme and writers).
    ``done(index, result)`` is called here as each task finishes, in whatever order they finish.
    ``here``: the last ``here`` tasks may also run in this process, which then counts as one of
    the ``jobs_``: it takes them from the end of the list while the workers take tasks from the
    front, until the two meet (a task a worker has taken is never run twice). So this process
    works from the start, while the workers are still starting, and the work balances itself.

    A worker that dies (killed, out of memory) or cannot start never leaves this call waiting:
    the pool reports itself broken, one warning line says so, and the tasks not finished yet run
    here, in turn — the same results, later.
    """
    tasks = list(tasks)
    here = max(0, min(here, len(tasks)))
    width = min((jobs_ or jobs()) - (here > 0), len(tasks))
    if width < 1 or (width < 2 and not here):
        return _run_here(tasks, range(len(tasks)), [None] * len(tasks), setup, done)
    # Imported here: a warm build starts no worker and need not pay for the executor's modules.
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    results: list[Any] = [None] * len(tasks)
    left = set(range(len(tasks)))
    with _sigterm_raises():
        # The forkserver was started with the environment of its time; each worker takes this
        # process's current one (the cache folder, SOURCE_DATE_EPOCH), as a forked child would.
        # One flag per task, shared with the workers: whoever sets it first runs the task. (Not
        # Future.cancel(): Python 3.11's pool fails on a cancelled future when it has to stop.)
        claims = _get_context().Array("b", len(tasks)) if here else None
        pool = ProcessPoolExecutor(
            width, mp_context=_get_context(), initializer=_worker_init, initargs=(dict(os.environ), setup, claims)
        )
        try:
            ready = setup is None
            waiting: dict = {}  # future -> task index

            def take(future) -> None:  # a worker's result
                index = waiting.pop(future)
                result = future.result()  # a task's own error is raised here
                if result is _TAKEN:  # this process ran it
                    return
                results[index] = result
                left.discard(index)
                if done is not None:
                    done(index, results[index])

            try:
                # A worker can die while later tasks are still being handed out: submit then
                # raises the broken pool, handled below like a death noticed while waiting.
                with _caller_script_hidden():  # the workers start here, one per submit
                    for index, task in enumerate(tasks):
                        waiting[pool.submit(_call, task, index)] = index
                for index in range(len(tasks) - 1, len(tasks) - 1 - here, -1):
                    # The workers take tasks in order: one they have claimed means every earlier
                    # one is theirs too.
                    if not _claim(claims, index):
                        break
                    if not ready:
                        setup()
                        ready = True
                    results[index] = _here(tasks[index])
                    left.discard(index)
                    if done is not None:
                        done(index, results[index])
                    for future in [f for f in waiting if f.done()]:  # progress as it comes
                        take(future)
                for future in as_completed(list(waiting)):
                    take(future)
            except BrokenProcessPool:
                _stop(pool)
                _warn(f"a worker process ended unexpectedly; the {len(left)} unfinished task(s) run in this process")
                return _run_here(tasks, sorted(left), results, None if ready else setup, done)
            pool.shutdown(wait=True)
        except BaseException:
            _stop(pool)  # every worker stopped and reaped before the error goes on
            raise
    return results


def _here(task: Callable[[], Any]) -> Any:
    """Run one task in this process, its own work in turn, as in a worker: a batch's report
    built here must not start a pool of its own beside the one running."""
    global _in_task
    outer, _in_task = _in_task, True
    try:
        return task()
    finally:
        _in_task = outer


def _run_here(tasks, indexes, results: list[Any], setup, done) -> list[Any]:
    if setup is not None:
        setup()
    for index in indexes:
        results[index] = tasks[index]()
        if done is not None:
            done(index, results[index])
    return results


def _stop(pool) -> None:
    """Terminate (SIGTERM) every worker and reap it. ``shutdown`` alone would wait for running
    tasks to finish; Python 3.14's ``terminate_workers`` does this, earlier versions have only the
    executor's own table of its processes."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
    else:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()
    pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _caller_script_hidden() -> Iterator[None]:
    """While workers start: a main module with no file, as ``python -c`` has.

    A forkserver or spawned child first re-runs the main module from its path (multiprocessing's
    rule, so that functions of a script can be unpickled). Our tasks are functions of importable
    modules and never need the caller's script; re-running it is impossible for a script read from
    stdin (the path ``<stdin>`` does not exist: every worker died at start, the lead's hang) and,
    for a script without an ``if __name__ == "__main__"`` guard, builds its report again in each
    worker. Workers start only inside :func:`ProcessPoolExecutor.submit`, in this thread.
    """
    real = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if real is not None:
            sys.modules["__main__"] = real


def _warn(message: str) -> None:
    from reportgen.cachedir import warn

    warn(message)


class _Taken:
    """What a worker returns for a task this process has claimed (and runs itself)."""

    def __reduce__(self):
        return "_TAKEN"  # unpickles as this module's one instance


_TAKEN = _Taken()
_claims = None  # in a worker: the run's shared claim flags, or None


def _claim(claims, index: int) -> bool:
    """Set task ``index``'s flag; False if another process set it first."""
    if claims is None:
        return True
    with claims.get_lock():
        if claims[index]:
            return False
        claims[index] = 1
        return True


def _call(task: Callable[[], Any], index: int) -> Any:
    if not _claim(_claims, index):
        return _TAKEN
    if _setup_error is not None:
        raise _setup_error
    return task()


def _get_context(preload: Sequence[str] | None = None):
    global _context
    with _lock:
        if _context is None:
            if sys.platform.startswith("linux"):
                _context = multiprocessing.get_context("forkserver")
                modules = PRELOAD if preload is None else preload
                _context.set_forkserver_preload(["reportgen.forkserver_start", *modules, "reportgen.forkserver_ready"])
            else:
                _context = multiprocessing.get_context("spawn")
        return _context


def _worker_init(environ: dict[str, str], setup: Callable[[], Any] | None, claims=None) -> None:
    global _in_worker, _claims
    _in_worker = True
    _claims = claims
    os.environ.clear()
    os.environ.update(environ)
    # Ctrl-C reaches the whole process group: the parent alone handles it (and stops us).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    global _setup_error
    if setup is not None:
        try:
            setup()
        except Exception as err:  # noqa: BLE001 - raised by each task instead: a pool whose
            _setup_error = err  # initializer fails would restart workers forever


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While workers run, SIGTERM raises :class:`Stopped` here, so they are stopped and reaped."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the caller's own handling stands
        return

    def handler(signum, frame):
        raise Stopped()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
