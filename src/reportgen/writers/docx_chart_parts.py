"""The bytes of a native Word chart's two parts — chart XML and embedded workbook — cached.

Input: a chart's spec, the theme, the languages shown ("zh+en"), the build's timestamp, and the
function that makes the parts (:func:`reportgen.writers.docx_charts.make_parts`, python-pptx).
Output: ``(chart XML without its workbook link, workbook bytes)``, the same bytes either way.

Making the parts goes through python-pptx's chart writer and object model and XlsxWriter: about
10 ms a chart, and importing python-pptx costs another ~0.13 s of every build that makes one.
A warm build finds both parts in the ``docx-charts`` namespace of :mod:`reportgen.cachedir`
(checksummed; a damaged entry is discarded with one warning line and the parts made afresh), so
it never imports python-pptx at all. The key covers everything the parts are made from: the
spec, the languages, the timestamp (the workbook's dates), the theme's colours, sizes and font
families, the versions of python-pptx, XlsxWriter, lxml and zlib, and :data:`PARTS_VERSION`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from reportgen import cachedir
from reportgen.model import ChartSpec
from reportgen.theme import Theme

NAMESPACE = "docx-charts"
PARTS_VERSION = "1"  # bump whenever the code making the parts (docx_charts.make_parts) changes its output
_LENGTH = struct.Struct(">Q")  # an entry: the chart XML's length, the chart XML, the workbook


def fixed_workbook(blob: bytes, timestamp) -> bytes:
    """XlsxWriter stamps the workbook with the current time; the document's own date is used instead."""
    stamp = timestamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                root = etree.fromstring(data)
                for el in root:
                    if el.tag.rsplit("}", 1)[-1] in ("created", "modified"):
                        el.text = stamp
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    return out.getvalue()


@functools.cache
def _version(module: str) -> str:
    """A package's ``__version__`` read from its ``__init__.py`` without importing it (importing
    python-pptx is what a cache hit saves; importlib.metadata scans every installed package)."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        try:
            text = Path(spec.origin).read_text(encoding="utf-8")
        except OSError:
            text = ""
        found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.M)
        if found:
            return found.group(1)
    return "unknown"


def parts_key(spec: ChartSpec, theme: Theme, langs: str, timestamp) -> str:
    """The sha256 hex digest naming the cached parts for these arguments."""
    payload = {
        "spec": dataclasses.asdict(spec),
        "langs": langs,
        "timestamp": timestamp.isoformat(),
        "colours": theme.colours,
        "chart_colours": list(theme.chart_colours),
        "sizes": theme.sizes,
        "families": {role: face.family for role, face in theme.fonts.items()},
        "versions": [_version("pptx"), _version("xlsxwriter"), etree.LXML_VERSION, zlib.ZLIB_RUNTIME_VERSION],
        "parts": PARTS_VERSION,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _unpack(entry: bytes) -> tuple[bytes, bytes] | None:
    if len(entry) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack_from(entry)
    if size > len(entry) - _LENGTH.size:
        return None
    return entry[_LENGTH.size : _LENGTH.size + size], entry[_LENGTH.size + size :]


def cached_parts(
    spec: ChartSpec, theme: Theme, langs: str, timestamp, make: Callable[[], tuple[bytes, bytes]]
) -> tuple[bytes, bytes]:
    """The chart's parts from the cache, else ``make()``'s (then stored for the next build)."""
    key = parts_key(spec, theme, langs, timestamp)
    entry = cachedir.read(NAMESPACE, key, ".bin")  # checksum verified
    found = _unpack(entry) if entry else None
    if found is not None:
        return found
    xml, workbook = make()
    cachedir.write(NAMESPACE, key, _LENGTH.pack(len(xml)) + xml + workbook, ".bin")
    return xml, workbook
