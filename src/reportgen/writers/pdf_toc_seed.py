"""The table of contents' entries from the last build of the same report, to start the layout with.

Input: the document and the write options (which name the report), and the TOC flowables of the
story. Output: the flowables seeded with the page numbers the previous build found (or nothing),
and, after the build, those numbers stored for the next one.

ReportLab lays a document with a table of contents out again and again until the entries the
layout collects equal the ones the contents page was drawn with (``multiBuild``). Started empty,
that takes at least two full passes. Started with the entries of the last build — like LaTeX's
.aux file — the first pass reproduces them when nothing moved, and ReportLab stops after it.

The seed is only a first guess, so its key can be loose (the report's title, layout and
languages: an edited report keeps its seed): a wrong or stale seed only costs the passes it
would have taken anyway. The entries' markup names the registered faces, whose names change with
their subsets (an edit adding one character renames the CJK faces); it is stored with each name
replaced by its role (``@zh_heading@``) and seeded with this build's names, so an edit keeps its
one pass. The result cannot depend on it either: the TOC's page numbers are drawn
after each entry's text and take no room in the layout, so the pages come out the same whatever
numbers the contents page starts with, and ReportLab stops only at entries that reproduce
themselves.
"""

from __future__ import annotations

import dataclasses
import json
import re

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.tableofcontents import TableOfContents

from reportgen import cachedir
from reportgen.model import Document
from reportgen.writers import WriteOptions, report_key

NAMESPACE = "pdf-toc"
_VERSION = "2"  # bump when the entries' markup changes shape
_ROLE = re.compile(r'<font name="@(\w+)@"')
_FACE = re.compile(r'<font name="([^"]+)"')


def seed_key(document: Document, options: WriteOptions) -> str:
    """The report's key (:func:`reportgen.writers.report_key`; the fonts are not part of it: see
    :func:`remember`)."""
    return report_key(document, options, _VERSION)


def _roles(fonts) -> dict[str, str]:
    """Registered face name -> role, for the roles ``fonts`` (a PdfFonts) has a face for."""
    return {name: role for role, name in dataclasses.asdict(fonts).items() if name}


def tocs(story: list) -> list[TableOfContents]:
    """The tables of contents ReportLab's multiBuild iterates on (the top-level indexing ones)."""
    return [f for f in story if isinstance(f, TableOfContents)]


def seed(key: str, flowables: list[TableOfContents], fonts) -> None:
    """Give each TOC the entries it had at the end of the last build (multiBuild's first pass
    then draws those instead of a placeholder), in this build's faces (``fonts``, a PdfFonts)."""
    if not flowables:
        return
    found = _load(cachedir.read(NAMESPACE, key, ".json"))
    if found is None or len(found) != len(flowables):
        return
    names = {role: name for name, role in _roles(fonts).items()}
    try:
        found = [
            [
                (level, _ROLE.sub(lambda m: f'<font name="{names[m.group(1)]}"', text), page, k)
                for level, text, page, k in f
            ]
            for f in found
        ]
    except KeyError:  # a role this theme has no face for (another theme's seed)
        return
    if not all(_drawable(e[1]) for f in found for e in f):
        return
    for flowable, entries in zip(flowables, found, strict=True):
        flowable.clearEntries()
        flowable.addEntries(entries)


def remember(key: str, flowables: list[TableOfContents], fonts) -> None:
    """Store the entries the finished layout settled on (each TOC's drawn ones), each face the
    markup names as its role in ``fonts`` (a PdfFonts)."""
    if not flowables:
        return
    roles = _roles(fonts)

    def by_role(text: str) -> str:
        return _FACE.sub(lambda m: f'<font name="@{roles[m.group(1)]}@"' if m.group(1) in roles else m.group(0), text)

    entries = [[[level, by_role(text), page, k] for level, text, page, k in f._lastEntries] for f in flowables]
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    if cachedir.read(NAMESPACE, key, ".json") != data:
        cachedir.write(NAMESPACE, key, data, ".json")


def _load(data: bytes | None) -> list[list[tuple]] | None:
    """The stored entries, or None for anything that is not what :func:`remember` writes (the
    checksum caught damage already; this is for an entry of another shape)."""
    if data is None:
        return None
    try:
        found = json.loads(data.decode("utf-8", "surrogatepass"))
        return [[_entry(e) for e in entries] for entries in found]
    except (ValueError, TypeError):
        return None


def _drawable(markup: str) -> bool:
    """Every face the entry's markup names is registered in this process (else ReportLab fails)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    return all(name in registered for name in _FACE.findall(markup))


def _entry(e: list) -> tuple:
    level, text, page, key = e
    if not (
        type(level) is int and type(page) is int and isinstance(text, str) and (key is None or isinstance(key, str))
    ):
        raise TypeError("not a TOC entry")
    return (level, text, page, key)
