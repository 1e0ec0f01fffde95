"""The PDF writer on the hand-built model holding every body block kind and inline span (the one the
DOCX block tests write: tests/writers/samples.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader
from tests.writers.samples import TEMPLATE, every_block, sample_meta

from reportgen.model import (
    Document,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    Paragraph,
    Span,
    Text,
)
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers.pdf import write

T = Text
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, cache_dir):
    tmp = tmp_path_factory.mktemp("kinds")
    photo = tmp / "photo.png"
    PILImage.new("RGB", (1400, 700), (30, 90, 160)).save(photo)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        data = write(every_block(photo), load_theme(TEMPLATE), WriteOptions(render_chart=lambda *a: b""))
    path = tmp / "kinds.pdf"
    path.write_bytes(data)
    return path


def pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return ["".join(p.split()) for p in out.stdout.split("\f")[:-1]]


def page_with(pdf: Path, text: str) -> int:
    """The index of the one page whose squashed text holds ``text``."""
    (index,) = [i for i, page in enumerate(pages(pdf)) if text in page]
    return index


def test_every_block_text_is_there_in_order(pdf):
    flat = "".join(pages(pdf))
    order = [
        "城区概况",
        "DistrictProfile",
        "目录",
        "Contents",
        "概况",
        "Overview",
        "全区面积56km2",
        "Thedistrictcovers",
    ]
    order += ["CO2排放下降。", "CO2emissionsfell.", "•交通便利", "Goodtransport", "–地铁三条", "Threemetrolines"]
    order += ["1.第一项", "Firstitem", "a.子项甲", "Sub-itema", "4.第四项", "Fourthitem", "1.另一列表", "Anotherlist"]
    order += ["数据", "Data", "表1人口与面积", "Table1.Populationandarea", "合计", "Total", "20.6", "示例数据。"]
    order += ["资料来源：区统计局。", "图1城区鸟瞰", "Figure1.Thedistrictfromabove", "资料来源：示例。", "展望"]
    order += ["发展是第一要务。", "Developmentisthetoppriority.", "区长", "说明", "Note", "本简报数据均为示例。"]
    order += ["Allfiguresinthisbriefingareillustrative.", "附录。", "Appendix."]
    at = 0
    for text in order:  # each after the one before it
        assert text in flat[at:], text
        at = flat.index(text, at) + len(text)
    assert page_with(pdf, "Appendix.") == page_with(pdf, "附录。") > page_with(pdf, "Allfigures")  # the page break


def test_footnote_at_the_foot_of_its_page_with_the_same_mark(pdf):
    index = page_with(pdf, "Thedistrictcovers")
    page = pages(pdf)[index]
    assert "1含水域面积。" in page and "1Includingwatersurface." in page
    assert page_with(pdf, "含水域面积") == index  # on no other page
    assert page.index("含水域面积") > page.index("Anotherlist")  # under the text block


def test_superscript_is_raised_and_smaller(pdf):
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append((text.strip(), size * tm[3], tm[5]))

    PdfReader(str(pdf)).pages[page_with(pdf, "Thedistrictcovers")].extract_text(visitor_text=visit)
    body, line = next((s, y) for t, s, y in sizes if t.startswith("The district"))
    raised = [(s, y) for t, s, y in sizes if t == "2" and line < y < line + body]
    assert raised and all(s < body * 0.9 for s, _ in raised)  # km²: smaller, above the baseline


def test_links_are_annotations_and_the_image_is_at_300_ppi(pdf):
    reader = PdfReader(str(pdf))
    page = reader.pages[page_with(pdf, "Thedistrictcovers")]
    annots = [a.get_object() for a in page.get("/Annots") or []]
    assert any(a.get("/A", {}).get("/URI") == "https://example.org/stats?a=1&b=2" for a in annots)
    assert any(a.get("/Dest") is not None or a.get("/A", {}).get("/S") == "/GoTo" for a in annots)
    xobjects = reader.pages[page_with(pdf, "Figure1.")]["/Resources"]["/XObject"]
    width = max(x.get_object()["/Width"] for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")
    placed_inches = 0.5 * load_theme(TEMPLATE).page.text_width_mm / 25.4
    assert width / placed_inches >= 300


def test_an_image_that_nearly_fits_is_drawn_smaller_not_pushed_to_the_next_page(tmp_path, cache_dir, monkeypatch):
    """A full-width picture a little taller than the room left under three paragraphs: drawn
    smaller on that page (higher resolution, caption kept with it) rather than moved whole, which
    left two fifths of the page empty (the Lakeside example's sequential and Chinese editions)."""
    photo = tmp_path / "tall.png"
    PILImage.new("RGB", (1900, 1580), (30, 90, 160)).save(photo)
    para = T(
        "湖滨市的排放量逐年下降，公共交通出行比例不断提高。" * 3, "Emissions fell and more trips were by bus. " * 4
    )
    blocks = (Heading(1, T("开头", "Top"), "top"), *[Paragraph(para)] * 3)
    picture = Image(photo, T("图片说明", "Picture caption"), T("替代文字", "Alt text"), None, 1.0)
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    meta = sample_meta()
    out = tmp_path / "fit.pdf"
    out.write_bytes(
        write(Document(meta, (*blocks, picture)), load_theme(TEMPLATE), WriteOptions(render_chart=lambda *a: b""))
    )
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True)
    ((page, ppi),) = [(int(r.split()[0]), int(r.split()[12])) for r in listing.stdout.splitlines()[2:]]
    full_width_ppi = 1900 / (load_theme(TEMPLATE).page.text_width_mm / 25.4)
    assert page == 1 and full_width_ppi * 1.05 < ppi < full_width_ppi / 0.75  # smaller, by at most a quarter
    assert "Picturecaption" in pages(out)[0]
    # With a fourth paragraph it no longer fits at three quarters: the whole figure moves on.
    out.write_bytes(
        write(
            Document(meta, (*blocks, Paragraph(para), picture)),
            load_theme(TEMPLATE),
            WriteOptions(render_chart=lambda *a: b""),
        )
    )
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True)
    assert [int(r.split()[0]) for r in listing.stdout.splitlines()[2:]] == [2]
    assert "Picturecaption" in pages(out)[1]


