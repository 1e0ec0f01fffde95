"""Paragraph styles for the PDF, built from the theme; and the marker that records headings.

Kept apart from :mod:`reportgen.writers.pdf` so that the block converter
(:mod:`reportgen.writers.pdf_blocks`) and the document template can both use them without
importing each other.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from reportgen import model
from reportgen.errors import InputError
from reportgen.theme import Theme, weights
from reportgen.writers.pdf_english import EnglishParagraph, hyphenator
from reportgen.writers.pdf_fonts import PdfFonts, has_glyph
from reportgen.writers.pdf_text import CJKStyle


class Styles:
    """Paragraph styles for one document, from the theme's sizes and colours."""

    def __init__(self, theme: Theme, fonts: PdfFonts) -> None:
        s, c = theme.sizes, theme.colours
        self.theme, self.fonts = theme, fonts
        lead = s["leading"]
        self.text, self.muted, self.primary = c["text"], c["muted"], c["primary"]

        def f(element: str, lang: str) -> str:  # one weight logic with the DOCX (theme.weights)
            return fonts.of(weights.face(theme, element, lang))

        self.face = f

        def zh(size: float, font: str | None = None, colour: str | None = None, **kw) -> CJKStyle:
            return CJKStyle(
                font=font or fonts.zh_body,
                fallback_font=fonts.en_body,
                size=size,
                leading=size * lead,
                colour=colour or self.text,
                **kw,
            )

        def en(name: str, size: float, font: str | None = None, colour: str | None = None, **kw) -> ParagraphStyle:
            kw.setdefault("leading", size * lead)
            return ParagraphStyle(
                name, fontName=font or fonts.en_body, fontSize=size, textColor=HexColor(colour or self.text), **kw
            )

        self.zh_body = zh(s["body_zh"], align="justify", first_line_indent=2 * s["body_zh"], space_after=2)
        # Running English text hyphenates with pyphen's dictionary for the theme's language.
        hy = {"hyphenationLang": hyphenator(theme.hyphenation) or "", "embeddedHyphenation": 1, "uriWasteReduce": 0.3}
        self.en_body = en(
            "en_body",
            s["body_en"],
            alignment=TA_JUSTIFY,
            spaceAfter=s["body_en"] * 0.9,
            allowWidows=0,
            allowOrphans=0,
            **hy,
        )
        # A half-width column justified opens rivers between words: ragged right reads better.
        self.en_narrow = en(
            "en_narrow", s["body_en"], spaceAfter=s["body_en"] * 0.9, allowWidows=0, allowOrphans=0, **hy
        )
        self.zh_h = {
            1: zh(s["heading1"], f("heading", "zh"), self.primary, align="left", space_before=14),
            2: zh(s["heading2"], f("heading", "zh"), self.primary, align="left", space_before=4),
            3: zh(s["heading3"], f("heading", "zh"), self.primary, align="left", space_before=4),
        }
        self.en_h = {
            lvl: en(
                f"en_h{lvl}",
                s[f"heading{lvl}"] * 0.8,
                f("heading", "en"),
                self.primary,
                spaceAfter=6,
                keepWithNext=1,
            )
            for lvl in (1, 2, 3)
        }
        self.zh_caption = zh(s["caption"], f("caption", "zh"), self.text, align="left")
        self.en_caption = en("en_caption", s["caption"], f("caption", "en"), self.text, spaceAfter=8)
        self.zh_note = zh(s["caption"] * 0.95, fonts.zh_body, self.muted, align="left")
        self.en_note = en("en_note", s["caption"] * 0.95, fonts.en_body_italic, self.muted, spaceAfter=10, **hy)
        self.zh_cell = zh(s["table"], align="left")
        self.zh_cell_num = zh(s["table"], align="right")
        self.en_cell = en("en_cell", s["table"] * 0.95, fonts.en_body, self.muted)
        self.en_cell_num = en("en_cell_num", s["table"] * 0.95, fonts.en_body, self.muted, alignment=TA_RIGHT)
        self.zh_head_cell = zh(s["table"], f("table_head", "zh"), align="left")
        self.en_head_cell = en("en_head_cell", s["table"] * 0.95, f("table_head", "en"))
        # A numeric column's head aligns with its figures: right.
        self.zh_head_cell_num = zh(s["table"], f("table_head", "zh"), align="right")
        self.en_head_cell_num = en("en_head_cell_num", s["table"] * 0.95, f("table_head", "en"), alignment=TA_RIGHT)
        self.zh_title = zh(s["title"], f("title", "zh"), self.primary, align="left", space_after=6)
        self.en_title = en("en_title", s["title"] * 0.72, f("title", "en"), self.primary, spaceAfter=14)
        self.zh_sub = zh(s["subtitle"], f("subtitle", "zh"), self.text, align="left", space_after=2)
        self.en_sub = en("en_sub", s["subtitle"] * 0.85, f("subtitle", "en"), self.muted, spaceAfter=10)
        self.zh_kf_value = zh(s["key_figure"], f("key_figure_value", "zh"), self.primary, align="left")
        self.en_kf_value = en("en_kf_value", s["key_figure"] * 0.62, f("key_figure_value", "en"), self.primary)
        self.zh_kf_label = zh(s["table"], align="left")
        # Body blocks beyond paragraphs (reportgen.writers.pdf_kinds).
        self.zh_list = zh(s["body_zh"], align="left", space_after=1)
        self.en_list = en("en_list", s["body_en"], spaceAfter=1)
        self.zh_quote = zh(s["body_zh"], colour=self.muted, align="left", space_after=2)
        self.en_quote = en("en_quote", s["body_en"], fonts.en_body_italic, self.muted, spaceAfter=2)
        self.zh_attribution = zh(s["caption"], align="right")
        self.en_attribution = en("en_attribution", s["caption"], fonts.en_body, self.muted, alignment=TA_RIGHT)
        self.zh_note_title = zh(s["body_zh"], f("note_title", "zh"), self.primary, align="left", space_after=2)
        self.en_note_title = en("en_note_title", s["body_en"], f("note_title", "en"), self.primary, spaceAfter=3)
        self.zh_note_body = zh(s["table"], align="left", space_after=1)
        self.en_note_body = en("en_note_body", s["table"], fonts.en_body, spaceAfter=3)
        self.zh_total = zh(s["table"], f("table_total", "zh"), align="left")
        self.zh_total_num = zh(s["table"], f("table_total", "zh"), align="right")
        self.en_total = en("en_total", s["table"] * 0.95, f("table_total", "en"))
        self.en_total_num = en("en_total_num", s["table"] * 0.95, f("table_total", "en"), alignment=TA_RIGHT)
        self.zh_footnote = zh(s["caption"] * 0.9, align="left")
        self.en_footnote = en("en_footnote", s["caption"] * 0.9, fonts.en_body, self.muted, leading=s["caption"] * 1.15)
        self.en_kf_label = en("en_kf_label", s["table"] * 0.9, fonts.en_body, self.muted)
        self.toc_levels = [
            en(
                "toc1",
                s["body_en"],
                fonts.en_body,
                leftIndent=0,
                firstLineIndent=0,
                spaceBefore=3,
                leading=s["body_en"] * 1.5,
            ),
            en("toc2", s["body_en"] * 0.95, fonts.en_body, leftIndent=12, firstLineIndent=0),
        ]

    def en_markup(self, text: str, font: str | None = None) -> str:
        """Escape text for ReportLab's mini-markup and route characters the Latin face lacks to the CJK face."""
        font = font or self.fonts.en_body
        out, run, run_cjk = [], [], False
        for ch in text:
            cjk = not has_glyph(font, ch) and ch not in " \n"
            if cjk and not has_glyph(self.fonts.zh_body, ch):
                at = text.index(ch)
                raise InputError(
                    f"character {ch!r} (U+{ord(ch):04X}) is in no configured font: "
                    f"...{text[max(0, at - 10) : at + 11]}..."
                )
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
        return EnglishParagraph(self.en_markup(text, style.fontName), style)


class HeadingMark(Flowable):
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
