"""A batch runs on the one process pool (reportgen.parallel): no fork of the batch's process while
its progress thread runs, every report built by a worker set up once, and every worker (and the
forkserver) gone after Ctrl-C or SIGTERM, with one message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.batch.test_batch import copy_example, districts
from tests.test_parallel import _gone, interruptible, signal_when_started

from reportgen import parallel


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (the forkserver and its workers are grandchildren)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[0] != "Z":
                parents[int(entry.name)] = int(stat[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_reports_are_pool_tasks_and_nothing_forks_the_batch_process(tmp_path, monkeypatch):
    from reportgen.batch import run_batch
    from reportgen.batch.report import Job, build_assigned

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REPORTGEN_JOBS", "2")
    content = copy_example(tmp_path)
    forks: list[int] = []
    os.register_at_fork(before=lambda: forks.append(threading.active_count()))
    stop = threading.Event()
    widths = []
    real = parallel.run

    def spy(tasks, jobs_=None, **kwargs):
        # --jobs N is N processes building at once: N-1 workers and this process, which may take
        # every report (from the end of the list). A report built here calls run() again for its
        # own warm-up (in turn: jobs() is 1 inside a task); only the batch's call is counted.
        if all(getattr(t, "func", None) is build_assigned for t in tasks):
            widths.append((min((jobs_ or parallel.jobs()) - 1, len(tasks)), kwargs.get("here") == len(tasks)))
        else:
            assert parallel.jobs() == 1
        return real(tasks, jobs_, **kwargs)

    monkeypatch.setattr(parallel, "run", spy)

    def on_start(_total: int) -> None:  # as the CLI starts rich's progress bar (a thread)
        threading.Thread(target=stop.wait, daemon=True).start()

    try:
        job = Job(content_path=content, out_dir=tmp_path / "out", formats=("pdf",))
        result = run_batch(content, "districts:district", job, on_start=on_start)
    finally:
        stop.set()
    assert [o.status for o in result.outcomes] == ["built"] * len(districts())
    assert widths == [(1, True)] and forks == []  # one worker beside this process; workers from the forkserver only
    assert sorted(p.stem for p in (tmp_path / "out").glob("*.pdf")) == sorted(districts())


@pytest.mark.parametrize(
    ("how", "code", "message"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped")]
)
def test_an_interrupted_batch_reaps_every_worker(tmp_path, how, code, message):
    content = copy_example(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_DEBUG"}
    # 3 jobs: two workers beside the batch process (which builds reports too).
    env |= {"REPORTGEN_CACHE_DIR": str(tmp_path / "cache"), "REPORTGEN_JOBS": "3", "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportgen",
            "build",
            str(content),
            "--each",
            "districts:district",
            "--out",
            str(tmp_path / "out"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=interruptible,
    )
    seen: set[int] = set()

    def pool_started() -> bool:  # the forkserver and 2 workers
        seen.update(_children(child.pid))
        return len(seen) >= 3

    err = signal_when_started(child, pool_started, how, within=120, what="the pool never started")
    assert len(seen) >= 3
    assert child.returncode == code, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], err
    assert _gone(seen)
