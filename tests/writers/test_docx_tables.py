"""DOCX tables after the PDF's layout (issue #15): the column widths the PDF measured, rows held
together at a page break, and the PDF's breaks as Word users make them — a second table under a
"续表1 / Table 1 (continued)" caption. Checked in the XML and in LibreOffice's rendering."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree
from tests.office import libreoffice_pdf
from tests.writers.test_pdf_tables import STAMP, TEMPLATE, build, document

from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers.docx import write as write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def tables(data: bytes) -> list:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return root.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='BriefingTable']", namespaces=NS)


def text_of(el) -> str:
    return "".join(el.itertext())


@pytest.fixture(scope="module")
def split(cache_dir):
    """A table the PDF breaks over two pages, and the DOCX written after that PDF."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        theme = load_theme(TEMPLATE)
        doc = document(25, 4)
        pdf, pagination = build(theme, doc, cache_dir)
        options = WriteOptions(
            render_chart=None, timestamp=STAMP, template_dir=TEMPLATE, pagination=pagination, docx_charts="image"
        )
        return pagination, write_docx(doc, theme, options)


def test_columns_take_the_widths_the_pdf_measured(split):
    pagination, data = split
    for table in tables(data):
        grid = [int(c.get(f"{{{W}}}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
        assert [g / sum(grid) for g in grid] == pytest.approx(list(pagination.table_widths[0]), abs=1e-3)


def test_the_table_breaks_where_the_pdf_did_under_a_continued_caption(split):
    pagination, data = split
    breaks = list(pagination.table_breaks[0])
    parts = tables(data)
    assert breaks and len(parts) == len(breaks) + 1
    rows = [[text_of(tr) for tr in t.findall("w:tr", NS)] for t in parts]
    assert all("End or total" in r[0] for r in rows)  # each part opens with the header row...
    for t in parts:  # ...marked to repeat, and no row splits
        trs = t.findall("w:tr", NS)
        assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
    numbers = [int(n) for part in rows for r in part for n in re.findall(r"Row(\d\d)", r)]
    assert numbers == list(range(1, 26))
    ends = [sum(len(r) - 1 for r in rows[: i + 1]) for i in range(len(breaks))]
    assert ends == breaks and "Total" in rows[-1][-1]
    for part in parts[1:]:
        caption = part.getprevious()
        assert caption.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "TableCaption"
        assert caption.find("w:pPr/w:pageBreakBefore", NS) is not None
        assert text_of(caption) == "续表1Table 1 (continued)"


def test_rows_are_held_two_together_at_either_end(split):
    _, data = split
    parts = tables(data)

    def kept(tr) -> bool:
        return all(p.find("w:pPr/w:keepNext", NS) is not None for p in tr.iter(f"{{{W}}}p"))

    for t in parts:
        trs = t.findall("w:tr", NS)
        flags = [kept(tr) for tr in trs]
        assert flags[:2] == [True, True] and flags[-1] is False
        assert not any(flags[2:-3])  # the middle rows may break anywhere
    # The last two body rows, and the total, stay together.
    last = [kept(tr) for tr in parts[-1].findall("w:tr", NS)]
    assert last[-3:] == [True, True, False]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler")
def test_libreoffice_shows_the_continued_caption_and_no_lone_row(split, tmp_path):
    _, data = split
    (tmp_path / "t.docx").write_bytes(data)
    pdf = libreoffice_pdf(tmp_path / "t.docx", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = text.stdout.split("\f")[:-1]
    per_page = [re.findall(r"Row(\d\d)", page) for page in pages]
    assert [int(n) for found in per_page for n in found] == list(range(1, 26))
    spanned = [i for i, found in enumerate(per_page) if found]
    assert len(spanned) == len(split[0].table_breaks[0]) + 1  # LibreOffice breaks where the PDF did
    assert all(len(per_page[i]) >= 2 for i in spanned)
    for i in spanned[1:]:
        later = pages[i].replace("续表 1", "续表1")  # LibreOffice spaces a digit from Chinese
        assert "续表1" in later and "Table 1 (continued)" in later
        assert later.index("续表1") < later.index("期末或累计") < later.index("Row")
    assert "续表" not in pages[spanned[0]]


def test_flagship_amounts_stay_whole_in_word_and_the_pdf(flagship_build, flagship_soffice):
    """ "CNY 32.9 billion" once wrapped onto three lines in a narrow DOCX column."""
    for pdf in (flagship_build.pdf, flagship_soffice):
        lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        text = lines.stdout
        for amount in ("CNY 32.9 billion", "CNY 67.4 billion", "CNY 2.29 billion", "CNY 274.4 billion"):
            assert amount in text, (pdf.name, amount)
        assert not re.search(r"CNY \d[\d.]* billi\s*$", text, re.M), pdf.name


def test_numeric_heads_are_right_aligned_over_their_figures_in_word(split, flagship_soffice):
    _, data = split
    head = tables(data)[0].find("w:tr", NS)
    assert head.xpath(".//w:pStyle/@w:val", namespaces=NS) == ["TableHead", "TableHeadNumber", "TableHeadNumber"]
    # As LibreOffice sets the flagship's table: "Start" ends where its column's amounts end.
    bbox = subprocess.run(["pdftotext", "-bbox", str(flagship_soffice), "-"], capture_output=True, text=True).stdout
    page = next(p for p in bbox.split("<page ") if ">Start<" in p and ">billion<" in p)
    words = [
        (float(m[1]), float(m[2]), float(m[3]), m[4])
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', page)
    ]
    start = next(w for w in words if w[3] == "Start")
    first = min((w for w in words if w[3] == "billion" and w[1] > start[1]), key=lambda w: (w[1], w[0]))
    assert abs(start[2] - first[2]) < 1.5, (start, first)


def test_every_cell_holds_its_own_text_in_its_column_style(split):
    """Each w:tc (walked row by row, not through python-docx's cell grid) holds the model's cell of
    that row and column in both languages, styled for its column and row: header, body, total."""
    _, data = split
    doc = document(25, 4)
    table = doc.blocks[-1]
    expected = [tuple(c.header for c in table.columns), *table.rows, table.total]
    got, styles = [], []
    for part in tables(data):
        for r, tr in enumerate(part.findall("w:tr", NS)):
            tcs = tr.findall("w:tc", NS)
            assert len(tcs) == len(table.columns)
            if r == 0 and got:  # a continuation's repeated header
                assert [text_of(tc) for tc in tcs] == got[0]
                continue
            got.append([text_of(tc) for tc in tcs])
            styles.append([tc.xpath("string(w:p/w:pPr/w:pStyle/@w:val)", namespaces=NS) for tc in tcs])
    # (a cell whose English equals its Chinese, "—", is shown once)
    assert got == [[cell.zh + (cell.en if cell.en != cell.zh else "") for cell in row] for row in expected]
    assert styles[0] == ["TableHead", "TableHeadNumber", "TableHeadNumber"]
    assert all(s == ["TableText", "TableNumber", "TableNumber"] for s in styles[1:-1])
    assert styles[-1] == ["TableTotal", "TableTotalNumber", "TableTotalNumber"]
