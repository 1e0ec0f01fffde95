"""Tagged PDF (PDF/UA-1) and PDF/A-2b on real outputs: the flagship and Lakeside in every layout
and edition — "Tagged: yes", the structure tree's text in the document model's reading order and
languages (``pdfinfo -struct-text``), and 0 failures of the in-test PDF/UA and PDF/A checker."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.layout import arrange
from reportgen.model import Span
from reportgen.model.walk import texts

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_ua_check import pdfa_failures, ua_failures  # noqa: E402, F401 (pdfa: the standards test)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "briefing"
EXAMPLES = {
    "guancheng": ROOT / "examples/guancheng/briefing.yaml",
    "lakeside": ROOT / "examples/lakeside/briefing.yaml",
}
EDITIONS = {
    "interleaved": (("--layout", "interleaved"), "interleaved", ("zh", "en")),
    "parallel": (("--layout", "parallel"), "parallel", ("zh", "en")),
    "sequential": (("--layout", "sequential"), "sequential", ("zh", "en")),
    "zh": (("--lang", "zh"), "interleaved", ("zh",)),
    "en": (("--lang", "en"), "interleaved", ("en",)),
}
CASES = [(example, edition) for example in EXAMPLES for edition in EDITIONS]
NOT_PRINTED = frozenset({"spec", "alt"})
LANG = {"zh": "zh-CN", "en": "en-US"}


@pytest.fixture(scope="module")
def documents():
    return {name: compose(load_content(path), TEMPLATE) for name, path in EXAMPLES.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory, run_cli):
    base = tmp_path_factory.mktemp("tagged")
    out = {}
    for example, path in EXAMPLES.items():
        for edition, (flags, _, langs) in EDITIONS.items():
            folder = base / example / edition
            proc = run_cli("build", path, "--out", folder, "--format", "pdf", *flags, timeout=600)
            assert proc.returncode == 0, proc.stderr
            stem = "briefing" if len(langs) == 2 else f"briefing.{langs[0]}"
            out[(example, edition)] = folder / f"{stem}.pdf"
    return out


# -- pdfinfo -struct-text -----------------------------------------------------------------------------
_ELEMENT = re.compile(r"^(\s*)([A-Za-z0-9]+)(?: <[^>]*>)?(?: \((?:block|inline)\))?:?$")


def struct_leaves(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(role, text, enclosing roles) of every element that holds text, in the order pdfinfo prints."""
    lines = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    out: list[list] = []  # [element number, role, text, parents]
    stack: list[tuple[int, str, int]] = []  # (indent, role, element number)
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        if text.startswith('"'):
            while stack and stack[-1][0] >= indent:
                stack.pop()
            owner = stack[-1][2] if stack else -1
            if out and out[-1][0] == owner:
                out[-1][2] += text[1:-1]
            else:
                out.append([owner, stack[-1][1] if stack else "", text[1:-1], tuple(r for _, r, _ in stack[:-1])])
            continue
        m = _ELEMENT.match(line)
        if m:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, m.group(2), number))
    return [(role, text, parents) for _, role, text, parents in out]


def squash(text: str) -> str:
    # pdfinfo joins a paragraph's lines without a space, and keeps a hyphen set at a line end.
    return re.sub(r"[\s\u00ad-]+", "", text)


def expected(document, layout: str, langs) -> list[tuple[str, str]]:
    """(language, text) of every text a reader meets, in the layout's reading order."""
    arrangement = arrange(document, layout, langs)
    out = []
    for placed in arrangement:
        block_texts = []
        for text in texts(placed.block, NOT_PRINTED):
            if text is getattr(placed.block, "caption", None) and placed.caption is not None:
                text = placed.caption
            for lang in placed.show(text):
                spans = text.spans(lang)
                printed = "".join(s.text if isinstance(s, Span) else str(arrangement.mark(s.id)) for s in spans)
                block_texts.append((lang, printed))
        if type(placed.block).__name__ == "Cover":
            # The one block printed in an order other than its fields' (issuer above the dateline).
            block_texts.sort(key=lambda t: squash(t[1]))
        out += block_texts
    return out


