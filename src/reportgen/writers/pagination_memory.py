"""The pagination the last build of a report found: the guess a writer beside the PDF starts from.

Input: the document and write options (which name the report) and, once the PDF is laid out, its
:class:`~reportgen.writers.Pagination`. Output: the pagination the last build of the same report
found, or None.

The DOCX takes the PDF's pagination (its TOC page numbers, page count, table widths and breaks),
so on its own it waits for the whole PDF layout. Given the last build's, it is written at the same
time in a worker (:mod:`reportgen.build`), and the guess is checked against the PDF's own
pagination afterwards: when they differ (an edit moved a heading to another page), the DOCX is
written again with the real one. The key can therefore be loose — the report's titles, layout and
languages — and a stale, foreign or damaged entry costs time, never a wrong DOCX.
"""

from __future__ import annotations

import json

from reportgen import cachedir
from reportgen.model import Document
from reportgen.writers import Pagination, WriteOptions, report_key

NAMESPACE = "pagination"
_VERSION = "1"  # bump when Pagination changes shape


def _key(document: Document, options: WriteOptions) -> str:
    return report_key(document, options, _VERSION)


def guess(document: Document, options: WriteOptions) -> Pagination | None:
    """The pagination stored by the last build of this report, or None."""
    return _load(cachedir.read(NAMESPACE, _key(document, options), ".json"))


def remember(document: Document, options: WriteOptions, pagination: Pagination) -> None:
    """Keep ``pagination`` for the next build (written only when it changed)."""
    key = _key(document, options)
    data = json.dumps(
        {
            "pages": pagination.pages,
            "headings": dict(pagination.headings),
            "table_widths": pagination.table_widths,
            "table_breaks": pagination.table_breaks,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8", "surrogatepass")
    if cachedir.read(NAMESPACE, key, ".json") != data:
        cachedir.write(NAMESPACE, key, data, ".json")


def _load(data: bytes | None) -> Pagination | None:
    """What :func:`remember` wrote, or None for anything else (the checksum caught damage already;
    this is for an entry of another shape)."""
    if data is None:
        return None
    try:
        found = json.loads(data.decode("utf-8", "surrogatepass"))
        pages, headings = found["pages"], found["headings"]
        widths = tuple(tuple(float(w) for w in row) for row in found["table_widths"])
        breaks = tuple(tuple(_whole(b) for b in row) for row in found["table_breaks"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if type(pages) is not int or not isinstance(headings, dict):
        return None
    if not all(isinstance(k, str) and type(v) is int for k, v in headings.items()):
        return None
    return Pagination(pages=pages, headings=headings, table_widths=widths, table_breaks=breaks)


def _whole(value: object) -> int:
    if type(value) is not int:
        raise TypeError("not a row number")
    return value
