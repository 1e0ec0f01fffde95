"""Tagged PDF, file side: the recorded structure tree written into ReportLab's finished PDF.

Input: the PDF bytes ReportLab wrote (its pages already carry the marked content) and the
build's :class:`~reportgen.writers.pdf_tags.TagRecorder`.
Output: the PDF with ``/StructTreeRoot`` (elements in reading order, a ``ParentTree`` from every
page's MCIDs and every link annotation back to its element, an ``IDTree`` for the notes),
``/StructParents`` on the pages, ``/StructParent`` on the annotations, ``/MarkInfo`` and
``/ViewerPreferences /DisplayDocTitle``, written by pikepdf (qpdf) with a document ID computed
from the content, so the same input still gives the same bytes.

ReportLab has no structure tree of its own; adding the objects afterwards keeps the drawing code
untouched apart from the marked-content operators :mod:`reportgen.writers.pdf_tags` inserts.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from reportgen.writers.pdf_tags import LANG_TAGS, Element, TagRecorder


def write_tree(pdf: pikepdf.Pdf, recorder: TagRecorder) -> None:
    pages = pdf.pages
    by_page: dict[int, dict[int, pikepdf.Object]] = {}  # page index -> MCID -> element
    annotation_keys: list[pikepdf.Object] = []  # ParentTree values after the pages' keys
    ids: dict[str, pikepdf.Object] = {}
    doc_lang = recorder.doc_lang
    filled = _with_content(recorder.root)

    def make(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        kids = Array()
        first = element.content[0][0] if element.content else None
        if first is not None:
            node.Pg = pages[first - 1].obj
        for page, mcid in element.content:
            if page == first:
                kids.append(mcid)
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[page - 1].obj, MCID=mcid))
            by_page.setdefault(page - 1, {})[mcid] = node
        for page, index in element.annotations:
            link = _link(pdf, node, pages[page - 1].obj, index, element, len(pages) + len(annotation_keys))
            annotation_keys.append(link)
            kids.append(link)
        for kid in element.kids:
            if kid in filled:
                kids.append(make(kid, node))
        node.K = kids
        if element.lang and element.lang != doc_lang:
            node.Lang = String(LANG_TAGS[element.lang])
        if element.alt:
            node.Alt = String(element.alt)
        if element.attributes:
            node.A = Dictionary({"/" + k: Name("/" + v) for k, v in element.attributes.items()})
        if element.id:
            node.ID = String(element.id)
            ids[element.id] = node
        return node

    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    tree.K = Array([make(recorder.root, tree)])
    nums = Array()
    for index in sorted(by_page):
        mcids = by_page[index]
        nums.append(index)
        nums.append(Array([mcids.get(n, pikepdf.Object.parse(b"null")) for n in range(max(mcids) + 1)]))
        pages[index].obj.StructParents = index
    for n, link in enumerate(annotation_keys):
        nums.append(len(pages) + n)
        nums.append(link)
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = len(pages) + len(annotation_keys)
    if ids:
        names = Array()
        for key in sorted(ids):
            names.append(String(key))
            names.append(ids[key])
        tree.IDTree = pdf.make_indirect(Dictionary(Names=names))
    for page in pages:
        page.obj.Tabs = Name.S  # tab order follows the structure (PDF/UA, pages with annotations)
    root = pdf.Root
    root.StructTreeRoot = tree
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(LANG_TAGS[doc_lang])
    prefs = root.get("/ViewerPreferences")
    if prefs is None:
        prefs = root.ViewerPreferences = Dictionary()
    prefs.DisplayDocTitle = True  # the title, not the file name, in the window (PDF/UA)


def _link(pdf, parent, page, index: int, element: Element, key: int) -> pikepdf.Object:
    """A Link element owning the annotation (OBJR), which points back through ``key``."""
    annotation = page.Annots[index]
    annotation.StructParent = key
    annotation.F = 4  # printed (PDF/A), never hidden
    action = annotation.get("/A")
    uri = action.get("/URI") if action is not None else None
    if not str(annotation.get("/Contents", "")).strip():
        description = str(uri) if uri is not None else (element.text or "")[:200]
        annotation.Contents = String(description)
    return pdf.make_indirect(
        Dictionary(
            Type=Name.StructElem,
            S=Name.Link,
            P=parent,
            Pg=page,
            K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)]),
        )
    )


def _with_content(root: Element) -> set[Element]:
    """Elements that hold content somewhere below them (empty ones are left out of the file)."""
    filled: set[Element] = set()

    def visit(element: Element) -> bool:
        has = bool(element.content or element.annotations)
        for kid in element.kids:
            has = visit(kid) or has
        if has:
            filled.add(element)
        return has

    visit(root)
    filled.add(root)
    return filled


def finish(data: bytes, recorder: TagRecorder, apply_standard=None) -> bytes:
    """ReportLab's PDF with its structure tree (and, via ``apply_standard(pdf)``, XMP and output intent)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        write_tree(pdf, recorder)
        if apply_standard is not None:
            apply_standard(pdf)
        out = io.BytesIO()
        pdf.save(out, min_version="1.7", fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()
