"""DOCX block kinds through the command line: content YAML -> reportgen build -> the XML inside."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests.office import libreoffice_pdf
from tests.ooxml import NS, W
from tests.writers.samples import tiny_png

DATA = Path(__file__).parent / "data" / "every_block.yaml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = {"rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
EDITIONS = {
    "interleaved": ("--layout", "interleaved"),
    "parallel": ("--layout", "parallel"),
    "sequential": ("--layout", "sequential"),
    "en": ("--lang", "en"),
    "zh": ("--lang", "zh"),
}
AUDIT = Path("/work/shared/tools/briefing-audit")


@pytest.fixture(scope="module")
def outputs(run_cli, tmp_path_factory) -> dict[str, Path]:
    src = tmp_path_factory.mktemp("every-block")
    (src / "report.yaml").write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "photo.png").write_bytes(tiny_png(1200, 800))
    out = {}
    for name, args in EDITIONS.items():
        folder = src / f"out-{name}"
        proc = run_cli("build", src / "report.yaml", "--out", folder, "--format", "docx", *args)
        assert proc.returncode == 0, proc.stderr
        (docx,) = folder.glob("*.docx")
        out[name] = docx
    return out


def xml(path: Path, name: str):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def text_of(el) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_block_kind_in_the_docx(outputs, edition):
    path = outputs[edition]
    doc = xml(path, "word/document.xml")
    styles_used = set(doc.xpath("//w:pStyle/@w:val", namespaces=NS))
    assert {"ListBullet", "ListBullet2", "ListNumber", "ListNumber2", "Heading3", "TableCaption"} <= styles_used
    assert {"Caption", "FigureSource", "TableTotal", "TableNumber"} <= styles_used
    assert "Quote" in styles_used or "QuoteEN" in styles_used
    # lists: Word numbering, no typed marks
    items = doc.xpath("//w:p[w:pPr/w:pStyle[starts-with(@w:val,'List')]]", namespaces=NS)
    assert items and all(p.find("w:pPr/w:numPr/w:numId", NS) is not None for p in items)
    assert not [text_of(p) for p in items if re.match(r"\s*([•·\-–*]|\d+[.)、])", text_of(p))]
    numbering = xml(path, "word/numbering.xml")
    num_ids = set(numbering.xpath("w:num/@w:numId", namespaces=NS))
    assert set(doc.xpath("//w:numPr/w:numId/@w:val", namespaces=NS)) <= num_ids
    # table: a header row that repeats, a total row
    tables = doc.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='BriefingTable']", namespaces=NS)
    assert len(tables) == (2 if edition == "sequential" else 1)  # one per language part
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert rows[-1].xpath(".//w:pStyle/@w:val", namespaces=NS)[0] == "TableTotal"
        assert "12.5" in text_of(table) and "20.6" in text_of(table)
    # image: alt text
    pictures = doc.xpath("//wp:docPr", namespaces=NS)
    assert [d for d in pictures if re.search("航拍|Aerial photo", d.get("descr") or "")]
    assert all((d.get("descr") or "").strip() for d in pictures)
    # note box, one cell
    boxes = doc.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='NoteBox']", namespaces=NS)
    assert boxes and all(len(box.findall("w:tr/w:tc", NS)) == 1 for box in boxes)
    assert all("illustrative" in text_of(box) or "示例" in text_of(box) for box in boxes)


@pytest.mark.parametrize("edition", EDITIONS)
def test_footnotes_and_links_resolve(outputs, edition):
    path = outputs[edition]
    doc = xml(path, "word/document.xml")
    notes = xml(path, "word/footnotes.xml")
    ids = {n.get(f"{{{W}}}id") for n in notes.findall("w:footnote", NS)}
    refs = doc.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert refs and set(refs) <= ids
    footnote_text = text_of(notes)
    assert ("含水域面积。" in footnote_text) == (edition != "en")
    assert ("Including water surface." in footnote_text) == (edition != "zh")
    bookmarks = set(doc.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    anchors = doc.xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    assert "outlook" in {a.rsplit("_", 1)[0] if a.endswith("_en") else a for a in anchors}
    assert set(anchors) <= bookmarks
    rels = xml(path, "word/_rels/document.xml.rels")
    external = doc.xpath("//w:hyperlink/@r:id", namespaces={**NS, "r": R})
    targets = {
        r.get("Id"): (r.get("Target"), r.get("TargetMode")) for r in rels.xpath("//rel:Relationship", namespaces=REL)
    }
    if edition != "zh":  # only the English text links to the bureau
        assert external and all(targets[i] == ("https://example.org/stats?a=1&b=2", "External") for i in external)


def test_inline_spans_from_markup(outputs):
    doc = xml(outputs["interleaved"], "word/document.xml")
    runs = doc.xpath("//w:r[w:rPr/w:vertAlign]", namespaces=NS)
    kinds = {(text_of(r), r.xpath("string(w:rPr/w:vertAlign/@w:val)", namespaces=NS)) for r in runs}
    assert ("2", "subscript") in kinds and ("2", "superscript") in kinds
    assert doc.xpath("//w:r[w:rPr/w:em/@w:val='underDot' and w:t='重点']", namespaces=NS)
    assert doc.xpath("//w:r[w:rPr/w:i and w:t='see']", namespaces=NS)
    assert doc.xpath("//w:r[w:rPr/w:b and contains(w:t, '56')]", namespaces=NS)


def test_reproducible(outputs, run_cli, tmp_path):
    src = outputs["interleaved"].parent.parent
    proc = run_cli("build", src / "report.yaml", "--out", tmp_path, "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / outputs["interleaved"].name).read_bytes() == outputs["interleaved"].read_bytes()


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler are needed"
)
def test_libreoffice_renders_lists_footnotes_and_cells(outputs, tmp_path):
    pdf = libreoffice_pdf(outputs["interleaved"], tmp_path)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True)
    flat = re.sub(r"\s+", "", text.stdout)
    for expected in ("•交通便利", "–地铁三条", "1.第一项", "1.Firstitem", "a.Sub-itema", "2.Seconditem"):
        assert expected in flat, expected
    for expected in ("含水域面积。", "Includingwatersurface.", "东城", "West", "12.5", "合计", "20.6", "说明/Note"):
        assert expected in flat, expected


@pytest.mark.skipif(not (AUDIT.exists() and shutil.which("soffice")), reason="briefing-audit and LibreOffice needed")
@pytest.mark.parametrize("edition", ["interleaved", "sequential"])
def test_briefing_audit_finds_no_problem(outputs, edition):
    proc = subprocess.run(
        [str(AUDIT), str(outputs[edition]), "--soffice", "--typography"], capture_output=True, text=True, timeout=300
    )
    assert proc.stdout.strip().splitlines()[-1] == "audit: 0 problem(s)", proc.stdout
