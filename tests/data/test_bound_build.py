"""Acceptance: a figure bound to an .xlsx cell and one bound to a SQLite query read exactly as the
typed figures do — in the text, the indicator table and the chart — and a changed cell makes
``--check`` exit 1."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"

DATA = """data:
  indicators: {file: indicators.xlsx, sheet: 指标, range: A1:C6, unit: CNY, scale: 100000000}
  stats:
    file: stats.sqlite
    query: "SELECT revenue FROM finance WHERE district = :district AND year = 2020"
    columns: {revenue: {unit: CNY, scale: 100000000, period: "2020"}}
params: {district: 管城}

figures:
"""


def _bind(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def write_bound_flagship(folder: Path, gdp_2020=674, unused=1.0) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    for row in (["指标", "2015", "2020"], ["地区生产总值", 329, gdp_2020], ["出口", 198.6, 278], ["其他", 1, unused]):
        sheet.append(row)
    book.save(folder / "indicators.xlsx")
    if (folder / "stats.sqlite").exists():
        return folder / "briefing.yaml"  # written once: the database file stays byte for byte the same
    db = sqlite3.connect(folder / "stats.sqlite")
    db.execute("CREATE TABLE finance (district TEXT, year INTEGER, revenue REAL)")
    db.executemany(
        "INSERT INTO finance VALUES (?, ?, ?)", [("管城", 2020, 53.9), ("管城", 2015, 22.9), ("金水", 2020, 99)]
    )
    db.commit()
    db.close()
    text = FLAGSHIP.read_text(encoding="utf-8")
    text = _bind(text, "\nfigures:\n", "\n" + DATA)
    text = _bind(
        text,
        '  gdp_2020:\n    label: {zh: 地区生产总值, en: GDP}\n    value: 67400000000\n    unit: CNY\n    period: "2020"\n',
        "  gdp_2020:\n    label: {zh: 地区生产总值, en: GDP}\n    from: {source: indicators, cell: C2}\n",
    )
    text = _bind(
        text,
        '  revenue_2020:\n    label: {zh: 一般预算收入, en: General budget revenue}\n    value: 5390000000\n    unit: CNY\n    period: "2020"\n',
        "  revenue_2020:\n    label: {zh: 一般预算收入, en: General budget revenue}\n    from: {source: stats, column: revenue}\n",
    )
    path = folder / "briefing.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bound(tmp_path_factory, run_cli):
    folder = tmp_path_factory.mktemp("bound")
    content = write_bound_flagship(folder)
    proc = run_cli("build", content, "--out", folder / "out")
    assert proc.returncode == 0, proc.stderr
    return folder


def test_bound_outputs_are_the_typed_flagships_byte_for_byte(bound, flagship_build):
    assert flagship_build.proc.returncode == 0
    for suffix in ("pdf", "docx"):
        assert (bound / "out" / f"briefing.{suffix}").read_bytes() == (
            flagship_build.out / f"briefing.{suffix}"
        ).read_bytes()


def test_bound_figures_read_the_same_in_text_table_and_chart(bound):
    text = subprocess.run(["pdftotext", bound / "out" / "briefing.pdf", "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    # the paragraph, the key figures and the indicator table each show it: more than once
    assert flat.count("674亿元") >= 3, flat.count("674亿元")
    assert flat.count("53.9亿元") >= 2
    assert "CNY 67.4 billion" in re.sub(r"\s+", " ", text)
    with zipfile.ZipFile(bound / "out" / "briefing.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    descriptions = re.findall(r'descr="([^"]*)"', xml)
    assert any("674亿元" in d for d in descriptions), descriptions  # the chart's alt text: its data
    table_cells = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    assert any("674亿元" in t and "53.9亿元" in t for t in table_cells)


def test_manifest_records_sources_hashes_and_query(bound):
    manifest = json.loads((bound / "out" / "briefing.manifest.json").read_text(encoding="utf-8"))
    files = {f["file"]: f for f in manifest["data"]["files"]}
    assert set(files) == {"indicators.xlsx", "stats.sqlite"}
    assert files["stats.sqlite"]["queries"] == [
        "SELECT revenue FROM finance WHERE district = :district AND year = 2020"
    ]
    assert re.fullmatch(r"[0-9a-f]{64}", files["indicators.xlsx"]["sha256"])
    assert manifest["data"]["bound"]["figures.gdp_2020"] == "indicators.xlsx!指标!C2"


def test_check_notices_a_changed_cell(bound, run_cli):
    content = bound / "briefing.yaml"
    assert run_cli("build", content, "--out", bound / "out", "--check").returncode == 0
    write_bound_flagship(bound, gdp_2020=675)  # a bound cell: the outputs change
    proc = run_cli("build", content, "--out", bound / "out", "--check")
    assert proc.returncode == 1, proc.stderr
    assert "out of date:" in proc.stdout and "briefing.pdf" in proc.stdout
    write_bound_flagship(bound, gdp_2020=674, unused=2.0)  # a cell no figure reads: the manifest notices
    proc = run_cli("build", content, "--out", bound / "out", "--check")
    assert proc.returncode == 1, proc.stderr
    assert "briefing.manifest.json (data changed: indicators.xlsx)" in proc.stdout
    assert "briefing.pdf" not in proc.stdout
