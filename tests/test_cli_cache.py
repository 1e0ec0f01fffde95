"""Through the command line: a damaged or unusable cache never changes the outputs (issue #13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"


@pytest.fixture(scope="module")
def reference(flagship_build):
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    return {name: (flagship_build.out / name).read_bytes() for name in ("briefing.pdf", "briefing.docx")}


def build(out: Path, cache: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_DEBUG", "SOURCE_DATE_EPOCH")}
    env["REPORTGEN_CACHE_DIR"] = cache
    return subprocess.run(
        [
            sys.executable,
            "-W",
            "error::UserWarning",
            "-m",
            "reportgen",
            "build",
            str(FLAGSHIP),
            "--out",
            str(out),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("briefing.pdf", "briefing.docx")}


def flip_every_entry(folder: Path) -> int:
    count = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.stat().st_size > 100:
            data = bytearray(path.read_bytes())
            data[len(data) // 2] ^= 0x20
            path.write_bytes(bytes(data))
            count += 1
    return count


@pytest.mark.parametrize("namespace", ["charts", "fonts", "docx-charts"])
def test_damaged_entries_are_rebuilt_not_used(tmp_path, cache_dir, reference, namespace):
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir, cache)
    assert flip_every_entry(cache / namespace) > 0
    proc = build(tmp_path / "out", str(cache))
    assert proc.returncode == 0, proc.stderr
    warnings = proc.stderr.strip().splitlines()
    assert warnings and all(w.startswith("reportgen: warning: cache entry ") for w in warnings), warnings
    assert outputs(tmp_path / "out") == reference
    again = build(tmp_path / "again", str(cache))  # the rebuilt entries are good now
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert outputs(tmp_path / "again") == reference


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_unusable_cache_location_builds_the_same_bytes(tmp_path, reference, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    setting = str(blocker if where == "file" else blocker / "cache")
    proc = build(tmp_path / "out", setting)
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert (
        line
        == f"reportgen: warning: REPORTGEN_CACHE_DIR={setting} {'is a file, not a folder' if where == 'file' else 'lies under a file'}: building without a cache"
    )
    assert outputs(tmp_path / "out") == reference


def test_read_only_cache_builds_the_same_bytes(tmp_path, reference):
    # /proc refuses new files even to root, unlike a chmod-ed folder.
    proc = build(tmp_path / "out", "/proc/self/reportgen-cache")
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "building without a cache" in line
    assert outputs(tmp_path / "out") == reference


def test_one_format_alone_is_the_same_bytes(tmp_path, cache_dir, reference):
    """A chart drawn for the PDF alone (a pdf-only build, or a cache that cannot keep the
    warm-up's drawings) is laid out as when drawn beside the PNG: 37.953, never 37.994."""
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir, cache, ignore=lambda folder, names: ["charts"] if Path(folder) == cache_dir else [])
    proc = build(tmp_path / "out", str(cache), "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "briefing.pdf").read_bytes() == reference["briefing.pdf"]


def test_output_folder_that_is_a_file_is_exit_2(tmp_path, cache_dir):
    blocker = tmp_path / "out"
    blocker.write_text("a file")
    proc = build(blocker / "sub", str(cache_dir))
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("reportgen: error: cannot ") and str(blocker) in line
