"""Paragraph styles set directly: the same XML python-docx's ``p.style = …`` writes."""

from __future__ import annotations

import copy

import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from reportgen.writers.docx_fields import text_run
from reportgen.writers.docx_xml import set_paragraph_style, styled_paragraph

PARAGRAPHS = [
    f"<w:p {nsdecls('w')}/>",  # a new table cell's paragraph
    f"<w:p {nsdecls('w')}><w:r><w:t>text</w:t></w:r></w:p>",  # runs already in it
    f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="left"/></w:pPr></w:p>',  # properties, no style
    f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Old"/><w:keepNext/></w:pPr></w:p>',  # restyled
]


@pytest.mark.parametrize("xml", PARAGRAPHS)
def test_setting_a_style_writes_what_python_docx_writes(xml):
    ours, theirs = parse_xml(xml), parse_xml(xml)
    set_paragraph_style(ours, "TableNumber")
    theirs.style = "TableNumber"
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert ours.style == "TableNumber"


def test_a_styled_paragraph_is_a_new_one_given_that_style():
    theirs = OxmlElement("w:p")
    theirs.style = "BodyTextZH"
    ours = styled_paragraph("BodyTextZH")
    assert etree.tostring(ours) == etree.tostring(theirs)
    ours.append(text_run("正文", "zh"))  # python-docx's own API goes on working on it
    theirs.append(copy.deepcopy(ours[-1]))
    assert ours.get_or_add_pPr() is ours[0] and etree.tostring(ours) == etree.tostring(theirs)
