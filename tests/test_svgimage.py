"""SVG images through the command line: vector shapes in the PDF, Word's SVG picture with a PNG
fallback at 300 ppi in the DOCX, LibreOffice's reading of it, and bad SVG as exit 2."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image as PILImage
from pypdf import PdfReader
from tests.office import libreoffice_pdf

from reportgen.theme import load_theme

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "tests" / "writers" / "data" / "every_block.yaml"
WIDTH = 0.5  # the every-block content's image width share
SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240">
  <rect x="0" y="0" width="400" height="240" fill="#dcefff"/>
  <path d="M 0 150 C 100 120 200 190 400 140 L 400 240 L 0 240 Z" fill="#3366cc"/>
  <circle cx="300" cy="60" r="20" fill="#f2c14e"/>
  <text x="20" y="40" font-family="Arial" font-size="20" fill="#333333">河湾 Riverside</text>
</svg>
"""
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def content_with(folder: Path, svg: str, name: str = "map.svg") -> Path:
    (folder / name).write_text(svg, encoding="utf-8")
    path = folder / "report.yaml"
    path.write_text(CONTENT.read_text(encoding="utf-8").replace("path: photo.png", f"path: {name}"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(run_cli, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("svg")
    proc = run_cli("build", content_with(folder, SVG), "--out", folder / "out")
    assert proc.returncode == 0, proc.stderr
    return folder / "out" / "report.pdf", folder / "out" / "report.docx"


def test_pdf_draws_the_svg_as_vector_paths_with_its_text_in_embedded_faces(built):
    pdf, _ = built
    reader = PdfReader(str(pdf))
    page = next(p for p in reader.pages if "Riverside" in p.extract_text())
    xobjects = [x.get_object() for x in (page["/Resources"].get("/XObject") or {}).values()]
    assert [x for x in xobjects if x.get("/Subtype") == "/Image"] == []  # no picture of it: shapes
    ops = page.get_contents().get_data().decode("latin-1")
    water = re.search(r"(?<![\d.])0?\.2 0?\.4 0?\.8 rg\n(.*?)\nQ", ops, re.S)  # the #3366cc fill...
    assert water and re.search(r"\d c\b.*\bf\n?$", water[1], re.S)  # ...of a curved path
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "河湾 Riverside" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and not [r for r in rows if "Helvetica" in r or " no " in r.split("Identity")[-1][:12]]


def test_docx_has_the_svg_picture_and_a_png_fallback_at_300_ppi(built):
    _, docx = built
    with zipfile.ZipFile(docx) as zf:
        doc = etree.fromstring(zf.read("word/document.xml"))
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
        types = zf.read("[Content_Types].xml").decode()
        blobs = {n: zf.read(n) for n in zf.namelist() if n.startswith("word/media/")}
    targets = {r.get("Id"): "word/" + r.get("Target") for r in rels.xpath("//rel:Relationship", namespaces=NS)}
    (blip,) = doc.xpath("//a:blip[a:extLst/a:ext/asvg:svgBlip]", namespaces=NS)
    png = blobs[targets[blip.get(f"{{{NS['r']}}}embed")]]
    svg = blobs[targets[blip.xpath("string(.//asvg:svgBlip/@r:embed)", namespaces=NS)]]
    assert 'Extension="svg" ContentType="image/svg+xml"' in types or "image/svg+xml" in types
    assert b"Riverside" in svg and b"<svg" in svg
    with PILImage.open(io.BytesIO(png)) as im:
        assert im.format == "PNG"
        px_w, px_h = im.size
    extent = blip.getparent().getparent().getparent().getparent().getparent().find("wp:extent", NS)
    placed_in = int(extent.get("cx")) / 914400
    assert placed_in == pytest.approx(WIDTH * load_theme(ROOT / "templates" / "briefing").page.text_width_mm / 25.4)
    assert px_w / placed_in >= 300 and px_h / (int(extent.get("cy")) / 914400) >= 299
    descr = blip.xpath("string(ancestor::wp:inline/wp:docPr/@descr)", namespaces=NS)
    assert "航拍" in descr  # the content's alt text


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_libreoffice_renders_the_svg_picture(built, tmp_path):
    _, docx = built
    pdf = libreoffice_pdf(docx, tmp_path)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    # LibreOffice draws the picture (as the SVG's shapes or the fallback's pixels) on the caption's page.
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    where = next(i for i, p in enumerate(pages, 1) if "The district from above" in p)
    ops = "".join(p.get_contents().get_data().decode("latin-1") for p in PdfReader(str(pdf)).pages[where - 1 : where])
    on_page = [r for r in listing.splitlines()[2:] if int(r.split()[0]) == where]
    assert on_page or re.search(r"(?<![\d.])0?\.2 0?\.4 0?\.8 (rg|sc)\b", ops), listing


@pytest.mark.parametrize(
    ("svg", "says"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="10"', "not well-formed SVG"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
            '<image xlink:href="https://example.org/x.png" width="10" height="10"/></svg>',
            "must hold everything it draws",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" '
            'style="fill:url(file:///etc/passwd)"/></svg>',
            "must hold everything it draws",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
            "may not declare entities",
        ),
        ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "not an SVG image"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            + '<rect width="1" height="1"/>' * 50_001
            + "</svg>",
            "at most 50,000 elements",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="10"/>', "at most 200 in"),
    ],
)
def test_bad_svg_is_exit_2_naming_the_file(run_cli, tmp_path, svg, says):
    proc = run_cli("build", content_with(tmp_path, svg, "bad.svg"), "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "report.yaml:" in lines[0] and "bad.svg" in lines[0] and says in lines[0], lines
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
