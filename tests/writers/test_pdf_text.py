"""CJKParagraph in a real PDF: converted Noto Serif CJK SC subset plus Source Serif Pro.

Checks are made on what a reader gets back out of the PDF (pdftotext, pdffonts, pypdf).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

from reportgen.errors import InputError
from reportgen.fonts import missing_chars, truetype_for
from reportgen.text.linebreak import CANNOT_END, CANNOT_START
from reportgen.theme import load_theme
from reportgen.writers.pdf_text import CJKParagraph, CJKStyle

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="needs poppler-utils"
)

REPO = Path(__file__).resolve().parents[2]

# From /work/shared/source/guancheng-five-years-2021-09-15.txt (verbatim, ASCII commas and all).
ECONOMY = (
    "聚焦产业基础高级化、产业链现代化,超前运作,坚定转型。全区地区生产总值从329亿元增长到674亿元,"
    "地方财政一般预算收入从22.9亿元增长到53.9亿元,综合实力实现历史性跨越。创新引领成效凸显,谋划实施"
    "高质量项目974个,完成投资2744亿元,入驻高新技术企业62家,高新技术产业产值突破360亿元。三次产业结构"
    "持续优化,现代服务业成为推动全区经济增长的核心动力。开放带动成果丰硕,编制产业招商图谱,做优承接"
    "平台,招引项目111个,总投资631亿元,万科印力等国内外500强企业入驻,累计实际利用外资7.1亿美元。"
    "出口创汇278亿元,是“十三五”初的1.4倍,对外开放格局日益宏阔。"
)
GREEN = (
    "绿色发展成效显著,新建公(游)园92个,绿化面积达809万平方米,建成区绿化覆盖率达41%;环境污染改善"
    "明显,PM2.5、PM10分别下降46.1%、44.7%,优良天数增加84天,空气质量明显改善,水土污染防治走在全市"
    "前列。"
)
MIXED = (
    "“一四四”发展思路——老城区、文化区、商贸区……（详见附表）。报告指出：GDP growth rate "
    "达到 6.5% 以上，《管城区“十四五”规划》提出新增学位3万多个！"
)
HEADING = "砥砺前行、收获满满，细数管城这五年"
LITERAL = "Tags stay literal: A & B <b>not bold</b> x > y 且 a<b。"
# Drawn by the fallback font: left out of the CJK subset on purpose.
FALLBACK_ONLY = "Q"
ALL_TEXT = ECONOMY + GREEN + MIXED + HEADING + LITERAL


@pytest.fixture(scope="session")
def fonts(tmp_path_factory):
    """Register the converted CJK subset and Source Serif Pro once for the session."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        theme = load_theme(REPO / "templates" / "briefing")
        zh_source = theme.fonts["zh_body"].regular
        chars = set(ALL_TEXT) - set(FALLBACK_ONLY)
        zh = truetype_for(zh_source, chars)
        assert zh != zh_source and zh.suffix == ".ttf"
        assert truetype_for(zh_source, "".join(sorted(chars))) == zh  # cache hit, same key
    pdfmetrics.registerFont(TTFont("rg-test-zh", str(zh)))
    pdfmetrics.registerFont(TTFont("rg-test-en", str(theme.fonts["en_body"].regular)))
    assert missing_chars(zh, FALLBACK_ONLY) == {FALLBACK_ONLY}
    return "rg-test-zh", "rg-test-en"


def body(fonts, **kw) -> CJKStyle:
    zh, en = fonts
    args = dict(
        font=zh,
        fallback_font=en,
        size=11,
        leading=17,
        colour="#1F1F1F",
        align="justify",
        first_line_indent=22,
        space_after=6,
    )
    args.update(kw)
    return CJKStyle(**args)


def build(path: Path, flowables) -> Path:
    # initialFontName: otherwise ReportLab's page preamble names (unembedded) Helvetica.
    doc = SimpleDocTemplate(str(path), pagesize=A4, initialFontName=flowables[0].style.font)
    doc.build(flowables)
    return path


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squeeze(s: str) -> str:
    # Justification gaps may make pdftotext insert spaces between Chinese characters.
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="session")
def sample_pdf(fonts, tmp_path_factory):
    zh, _ = fonts
    heading = CJKStyle(zh, None, 16, 24, "#A61C1C", "center", space_after=12)
    flowables = (
        [CJKParagraph(HEADING, heading)]
        + [CJKParagraph(t, body(fonts)) for t in (ECONOMY, GREEN, MIXED)]
        + [CJKParagraph(LITERAL + FALLBACK_ONLY, body(fonts, align="left"))]
    )
    return build(tmp_path_factory.mktemp("pdf") / "sample.pdf", flowables)


