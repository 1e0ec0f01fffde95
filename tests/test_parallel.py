"""Writers side by side: the same bytes as one after the other, and errors still reach the caller."""

import os

import pytest

from reportgen.errors import InputError
from reportgen.parallel import run_jobs


def jobs():
    return {"pdf": lambda: b"%PDF" * 1000, "docx": lambda: bytes(range(256)) * 4000}


def test_forked_and_sequential_give_the_same_bytes(monkeypatch):
    forked = {name: data for name, (data, _) in run_jobs(jobs()).items()}
    monkeypatch.setenv("REPORTGEN_NO_FORK", "1")
    sequential = {name: data for name, (data, _) in run_jobs(jobs()).items()}
    assert forked == sequential
    assert list(forked) == ["pdf", "docx"]


def test_an_input_error_in_the_worker_is_raised_in_the_caller():
    def bad():
        raise InputError("briefing.yaml:3: something")

    with pytest.raises(InputError, match=r"^briefing\.yaml:3: something$"):
        run_jobs({"pdf": lambda: b"x", "docx": bad})


def test_a_crash_in_the_worker_is_reported_not_lost():
    def crash():
        raise RuntimeError("boom")

    with pytest.raises(Exception, match="RuntimeError: boom"):
        run_jobs({"pdf": lambda: b"x", "docx": crash})


def test_tasks_run_once_each_results_in_order(tmp_path, monkeypatch):
    from reportgen.parallel import run_tasks

    def task(n):
        def run():
            (tmp_path / f"ran-{n}-{os.getpid()}").touch()
            return n * n

        return run

    forked = run_tasks([task(n) for n in range(9)])
    assert forked == [n * n for n in range(9)]
    ran = sorted(p.name.split("-")[1] for p in tmp_path.iterdir())
    assert ran == sorted(str(n) for n in range(9))  # each task exactly once, across the workers
    monkeypatch.setenv("REPORTGEN_NO_FORK", "1")
    assert run_tasks([task(n) for n in range(9)]) == forked


def test_a_failing_task_is_reported_by_the_caller():
    from reportgen.parallel import run_tasks

    def bad():
        raise InputError("chart 'x': broken")

    with pytest.raises(InputError, match="chart 'x': broken"):
        run_tasks([lambda: 1, bad, lambda: 3, lambda: 4])


def _square(n):
    return n * n


def _record_pid(folder, n):
    (folder / f"{n}-{os.getpid()}").touch()
    return n


def test_early_pool_runs_pickled_tasks_and_the_parent_helps(tmp_path):
    import functools

    from reportgen.parallel import EarlyPool

    pool = EarlyPool(preload=lambda: None)
    assert pool.workers >= 1  # the test machine has two cores
    tasks = [functools.partial(_record_pid, tmp_path, n) for n in range(40)]
    # A task list far larger than a pipe's buffer still reaches the workers.
    tasks += [functools.partial(_square, n) for n in range(20000)]
    results = pool.run(tasks, alongside=lambda: None, join=True)
    assert results == list(range(40)) + [n * n for n in range(20000)]
    assert sorted(int(p.name.split("-")[0]) for p in tmp_path.iterdir()) == list(range(40))
    pool.close()  # nothing left to stop


def test_early_pool_closed_unused_leaves_no_process_behind():
    import time

    from reportgen.parallel import EarlyPool

    pool = EarlyPool(preload=lambda: time.sleep(30))  # a worker still "importing"
    pids = [pid for pid, _, _ in pool._children]
    pool.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already


def test_early_pool_reports_a_failing_task():
    import functools

    from reportgen.parallel import EarlyPool

    pool = EarlyPool(preload=lambda: None)
    tasks = [functools.partial(_square, n) for n in range(4)] + [functools.partial(_square, "x")]
    with pytest.raises(Exception, match="TypeError"):
        pool.run(tasks, join=False)  # only the workers draw: the error comes from one
