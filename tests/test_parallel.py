"""The process pool (reportgen.parallel): results in order at any width, errors raised with their
class, no fork of this process while another thread runs, and no worker left behind — after a
failing task, on Ctrl-C and on SIGTERM. The interrupt cases run in a child Python whose workers
write their pids to files, so the test knows exactly which processes must be gone."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from reportgen import parallel
from reportgen.errors import InputError


def interruptible() -> None:
    """``preexec_fn`` for a child that must take Ctrl-C: a non-interactive shell starts background
    jobs with SIGINT ignored, the ignoring is inherited, and Python then installs no handler at all
    (the child would run to the end). Give it the disposition a terminal's foreground job has."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


SRC = Path(__file__).resolve().parents[1] / "src"

# Tasks live in a module of their own, importable by the workers (the forkserver imports by name).
TASKS = """
import os, time
from pathlib import Path
from reportgen.errors import InputError

def pid_after(seconds):
    time.sleep(seconds)
    return os.getpid()

def record_and_sleep(folder, seconds):
    Path(folder, str(os.getpid())).write_text("")
    time.sleep(seconds)
    return os.getpid()

def set_env(name, value):
    os.environ[name] = value

def env(name, seconds):
    time.sleep(seconds)
    return os.environ.get(name)

def killed_once(folder, n):
    # The first run of task 0 dies as a worker killed mid-job would (no exception, no result).
    Path(folder, str(os.getpid())).write_text("")
    if n == 0 and not Path(folder, "killed").exists():
        Path(folder, "killed").write_text("")
        os.kill(os.getpid(), 9)
    time.sleep(0.2)
    return n * n

def collector(seconds):
    import gc, sys
    time.sleep(seconds)
    return gc.isenabled(), gc.get_freeze_count(), "reportgen.forkserver_ready" in sys.modules

def fail_after(folder, seconds):
    Path(folder, str(os.getpid())).write_text("")
    time.sleep(seconds)
    raise InputError("briefing.yaml:3: bad value")
"""

DRIVER = """
import functools, sys
import tasks_for_test as t
from reportgen import parallel

def main():
    folder, mode = sys.argv[1], sys.argv[2]
    work = [functools.partial(t.record_and_sleep, folder, 60) for _ in range(2)]
    if mode == "fail":
        work = [functools.partial(t.fail_after, folder, 0.5), functools.partial(t.record_and_sleep, folder, 60)]
    try:
        parallel.run(work, 2)
    except KeyboardInterrupt:
        print("reportgen: interrupted", file=sys.stderr); sys.exit(130)
    except parallel.Stopped:
        print("reportgen: stopped", file=sys.stderr); sys.exit(143)
    except Exception as err:
        print(f"reportgen: error: {err}", file=sys.stderr); sys.exit(2)

if __name__ == "__main__":  # workers import the main module: as with any multiprocessing program
    main()
"""


@pytest.fixture()
def task_module(tmp_path, monkeypatch):
    (tmp_path / "tasks_for_test.py").write_text(TASKS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path), str(SRC), os.environ.get("PYTHONPATH", "")]))
    import importlib

    return importlib.import_module("tasks_for_test")