def test_lines_obey_start_and_end_rules(sample_pdf):
    lines = [ln.strip() for ln in pdftotext(sample_pdf).splitlines() if ln.strip()]
    assert len(lines) > 12
    for line in lines:
        assert line[0] not in CANNOT_START, line
        assert line[-1] not in CANNOT_END, line


def test_numbers_units_and_dashes_stay_on_one_line(sample_pdf):
    lines = [squeeze(ln) for ln in pdftotext(sample_pdf).splitlines()]
    for whole in ["674亿元", "2744亿元", "7.1亿美元", "809万平方米", "46.1%", "PM2.5", "3万多个", "——", "……", "1.4倍"]:
        assert any(whole in ln for ln in lines), whole


def test_all_text_extracts_once_and_literally(sample_pdf):
    text = squeeze(pdftotext(sample_pdf))
    for source in (HEADING, ECONOMY, GREEN, MIXED, LITERAL + FALLBACK_ONLY):
        assert text.count(squeeze(source)) == 1, source
    assert "A&B<b>notbold</b>x>y" in text


def test_justified_lines_reach_the_right_edge(sample_pdf):
    layout = pdftotext(sample_pdf, "-bbox-layout")
    boxes = [
        (float(a), float(b)) for a, b in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)
    ]
    left = min(x0 for x0, _ in boxes)
    right = max(x1 for _, x1 in boxes)
    # A line not starting at the left margin (indent, centred heading) starts a paragraph.
    paragraphs: list[list[float]] = []
    for x0, x1 in boxes:
        if abs(x0 - left) > 0.5 or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(x1)
    assert [len(p) > 1 for p in paragraphs] == [False, True, True, True, False]
    for ends in paragraphs[1:4]:  # justified: all but the last line flush right
        assert all(abs(x - right) < 0.5 for x in ends[:-1]), ends
        assert ends[-1] < right - 1


def test_fonts_embedded_with_tounicode(sample_pdf):
    out = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert any("NotoSerifCJK" in r for r in rows)
    assert any("SourceSerifPro" in r for r in rows)  # the fallback font drew "Q"
    for row in rows:
        assert "Type 3" not in row, row
        emb, sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def test_long_paragraph_flows_across_pages(fonts, tmp_path):
    from pypdf import PdfReader

    long_text = (ECONOMY + GREEN) * 6
    pdf = build(tmp_path / "long.pdf", [CJKParagraph(long_text, body(fonts))])
    pages = PdfReader(str(pdf)).pages
    assert len(pages) >= 2
    assert squeeze(pdftotext(pdf)) == squeeze(long_text)
    for n in range(1, len(pages) + 1):  # widow/orphan control: never one line alone
        page_lines = [ln for ln in pdftotext(pdf, "-f", str(n), "-l", str(n)).splitlines() if ln.strip()]
        assert len(page_lines) >= 2


def test_split_keeps_two_lines_each_side(fonts):
    para = CJKParagraph(ECONOMY, body(fonts))
    _, height = para.wrap(400, 1000)
    n = round(height / 17)
    assert n >= 5
    head, tail = para.split(400, (n - 1) * 17)  # room for all lines but one
    assert head.wrap(400, 1000)[1] == (n - 2) * 17
    assert tail.wrap(400, 1000)[1] == 2 * 17
    assert para.split(400, 1 * 17) == []  # one line would be an orphan
    assert "".join(head.units + tail.units) == ECONOMY


def test_character_in_no_font_is_an_input_error(fonts):
    with pytest.raises(InputError) as info:
        CJKParagraph("管城区☃雪人", body(fonts))
    assert "'☃'" in str(info.value) and "U+2603" in str(info.value)
    assert "管城区☃雪人" in str(info.value)


def test_cached_conversion_is_deterministic(fonts, tmp_path, monkeypatch):
    theme = load_theme(REPO / "templates" / "briefing")
    src = theme.fonts["zh_body"].regular
    first = truetype_for(src, HEADING)
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    second = truetype_for(src, HEADING)
    assert first != second and first.read_bytes() == second.read_bytes()
    en = theme.fonts["en_body"].regular
    assert truetype_for(en, "abc") == en.path  # TrueType already: unchanged
