"""The DOCX writer's runs: built with lxml directly, they are the very XML python-docx's own
setters (``rPr.style``, ``CT_R.text``, the language and hint properties) make."""

from __future__ import annotations

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from reportgen.writers.docx_fields import text_run
from reportgen.writers.docx_xml import AMBIGUOUS, RPR_ORDER, child

TEXTS = [
    "全区地区生产总值674亿元",
    "GDP grew",
    " leading and trailing ",
    "a\ttab",
    "line\nbreak\r\nand CR",
    "\t\n",
    "“引号”——破折号…",
    "& < > \" '",
    "",
    "\u3000全角空格",
]


def python_docx_run(text: str, lang: str | None, style: str | None):
    """The run as the writer used to build it, through python-docx's element API."""
    run = OxmlElement("w:r")
    if style or lang:
        rpr = run.get_or_add_rPr()
        if style:
            rpr.style = style
        if lang == "zh":
            if any(ch in AMBIGUOUS for ch in text):
                child(rpr, "rFonts", RPR_ORDER, hint="eastAsia")
            child(rpr, "lang", RPR_ORDER, eastAsia="zh-CN")
        elif lang == "en":
            child(rpr, "lang", RPR_ORDER, val="en-US")
    run.text = text
    return run


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    ("lang", "style"), [(None, None), ("zh", None), ("en", None), ("zh", "Hyperlink"), (None, "X")]
)
def test_a_run_is_the_xml_python_docx_writes(text, lang, style):
    ours = text_run(text, lang, style)
    assert etree.tostring(ours) == etree.tostring(python_docx_run(text, lang, style))
    assert ours.text == text.replace("\r", "\n")  # python-docx reads it back (a CR reads as a break)
    if style:  # and its own properties still work on it
        assert ours.rPr.style == style and ours.find(qn("w:rPr")).getparent() is ours
