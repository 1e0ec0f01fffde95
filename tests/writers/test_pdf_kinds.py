"""The PDF writer on a hand-built model holding every body block kind and inline span."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from reportgen.model import (
    Column,
    Document,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    ItemList,
    ListItem,
    Meta,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Span,
    Table,
    Text,
)
from reportgen.theme import load_theme
from reportgen.writers import WriteOptions
from reportgen.writers.pdf import write

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "briefing"
T = Text
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def document(photo: Path) -> Document:
    rich = Text.of_spans(
        (Span("面积12 km"), Span("2", script="super"), Span("，CO"), Span("2", script="sub"), FootnoteRef("n")),
        (
            Span("Area 12 km"),
            Span("2", script="super"),
            Span(", "),
            Span("strong", strong=True),
            Span(" and "),
            Span("a link", link="https://example.org/x"),
            Span(" and "),
            Span("back", link="#top"),
            FootnoteRef("n"),
        ),
    )
    meta = Meta(
        T("标题", "Title"),
        T("短标题", "Short"),
        T("主题", "Subject"),
        T("作者", "Author"),
        T("词", "kw"),
        dt.date(2024, 1, 1),
    )
    return Document(
        meta,
        (
            Heading(1, T("开头", "Top"), "top"),
            Paragraph(rich),
            ItemList(
                True,
                (ListItem(T("第一项", "First"), (ListItem(T("子项", "Sub-item")),)), ListItem(T("第二项", "Second"))),
            ),
            Table(
                T("表题", "Caption"),
                (Column(T("名称", "Name")), Column(T("数值", "Value"), kind="number")),
                ((T("甲", "A"), T("1", "1")), (T("乙", "B"), T("2", "2"))),
                total=(T("合计", "Total"), T("3", "3")),
                source=T("资料来源：样本", "Source: sample"),
            ),
            Quote(T("引文内容。", "Quoted words."), T("某人", "Someone")),
            Note(T("说明", "Note"), (T("说明内容。", "Note body."),)),
            PageBreak(),
            Image(
                photo, T("图片说明", "Picture caption"), T("替代文字", "Alt text"), T("图片来源", "Picture source"), 0.5
            ),
        ),
        footnotes=(Footnote("n", T("脚注文字。", "Footnote text.")),),
    )


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, cache_dir):
    tmp = tmp_path_factory.mktemp("kinds")
    photo = tmp / "photo.png"
    PILImage.new("RGB", (1400, 700), (30, 90, 160)).save(photo)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        data = write(document(photo), load_theme(TEMPLATE), WriteOptions(render_chart=lambda *a: b""))
    path = tmp / "kinds.pdf"
    path.write_bytes(data)
    return path


def pages(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return ["".join(p.split()) for p in out.stdout.split("\f")[:-1]]


def test_every_block_text_is_there_in_order(pdf):
    first, second = pages(pdf)[:2]
    order = [
        "开头",
        "Top",
        "第一项",
        "First",
        "子项",
        "Sub-item",
        "第二项",
        "表1",
        "表题",
        "合计",
        "Total",
        "资料来源：样本",
    ]
    order += ["引文内容。", "Quotedwords.", "某人", "说明", "Note", "说明内容。", "Notebody."]
    at = [first.index(x) for x in order]
    assert at == sorted(at)
    assert "图1" in second and "图片说明" in second and "Figure1.Picturecaption" in second and "图片来源" in second


def test_footnote_at_the_foot_of_its_page_with_the_same_mark(pdf):
    first, second = pages(pdf)[:2]
    assert "1脚注文字。" in first and "1Footnotetext." in first
    assert "脚注文字" not in second
    assert first.index("脚注文字") > first.index("Notebody.")  # under the text block


def test_superscript_is_raised_and_smaller(pdf):
    sizes = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append((text.strip(), size * tm[3], tm[5]))

    PdfReader(str(pdf)).pages[0].extract_text(visitor_text=visit)
    body, line = next((s, y) for t, s, y in sizes if t.startswith("Area"))
    raised = [(s, y) for t, s, y in sizes if t == "2" and line < y < line + body]
    assert raised and all(s < body * 0.9 for s, _ in raised)  # km²: smaller, above the baseline


def test_links_are_annotations_and_the_image_is_at_300_ppi(pdf):
    reader = PdfReader(str(pdf))
    annots = [a.get_object() for a in reader.pages[0].get("/Annots") or []]
    assert any(a.get("/A", {}).get("/URI") == "https://example.org/x" for a in annots)
    assert any(a.get("/Dest") is not None or a.get("/A", {}).get("/S") == "/GoTo" for a in annots)
    xobjects = reader.pages[1]["/Resources"]["/XObject"]
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
    meta = document(photo).meta
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
        document(tmp_path / "none.png").meta,
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
        document(photo).meta,
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
