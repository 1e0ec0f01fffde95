"""A real CJK bold, the same in both formats (issue #15): headings, titles, key figures and table
heads are set in the theme's bold faces — in the PDF the bold subset draws them, in the DOCX the
styles say w:b on a family whose bold face is embedded — and never in a synthetic bold.

Checked on the flagship as the CLI builds it, and on LibreOffice's rendering of its DOCX (no Noto
font is installed system-wide, so a bold CJK face there can only be the embedded one)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf import PdfReader
from tests.office import libreoffice_pdf

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.model import Heading
from reportgen.theme import load_theme, weights
from reportgen.writers.docx_package import obfuscate

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = ROOT / "templates" / "briefing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def built(flagship_build):
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    return flagship_build


@pytest.fixture(scope="module")
def headings():
    document = compose(load_content(FLAGSHIP), TEMPLATE)
    return [b.text for b in document.blocks if isinstance(b, Heading)]


def drawn_runs(pdf: Path) -> list[tuple[str, dict, float]]:
    """(text, font dictionary, size) of every text run the PDF draws, in page order."""
    runs: list[tuple[str, dict, float]] = []
    for page in PdfReader(pdf).pages:

        def visit(text, cm, tm, font, size):
            if text.strip() and font is not None:
                runs.append((text.strip(), font, size * abs(tm[3]) * abs(cm[3] or 1)))

        page.extract_text(visitor_text=visit)
    return runs


def weight(font: dict) -> int:
    """The usWeightClass of the embedded font program: what the face *is*, not what it is called."""
    descriptor = font.get_object()["/FontDescriptor"].get_object()
    program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
    return program["OS/2"].usWeightClass


def cjk_weights(runs, text: str, min_size: float = 0) -> set[tuple[str, int]]:
    """(font name, weight) of the runs at least ``min_size`` pt that draw the Chinese of ``text``
    (all of it: LibreOffice draws a run per script)."""
    wanted = "".join(CJK.findall(text))
    return {
        (str(font["/BaseFont"]), weight(font))
        for drawn, font, size in runs
        if size >= min_size and CJK.search(drawn) and "".join(CJK.findall(drawn)) in wanted
    }


def test_the_theme_weighs_each_element_once_for_both_scripts():
    theme = load_theme(TEMPLATE)
    for element in ("heading", "title", "key_figure_value", "table_head", "table_total", "strong"):
        assert weights.face(theme, element, "zh").bold and weights.face(theme, element, "en").bold, element
    # The serif body has no CJK bold: strong Chinese borrows the sans's real bold.
    assert weights.face(theme, "strong", "zh") == weights.Face("zh_heading", True)
    for element in ("subtitle", "caption", "running_header"):
        assert not weights.face(theme, element, "zh").bold


def test_pdf_headings_are_drawn_in_a_real_cjk_bold(built, headings):
    runs = drawn_runs(built.pdf)
    smallest = load_theme(TEMPLATE).sizes["heading3"]  # not the regular table of contents
    for text in headings:
        found = cjk_weights(runs, text.zh, smallest - 0.1)
        assert found, text.zh
        assert all("Bold" in name and w >= 700 for name, w in found), (text.zh, found)
    # ...beside the English heading's bold, and against a regular body (so the check can fail).
    english = {str(font["/BaseFont"]) for drawn, font, size in runs if drawn == headings[0].en and size > 12}
    assert english and all("Bold" in name for name in english)
    body = [font for drawn, font, _ in runs if len(CJK.findall(drawn)) > 30]
    assert body and all(weight(font) == 400 for font in body)


def test_pdf_key_figure_values_and_table_heads_are_bold(built):
    runs, sizes = drawn_runs(built.pdf), load_theme(TEMPLATE).sizes
    # A key figure's value (in a table cell the same amount is regular: hence the size), table heads.
    for text, size in (("674亿元", sizes["key_figure"]), ("指标", sizes["table"]), ("期末或累计", sizes["table"])):
        found = {(str(f["/BaseFont"]), weight(f)) for drawn, f, at in runs if drawn == text and abs(at - size) < 0.1}
        assert found and all(w >= 700 for _, w in found), (text, found)


def _docx(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _embedded(package, family: str, element: str) -> TTFont:
    table = etree.fromstring(package["word/fontTable.xml"])
    rels = etree.fromstring(package["word/_rels/fontTable.xml.rels"])
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    font = next(f for f in table.iterfind("w:font", NS) if f.get(f"{{{W}}}name") == family)
    embed = font.find(f"w:{element}", NS)
    assert embed is not None, f"{family} has no {element}"
    data = package["word/" + targets[embed.get(f"{{{R}}}id")]]
    return TTFont(io.BytesIO(obfuscate(data, embed.get(f"{{{W}}}fontKey"))))


def _style(styles, sid: str):
    return styles.find(f"w:style[@w:styleId='{sid}']", NS)


def test_docx_headings_say_bold_on_a_family_whose_bold_is_embedded(built, headings):
    package = _docx(built.docx)
    styles = etree.fromstring(package["word/styles.xml"])
    for sid in ("Heading1", "Heading2", "Heading3", "Title", "KeyFigureValue", "TableHead", "TableTotal"):
        rpr = _style(styles, sid).find("w:rPr", NS)
        assert rpr.find("w:b", NS).get(f"{{{W}}}val") == "1", sid
        family = rpr.find("w:rFonts", NS).get(f"{{{W}}}eastAsia")
        assert family == "Noto Sans CJK SC", sid
    # The English heading's run style inherits the paragraph's bold (no w:b that Word would toggle).
    for sid in ("Heading1EN", "Heading2EN", "Heading3EN"):
        assert _style(styles, sid).find("w:rPr/w:b", NS) is None, sid
    bold = _embedded(package, "Noto Sans CJK SC", "embedBold")
    assert bold["OS/2"].usWeightClass == 700 and bold["OS/2"].fsSelection & 0b100000 and bold["head"].macStyle & 1
    names = {n.nameID: n.toUnicode() for n in bold["name"].names}
    assert (names[1], names[2]) == ("Noto Sans CJK SC", "Bold")  # the family's bold, as Word matches it
    cmap = bold.getBestCmap()
    missing = {ch for text in headings for ch in CJK.findall(text.zh) if ord(ch) not in cmap}
    assert not missing
    regular = _embedded(package, "Noto Sans CJK SC", "embedRegular")
    assert regular["OS/2"].usWeightClass == 400
    # Headings carry no direct w:b: their weight is the style's.
    body = etree.fromstring(package["word/document.xml"])
    for p in body.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and style.get(f"{{{W}}}val").startswith("Heading"):
            assert p.find(".//w:rPr/w:b", NS) is None


def test_libreoffice_draws_the_headings_with_the_embedded_bold(built, headings, flagship_soffice):
    # LibreOffice's own subsets keep no OS/2 table: the name says which face it drew, and that
    # PostScript name (with its reportgen tag) is the bold face embedded in the DOCX.
    embedded = _embedded(_docx(built.docx), "Noto Sans CJK SC", "embedBold")
    ps_name = next(n.toUnicode() for n in embedded["name"].names if n.nameID == 6)
    runs = drawn_runs(flagship_soffice)
    smallest = load_theme(TEMPLATE).sizes["heading3"]
    for text in headings[:6]:
        wanted = "".join(CJK.findall(text.zh))
        found = {
            str(font["/BaseFont"]).split("+")[-1]
            for drawn, font, size in runs
            if size >= smallest - 0.1 and CJK.search(drawn) and "".join(CJK.findall(drawn)) in wanted
        }
        assert found == {ps_name}, (text.zh, found)


def test_digits_in_a_bold_chinese_head_with_markup_are_bold(cache_dir, tmp_path):
    """A column head with a unit is built from spans (2019年（万吨）): its digits, set in the Latin
    face, take the bold of the Chinese beside them."""
    import datetime as dt

    from reportgen.model import Column, Document, Meta, Span, Table, Text
    from reportgen.writers import WriteOptions
    from reportgen.writers.pdf import write

    t = Text(zh="样本", en="Sample")
    head = Text.of_spans((Span("2019年"), Span("（万吨）")), (Span("2019"), Span(" (kt)")))
    table = Table(
        t, (Column(t), Column(head, kind="number")), ((Text(zh="湖东区", en="East Lake"), Text("5,200", "5,200")),)
    )
    doc = Document(Meta(t, t, t, t, t, dt.date(2021, 9, 15)), (table,))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        pdf = write(doc, load_theme(TEMPLATE), WriteOptions(render_chart=None))
    (tmp_path / "t.pdf").write_bytes(pdf)
    runs = drawn_runs(tmp_path / "t.pdf")
    digits = [(drawn, str(font["/BaseFont"])) for drawn, font, _ in runs if drawn.startswith("2019")]
    assert digits and all("Bold" in name for _, name in digits), digits
    assert any(drawn == "5,200" and "Bold" not in str(font["/BaseFont"]) for drawn, font, _ in runs)


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdffonts"), reason="LibreOffice and poppler")
def test_libreoffice_draws_every_character_of_the_second_example_with_an_embedded_face(run_cli, tmp_path):
    """Lists, footnotes, a note box and a table (Lakeside): no character falls back to a system
    face — list marks, which the DOCX's numbering adds, are in the embedded subsets too."""
    example = ROOT / "examples" / "lakeside" / "briefing.yaml"
    proc = run_cli("build", example, "--out", tmp_path, "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    pdf = libreoffice_pdf(tmp_path / "briefing.docx", tmp_path)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    names = {re.sub(r"^[A-Z]{6}\+|-rg[0-9a-f]+$", "", line.split()[0]) for line in listing.stdout.splitlines()[2:]}
    assert {re.sub(r"-.*", "", n) for n in names} == {
        "NotoSerifCJKsc",
        "NotoSansCJKsc",
        "SourceSerifPro",
        "SourceSansPro",
    }
    assert "NotoSansCJKsc-Bold" in names
