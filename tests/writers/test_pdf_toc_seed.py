"""The contents page seeded with the last build's page numbers: one layout pass when they still
hold, the same bytes and the right page numbers (read back with pdftotext) whatever the seed."""

from __future__ import annotations

import json
import re

import pytest
from reportlab.platypus import doctemplate
from tests.writers.test_pdf import (
    CHART_OPS,
    DOC,
    H_ECONOMY,
    H_TABLE,
    PARAS,
    STAMP,
    TEMPLATE,
    outline_pages,
    pages_of,
    pdftotext_layout,
)

from reportgen import cachedir
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers import pdf_toc_seed as seed
from reportgen.writers.pdf import write

OPTIONS = WriteOptions(render_chart=lambda *_: CHART_OPS, timestamp=STAMP)
KEY = seed.seed_key(DOC, OPTIONS)


@pytest.fixture
def build(cache_dir, tmp_path, monkeypatch):
    """Write DOC; returns (pdf bytes, layout passes ReportLab made)."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    theme = load_theme(TEMPLATE)
    passes = []
    real = doctemplate.BaseDocTemplate.multiBuild

    def counting(self, *args, **kw):
        passes.append(real(self, *args, **kw))
        return passes[-1]

    monkeypatch.setattr(doctemplate.BaseDocTemplate, "multiBuild", counting)

    def run(document=DOC) -> tuple[bytes, int]:
        pdf = write(document, theme, OPTIONS)
        return pdf, passes[-1]

    return run


def entry(cache_dir):
    return cache_dir / seed.NAMESPACE / f"{KEY}.json"


def stored(cache_dir) -> list:
    return seed._load(cachedir.read(seed.NAMESPACE, KEY, ".json"))


def toc_pages_match_headings(pdf: bytes, tmp_path) -> None:
    """Every TOC line's number is the page its heading is on (as the outline and the text say)."""
    path = tmp_path / "seeded.pdf"
    pages = pages_of(pdf, tmp_path, "seeded.pdf")
    outline = outline_pages(path)
    toc_page = next(i for i, p in enumerate(pages) if "目录" in p and "Contents" in p) + 1
    toc = [ln for ln in pdftotext_layout(path, toc_page).splitlines() if ln.strip()]
    for heading in (H_ECONOMY, H_TABLE):
        page = next(p for t, p in outline.items() if heading.text.en in t)
        assert heading.text.en.replace(" ", "") in pages[page - 1].replace(" ", "").replace("\n", "")
        line = next(ln for ln in toc if heading.text.en in ln)
        assert re.search(r"(\d+)\s*$", line).group(1) == str(page), line


def test_no_seed_then_the_right_seed(build, cache_dir, tmp_path):
    entry(cache_dir).unlink(missing_ok=True)
    fresh, passes = build()
    assert passes >= 2  # started from a placeholder: at least one more pass
    assert stored(cache_dir)  # the settled entries are kept for the next build
    again, passes = build()
    assert passes == 1  # the seed held: ReportLab was satisfied after the first pass
    assert again == fresh
    toc_pages_match_headings(again, tmp_path)


def test_a_wrong_seed_still_gives_the_right_numbers_and_the_same_bytes(build, cache_dir, tmp_path):
    entry(cache_dir).unlink(missing_ok=True)
    fresh, _ = build()
    (right,) = stored(cache_dir)
    wrong = [(level, text, page + 3, key) for level, text, page, key in right]
    cachedir.write(seed.NAMESPACE, KEY, repr_json([wrong]), ".json")
    pdf, passes = build()
    assert passes == 2  # the first pass found other numbers, the second confirmed them
    assert pdf == fresh
    toc_pages_match_headings(pdf, tmp_path)
    assert stored(cache_dir) == [right]  # and the right ones replace the wrong seed


def test_a_stale_seed_from_another_version_of_the_report(build, cache_dir, tmp_path):
    entry(cache_dir).unlink(missing_ok=True)
    fresh, _ = build()
    (right,) = stored(cache_dir)
    stale = [*right[:1], (0, "已删除的一节 Removed section", 7, "gone"), *right[1:]]
    # and a face this build did not register (a seed written when the subsets had other names)
    stale.append((0, '<font name="rg-zh_heading-0000">已删除</font>', 9, "gone2"))
    cachedir.write(seed.NAMESPACE, KEY, repr_json([stale]), ".json")
    pdf, _ = build()
    assert pdf == fresh
    toc_pages_match_headings(pdf, tmp_path)


@pytest.mark.parametrize("payload", [b"not json", b'[[["a", "b", 3, null]]]', b"[1, 2]", b"{}"])
def test_an_entry_of_another_shape_is_ignored(build, cache_dir, payload):
    entry(cache_dir).unlink(missing_ok=True)
    fresh, _ = build()
    cachedir.write(seed.NAMESPACE, KEY, payload, ".json")
    pdf, passes = build()
    assert pdf == fresh and passes >= 2


def test_a_corrupt_entry_is_discarded_with_one_warning(build, cache_dir, capfd):
    entry(cache_dir).unlink(missing_ok=True)
    fresh, _ = build()
    path = entry(cache_dir)
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0xFF
    path.write_bytes(bytes(blob))
    capfd.readouterr()
    pdf, passes = build()
    err = capfd.readouterr().err
    assert pdf == fresh and passes >= 2
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("reportgen: warning: cache entry pdf-toc/") and "discarded" in line


def repr_json(entries) -> bytes:
    return json.dumps(entries, ensure_ascii=False).encode()


def test_an_edit_with_new_characters_keeps_one_pass_and_its_unchanged_lines(build, cache_dir, monkeypatch):
    """New characters rename the CJK subsets; the seed (stored by role) and the line settings
    (keyed by the report, not its faces) still hold, and the bytes are a fresh build's."""
    from dataclasses import replace

    from reportgen.model import Paragraph, Text
    from reportgen.text import justify
    from reportgen.writers.face_chars import document_chars
    from reportgen.writers.pdf_fonts import register_fonts

    added = Paragraph(Text(zh="琴棋书画诗词歌赋，样本。", en="Zither, chess, calligraphy and painting."))
    at = DOC.blocks.index(PARAS[-1]) + 1
    edited = replace(DOC, blocks=(*DOC.blocks[:at], added, *DOC.blocks[at:]))
    theme = load_theme(TEMPLATE)
    before = register_fonts(theme, document_chars(DOC))
    assert register_fonts(theme, document_chars(edited)).zh_body != before.zh_body  # the subset was renamed
    entry(cache_dir).unlink(missing_ok=True)
    build()
    build()  # the seed and the line settings of the unedited report are stored
    assert any('<font name="@zh_' in text for _, text, _, _ in stored(cache_dir)[0])  # faces kept by role
    monkeypatch.setattr(justify, "_memo", {})  # as in a new process
    set_afresh = []
    real = justify._set
    monkeypatch.setattr(justify, "_set", lambda *key: set_afresh.append(key) or real(*key))
    pdf, passes = build(edited)
    assert passes == 1
    assert set_afresh and all("琴" in "".join(units) for units, *_ in set_afresh)  # only the new paragraph
    for namespace in ("pdf-toc", "cjk-lines"):  # a build of the edit from nothing gives the same bytes
        for path in (cache_dir / namespace).glob("*"):
            path.unlink()
    monkeypatch.setattr(justify, "_memo", {})
    fresh, passes = build(edited)
    assert passes >= 2 and pdf == fresh
