"""PDF writer (ReportLab): document model -> print-ready A4 PDF bytes.

Same signature as every writer: ``write(document, theme, options) -> bytes``. Chinese text goes
through :class:`~reportgen.writers.pdf_text.CJKParagraph` (our line breaking rules); English
through ReportLab's Paragraph with escaped text. Fonts are embedded subsets; charts are vector.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from reportgen import model
from reportgen.errors import InputError
from reportgen.model import Document, Text
from reportgen.theme import Theme
from reportgen.writers import WriteOptions
from reportgen.writers.pdf_fonts import PdfFonts, has_glyph, register_fonts
from reportgen.writers.pdf_text import CJKStyle

FURNITURE = "目录图表第页资料来源：—　0123456789 ."  # characters the writer adds itself


class _Styles:
    """Paragraph styles for one document, from the theme's sizes and colours."""

    def __init__(self, theme: Theme, fonts: PdfFonts) -> None:
        s, c = theme.sizes, theme.colours
        self.theme, self.fonts = theme, fonts
        lead = s["leading"]
        self.text, self.muted, self.primary = c["text"], c["muted"], c["primary"]

        def zh(size: float, font: str | None = None, colour: str | None = None, **kw) -> CJKStyle:
            return CJKStyle(font=font or fonts.zh_body, fallback_font=fonts.en_body, size=size, leading=size * lead,
                            colour=colour or self.text, **kw)

        def en(name: str, size: float, font: str | None = None, colour: str | None = None, **kw) -> ParagraphStyle:
            kw.setdefault("leading", size * lead)
            return ParagraphStyle(name, fontName=font or fonts.en_body, fontSize=size,
                                  textColor=HexColor(colour or self.text), **kw)

        self.zh_body = zh(s["body_zh"], align="justify", first_line_indent=2 * s["body_zh"], space_after=2)
        self.en_body = en("en_body", s["body_en"], alignment=TA_JUSTIFY, spaceAfter=s["body_en"] * 0.9,
                          allowWidows=0, allowOrphans=0)
        # A half-width column justified opens rivers between words: ragged right reads better.
        self.en_narrow = en("en_narrow", s["body_en"], spaceAfter=s["body_en"] * 0.9, allowWidows=0, allowOrphans=0)
        self.zh_h = {1: zh(s["heading1"], fonts.zh_heading, self.primary, align="left", space_before=14),
                     2: zh(s["heading2"], fonts.zh_heading, self.primary, align="left", space_before=4),
                     3: zh(s["heading3"], fonts.zh_heading, self.primary, align="left", space_before=4)}
        self.en_h = {lvl: en(f"en_h{lvl}", s[f"heading{lvl}"] * 0.8, fonts.en_heading_bold, self.primary,
                             spaceAfter=6, keepWithNext=1) for lvl in (1, 2, 3)}
        self.zh_caption = zh(s["caption"], fonts.zh_heading, self.text, align="left")
        self.en_caption = en("en_caption", s["caption"], fonts.en_heading, self.text, spaceAfter=8)
        self.zh_note = zh(s["caption"] * 0.95, fonts.zh_body, self.muted, align="left")
        self.en_note = en("en_note", s["caption"] * 0.95, fonts.en_body_italic, self.muted, spaceAfter=10)
        self.zh_cell = zh(s["table"], align="left")
        self.zh_cell_num = zh(s["table"], align="right")
        self.en_cell = en("en_cell", s["table"] * 0.95, fonts.en_body, self.muted)
        self.en_cell_num = en("en_cell_num", s["table"] * 0.95, fonts.en_body, self.muted, alignment=TA_RIGHT)
        self.zh_head_cell = zh(s["table"], fonts.zh_heading, align="left")
        self.en_head_cell = en("en_head_cell", s["table"] * 0.95, fonts.en_heading_bold)
        self.zh_title = zh(s["title"], fonts.zh_heading, self.primary, align="left", space_after=6)
        self.en_title = en("en_title", s["title"] * 0.72, fonts.en_heading_bold, self.primary, spaceAfter=14)
        self.zh_sub = zh(s["subtitle"], fonts.zh_heading, self.text, align="left", space_after=2)
        self.en_sub = en("en_sub", s["subtitle"] * 0.85, fonts.en_heading, self.muted, spaceAfter=10)
        self.zh_kf_value = zh(s["key_figure"], fonts.zh_heading, self.primary, align="left")
        self.en_kf_value = en("en_kf_value", s["key_figure"] * 0.62, fonts.en_heading_bold, self.primary)
        self.zh_kf_label = zh(s["table"], align="left")
        self.en_kf_label = en("en_kf_label", s["table"] * 0.9, fonts.en_body, self.muted)
        self.toc_levels = [en("toc1", s["body_en"], fonts.en_body, leftIndent=0, firstLineIndent=0, spaceBefore=3,
                              leading=s["body_en"] * 1.5),
                           en("toc2", s["body_en"] * 0.95, fonts.en_body, leftIndent=12, firstLineIndent=0)]

    def en_markup(self, text: str, font: str | None = None) -> str:
        """Escape text for ReportLab's mini-markup and route characters the Latin face lacks to the CJK face."""
        font = font or self.fonts.en_body
        out, run, run_cjk = [], [], False
        for ch in text:
            cjk = not has_glyph(font, ch) and ch not in " \n"
            if cjk and not has_glyph(self.fonts.zh_body, ch):
                at = text.index(ch)
                raise InputError(f"character {ch!r} (U+{ord(ch):04X}) is in no configured font: "
                                 f"...{text[max(0, at - 10):at + 11]}...")
            if cjk != run_cjk and run:
                out.append(self._run("".join(run), run_cjk))
                run = []
            run_cjk = cjk
            run.append(ch)
        if run:
            out.append(self._run("".join(run), run_cjk))
        return "".join(out)

    def _run(self, text: str, cjk: bool) -> str:
        return f'<font name="{self.fonts.zh_body}">{escape(text)}</font>' if cjk else escape(text)

    def en(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.en_markup(text, style.fontName), style)


