"""Build-time benchmark for reportgen: cold, warm, edit, import floor, LibreOffice, 10x growth.

Run with the project's venv so that the children import the same reportgen:

    .venv/bin/python benchmarks/run.py [--runs N]

Every measured step runs in a NEW child process (``subprocess.Popen`` + ``os.wait4``), so the
figures include interpreter start-up and imports, as a user of the CLI sees them. Wall time is
``time.perf_counter`` around spawn-to-reap; peak memory is the child's ``ru_maxrss``.

Only the standard library is used, plus reportgen's own YAML reader (present in its venv) to read
the flagship YAML. This is a measurement, not a test:
it always exits 0 and reports failures in its output.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
GROWTH_FACTOR = 10
CHILD_TIMEOUT_S = 600

# Targets: (label, limit, comparison) -- "le" means value <= limit is ok, "lt" value < limit.
TARGET_WARM_LO = 0.5
TARGET_COLD_LO = 1.0
TARGET_GROWTH = 11.0
TARGET_EDIT = 1.2  # an edit adding ten new characters, against a warm build
EDIT_CHARS = 10
# Common characters to add in the "edit" case; those already in the flagship are skipped, and each
# run takes ten the cache has not seen, so every run converts ten new glyphs.
EDIT_POOL = (
    "春夏秋冬晴雪霜露雾虹松柏桃李杏梅菊兰竹荷鹤燕鹰鹿龟蛇猫狗马牛羊猪鸡鸭鹅蝶蜂蚁"
    "琴棋书画诗词歌赋茶酒饭粥糖盐醋酱笔墨纸砚灯烛扇伞鞋帽袜裙衫袍珠玉金银铜铁锡铅"
    "鲸鲨虾蟹螺蚌藕莲菱芦苇蒲萍藻苔蕨菌菇笋韭葱蒜姜椒桂榴柚橙柑橘莓葡萄瓜豆麦稻粟黍"
)
EDIT_ANCHOR = "立足打造世界级黄河文明寻根胜地"  # the start of a body paragraph in the flagship
# A heading's Chinese text: its new characters are set in the bold (variable) and heading faces too.
HEADING_ANCHOR = "zh: 产业提档升级"
TARGET_PEAK_MB = 500.0


TABLE_ROWS = (100, 500, 1000)


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


@dataclass
class Sample:
    seconds: float
    maxrss_kb: int
    exit_code: int
    stderr: str = ""


@dataclass
class Series:
    name: str
    samples: list[Sample] = field(default_factory=list)
    note: str = ""

    @property
    def ok_samples(self) -> list[Sample]:
        return [s for s in self.samples if s.exit_code == 0]

    @property
    def failures(self) -> int:
        return len(self.samples) - len(self.ok_samples)

    def median(self) -> float | None:
        ok = self.ok_samples
        return statistics.median(s.seconds for s in ok) if ok else None

    def min(self) -> float | None:
        ok = self.ok_samples
        return min(s.seconds for s in ok) if ok else None

    def peak_mb(self) -> float | None:
        ok = self.ok_samples
        return max(s.maxrss_kb for s in ok) / 1024 if ok else None


def run_child(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Sample:
    """Spawn ``argv``, wait for it with ``os.wait4`` and return wall time, peak RSS and exit code."""
    with tempfile.TemporaryFile() as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err_file
        )
        deadline = start + CHILD_TIMEOUT_S
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4; tell Popen so it does not try again
        err_file.seek(0)
        stderr = err_file.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    rss_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Sample(elapsed, rss_kb, code, stderr)


def record(series: Series, sample: Sample, what: str) -> None:
    series.samples.append(sample)
    if sample.exit_code == 0:
        log(f"{series.name}: {what} {sample.seconds:.2f}s, peak {sample.maxrss_kb / 1024:.0f} MB")
    else:
        tail = sample.stderr.strip().splitlines()[-3:]
        log(f"{series.name}: {what} FAILED (exit {sample.exit_code}): {' | '.join(tail)}")


def child_env(cache_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # A pip-installed reportgen has its .pyc files (pip compiles them at install); a machine with
    # PYTHONDONTWRITEBYTECODE=1 and an editable install would compile ~100 modules from source in
    # every child (~0.2 s). :func:`compile_sources` wrote them; the children may use and keep them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache_dir is not None:
        env["REPORTGEN_CACHE_DIR"] = str(cache_dir)
    return env


def build_argv(content: Path, out_dir: Path) -> list[str]:
    return [sys.executable, "-m", "reportgen", "build", str(content), "--out", str(out_dir)]


def compile_sources() -> str:
    """Byte-compile reportgen and the packages it imports, as ``pip install`` does, so the
    children measure what a user's installed copy costs. Returns what was done, for the report."""
    import importlib.util

    folders = []
    for name in ("reportgen", "reportlab", "docx", "matplotlib", "fontTools", "pikepdf", "jinja2", "pydantic"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            folders.extend(spec.submodule_search_locations)
    env = child_env()
    done = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *folders], env=env, capture_output=True, timeout=600
    )
    if done.returncode != 0:
        return f"compileall failed (exit {done.returncode}): children may compile from source"
    return f"byte-compiled {len(folders)} packages (compileall); children run without PYTHONDONTWRITEBYTECODE"


