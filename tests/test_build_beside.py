"""The DOCX written in a worker while another lays out the PDF, from the last build's pagination:
the same bytes as when it waits for the PDF, a wrong guess written again here, and nothing beside
when no forkserver was started early (a worker would only finish later)."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import FLAGSHIP

from reportgen import parallel
from reportgen.build import build
from reportgen.writers import beside, beside_preload, beside_subsets, subsets_then_write, write_timed
from reportgen.writers import pagination_memory as memory

FORMATS = ("pdf", "docx")


@pytest.fixture
def runs(cache_dir, monkeypatch):
    """The shared cache, warm; two jobs; no forkserver started yet; records each pool run's tasks."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("REPORTGEN_JOBS", "2")
    build(FLAGSHIP, None, FORMATS)  # charts and fonts in the cache: what is left is the writers
    monkeypatch.setattr(parallel, "_started", False)  # as a build from the API, not the CLI
    seen = []
    real = parallel.run

    def spy(tasks, jobs_=None, **kwargs):
        seen.append([(t.func.__name__, _written(t)) for t in tasks])
        return real(tasks, jobs_, **kwargs)

    monkeypatch.setattr(parallel, "run", spy)
    return seen


def _written(task):
    """The format a pool task writes beside the PDF, if it is one."""
    return task.args[0] if task.func in (write_timed, subsets_then_write) else None


def test_which_formats_go_beside_and_what_their_worker_loads():
    assert beside(("pdf", "docx")) == ("docx",)
    assert beside(("docx",)) == () and beside(("pdf",)) == ()  # the DOCX alone still needs the PDF's layout
    preload = beside_preload(("docx", "pdf"))
    assert "reportgen.writers.pdf" in preload and "reportgen.fonts.preload" in preload
    assert "reportgen.writers.docx" not in preload  # it loads in its own worker, beside the PDF
    assert beside_preload(("pdf",)) == ()


def test_the_docx_beside_the_pdf_is_the_docx_written_after_it(runs):
    in_turn = build(FLAGSHIP, None, FORMATS)  # no early forkserver: the DOCX waits for the PDF
    assert runs == []
    parallel.start(beside_preload(FORMATS))
    again = build(FLAGSHIP, None, FORMATS)
    assert runs == [[("paginate", None), ("subsets_then_write", "docx")]]  # both to workers at once
    assert again.outputs == in_turn.outputs
    assert again.timings["docx"] > 0


def test_the_docx_worker_takes_the_pdfs_subsets_from_the_smallest(runs, monkeypatch):
    # The PDF's worker converts its CJK subsets from the biggest (the body face) and the DOCX's from
    # the smallest (the bold), one process per missing subset: an edit's new glyphs are shared out.
    parallel.start(beside_preload(FORMATS))
    handed: list = []
    real = parallel.run

    def keep(tasks, jobs_=None, **kwargs):
        handed.extend(tasks)
        return real(tasks, jobs_, **kwargs)

    monkeypatch.setattr(parallel, "run", keep)
    build(FLAGSHIP, None, FORMATS)
    (docx,) = [task for task in handed if task.func is subsets_then_write]
    subsets = beside_subsets(*docx.args[1:3])  # what that task converts first, in its worker
    sizes = [len(subset.args[1]) for subset in subsets]
    assert len(sizes) == 3 and sizes == sorted(sizes)  # body, heading and bold faces, smallest first
    assert {Path(subset.args[0]).name for subset in subsets} >= {"NotoSerifCJKsc-Regular.otf"}