class _HeadingMark(Flowable):
    """Zero-size marker that records a heading's page for the outline and the table of contents."""

    def __init__(self, heading: model.Heading, langs: tuple[str, ...]) -> None:
        super().__init__()
        self.heading, self.langs = heading, langs
        self.width = self.height = 0
        self.keepWithNext = 1

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self) -> None:
        pass


class _Doc(BaseDocTemplate):
    def __init__(self, buffer, theme: Theme, styles: _Styles, document: Document, options: WriteOptions) -> None:
        page = theme.page
        super().__init__(
            buffer, pagesize=(page.width_mm * mm, page.height_mm * mm), leftMargin=page.left_mm * mm,
            rightMargin=page.right_mm * mm, topMargin=page.top_mm * mm, bottomMargin=page.bottom_mm * mm,
            title=_join(document.meta.title, options.langs), author=_join(document.meta.author, options.langs),
            subject=_join(document.meta.subject, options.langs), keywords=_join(document.meta.keywords, options.langs),
            creator="reportgen", producer="reportgen (ReportLab)", lang="zh-CN" if "zh" in options.langs else "en-US",
            invariant=1, initialFontName=styles.fonts.en_body,
        )
        self.theme, self.styles, self.document, self.options = theme, styles, document, options
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [frame], onPage=self._cover_page),
                               PageTemplate("body", [frame], onPage=self._body_page)])

    def beforeDocument(self) -> None:
        # Invariant mode fixes ids and byte layout but dates the file 2000-01-01; record the
        # build's own (reproducible) timestamp instead.
        stamp = self.canv._doc._timeStamp
        when = self.options.timestamp.astimezone(dt.UTC)
        stamp.t = when.timestamp()
        stamp.lt = when.timetuple()
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        stamp.tzname = "UTC"

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, _HeadingMark):
            h = flowable.heading
            title = _join(h.text, flowable.langs, sep="  ")
            self.canv.bookmarkPage(h.anchor)
            self.canv.addOutlineEntry(title, h.anchor, level=h.level - 1, closed=False)
            self.notify("TOCEntry", (h.level - 1, self._toc_markup(h.text, flowable.langs), self.page, h.anchor))

    def _toc_markup(self, text: Text, langs: tuple[str, ...]) -> str:
        parts = []
        if "zh" in langs:
            parts.append(f'<font name="{self.styles.fonts.zh_heading}">{escape(text.zh)}</font>')
        if "en" in langs:
            parts.append(f'<font size="{self.theme.sizes["caption"]}">{self.styles.en_markup(text.en)}</font>')
        # One line per language: a bilingual heading rarely fits one line with its page number.
        return "<br/>".join(parts)

    def _cover_page(self, canv, doc) -> None:
        t, c = self.theme, self.theme.colours
        canv.saveState()
        canv.setFillColor(HexColor(c["primary"]))
        canv.rect(0, t.page.height_mm * mm - 18 * mm, t.page.width_mm * mm, 18 * mm, stroke=0, fill=1)
        canv.restoreState()

    def _body_page(self, canv, doc) -> None:
        t, fonts = self.theme, self.styles.fonts
        page, size = t.page, t.sizes["header"]
        canv.saveState()
        canv.setFillColor(HexColor(t.colours["muted"]))
        y = page.height_mm * mm - page.header_mm * mm
        x0, x1 = page.left_mm * mm, (page.width_mm - page.right_mm) * mm
        short = self.document.meta.short_title
        if "zh" in self.options.langs:
            canv.setFont(fonts.zh_heading, size)
            canv.drawString(x0, y, short.zh)
        if "en" in self.options.langs:
            canv.setFont(fonts.en_heading, size)
            canv.drawRightString(x1, y, short.en)
        canv.setStrokeColor(HexColor(t.colours["rule"]))
        canv.setLineWidth(0.5)
        canv.line(x0, y - 2.5 * mm, x1, y - 2.5 * mm)
        canv.setFont(fonts.en_body, size + 1)
        canv.drawCentredString((x0 + x1) / 2, page.footer_mm * mm, page.page_number.format(n=doc.page))
        canv.restoreState()