def tree_texts(path: Path, cover_count: int) -> list[str]:
    leaves = [
        (role, text)
        for role, text, parents in struct_leaves(path)
        if role not in ("Note", "Figure", "TOCI", "Link") and "Note" not in parents
    ]
    cover = sorted(leaves[:cover_count], key=lambda t: squash(t[1]))
    return [squash(text) for _, text in cover + leaves[cover_count:]]


@pytest.mark.parametrize(("example", "edition"), CASES)
def test_pdfinfo_reports_tagged(built, example, edition):
    info = subprocess.run(["pdfinfo", str(built[(example, edition)])], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), info.stdout


@pytest.mark.parametrize(("example", "edition"), CASES)
def test_structure_tree_reads_the_model_in_order(built, documents, example, edition):
    _, layout, langs = EDITIONS[edition]
    want = expected(documents[example], layout, langs)
    cover = sum(
        len(placed.show(t))
        for placed in arrange(documents[example], layout, langs)
        if type(placed.block).__name__ == "Cover"
        for t in texts(placed.block, NOT_PRINTED)
    )
    got = tree_texts(built[(example, edition)], cover)
    want = [squash(text) for _, text in want]
    # A quote's attribution is printed after a dash the renderer adds ("—— 居民" / "— A resident").
    got = [g if g in want else g.lstrip("—") for g in got]
    assert got == want


@pytest.mark.parametrize(("example", "edition"), CASES)
def test_structure_elements_carry_their_language(built, documents, example, edition):
    """Each text element's language: its /Lang where it differs from the catalog's, else the catalog's."""
    _, layout, langs = EDITIONS[edition]
    document = documents[example]
    same = {squash(t.zh) for b in document.blocks for t in texts(b) if t.zh == t.en}  # "41%": either
    want = {squash(text): lang for lang, text in expected(document, layout, langs) if squash(text) not in same}
    path = built[(example, edition)]
    printed = [(role, text) for role, text, _ in struct_leaves(path) if role != "Figure"]
    with pikepdf.open(path) as pdf:
        doc_lang = str(pdf.Root.Lang)
        assert doc_lang == LANG[langs[0]]
        elements = [e for e in _content_elements(pdf.Root.StructTreeRoot.K[0]) if e.S != "/Figure"]
        assert [str(e.S)[1:] for e in elements] == [role for role, _ in printed]
        checked = 0
        for element, (_, text) in zip(elements, printed, strict=True):
            lang = want.get(squash(text))
            if lang is not None:
                assert str(element.get("/Lang", doc_lang)) == LANG[lang], text
                checked += 1
        assert checked > 20


def _content_elements(element) -> list:
    """Elements that own marked content, depth first (the order pdfinfo prints them in)."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    own = any(not isinstance(k, pikepdf.Dictionary) or k.get("/Type") == "/MCR" for k in kids)
    out = [element] if own else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            out += _content_elements(kid)
    return out


@pytest.mark.parametrize(("example", "edition"), CASES)
def test_pdf_ua_checker_passes(built, example, edition):
    assert ua_failures(built[(example, edition)]) == []


def test_checker_finds_what_breaks_the_rules(built, tmp_path):
    """The checker is not vacuous: content outside marked content, a Figure without Alt, an
    annotation outside the tree, a missing /Lang and a heading that skips a level all fail it."""
    path = tmp_path / "broken.pdf"
    with pikepdf.open(built[("lakeside", "interleaved")]) as pdf:
        page = pdf.pages[1]
        page.contents_add(pdf.make_stream(b"0 0 m 10 10 l S"), prepend=False)
        del pdf.Root.Lang
        for element in _content_elements(pdf.Root.StructTreeRoot.K[0]):
            if element.S == "/Figure":
                del element.Alt
            if element.S == "/H2":
                element.S = pikepdf.Name.H3
        for page in pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                del annot.StructParent
        pdf.save(path)
    fails = "\n".join(ua_failures(path))
    assert "page 2: 1 'S' operator(s) outside marked content" in fails
    assert "Figure without Alt" in fails
    assert "catalog: no /Lang" in fails
    assert "skips a level" in fails
    assert "annotation not in the structure tree" in fails
