"""A long indicator table: every row once, the header on every page it spans (built page by page, #13)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from reportgen.writers.pdf_longtable import LONG

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
ROWS = 150


def test_long_table_keeps_every_row_and_repeats_its_header(tmp_path, run_cli):
    assert ROWS > LONG  # the page-by-page path, not ReportLab's own splitting
    data = yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))
    for i in range(ROWS):
        label = {"zh": f"指标{i}号", "en": f"Indicator row {i} end"}
        data["figures"][f"row{i}_a"] = {"label": label, "value": 1000 * (i + 1), "unit": "CNY", "period": "2015"}
        data["figures"][f"row{i}_b"] = {"label": label, "value": 1500 * (i + 1), "unit": "CNY", "period": "2020"}
        data["indicators"].append({"start": f"row{i}_a", "end": f"row{i}_b"})
    content = tmp_path / "briefing.json"
    content.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    proc = run_cli("build", content, "--out", tmp_path / "out", "--format", "pdf", "--no-lint")
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "out" / "briefing.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    for i in range(ROWS):
        assert text.count(f"Indicator row {i} end") == 1, i
    with_rows = [page for page in pages if "Indicator row" in page]
    assert len(with_rows) >= ROWS // 20  # it really spans many pages
    for page in with_rows:
        assert "End or total" in page  # the header row, repeated on each page of the table
    last = max(i for i, page in enumerate(pages) if "Indicator row" in page)
    assert "Source:" in pages[last] or "资料来源" in pages[last]  # the note stays with the last rows
