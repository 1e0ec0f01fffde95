"""Acceptance of the whole pipeline: the flagship built by the real CLI, audited like a print shop would.

Both writers consume the same composed document, so every paragraph and heading must appear in
both the PDF and the DOCX (the writers cannot drift apart).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader
from ruamel.yaml import YAML
from tests.office import libreoffice_pdf
from tests.ooxml import NS, W

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.model import Heading, Paragraph
from reportgen.text.quotes import english_quotes

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"
# GB/T 15834 / clreq: marks that may not start, or end, a line.
CANNOT_START = set("，。、；：？！）》」』】〕”’…%")
CANNOT_END = set("（《「『【〔“‘")
KEY_FIGURES = ["674亿元", "CNY 67.4 billion", "53.9亿元", "46.1%"]
LITERAL = "& <b>x</b> \"q\" 'a' >"


# -- helpers ----------------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Without any whitespace: justification and wrapping add spaces and newlines, never characters."""
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout


def body_text(pdf_text: str, short_title: tuple[str, str]) -> str:
    """The PDF text without running headers and page numbers, so a paragraph split over pages reads on."""
    furniture = {squash(s) for s in short_title}
    keep = []
    for line in pdf_text.splitlines():
        s = squash(line)
        if s in furniture or re.fullmatch(r"—\d+—", s):
            continue
        keep.append(line)
    return "\n".join(keep)


def docx_paragraphs(path: Path, part: str = "word/document.xml") -> list[str]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read(part))
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in root.iter(f"{{{W}}}p")]


def pdf_squashed(path: Path, short_title: tuple[str, str]) -> str:
    return squash(body_text(pdftotext(path), short_title))


def yaml_headings() -> list[str]:
    data = YAML(typ="safe").load(FLAGSHIP.read_text(encoding="utf-8"))
    headings = []

    def walk(section):
        headings.append(section["heading"])
        for sub in section.get("sections", []):
            walk(sub)

    for section in [data["introduction"], *data["sections"]]:
        walk(section)
    # English as set: with typographic quotes and apostrophes (reportgen.text.quotes).
    return [h["zh"] if lang == "zh" else english_quotes(h["en"]) for h in headings for lang in ("zh", "en")]


# -- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def document():
    return compose(load_content(FLAGSHIP), TEMPLATE)


@pytest.fixture(scope="module")
def short_title(document):
    return document.meta.short_title.zh, document.meta.short_title.en


@pytest.fixture(scope="module")
def built(flagship_build):
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    return flagship_build


@pytest.fixture(scope="module")
def pdf_text(built) -> str:
    return pdftotext(built.pdf)


@pytest.fixture(scope="module")
def pdf_flat(pdf_text, short_title) -> str:
    return squash(body_text(pdf_text, short_title))


@pytest.fixture(scope="module")
def docx_text(built) -> str:
    # As a reader sees it: an amount's no-break spaces (U+00A0) read as spaces.
    return "\n".join(docx_paragraphs(built.docx)).replace("\u00a0", " ")


# -- the build --------------------------------------------------------------------------------------
def test_build_succeeds(flagship_build):
    proc = flagship_build.proc
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert flagship_build.pdf.read_bytes().startswith(b"%PDF-")
    assert zipfile.is_zipfile(flagship_build.docx)
    assert proc.stdout.splitlines() == [str(flagship_build.pdf), str(flagship_build.docx)]
    names = {p.name for p in flagship_build.out.iterdir()} - {"briefing.manifest.json"}
    assert names == {"briefing.docx", "briefing.pdf"}  # and no temporary files


# -- text -------------------------------------------------------------------------------------------
def test_pdf_has_every_heading_from_the_yaml(pdf_flat):
    missing = [h for h in yaml_headings() if squash(h) not in pdf_flat]
    assert not missing


def test_docx_has_every_heading_from_the_yaml(docx_text):
    missing = [h for h in yaml_headings() if h not in docx_text]
    assert not missing


@pytest.mark.parametrize("figure", KEY_FIGURES)
def test_key_figures_in_both(figure, pdf_flat, docx_text):
    assert squash(figure) in pdf_flat
    assert figure in docx_text


def test_pdf_has_every_paragraph_as_filled_by_the_template(document, pdf_flat):
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    assert len(paragraphs) >= 8
    assert all("{" not in b.text.zh and "{" not in b.text.en for b in paragraphs), "unfilled placeholder"
    missing = [b.text.zh[:30] for b in paragraphs if squash(b.text.zh) not in pdf_flat]
    assert not missing


def test_parity_every_paragraph_and_heading_in_both_outputs(document, pdf_flat, docx_text):
    blocks = [b for b in document.blocks if isinstance(b, Paragraph | Heading)]
    missing = []
    for block in blocks:
        for lang in ("zh", "en"):
            text = block.text.get(lang)
            # pdftotext joins a word hyphenated at a line end, also a compound broken at its own
            # hyphen ("three-|year" reads "threeyear"): compare without hyphens.
            if squash(text).replace("-", "") not in pdf_flat.replace("-", ""):
                missing.append(("pdf", type(block).__name__, lang, text[:40]))
            if text.replace("\u00a0", " ") not in docx_text:  # docx_text reads no-break spaces as spaces
                missing.append(("docx", type(block).__name__, lang, text[:40]))
    assert not missing


