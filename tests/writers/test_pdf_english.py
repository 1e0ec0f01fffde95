"""English paragraphs in the PDF: the text a reader's software takes from the page."""

from __future__ import annotations

import io

import pikepdf
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from reportgen.writers.pdf_english import EnglishParagraph, hyphenator

TEXT = (
    "Over the five years the district disbursed assistance funds of all kinds, built parks and "
    "gardens, and markedly reduced pollution; air quality was good or excellent on more days, "
    "and the prevention of water and soil pollution ranks among the best in the city."
)


def _shown_text(markup: str, alignment: int, hyphenate: bool = False, width: float = 200) -> str:
    """The strings the page's content stream shows, in order (Helvetica: readable bytes)."""
    style = ParagraphStyle(
        "t",
        fontName="Helvetica",
        fontSize=10,
        leading=13,
        alignment=alignment,
        hyphenationLang="en_GB" if hyphenate else "",
    )
    if hyphenate:
        style.hyphenationLang = hyphenator("en_GB")
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=(width, 800), leftMargin=20, rightMargin=20).build(
        [EnglishParagraph(markup, style)]
    )
    shown = []
    with pikepdf.open(io.BytesIO(buf.getvalue())) as pdf:
        for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(op) == "Tj":
                shown.append(bytes(operands[0]).decode("latin-1"))
            elif str(op) == "TJ":
                shown.extend(bytes(x).decode("latin-1") for x in operands[0] if isinstance(x, pikepdf.String))
    return "".join(shown)


def test_broken_lines_keep_their_space_justified_and_ragged():
    for alignment in (TA_JUSTIFY, TA_LEFT):
        shown = _shown_text(TEXT, alignment)
        # Several lines at this width, yet no two words run together where a line broke.
        assert shown.split() == TEXT.split(), shown


def test_lines_with_markup_keep_their_space():
    markup = TEXT.replace("parks and gardens", "<b>parks and gardens</b>").replace("city", "<i>city</i>")
    assert _shown_text(markup, TA_JUSTIFY).split() == TEXT.split()


def test_a_hyphenated_break_gets_no_space():
    text = "Administrative modernisation strengthened environmental responsibilities considerably."
    shown = _shown_text(text, TA_JUSTIFY, hyphenate=True, width=130)
    assert "-" in shown, shown  # the width forces hyphenated breaks
    # No space after a break's hyphen: dropping the hyphens gives back the words as typed.
    assert shown.replace("-", "") == text
