"""Batch and scale benchmarks for reportgen (issue #17): a measurement, not a test; always exits 0.

    .venv/bin/python benchmarks/batch.py [--reports 50] [--scale 100] [--skip-scale]

* **batch**: the bundled batch example (``examples/districts``) with its table grown to N districts
  (copies of the twelve with their own names and numbers), built warm as ONE
  ``reportgen build --each districts:district`` against N separate ``reportgen build --param …``
  processes of one district each, in the same run, same warm cache. Goal: batch ≤ 0.2× separate.
* **scale**: one content file with the flagship's sections and charts repeated ``--scale`` times
  (100×: 700 sections, 700 charts), built warm, against the flagship built warm. Goal: ≤ 100× the
  flagship's time (cost that grows no faster than the work).
* Peak memory: the whole process tree's resident memory, sampled every 20 ms from /proc (the sum
  over the parent and its workers), and the largest single process (``ru_maxrss`` via ``wait4``).
  Goal: < 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "examples" / "districts"
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
sys.path.insert(0, str(HERE))
from run import make_growth_content  # noqa: E402 - the 10x growth case of run.py, at any factor

TARGET_BATCH_RATIO = 0.2
TARGET_SCALE_RATIO = 100.0
TARGET_PEAK_MB = 1024.0


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """(seconds, tree peak MB, largest process MB, exit code, stderr tail) of one child process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = " | ".join(err.read().decode("utf-8", "replace").strip().splitlines()[-2:])
    return seconds, peak / 1024, usage.ru_maxrss / 1024, proc.returncode, tail


def reportgen(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "reportgen", "build", *map(str, args)]


def grow_example(folder: Path, count: int) -> list[dict[str, str]]:
    """The batch example with ``count`` districts: the twelve, then numbered copies with their
    numbers varied (so each report has charts of its own, as real districts would)."""
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    with open(EXAMPLE / "districts.csv", encoding="utf-8-sig", newline="") as handle:
        base = list(csv.DictReader(handle))
    rng = random.Random(50)
    rows = []
    for i in range(count):
        row = dict(base[i % len(base)])
        if i >= len(base):
            n = i // len(base) + 1
            row["district"] = f"{row['district']}{n}"
            row["name_zh"] = f"{row['name_zh']}{n}号"
            row["name_en"] = f"{row['name_en']} {n}"
            factor = rng.uniform(0.8, 1.2)
            for key in ("gdp_2016", "gdp_2017", "gdp_2018", "gdp_2019", "gdp_2020", "revenue_2020", "retail_2020"):
                row[key] = f"{float(row[key]) * factor:.1f}"
        rows.append(row)
    with open(folder / "districts.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(base[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


def batch_case(count: int, env: dict[str, str], work: Path) -> list[str]:
    folder = work / "example"
    rows = grow_example(folder, count)
    content = folder / "briefing.yaml"
    log(f"batch: warming the cache with an untimed batch of {count}")
    warm = run(reportgen(content, "--each", "districts:district", "--out", work / "warmup"), env)
    if warm[3] != 0:
        return [f"batch warm-up failed (exit {warm[3]}): {warm[4]}"]
    seconds, tree_mb, proc_mb, code, tail = run(
        reportgen(content, "--each", "districts:district", "--out", work / "batch"), env
    )
    log(f"batch: {count} reports in one process tree {seconds:.2f} s, tree peak {tree_mb:.0f} MB (exit {code})")
    separate, worst_mb, failures = 0.0, 0.0, 0
    for i, row in enumerate(rows):
        params = [f"--param={k}={row[k]}" for k in ("district", "name_zh", "name_en")]
        s, tree, _, c, t = run(reportgen(content, *params, "--out", work / "single" / row["district"]), env)
        separate += s
        worst_mb = max(worst_mb, tree)
        failures += c != 0
        if c:
            log(f"separate {row['district']}: exit {c}: {t}")
        if (i + 1) % 10 == 0:
            log(f"separate: {i + 1}/{count} processes, {separate:.1f} s so far")
    same = all(
        (work / "batch" / f"{row['district']}.pdf").read_bytes()
        == (work / "single" / row["district"] / "briefing.pdf").read_bytes()
        for row in rows
        if (work / "single" / row["district"] / "briefing.pdf").is_file()
    )
    ratio = seconds / separate if separate else float("nan")
    return [
        f"batch, {count} reports (PDF+DOCX each), warm cache, {os.cpu_count()} CPUs:",
        f"  one `--each` batch:            {seconds:8.2f} s   tree peak {tree_mb:6.0f} MB (largest process {proc_mb:.0f} MB)"
        + ("" if code == 0 else f"   EXIT {code}: {tail}"),
        f"  {count} separate processes:    {separate:8.2f} s   ({separate / count:.2f} s each; peak {worst_mb:.0f} MB)"
        + (f"   {failures} FAILED" if failures else ""),
        f"  batch ratio: {ratio:.3f}x (goal <= {TARGET_BATCH_RATIO}x: {'ok' if ratio <= TARGET_BATCH_RATIO else 'over'});"
        f" peak {'ok' if tree_mb < TARGET_PEAK_MB else 'over'} (< {TARGET_PEAK_MB:.0f} MB);"
        f" batch PDFs identical to the separate builds': {same}",
    ]


def scale_case(factor: int, env: dict[str, str], work: Path) -> list[str]:
    big = work / "scale.json"
    sections, charts = make_growth_content(big, factor)
    log(f"scale: {sections} sections, {charts} charts; untimed builds to warm the cache")
    for content in (FLAGSHIP, big):
        first = run(reportgen(content, "--out", work / "scale-warmup"), env)
        if first[3] != 0:
            return [f"scale warm-up of {content.name} failed (exit {first[3]}): {first[4]}"]
    flagship = min(run(reportgen(FLAGSHIP, "--out", work / "flagship"), env)[0] for _ in range(3))
    seconds, tree_mb, proc_mb, code, tail = run(reportgen(big, "--out", work / "scale"), env)
    pages = "?"
    try:
        info = subprocess.run(["pdfinfo", work / "scale" / "scale.pdf"], capture_output=True, text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
    except (OSError, StopIteration):
        pass
    ratio = seconds / flagship
    return [
        f"scale, {factor}x the flagship ({sections} sections, {charts} charts, {pages} PDF pages), warm cache:",
        f"  flagship warm (best of 3):     {flagship:8.2f} s",
        f"  {factor}x content warm:           {seconds:8.2f} s   tree peak {tree_mb:6.0f} MB (largest process {proc_mb:.0f} MB)"
        + ("" if code == 0 else f"   EXIT {code}: {tail}"),
        f"  scale ratio: {ratio:.1f}x (goal <= {TARGET_SCALE_RATIO:.0f}x: {'ok' if ratio <= TARGET_SCALE_RATIO else 'over'});"
        f" peak {'ok' if tree_mb < TARGET_PEAK_MB else 'over'} (< {TARGET_PEAK_MB:.0f} MB)",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50, help="reports in the batch case (default 50)")
    parser.add_argument("--scale", type=int, default=100, help="growth factor of the scale case (default 100)")
    parser.add_argument("--skip-scale", action="store_true", help="only the batch case")
    parser.add_argument("--skip-batch", action="store_true", help="only the scale case")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-batch-"))
    env = dict(os.environ, REPORTGEN_CACHE_DIR=str(work / "cache"))
    env.pop("SOURCE_DATE_EPOCH", None)
    lines: list[str] = []
    try:
        if not args.skip_batch:
            lines += batch_case(max(1, args.reports), env, work)
        if not args.skip_scale:
            lines += scale_case(max(2, args.scale), env, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