def _join(text: Text, langs: tuple[str, ...], sep: str = " / ") -> str:
    return sep.join(text.get(lang) for lang in langs)


def _document_chars(document: Document) -> dict[str, set[str]]:
    """Characters each CJK role draws. The body face draws (or may draw) anything; the heading face
    only headings, titles, captions, table heads, key-figure values and the running header, so
    its subset, and its cold conversion, is a fraction of the body's."""
    body = set(FURNITURE)
    for value in _texts(document):
        body.update(value)
    heading = set(FURNITURE)
    for value in _texts(_heading_texts(document)):
        heading.update(value)
    return {"zh_body": body, "zh_heading": heading}


def _heading_texts(document: Document) -> list:
    """The model values set in the heading (sans) face; mirrors the styles in :class:`_Styles`."""
    out: list = [document.meta.short_title]
    for block in document.blocks:
        if isinstance(block, model.Heading | model.TableOfContents):
            out.append(block.text if isinstance(block, model.Heading) else block.title)
        elif isinstance(block, model.Cover):
            out += [block.title, block.subtitle]
        elif isinstance(block, model.KeyFigures):
            out += [block.title, *(item.value for item in block.items)]
        elif isinstance(block, model.Table):
            out += [block.caption, *(col.header for col in block.columns)]
        elif isinstance(block, model.Chart):
            out.append(block.caption)
    return out


def _texts(obj):
    """Every string inside the model, for building font subsets."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _texts(item)
    elif hasattr(obj, "__slots__"):
        for name in obj.__slots__:
            yield from _texts(getattr(obj, name))


def write(document: Document, theme: Theme, options: WriteOptions) -> bytes:
    from reportgen.writers.pdf_blocks import BlockFlowables

    fonts = register_fonts(theme, _document_chars(document))
    styles = _Styles(theme, fonts)
    buffer = io.BytesIO()
    doc = _Doc(buffer, theme, styles, document, options)
    story = BlockFlowables(styles, options, doc.width).story(document)
    doc.multiBuild(story)
    return buffer.getvalue()
