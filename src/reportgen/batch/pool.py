"""The batch's one call that spreads reports over the cores.

Reports are independent and each is a few tenths of a second of CPU, so the unit of work is a
whole report: forked workers (one per core) take them in turn. Forking, not spawning: the workers
inherit the parent's imports (writers, fonts, matplotlib), the parsed content and the data
already read, so nothing is imported or read twice and only the task's index and a small
:class:`~reportgen.batch.report.Outcome` cross between processes. A worker builds its report
in turn (no further forks: the cores are busy with the other reports).

Off Linux, on one core, or with ``REPORTGEN_NO_FORK`` set, the reports are built one after the
other in this process; the bytes are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

_TASKS: list[Callable[[], Any]] = []


def can_fork() -> bool:
    return sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1 and not os.environ.get("REPORTGEN_NO_FORK")


def _in_worker() -> None:
    os.environ["REPORTGEN_NO_FORK"] = "1"  # the other cores are building other reports


def _run(index: int) -> Any:
    return _TASKS[index]()


def run_all(tasks: list[Callable[[], Any]], done: Callable[[Any], None], workers: int | None = None) -> None:
    """Run every task once; ``done`` gets each result as it comes (in this process). Tasks must
    not raise (they return their failure): a worker that dies is reported by the exception."""
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    if workers < 2 or not can_fork():
        for task in tasks:
            done(task())
        return
    global _TASKS
    _TASKS = tasks  # the workers are forked after this, so they have the tasks without pickling
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_in_worker) as pool:
            futures = [pool.submit(_run, i) for i in range(len(tasks))]
            for future in as_completed(futures):
                done(future.result())
    finally:
        _TASKS = []
