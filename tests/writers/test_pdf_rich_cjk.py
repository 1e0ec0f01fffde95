"""Chinese text with inline spans in the PDF: set by our Chinese line breaker (the same breaks as
the plain text, punctuation rules, no letter-spacing), and Chinese emphasis as the theme says,
the same in the PDF and the DOCX (着重号: a dot under each character by default)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from reportgen.model import Document, Footnote, FootnoteRef, Heading, Meta, Paragraph, Span, Text
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers.docx import write as write_docx
from reportgen.writers.pdf import write as write_pdf

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "briefing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LONG = "湖滨市坚持生态优先、绿色发展，持续推进产业结构调整，“十四五”期间累计完成节能改造项目一百二十个。"
CLOSING = "，。、；：？！）”’》"
OPENING = "（“‘《"
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def meta() -> Meta:
    return Meta(
        Text("标题", "Title"),
        Text("短标题", "Short"),
        Text("主题", "S"),
        Text("作者", "A"),
        Text("词", "k"),
        dt.date(2024, 1, 1),
    )


def rich_text() -> Text:
    """LONG three times, with emphasis, a link, strong and a footnote mark in it, and no change
    of width: emphasis (dots) and a link draw the same glyphs."""
    zh = (
        Span(LONG[:10]),
        Span(LONG[10:14], emphasis=True),
        Span(LONG[14:]),
        Span(LONG[:6]),
        Span(LONG[6:12], link="https://example.org/lake"),
        Span(LONG[12:] + LONG),
    )
    return Text.of_spans(zh, (Span("English."),))


def build(tmp_path: Path, blocks, footnotes=(), emphasis: str = "dots") -> tuple[Path, bytes]:
    theme = dataclasses.replace(load_theme(TEMPLATE), zh_emphasis=emphasis)
    options = WriteOptions(render_chart=lambda *a: b"", langs=("zh",))
    doc = Document(meta(), (Heading(1, Text("开头", "Top"), "top"), *blocks), footnotes=tuple(footnotes))
    pdf = tmp_path / f"rich-{emphasis}.pdf"
    pdf.write_bytes(write_pdf(doc, theme, options))
    return pdf, write_docx(doc, theme, dataclasses.replace(options, docx_charts="image"))


def lines_of(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    return [ln for ln in text.split("\f")[0].splitlines() if len(ln) > 8]


def test_markup_does_not_change_the_chinese_line_breaks(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    rich = rich_text()
    plain = Text(rich.zh, "English.")
    assert plain.zh == LONG * 3
    rich_pdf, _ = build(tmp_path, [Paragraph(rich)])
    plain_pdf, _ = build(tmp_path, [Paragraph(plain)], emphasis="colour")  # another file name
    rich_lines, plain_lines = lines_of(rich_pdf), lines_of(plain_pdf)
    assert len(rich_lines) >= 3 and rich_lines == plain_lines  # the same breaker, the same breaks
    # justified by it: every line but the last runs to the frame's right edge
    words = subprocess.run(["pdftotext", "-bbox", str(rich_pdf), "-"], capture_output=True, check=True).stdout
    ends: dict[int, float] = {}
    for w in etree.fromstring(words, etree.XMLParser(recover=True)).xpath("//*[local-name()='word']"):
        if re.search("[\u4e00-\u9fff]", w.text or "") and float(w.get("yMin")) > 100:
            y = round(float(w.get("yMin")))
            ends[y] = max(ends.get(y, 0.0), float(w.get("xMax")))
    page = load_theme(TEMPLATE).page
    right = (page.width_mm - page.right_mm) * 72 / 25.4
    rows = [ends[y] for y in sorted(ends)][1:]  # below the heading
    assert len(rows) == len(rich_lines) and all(abs(e - right) < 1.0 for e in rows[:-1]), (rows, right)


def test_punctuation_rules_and_no_letter_spacing_with_markup(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    zh = []
    for k in range(4):  # break opportunities around marks, links, emphasis and a footnote mark
        zh += [Span(LONG[: 8 + k]), Span(LONG[8 + k : 14], emphasis=True), FootnoteRef("n")]
        zh += [Span(LONG[14:30], link="#top"), Span(LONG[30:], strong=k % 2 == 0)]
    text = Text.of_spans(tuple(zh), (Span("English."),))
    pdf, _ = build(tmp_path, [Paragraph(text)], [Footnote("n", Text("脚注。", "Note."))])
    body = [ln for ln in lines_of(pdf) if "脚注" not in ln]
    assert len(body) >= 5
    for ln in body:
        assert ln[0] not in CLOSING and ln[-1] not in OPENING, ln  # GB/T 15834 line start and end
        assert not re.search(r"(?:[\u4e00-\u9fff，、。；：] ){4,}", ln), ln  # not letter-spaced
        # copied text has no spaces in it (pdftotext may set the raised mark apart: not text)
        assert " " not in re.sub(r" ?1 ?", "1", ln.strip()), ln
    # the footnote mark stays with what it follows: a line never starts with it
    assert not [ln for ln in body if ln[0] == "1"]


def dots(pdf: Path) -> list[tuple[float, float]]:
    """Centres of the small filled circles on page 1 (ReportLab draws a circle as four curves)."""
    ops = PdfReader(str(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    out = []
    for m in re.finditer(r"n\n([\d.]+) ([\d.]+) m\n((?:[\d. ]+ c\n){4})f\*?\n", ops):
        xs = [float(v) for v in re.findall(r"[\d.]+", m[3])][0::2] + [float(m[1])]
        ys = [float(v) for v in re.findall(r"[\d.]+", m[3])][1::2] + [float(m[2])]
        if max(xs) - min(xs) < 3:
            out.append(((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2))
    return out


@pytest.mark.parametrize("emphasis", ["dots", "bold", "colour"])
def test_chinese_emphasis_is_the_themes_in_both_formats(tmp_path, cache_dir, monkeypatch, emphasis):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    text = Text.of_spans((Span("甲乙丙丁"), Span("重点", emphasis=True), Span("戊己。")), (Span("English."),))
    pdf, docx = build(tmp_path, [Paragraph(text)], emphasis=emphasis)
    assert "甲乙丙丁重点戊己。" in "".join(lines_of(pdf)[0].split())
    found = dots(pdf)
    runs = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    (run,) = runs.xpath("//w:r[w:t='重点']", namespaces={"w": W})
    rpr = {etree.QName(e).localname: e.get(f"{{{W}}}val") for e in run.find(f"{{{W}}}rPr")}
    if emphasis == "dots":
        # one dot under each of the two characters, an em apart, just under the baseline
        assert len(found) == 2 and 9 < found[1][0] - found[0][0] < 12, found
        assert rpr.get("em") == "underDot" and "b" not in rpr and "color" not in rpr
    else:
        assert found == []
        assert "em" not in rpr
        assert ("b" in rpr) == (emphasis == "bold") and ("color" in rpr) == (emphasis == "colour")
