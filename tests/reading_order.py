"""Reading order for the parity tests: what a layout says a reader sees, and what a DOCX holds.

``expected_texts(arrangement)`` lists every reader-facing text of every placed block, in each
language the layout shows it, in reading order (from the model's generic text walk, so a new
block kind is covered as soon as it exists). Footnote texts are listed apart: the PDF sets them
at the page foot and the DOCX in word/footnotes.xml, so their place in the flow differs.
``docx_body_text`` / ``docx_footnote_texts`` read a DOCX the same way. ``missing_in_order``
says which expected texts are not found in order in an output's squashed text.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from reportgen.layout import Arrangement
from reportgen.model.walk import texts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Not running text: the chart's own drawing (its labels are in the picture) and alt text (for
# screen readers, not printed).
NOT_PRINTED = frozenset({"spec", "alt"})


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_texts(arrangement: Arrangement) -> list[str]:
    out = []
    for item in arrangement:
        for text in texts(item.block, NOT_PRINTED):
            out += [text.get(lang) for lang in item.show(text) if text.get(lang)]
    return out


def expected_footnotes(arrangement: Arrangement) -> list[str]:
    return [note.text.get(lang) for note in arrangement.footnotes for lang in ("zh", "en") if note.text.get(lang)]


def _paragraph_texts(root) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def docx_body_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return squash("".join(_paragraph_texts(etree.fromstring(zf.read("word/document.xml")))))


def docx_footnote_texts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/footnotes.xml" not in zf.namelist():
            return ""
        return squash("".join(_paragraph_texts(etree.fromstring(zf.read("word/footnotes.xml")))))


def missing_in_order(expected: list[str], flat: str) -> list[str]:
    """The expected texts not found in ``flat`` after the previous one (whitespace ignored)."""
    missing, cursor = [], 0
    for text in expected:
        at = flat.find(squash(text), cursor)
        if at < 0:
            missing.append(text)
        else:
            cursor = at + len(squash(text))
    return missing
