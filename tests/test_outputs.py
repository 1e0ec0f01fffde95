"""reportgen.outputs: a set of outputs is replaced whole or not at all, one build at a time."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reportgen import outputs
from reportgen.errors import OutputError

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"


def old_set(folder: Path) -> dict[Path, bytes]:
    folder.mkdir(exist_ok=True)
    files = {folder / "r.pdf": b"old pdf", folder / "r.docx": b"old docx", folder / "r.manifest.json": b"{}"}
    for path, data in files.items():
        path.write_bytes(data)
    return files


def new_set(folder: Path) -> dict[Path, bytes]:
    return {folder / "r.pdf": b"new pdf", folder / "r.docx": b"new docx", folder / "r.manifest.json": b"{1}"}


def test_replaces_every_file(tmp_path):
    old_set(tmp_path)
    outputs.write_set(new_set(tmp_path))
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "r.pdf": b"new pdf",
        "r.docx": b"new docx",
        "r.manifest.json": b"{1}",
    }


def test_a_failing_rename_leaves_the_old_set_whole(tmp_path, monkeypatch):
    old = old_set(tmp_path)
    real_replace = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the PDF went in, the DOCX fails (a full disk, a lost mount)
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OutputError) as info:
        outputs.write_set(new_set(tmp_path))
    assert "r.docx" in str(info.value) and "No space left" in str(info.value)
    assert info.value.exit_code == 2
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == old  # and no temporaries or backups


def test_an_immutable_output_replaces_nothing(tmp_path):
    old = old_set(tmp_path)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", tmp_path / "r.docx"]).returncode:
        pytest.skip("needs chattr +i (root on a filesystem with attributes)")
    try:
        with pytest.raises(OutputError) as info:
            outputs.write_set(new_set(tmp_path))
        assert "r.docx" in str(info.value)
        assert {p: p.read_bytes() for p in tmp_path.iterdir()} == old
    finally:
        subprocess.run(["chattr", "-i", tmp_path / "r.docx"], check=True)


def test_a_folder_in_the_way_names_the_output(tmp_path):
    (tmp_path / "r.docx").mkdir()
    with pytest.raises(OutputError) as info:
        outputs.write_set(new_set(tmp_path))
    assert str(tmp_path / "r.docx") in str(info.value)
    assert not (tmp_path / "r.pdf").exists()


def test_leftover_temporaries_are_cleaned(tmp_path):
    old_set(tmp_path)
    (tmp_path / ".r.pdf.abc123xy.tmp").write_bytes(b"half a pdf")
    (tmp_path / ".r.docx.qwerty12.bak").write_bytes(b"old")
    (tmp_path / ".unrelated.abcdefgh.tmp").write_bytes(b"someone else's")
    outputs.write_set(new_set(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".unrelated.abcdefgh.tmp",
        "r.docx",
        "r.manifest.json",
        "r.pdf",
    ]


def test_a_second_writer_waits_for_the_lock(tmp_path):
    old_set(tmp_path)
    done = threading.Event()
    with outputs.locked(tmp_path):
        writer = threading.Thread(target=lambda: (outputs.write_set(new_set(tmp_path)), done.set()))
        writer.start()
        time.sleep(0.3)
        assert not done.is_set() and (tmp_path / "r.pdf").read_bytes() == b"old pdf"
    writer.join(10)
    assert done.is_set() and (tmp_path / "r.pdf").read_bytes() == b"new pdf"


def test_four_concurrent_builds_leave_a_consistent_set(tmp_path, run_cli, cache_dir):
    """Four different contents with one stem, built at once into one folder."""
    text = FLAGSHIP.read_text(encoding="utf-8")
    contents = []
    for k in range(4):
        folder = tmp_path / f"src{k}"
        folder.mkdir()
        path = folder / "briefing.yaml"
        path.write_text(text.replace("管城这五年", f"管城这五年{k}", 1), encoding="utf-8")
        contents.append(path)
    run_cli("build", contents[0], "--out", tmp_path / "warm")  # fonts and charts cached first
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_DEBUG", "SOURCE_DATE_EPOCH")}
    env["REPORTGEN_CACHE_DIR"] = str(cache_dir)
    for _round in range(1):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "reportgen", "build", str(c), "--out", str(out)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for c in contents
        ]
        for proc in procs:
            assert proc.wait(300) == 0, proc.stderr.read()
            proc.stderr.close()
        manifest = json.loads((out / "briefing.manifest.json").read_text(encoding="utf-8"))
        for name, entry in manifest["outputs"].items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"], name
        assert sorted(p.name for p in out.iterdir()) == ["briefing.docx", "briefing.manifest.json", "briefing.pdf"]