def _words(path: Path) -> list[list[tuple[str, float, float]]]:
    """Per page, each word with its top and bottom (points from the page's top)."""
    from lxml import etree

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    pages = root.xpath("//*[local-name()='page']")
    return [
        [(w.text or "", float(w.get("yMin")), float(w.get("yMax"))) for w in p.xpath(".//*[local-name()='word']")]
        for p in pages
    ]


@pytest.mark.parametrize("fillers", range(6, 16))
def test_footnotes_sit_in_reserved_room_on_the_page_of_their_reference(tmp_path, cache_dir, monkeypatch, fillers):
    """A paragraph ending in a footnote mark, pushed down the page one filler at a time across the
    page break: its footnote is always on the page where the mark is printed, inside the text block
    (above the bottom margin) and below the last body line; never drawn over text."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    filler = Paragraph(T("湖滨市的排放量逐年下降。", "Emissions fell."))
    noted = Paragraph(
        Text.of_spans(
            (Span("这一段在末尾引用脚注终点" * 4), FootnoteRef("n")),
            (Span("This paragraph cites a footnote at its very end. " * 3 + "Finis"), FootnoteRef("n")),
        )
    )
    doc = Document(
        sample_meta(),
        (Heading(1, T("开头", "Top"), "top"), *[filler] * fillers, noted, *[filler] * 3),
        footnotes=(Footnote("n", T("脚注文字。", "Footnote text.")),),
    )
    out = tmp_path / "notes.pdf"
    theme = load_theme(TEMPLATE)
    out.write_bytes(write(doc, theme, WriteOptions(render_chart=lambda *a: b"")))
    words = _words(out)
    page_h = theme.page.height_mm * 72 / 25.4
    frame_bottom = page_h - theme.page.bottom_mm * 72 / 25.4  # from the top, as pdftotext counts
    frame_top = theme.page.top_mm * 72 / 25.4
    text = pages(out)
    for lang_end, note_word in (("终点1", "脚注文字。"), ("Finis", "Footnote")):
        (ref_page,) = [i for i, p in enumerate(text) if lang_end in p]
        assert [i for i, p in enumerate(text) if note_word in p] == [ref_page]
        page = words[ref_page]
        starts = [w for w in page if w[0].startswith(("脚注", "Footnote"))]
        # the footnotes' lines, marks included (a word overlapping a footnote word's height)
        note = [w for w in page if any(w[1] < n[2] and w[2] > n[1] for n in starts)]
        body = [w for w in page if frame_top < w[1] and w not in note and w[2] < frame_bottom + 1]
        assert note and max(w[2] for w in note) <= frame_bottom + 0.5  # inside the frame
        assert min(w[1] for w in note) > max(w[2] for w in body)  # under every body line


@pytest.mark.parametrize("fillers", range(8, 16))
def test_a_heading_goes_with_the_figure_under_it(tmp_path, cache_dir, monkeypatch, fillers):
    """A heading right above a picture is kept with it, pushed down the page one filler at a time:
    never left at a page's foot while the picture starts the next page (the space in front of a
    figure used to take the heading's keep-with-next instead of the figure)."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    photo = tmp_path / "wide.png"
    PILImage.new("RGB", (1900, 1200), (30, 90, 160)).save(photo)
    filler = Paragraph(T("湖滨市的排放量逐年下降。", "Emissions fell."))
    doc = Document(
        sample_meta(),
        (
            Heading(1, T("开头", "Top"), "top"),
            *[filler] * fillers,
            Heading(2, T("示意图一节", "The picture section"), "pic"),
            Image(photo, T("图片说明", "Picture caption"), T("替代文字", "Alt text"), None, 1.0),
        ),
    )
    out = tmp_path / "keep.pdf"
    out.write_bytes(write(doc, load_theme(TEMPLATE), WriteOptions(render_chart=lambda *a: b"")))
    text = pages(out)
    heading = [i for i, p in enumerate(text) if "Thepicturesection" in p]
    caption = [i for i, p in enumerate(text) if "Picturecaption" in p]
    assert heading == caption and len(heading) == 1