def test_a_wrong_guess_is_written_again_with_the_real_pagination(runs, monkeypatch):
    first = build(FLAGSHIP, None, FORMATS)
    parallel.start(beside_preload(FORMATS))
    stored = {}
    real_remember = memory.remember
    monkeypatch.setattr(
        memory, "remember", lambda d, o, p: stored.update(doc=d, opts=o, real=p) or real_remember(d, o, p)
    )
    build(FLAGSHIP, None, FORMATS)
    real = stored["real"]
    wrong = dataclasses.replace(real, headings={k: v + 1 for k, v in real.headings.items()})
    real_remember(stored["doc"], stored["opts"], wrong)  # as if an edit had moved every heading
    assert memory.guess(stored["doc"], stored["opts"]) == wrong
    runs.clear()
    again = build(FLAGSHIP, None, FORMATS)
    assert runs == [[("paginate", None), ("subsets_then_write", "docx")]]  # written beside, from the wrong guess...
    assert again.outputs == first.outputs  # ...and again here, with the PDF's page numbers
    assert memory.guess(stored["doc"], stored["opts"]) == real  # the right pagination replaces the guess


def test_one_job_writes_in_turn(runs, monkeypatch):
    monkeypatch.setenv("REPORTGEN_JOBS", "1")
    parallel.start(beside_preload(FORMATS))
    build(FLAGSHIP, None, FORMATS)
    assert runs == []


# The writers, slowed down in the workers only: preloaded by their forkserver, this module puts
# a sleeping stand-in where the tasks' functions are looked up when a worker unpickles them.
SLOW_WRITERS = """
import os, time
from pathlib import Path
import reportgen.writers as writers

def _slow(*args, **kwargs):
    Path(os.environ["BESIDE_TEST_PIDS"], str(os.getpid())).write_text("")
    if os.environ.get("BESIDE_TEST_FAIL") and args and args[0] == "docx":
        time.sleep(0.5)
        raise ValueError("the DOCX writer failed")
    time.sleep(60)

writers.paginate = _slow
writers.write_timed = _slow
"""

BESIDE_DRIVER = """
import sys
from pathlib import Path
from reportgen import parallel
from reportgen.build import build
from reportgen.writers import beside_preload

if __name__ == "__main__":
    parallel.start(("slow_writers_for_test", *beside_preload(("pdf", "docx"))))
    try:
        build(Path(sys.argv[1]), None, ("pdf", "docx"))
    except KeyboardInterrupt:
        print("reportgen: interrupted", file=sys.stderr); sys.exit(130)
    except parallel.Stopped:
        print("reportgen: stopped", file=sys.stderr); sys.exit(143)
    except Exception as err:
        print(f"reportgen: error: {err}", file=sys.stderr); sys.exit(3)
"""


@pytest.mark.parametrize(
    ("how", "code", "message"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped"), (None, 3, "DOCX writer failed")],
    ids=["ctrl-c", "sigterm", "writer-error"],
)
def test_the_writers_workers_are_reaped_on_interrupts_and_errors(cache_dir, tmp_path, how, code, message):
    from tests.test_parallel import _gone, interruptible, signal_when_started

    build(FLAGSHIP, None, FORMATS)  # the shared cache, warm, with the pagination to go by
    (tmp_path / "slow_writers_for_test.py").write_text(SLOW_WRITERS, encoding="utf-8")
    (tmp_path / "driver.py").write_text(BESIDE_DRIVER, encoding="utf-8")
    pids = tmp_path / "pids"
    pids.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_DEBUG"}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env |= {
        "REPORTGEN_CACHE_DIR": str(cache_dir),
        "REPORTGEN_JOBS": "2",
        "BESIDE_TEST_PIDS": str(pids),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), src, env.get("PYTHONPATH", "")]),
        **({"BESIDE_TEST_FAIL": "1"} if how is None else {}),
    }
    child = subprocess.Popen(
        [sys.executable, str(tmp_path / "driver.py"), str(FLAGSHIP)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=interruptible,
    )
    err = signal_when_started(
        child, lambda: len(list(pids.iterdir())) >= 2, how, within=120, what="the writers never started"
    )
    workers = [int(p.name) for p in pids.iterdir()]
    assert len(workers) == 2
    assert child.returncode == code, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], err
    assert _gone(workers)  # the PDF's worker too, though it was still asleep
