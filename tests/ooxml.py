"""Reading a DOCX's XML in tests: the WordprocessingML namespaces and one part of the package."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


def part(data: bytes, name: str):
    """The parsed XML of the part ``name`` (``word/styles.xml``) of the DOCX ``data``."""
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))