def read_flagship() -> dict:
    """The flagship's content as plain values (reportgen's reader: imported here so the rest stays stdlib)."""
    from reportgen.content.yamlio import load_mapping

    return json.loads(json.dumps(load_mapping(FLAGSHIP), default=str))  # plain dicts, the date as ISO text


def make_growth_content(dest: Path, factor: int) -> tuple[int, int]:
    """Write a JSON content file with the flagship's sections (and their charts) repeated ``factor`` times.

    Repeat 1 keeps the original ids; repeat k>1 suffixes every section id in the copy (sub-sections
    too) and every chart its blocks place with ``_k``, and adds a copy of each such chart under the
    new name (its title marked ``(k)``, so no two charts are the same): each chart is placed once.
    Figures, series, indicators, key figures and the introduction stay shared.
    Returns (sections, charts) of the written file, counting sub-sections.
    """
    data = read_flagship()
    base_charts = data.get("charts") or {}
    charts: dict[str, dict] = dict(base_charts)

    def renamed(section: dict, k: int) -> dict:
        new = copy.deepcopy(section)
        new["id"] = f"{section['id']}_{k}"
        for block in new.get("blocks", []):
            if block.get("type") == "chart":
                chart = copy.deepcopy(base_charts[block["chart"]])
                # A title of its own makes each copy a different chart to the cache, so a cold
                # build draws all of them (the title is the caption, not drawn inside).
                chart["title"] = {lang: f"{text} ({k})" for lang, text in chart["title"].items()}
                block["chart"] = f"{block['chart']}_{k}"
                charts[block["chart"]] = chart
        new["sections"] = [renamed(sub, k) for sub in section.get("sections", [])]
        return new

    sections = [s if k == 1 else renamed(s, k) for k in range(1, factor + 1) for s in data["sections"]]
    data["sections"] = sections
    data["charts"] = charts
    dest.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def count(items: list) -> int:
        return sum(1 + count(item.get("sections", [])) for item in items)

    return count(sections), len(charts)