# -- PDF properties (what briefing-audit checks) ----------------------------------------------------
def test_pdf_is_a4_with_a_title(built, document):
    info = dict(
        line.split(":", 1)
        for line in subprocess.run(
            ["pdfinfo", str(built.pdf)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        ).stdout.splitlines()
        if ":" in line
    )
    width, height = map(float, re.search(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1
    title = info["Title"].strip()
    assert document.meta.title.zh in title and document.meta.title.en in title


def test_pdf_fonts_embedded_with_tounicode_and_no_type3(built):
    lines = subprocess.run(
        ["pdffonts", str(built.pdf)], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout.splitlines()[2:]
    assert lines, "no fonts at all"
    for line in lines:
        cols = line.split()
        emb, uni = cols[-5], cols[-3]
        assert emb == "yes", line
        assert uni == "yes", line
        assert "Type 3" not in line, line
        assert "Helvetica" not in cols[0], line


def test_pdf_dates_are_the_content_date(built):
    # No SOURCE_DATE_EPOCH in the build's environment: noon UTC on meta.date (2021-09-15).
    meta = PdfReader(built.pdf).metadata
    expected = dt.datetime(2021, 9, 15, 12, tzinfo=dt.UTC)
    assert meta.creation_date == expected
    assert meta.modification_date == expected


def test_pdf_outline_and_language(built):
    reader = PdfReader(built.pdf)

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    found = list(titles(reader.outline))
    assert found
    assert any("产业提档升级" in t and "Upgrading Industry" in t for t in found), found
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_pdf_toc_page_numbers_match_the_outline(built, pdf_text):
    reader = PdfReader(built.pdf)
    level1 = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }
    assert len(level1) == 8  # the introduction and seven sections
    toc_page = next(i for i, page in enumerate(pdf_text.split("\f")) if "目录" in page and "Contents" in page) + 1
    toc = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(toc_page), "-l", str(toc_page), str(built.pdf), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    numbers = [int(m) for m in re.findall(r"\.\s*(\d+)\s*$", toc, flags=re.M)]
    assert numbers == list(level1.values()), (numbers, level1)
    assert numbers == sorted(numbers)


def test_pdf_lines_obey_chinese_line_breaking_rules(pdf_text):
    lines = [ln.strip() for ln in pdf_text.splitlines() if ln.strip()]
    bad = [ln for ln in lines if ln[0] in CANNOT_START or ln[-1] in CANNOT_END]
    assert not bad
    assert "\ufffd" not in pdf_text


# -- DOCX properties --------------------------------------------------------------------------------
def test_docx_pictures_have_alt_text(built):
    with zipfile.ZipFile(built.docx) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    pictures = root.findall(".//wp:docPr", NS)
    assert len(pictures) >= 4
    assert all((p.get("descr") or "").strip() for p in pictures)


def test_docx_toc_field_page_field_and_title(built, document):
    with zipfile.ZipFile(built.docx) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
        instr = " ".join(t.text or "" for t in root.iter(f"{{{W}}}instrText"))
        instr += " ".join(f.get(f"{{{W}}}instr", "") for f in root.iter(f"{{{W}}}fldSimple"))
        assert re.search(r"\bTOC\b", instr)
        footers = [n for n in zf.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
        assert any(re.search(rb"\bPAGE\b", zf.read(n)) for n in footers)
        core = etree.fromstring(zf.read("docProps/core.xml"))
    title = core.findtext("dc:title", namespaces=NS)
    assert document.meta.title.zh in title and document.meta.title.en in title


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_docx_renders_in_libreoffice(built, tmp_path):
    text = squash(pdftotext(libreoffice_pdf(built.docx, tmp_path)))
    missing = [h for h in yaml_headings() if squash(h) not in text]
    assert not missing
    assert "674亿元" in text


# -- text is text -----------------------------------------------------------------------------------
def test_markup_characters_are_literal_text(tmp_path, run_cli, short_title):
    yaml = YAML()
    yaml.width = 4096
    data = yaml.load(FLAGSHIP.read_text(encoding="utf-8"))
    paragraph = data["sections"][1]["blocks"][0]["text"]
    paragraph["zh"] += LITERAL
    paragraph["en"] += " " + LITERAL
    content = tmp_path / "briefing.yaml"
    with content.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    proc = run_cli("build", content, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    pdf = body_text(pdftotext(tmp_path / "out" / "briefing.pdf"), short_title)
    docx = "\n".join(docx_paragraphs(tmp_path / "out" / "briefing.docx"))
    # After the Chinese paragraph as typed; after the English with typographic quotes.
    literal_en = english_quotes(LITERAL)
    assert literal_en != LITERAL
    for literal in (LITERAL, literal_en):
        assert squash(pdf).count(squash(literal)) == 1
        assert re.sub(r"\s+", " ", literal) in re.sub(r"\s+", " ", pdf)
        assert docx.count(literal) == 1
    assert "&amp;" not in pdf and "&lt;" not in pdf and "&amp;" not in docx
