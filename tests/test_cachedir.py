"""reportgen.cachedir: an entry file missing from the cache is built by one process at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

CHILD = """
import os, sys, time
from pathlib import Path
from reportgen import cachedir
log = Path(sys.argv[1])

def build():
    with log.open("a") as f:
        f.write(f"{os.getpid()}\\n")
    time.sleep(0.6)
    return b"the same bytes"

print(cachedir.entry_file("test", "one key", ".bin", build))
"""


def test_one_process_builds_a_missing_entry_file_while_another_waits_for_it(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(CHILD), encoding="utf-8")
    log = tmp_path / "builds.log"
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(SRC)}
    children = [
        subprocess.Popen([sys.executable, str(script), str(log)], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    paths = [child.communicate(timeout=60)[0].strip() for child in children]
    assert all(child.returncode == 0 for child in children)
    assert paths[0] == paths[1] and Path(paths[0]).read_bytes() == b"the same bytes"
    assert len(log.read_text().split()) == 1  # built once: the other found the first one's file
