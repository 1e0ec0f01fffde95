"""Typesetting rules measured on the flagship's real PDFs (word boxes from pdftotext -bbox-layout).

English: justified lines keep their word gaps within 0.5 em, words hyphenate, quotes are curly.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

MAX_GAP_EM = 0.5
HYPHENATED_COMPOUNDS = {"ethnicminority", "highquality", "hightech", "yearonyear", "oneStop".lower(), "toplevel"}


def bbox_lines(pdf: Path) -> list[tuple[int, list[tuple[float, float, float, float, str]]]]:
    """(page, [(xMin, yMin, xMax, yMax, word)]) per text line, as poppler groups them."""
    html = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    out = []
    for page_no, page in enumerate(ET.fromstring(html).iter("page"), 1):
        for line in page.iter("line"):
            words = [
                (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
                for w in line.iter("word")
            ]
            if words:
                out.append((page_no, words))
    return out


def english_justified_lines(pdf: Path):
    """English lines that reach their column's right edge (so were stretched), with their gaps in em."""
    lines = [(p, ws) for p, ws in bbox_lines(pdf) if len(ws) >= 6]
    lines = [(p, ws) for p, ws in lines if sum(bool(re.match(r"[A-Za-z(“‘]", w[4])) for w in ws) >= 0.7 * len(ws)]
    rights: dict[tuple[int, int], float] = {}
    for page, ws in lines:
        key = (page, int(ws[0][0] // 40))
        rights[key] = max(rights.get(key, 0.0), ws[-1][2])
    for page, ws in lines:
        if ws[-1][2] < rights[(page, int(ws[0][0] // 40))] - 2:
            continue  # a last line or a ragged one: not stretched
        em = ws[0][3] - ws[0][1]
        gaps = [(b[0] - a[2]) / em for a, b in zip(ws, ws[1:], strict=False)]
        yield page, " ".join(w[4] for w in ws), max(gaps)


@pytest.fixture(scope="module")
def pdf(flagship_build) -> Path:
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    return flagship_build.pdf


def test_justified_english_word_gaps_stay_within_half_an_em(pdf):
    lines = list(english_justified_lines(pdf))
    assert len(lines) > 40  # the flagship's English is justified, and measured here
    loose = [(page, round(gap, 2), text[:50]) for page, text, gap in lines if gap > MAX_GAP_EM]
    assert not loose


def test_english_is_hyphenated_at_dictionary_points(pdf):
    import pyphen

    dic = pyphen.Pyphen(lang="en_US")
    lines = [" ".join(w[4] for w in ws) for _, ws in bbox_lines(pdf)]
    breaks = []
    for line, nxt in zip(lines, lines[1:], strict=False):
        head = re.search(r"([A-Za-z]+)-$", line)
        tail = re.match(r"([a-z]+)", nxt)
        if head and tail:
            breaks.append((head.group(1), tail.group(1)))
    assert breaks, "no English word is hyphenated"
    for head, tail in breaks:
        word = head + tail
        if word.lower() in HYPHENATED_COMPOUNDS:
            continue
        assert len(head) in dic.positions(word.lower()), (head, tail)


def test_english_quotes_and_apostrophes_are_typographic(pdf, flagship_build):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Guancheng’s" in text
    assert "'" not in text and '"' not in text
    import zipfile

    xml = zipfile.ZipFile(flagship_build.docx).read("word/document.xml").decode("utf-8")
    body = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "Guancheng’s" in body and "'" not in body and "&quot;" not in body


# -- Chinese: the flagship's paragraphs set with the real fonts, at the body and parallel widths ----
@pytest.fixture(scope="module")
def chinese_paragraphs(tmp_path_factory):
    from reportgen.compose import compose
    from reportgen.content import load_content
    from reportgen.model import Paragraph
    from reportgen.theme import load_theme
    from reportgen.writers.face_chars import document_chars
    from reportgen.writers.pdf_fonts import register_fonts
    from reportgen.writers.pdf_styles import Styles

    root = Path(__file__).resolve().parents[2]
    template = root / "templates" / "briefing"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        theme = load_theme(template)
        document = compose(load_content(root / "examples" / "guancheng" / "briefing.yaml"), template)
        styles = Styles(theme, register_fonts(theme, document_chars(document)))
    texts = [b.text.zh for b in document.blocks if isinstance(b, Paragraph)]
    assert len(texts) >= 8
    return styles, texts, theme


@pytest.mark.parametrize("layout", ["full measure", "parallel column"])
def test_chinese_lines_never_spaced_out_beyond_015_em(chinese_paragraphs, layout):
    from reportlab.lib.units import mm

    from reportgen.writers.pdf_text import CJKParagraph

    styles, texts, theme = chinese_paragraphs
    width = theme.page.text_width_mm * mm
    if layout == "parallel column":
        width = (width - 7 * mm) / 2
    em = styles.zh_body.size
    worst = []
    for text in texts:
        para = CJKParagraph(text, styles.zh_body)
        para.wrap(width, 10_000)
        lines = para._set
        for line in lines[:-1]:
            assert abs(line.xs[0] + line.width - width) < 0.01 or line.xs[0] < 0  # flush right
            for a, b, ch in zip(line.xs, line.xs[1:], line.chars, strict=False):
                extra = (b - a - para._measure(ch)) / em
                worst.append((extra, line.chars))
        last = lines[-1].chars.rstrip("。！？”）")
        assert len(lines) == 1 or len(last) > 2, lines[-1].chars  # no one- or two-character last line
    assert max(worst)[0] <= 0.15 + 1e-6, max(worst)
