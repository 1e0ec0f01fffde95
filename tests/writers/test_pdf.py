"""PDF writer on a hand-built document model: page furniture, outline, TOC, long tables, one-language editions."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

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
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers.pdf import write

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "briefing"
# A chart in the renderer's pdfops format: a 400 x 200 pt picture holding one red bar.
CHART_OPS = b"%reportgen-pdfops 400 200\nq\n0.651 0.11 0.11 rg\n10 10 100 150 re\nf\nQ\n"
STAMP = dt.datetime(2021, 9, 15, 12, tzinfo=dt.UTC)

SHORT = Text(zh="样本短标题", en="Sample Running Head")
H_ECONOMY = Heading(1, Text(zh="经济运行稳中有进", en="The Economy Held Steady"), "economy")
H_SUB = Heading(2, Text(zh="投资增长较快", en="Investment Grew Fast"), "economy-sub")
H_TABLE = Heading(1, Text(zh="分街道指标", en="Indicators by Subdistrict"), "subdistricts")
PARAS = (
    Paragraph(
        Text(
            zh="全区地区生产总值从329亿元增长到674亿元，综合实力实现历史性跨越。",
            en="GDP grew from CNY 32.9 billion to CNY 67.4 billion, a historic leap.",
        )
    ),
    Paragraph(
        Text(
            zh="“一网通办”集成服务加速拓展，1069项服务事项网上可办，时限缩短87%。",
            en="Under One-Stop Online Services (一网通办), 1,069 services can now be handled online.",
        )
    ),
)
COLUMNS = (
    Column(Text(zh="街道名称", en="Subdistrict name")),
    Column(Text(zh="常住人口", en="Residents"), kind="number"),
)
ROWS = tuple(
    (Text(zh=f"第{i}街道", en=f"Subdistrict {i}"), Text(zh=f"{1000 + 37 * i:,}人", en=f"{1000 + 37 * i:,}"))
    for i in range(1, 61)
)
TABLE = Table(
    Text(zh="各街道常住人口", en="Residents by subdistrict"),
    COLUMNS,
    ROWS,
    note=Text(zh="资料来源：样本数据", en="Source: sample data"),
)
CHART = Chart(
    id="growth",
    spec=ChartSpec(
        kind="bar",
        title=Text(zh="增长", en="Growth"),
        categories=(Text(zh="2015年", en="2015"),),
        series=(Series(Text(zh="生产总值", en="GDP"), (32.9,), (Text(zh="329亿元", en="CNY 32.9 bn"),)),),
        unit=Text(zh="亿元", en="CNY billion"),
    ),
    caption=Text(zh="地区生产总值增长", en="GDP growth"),
    alt=Text(zh="柱状图", en="Bar chart"),
)
DOC = Document(
    meta=Meta(
        title=Text(zh="样本简报全称", en="A Sample Briefing in Full"),
        short_title=SHORT,
        subject=Text(zh="主题", en="Subject"),
        author=Text(zh="作者", en="Author"),
        keywords=Text(zh="关键词", en="keywords"),
        date=dt.date(2021, 9, 15),
    ),
    blocks=(
        Cover(
            title=Text(zh="样本简报全称", en="A Sample Briefing in Full"),
            subtitle=Text(zh="副标题", en="Subtitle"),
            dateline=Text(zh="2021年9月15日", en="15 September 2021"),
            issuer=Text(zh="编者", en="The Editors"),
        ),
        KeyFigures(
            Text(zh="主要数据", en="Key figures"),
            (KeyFigure(Text(zh="674亿元", en="CNY 67.4 billion"), Text(zh="地区生产总值", en="GDP")),),
        ),
        TableOfContents(Text(zh="目录", en="Contents"), depth=1),
        PageBreak(),
        H_ECONOMY,
        H_SUB,
        *PARAS,
        CHART,
        H_TABLE,
        TABLE,
    ),
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def pages_of(pdf: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / name
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


# The fixture below reads the pages back with pdftotext.
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def out(cache_dir, tmp_path_factory):
    """Bilingual twice (for determinism) and English-only, written once for the module."""
    calls = []

    def stub(chart, fmt, width_mm, langs):
        calls.append((chart.id, fmt, width_mm, langs))
        assert fmt == "pdfops"
        return CHART_OPS

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        theme = load_theme(TEMPLATE)
        both = write(DOC, theme, WriteOptions(render_chart=stub, timestamp=STAMP))
        again = write(DOC, theme, WriteOptions(render_chart=stub, timestamp=STAMP))
        en = write(DOC, theme, WriteOptions(render_chart=stub, timestamp=STAMP, langs=("en",)))
    tmp = tmp_path_factory.mktemp("pdf-writer")
    return {
        "both": both,
        "again": again,
        "en": en,
        "calls": calls,
        "tmp": tmp,
        "pages": pages_of(both, tmp, "both.pdf"),
        "en_pages": pages_of(en, tmp, "en.pdf"),
    }


def test_valid_pdf_and_chart_stub_called(out):
    assert out["both"].startswith(b"%PDF-") and out["both"].rstrip().endswith(b"%%EOF")
    assert [(c[0], c[1], c[3]) for c in out["calls"]] == [("growth", "pdfops", "zh+en")] * 2 + [
        ("growth", "pdfops", "en")
    ]
    width_mm = out["calls"][0][2]
    assert 150 < width_mm < 160  # the text block of the A4 page


def test_chart_operators_are_placed_scaled_to_the_text_width(out):
    reader = PdfReader(out["tmp"] / "both.pdf")
    forms = {}
    for number, page in enumerate(reader.pages):
        for name, ref in (page["/Resources"].get("/XObject") or {}).items():
            form = ref.get_object()
            if form["/Subtype"] == "/Form":
                forms[name] = (number, form, page.get_contents().get_data().decode("latin-1"))
    assert len(forms) == 1  # the stub chart, once, in the bilingual edition, as a form
    ((name, (_, form, page_ops)),) = forms.items()
    assert form.get_data() == b"q\n0.651 0.11 0.11 rg\n10 10 100 150 re\nf\nQ\n"  # the renderer's operators
    assert [float(v) for v in form["/BBox"]] == [0, 0, 400, 200] and not form["/Resources"]
    scale = out["calls"][0][2] * 72 / 25.4 / 400  # placed width / the chart's own 400 pt
    m = re.search(r"([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+" + re.escape(name) + r" Do", page_ops)
    assert m and abs(float(m.group(1)) - scale) < 1e-3 and abs(float(m.group(2)) - scale) < 1e-3


def test_deterministic(out):
    assert out["both"] == out["again"]


def test_table_header_repeats_on_every_page_it_spans(out):
    pages = [squash(p) for p in out["pages"]]
    spanned = [i for i, p in enumerate(pages) if any(squash(row[0].en) in p for row in ROWS)]
    assert len(spanned) >= 2, "a 60-row table should not fit on one page"
    assert spanned == list(range(spanned[0], spanned[-1] + 1))
    for i in spanned:
        for col in COLUMNS:
            assert squash(col.header.zh) in pages[i], (i + 1, col.header.zh)
            assert squash(col.header.en) in pages[i], (i + 1, col.header.en)
    # The caption is numbered and printed once, above the first part only; every later page of
    # the table opens with the continued caption above the repeated header (issue #15).
    assert sum(p.count("Table1.Residentsbysubdistrict") for p in pages) == 1
    assert pages[spanned[0]].count("表1") == 1 and "续表1" not in pages[spanned[0]]
    for i in spanned[1:]:
        assert "续表1" in pages[i] and "Table1(continued)" in pages[i], i + 1
        head = pages[i].index(squash(COLUMNS[0].header.zh))
        assert pages[i].index("续表1") < head and pages[i].index("Table1(continued)") < head


def test_every_row_and_number_present(out):
    flat = squash("".join(out["pages"]))
    for label, value in ROWS:
        assert squash(label.zh) in flat and squash(label.en) in flat
        assert value.zh in flat and value.en in flat
    assert "资料来源：样本数据" in flat and "Source:sampledata" in flat


def test_paragraphs_and_figure_caption(out):
    flat = squash("".join(out["pages"]))
    for p in PARAS:
        assert squash(p.text.zh) in flat
        assert squash(p.text.en) in flat
    assert "图1地区生产总值增长" in flat and "Figure1.GDPgrowth" in flat


def pdftotext_layout(path: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout


def outline_pages(pdf_path: Path) -> dict[str, int]:
    reader = PdfReader(pdf_path)
    found = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return found


def test_headings_in_outline_and_toc_with_the_right_page(out):
    path = out["tmp"] / "both.pdf"
    outline = outline_pages(path)
    for heading in (H_ECONOMY, H_SUB, H_TABLE):
        assert any(heading.text.zh in t and heading.text.en in t for t in outline), (heading, outline)
    pages = out["pages"]
    toc_page = next(i for i, p in enumerate(pages) if "目录" in p and "Contents" in p) + 1
    toc = [ln for ln in pdftotext_layout(path, toc_page).splitlines() if ln.strip()]
    for heading in (H_ECONOMY, H_TABLE):
        title = next(t for t in outline if heading.text.en in t)
        page = outline[title]
        assert squash(heading.text.en) in squash(pages[page - 1])  # the outline points at the heading's page
        i = next(i for i, ln in enumerate(toc) if heading.text.en in ln)
        assert heading.text.zh in toc[i - 1] + toc[i], toc[i - 1 : i + 1]
        assert re.search(r"(\d+)\s*$", toc[i]).group(1) == str(page), toc[i]  # and so does the TOC
    # depth=1: the level-2 heading is in the outline but not in the table of contents
    assert H_SUB.text.en not in "\n".join(toc)


def test_running_header_and_page_number_not_on_cover(out):
    pages = [squash(p) for p in out["pages"]]
    assert len(pages) >= 4
    cover = pages[0]
    assert "样本简报全称" in cover
    assert squash(SHORT.zh) not in cover and squash(SHORT.en) not in cover
    assert not re.search(r"—\d+—", cover)
    for n, page in enumerate(pages[1:], start=2):
        assert squash(SHORT.zh) in page and squash(SHORT.en) in page, n
        assert f"—{n}—" in page, n


def test_document_info_and_language(out):
    reader = PdfReader(out["tmp"] / "both.pdf")
    assert reader.metadata.title == "样本简报全称 / A Sample Briefing in Full"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1


def test_fonts_embedded_no_helvetica_from_the_chart_or_table(out):
    lines = subprocess.run(
        ["pdffonts", str(out["tmp"] / "both.pdf")], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        cols = line.split()
        assert cols[-5] == "yes" and cols[-3] == "yes", line
        assert "Type 3" not in line and "Helvetica" not in line, line


def test_english_edition_has_no_chinese(out):
    pages = out["en_pages"]
    flat = squash("".join(pages))
    # The cover may keep both titles (it says what the edition translates); after it, the only
    # Chinese is what the English text itself quotes.
    allowed = set("一网通办")
    stray = {ch for ch in squash("".join(pages[1:])) if has_cjk(ch)} - allowed
    assert not stray, "".join(sorted(stray))
    assert "一网通办" in flat
    for p in PARAS:
        assert squash(p.text.en) in flat
        assert squash(p.text.zh) not in flat
    for label, _ in ROWS:
        assert squash(label.zh) not in flat
    assert SHORT.en in pages[1] and SHORT.zh not in pages[1]
    reader = PdfReader(out["tmp"] / "en.pdf")
    assert reader.metadata.title == "A Sample Briefing in Full"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    # the outline speaks English only, too
    assert all(not has_cjk(t) for t in outline_pages(out["tmp"] / "en.pdf"))


def test_dates_are_the_build_timestamp(out):
    reader = PdfReader(out["tmp"] / "both.pdf")
    assert reader.metadata.creation_date == STAMP
    assert reader.metadata.modification_date == STAMP
