"""Hand-built documents for the DOCX block tests: every block kind and inline span once."""

from __future__ import annotations

import datetime as dt
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
    meta = Meta(
        title=T("城区概况", "District Profile"),
        short_title=T("概况", "Profile"),
        subject=T("概况", "Profile"),
        author=T("区统计局", "District Statistics Bureau"),
        keywords=T("城区", "district"),
        date=dt.date(2024, 5, 17),
    )
    footnotes = (Footnote("area", T("含水域面积。", "Including water surface.")),)
    return Document(meta, blocks, footnotes)
