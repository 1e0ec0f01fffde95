"""DOCX writer: structure of the package a Word user opens, and LibreOffice's rendering of it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree
from tests.office import libreoffice_pdf
from tests.ooxml import NS, W, part
from tests.writers.samples import TEMPLATE, make_theme, tiny_png

from reportgen.model import (
    Chart,
    ChartSpec,
    Column,
    Cover,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Meta,
    PageBreak,
    Paragraph,
    Series,
    Table,
    TableOfContents,
    Text,
)
from reportgen.writers import WriteOptions
from reportgen.writers.docx import write

STAMP = dt.datetime(2024, 5, 17, 9, 30, tzinfo=dt.UTC)


CALLS: list[tuple] = []


def stub_render(chart, fmt, width_mm, langs) -> bytes:
    CALLS.append((chart.id, fmt, width_mm, langs))
    w = round(width_mm / 25.4 * 300)
    return tiny_png(w, round(w * 0.5))


T = Text
TRICKY_ZH = "他说：“收入 & 支出 <平衡> ‘稳定’”——见表1……"
TRICKY_EN = 'He said: "income & spending <balanced>" — see Table 1…'


def sample_document() -> Document:
    chart = Chart(
        id="gdp",
        spec=ChartSpec(
            kind="bar",
            title=T("地区生产总值", "Regional GDP"),
            categories=(T("2023", "2023"),),
            series=(Series(T("总值", "Total"), (674.0,), (T("674", "67.4"),)),),
            unit=T("亿元", "CNY billion"),
        ),
        caption=T("地区生产总值变化", "Change in regional GDP"),
        alt=T("柱状图：2023年地区生产总值674亿元。", "Bar chart: regional GDP was CNY 67.4 billion in 2023."),
    )
    blocks = (
        Cover(
            title=T("城市经济发展简报", "Briefing on the Urban Economy"),
            subtitle=T("2024年第一季度", "First quarter 2024"),
            dateline=T("2024年5月17日", "17 May 2024"),
            issuer=T("市统计局", "Municipal Statistics Bureau"),
        ),
        TableOfContents(T("目录", "Contents"), depth=3),
        PageBreak(),
        Heading(1, T("总体情况", "Overview"), "overview"),
        Paragraph(T("全市经济运行总体平稳，主要指标稳中有升。" * 4, "The city's economy ran steadily. " * 5)),
        Paragraph(T(TRICKY_ZH, TRICKY_EN)),
        KeyFigures(
            T("关键数据", "Key figures"),
            (
                KeyFigure(T("674亿元", "CNY 67.4 bn"), T("地区生产总值", "Regional GDP")),
                KeyFigure(T("5.2%", "5.2%"), T("同比增长", "Year-on-year growth")),
            ),
        ),
        Heading(2, T("主要指标", "Main indicators"), "indicators"),
        Table(
            caption=T("主要指标", "Main indicators"),
            columns=(Column(T("指标", "Indicator")), Column(T("数值", "Value"), kind="number")),
            rows=(
                (T("地区生产总值", "Regional GDP"), T("674亿元", "CNY 67.4 bn")),
                (T("工业增加值", "Industrial value added"), T("231亿元", "CNY 23.1 bn")),
            ),
            note=T("资料来源：市统计局。", "Source: Municipal Statistics Bureau."),
        ),
        chart,
        Heading(3, T("展望 & 风险", "Outlook & risks"), "3 outlook & risks"),
        Paragraph(T("预计全年保持平稳增长。", "Growth is expected to stay steady this year.")),
    )
    meta = Meta(
        title=T("城市经济发展简报", "Briefing on the Urban Economy"),
        short_title=T("经济简报", "Economic Briefing"),
        subject=T("经济", "Economy"),
        author=T("市统计局", "Municipal Statistics Bureau"),
        keywords=T("经济,统计", "economy,statistics"),
        date=dt.date(2024, 5, 17),
    )
    return Document(meta, blocks)


def options(**kw) -> WriteOptions:
    # The stub renderer stands in for pictures; native charts are tested in test_docx_charts.py.
    return WriteOptions(render_chart=stub_render, timestamp=STAMP, **{"docx_charts": "image", **kw})


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return write(sample_document(), make_theme(), options())


def test_styles_name_every_font_and_no_theme_fonts(docx_bytes):
    styles = part(docx_bytes, "word/styles.xml")
    raw = etree.tostring(styles).decode()
    assert not re.search(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", raw)
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(f"{{{W}}}eastAsia") == "Noto Serif CJK SC"
    assert fonts.get(f"{{{W}}}ascii") == fonts.get(f"{{{W}}}hAnsi") == "Source Serif Pro"
    assert fonts.get(f"{{{W}}}cs") == "Source Serif Pro"
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}eastAsia")) == ("en-US", "zh-CN")
    document = part(docx_bytes, "word/document.xml")
    used = set(document.xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val", namespaces=NS))
    assert {
        "Title",
        "Heading1",
        "Heading2",
        "Heading3",
        "BodyTextZH",
        "BodyTextEN",
        "Caption",
        "TOC1",
        "TOCHeading",
        "BriefingTable",
    } <= used
    defined = {s.get(f"{{{W}}}styleId"): s for s in styles.findall("w:style", NS)}
    for sid in used:
        rfonts = defined[sid].find("w:rPr/w:rFonts", NS)
        assert rfonts is not None, sid
        assert all(rfonts.get(f"{{{W}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")), sid
    zh_body = defined["BodyTextZH"]
    assert zh_body.find("w:pPr/w:ind", NS).get(f"{{{W}}}firstLineChars") == "200"
    assert zh_body.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "both"
    heading = defined["Heading1"]
    assert heading.find("w:pPr/w:keepNext", NS) is not None
    assert heading.find("w:pPr/w:outlineLvl", NS).get(f"{{{W}}}val") == "0"
    assert heading.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == "Noto Sans CJK SC"
    assert (
        defined["BriefingTable"].find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(f"{{{W}}}fill")
        == "F3E9E7"
    )


def test_settings_fields_and_sections(docx_bytes):
    settings = part(docx_bytes, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{{{W}}}val") == "true"
    tfl = settings.find("w:themeFontLang", NS)
    assert (tfl.get(f"{{{W}}}val"), tfl.get(f"{{{W}}}eastAsia")) == ("en-US", "zh-CN")
    document = part(docx_bytes, "word/document.xml")
    instr = " ".join(document.xpath("//w:instrText/text()", namespaces=NS))
    assert 'TOC \\o "1-3" \\h \\z \\u' in instr
    assert "SEQ 表" in instr and "SEQ Table" in instr and "SEQ 图" in instr and "SEQ Figure" in instr
    assert "PAGEREF" not in instr  # LibreOffice drops PAGEREF in a TOC
    # the TOC's cached result already lists the headings, linked to their bookmarks
    toc_paras = document.xpath("//w:p[w:pPr/w:pStyle[starts-with(@w:val,'TOC')]]", namespaces=NS)
    toc_text = "".join(toc_paras[0].getparent().xpath(".//w:hyperlink//w:t/text()", namespaces=NS))
    assert "总体情况" in toc_text and "Outlook & risks" in toc_text
    bookmarks = set(document.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    assert {"overview", "indicators", "h_3_outlook___risks"} <= bookmarks
    assert set(document.xpath("//w:hyperlink/@w:anchor", namespaces=NS)) <= bookmarks
    # captions: the table's above its table, the figure's below its picture, both numbered 1
    caption = document.xpath("//w:p[w:pPr/w:pStyle/@w:val='TableCaption']", namespaces=NS)[0]
    assert caption.getnext().tag == f"{{{W}}}tbl"
    assert (
        "".join(caption.xpath(".//w:t/text()", namespaces=NS)) == "表1　主要指标Table 1. Main indicators"
    )  # the layout's numbered caption
    figure = document.xpath("//w:p[w:pPr/w:pStyle/@w:val='Figure']", namespaces=NS)[0]
    assert figure.getnext().xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "Caption"
    sect = document.find("w:body/w:sectPr", NS)
    assert sect.find("w:titlePg", NS) is not None
    size = sect.find("w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")
    assert sect.find("w:pgMar", NS).get(f"{{{W}}}left") == str(round(28 * 1440 / 25.4))
    names = zipfile.ZipFile(io.BytesIO(docx_bytes)).namelist()
    footers = [part(docx_bytes, n) for n in names if re.match(r"word/footer\d*\.xml", n)]
    footer_instr = [" ".join(f.xpath("//w:instrText/text()", namespaces=NS)) for f in footers]
    assert any("PAGE" in i for i in footer_instr)
    default_footer = footers[[i for i, x in enumerate(footer_instr) if "PAGE" in x][0]]
    assert "".join(default_footer.xpath("//w:t/text()", namespaces=NS)).startswith("— 2 —"[:2])
    headers = [part(docx_bytes, n) for n in names if re.match(r"word/header\d*\.xml", n)]
    assert any("经济简报" in "".join(h.xpath("//w:t/text()", namespaces=NS)) for h in headers)


def test_blocks(docx_bytes):
    document = part(docx_bytes, "word/document.xml")
    table = [
        t
        for t in document.iter(f"{{{W}}}tbl")
        if t.xpath("string(w:tblPr/w:tblStyle/@w:val)", namespaces=NS) == "BriefingTable"
    ][0]
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    numeric = rows[1].findall("w:tc", NS)[1]
    assert numeric.xpath("string(.//w:pStyle/@w:val)", namespaces=NS) == "TableNumber"
    assert numeric.xpath(".//w:br", namespaces=NS)  # Chinese line, then English line
    doc_prs = document.xpath("//wp:docPr", namespaces=NS)
    assert len(doc_prs) == 1
    assert doc_prs[0].get("descr").split("\n") == [
        "柱状图：2023年地区生产总值674亿元。",
        "Bar chart: regional GDP was CNY 67.4 billion in 2023.",
    ]
    assert doc_prs[0].get("title")
    assert len({d.get("id") for d in doc_prs}) == len(doc_prs)
    doc = sample_document()
    twice = write(type(doc)(doc.meta, doc.blocks + doc.blocks[-3:-2] * 2), make_theme(), options())
    ids = part(twice, "word/document.xml").xpath("//wp:docPr/@id", namespaces=NS)
    assert len(ids) == 3 and len(set(ids)) == 3
    assert CALLS and CALLS[-1][1:] == ("png", pytest.approx(156.0), "zh+en")
    # heading: Chinese, a line break, English in its character style; bookmark around it
    h1 = document.xpath("//w:p[w:pPr/w:pStyle/@w:val='Heading1']", namespaces=NS)[0]
    assert [el.tag.split("}")[1] for el in h1] == ["pPr", "bookmarkStart", "r", "r", "r", "bookmarkEnd"]
    assert h1.xpath("string(w:r[3]/w:rPr/w:rStyle/@w:val)", namespaces=NS) == "Heading1EN"
    assert h1.xpath("string(w:r[3]/w:rPr/w:lang/@w:val)", namespaces=NS) == "en-US"
    # literal text, not markup, and the Chinese run with curly quotes is hinted East Asian
    texts = document.xpath("//w:t/text()", namespaces=NS)
    assert TRICKY_ZH in texts and TRICKY_EN in texts
    zh_run = document.xpath("//w:r[w:t=$t]", t=TRICKY_ZH, namespaces=NS)[0]
    assert zh_run.xpath("string(w:rPr/w:rFonts/@w:hint)", namespaces=NS) == "eastAsia"
    assert zh_run.xpath("string(w:rPr/w:lang/@w:eastAsia)", namespaces=NS) == "zh-CN"
    assert zh_run.getparent().xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "BodyTextZH"
    raw = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml").decode()
    assert "&amp; 支出 &lt;平衡&gt;" in raw
    # Chinese paragraph directly followed by its English
    zh_para = zh_run.getparent()
    assert zh_para.getnext().xpath("string(.//w:t)", namespaces=NS) == TRICKY_EN


def test_core_properties_and_determinism(docx_bytes):
    core = part(docx_bytes, "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == "城市经济发展简报 / Briefing on the Urban Economy"
    assert core.findtext("dc:language", namespaces=NS) == "zh-CN"
    assert core.findtext("cp:revision", namespaces=NS) == "1"
    assert "2024-05-17T09:30:00Z" in etree.tostring(core).decode()
    again = write(sample_document(), make_theme(), options())
    assert again == docx_bytes
    infos = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2024, 5, 17, 9, 30, 0)}


def test_single_language_edition():
    data = write(sample_document(), make_theme(), options(langs=("en",)))
    document = part(data, "word/document.xml")
    texts = "".join(document.xpath("//w:t/text()", namespaces=NS))
    assert "Overview" in texts and "总体情况" not in texts
    assert not document.xpath("//w:rStyle[@w:val='Heading1EN']", namespaces=NS)
    instr = " ".join(document.xpath("//w:instrText/text()", namespaces=NS))
    assert "SEQ Table" in instr and "SEQ 表" not in instr
    assert CALLS[-1][3] == "en"


def test_uses_committed_reference_docx():
    if not (TEMPLATE / "reference.docx").is_file():
        pytest.skip("templates/briefing/reference.docx not built")
    data = write(sample_document(), make_theme(), options(template_dir=TEMPLATE))
    styles = part(data, "word/styles.xml")
    assert styles.xpath("//w:style[@w:styleId='BodyTextZH']", namespaces=NS)


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler are needed"
)
def test_libreoffice_renders_text(docx_bytes, tmp_path):
    src = tmp_path / "briefing.docx"
    src.write_bytes(docx_bytes)
    pdf = libreoffice_pdf(src, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", "", text)
    for expected in (
        "城市经济发展简报",
        "总体情况",
        "Overview",
        "主要指标",
        "Mainindicators",
        "工业增加值",
        "Industrialvalueadded",
        "表1",
        "Table1",
        "图1",
        "Figure1",
        "收入&支出<平衡>",
        "income&spending<balanced>",
        "—2—",
    ):
        assert expected in flat, expected


def test_parallel_pairs_may_break_across_pages_with_a_gutter_and_ragged_english():
    data = write(sample_document(), make_theme(), options(layout="parallel"))
    document = part(data, "word/document.xml")
    rows = document.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='ParallelText']/w:tr", namespaces=NS)
    assert rows
    for row in rows:
        assert not row.xpath("w:trPr/w:cantSplit", namespaces=NS)  # both cells continue on the next page
        zh, en = row.xpath("w:tc", namespaces=NS)
        right = int(zh.xpath("string(w:tcPr/w:tcMar/w:right/@w:w)", namespaces=NS))
        left = int(en.xpath("string(w:tcPr/w:tcMar/w:left/@w:w)", namespaces=NS))
        assert (right + left) / 1440 * 25.4 >= 6  # the gutter, in mm
        assert en.xpath("string(w:p/w:pPr/w:jc/@w:val)", namespaces=NS) == "left"


def test_key_figures_fill_their_grid_value_over_label_in_order():
    """Five figures: four in the first row pair, one in the second; each value paragraph sits in
    its column's value row, its label in the row under it, and the rest of the grid stays empty."""
    items = tuple(KeyFigure(T(f"{i}亿元", f"CNY {i} bn"), T(f"指标{i}", f"Item {i}")) for i in range(1, 6))
    doc = Document(sample_document().meta, (KeyFigures(T("关键数据", "Key figures"), items),))
    grid = part(write(doc, make_theme(), options()), "word/document.xml").xpath(
        "//w:tbl[w:tblPr/w:tblStyle/@w:val='KeyFiguresTable']/w:tr", namespaces=NS
    )
    cells = [["".join(tc.itertext()) for tc in tr.xpath("w:tc", namespaces=NS)] for tr in grid]
    assert cells == [
        [f"{i}亿元CNY {i} bn" for i in range(1, 5)],
        [f"指标{i}Item {i}" for i in range(1, 5)],
        ["5亿元CNY 5 bn", "", "", ""],
        ["指标5Item 5", "", "", ""],
    ]
    styles = [tr.xpath("string(w:tc[1]/w:p[1]/w:pPr/w:pStyle/@w:val)", namespaces=NS) for tr in grid]
    assert styles == ["KeyFigureValue", "KeyFigureLabel"] * 2
    english = grid[0].xpath("w:tc[2]/w:p[2]", namespaces=NS)[0]  # the value's English, its own paragraph
    assert english.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "KeyFigureValueEN"
    assert english.xpath("w:pPr/w:keepNext", namespaces=NS)  # held with its label row


def test_the_package_written_in_one_pass_is_the_saved_and_normalised_one():
    """package_bytes (each part compressed once) gives exactly what python-docx's own save followed
    by normalise_zip gives, for the sample document (pictures, tables, fields)."""
    import docx as python_docx

    from reportgen.writers.docx_xml import normalise_zip, package_bytes

    data = write(sample_document(), make_theme(), options())
    word = python_docx.Document(io.BytesIO(data))
    saved = io.BytesIO()
    word.save(saved)
    assert package_bytes(word, STAMP) == normalise_zip(saved.getvalue(), STAMP)
    assert package_bytes(word, STAMP) != normalise_zip(saved.getvalue())  # the dates are the given ones
    names = zipfile.ZipFile(io.BytesIO(package_bytes(word))).namelist()
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"] and len(names) == len(set(names))
