"""The chart gallery: every kind with awkward data builds in both formats, its charts readable as text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from reportgen.charts import kinds

GALLERY = Path(__file__).resolve().parents[1] / "examples" / "chart-gallery" / "gallery.yaml"


@pytest.fixture(scope="module")
def gallery(run_cli, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gallery-out")
    proc = run_cli("build", GALLERY, "--out", out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_the_gallery_shows_every_kind():
    content = yaml.safe_load(GALLERY.read_text(encoding="utf-8"))
    assert {c["type"] for c in content["charts"].values()} == set(kinds.names())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_gallery_pdf_carries_every_chart_as_text(gallery):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(gallery / "gallery.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for label in (
        "CNY 250 bn",
        "\u221242亿元",
        "300万元",
        "CNY 3 m",
        "\u221287%",
        "Growth rate",
        "per cent (%)",
        "0.4%",
    ):
        assert label in text, label


def test_gallery_docx_pictures_state_their_data(gallery):
    with zipfile.ZipFile(gallery / "gallery.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        # a picture (--docx-charts image) or a native chart part (the default) per chart
        media = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        media += [n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
    descr = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    charts = [d for d in descr if "。" in d]
    assert len(charts) == len(yaml.safe_load(GALLERY.read_text(encoding="utf-8"))["charts"])
    assert any("2019年无数据" in d or "no data for 2012" in d for d in descr) or any("无数据" in d for d in descr)
    assert len(media) >= len(charts)