def _gone(pids, within=10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not [p for p in pids if Path(f"/proc/{p}").exists() and _state(p) != "Z"]:
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def signal_when_started(child, started, how, *, within: float = 60.0, what: str = "workers never started") -> str:
    """Wait until ``started()`` holds (or the child ends), send ``how`` (None: nothing), and return
    the child's stderr once it has ended. A child a failed assertion leaves running is killed."""
    try:
        deadline = time.monotonic() + within
        while not started() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert started(), child.stderr.read() if child.poll() is not None else what
        if how is not None:
            child.send_signal(how)
        return child.communicate(timeout=60)[1]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_width_from_option_environment_and_cores(monkeypatch):
    monkeypatch.delenv("REPORTGEN_JOBS", raising=False)
    monkeypatch.delenv("REPORTGEN_NO_FORK", raising=False)
    assert parallel.jobs() >= 1
    monkeypatch.setenv("REPORTGEN_JOBS", "3")
    assert parallel.jobs() == 3
    parallel.set_jobs(1)
    try:
        assert parallel.jobs() == 1
    finally:
        parallel.set_jobs(None)
    monkeypatch.setenv("REPORTGEN_JOBS", "many")
    with pytest.raises(InputError, match="REPORTGEN_JOBS='many'"):
        parallel.jobs()
    with pytest.raises(InputError, match="--jobs must be 1 or more"):
        parallel.set_jobs(0)


def test_workers_see_the_environment_of_the_call_not_of_the_forkservers_start(task_module, monkeypatch):
    monkeypatch.setenv("REPORTGEN_TEST_SETTING", "before")
    parallel.start()  # the forkserver (if not running yet) starts with "before"
    monkeypatch.setenv("REPORTGEN_TEST_SETTING", "after")  # e.g. another cache folder
    work = [functools.partial(task_module.env, "REPORTGEN_TEST_SETTING", 0.2) for _ in range(2)]
    assert parallel.run(work, 2) == ["after", "after"]


def test_workers_collect_garbage_with_the_preloaded_modules_frozen(task_module):
    # The forkserver imports with the collector off and freezes what it loaded before forking:
    # a worker's collections then skip the preloaded writers' objects (and leave their memory
    # pages shared). The collector itself must be on again in the worker.
    work = [functools.partial(task_module.collector, 0.2) for _ in range(2)]
    for enabled, frozen, ready in parallel.run(work, 2):
        assert enabled and ready
        assert frozen > 10_000  # the preloaded modules' objects (reportgen's models, click, ...)


def test_results_in_order_in_workers_or_here(task_module):
    work = [functools.partial(task_module.pid_after, 0.2 - n * 0.05) for n in range(4)]
    spread = parallel.run(work, 2)
    assert os.getpid() not in spread and len(set(spread)) == 2
    assert parallel.run(work, 1) == [os.getpid()] * 4  # width 1: in this process
    assert parallel.run([functools.partial(pow, 2, n) for n in range(9)], 2) == [2**n for n in range(9)]


def test_this_process_takes_tasks_from_the_end_while_the_workers_take_them_from_the_front(task_module):
    work = [functools.partial(task_module.pid_after, 0.3) for _ in range(6)]
    spread = parallel.run(work, 2, here=3)  # one worker; this process may take the last three
    assert len(spread) == 6 and spread[0] != os.getpid()  # the first is the worker's...
    assert spread[-1] == os.getpid()  # ...the last this process's: it starts at once
    ours = [i for i, pid in enumerate(spread) if pid == os.getpid()]
    assert ours and min(ours) >= 3 and ours == list(range(min(ours), 6))  # a tail of the last three
    assert parallel.run(work, 1, here=3) == [os.getpid()] * 6  # width 1: all here, in turn
    assert parallel.run(work[:2], 2, here=0) != [os.getpid()] * 2  # without `here`: workers only


@pytest.mark.parametrize("width", [2, 3])
def test_jobs_n_is_n_processes_at_once_this_one_included(task_module, width):
    # A build's warm-up and a batch both run with `here`: N-1 workers beside this process.
    pids = parallel.run([functools.partial(task_module.pid_after, 0.4) for _ in range(4 * width)], width, here=99)
    workers = set(pids) - {os.getpid()}
    assert os.getpid() in pids and 1 <= len(workers) <= width - 1


def test_setup_runs_here_before_this_process_takes_a_task(task_module, monkeypatch):
    monkeypatch.setenv("REPORTGEN_TEST_SETTING", "unset")
    work = [functools.partial(task_module.env, "REPORTGEN_TEST_SETTING", 0.2) for _ in range(4)]
    setup = functools.partial(task_module.set_env, "REPORTGEN_TEST_SETTING", "set up")
    assert parallel.run(work, 2, setup=setup, here=2) == ["set up"] * 4  # in the worker and here


def test_no_fork_of_this_process_while_a_thread_runs(task_module):
    forks = []
    os.register_at_fork(before=lambda: forks.append(threading.active_count()))
    stop = threading.Event()
    spinner = threading.Thread(target=stop.wait, daemon=True)  # as rich's progress spinner
    spinner.start()
    try:
        assert len(parallel.run([functools.partial(task_module.pid_after, 0.05)] * 3, 2)) == 3
    finally:
        stop.set()
    assert forks == []  # workers come from the forkserver, never from a fork of this process


def test_a_failing_task_raises_here_and_every_worker_is_reaped(task_module, tmp_path):
    folder = tmp_path / "pids"
    folder.mkdir()
    work = [
        functools.partial(task_module.fail_after, str(folder), 0.3),
        functools.partial(task_module.record_and_sleep, str(folder), 60),
    ]
    started = time.monotonic()
    with pytest.raises(InputError, match=r"briefing.yaml:3: bad value"):
        parallel.run(work, 2)
    assert time.monotonic() - started < 30  # the sleeping worker was stopped, not waited for
    pids = [int(p.name) for p in folder.iterdir()]
    assert len(pids) == 2 and _gone(pids)


@pytest.mark.parametrize(
    ("how", "code", "message"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped"), (None, 2, "error: briefing.yaml:3")],
    ids=["ctrl-c", "sigterm", "task-error"],
)
def test_interrupts_reap_every_worker_with_one_message(task_module, tmp_path, how, code, message):
    folder = tmp_path / "pids"
    folder.mkdir()
    driver = tmp_path / "driver.py"
    driver.write_text(textwrap.dedent(DRIVER), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(driver), str(folder), "sleep" if how else "fail"],
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        preexec_fn=interruptible,
    )
    err = signal_when_started(child, lambda: len(list(folder.iterdir())) >= 2, how)
    pids = [int(p.name) for p in folder.iterdir()]
    assert len(pids) == 2
    assert child.returncode == code
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [lines[0]] and message in lines[0], err  # one line: no traceback, no BrokenPipeError
    assert _gone(pids)


# Bounded by the child's timeout: before the fix each of these waited forever.
# Neither script guards its work with `if __name__ == "__main__"`.
CALLER_SCRIPT = """
import functools, os
import tasks_for_test as t
from reportgen import parallel
print("ran")
pids = parallel.run([functools.partial(t.pid_after, 0.1) for _ in range(3)], 2)
print(os.getpid() not in pids)
"""


@pytest.mark.parametrize("how", ["stdin", "unguarded-file"])
def test_workers_never_rerun_the_calling_script(task_module, tmp_path, how):
    # multiprocessing re-runs the main module in each worker: from "<stdin>" it cannot (every
    # worker died at start, and the pool waited for ever), and an unguarded script would run again.
    script = tmp_path / "caller.py"
    script.write_text(CALLER_SCRIPT, encoding="utf-8")
    argv, stdin = ([sys.executable, "-"], CALLER_SCRIPT) if how == "stdin" else ([sys.executable, str(script)], "")
    child = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["ran", "True"] and child.stderr == ""  # once; in workers; no traceback


KILLED_DRIVER = """
import functools, sys
import tasks_for_test as t
from reportgen import parallel

if __name__ == "__main__":
    if len(sys.argv) > 2:  # "slow-submit": each task after the first handed out once the first worker is dead
        import time
        from concurrent.futures import ProcessPoolExecutor
        submit = ProcessPoolExecutor.submit
        def late(pool, *args, **kwargs):
            if args[-1] > 0:
                time.sleep(1.0)
            return submit(pool, *args, **kwargs)
        ProcessPoolExecutor.submit = late
    work = [functools.partial(t.killed_once, sys.argv[1], n) for n in range(4)]
    print(parallel.run(work, 2))
"""


@pytest.mark.parametrize("when", ["waiting", "slow-submit"])
def test_a_worker_killed_mid_job_ends_the_wait_and_the_rest_runs_here(task_module, tmp_path, when):
    # "slow-submit": the worker dies while this process is still handing out the later tasks
    # (seen on a loaded machine: the pool's next submit raised the broken pool as a traceback).
    folder = tmp_path / "pids"
    folder.mkdir()
    driver = tmp_path / "driver.py"
    driver.write_text(KILLED_DRIVER, encoding="utf-8")
    args = [sys.executable, str(driver), str(folder)] + ([when] if when == "slow-submit" else [])
    child = subprocess.run(args, capture_output=True, text=True, timeout=120, env=os.environ.copy())
    assert child.returncode == 0, child.stderr
    assert child.stdout.split("\n")[0] == "[0, 1, 4, 9]"  # every result, in order
    assert (folder / "killed").exists()
    lines = child.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reportgen: warning: a worker process ended unexpectedly"), lines
    pids = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
    assert len(pids) >= 2 and _gone(pids)  # the killed worker, the driver and any other worker: none left
