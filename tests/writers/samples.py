"""Hand-built models for the writer tests, shared by the PDF and DOCX tests so both writers are
tried on the same input: ``every_block`` (every body block kind and inline span once),
``sample_meta``, ``make_theme`` (the bundled theme's values without its font files) and
``tiny_png`` (a real PNG of a given pixel size, written without an imaging library)."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

from reportgen.model import (
    Cover,
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
    TableOfContents,
    Text,
)
from reportgen.model.blocks import Column
from reportgen.theme import FontFace, Page, Theme

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "briefing"
T = Text


def rich(zh: list, en: list) -> Text:
    return Text.of_spans(tuple(zh), tuple(en))


def every_block(image_path: Path) -> Document:
    blocks = (
        Cover(title=T("城区概况", "District Profile"), subtitle=None, dateline=T("2024年", "2024"), issuer=None),
        TableOfContents(T("目录", "Contents"), depth=3),
        PageBreak(),
        Heading(1, T("概况", "Overview"), "overview"),
        Paragraph(
            rich(
                [
                    Span("全区面积"),
                    Span("56", strong=True),
                    Span("km"),
                    Span("2", script="super"),
                    Span("，"),
                    Span("重点", emphasis=True),
                    Span("见"),
                    Span("第三节", link="#outlook"),
                    Span("。"),
                    FootnoteRef("area"),
                ],
                [
                    Span("The district covers "),
                    Span("56", strong=True),
                    Span(" km"),
                    Span("2", script="super"),
                    Span("; "),
                    Span("see", emphasis=True),
                    Span(" "),
                    Span("the outlook", link="#outlook"),
                    Span(" and "),
                    Span("the bureau", link="https://example.org/stats?a=1&b=2"),
                    Span("."),
                    FootnoteRef("area"),
                ],
            )
        ),
        Paragraph(
            rich(
                [Span("CO"), Span("2", script="sub"), Span("排放下降。")],
                [Span("CO"), Span("2", script="sub"), Span(" emissions fell.")],
            )
        ),
        ItemList(
            ordered=False,
            items=(
                ListItem(
                    T("交通便利", "Good transport"),
                    children=(ListItem(T("地铁三条", "Three metro lines")), ListItem(T("公交", "Buses"))),
                ),
                ListItem(T("环境优美", "Pleasant surroundings")),
            ),
        ),
        ItemList(
            ordered=True,
            items=(
                ListItem(T("第一项", "First item"), children=(ListItem(T("子项甲", "Sub-item a")),)),
                ListItem(T("第二项", "Second item")),
                ListItem(T("2024", "2024")),  # an English equal to its Chinese: shown once
                ListItem(T("第四项", "Fourth item")),
            ),
        ),
        ItemList(ordered=True, items=(ListItem(T("另一列表", "Another list")),)),
        Heading(2, T("数据", "Data"), "data"),
        Table(
            caption=T("人口与面积", "Population and area"),
            columns=(Column(T("街道", "Subdistrict")), Column(T("人口（万人）", "Population (10k)"), kind="number")),
            rows=((T("东城", "East"), T("12.5", "12.5")), (T("西城", "West"), T("8.1", "8.1"))),
            total=(T("合计", "Total"), T("20.6", "20.6")),
            note=T("示例数据。", "Illustrative data."),
            source=T("资料来源：区统计局。", "Source: district statistics bureau."),
        ),
        Image(
            path=image_path,
            caption=T("城区鸟瞰", "The district from above"),
            alt=T("城区航拍照片，河流穿城而过。", "Aerial photo of the district with a river through it."),
            source=T("资料来源：示例。", "Source: illustrative."),
            width=0.5,
        ),
        Heading(3, T("展望", "Outlook"), "outlook"),
        Quote(T("发展是第一要务。", "Development is the top priority."), attribution=T("区长", "The district head")),
        Note(T("说明", "Note"), (T("本简报数据均为示例。", "All figures in this briefing are illustrative."),)),
        PageBreak(),
        Paragraph(T("附录。", "Appendix.")),
    )
    footnotes = (Footnote("area", T("含水域面积。", "Including water surface.")),)
    return Document(sample_meta(), blocks, footnotes)


def sample_meta() -> Meta:
    return Meta(
        title=T("城区概况", "District Profile"),
        short_title=T("概况", "Profile"),
        subject=T("概况", "Profile"),
        author=T("区统计局", "District Statistics Bureau"),
        keywords=T("城区", "district"),
        date=dt.date(2024, 5, 17),
    )


def make_theme() -> Theme:
    """The bundled theme's values, without needing the font files on disk."""
    face = {
        "zh_body": "Noto Serif CJK SC",
        "zh_heading": "Noto Sans CJK SC",
        "en_body": "Source Serif Pro",
        "en_heading": "Source Sans Pro",
    }
    return Theme(
        page=Page(210, 297, 37, 35, 28, 26, 22, 20, "— {n} —"),
        fonts={role: FontFace(family, Path("unused.otf")) for role, family in face.items()},
        sizes={
            "title": 24,
            "subtitle": 14,
            "heading1": 16,
            "heading2": 13,
            "heading3": 11.5,
            "body_zh": 11,
            "body_en": 10.5,
            "caption": 8.5,
            "table": 9,
            "header": 8.5,
            "key_figure": 18,
            "leading": 1.55,
        },
        colours={
            "text": "#1F1F1F",
            "muted": "#5F6368",
            "primary": "#A61C1C",
            "secondary": "#1F4E79",
            "rule": "#C9C9C9",
            "table_header": "#F3E9E7",
        },
        chart_colours=("#A61C1C", "#1F4E79"),
        logo=None,
        source=TEMPLATE / "theme.yaml",
    )


def tiny_png(width: int, height: int) -> bytes:
    """A valid RGB PNG of the given pixel size at 300 dpi (a pale band with a dark bar)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row_light = b"\x00" + b"\xf3\xe9\xe7" * width
    row_dark = b"\x00" + b"\xa6\x1c\x1c" * (width // 3) + b"\xf3\xe9\xe7" * (width - width // 3)
    raw = b"".join(row_dark if height // 3 < y < height // 2 else row_light for y in range(height))
    ppm = round(300 / 0.0254)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
