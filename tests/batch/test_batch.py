"""Acceptance for ``reportgen build CONTENT --each SOURCE:COLUMN``: one report per district of the
bundled example, each passing the audit; a malformed row fails only its own report, naming the
row; ``--check`` works for the batch."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "districts"
AUDIT = REPO.parent.parent / "shared" / "tools" / "briefing-audit"
if not AUDIT.exists():
    AUDIT = Path("/work/shared/tools/briefing-audit")


def districts() -> list[str]:
    with open(EXAMPLE / "districts.csv", encoding="utf-8-sig", newline="") as handle:
        return [row["district"] for row in csv.DictReader(handle)]


def copy_example(folder: Path) -> Path:
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    return folder / "briefing.yaml"


@pytest.fixture(scope="module")
def batch(tmp_path_factory, run_cli):
    folder = tmp_path_factory.mktemp("batch")
    content = copy_example(folder)
    proc = run_cli("build", content, "--each", "districts:district", "--out", folder / "out", timeout=900)
    return folder, proc


def test_the_example_has_at_least_ten_entities_and_says_its_data_is_illustrative():
    assert len(districts()) >= 10
    text = (EXAMPLE / "briefing.yaml").read_text(encoding="utf-8")
    assert "示例数据" in text and "Illustrative data" in text


def test_batch_builds_one_report_per_district(batch):
    folder, proc = batch
    assert proc.returncode == 0, proc.stderr
    names = districts()
    for name in names:
        for suffix in ("pdf", "docx", "manifest.json"):
            assert (folder / "out" / f"{name}.{suffix}").is_file(), (name, suffix)
    assert f"{len(names)} built" in proc.stdout  # the summary table's last line
    manifest = json.loads((folder / "out" / "erqi.manifest.json").read_text(encoding="utf-8"))
    assert manifest["data"]["params"]["district"] == "erqi"
    assert manifest["data"]["bound"]["figures.gdp_2020"] == 'districts.csv:4: column "gdp_2020"'


def test_each_report_shows_its_own_district(batch):
    folder, _ = batch
    for name, title in (("erqi", "二七区经济发展概况"), ("zhongmu", "中牟县经济发展概况")):
        text = subprocess.run(["pdftotext", folder / "out" / f"{name}.pdf", "-"], capture_output=True, text=True).stdout
        assert title in text and "示例数据" in text


def test_every_report_passes_the_audit(batch):
    folder, _ = batch
    for name in districts():
        for suffix in ("pdf", "docx"):
            proc = subprocess.run([AUDIT, folder / "out" / f"{name}.{suffix}"], capture_output=True, text=True)
            assert proc.returncode == 0, (name, suffix, proc.stdout[-2000:])
            assert proc.stdout.strip().splitlines()[-1] == "audit: 0 problem(s)"


def test_check_for_a_batch(batch, run_cli):
    folder, _ = batch
    content = folder / "briefing.yaml"
    args = ("build", content, "--each", "districts:district", "--out", folder / "out", "--check")
    proc = run_cli(*args, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{len(districts())} up to date" in proc.stdout
    data = (folder / "districts.csv").read_text(encoding="utf-8-sig")
    changed = data.replace("erqi,二七区,Erqi District,552,", "erqi,二七区,Erqi District,553,")
    assert changed != data
    (folder / "districts.csv").write_text(changed, encoding="utf-8-sig")
    proc = run_cli(*args, timeout=900)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "out of date" in proc.stdout and "erqi.pdf" in proc.stdout
    # The other districts' outputs are unchanged, but the shared file's hash is not what their
    # manifests recorded: they are reported too, as stale manifests.
    assert "zhongmu.manifest.json (changed: districts.csv)" in proc.stdout.replace("\n", "")


def test_a_malformed_row_fails_only_its_report(tmp_path, run_cli):
    content = copy_example(tmp_path)
    rows = (tmp_path / "districts.csv").read_text(encoding="utf-8-sig").splitlines()
    line = next(i for i, row in enumerate(rows, start=1) if row.startswith("zhongyuan,"))
    fields = rows[line - 1].split(",")
    fields[7] = "434.6亿"  # gdp_2020
    rows[line - 1] = ",".join(fields)
    (tmp_path / "districts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    out = tmp_path / "out"
    out.mkdir()
    (out / "zhongyuan.pdf").write_bytes(b"earlier output")
    proc = run_cli("build", content, "--each", "districts:district", "--out", out, timeout=900)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    message = f'reportgen: error: zhongyuan: districts.csv:{line}: column "gdp_2020": "434.6亿" is not a number'
    assert message in proc.stderr.splitlines()
    assert proc.stderr.strip().splitlines()[-1] == f"reportgen: 1 of {len(districts())} reports failed: zhongyuan"
    assert "Traceback" not in proc.stderr
    assert (out / "zhongyuan.pdf").read_bytes() == b"earlier output"
    assert not (out / "zhongyuan.docx").exists()
    for name in districts():
        if name != "zhongyuan":
            assert (out / f"{name}.pdf").is_file() and (out / f"{name}.docx").is_file(), name


@pytest.mark.parametrize("mode", ["image", "native"])
def test_docx_charts_option_reaches_every_report(tmp_path, run_cli, mode):
    """``--docx-charts`` means the same in a batch as in a single build: every report's DOCX holds
    its charts as pictures (``image``) or as native chart parts (``native``)."""
    import zipfile

    content = copy_example(tmp_path / "districts")
    table = tmp_path / "districts" / "districts.csv"
    rows = table.read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join(rows[:3]) + "\n", encoding="utf-8-sig")  # the header and two districts
    out = tmp_path / "out"
    proc = run_cli(
        "build", content, "--each", "districts:district", "--out", out,
        "--format", "docx", "--docx-charts", mode, timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    docxs = sorted(out.glob("*.docx"))
    assert len(docxs) == 2
    for docx in docxs:
        names = zipfile.ZipFile(docx).namelist()
        charts = [n for n in names if n.startswith("word/charts/chart")]
        pictures = [n for n in names if n.startswith("word/media/")]
        if mode == "native":
            assert charts, docx.name
        else:
            assert not charts and pictures, docx.name
