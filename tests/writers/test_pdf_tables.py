"""PDF tables as a typesetter sets them (issue #15), read back from the written pages:
column widths from the content (an amount with its unit never broken), numeric heads over their
figures, no row alone at a page break, and 续表 / "(continued)" above each repeated header."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportgen.model import Column, Document, Heading, Meta, Paragraph, Table, Text
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers.pdf import write_paginated
from reportgen.writers.table_layout import column_widths

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "briefing"
STAMP = dt.datetime(2021, 9, 15, 12, tzinfo=dt.UTC)
META = Meta(
    title=Text(zh="表格样本", en="Table sample"),
    short_title=Text(zh="表格样本", en="Table sample"),
    subject=Text(zh="主题", en="Subject"),
    author=Text(zh="作者", en="Author"),
    keywords=Text(zh="关键词", en="keywords"),
    date=dt.date(2021, 9, 15),
)
FILLER = Paragraph(
    Text(
        zh="全区地区生产总值从329亿元增长到674亿元，综合实力实现历史性跨越，一般预算收入五年翻番。" * 2,
        en="GDP grew from CNY 32.9 billion to CNY 67.4 billion, a historic leap in overall strength. " * 2,
    )
)
COLUMNS = (
    Column(Text(zh="指标", en="Indicator")),
    Column(Text(zh="期初", en="Start"), kind="number"),
    Column(Text(zh="期末或累计", en="End or total"), kind="number"),
)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def rows(n: int) -> tuple:
    return tuple(
        (
            Text(zh=f"第{i}项高质量发展指标", en=f"Row{i:02d} investment in high-quality projects"),
            Text(zh=f"{i}29亿元", en=f"CNY\u00a0{i}2.9\u00a0billion"),
            Text(zh=f"{i}74亿元", en=f"CNY\u00a0{i}7.4\u00a0billion"),
        )
        for i in range(1, n + 1)
    )


def document(n_rows: int, fillers: int) -> Document:
    table = Table(
        Text(zh="主要指标", en="Main indicators"),
        COLUMNS,
        rows(n_rows),
        total=(Text(zh="合计", en="Total"), Text(zh="—", en="—"), Text(zh="999亿元", en="CNY\u00a099.9\u00a0billion")),
        source=Text(zh="资料来源：样本数据", en="Source: sample data"),
    )
    return Document(
        meta=META,
        blocks=(Heading(1, Text(zh="表格", en="Tables"), "tables"), *([FILLER] * fillers), table),
    )


def pages(pdf: bytes, tmp_path: Path, *layout: str) -> list[str]:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", *layout, str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


@pytest.fixture(scope="module")
def theme(cache_dir):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        yield load_theme(TEMPLATE)


def build(theme, doc: Document, cache_dir) -> tuple[bytes, object]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        return write_paginated(doc, theme, WriteOptions(render_chart=None, timestamp=STAMP))


# Row counts and page positions such that a naive split leaves one row alone at a page's foot or
# head for some of them: the table starts lower on the page with each filler paragraph.
CASES = [(n, f) for n in (3, 24, 25) for f in range(0, 9, 2)]


@pytest.mark.parametrize(("n_rows", "fillers"), CASES)
def test_no_lone_row_and_a_continued_caption_on_every_later_page(theme, cache_dir, tmp_path, n_rows, fillers):
    pdf, pagination = build(theme, document(n_rows, fillers), cache_dir)
    text = pages(pdf, tmp_path)
    per_page = [re.findall(r"Row(\d\d)", page) for page in text]
    seen = [int(r) for page in per_page for r in page]
    assert seen == list(range(1, n_rows + 1))  # every row once, in order
    spanned = [i for i, found in enumerate(per_page) if found]
    assert spanned == list(range(spanned[0], spanned[-1] + 1))
    for i in spanned:
        assert len(per_page[i]) >= min(2, n_rows), (i + 1, per_page[i])  # never a row alone
        assert "End or total" in text[i]  # the repeated header
    total_page = next(i for i, page in enumerate(text) if "Total" in page and "CNY 99.9 billion" in page)
    assert total_page == spanned[-1] and "Source: sample data" in text[total_page]
    first = text[spanned[0]]
    assert "表1" in first and "Table 1. Main indicators" in first and "续表" not in first
    for i in spanned[1:]:
        page = text[i]
        assert "续表1" in page and "Table 1 (continued)" in page, i + 1
        assert page.index("续表1") < page.index("期末或累计") and page.index("(continued)") < page.index("End or total")
    # The pagination the DOCX follows names the same breaks.
    breaks = [sum(len(p) for p in per_page[: i + 1]) for i in spanned[:-1]]
    assert list(pagination.table_breaks[0]) == breaks


def test_some_case_really_splits(theme, cache_dir, tmp_path):
    pdf, pagination = build(theme, document(25, 4), cache_dir)
    assert pagination.table_breaks[0]


def test_widths_from_content_keep_amounts_whole_and_heads_over_their_figures(theme, cache_dir, tmp_path):
    pdf, pagination = build(theme, document(3, 0), cache_dir)
    (widths,) = pagination.table_widths
    assert sum(widths) == pytest.approx(1.0)
    assert widths[0] > widths[1]  # the label column takes what the figures leave
    text = pages(pdf, tmp_path, "-layout")[0]
    lines = text.splitlines()
    for i in (1, 2, 3):  # each amount on one line, unbroken
        assert any(f"CNY {i}2.9 billion" in line and f"CNY {i}7.4 billion" in line for line in lines), i
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(m.group(1)), float(m.group(3)), m.group(5))
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', bbox)
    ]

    def right(word: str) -> float:
        return next(x1 for _, x1, w in words if w == word)

    # A numeric column's head ends where its figures end (right-aligned over them).
    assert right("Start") == pytest.approx(right("期初"), abs=1.0)
    ends = sorted({round(x1) for _, x1, w in words if w == "billion"})
    assert any(abs(right("Start") - e) < 1.0 for e in ends) and any(abs(right("total") - e) < 1.0 for e in ends)


def test_column_widths_rule():
    # Everything fits: natural widths plus a proportional share of the spare room.
    assert column_widths([10, 10], [40, 20], 120) == pytest.approx([80, 40])
    # Not all fits: minimums, then the rest by how much each column would grow.
    assert column_widths([10, 30], [110, 30], 100) == pytest.approx([70, 30])
    # Even the minimums overflow: scaled together.
    assert column_widths([100, 100], [100, 100], 100) == pytest.approx([50, 50])
