"""Reproducible, checkable builds: the same input gives the same bytes in separate processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"


def run_build(content: Path, out: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(content), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("repro")
    outs = []
    for n in (1, 2):  # separate processes, separate (cold) caches
        out = base / f"out{n}"
        done = run_build(FLAGSHIP, out, base / f"cache{n}")
        assert done.returncode == 0, done.stderr
        outs.append(out)
    return base, outs


def test_two_processes_give_identical_bytes(two_builds):
    _, (a, b) = two_builds
    for name in ("briefing.pdf", "briefing.docx"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_source_date_epoch_is_the_documents_date(two_builds):
    _, (a, _) = two_builds
    assert b"D:20231114221320" in (a / "briefing.pdf").read_bytes()


def test_manifest_lists_inputs_versions_fonts_and_outputs(two_builds):
    import hashlib

    _, (a, _) = two_builds
    manifest = json.loads((a / "briefing.manifest.json").read_text(encoding="utf-8"))
    assert manifest["content"]["sha256"] == hashlib.sha256(FLAGSHIP.read_bytes()).hexdigest()
    assert {f["file"] for f in manifest["template"]["files"]} >= {"template.j2", "theme.yaml", "reference.docx"}
    assert manifest["libraries"]["reportlab"] and manifest["libraries"]["python-docx"]
    assert any(f["file"].startswith("NotoSerifCJK") for f in manifest["fonts"])
    pdf = (a / "briefing.pdf").read_bytes()
    assert manifest["outputs"]["briefing.pdf"]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert set(manifest["timings_s"]) >= {"content", "compose", "pdf", "docx"}


def test_check_reports_current_and_stale_outputs(two_builds, tmp_path):
    base, (a, _) = two_builds
    before = {p.name: p.read_bytes() for p in a.iterdir()}
    done = run_build(FLAGSHIP, a, base / "cache1", "--check")
    assert done.returncode == 0, done.stdout + done.stderr

    yaml = YAML()  # round-trip keeps the file as it was, apart from the edit
    data = yaml.load(FLAGSHIP.read_text(encoding="utf-8"))
    data["figures"]["gdp_2020"]["value"] = 67_500_000_000
    edited = tmp_path / "briefing.yaml"
    with edited.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    done = run_build(edited, a, base / "cache1", "--check")
    assert done.returncode == 1
    assert "briefing.pdf" in done.stdout and "briefing.docx" in done.stdout
    assert {p.name: p.read_bytes() for p in a.iterdir()} == before  # --check writes nothing


def test_example_workflow_runs_on_a_schedule_with_the_readme_install():
    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "briefing.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as true
    assert triggers["schedule"][0]["cron"].split()[0].isdigit()
    assert "push" in triggers
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv"))
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert any(run.startswith(first_command.split(" && .venv/bin/reportgen")[0]) for run in runs)


def test_example_workflow_has_a_batch_job_with_the_readme_each_command():
    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "briefing.yml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    each = next(line for line in readme.splitlines() if line.startswith("reportgen build ") and "--each" in line)
    runs = [step.get("run", "") for step in workflow["jobs"]["batch"]["steps"]]
    assert any(each.split(" --out")[0] in run for run in runs), (each, runs)
