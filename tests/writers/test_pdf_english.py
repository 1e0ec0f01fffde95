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


WORDS = ["environmental", "responsibilities", "considerably", "modernisation", "District", "well-being", "CO2"]


def test_hyphenation_is_remembered_between_builds(tmp_path, monkeypatch):
    """A word pyphen broke once is taken from the cache by the next build, with the same break
    points, and the dictionary is not read again; a word not seen yet still gets pyphen's."""
    import pyphen

    from reportgen.writers.pdf_english import Hyphenator

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    reference = pyphen.Pyphen(lang="en_GB", left=2, right=3)
    first = Hyphenator("en_GB")
    got = {w: first(w) for w in WORDS}
    first.keep()
    assert got["environmental"] == list(reference.iterate("environmental")) != []
    assert got["District"] == got["well-being"] == got["CO2"] == []  # names, hyphenated words, digits
    later = Hyphenator("en_GB")  # as in the next build's process
    assert {w: later(w) for w in WORDS} == got
    assert later._dictionary is None  # every word came from the cache
    assert later("sustainability") == list(reference.iterate("sustainability"))


def test_a_remembered_hyphenation_of_another_shape_is_ignored(tmp_path, monkeypatch):
    from reportgen import cachedir
    from reportgen.writers.pdf_english import Hyphenator

    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    key = Hyphenator("en_GB")._key()
    for payload in (b"not json", b"[1, 2]", b'{"environmental": [["en", "vironmental", "x"]]}', b'{"a": 3}'):
        cachedir.write("hyphenation", key, payload, ".json")
        fresh = Hyphenator("en_GB")
        assert fresh("environmental") == Hyphenator.__call__(_uncached("en_GB"), "environmental") != []


def _uncached(lang):
    """A hyphenator that remembers nothing (an empty cache entry)."""
    from reportgen.writers.pdf_english import Hyphenator

    h = Hyphenator(lang)
    h._known = {}
    return h
