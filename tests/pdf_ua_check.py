"""A checker for the machine-checkable rules of PDF/UA-1 and PDF/A-2 (veraPDF, the reference
validator, is a Java program we cannot install here).

``ua_failures(path)`` checks, on the file itself (pikepdf):

* the catalog: ``/MarkInfo /Marked true``, a ``/StructTreeRoot`` with a ``ParentTree``, a
  non-empty ``/Lang``, ``/ViewerPreferences /DisplayDocTitle true``, a title in the info
  dictionary and in the XMP (``dc:title``), the XMP's ``pdfuaid:part`` 1;
* every page's content stream, operator by operator: no text, path painting, shading, XObject
  or inline image outside marked content (``BDC``/``BMC``), no tagged content inside an
  artifact, every MCID in the ``ParentTree`` under the page's ``/StructParents`` and owned by
  the element that lists it, and no MCID the tree lists missing from its page (Matterhorn 01-001
  … 01-005, 06-001, 07-001);
* annotations: each one with a ``/StructParent`` leading to a ``Link`` element whose ``OBJR``
  names it, ``/Contents`` on links, and pages with annotations ``/Tabs /S`` (28-002, 28-008, 28-011);
* elements: standard types only (no role map needed), ``Alt`` on every ``Figure`` (13-004),
  ``Scope`` on every ``TH`` (15-003), an ``ID`` on every ``Note`` (19-003), headings that never
  skip a level going down (14-003), ``/Lang`` values that are language tags (11-006);
* fonts: every font embedded with a ToUnicode map or a standard encoding (31-009, 30-xxx).

``pdfa_failures(path)`` checks the PDF/A-2 structure: version 1.7 header, XMP with
``pdfaid:part`` 2 and ``conformance`` B and its extension schema for ``pdfuaid``, an uncompressed
metadata stream, a ``GTS_PDFA1`` output intent with an RGB ICC profile, a document ID, info
entries that agree with the XMP, no JavaScript, launch actions, embedded files, LZW,
``Interpolate``, transfer functions or encryption.
Both return a list of failure strings: empty means the file passes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pikepdf
from lxml import etree

STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
# Where the grouping elements may stand (ISO 32000-1 14.8.4, Matterhorn 09-xxx).
PARENTS = {
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
    "LI": {"L"},
    "Lbl": {"LI", "BibEntry", "Note"},
    "LBody": {"LI"},
    "TOCI": {"TOC"},
}
PAINT = frozenset(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"])
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}


def _xmp(pdf: pikepdf.Pdf):
    meta = pdf.Root.get("/Metadata")
    if meta is None:
        return None
    return etree.fromstring(meta.read_bytes())


def _xmp_value(xmp, path: str) -> list[str]:
    found = xmp.xpath(path, namespaces=NS)
    return [f if isinstance(f, str) else (f.text or "") for f in found]


def ua_failures(path: Path) -> list[str]:
    fails: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            fails.append("catalog: no /MarkInfo /Marked true")
        tree = root.get("/StructTreeRoot")
        if tree is None or "/ParentTree" not in tree:
            return fails + ["catalog: no /StructTreeRoot with a ParentTree"]
        if not str(root.get("/Lang", "")).strip():
            fails.append("catalog: no /Lang")
        prefs = root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            fails.append("catalog: DisplayDocTitle is not true")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            fails.append("info: no /Title")
        xmp = _xmp(pdf)
        if xmp is None:
            fails.append("catalog: no XMP metadata")
        else:
            if not any(t.strip() for t in _xmp_value(xmp, "//dc:title//rdf:li")):
                fails.append("XMP: no dc:title")
            if _xmp_value(xmp, "//@pdfuaid:part | //pdfuaid:part") != ["1"]:
                fails.append("XMP: pdfuaid:part is not 1")

        parent_tree = _number_tree(tree.ParentTree)
        owners: dict[tuple, tuple] = {}  # (page objgen, mcid) -> objgen of the element listing it
        fails += _walk_elements(tree, owners)
        pages = list(pdf.pages)
        found: set[tuple] = set()
        for number, page in enumerate(pages, 1):
            fails += _check_page(number, page, parent_tree, owners, found)
        for page_gen, mcid in sorted(set(owners) - found):
            fails.append(f"tree: MCID {mcid} on page object {page_gen} is not in that page's content")
        fails += _check_annotations(pages, parent_tree)
        fails += _check_fonts(pdf)
    return fails


def _number_tree(node) -> dict[int, pikepdf.Object]:
    out: dict[int, pikepdf.Object] = {}
    if "/Nums" in node:
        nums = node.Nums
        for i in range(0, len(nums), 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid))
    return out


def _walk_elements(tree, owners) -> list[str]:
    fails: list[str] = []
    headings: list[int] = []
    seen: set[tuple[int, int]] = set()

    def visit(element, page) -> None:
        if element.objgen in seen:
            fails.append(f"tree: element {element.objgen} reached twice")
            return
        seen.add(element.objgen)
        role = str(element.get("/S", ""))[1:]
        if role not in STANDARD_TYPES:
            fails.append(f"tree: non-standard structure type {role!r}")
        if role == "Figure" and not str(element.get("/Alt", "")).strip():
            fails.append("tree: Figure without Alt")
        if role == "TH":
            attrs = element.get("/A")
            attrs = [attrs] if isinstance(attrs, pikepdf.Dictionary) else list(attrs or [])
            if not any("/Scope" in a for a in attrs if isinstance(a, pikepdf.Dictionary)):
                fails.append("tree: TH without Scope")
        if role == "Note" and not str(element.get("/ID", "")).strip():
            fails.append("tree: Note without ID")
        if re.fullmatch(r"H[1-6]", role):
            level = int(role[1])
            if headings and level > headings[-1] + 1:
                fails.append(f"tree: heading H{level} after H{headings[-1]} skips a level")
            if not headings and level != 1:
                fails.append(f"tree: first heading is H{level}")
            headings.append(level)
        lang = element.get("/Lang")
        if lang is not None and not LANG_TAG.match(str(lang)):
            fails.append(f"tree: /Lang {str(lang)!r} is not a language tag")
        parent_role = str(element.get("/P", {}).get("/S", "") if "/P" in element else "")[1:]
        allowed = PARENTS.get(role)
        if allowed is not None and parent_role not in allowed:
            fails.append(f"tree: {role} inside {parent_role or 'the root'}")
        page = element.get("/Pg", page)
        kids = element.get("/K")
        if kids is None:
            fails.append(f"tree: {role} element without kids")
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int) or (
                isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer
            ):
                if page is None:
                    fails.append(f"tree: MCID {int(kid)} of a {role} with no page")
                else:
                    owners[(page.objgen, int(kid))] = element.objgen
            elif kid.get("/Type") == "/MCR":
                owners[(kid.Pg.objgen, int(kid.MCID))] = element.objgen
            elif kid.get("/Type") == "/OBJR":
                continue
            else:
                visit(kid, page)

    for top in tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]:
        visit(top, None)
    return fails


def _check_page(number: int, page, parent_tree, owners, found) -> list[str]:
    fails: list[str] = []
    stack: list[tuple[str, int | None]] = []  # (tag, mcid)
    outside = Counter()
    key = page.obj.get("/StructParents")
    mapped = parent_tree.get(int(key)) if key is not None else None
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        if op in ("BMC", "BDC"):
            tag = str(instruction.operands[0])[1:]
            mcid = None
            if op == "BDC":
                props = instruction.operands[1]
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
            if tag == "Artifact" and any(m is not None for _, m in stack):
                fails.append(f"page {number}: an artifact inside tagged content")
            if mcid is not None:
                if any(t == "Artifact" for t, _ in stack):
                    fails.append(f"page {number}: MCID {mcid} inside an artifact")
                if mapped is None or mcid >= len(mapped) or not isinstance(mapped[mcid], pikepdf.Dictionary):
                    fails.append(f"page {number}: MCID {mcid} not in the ParentTree")
                else:
                    if owners.get((page.obj.objgen, mcid)) != mapped[mcid].objgen:
                        fails.append(f"page {number}: MCID {mcid}'s ParentTree element does not list it")
                    if (page.obj.objgen, mcid) in found:
                        fails.append(f"page {number}: MCID {mcid} used twice")
                    found.add((page.obj.objgen, mcid))
            stack.append((tag, mcid))
        elif op == "EMC":
            if not stack:
                fails.append(f"page {number}: EMC without BMC/BDC")
            else:
                stack.pop()
        elif op in PAINT and not stack:
            outside[op] += 1
    if stack:
        fails.append(f"page {number}: marked content left open")
    for op, n in sorted(outside.items()):
        fails.append(f"page {number}: {n} '{op}' operator(s) outside marked content")
    return fails


def _check_annotations(pages, parent_tree) -> list[str]:
    fails: list[str] = []
    for number, page in enumerate(pages, 1):
        annots = page.obj.get("/Annots") or []
        if len(annots) and page.obj.get("/Tabs") != "/S":
            fails.append(f"page {number}: annotations but no /Tabs /S")
        for annot in annots:
            subtype = str(annot.get("/Subtype"))
            key = annot.get("/StructParent")
            element = parent_tree.get(int(key)) if key is not None else None
            if element is None:
                fails.append(f"page {number}: {subtype} annotation not in the structure tree")
                continue
            if subtype == "/Link" and element.get("/S") != "/Link":
                fails.append(f"page {number}: link annotation's element is {element.get('/S')}, not Link")
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            if not any(isinstance(k, pikepdf.Dictionary) and k.get("/Obj") == annot for k in kids):
                fails.append(f"page {number}: annotation's element has no OBJR to it")
            if subtype == "/Link" and not str(annot.get("/Contents", "")).strip():
                fails.append(f"page {number}: link annotation without /Contents")
    return fails


def _fonts(pdf):
    for page in pdf.pages:
        yield from _resource_fonts(page.obj.get("/Resources"), set())


def _resource_fonts(resources, seen):
    if resources is None:
        return
    yield from (resources.get("/Font") or {}).values()
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.get("/Subtype") == "/Form":
            yield from _resource_fonts(xobject.get("/Resources"), seen)


def _check_fonts(pdf) -> list[str]:
    fails, seen = [], set()
    for font in _fonts(pdf):
        if font.objgen in seen:
            continue
        seen.add(font.objgen)
        name = str(font.get("/BaseFont"))
        if font.get("/Subtype") == "/Type3":
            fails.append(f"font {name}: Type3")
            continue
        descendants = font.get("/DescendantFonts")
        target = descendants[0] if descendants is not None else font
        descriptor = target.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            fails.append(f"font {name}: not embedded")
        if "/ToUnicode" not in font:
            fails.append(f"font {name}: no ToUnicode map")
    return fails


def pdfa_failures(path: Path) -> list[str]:
    fails: list[str] = []
    data = Path(path).read_bytes()
    if data[:8] != b"%PDF-1.7":
        fails.append(f"header is {data[:8]!r}, not %PDF-1.7")
    second = data.split(b"\n", 2)[1] if data.count(b"\n") > 1 else b""
    if not (second.startswith(b"%") and sum(b > 127 for b in second[1:5]) == 4):
        fails.append("no binary comment after the header")
    if not data.rstrip().endswith(b"%%EOF"):
        fails.append("no %%EOF at the end")
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        meta = root.get("/Metadata")
        if meta is None:
            return fails + ["no XMP metadata"]
        if "/Filter" in meta:
            fails.append("metadata stream is compressed")
        xmp = _xmp(pdf)
        if _xmp_value(xmp, "//@pdfaid:part | //pdfaid:part") != ["2"]:
            fails.append("XMP: pdfaid:part is not 2")
        if _xmp_value(xmp, "//@pdfaid:conformance | //pdfaid:conformance") not in (["B"], ["U"]):
            fails.append("XMP: pdfaid:conformance is not B or U")
        if "http://www.aiim.org/pdfua/ns/id/" not in _xmp_value(xmp, "//pdfaSchema:namespaceURI"):
            fails.append("XMP: no PDF/A extension schema describing pdfuaid")
        intents = root.get("/OutputIntents") or []
        pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
        if len(pdfa) != 1:
            fails.append("no GTS_PDFA1 output intent")
        else:
            profile = pdfa[0].get("/DestOutputProfile")
            if profile is None or int(profile.get("/N", 0)) != 3 or profile.read_bytes()[16:20] != b"RGB ":
                fails.append("output intent: no RGB ICC profile")
        if len(pdf.trailer.get("/ID") or []) != 2:
            fails.append("trailer: no document ID")
        if pdf.is_encrypted:
            fails.append("encrypted")
        info = pdf.docinfo
        title = str(info.get("/Title", ""))
        if title and title not in _xmp_value(xmp, "//dc:title//rdf:li[@xml:lang='x-default']"):
            fails.append("info /Title differs from XMP dc:title x-default")
        for key, xpath in (
            ("/Author", "//dc:creator//rdf:li"),
            ("/Subject", "//dc:description//rdf:li[@xml:lang='x-default']"),
            ("/Keywords", "//@pdf:Keywords | //pdf:Keywords"),
            ("/Producer", "//@pdf:Producer | //pdf:Producer"),
            ("/Creator", "//@xmp:CreatorTool | //xmp:CreatorTool"),
        ):
            value = str(info.get(key, ""))
            if value and [value] != _xmp_value(xmp, xpath):
                fails.append(f"info {key} differs from the XMP")
        for key, xpath in (("/CreationDate", "//xmp:CreateDate"), ("/ModDate", "//xmp:ModifyDate")):
            value = str(info.get(key, ""))
            if value and [_iso(value)] != _xmp_value(xmp, xpath):
                fails.append(f"info {key} differs from the XMP")
        if "/JavaScript" in (root.get("/Names") or {}) or "/EmbeddedFiles" in (root.get("/Names") or {}):
            fails.append("catalog: JavaScript or embedded files")
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                continue
            d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            if d.get("/S") in ("/JavaScript", "/Launch") or "/AA" in d or "/JS" in d:
                fails.append(f"object {obj.objgen}: action PDF/A forbids")
            filters = d.get("/Filter")
            filters = [filters] if isinstance(filters, pikepdf.Name) else list(filters or [])
            if "/LZWDecode" in [str(f) for f in filters]:
                fails.append(f"object {obj.objgen}: LZW")
            if d.get("/ColorSpace") == "/DeviceCMYK":
                fails.append(f"object {obj.objgen}: DeviceCMYK image with an RGB output intent")
            if bool(d.get("/Interpolate", False)):
                fails.append(f"object {obj.objgen}: Interpolate")
            if d.get("/Type") == "/ExtGState" and ("/TR" in d or d.get("/TR2", "/Default") != "/Default"):
                fails.append(f"object {obj.objgen}: transfer function")
        fails += _check_widths(pdf)
        for number, page in enumerate(pdf.pages, 1):
            for ins in pikepdf.parse_content_stream(page):
                if str(ins.operator) in ("k", "K"):
                    fails.append(f"page {number}: DeviceCMYK colour with an RGB output intent")
                    break
            for annot in page.obj.get("/Annots") or []:
                flags = int(annot.get("/F", 0))
                if not flags & 4 or flags & 3:
                    fails.append(f"page {number}: annotation not printed, or hidden")
    return fails


def _iso(pdf_date: str) -> str:
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)", pdf_date)
    if not m:
        return pdf_date
    y, mo, d, h, mi, s, sign, zh, zm = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{sign}{zh}:{zm}"


def _check_widths(pdf) -> list[str]:
    """PDF/A-2 6.2.11.5 and 6.2.11.6 for simple TrueType fonts: the /Widths agree with the embedded
    program's advances, and a symbolic font has no /Encoding and one cmap subtable (or a (3,0) one)."""
    import io

    from fontTools.ttLib import TTFont

    fails, seen = [], set()
    for font in _fonts(pdf):
        if font.objgen in seen or font.get("/Subtype") != "/TrueType":
            continue
        seen.add(font.objgen)
        descriptor = font.get("/FontDescriptor")
        if descriptor is None or "/FontFile2" not in descriptor:
            continue
        program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
        name = str(font.BaseFont)
        tables = program["cmap"].tables
        if int(descriptor.Flags) & 4:
            if "/Encoding" in font:
                fails.append(f"font {name}: symbolic with an /Encoding")
            if len(tables) != 1 and not any((t.platformID, t.platEncID) == (3, 0) for t in tables):
                fails.append(f"font {name}: symbolic with {len(tables)} cmap subtables and no (3,0)")
        cmap, scale = tables[0].cmap, 1000 / program["head"].unitsPerEm
        first, widths = int(font.FirstChar), [float(w) for w in font.Widths]
        for code, glyph in cmap.items():
            if first <= code < first + len(widths):
                advance = program["hmtx"][glyph][0] * scale
                if abs(widths[code - first] - advance) > 1:
                    fails.append(
                        f"font {name}: width of code {code} is {widths[code - first]}, its glyph {advance:.0f}"
                    )
                    break
    return fails
