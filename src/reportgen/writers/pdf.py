"""PDF writer (ReportLab): document model -> print-ready A4 PDF bytes.

Same signature as every writer: ``write(document, theme, options) -> bytes``. Chinese text goes
through :class:`~reportgen.writers.pdf_text.CJKParagraph` (our line breaking rules); English
through ReportLab's Paragraph with escaped text. Fonts are embedded subsets; charts are vector.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from xml.sax.saxutils import escape

# isort: off
import reportgen.writers.pdf_reportlab  # noqa: F401 - first: ReportLab without its costliest pattern

# isort: on
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from reportgen.errors import TextTooLong
from reportgen.model import Cover, Document, Text
from reportgen.theme import Theme
from reportgen.theme.checks import page_label
from reportgen.writers import Pagination, WriteOptions, pdf_line_cache, pdf_standard, pdf_toc_seed
from reportgen.writers.face_chars import document_chars as _document_chars
from reportgen.writers.pdf_blocks import BlockFlowables
from reportgen.writers.pdf_columns import HeadingGroup
from reportgen.writers.pdf_english import keep_hyphenations
from reportgen.writers.pdf_fonts import register_fonts
from reportgen.writers.pdf_footnotes import draw_page_notes
from reportgen.writers.pdf_styles import HeadingMark, Styles
from reportgen.writers.pdf_tags_tree import finish


class _Doc(BaseDocTemplate):
    def __init__(self, buffer, theme: Theme, styles: Styles, document: Document, options: WriteOptions) -> None:
        page = theme.page
        super().__init__(
            buffer,
            pagesize=(page.width_mm * mm, page.height_mm * mm),
            leftMargin=page.left_mm * mm,
            rightMargin=page.right_mm * mm,
            topMargin=page.top_mm * mm,
            bottomMargin=page.bottom_mm * mm,
            title=_join(document.meta.title, options.langs),
            author=_join(document.meta.author, options.langs),
            subject=_join(document.meta.subject, options.langs),
            keywords=_join(document.meta.keywords, options.langs),
            creator="reportgen",
            producer="reportgen (ReportLab)",
            lang="zh-CN" if "zh" in options.langs else "en-US",
            invariant=1,
            keepTogetherClass=HeadingGroup,  # a heading's keep-with-next chain may split in place
            initialFontName=styles.fonts.en_body,
        )
        self.theme, self.styles, self.document, self.options = theme, styles, document, options
        self.heading_pages: dict[str, int] = {}  # anchor -> page, from the last layout pass
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates = [
            PageTemplate("cover", [frame], onPage=self._cover_page, onPageEnd=self._footnotes),
            PageTemplate("body", [frame], onPage=self._body_page, onPageEnd=self._footnotes),
        ]
        # A template without a cover starts on a body page (running header, page number).
        if not any(isinstance(b, Cover) for b in document.blocks):
            templates.reverse()
        self.addPageTemplates(templates)

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
        self.flow.tags.start_pass()

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        # Before the page template draws the running header: a page is an artifact until a
        # tagged flowable draws (reportgen.writers.pdf_tags).
        self.flow.tags.begin_page(self.canv)
        super().handle_pageBegin()

    def afterPage(self) -> None:  # noqa: N802 - ReportLab's name: after the footnotes, before showPage
        self.flow.tags.end_page(self.canv)

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, HeadingMark):
            h = flowable.heading
            title = _join(h.text, flowable.langs, sep="  ")
            key = pdf_key(h.anchor)
            self.canv.bookmarkPage(key)
            self.heading_pages[h.anchor] = self.page
            self.canv.addOutlineEntry(title, key, level=h.level - 1, closed=False)
            self.notify("TOCEntry", (h.level - 1, self._toc_markup(h.text, flowable.langs), self.page, key))

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

    def handle_frameBegin(self, *args, **kw) -> None:  # noqa: N802 - ReportLab's name
        # A new page: its frame whole again (footnotes reserve room at its foot as they come).
        super().handle_frameBegin(*args, **kw)
        self.frame._y1p = self.frame._y1 + self.frame._bottomPadding

    def _footnotes(self, canv, doc) -> None:
        """The footnotes referenced on this page, in the room reserved for them at the frame's foot."""
        notes = self.flow.notes
        refs = list(notes.refs)
        notes.new_page()
        if refs:
            paragraphs = [self.flow.footnote_paragraph(note_id, lang) for note_id, lang in refs]
            for (note_id, lang), (_, para) in zip(refs, paragraphs, strict=True):
                self.flow.tags.footnote(note_id, lang, para)
            page = self.theme.page
            draw_page_notes(
                canv, paragraphs, page.left_mm * mm, page.bottom_mm * mm, self.width, self.theme.colours["rule"]
            )

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
        canv.drawCentredString((x0 + x1) / 2, page.footer_mm * mm, page_label(page.page_number, doc.page))
        canv.restoreState()


_SAFE_KEY = re.compile(r"[A-Za-z0-9_.\-]+")


def pdf_key(anchor: str) -> str:
    """The anchor as a PDF destination name: ReportLab puts it into TOC markup (``<a href="#…">``)
    unescaped, so anything but plain word characters is replaced by a name derived from its hash."""
    if _SAFE_KEY.fullmatch(anchor):
        return anchor
    return "a" + hashlib.sha256(anchor.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _join(text: Text, langs: tuple[str, ...], sep: str = " / ") -> str:
    return sep.join(text.get(lang) for lang in langs)


def write_paginated(document: Document, theme: Theme, options: WriteOptions) -> tuple[bytes, Pagination]:
    """The PDF and where its pages fell (for the DOCX's table of contents and page count)."""
    fonts = register_fonts(theme, _document_chars(document))
    styles = Styles(theme, fonts)
    buffer = io.BytesIO()
    doc = _Doc(buffer, theme, styles, document, options)
    doc.flow = BlockFlowables(styles, options, doc.width)
    # The contents page starts from the last build's page numbers: usually one layout pass, not
    # two; the Chinese paragraphs' line settings come from the last build too where unchanged.
    seed_key = pdf_toc_seed.seed_key(document, options)
    lines = pdf_line_cache.ReportLines(seed_key)
    with pdf_line_cache.layout_with(lines):
        story = doc.flow.story(document)
        tocs = pdf_toc_seed.tocs(story)
        pdf_toc_seed.seed(seed_key, tocs, styles.fonts)
        try:
            doc.passes = doc.multiBuild(story)
        except LayoutError as err:  # a cell or heading taller than a page: the build names the field
            raise TextTooLong(str(err).split("\n")[0][:120]) from None
    lines.keep()
    pdf_toc_seed.remember(seed_key, tocs, styles.fonts)
    keep_hyphenations()
    titles = {lang: document.meta.title.get(lang) for lang in options.langs}
    pdf = finish(buffer.getvalue(), doc.flow.tags, lambda p: pdf_standard.apply(p, options.pdf_standard, titles))
    flow = doc.flow
    return pdf, Pagination(
        pages=doc.page,
        headings=dict(doc.heading_pages),
        table_widths=tuple(flow.table_widths),
        table_breaks=tuple(tuple(flow.table_breaks.get(i, ())) for i in range(1, len(flow.table_widths) + 1)),
    )


def write(document: Document, theme: Theme, options: WriteOptions) -> bytes:
    return write_paginated(document, theme, options)[0]
