"""Never split: no amount is parted from its unit at a line end, in any layout (issue #14).

Read on the lines pdftotext extracts from real builds of the flagship and of a sample with every
kind of unit, in each layout and single-language edition.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
SAMPLE = REPO / "tests" / "data" / "units_briefing.yaml"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

EN_UNIT_START = re.compile(
    r"^(?:billion|million|trillion|thousand|bn\b|tn\b|km|m²|m2\b|m³|kWh|MWh|GWh|tCO₂e|μg|tonnes?\b|%|"
    r"days?\b|people\b|persons?\b|per (?:person|cent)|times\b|percentage points?|pp\b)"
)
EN_AMOUNT_END = re.compile(r"(?:\b(?:CNY|USD|RMB|EUR|HKD|JPY|GBP)\s?[\d.,]*|\d[\d.,]*)$")
EN_CURRENCY_END = re.compile(r"\b(?:CNY|USD|RMB|EUR|HKD|JPY|GBP)$")
ZH_AMOUNT_END = re.compile(r"[\d.]+[万亿余多]*$")


def zh_unit_start(line: str) -> bool:
    from reportgen.text.linebreak import unit_at

    return bool(re.match(r"[万亿余多]", line)) or unit_at(line, 0) > 0


def splits(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    found = []
    for ln, nxt in zip(lines, lines[1:], strict=False):
        english = (EN_AMOUNT_END.search(ln) and EN_UNIT_START.match(nxt)) or (
            EN_CURRENCY_END.search(ln) and nxt[:1].isdigit()
        )
        chinese = ZH_AMOUNT_END.search(ln) and re.search(r"[\u4e00-\u9fff]", ln) and zh_unit_start(nxt)
        if english or chinese:
            found.append(f"{ln[-20:]} | {nxt[:16]}")
    return found


EDITIONS = [
    ("interleaved", None),
    ("parallel", None),
    ("sequential", None),
    ("interleaved", "zh"),
    ("interleaved", "en"),
]


# Every bundled example (the flagship and any added later) and the sample with every kind of unit.
CONTENTS = [*sorted((REPO / "examples").glob("*/*.yaml")), SAMPLE]


@pytest.mark.parametrize("content", CONTENTS, ids=[p.parent.name if p != SAMPLE else "units-sample" for p in CONTENTS])
@pytest.mark.parametrize(("layout", "lang"), EDITIONS, ids=[f"{a}-{b or 'both'}" for a, b in EDITIONS])
def test_no_amount_split_from_its_unit(run_cli, tmp_path, content, layout, lang):
    args = ["build", content, "--out", tmp_path, "--format", "pdf", "--layout", layout, "--no-lint"]
    if lang:
        args += ["--lang", lang]
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr
    (pdf,) = tmp_path.glob("*.pdf")
    assert splits(pdf) == []


def test_the_check_finds_a_split(tmp_path):
    # The checker itself must be able to fail: a text with a plain space between amount and unit.
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdf = tmp_path / "split.pdf"
    style = getSampleStyleSheet()["Normal"]
    words = "word " * 14
    SimpleDocTemplate(str(pdf)).build([Paragraph(words + "it grew from CNY 32.9 billion to more", style)])
    assert splits(pdf), "a plain space lets ReportLab break inside the amount"
