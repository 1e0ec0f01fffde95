"""Document-model blocks -> ReportLab flowables, one method per block kind."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageBreakIfNotEmpty,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from reportgen import model
from reportgen.layout import arrange, shown_langs
from reportgen.writers import (
    WriteOptions,
    pdf_tables,  # noqa: F401 - registers the table renderer
)
from reportgen.writers.pdf_charts import chart_flowable, chart_fonts
from reportgen.writers.pdf_columns import FitFigure, KeepStart, SideBySide
from reportgen.writers.pdf_footnotes import NoteCarrier, PageNotes, note_href
from reportgen.writers.pdf_kinds import RENDERERS, rich_paragraph
from reportgen.writers.pdf_styles import HeadingMark, Styles
from reportgen.writers.pdf_tags import TagRecorder
from reportgen.writers.pdf_text import CJKParagraph

PARALLEL_GUTTER = 7 * mm  # between the parallel layout's columns (the DOCX uses the same)
PAIR_MIN_START = 45 * mm  # room a paragraph pair (and its heading) needs to start on a page


class BlockFlowables:
    def __init__(self, styles: Styles, options: WriteOptions, frame_width: float) -> None:
        self.s, self.options, self.width = styles, options, frame_width
        self.langs = options.langs  # of the block being converted; set per block by story()
        self.side_by_side = False
        self.tables = self.figures = 0
        # Per table (numbered from 1, in layout order): column widths as shares of the width, and
        # after which body rows the pages broke it (for the DOCX: reportgen.writers.Pagination).
        self.table_widths: list[tuple[float, ...]] = []
        self.table_breaks: dict[int, list[int]] = {}
        self.notes = PageNotes(self._note_height)  # the footnotes of the page being laid out
        self.note_refs: list[tuple[str, str, str]] = []  # (id, language, link) met in the current block
        self._note_heights: dict[tuple[str, str], float] = {}
        self.tags = TagRecorder(options.langs)  # the tagged PDF's structure, built block by block

    def story(self, document: model.Document) -> list:
        story: list = []
        self.document = document
        self.arrangement = arrange(document, self.options.layout, self.options.langs)
        for placed in self.arrangement:
            self.langs, self.side_by_side, self.placed = placed.langs, placed.side_by_side, placed
            self.note_refs = []
            render = RENDERERS.get(type(placed.block))
            if render is not None:
                flowables = render(self, placed.block)
            else:
                flowables = getattr(self, type(placed.block).__name__.lower())(placed.block)
            self.tags.block(placed, flowables)
            if self.note_refs:
                # The block and the room its footnotes take at this page's foot (spacing and
                # page-break conditions in front stay outside, as they act on the frame).
                lead = 0
                while lead < len(flowables) and type(flowables[lead]) in (Spacer, CondPageBreak, HeadingMark):
                    lead += 1
                carried = NoteCarrier(flowables[lead:], list(self.note_refs), self.notes)
                flowables = [*flowables[:lead], carried]
            if isinstance(placed.block, model.PageBreak):
                # Space after the last block means nothing before a forced break, and a spacer that
                # no longer fits would start the next page, which the break would then leave blank.
                while story and type(story[-1]) in (Spacer, CondPageBreak):
                    story.pop()
            if story and getattr(story[-1], "keepWithNext", 0):
                # A heading right under a heading: a page-break condition between them would cut
                # the keep-with-next chain and could strand the first heading at a page foot.
                flowables = [f for f in flowables if not isinstance(f, CondPageBreak)]
                # ...and so would space in front of a figure: the heading would be kept with the
                # space, and the figure, moved to the next page, would leave it at this page's foot.
                while len(flowables) > 1 and type(flowables[0]) is Spacer:
                    flowables.pop(0)
            if flowables and isinstance(flowables[0], KeepTogether):
                # A heading kept with the next flowable only works if it joins that flowable's
                # group; otherwise a moved paragraph pair leaves its heading behind.
                while story and (
                    getattr(story[-1], "keepWithNext", 0)
                    or (
                        isinstance(story[-1], CondPageBreak)
                        and len(story) > 1
                        and getattr(story[-2], "keepWithNext", 0)
                    )
                ):
                    flowables[0]._content.insert(0, story.pop())
            story.extend(flowables)
        return story

    # -- helpers ----------------------------------------------------------------------------------
    def footnote_paragraph(self, note_id: str, lang: str):
        """A footnote as printed at the page foot: its mark, then its text in ``lang``."""
        mark = self.arrangement.mark(note_id)
        text = self.document.footnote(note_id).text
        numbered = model.Text.of_spans(
            (model.Span(f"{mark} "), *text.spans("zh")), (model.Span(f"{mark} "), *text.spans("en"))
        )
        style = self.s.zh_footnote if lang == "zh" else self.s.en_footnote
        return note_href(mark, lang), rich_paragraph(self, numbered, lang, style)

    def _note_height(self, key: tuple[str, str]) -> float:
        if key not in self._note_heights:
            self._note_heights[key] = self.footnote_paragraph(*key)[1].wrap(self.width, 10_000)[1]
        return self._note_heights[key]

    def pair(self, text: model.Text, zh_style, en_style) -> list:
        return self._pair(text, zh_style, en_style)

    def text_in(self, text: model.Text, lang: str, zh_style, en_style):
        """One language of ``text`` as one flowable."""
        if text.rich:
            flowable = rich_paragraph(self, text, lang, zh_style if lang == "zh" else en_style)
        else:
            flowable = CJKParagraph(text.zh, zh_style) if lang == "zh" else self.s.en(text.en, en_style)
        self.tags.made(text, lang, flowable)
        return flowable

    def cell_font(self) -> tuple:
        return self._cell_font()

    def internal_target(self, anchor: str, lang: str) -> str:
        """``#anchor`` as the PDF destination: in the sequential layout's English part, its English heading."""
        if self.options.layout == "sequential" and len(self.options.langs) > 1 and self.langs == ("en",):
            anchor = f"{anchor}-en"
        from reportgen.writers.pdf import pdf_key  # pdf imports this module

        return "#" + pdf_key(anchor)

    def _pair(self, text: model.Text, zh_style, en_style) -> list:
        """The text in each shown language, Chinese first; language-neutral text ("41%", "2015–2020") once."""
        if text.rich:
            langs = shown_langs(text, self.langs)
        else:
            langs = [lang for lang in ("zh", "en") if lang in self.langs]
            if len(langs) == 2 and text.en == text.zh:
                langs = ["zh"]
        return [self.text_in(text, lang, zh_style, en_style) for lang in langs]

    def _cell_font(self) -> tuple:
        # Cells hold flowables, but ReportLab's Table still selects its default cell font
        # (Helvetica) before drawing them; name ours so no unembedded font enters the PDF.
        return ("FONT", (0, 0), (-1, -1), self.s.fonts.en_body, self.s.theme.sizes["table"])

    # -- blocks -----------------------------------------------------------------------------------
    def cover(self, block: model.Cover) -> list:
        s = self.s
        out: list = [Spacer(1, 18 * mm)]
        if block.logo:
            out += [
                Image(str(block.logo), width=22 * mm, height=22 * mm, kind="proportional", hAlign="LEFT"),
                Spacer(1, 8 * mm),
            ]
        out += self._pair(block.title, s.zh_title, s.en_title)
        if block.subtitle:
            out += self._pair(block.subtitle, s.zh_sub, s.en_sub)
        out.append(Spacer(1, 60 * mm))
        if block.issuer:
            out += self._pair(block.issuer, s.zh_kf_label, s.en_kf_label)
        out += self._pair(block.dateline, s.zh_kf_label, s.en_kf_label)
        return [*out, NextPageTemplate("body"), PageBreak()]

    def heading(self, block: model.Heading) -> list:
        lvl = min(block.level, 3)
        flow = self._pair(block.text, self.s.zh_h[lvl], self.s.en_h[lvl])
        for f in flow:
            f.keepWithNext = 1
        # Start a section near the foot of a page on the next page instead.
        return [CondPageBreak(40 * mm if lvl == 1 else 20 * mm), HeadingMark(block, self.langs), *flow]

    def paragraph(self, block: model.Paragraph) -> list:
        pair = self._pair(block.text, self.s.zh_body, self.s.en_narrow if self.side_by_side else self.s.en_body)
        if self.side_by_side and len(pair) == 2:
            zh, en = pair
            # Each pair starts level and, like any paragraph, runs on over a page break with both
            # columns continuing: only when less than PAIR_MIN_START is left does it (with its
            # heading, which joins the group) start on the next page. Held whole, a long pair
            # left pages half empty.
            return [KeepStart([SideBySide(zh, en, gap=PARALLEL_GUTTER)], PAIR_MIN_START)]
        return pair

    def keyfigures(self, block: model.KeyFigures) -> list:
        """A grid of values over their labels. Each row of figures is two table rows, values
        then labels, so the labels of a row line up whether or not a value shows an English line
        (a value equal in both languages shows once)."""
        s = self.s
        title = self._pair(block.title, s.zh_h[2], s.en_h[2])
        values = [self._pair(item.value, s.zh_kf_value, s.en_kf_value) for item in block.items]
        labels = [self._pair(item.label, s.zh_kf_label, s.en_kf_label) for item in block.items]
        cols = 4 if len(values) > 4 else max(len(values), 1)
        rows: list = []
        for i in range(0, len(values), cols):
            for part in (values[i : i + cols], labels[i : i + cols]):
                rows.append(part + [""] * (cols - len(part)))
        if not rows:
            rows = [[""] * cols]
        table = Table(rows, colWidths=[self.width / cols] * cols, hAlign="LEFT")
        style = [
            self._cell_font(),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEABOVE", (0, 0), (-1, 0), 1.2, HexColor(s.primary)),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ]
        rule = HexColor(s.theme.colours["rule"])
        for r in range(0, len(rows), 2):
            style += [
                ("TOPPADDING", (0, r), (-1, r), 6),
                ("BOTTOMPADDING", (0, r), (-1, r), 1),
                ("TOPPADDING", (0, r + 1), (-1, r + 1), 1),
                ("BOTTOMPADDING", (0, r + 1), (-1, r + 1), 8),
                ("LINEBELOW", (0, r + 1), (-1, r + 1), 0.4, rule),
                ("NOSPLIT", (0, r), (-1, r + 1)),  # a value never parts from its label
            ]
        table.setStyle(TableStyle(style))
        return [*title, table, Spacer(1, 8 * mm)]

    def chart(self, block: model.Chart) -> list:
        s = self.s
        self.figures += 1
        langs = "+".join(self.langs)
        width_mm = self.width / mm
        drawing = chart_flowable(
            self.options.render_chart(block, "pdfops", width_mm, langs), width_mm, chart_fonts(s.fonts)
        )
        caption = self.placed.caption or block.caption
        return [
            Spacer(1, 3 * mm),
            # Kept with its caption; a little smaller rather than leave a third of a page empty.
            FitFigure(drawing, [Spacer(1, 2 * mm), *self._pair(caption, s.zh_caption, s.en_caption)]),
        ]

    def tableofcontents(self, block: model.TableOfContents) -> list:
        toc = _Toc(
            block.depth,
            dotsMinLevel=0,
            tableStyle=TableStyle(
                [
                    self._cell_font(),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        toc.levelStyles = self.s.toc_levels[: max(block.depth, 1)]
        return [*self._pair(block.title, self.s.zh_h[1], self.s.en_h[1]), toc]

    def pagebreak(self, block: model.PageBreak) -> list:
        # The next block starts on a new page; on a page that has only just begun (the block before
        # filled the last one), that is this page, not a blank one after it.
        return [PageBreakIfNotEmpty()]


class _Toc(TableOfContents):
    """A table of contents that lists headings down to ``depth`` only."""

    def __init__(self, depth: int, **kw) -> None:
        super().__init__(**kw)
        self.depth = depth

    def notify(self, kind, stuff) -> None:
        if kind == "TOCEntry" and stuff[0] >= self.depth:
            return
        super().notify(kind, stuff)