def make_table_content(dest: Path, rows: int) -> None:
    """Write the flagship with ``rows`` extra indicator rows (each a start and an end figure)."""
    data = read_flagship()
    for i in range(rows):
        label = {"zh": f"指标{i}号地区生产总值", "en": f"Indicator {i} gross product"}
        for end, value, period in (("a", 1_000_000, "2015"), ("b", 1_500_000, "2020")):
            data["figures"][f"row{i}_{end}"] = {
                "label": label,
                "value": value * (i + 1),
                "unit": "CNY",
                "period": period,
            }
        data["indicators"].append({"start": f"row{i}_a", "end": f"row{i}_b"})
    dest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def edit_texts(runs: int, skip: int = 0) -> list[str]:
    """``runs`` strings of EDIT_CHARS characters each, none in the flagship, no two sharing one
    (after the first ``skip`` strings, which another case used)."""
    present = set(FLAGSHIP.read_text(encoding="utf-8"))
    fresh = [ch for ch in dict.fromkeys(EDIT_POOL) if ch not in present]
    chunks = ["".join(fresh[i * EDIT_CHARS : (i + 1) * EDIT_CHARS]) for i in range(len(fresh) // EDIT_CHARS)]
    return chunks[skip : skip + runs]


def write_edit(dest: Path, added: str, heading: bool = False) -> None:
    """The flagship with ``added`` at the start of one body paragraph (then a comma), or at the
    end of one heading's Chinese text."""
    text = FLAGSHIP.read_text(encoding="utf-8")
    anchor = HEADING_ANCHOR if heading else EDIT_ANCHOR
    if anchor not in text:
        raise ValueError(f"anchor {anchor!r} not in the flagship")
    edited = f"{anchor}{added}" if heading else f"{added}，{anchor}"
    dest.write_text(text.replace(anchor, edited, 1), encoding="utf-8")


def measure_edit(name: str, tmp: Path, folder: str, cache: Path, texts: list[str], heading: bool) -> Series:
    series = Series(name)
    edit_file = tmp / folder / FLAGSHIP.name
    edit_file.parent.mkdir()
    try:
        if not texts:
            raise ValueError("no unused characters left in EDIT_POOL")
        for i, added in enumerate(texts):
            write_edit(edit_file, added, heading)
            record(
                series, run_child(build_argv(edit_file, tmp / f"{folder}-out"), child_env(cache), REPO), f"run {i + 1}"
            )
    except Exception as err:  # a measurement: report, do not crash
        series.note = f"could not make the edited content: {err!r}"
        log(series.note)
    return series


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "n/a" if value is None else format(value, spec)


def verdict(value: float | None, limit: float, strict: bool = False) -> str:
    if value is None:
        return "n/a"
    ok = value < limit if strict else value <= limit
    return "ok" if ok else "over"


def soffice_version(soffice: str) -> str:
    try:
        out = subprocess.run([soffice, "--version"], capture_output=True, text=True, timeout=60)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument(
        "--core",
        action="store_true",
        help="only cold, warm, edit, the import floor and LibreOffice (no growth/table cases)",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs = max(1, args.runs)

    if not FLAGSHIP.is_file():
        print(f"benchmark: flagship content not found at {FLAGSHIP}")
        return 0

    compiled = compile_sources()
    log(compiled)
    soffice = shutil.which("soffice")
    results: list[Series] = []
    lo = Series("libreoffice docx->pdf")
    growth = Series(f"growth build ({GROWTH_FACTOR}x)")
    growth_cold = Series(f"growth cold ({GROWTH_FACTOR}x)")
    growth_shape = ""

    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp_name:
        tmp = Path(tmp_name)
        out_dir = tmp / "out"

        # 1. Cold: fresh, empty cache dir per run (fonts converted, charts drawn).
        cold = Series("cold build")
        for i in range(runs):
            cache = Path(tempfile.mkdtemp(prefix="cold-cache-", dir=tmp))
            record(cold, run_child(build_argv(FLAGSHIP, out_dir), child_env(cache), REPO), f"run {i + 1}")
            shutil.rmtree(cache, ignore_errors=True)
        results.append(cold)

        # 2. Warm: one populated cache dir shared by all runs (populated by an untimed build).
        warm = Series("warm build")
        warm_cache = tmp / "warm-cache"
        warm_cache.mkdir()
        prime = run_child(build_argv(FLAGSHIP, out_dir), child_env(warm_cache), REPO)
        if prime.exit_code != 0:
            warm.note = "priming build failed"
            log(f"warm: priming build failed: {prime.stderr.strip()[-300:]}")
        for i in range(runs):
            record(warm, run_child(build_argv(FLAGSHIP, out_dir), child_env(warm_cache), REPO), f"run {i + 1}")
        results.append(warm)

        # 2b. Edit: the warm cache, content with ten characters it has never seen (new each run):
        #     only their glyphs are converted (the per-glyph font cache), charts stay cached.
        #     In a body paragraph (the case: the body face's subset), then in a heading
        #     (the body, heading and bold faces' subsets, the bold a variable font).
        edit = measure_edit(f"edit build (+{EDIT_CHARS} chars)", tmp, "edit", warm_cache, edit_texts(runs), False)
        results.append(edit)
        edit_heading = measure_edit(
            f"edit heading (+{EDIT_CHARS})", tmp, "edit-heading", warm_cache, edit_texts(runs, skip=runs), True
        )
        results.append(edit_heading)

        # 3. Import floor.
        for name, stmt in (
            ("import reportgen.cli", "import reportgen.cli"),
            ("import reportlab+docx+jinja2", "import reportlab.platypus, docx, jinja2"),
        ):
            series = Series(name)
            for i in range(runs):
                record(series, run_child([sys.executable, "-c", stmt], child_env(), REPO), f"run {i + 1}")
            results.append(series)

        # 4. LibreOffice converting reportgen's own DOCX to PDF.
        docx = out_dir / "briefing.docx"
        if soffice is None:
            lo.note = "soffice not on PATH: LibreOffice comparison skipped"
            log(lo.note)
        elif not docx.is_file():
            lo.note = "no briefing.docx was built: LibreOffice comparison skipped"
            log(lo.note)
        else:
            profile = tmp / "lo-profile"
            lo_out = tmp / "lo-out"
            lo_out.mkdir()
            lo_argv = [
                soffice,
                "--headless",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(lo_out),
                str(docx),
            ]
            warmup = run_child(lo_argv, child_env(), tmp)
            log(f"{lo.name}: warm-up {warmup.seconds:.2f}s (exit {warmup.exit_code}, creates the profile)")
            for i in range(runs):
                (lo_out / "briefing.pdf").unlink(missing_ok=True)
                sample = run_child(lo_argv, child_env(), tmp)
                if sample.exit_code == 0 and not (lo_out / "briefing.pdf").is_file():
                    sample.exit_code = -1
                    sample.stderr += "\nsoffice exited 0 but wrote no PDF"
                record(lo, sample, f"run {i + 1}")
            lo.note = soffice_version(soffice)
        results.append(lo)

        # 5. Growth: 10x the flagship's sections and charts (each a chart of its own): warm (after an
        #    untimed build that draws the new charts), then cold.
        growth_file = tmp / "growth" / "briefing_x10.json"
        growth_file.parent.mkdir()
        try:
            if args.core:
                raise RuntimeError("skipped (--core)")
            n_sections, n_charts = make_growth_content(growth_file, GROWTH_FACTOR)
            growth_shape = f"{n_sections} sections, {n_charts} charts"
            growth_out = tmp / "growth-out"
            first = run_child(build_argv(growth_file, growth_out), child_env(warm_cache), REPO)
            log(f"{growth.name}: untimed first build {first.seconds:.2f}s (exit {first.exit_code})")
            if first.exit_code != 0:
                growth.note = "first build failed: " + " | ".join(first.stderr.strip().splitlines()[-2:])
            for i in range(runs):
                record(
                    growth, run_child(build_argv(growth_file, growth_out), child_env(warm_cache), REPO), f"run {i + 1}"
                )
            # The same content on an empty cache: every chart drawn, fonts converted.
            for i in range(max(1, runs // 2)):
                cache = Path(tempfile.mkdtemp(prefix="growth-cold-", dir=tmp))
                record(
                    growth_cold, run_child(build_argv(growth_file, growth_out), child_env(cache), REPO), f"run {i + 1}"
                )
                shutil.rmtree(cache, ignore_errors=True)
        except Exception as err:  # a measurement: report, do not crash
            growth.note = f"could not generate growth content: {err!r}"
            log(growth.note)
        results.append(growth)
        results.append(growth_cold)

        # 6. Table scale: the indicator table at 100, 500 and 1,000 extra rows (PDF only, warm
        #    cache). Linear growth means 1,000 rows cost about twice 500 (it was quadratic: #13).
        for rows in () if args.core else TABLE_ROWS:
            series = Series(f"table {rows} rows (pdf)")
            content = tmp / f"table{rows}" / "briefing.json"
            content.parent.mkdir()
            make_table_content(content, rows)
            argv = [*build_argv(content, tmp / f"table{rows}-out"), "--format", "pdf", "--no-lint"]
            for i in range(max(1, runs // 2)):
                record(series, run_child(argv, child_env(warm_cache), REPO), f"run {i + 1}")
            results.append(series)

    # ---- report -------------------------------------------------------------------------
    try:
        from importlib.metadata import version

        rg_version = version("reportgen")
    except Exception:
        rg_version = "unknown"
    print(
        f"reportgen {rg_version} | Python {platform.python_version()} | {platform.system()} "
        f"{platform.machine()} | {os.cpu_count()} CPUs | runs={runs}"
    )
    # Other processes take the cores from the children: the figures mean little under load.
    load_after = os.getloadavg()
    print(
        f"load average (1/5/15 min): {' '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' '.join(f'{x:.2f}' for x in load_after)} after"
    )
    print(f"bytecode: {compiled}")
    if soffice:
        print(f"LibreOffice: {lo.note if lo.samples else 'n/a'}")
    if growth_shape:
        print(f"growth content: {growth_shape} (flagship x{GROWTH_FACTOR})")
    print()
    header = f"{'name':<30} {'median s':>9} {'min s':>8} {'runs':>5} {'peak MB':>8}"
    print(header)
    print("-" * len(header))
    for s in results:
        runs_txt = f"{len(s.ok_samples)}" + (f"+{s.failures}F" if s.failures else "")
        print(f"{s.name:<30} {fmt(s.median()):>9} {fmt(s.min()):>8} {runs_txt:>5} {fmt(s.peak_mb(), '.0f'):>8}")
    notes = [f"{s.name}: {s.note}" for s in results if s.note and s is not lo]
    if lo.note and not lo.samples:
        notes.append(lo.note)
    for n in notes:
        print(f"  note: {n}")
    print()

    warm_med, cold_med, lo_med = results[1].median(), results[0].median(), lo.median()
    warm_lo = warm_med / lo_med if warm_med and lo_med else None
    cold_lo = cold_med / lo_med if cold_med and lo_med else None
    edit_ratio = edit.median() / warm_med if edit.median() and warm_med else None
    heading_ratio = edit_heading.median() / warm_med if edit_heading.median() and warm_med else None
    growth_ratio = growth.median() / warm_med if growth.median() and warm_med else None
    growth_cold_ratio = growth_cold.median() / cold_med if growth_cold.median() and cold_med else None
    peak = max((x for x in (growth.peak_mb(), growth_cold.peak_mb()) if x is not None), default=None)

    rows = [
        ("warm / LibreOffice", fmt(warm_lo), f"<= {TARGET_WARM_LO}", verdict(warm_lo, TARGET_WARM_LO)),
        ("cold / LibreOffice", fmt(cold_lo), f"<= {TARGET_COLD_LO}", verdict(cold_lo, TARGET_COLD_LO)),
        (
            f"edit (+{EDIT_CHARS} chars) / warm",
            fmt(edit_ratio) + ("x" if edit_ratio else ""),
            f"<= {TARGET_EDIT:g}x",
            verdict(edit_ratio, TARGET_EDIT),
        ),
        (
            f"edit heading (+{EDIT_CHARS}) / warm",
            fmt(heading_ratio) + ("x" if heading_ratio else ""),
            f"<= {TARGET_EDIT:g}x",
            verdict(heading_ratio, TARGET_EDIT),
        ),
        (
            f"growth {GROWTH_FACTOR}x / warm",
            fmt(growth_ratio) + ("x" if growth_ratio else ""),
            f"<= {TARGET_GROWTH:g}x",
            verdict(growth_ratio, TARGET_GROWTH),
        ),
        (
            f"growth cold {GROWTH_FACTOR}x / cold",
            fmt(growth_cold_ratio) + ("x" if growth_cold_ratio else ""),
            f"<= {TARGET_GROWTH:g}x",
            verdict(growth_cold_ratio, TARGET_GROWTH),
        ),
        (
            f"peak MB ({GROWTH_FACTOR}x builds)",
            fmt(peak, ".0f"),
            f"< {TARGET_PEAK_MB:g}",
            verdict(peak, TARGET_PEAK_MB, strict=True),
        ),
    ]
    header = f"{'ratio':<30} {'value':>9} {'target':>8} {'':>5}"
    print(header)
    print("-" * len(header))
    for name, value, target, mark in rows:
        print(f"{name:<30} {value:>9} {target:>8} {mark:>5}")
    if lo_med is None:
        print("  note: LibreOffice ratios are n/a: " + (lo.note or "no successful conversion"))
    return 0


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("benchmark: interrupted", file=sys.stderr)
    sys.exit(0)
