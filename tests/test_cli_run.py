"""The ``reportgen`` program's exit (reportgen.cli.run): the command's status and output, its
exit handlers run, and then no interpreter teardown."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from reportgen import __version__

SCRIPT = """
import atexit, sys
from pathlib import Path
marker = Path(sys.argv[1])
atexit.register(lambda: marker.write_text("ran"))
sys.argv = ["reportgen", *sys.argv[2:]]
from reportgen.cli import run
run()
"""


def _run(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, str]:
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    marker = tmp_path / "atexit.txt"
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_DEBUG"}
    proc = subprocess.run(
        [sys.executable, str(script), str(marker), *args], capture_output=True, text=True, timeout=120, env=env
    )
    return proc, marker.read_text() if marker.exists() else ""


def test_output_flushed_status_kept_and_exit_handlers_run(tmp_path):
    proc, handler = _run(tmp_path, "--version")
    assert proc.returncode == 0 and __version__ in proc.stdout  # piped output, flushed before the exit
    assert handler == "ran"


def test_bad_input_still_exits_2_with_one_line(tmp_path):
    proc, handler = _run(tmp_path, "build", str(tmp_path / "missing.yaml"))
    assert proc.returncode == 2 and handler == "ran"
    assert proc.stderr.count("\n") == 1 and "missing.yaml" in proc.stderr


def test_python_dash_m_is_the_same_program(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "reportgen", "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and __version__ in proc.stdout
