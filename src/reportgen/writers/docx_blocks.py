"""What every DOCX block renderer shares: the document, the placed block, paragraphs, captions.

Input: the python-docx document opened from reference.docx, the theme, the write options and
the layout's :class:`~reportgen.layout.Arrangement`; then, block by block, the
:class:`~reportgen.layout.Placed` block being rendered.
Output: paragraphs and tables appended to the document body (or to a table cell the renderer
names). Every paragraph names a style from reference.docx (see
:mod:`reportgen.writers.docx_reference`); runs carry their language, a ``w:hint`` where
punctuation is ambiguous and the inline spans' properties (:mod:`reportgen.writers.docx_inline`).

The renderers for each block kind live in :mod:`reportgen.writers.docx_kinds`; this module
knows none of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from docx.oxml.ns import qn

from reportgen.layout import Arrangement, Placed
from reportgen.model import Heading, Text
from reportgen.theme import Theme, weights
from reportgen.writers import WriteOptions
from reportgen.writers.docx_fields import append_all, bookmark, bookmark_name, break_run, field, text_run
from reportgen.writers.docx_footnotes import Footnotes
from reportgen.writers.docx_inline import InlineWriter
from reportgen.writers.docx_numbering import ListNumbering
from reportgen.writers.docx_xml import PPR_ORDER, TBLPR_ORDER, TCPR_ORDER, W_NS, child, styled_paragraph, twips

# The SEQ sequence each caption label counts in: one per language ("表"/"Table"), so each
# counts every table/figure exactly once (Chinese Word names its caption labels 表/图 too).
_LABEL = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)$")


@dataclass
class Emitter:
    doc: object  # docx.document.Document
    theme: Theme
    options: WriteOptions
    arrangement: Arrangement
    placed: Placed | None = None  # the block being rendered
    bookmarks: dict[str, str] = dc_field(default_factory=dict)  # anchor -> bookmark name
    headings: list[tuple[Heading, tuple[str, ...]]] = dc_field(default_factory=list)  # with languages shown
    parallel_table: object = None  # the two-column table the current run of pairs is added to
    pending_break: bool = False
    next_bookmark_id: int = 0
    tables: int = 0  # tables written so far (in layout order, as the PDF's Pagination counts them)
    footnotes: Footnotes = None  # type: ignore[assignment]
    inline: InlineWriter = None  # type: ignore[assignment]
    lists: ListNumbering = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.footnotes = Footnotes(self.doc)
        self.lists = ListNumbering(self.doc.part.numbering_part.element)
        notes = {note.id: note for note in self.arrangement.footnotes}
        self.inline = InlineWriter(
            footnotes=self.footnotes,
            resolve_anchor=self.resolve_anchor,
            footnote_mark=lambda fid: str(self.arrangement.mark(fid)),
            footnote_text=lambda fid: notes[fid].text,
            part_langs=lambda: self.langs,
            strong_east_asian=self.theme.fonts[weights.face(self.theme, "strong", "zh").role].family,
            zh_emphasis=self.theme.zh_emphasis,
            emphasis_colour=self.theme.colours["primary"],
        )
        taken: set[str] = set()
        for item in self.arrangement:  # every bookmark named up front: a TOC or link may point ahead
            if isinstance(item.block, Heading):
                self.headings.append((item.block, item.langs))
                self.bookmarks[item.block.anchor] = bookmark_name(item.block.anchor, taken)

    @property
    def langs(self) -> tuple[str, ...]:
        return self.placed.langs if self.placed else ("zh", "en")

    @property
    def bilingual(self) -> bool:
        return len(self.langs) > 1

    def show(self, text: Text) -> tuple[str, ...]:
        """The languages the layout draws ``text`` in for the current block."""
        return self.placed.show(text)

    def resolve_anchor(self, anchor: str, lang: str) -> str | None:
        """The bookmark an ``#anchor`` link goes to: in the sequential layout's English part the
        heading of that part (the layout suffixes its anchors with the language)."""
        for key in (f"{anchor}-{lang}", anchor):
            if key in self.bookmarks:
                return self.bookmarks[key]
        return None

    # -- paragraphs ------------------------------------------------------------------------
    def para(self, style_id: str, container=None):
        """A new paragraph in ``style_id`` at the end of the body (or of ``container``, a cell)."""
        p = styled_paragraph(style_id)
        if container is not None:
            container._element.append(p)  # a cell: paragraphs follow its w:tcPr
        else:
            body = self.doc.element.body
            sect_pr = body.find(W_NS + "sectPr")  # the body's last child: paragraphs go before it
            if sect_pr is not None:
                sect_pr.addprevious(p)
            else:
                body.append(p)
        if self.pending_break and container is None:
            child(p.get_or_add_pPr(), "pageBreakBefore", PPR_ORDER)
            self.pending_break = False
        return p

    def runs(self, p, text: Text, lang: str, style: str | None = None) -> None:
        """``text``'s spans in ``lang`` appended to paragraph ``p``."""
        self.inline.append(p, text, lang, self.doc.part, style)

    def add_text(self, p, text: Text, en_style: str | None = None) -> None:
        """The text in each shown language, one line each (a line break between)."""
        for i, lang in enumerate(self.show(text)):
            if i:
                p.append(break_run())
            self.runs(p, text, lang, en_style if lang == "en" and self.bilingual else None)

    def per_language(self, style: dict[str, str], text: Text, container=None) -> list:
        """One paragraph per shown language: Chinese first, then its English."""
        out = []
        for lang in self.show(text):
            p = self.para(style[lang], container)
            self.runs(p, text, lang)
            out.append(p)
        return out

    def anchor(self, p, anchor: str) -> None:
        """Bookmark paragraph ``p`` under ``anchor``'s planned name."""
        self.next_bookmark_id += 1
        bookmark(p, self.bookmarks[anchor], self.next_bookmark_id)

    # -- captions --------------------------------------------------------------------------
    def caption(self, style: str, container=None) -> None:
        """The current block's numbered caption: the layout's label with its number as a SEQ
        field (Word's References > Insert Caption), then the caption's own spans."""
        caption = self.placed.block.caption
        label = self.placed.label
        p = self.para(style, container)
        for i, lang in enumerate(self.show(caption) or self.langs[:1]):
            if i:
                p.append(break_run())
            if label is not None:
                m = _LABEL.match(label.get(lang))
                prefix, n = (m["prefix"], m["n"]) if m else (label.get(lang), "")
                seq = prefix.strip() or prefix
                if prefix:
                    p.append(text_run(prefix, lang))
                if n:
                    append_all(p, field(f"SEQ {seq} \\* ARABIC", n, lang))
                # The separators the layout's numbered caption uses ("图1　…", "Figure 1. …").
                p.append(text_run("　" if lang == "zh" else ". ", lang))
            self.runs(p, caption, lang)

    # -- tables ----------------------------------------------------------------------------
    def table(self, rows: int, cols: int, style_id: str, weights: list[int], width_mm: float | None = None):
        """A fixed-layout table of the text width (or ``width_mm``), columns by ``weights``."""
        body = self.doc.element.body
        if len(body) > 1 and body[-2].tag == qn("w:tbl"):
            # Word joins two tables that touch into one: keep an empty paragraph between them.
            self.para("Normal")
        table = self.doc.add_table(rows=rows, cols=cols)
        if self.pending_break:  # a table cannot break the page itself; a caption before it did
            self.pending_break = False
        tbl_pr = table._tbl.tblPr
        child(tbl_pr, "tblStyle", TBLPR_ORDER, val=style_id)
        total = twips(width_mm if width_mm is not None else self.theme.page.text_width_mm)
        child(tbl_pr, "tblW", TBLPR_ORDER, w=str(total), type="dxa")
        child(tbl_pr, "tblLayout", TBLPR_ORDER, type="fixed")
        self.look(table, first_row=True)
        widths = [total * w // sum(weights) for w in weights]
        widths[-1] += total - sum(widths)
        for grid_col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            grid_col.set(qn("w:w"), str(w))
        for row in table.rows:
            for tc, w in zip(row._tr.findall(qn("w:tc")), widths, strict=True):
                child(tc.get_or_add_tcPr(), "tcW", TCPR_ORDER, w=str(w), type="dxa")
        return table

    @staticmethod
    def look(table, first_row: bool = True, last_row: bool = False) -> None:
        """Which of the table style's conditional formats apply (header row, total row)."""
        look = child(table._tbl.tblPr, "tblLook", TBLPR_ORDER)
        flags = (
            ("firstRow", first_row),
            ("lastRow", last_row),
            ("firstColumn", False),
            ("lastColumn", False),
            ("noHBand", True),
            ("noVBand", True),
        )
        value = 0x0020 * first_row + 0x0040 * last_row + 0x0200 + 0x0400
        look.set(qn("w:val"), f"{value:04X}")
        for key, on in flags:
            look.set(qn(f"w:{key}"), "1" if on else "0")

    def describe(self, run_el, alt: Text, name: str, title: Text | None = None) -> None:
        """Alt text on a picture (``wp:docPr descr``): what a screen reader reads instead."""
        doc_pr = run_el.find(".//" + qn("wp:docPr"))
        shown = [alt.get(lang) for lang in self.langs if alt.get(lang)]
        doc_pr.set("descr", "\n".join(shown))
        doc_pr.set("name", name)
        if title is not None:
            doc_pr.set("title", " / ".join(title.get(lang) for lang in self.langs if title.get(lang)))
