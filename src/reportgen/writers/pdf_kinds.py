"""Block kinds, PDF stage: the renderers of the body blocks beyond paragraphs, and inline spans.

Each renderer is registered for its model class with :func:`renders`; ``BlockFlowables.story``
looks a block's class up here first. A new block kind is one function here (plus its schema
model, composer and DOCX renderer). Inline spans become ReportLab paragraph markup built from
escaped text — content never reaches ReportLab's parser unescaped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import Image as RLImage

from reportgen import model
from reportgen.writers.pdf_columns import FitFigure
from reportgen.writers.pdf_footnotes import note_href
from reportgen.writers.pdf_rich_cjk import Look, RichCJKParagraph
from reportgen.writers.pdf_text import CJKStyle

RENDERERS: dict[type, Callable] = {}


def renders(kind: type):
    def register(fn: Callable) -> Callable:
        RENDERERS[kind] = fn
        return fn

    return register


# -- inline spans -----------------------------------------------------------------------------------
def zh_paragraph_style(style, name: str = "zh_rich") -> ParagraphStyle:
    """A ReportLab style matching a CJKStyle, for Chinese text that carries inline spans."""
    align = {"justify": TA_JUSTIFY, "right": TA_RIGHT}.get(style.align, TA_LEFT)
    return ParagraphStyle(
        name,
        fontName=style.font,
        fontSize=style.size,
        leading=style.leading,
        textColor=HexColor(style.colour),
        alignment=align,
        firstLineIndent=style.first_line_indent,
        spaceBefore=style.space_before,
        spaceAfter=style.space_after,
        wordWrap="CJK",
    )


def span_markup(flow, text: model.Text, lang: str, font: str) -> str:
    """The spans of ``text`` in ``lang`` as ReportLab markup; footnote marks are registered with the page."""
    s = flow.s
    out = []
    for span in text.spans(lang):
        if isinstance(span, model.FootnoteRef):
            n = flow.arrangement.mark(span.id)
            flow.note_refs.append((span.id, lang, note_href(n, lang)))
            # A link to the footnote: it also tells which part of a split paragraph holds the mark.
            out.append(f'<a href="{note_href(n, lang)}"><super><font name="{s.fonts.en_body}">{n}</font></super></a>')
            continue
        face = font
        if span.strong:
            face = s.face("strong", lang)
        elif span.emphasis and lang == "en":
            face = s.fonts.en_body_italic
        latin = s.face("strong", "en") if span.strong else _latin_beside(s.fonts, font)
        body = s.en_markup(span.text, face) if lang == "en" else _zh_markup(s, span.text, face, latin)
        if span.script != "normal":
            tag = "super" if span.script == "super" else "sub"
            body = f"<{tag}>{body}</{tag}>"
        if span.emphasis and lang == "zh":  # (Chinese text in a ReportLab paragraph: a fallback only)
            body = f'<font color="{s.primary}">{body}</font>'
        if span.link:
            href = span.link if not span.internal else flow.internal_target(span.link[1:], lang)
            colour = s.primary
            body = f'<a href={quoteattr(href)} color="{colour}"><u>{body}</u></a>'
        out.append(body)
    return "".join(out)


def _latin_beside(fonts, cjk_font: str) -> str:
    """The Latin face for letters and digits inside Chinese set in ``cjk_font``: a bold's digits
    are bold too (a table head's 2019年（万吨）), a sans's sans, the body's the body's."""
    if cjk_font and cjk_font == fonts.zh_heading_bold:
        return fonts.en_heading_bold
    if cjk_font and cjk_font == fonts.zh_body_bold:
        return fonts.en_body_bold
    return fonts.en_body


def _zh_markup(s, text: str, face: str, latin_face: str) -> str:
    # Latin letters and digits in Chinese text are set in the Latin face, as CJKParagraph does.
    out = []
    for ch in text:
        latin = ch.isascii() and not ch.isspace()
        out.append(f'<font name="{latin_face}">{escape(ch)}</font>' if latin else escape(ch))
    return f'<font name="{face}">{"".join(out)}</font>'


def rich_paragraph(flow, text: model.Text, lang: str, style):
    if lang == "zh" and isinstance(style, CJKStyle):
        # Chinese with spans goes through our Chinese line breaker like any Chinese text.
        return RichCJKParagraph(zh_pieces(flow, text, style), style)
    para_style = style if isinstance(style, ParagraphStyle) else zh_paragraph_style(style)
    return Paragraph(span_markup(flow, text, lang, para_style.fontName), para_style)


def zh_pieces(flow, text: model.Text, style: CJKStyle) -> list[tuple[str, Look]]:
    """The Chinese spans of ``text`` as (text, look) pieces; footnote marks are registered."""
    s = flow.s
    rule = s.theme.zh_emphasis
    out = []
    for span in text.spans("zh"):
        if isinstance(span, model.FootnoteRef):
            n = flow.arrangement.mark(span.id)
            href = note_href(n, "zh")
            flow.note_refs.append((span.id, "zh", href))
            out.append((str(n), Look(s.fonts.en_body, "super", link=href, note_href=href)))
            continue
        bold = span.strong or (span.emphasis and rule == "bold")
        look = Look(
            s.face("strong", "zh") if bold else style.font,
            span.script if span.script in ("super", "sub") else "normal",
            # letters and digits in the Latin face beside it, as in any Chinese span (bold by bold)
            latin=s.face("strong", "en") if bold else _latin_beside(s.fonts, style.font),
            colour=s.primary if span.link or (span.emphasis and rule == "colour") else None,
            dots=span.emphasis and rule == "dots",
        )
        if span.link:
            target = span.link if not span.internal else flow.internal_target(span.link[1:], "zh")
            look = dataclasses.replace(look, link=target, underline=True)
        out.append((span.text, look))
    return out


# -- blocks -------------------------------------------------------------------------------------------
@renders(model.ItemList)
def item_list(flow, block: model.ItemList) -> list:
    """Each item in its shown languages, Chinese then English under one number; nested items indented."""
    return [_list(flow, block.items, 0, block.ordered), Spacer(1, 2 * mm)]


def _list(flow, entries, depth: int, ordered: bool) -> ListFlowable:
    s = flow.s
    rows = []
    for entry in entries:
        parts = flow.pair(entry.text, s.zh_list, s.en_list)
        if entry.children:
            parts.append(_list(flow, entry.children, depth + 1, ordered))
        rows.append(ListItem(parts))
    return ListFlowable(
        rows,
        bulletType=("1" if depth == 0 else "a") if ordered else "bullet",
        start=None if ordered else ("•" if depth == 0 else "–"),
        bulletFontName=s.fonts.en_body,
        bulletFontSize=s.theme.sizes["body_en"],
        bulletFormat="%s." if ordered else None,
        leftIndent=7 * mm,
        # The mark ends a fixed, narrow gap before the text (right-aligned, so "1." and "10." line
        # up): a mark at the indent's left edge left up to an em of white after a short one.
        bulletAlign="right",
        bulletDedent=1.6 * mm,
    )


@renders(model.Quote)
def quote(flow, block: model.Quote) -> list:
    s = flow.s
    inner: list = flow.pair(block.text, s.zh_quote, s.en_quote)
    if block.attribution:
        dash = model.Text.of_spans(
            (model.Span("—— "), *block.attribution.spans("zh")), (model.Span("— "), *block.attribution.spans("en"))
        )
        inner += flow.pair(dash, s.zh_attribution, s.en_attribution)
    box = Table([[inner]], colWidths=[flow.width - 8 * mm], hAlign="RIGHT")
    box.setStyle(
        TableStyle(
            [
                flow.cell_font(),
                ("LINEBEFORE", (0, 0), (0, -1), 2, HexColor(s.primary)),
                ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return [Spacer(1, 2 * mm), box, Spacer(1, 4 * mm)]


@renders(model.Note)
def note(flow, block: model.Note) -> list:
    s = flow.s
    inner: list = flow.pair(block.title, s.zh_note_title, s.en_note_title)
    for paragraph in block.paragraphs:
        inner += flow.pair(paragraph, s.zh_note_body, s.en_note_body)
    box = Table([[inner]], colWidths=[flow.width], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                flow.cell_font(),
                ("BOX", (0, 0), (-1, -1), 0.8, HexColor(s.primary)),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(s.theme.colours["table_header"])),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return [Spacer(1, 3 * mm), box, Spacer(1, 5 * mm)]


@renders(model.Image)
def image(flow, block: model.Image) -> list:
    s = flow.s
    width = flow.width * block.width
    if block.path.suffix.lower() == ".svg":
        from reportgen.svgimage import svg_drawing

        # Vector shapes, and its text in the document's embedded body faces.
        picture = _Vector(svg_drawing(block.path, width, s.fonts.zh_body, s.fonts.en_body))
    else:
        from PIL import Image as PILImage

        with PILImage.open(block.path) as im:
            px_w, px_h = im.size
        picture = RLImage(str(block.path), width=width, height=width * px_h / px_w)
    picture.hAlign = "CENTER"
    caption = flow.placed.caption or block.caption
    rest = [Spacer(1, 2 * mm), *flow.pair(caption, s.zh_caption, s.en_caption)]
    if block.source:
        rest += flow.pair(block.source, s.zh_note, s.en_note)
    # Kept with its caption and, like a chart, drawn a little smaller rather than pushed whole to
    # the next page with a third of this one left empty (a smaller raster only gains resolution).
    return [Spacer(1, 3 * mm), FitFigure(picture, rest)]


class _Vector(Flowable):
    """A ReportLab drawing as a plain flowable (a Drawing refuses attributes it does not declare,
    such as the tagged PDF's hooks on the instance)."""

    def __init__(self, drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        renderPDF.draw(self.drawing, self.canv, 0, 0)
