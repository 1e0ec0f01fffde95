"""Key figures (issue #15): the labels of a row of figures line up, in the PDF and in the DOCX as
LibreOffice sets it, whether or not a value shows an English line (41% shows once, 3万多个 twice)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.model import KeyFigures

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = ROOT / "templates" / "briefing"


def label_tops(pdf: Path, labels: list[str]) -> list[float]:
    """The top of each English label's first word, found as that run of words in reading order."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page = next(p for p in bbox.split("<page ")[1:] if ">figures<" in p)
    words = [(float(m[1]), m[2]) for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]+)<', page)]
    tops = []
    for label in labels:
        want = label.split()[:2]  # a label may wrap after its second word
        at = next(i for i in range(len(words)) if [w for _, w in words[i : i + len(want)]] == want)
        tops.append(words[at][0])
    return tops


@pytest.fixture(scope="module")
def rows():
    document = compose(load_content(FLAGSHIP), TEMPLATE)
    block = next(b for b in document.blocks if isinstance(b, KeyFigures))
    labels = [item.label.en for item in block.items]
    shown_once = [item.value.zh == item.value.en for item in block.items]
    assert any(shown_once) and not all(shown_once)  # the case that misaligned them
    return [labels[i : i + 4] for i in range(0, len(labels), 4)]


def test_pdf_labels_line_up_in_each_row(flagship_build, rows):
    for row in rows:
        tops = label_tops(flagship_build.pdf, row)
        assert max(tops) - min(tops) < 0.5, (row, tops)


def test_docx_labels_line_up_in_each_row(flagship_soffice, rows):
    for row in rows:
        tops = label_tops(flagship_soffice, row)
        assert max(tops) - min(tops) < 0.5, (row, tops)
