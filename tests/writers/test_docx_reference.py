"""reference.docx: the Word styles the DOCX writer names, built from the theme."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree
from tests.ooxml import NS, W, part
from tests.writers.samples import TEMPLATE, make_theme

from reportgen.errors import InputError
from reportgen.theme import load_theme
from reportgen.writers.docx_reference import NO_FONTS, build_reference

REQUIRED = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading1",
    "Heading2",
    "Heading3",
    "BodyText",
    "BodyTextZH",
    "BodyTextEN",
    "Caption",
    "TableCaption",
    "TOCHeading",
    "TOC1",
    "TOC2",
    "TOC3",
    "Header",
    "Footer",
    "BriefingTable",
    "KeyFiguresTable",
    "Heading1EN",
    "KeyFigureValue",
)


@pytest.fixture(scope="module")
def reference() -> bytes:
    return build_reference(make_theme())


def test_styles_present_and_fonts_named(reference):
    styles = part(reference, "word/styles.xml")
    raw = etree.tostring(styles).decode()
    assert not re.search(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme|themeColor)=", raw)
    by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.findall("w:style", NS)}
    assert set(REQUIRED) <= set(by_id)
    for sid, style in by_id.items():
        if sid in NO_FONTS:
            continue
        rfonts = style.find("w:rPr/w:rFonts", NS)
        assert rfonts is not None, sid
        assert all(rfonts.get(f"{{{W}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")), sid
    zh, en = by_id["BodyTextZH"], by_id["BodyTextEN"]
    assert zh.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == "Noto Serif CJK SC"
    assert zh.find("w:pPr/w:ind", NS).get(f"{{{W}}}firstLineChars") == "200"
    assert zh.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "both"
    assert en.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == "Source Serif Pro"
    assert en.find("w:rPr/w:lang", NS).get(f"{{{W}}}val") == "en-US"
    for level in (1, 2, 3):
        h = by_id[f"Heading{level}"]
        assert h.find("w:name", NS).get(f"{{{W}}}val") == f"heading {level}"
        assert h.find("w:pPr/w:outlineLvl", NS).get(f"{{{W}}}val") == str(level - 1)
        assert h.find("w:pPr/w:keepNext", NS) is not None
        assert h.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == "Source Sans Pro"
        assert by_id[f"TOC{level}"].find("w:name", NS).get(f"{{{W}}}val") == f"toc {level}"
    assert by_id["Heading1"].find("w:rPr/w:color", NS).get(f"{{{W}}}val") == "A61C1C"
    table = by_id["BriefingTable"]
    assert table.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(f"{{{W}}}fill") == "F3E9E7"
    assert table.find("w:tblPr/w:tblBorders/w:insideH", NS).get(f"{{{W}}}val") == "single"


def test_defaults_settings_and_page(reference):
    styles = part(reference, "word/styles.xml")
    rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    assert (fonts.get(f"{{{W}}}ascii"), fonts.get(f"{{{W}}}eastAsia")) == ("Source Serif Pro", "Noto Serif CJK SC")
    lang = rpr.find("w:lang", NS)
    assert (lang.get(f"{{{W}}}val"), lang.get(f"{{{W}}}eastAsia")) == ("en-US", "zh-CN")
    settings = part(reference, "word/settings.xml")
    tfl = settings.find("w:themeFontLang", NS)
    assert (tfl.get(f"{{{W}}}val"), tfl.get(f"{{{W}}}eastAsia")) == ("en-US", "zh-CN")
    document = part(reference, "word/document.xml")
    body = document.find("w:body", NS)
    assert [el.tag for el in body] == [f"{{{W}}}sectPr"]
    size = body.find("w:sectPr/w:pgSz", NS)
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")
    names = zipfile.ZipFile(io.BytesIO(reference)).namelist()
    assert "word/stylesWithEffects.xml" not in names


def test_deterministic(reference):
    assert build_reference(make_theme()) == reference


def test_committed_reference_is_current():
    path = TEMPLATE / "reference.docx"
    if not path.is_file():
        pytest.skip("reference.docx not built yet")
    try:
        theme = load_theme(TEMPLATE)
    except InputError as err:  # font files or the logo not installed here
        pytest.skip(str(err))
    assert path.read_bytes() == build_reference(theme), (
        "run: python -m reportgen.writers.docx_reference templates/briefing"
    )


def test_subtitle_is_upright_and_set_solid(reference):
    # No CJK italic exists: an italic subtitle slants the Chinese; letter-spacing spaces it out.
    styles = part(reference, "word/styles.xml")
    for sid in ("Subtitle", "SubtitleChar"):
        style = styles.find(f"w:style[@w:styleId='{sid}']", NS)
        rpr = style.find("w:rPr", NS)
        assert rpr.find("w:i", NS) is None and rpr.find("w:spacing", NS) is None, sid
        assert style.find("w:pPr/w:numPr", NS) is None


def test_compatibility_mode_15(reference):
    settings = part(reference, "word/settings.xml")
    mode = settings.find("w:compat/w:compatSetting[@w:name='compatibilityMode']", NS)
    assert mode.get(f"{{{W}}}val") == "15"
