"""Layouts and editions: reportgen.layout decides, both writers follow, the audit passes for each."""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reportgen.layout import arrange
from reportgen.model import Cover, Document, Heading, Meta, PageBreak, Paragraph, TableOfContents, Text

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
# Beside the checkout (/work/main) or beside a worktree's parent folder (/work/wt/NAME).
AUDIT = next(
    (p / "shared" / "tools" / "briefing-audit" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "tools" / "briefing-audit",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def doc() -> Document:
    t = Text("中文", "English")
    meta = Meta(t, t, t, t, t, __import__("datetime").date(2021, 9, 15))
    return Document(
        meta,
        (
            Cover(t, None, t, None),
            TableOfContents(t),
            Heading(1, t, "a"),
            Paragraph(t),
            Heading(1, t, "b"),
            Paragraph(t),
        ),
    )


def test_interleaved_shows_every_block_in_both_languages():
    placed = arrange(doc(), "interleaved")
    assert all(p.langs == ("zh", "en") and not p.side_by_side for p in placed)


def test_parallel_puts_only_paragraphs_side_by_side():
    placed = arrange(doc(), "parallel")
    assert [p.side_by_side for p in placed] == [isinstance(p.block, Paragraph) for p in placed]


def test_sequential_repeats_the_body_per_language_with_unique_anchors():
    placed = arrange(doc(), "sequential")
    assert [type(p.block) for p in placed[:2]] == [Cover, TableOfContents]
    assert placed[1].langs == ("zh", "en")
    body = placed[2:]
    assert isinstance(body[4].block, PageBreak)
    assert [p.langs for p in body if isinstance(p.block, Heading)] == [("zh",), ("zh",), ("en",), ("en",)]
    anchors = [p.block.anchor for p in body if isinstance(p.block, Heading)]
    assert anchors == ["a", "b", "a-en", "b-en"]


def test_single_language_edition_keeps_a_bilingual_cover():
    placed = arrange(doc(), "parallel", ("en",))
    assert placed[0].langs == ("zh", "en")
    assert all(p.langs == ("en",) and not p.side_by_side for p in placed[1:])


def test_unknown_layout():
    with pytest.raises(ValueError):
        arrange(doc(), "diagonal")


CASES = [
    ("--layout", "parallel"),
    ("--layout", "sequential"),
    ("--layout", "interleaved"),
    ("--lang", "zh"),
    ("--lang", "en"),
]


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    base = tmp_path_factory.mktemp("layouts")
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(base / "cache")}
    built = {}
    for flag, value in CASES:
        out = base / value
        done = subprocess.run(
            [sys.executable, "-m", "reportgen", "build", str(FLAGSHIP), "--out", str(out), flag, value],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        stem = f"briefing.{value}" if flag == "--lang" else "briefing"
        built[value] = (out / f"{stem}.pdf", out / f"{stem}.docx")
    return built


def pdf_text(path: Path, first: int = 1) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(first), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def docx_body_text(path: Path) -> str:
    """Text of the body after the cover (the cover's last paragraph carries the page break)."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    body = xml[xml.index("pageBreakBefore") :]
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
@pytest.mark.parametrize("value", [v for _, v in CASES])
def test_every_layout_and_edition_passes_the_audit(editions, value):
    if not AUDIT.exists():
        pytest.skip("briefing-audit is not beside the checkout")
    for path in editions[value]:
        expect = ["产业提档升级", "674亿元"] if value != "en" else ["Upgrading Industry", "CNY 67.4 billion"]
        if value != "zh":
            expect.append("67.4 billion")
        args = [str(AUDIT), str(path)] + [a for e in expect for a in ("--expect", e)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_english_edition_has_no_chinese_body_and_chinese_edition_no_english(editions):
    en_pdf, en_docx = editions["en"]
    zh_pdf, zh_docx = editions["zh"]
    assert not CJK.search(pdf_text(en_pdf, first=2))
    assert not CJK.search(docx_body_text(en_docx))
    for text in (pdf_text(zh_pdf, first=2), docx_body_text(zh_docx)):
        words = set(re.findall(r"[A-Za-z]{3,}", text))
        assert not words, sorted(words)[:20]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_sequential_has_each_heading_twice_in_the_outline(editions):
    from pypdf import PdfReader

    titles = [item.title for item in PdfReader(editions["sequential"][0]).outline if not isinstance(item, list)]
    assert "产业提档升级" in titles and "Upgrading Industry" in titles


def _numbering_doc() -> Document:
    from reportgen.model import Chart, ChartSpec, Column, Footnote, FootnoteRef, Span, Table

    t = Text("中文", "English")
    meta = Meta(t, t, t, t, t, __import__("datetime").date(2021, 9, 15))
    spec = ChartSpec("bar", t, (t,), (), t)
    noted = Text.of_spans((Span("甲"), FootnoteRef("b")), (Span("A"), FootnoteRef("b"), FootnoteRef("a")))
    table = Table(t, (Column(t),), ((Text("41%", "41%"),),))
    return Document(
        meta,
        (
            Heading(1, t, "h"),
            Paragraph(noted),
            Chart("c", spec, t, t),
            table,
            Chart("d", spec, t, t),
        ),
        footnotes=(Footnote("a", t), Footnote("b", t)),
    )


def test_captions_numbered_once_per_kind_and_per_part_in_sequential():
    labels = [p.label for p in arrange(_numbering_doc(), "interleaved") if p.label]
    assert [(x.zh, x.en) for x in labels] == [("图1", "Figure 1"), ("表1", "Table 1"), ("图2", "Figure 2")]
    seq = [(p.langs, p.label.zh) for p in arrange(_numbering_doc(), "sequential") if p.label]
    assert seq == [
        (("zh",), "图1"),
        (("zh",), "表1"),
        (("zh",), "图2"),
        (("en",), "图1"),
        (("en",), "表1"),
        (("en",), "图2"),
    ]
    first = next(p for p in arrange(_numbering_doc(), "interleaved") if p.label)
    assert (first.caption.zh, first.caption.en) == ("图1　中文", "Figure 1. English")


def test_footnotes_numbered_by_first_reference_same_in_both_languages():
    arr = arrange(_numbering_doc(), "sequential")
    assert (arr.mark("b"), arr.mark("a")) == (1, 2)
    assert arrange(_numbering_doc(), "interleaved", ("zh",)).footnotes == (_numbering_doc().footnotes[1],)


def test_equal_english_is_shown_once():
    arr = arrange(_numbering_doc(), "interleaved")
    cell = arr[3].block.rows[0][0]
    assert arr[3].show(cell) == ("zh",) and arr[3].show(Text("中", "E")) == ("zh", "en")
    assert arrange(_numbering_doc(), "interleaved", ("en",))[3].show(cell) == ("en",)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
@pytest.mark.parametrize("value", [v for _, v in CASES])
def test_every_layout_and_edition_passes_the_typography_audit(editions, value):
    """Issue #15's measurable rules on each PDF: no letter-spaced Chinese line, English word gaps
    within 0.5 em, no amount split from its unit, no 1-2 character Chinese last line, no page more
    than a third empty (but the last and those before a forced break); the DOCX: fonts embedded,
    compatibility mode 15, TOC page numbers; and the DOCX as LibreOffice renders it (--soffice)."""
    if not AUDIT.exists():
        pytest.skip("briefing-audit is not beside the checkout")
    for path in editions[value]:
        args = [str(AUDIT), str(path), "--typography", *(["--soffice"] if path.suffix == ".docx" else [])]
        done = subprocess.run(args, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-2000:]
