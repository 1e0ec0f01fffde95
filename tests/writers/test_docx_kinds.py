"""DOCX block kinds on a hand-built model: the XML a Word user opens, and LibreOffice's reading of it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tests.office import libreoffice_pdf
from tests.ooxml import NS, W, part
from tests.reading_order import (
    docx_body_text,
    docx_footnote_texts,
    expected_footnotes,
    expected_texts,
    missing_in_order,
)
from tests.writers.samples import every_block, make_theme, tiny_png
from tests.writers.test_docx import options

from reportgen.layout import arrange
from reportgen.writers.docx import write

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSR = {**NS, "r": R, "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
LAYOUTS = ("interleaved", "parallel", "sequential")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def photo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("img") / "photo.png"
    path.write_bytes(tiny_png(1200, 800))  # 300 ppi at 101 mm: enough for half the column
    return path


@pytest.fixture(scope="module")
def built(photo) -> dict[str, bytes]:
    out = {layout: write(every_block(photo), make_theme(), options(layout=layout)) for layout in LAYOUTS}
    out["en"] = write(every_block(photo), make_theme(), options(langs=("en",)))
    return out


def styled(doc, style: str) -> list:
    return doc.xpath(f"//w:p[w:pPr/w:pStyle/@w:val='{style}']", namespaces=NS)


def text_of(el) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


@pytest.mark.parametrize("layout", [*LAYOUTS, "en"])
def test_lists_use_word_numbering(built, layout):
    data = built[layout]
    doc = part(data, "word/document.xml")
    numbering = part(data, "word/numbering.xml")
    nums = {n.get(w("numId")): n.find("w:abstractNumId", NS).get(w("val")) for n in numbering.findall("w:num", NS)}
    abstract = {a.get(w("abstractNumId")): a for a in numbering.findall("w:abstractNum", NS)}
    items = doc.xpath("//w:p[w:pPr/w:numPr]", namespaces=NS)
    assert items
    seen_styles = set()
    for p in items:
        style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
        seen_styles.add(style)
        level = p.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)", namespaces=NS)
        num_id = p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)
        assert style in {"ListBullet", "ListBullet2", "ListNumber", "ListNumber2"}
        assert level == ("1" if style.endswith("2") else "0")
        fmt = abstract[nums[num_id]].xpath(f"string(w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val)", namespaces=NS)
        assert fmt == ("bullet" if style.startswith("ListBullet") else ("decimal" if level == "0" else "lowerLetter"))
        assert not re.match(r"\s*([•·\-–*]|\d+[.)、])", text_of(p)), text_of(p)  # no typed marks
    assert seen_styles == {"ListBullet", "ListBullet2", "ListNumber", "ListNumber2"}
    # every list instance counts from 1 (startOverride), and none is shared by two lists
    for num in numbering.findall("w:num", NS)[2:]:
        assert num.xpath("w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val", namespaces=NS)
    second_list = [p for p in styled(doc, "ListNumber") if "另一列表" in text_of(p) or "Another list" in text_of(p)]
    first_list = [p for p in styled(doc, "ListNumber") if "第一项" in text_of(p) or "First item" in text_of(p)]
    ids = lambda ps: {p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS) for p in ps}  # noqa: E731
    assert ids(first_list) and not ids(first_list) & ids(second_list)


def test_list_styles_are_tied_to_the_definitions(built):
    data = built["interleaved"]
    styles = part(data, "word/styles.xml")
    numbering = part(data, "word/numbering.xml")
    for sid, level in (("ListBullet", "0"), ("ListBullet2", "1"), ("ListNumber", "0"), ("ListNumber2", "1")):
        style = styles.xpath(f"//w:style[@w:styleId='{sid}']", namespaces=NS)[0]
        num_id = style.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)
        abstract_id = numbering.xpath(f"string(w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val)", namespaces=NS)
        lvl = numbering.xpath(
            f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='{level}']", namespaces=NS
        )
        assert lvl and lvl[0].xpath("string(w:pStyle/@w:val)", namespaces=NS) == sid


def test_bilingual_list_repeats_numbers_in_english(built):
    doc = part(built["interleaved"], "word/document.xml")
    paras = styled(doc, "ListNumber")
    by_text = {text_of(p): p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS) for p in paras}
    # Chinese and English items are separate instances, so both count 1, 2 ...
    assert by_text["第一项"] != by_text["First item"]
    assert by_text["第一项"] == by_text["第二项"] == by_text["2024"] == by_text["第四项"]
    assert "2024" in by_text and list(by_text).count("2024") == 1  # the equal English is hidden
    numbering = part(built["interleaved"], "word/numbering.xml")
    restart = numbering.xpath(
        f"string(w:num[@w:numId='{by_text['Fourth item']}']/w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val)",
        namespaces=NS,
    )
    assert restart == "4"  # the English instance resumes at 4 after the hidden third item


@pytest.mark.parametrize("layout", [*LAYOUTS, "en"])
def test_tables_repeat_header_and_mark_total(built, layout):
    doc = part(built[layout], "word/document.xml")
    tables = doc.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='BriefingTable']", namespaces=NS)
    assert tables
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
        assert table.find("w:tblPr/w:tblLook", NS).get(w("lastRow")) == "1"
        last = rows[-1].xpath(".//w:pStyle/@w:val", namespaces=NS)
        assert last == ["TableTotal", "TableTotalNumber"]
        assert rows[1].xpath(".//w:pStyle/@w:val", namespaces=NS) == ["TableText", "TableNumber"]
        caption = table.getprevious()
        assert caption.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "TableCaption"
        assert "SEQ" in " ".join(caption.xpath(".//w:instrText/text()", namespaces=NS))
        after = table.getnext()
        assert after.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "TableNote"
    styles = part(built[layout], "word/styles.xml")
    last_row = styles.xpath("//w:style[@w:styleId='BriefingTable']/w:tblStylePr[@w:type='lastRow']", namespaces=NS)
    assert last_row and last_row[0].find("w:tcPr/w:tcBorders/w:top", NS) is not None


def test_images_carry_alt_text_and_width_share(built, photo):
    doc = part(built["interleaved"], "word/document.xml")
    pr = [d for d in doc.xpath("//wp:docPr", namespaces=NS) if d.get("name") == "photo"]
    assert len(pr) == 1
    assert pr[0].get("descr").split("\n") == [
        "城区航拍照片，河流穿城而过。",
        "Aerial photo of the district with a river through it.",
    ]
    extent = pr[0].getparent().find("wp:extent", NS)
    text_width_emu = 156 * 36000
    assert int(extent.get("cx")) == pytest.approx(text_width_emu * 0.5, rel=0.01)
    assert int(extent.get("cy")) == pytest.approx(int(extent.get("cx")) * 800 / 1200, rel=0.01)
    caption = pr[0].xpath("ancestor::w:p", namespaces=NS)[0].getnext()
    assert caption.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "Caption"
    assert "图1" in text_of(caption) and "Figure 1" in text_of(caption)
    assert caption.getnext().xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "FigureSource"
    names = zipfile.ZipFile(io.BytesIO(built["interleaved"])).namelist()
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)


@pytest.mark.parametrize("layout", [*LAYOUTS, "en"])
def test_footnotes_in_footnotes_part(built, layout):
    data = built[layout]
    doc = part(data, "word/document.xml")
    notes = part(data, "word/footnotes.xml")
    by_id = {n.get(w("id")): n for n in notes.findall("w:footnote", NS)}
    assert by_id["-1"].get(w("type")) == "separator" and by_id["0"].get(w("type")) == "continuationSeparator"
    refs = doc.xpath("//w:footnoteReference", namespaces=NS)
    assert refs
    for ref in refs:
        note = by_id[ref.get(w("id"))]
        assert note.get(w("type")) is None
        assert note.xpath("string(w:p[1]/w:pPr/w:pStyle/@w:val)", namespaces=NS) == "FootnoteText"
        assert ref.getparent().xpath("string(w:rPr/w:rStyle/@w:val)", namespaces=NS) == "FootnoteReference"
    assert len({r.get(w("id")) for r in refs}) == len(refs)  # one reference per Word footnote
    # "#": Word's own number (w:footnoteRef), which is the layout's 1 here
    texts = ["#" * len(n.xpath(".//w:footnoteRef", namespaces=NS)) + text_of(n) for n in by_id.values()][2:]
    if layout == "en":
        assert texts == ["# Including water surface."]
    elif layout == "sequential":  # one per language part; the English part's marked by hand
        assert texts == ["# 含水域面积。", "1 Including water surface."]
    else:
        assert texts == ["# 含水域面积。Including water surface."]  # one footnote, both languages
    # the Chinese and the English text show the same mark: Word's 1 or a typed 1
    marks = doc.xpath("//w:r[w:rPr/w:rStyle/@w:val='FootnoteReference']", namespaces=NS)
    assert ["#" if m.xpath("w:footnoteReference[not(@w:customMarkFollows)]", namespaces=NS) else text_of(m)
            for m in marks] == (["#"] if layout == "en" else ["#", "1"])  # fmt: skip
    rels = part(data, "word/_rels/document.xml.rels")
    assert rels.xpath("//rel:Relationship[contains(@Type,'/footnotes')]/@Target", namespaces=NSR) == ["footnotes.xml"]
    settings = part(data, "word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


@pytest.mark.parametrize("layout", [*LAYOUTS, "en"])
def test_hyperlinks_resolve(built, layout):
    data = built[layout]
    doc = part(data, "word/document.xml")
    bookmarks = set(doc.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    anchors = doc.xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    assert set(anchors) <= bookmarks
    body_links = doc.xpath("//w:hyperlink[not(ancestor::w:p[starts-with(w:pPr/w:pStyle/@w:val,'TOC')])]", namespaces=NS)
    internal = [h for h in body_links if h.get(w("anchor"))]
    external = [h for h in body_links if h.get(f"{{{R}}}id")]
    assert internal and external
    for link in body_links:
        assert link.xpath("w:r/w:rPr/w:rStyle/@w:val", namespaces=NS) == ["Hyperlink"] * len(link.findall("w:r", NS))
    rels = part(data, "word/_rels/document.xml.rels")
    for link in external:
        rel = rels.xpath(f"//rel:Relationship[@Id='{link.get(f'{{{R}}}id')}']", namespaces=NSR)[0]
        assert rel.get("TargetMode") == "External"
        assert rel.get("Target") == "https://example.org/stats?a=1&b=2"
    if layout == "sequential":  # the English part's link goes to the English part's heading
        en_link = [h for h in internal if text_of(h) == "the outlook"][0]
        assert en_link.get(w("anchor")) == "outlook_en"


def test_inline_spans(built):
    doc = part(built["interleaved"], "word/document.xml")

    def run(text: str):
        return doc.xpath("//w:r[w:t=$t]", t=text, namespaces=NS)

    zh_strong, en_strong = run("56")[:2]
    assert zh_strong.find("w:rPr/w:b", NS) is not None and en_strong.find("w:rPr/w:b", NS) is not None
    (zh_em,) = run("重点")
    assert zh_em.find("w:rPr/w:em", NS).get(w("val")) == "underDot"
    assert zh_em.find("w:rPr/w:i", NS) is None  # Chinese is never slanted
    (en_em,) = run("see")
    assert en_em.find("w:rPr/w:i", NS) is not None and en_em.find("w:rPr/w:em", NS) is None
    sup = [r.xpath("string(w:rPr/w:vertAlign/@w:val)", namespaces=NS) for r in run("2")]
    assert sup.count("superscript") == 2 and sup.count("subscript") == 2
    styles = part(built["interleaved"], "word/styles.xml")
    mark = styles.xpath("//w:style[@w:styleId='FootnoteReference']/w:rPr/w:vertAlign/@w:val", namespaces=NS)
    assert mark == ["superscript"]


def test_quote_note_heading3_page_break(built):
    doc = part(built["interleaved"], "word/document.xml")
    assert [text_of(p) for p in styled(doc, "Quote")] == ["发展是第一要务。"]
    assert [text_of(p) for p in styled(doc, "QuoteEN")] == ["Development is the top priority."]
    assert text_of(styled(doc, "QuoteAttribution")[0]) == "——区长— The district head"
    box = doc.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='NoteBox']", namespaces=NS)
    assert len(box) == 1 and len(box[0].findall("w:tr/w:tc", NS)) == 1
    assert [text_of(p) for p in box[0].iter(w("p"))] == [
        "说明 / Note",
        "本简报数据均为示例。",
        "All figures in this briefing are illustrative.",
    ]
    h3 = styled(doc, "Heading3")
    assert [text_of(h) for h in h3] == ["展望Outlook"] and h3[0].find("w:bookmarkStart", NS) is not None
    styles = part(built["interleaved"], "word/styles.xml")
    fonts = styles.xpath("//w:style[@w:styleId='Heading3']/w:rPr/w:rFonts", namespaces=NS)[0]
    assert fonts.get(w("eastAsia")) == "Noto Sans CJK SC"
    breaks = doc.xpath("//w:p[w:pPr/w:pageBreakBefore]", namespaces=NS)
    assert any(text_of(p) == "附录。" for p in breaks)
    # two tables never touch (Word would join them)
    body = doc.find("w:body", NS)
    kids = list(body)
    assert not any(a.tag == b.tag == w("tbl") for a, b in zip(kids, kids[1:], strict=False))


def test_reproducible(built, photo):
    assert write(every_block(photo), make_theme(), options(layout="sequential")) == built["sequential"]


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler are needed"
)
def test_libreoffice_reads_every_block(built, tmp_path):
    src = tmp_path / "blocks.docx"
    src.write_bytes(built["interleaved"])
    pdf = libreoffice_pdf(src, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    # list marks drawn by LibreOffice from numbering.xml, with each item's text
    assert "•交通便利" in flat and "–地铁三条" in flat
    assert "1.第一项" in flat and "1.Firstitem" in flat and "a.子项甲" in flat and "4.Fourthitem" in flat
    assert "1.另一列表" in flat  # the second list restarts
    # the footnote at the foot of the page that references it, in both languages
    pages = [re.sub(r"\s+", "", page) for page in text.split("\f")]
    (page,) = [p for p in pages if "bureau.1" in p]
    assert "含水域面积。Includingwatersurface." in page and "重点见第三节。1" in page
    for cell in ("东城", "West", "12.5", "合计", "20.6", "表1", "Table1.Populationandarea"):
        assert cell in flat, cell
    assert "说明/Note" in flat and "本简报数据均为示例。" in flat
    assert "——区长" in flat and "图1" in flat


@pytest.mark.parametrize("layout", [*LAYOUTS, "en"])
def test_parity_every_text_in_reading_order(built, photo, layout):
    """The DOCX half of the parity test: every text the layout shows, in its order."""
    langs = ("en",) if layout == "en" else ("zh", "en")
    arrangement = arrange(every_block(photo), "interleaved" if layout == "en" else layout, langs)
    expected = expected_texts(arrangement)
    assert {"Good transport", "Sub-item a", "Total", "Development is the top priority.", "Note"} <= set(expected)
    assert not missing_in_order(expected, docx_body_text(built[layout]))
    notes = docx_footnote_texts(built[layout])
    shown = [t for t in expected_footnotes(arrangement) if layout != "en" or t.isascii()]
    assert not missing_in_order(shown, notes)


@pytest.mark.parametrize("layout", [*LAYOUTS, "en"])
def test_schema_valid_for_word(built, layout, tmp_path):
    """openxml-audit checks the package against the OOXML schemas and Word's rules (0 findings)."""
    exe = Path(sys.executable).parent / "openxml-audit"
    if not exe.exists():
        pytest.skip("openxml-audit is not installed (pip install -e '.[test]')")
    path = tmp_path / f"{layout}.docx"
    path.write_bytes(built[layout])
    proc = subprocess.run(
        [str(exe), "-f", "microsoft365", "--policy", "strict", "-m", "0", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0 and "Errors: 0" in proc.stdout, proc.stdout + proc.stderr


def test_jpeg_image(tmp_path):
    from PIL import Image as PILImage

    from reportgen.model import Document, Image, Text

    path = tmp_path / "street.jpg"
    PILImage.new("RGB", (1900, 1000), (200, 120, 60)).save(path, "JPEG", dpi=(300, 300), quality=80)
    sample = every_block(path)
    image = Image(path=path, caption=Text("街景", "Street view"), alt=Text("一条老街。", "An old street."))
    data = write(Document(sample.meta, (image,)), make_theme(), options())
    doc = part(data, "word/document.xml")
    (pr,) = doc.xpath("//wp:docPr", namespaces=NS)
    assert pr.get("descr") == "一条老街。\nAn old street."
    extent = pr.getparent().find("wp:extent", NS)
    assert int(extent.get("cx")) == pytest.approx(156 * 36000, rel=0.01)  # width 1.0: the full column
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert [n for n in names if n.startswith("word/media/")] == ["word/media/image1.jpg"]
