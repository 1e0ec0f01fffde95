"""Charts in the PDF: their text is real text in the document's embedded fonts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=True).stdout


def page_of(pdf, caption: str) -> int:
    pages = run("pdftotext", "-enc", "UTF-8", str(pdf), "-").split("\f")
    return next(i for i, p in enumerate(pages, 1) if caption in p)


def chart_text(pdf, caption: str) -> str:
    """The text of the chart right above ``caption`` (the page's text above the caption line)."""
    n = page_of(pdf, caption)
    page = run("pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-")
    return page[: page.index(caption)]


def test_bilingual_value_labels_are_extractable_text_in_the_chart(flagship_build):
    growth = chart_text(flagship_build.pdf, "Figure 1. GDP and budget revenue")
    for label in ("674亿元", "CNY 67.4 bn", "329亿元", "CNY 32.9 bn", "53.9亿元", "CNY 5.39 bn"):
        assert label in growth, label
    amounts = chart_text(flagship_build.pdf, "Figure 2.")
    assert "2744亿元 / CNY 274.4 bn" in amounts
    assert "Source: Zhengzhou Evening News" in amounts and "资料来源" in amounts


def test_chart_text_uses_the_documents_embedded_subsets_with_tounicode(flagship_build):
    fonts = run("pdffonts", str(flagship_build.pdf)).splitlines()[2:]
    assert fonts
    for line in fonts:
        name, *_, emb, sub, uni, _obj, _gen = line.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line
        assert "Type 3" not in line
    # no glyph of the charts' text is missing from its subset: every character extracts as itself
    text = run("pdftotext", "-enc", "UTF-8", str(flagship_build.pdf), "-")
    assert "\ufffd" not in text and not re.search(r"[\ue000-\uf8ff]", text)


def test_every_character_a_chart_sets_in_cjk_is_in_the_heading_subset():
    from pathlib import Path

    from reportgen import model
    from reportgen.charts import render
    from reportgen.charts.opsformat import parse_text
    from reportgen.compose import compose
    from reportgen.content import load_content
    from reportgen.templates import find_template
    from reportgen.theme import load_theme
    from reportgen.writers.face_chars import document_chars

    root = Path(__file__).resolve().parents[2]
    template = find_template(None)
    theme = load_theme(template)
    document = compose(load_content(root / "examples" / "guancheng" / "briefing.yaml"), template)
    subset = document_chars(document)["zh_heading"]
    charts = [b for b in document.blocks if isinstance(b, model.Chart)]
    assert charts
    for chart in charts:
        for langs in ("zh+en", "zh"):
            for item in parse_text(render(chart.spec, theme, "pdfops", 138.0, langs)):
                for face, _, chars in item["runs"]:
                    if face == "cjk":
                        assert set(chars) <= subset, (chart.id, set(chars) - subset)


def test_every_flagship_value_label_is_in_the_pdf_in_the_readers_languages(flagship_build):
    from pathlib import Path

    from reportgen import model
    from reportgen.charts.style import value_label
    from reportgen.compose import compose
    from reportgen.content import load_content
    from reportgen.templates import find_template

    root = Path(__file__).resolve().parents[2]
    document = compose(load_content(root / "examples" / "guancheng" / "briefing.yaml"), find_template(None))
    text = run("pdftotext", "-enc", "UTF-8", str(flagship_build.pdf), "-")
    charts = [b for b in document.blocks if isinstance(b, model.Chart)]
    assert len(charts) >= 7
    for chart in charts:
        for series in chart.spec.series:
            for label in series.labels:
                for line in value_label(label, "zh+en", "\n").split("\n"):
                    assert line.replace("\xa0", " ") in text, (chart.id, line)  # no-break spaces extract as spaces
