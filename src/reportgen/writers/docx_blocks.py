"""One emitter per model block for the DOCX writer.

Input: an :class:`Emitter` (the python-docx document opened from reference.docx, the theme,
the write options) and a block from :mod:`reportgen.model`.
Output: paragraphs and tables appended to the document body. Every paragraph names a style from
reference.docx (see :mod:`reportgen.writers.docx_reference`); runs carry only their language,
a ``w:hint`` where punctuation is ambiguous, and a character style for English heading lines.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from dataclasses import field as dc_field

from docx.image.image import Image
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from reportgen.layout import Placed
from reportgen.model import (
    Chart,
    Cover,
    Heading,
    KeyFigures,
    Paragraph,
    Table,
    TableOfContents,
    Text,
)
from reportgen.theme import Theme
from reportgen.writers import WriteOptions, chart_width_mm
from reportgen.writers.docx_fields import (
    append_all,
    bookmark,
    bookmark_name,
    break_run,
    field,
    field_begin,
    field_end,
    hyperlink,
    tab_run,
    text_run,
)
from reportgen.writers.docx_xml import PPR_ORDER, TBLPR_ORDER, TCPR_ORDER, TRPR_ORDER, child, twips

# Caption labels: one SEQ sequence per language, so each counts every table/figure exactly once
# (Chinese Word names its caption label "表"/"图" too) and no viewer has to support SEQ \c.
LABELS = {
    "table": {"zh": ("表", "表"), "en": ("Table", "Table ")},
    "figure": {"zh": ("图", "图"), "en": ("Figure", "Figure ")},
}
MAX_FIGURE_HEIGHT = 0.6  # of the text block's height
PARALLEL_GUTTER_MM = 7.0  # between the parallel layout's Chinese and English columns


@dataclass
class Emitter:
    doc: object  # docx.document.Document
    theme: Theme
    options: WriteOptions
    langs: tuple[str, ...]
    bookmarks: dict[str, str] = dc_field(default_factory=dict)  # anchor -> bookmark name
    headings: list[tuple[Heading, tuple[str, ...]]] = dc_field(default_factory=list)  # with languages shown
    side_by_side: bool = False  # the current paragraph pair goes in two columns (parallel layout)
    parallel_table: object = None  # the two-column table the current run of pairs is added to
    counters: dict[str, int] = dc_field(default_factory=dict)
    pending_break: bool = False
    next_bookmark_id: int = 0

    @property
    def bilingual(self) -> bool:
        return len(self.langs) > 1

    def plan(self, placed: tuple[Placed, ...]) -> None:
        """Name every heading's bookmark up front, so a TOC can link forward."""
        taken: set[str] = set()
        for item in placed:
            if isinstance(item.block, Heading):
                self.headings.append((item.block, item.langs))
                self.bookmarks[item.block.anchor] = bookmark_name(item.block.anchor, taken)

    # -- paragraphs ------------------------------------------------------------------------
    def para(self, style_id: str, container=None):
        """A new paragraph in ``style_id`` at the end of the body (or of ``container``)."""
        paragraph = (container or self.doc).add_paragraph()
        p = paragraph._p
        p.style = style_id
        if self.pending_break and container is None:
            child(p.get_or_add_pPr(), "pageBreakBefore", PPR_ORDER)
            self.pending_break = False
        return p

    def add_text(self, p, text: Text, en_style: str | None = None, joiner=None) -> None:
        """The text in each shown language, joined by a line break (or ``joiner()``'s runs)."""
        first = True
        for lang in self.langs:
            value = text.get(lang)
            if not value:
                continue
            if not first:
                append_all(p, joiner() if joiner else [break_run()])
            p.append(text_run(value, lang, en_style if lang == "en" and self.bilingual else None))
            first = False

    def per_language(self, style: dict[str, str], text: Text) -> None:
        """One paragraph per shown language (body text): Chinese first, then its English."""
        for lang in self.langs:
            value = text.get(lang)
            if value:
                self.para(style[lang]).append(text_run(value, lang))

    # -- blocks ----------------------------------------------------------------------------
    def cover(self, block: Cover) -> None:
        if block.logo is not None:
            run = DocxParagraph(self.para("Normal"), self.doc._body).add_run()
            run.add_picture(str(block.logo), height=Mm(14))
            self._describe(run._r, block.issuer or block.title, "logo")
        first = self.langs[0]
        title = self.para("Title")
        title.append(text_run(block.title.get(first), first))
        if self.bilingual:
            self.para("TitleEN").append(text_run(block.title.en, "en"))
        if block.subtitle is not None:
            self.add_text(self.para("Subtitle"), block.subtitle)
        self.add_text(self.para("CoverMeta"), block.dateline)
        if block.issuer is not None:
            self.add_text(self.para("CoverMeta"), block.issuer)
        self.pending_break = True

    def heading(self, block: Heading) -> None:
        level = min(max(block.level, 1), 3)
        p = self.para(f"Heading{level}")
        self.add_text(p, block.text, en_style=f"Heading{level}EN")
        self.next_bookmark_id += 1
        bookmark(p, self.bookmarks[block.anchor], self.next_bookmark_id)

    def paragraph(self, block: Paragraph) -> None:
        if self.side_by_side and block.text.zh != block.text.en:
            self._parallel_row(block.text)
            return
        self.per_language({"zh": "BodyTextZH", "en": "BodyTextEN"}, block.text)

    def key_figures(self, block: KeyFigures) -> None:
        self.add_text(self.para("KeyFiguresTitle"), block.title)
        items = block.items
        if not items:
            return
        cols = min(len(items), 4)
        rows = math.ceil(len(items) / cols)
        table = self._table(rows, cols, "KeyFiguresTable", [1] * cols)
        for i, item in enumerate(items):
            cell = table.cell(i // cols, i % cols)
            first = self.langs[0]
            p = cell.paragraphs[0]._p
            p.style = "KeyFigureValue"
            p.append(text_run(item.value.get(first), first))
            if self.bilingual and item.value.en != item.value.zh:
                self.para("KeyFigureValueEN", cell).append(text_run(item.value.en, "en"))
            self.add_text(self.para("KeyFigureLabel", cell), item.label)

    def table(self, block: Table) -> None:
        self._caption("table", block.caption, "TableCaption")
        weights = [1 if col.numeric else 2 for col in block.columns]
        table = self._table(len(block.rows) + 1, len(block.columns), "BriefingTable", weights)
        header = table.rows[0]._tr.get_or_add_trPr()
        child(header, "tblHeader", TRPR_ORDER)
        for r, row in enumerate([tuple(c.header for c in block.columns), *block.rows]):
            child(table.rows[r]._tr.get_or_add_trPr(), "cantSplit", TRPR_ORDER)
            for c, value in enumerate(row[: len(block.columns)]):
                p = table.cell(r, c).paragraphs[0]._p
                p.style = "TableNumber" if block.columns[c].numeric else "TableText"
                if value.zh == value.en and self.bilingual:
                    p.append(text_run(value.zh, "zh"))
                else:
                    self.add_text(p, value)
        if block.note is not None:
            self.add_text(self.para("TableNote"), block.note)

    def chart(self, block: Chart) -> None:
        page = self.theme.page
        width = chart_width_mm(self.theme)
        shown = "+".join(self.langs)
        png = self.options.render_chart(block, "png", width, shown)
        image = Image.from_blob(png)
        max_h = (page.height_mm - page.top_mm - page.bottom_mm) * MAX_FIGURE_HEIGHT
        if image.px_width:
            # Never wider than the pixels allow at 300 ppi: a figure size of 156 mm rounds down to
            # 1842 px, and placing those at 156 mm would print at 299.9 ppi.
            width = min(width, image.px_width / 300 * 25.4)
        if image.px_width and image.px_height * width / image.px_width > max_h:
            width = max_h * image.px_width / image.px_height
        run = DocxParagraph(self.para("Figure"), self.doc._body).add_run()
        run.add_picture(io.BytesIO(png), width=Mm(width))
        self._describe(run._r, block.alt, block.id, block.caption)
        self._caption("figure", block.caption, "Caption")

    def toc(self, block: TableOfContents) -> None:
        self.add_text(self.para("TOCHeading"), block.title)
        depth = min(max(block.depth, 1), 3)
        entries = [(h, langs) for h, langs in self.headings if h.level <= depth]
        begin = field_begin(rf'TOC \o "1-{depth}" \h \z \u')
        if not entries:
            p = self.para("TOC1")
            append_all(p, begin)
            p.append(text_run("—", None))
            p.append(field_end())
            return
        for i, (h, langs) in enumerate(entries):
            p = self.para(f"TOC{min(max(h.level, 1), 3)}")
            if i == 0:
                append_all(p, begin)
            name = self.bookmarks[h.anchor]
            runs = []
            for j, lang in enumerate(langs):
                if j:
                    runs.append(text_run("  ", None))
                runs.append(text_run(h.text.get(lang), lang))
            # The cached page numbers are the PDF's (same content, same page size and margins);
            # Word rebuilds the whole TOC on open (updateFields) from its own layout. Plain text,
            # not PAGEREF fields: LibreOffice drops PAGEREF fields inside a TOC's cached result.
            pages = self.options.pagination.headings if self.options.pagination else {}
            if h.anchor in pages:
                runs += [tab_run(), text_run(str(pages[h.anchor]), None)]
            p.append(hyperlink(name, runs))
            if i == len(entries) - 1:
                p.append(field_end())

    def page_break(self) -> None:
        self.pending_break = True

    def _parallel_row(self, text: Text) -> None:
        """A Chinese | English row; consecutive pairs share one borderless table. Each pair
        starts level; a row may break across a page, both cells continuing on the next (Word's
        own "allow row to break across pages"), so no page is left half empty by a long pair.
        The cells are parted by a gutter of PARALLEL_GUTTER_MM, and the English is set ragged
        right: justified in a half-width column it opens rivers."""
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None  # the final child is the sectPr
        if self.parallel_table is None or last is not self.parallel_table._tbl:
            self.parallel_table = self._table(0, 2, "ParallelText", [1, 1])
        row = self.parallel_table.add_row()
        widths = [twips(self.theme.page.text_width_mm) // 2] * 2
        half_gutter = str(twips(PARALLEL_GUTTER_MM / 2))
        margins = {"zh": ("0", half_gutter), "en": (half_gutter, "0")}  # (left, right)
        for cell, lang, w in zip(row.cells, ("zh", "en"), widths, strict=True):
            tcpr = cell._tc.get_or_add_tcPr()
            child(tcpr, "tcW", TCPR_ORDER, w=str(w), type="dxa")
            mar = child(tcpr, "tcMar", TCPR_ORDER)
            for side, value in zip(("left", "right"), margins[lang], strict=True):
                child(mar, side, ("top", "start", "left", "bottom", "end", "right"), w=value, type="dxa")
            p = cell.paragraphs[0]._p
            p.style = {"zh": "BodyTextZH", "en": "BodyTextEN"}[lang]
            if lang == "en":
                child(p.get_or_add_pPr(), "jc", PPR_ORDER, val="left")
            p.append(text_run(text.get(lang), lang))

    # -- helpers ---------------------------------------------------------------------------
    def _caption(self, kind: str, caption: Text, style: str) -> None:
        # Numbered per edition part: the Chinese and English parts of a sequential layout each
        # count from 1, as the PDF writer does.
        key = f"{kind}:{'+'.join(self.langs)}"
        n = self.counters[key] = self.counters.get(key, 0) + 1
        p = self.para(style)
        first = True
        for lang in self.langs:
            seq, prefix = LABELS[kind][lang]
            if not first:
                p.append(break_run())
            p.append(text_run(prefix, lang))
            append_all(p, field(f"SEQ {seq} \\* ARABIC", str(n), lang))
            p.append(text_run(" " + caption.get(lang), lang))
            first = False

    def _table(self, rows: int, cols: int, style_id: str, weights: list[int]):
        table = self.doc.add_table(rows=rows, cols=cols)
        if self.pending_break:  # a table cannot break the page itself; the caption already did
            self.pending_break = False
        tbl_pr = table._tbl.tblPr
        child(tbl_pr, "tblStyle", TBLPR_ORDER, val=style_id)
        total = twips(self.theme.page.text_width_mm)
        child(tbl_pr, "tblW", TBLPR_ORDER, w=str(total), type="dxa")
        child(tbl_pr, "tblLayout", TBLPR_ORDER, type="fixed")
        look = child(tbl_pr, "tblLook", TBLPR_ORDER)
        for key, val in (
            ("val", "0420"),
            ("firstRow", "1"),
            ("lastRow", "0"),
            ("firstColumn", "0"),
            ("lastColumn", "0"),
            ("noHBand", "1"),
            ("noVBand", "1"),
        ):
            look.set(qn(f"w:{key}"), val)
        widths = [total * w // sum(weights) for w in weights]
        widths[-1] += total - sum(widths)
        for grid_col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            grid_col.set(qn("w:w"), str(w))
        for row in table.rows:
            for tc, w in zip(row._tr.findall(qn("w:tc")), widths, strict=True):
                child(tc.get_or_add_tcPr(), "tcW", TCPR_ORDER, w=str(w), type="dxa")
        return table

    def _describe(self, run_el, alt: Text, name: str, title: Text | None = None) -> None:
        doc_pr = run_el.find(".//" + qn("wp:docPr"))
        shown = [alt.get(lang) for lang in self.langs if alt.get(lang)]
        doc_pr.set("descr", "\n".join(shown))
        doc_pr.set("name", name)
        if title is not None:
            doc_pr.set("title", " / ".join(title.get(lang) for lang in self.langs))
