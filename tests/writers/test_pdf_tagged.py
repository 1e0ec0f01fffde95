"""Tagged PDF (PDF/UA-1) and PDF/A-2b on real outputs: the flagship and Lakeside in every layout
and edition, built with ``--pdf-standard a-2b,ua-1`` — "Tagged: yes", the structure tree's text in
the document model's reading order and languages (``pdfinfo -struct-text``), and 0 failures of
the in-test PDF/UA and PDF/A checker (tests/pdf_ua_check.py); the default build is tagged too."""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from reportgen import api
from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.layout import arrange
from reportgen.model import Span
from reportgen.model.walk import texts

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pdf_ua_check import pdfa_failures, ua_failures  # noqa: E402

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
def built(tmp_path_factory, cache_dir):
    """Every edition of both examples with both standards, built in this process (reportgen.api:
    the bytes the command writes, which test_the_command_writes_the_same_bytes checks)."""
    base = tmp_path_factory.mktemp("tagged")
    out = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
        env.delenv("SOURCE_DATE_EPOCH", raising=False)
        for example, path in EXAMPLES.items():
            for edition, (_, layout, langs) in EDITIONS.items():
                lang = langs[0] if len(langs) == 1 else None
                pdf = api.render(path, formats="pdf", layout=layout, lang=lang, pdf_standard="a-2b,ua-1")["pdf"]
                target = base / example / f"{edition}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(pdf)
                out[(example, edition)] = target
    return out


def test_the_command_writes_the_same_bytes(built, run_cli, tmp_path):
    proc = run_cli(
        "build", EXAMPLES["guancheng"], "--out", tmp_path, "--format", "pdf", "--layout", "parallel",
        "--pdf-standard", "a-2b,ua-1",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "briefing.pdf").read_bytes() == built[("guancheng", "parallel")].read_bytes()


# -- pdfinfo -struct-text -----------------------------------------------------------------------------
_ELEMENT = re.compile(r"^(\s*)([A-Za-z0-9]+)(?: <[^>]*>)?(?: \((?:block|inline)\))?:?$")


@functools.cache
def struct_leaves(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(role, text, enclosing roles) of every element that holds text, in the order pdfinfo prints
    (kept: poppler takes seconds to print a tree, reading a page's content once per element)."""
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
        if role not in ("Note", "Figure", "TOCI", "Link", "Lbl") and "Note" not in parents
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


@pytest.mark.parametrize(("example", "edition"), CASES)
def test_pdf_a_checker_passes(built, example, edition):
    assert pdfa_failures(built[(example, edition)]) == []


def test_pdf_a_identification_and_output_intent(built):
    with pikepdf.open(built[("guancheng", "parallel")]) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["pdfuaid:part"] == "1"
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert '<rdf:li xml:lang="zh-CN">砥砺前行、收获满满，细数管城这五年</rdf:li>' in xmp
        assert 'xml:lang="en-US">Forging Ahead' in xmp
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert intent.DestOutputProfile.read_bytes() == (ROOT / "assets" / "sRGB.icc").read_bytes()
    assert pdf_header(built[("guancheng", "parallel")]) == b"%PDF-1.7"


def pdf_header(path: Path) -> bytes:
    return path.read_bytes()[:8]


def test_default_build_is_tagged_ua_without_a_pdf_a_claim(flagship_build):
    """Tagging is not an option: the plain build is PDF/UA-1 (XMP pdfuaid), and claims no PDF/A."""
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    assert ua_failures(flagship_build.pdf) == []
    with pikepdf.open(flagship_build.pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1" and "pdfaid:part" not in meta
        assert "/OutputIntents" not in pdf.Root
    assert "no PDF/A extension schema" in "\n".join(pdfa_failures(flagship_build.pdf))


def test_unknown_standard_is_bad_input(run_cli, tmp_path):
    done = run_cli("build", EXAMPLES["guancheng"], "--out", tmp_path, "--pdf-standard", "a-1b")
    assert done.returncode == 2
    assert (
        done.stderr.strip() == "reportgen: error: --pdf-standard: unknown PDF standard 'a-1b' (valid: ua-1, a-2b, a-2u)"
    )
    assert not any(tmp_path.iterdir())


AUDIT = next(
    (p / "shared" / "tools" / "briefing-audit" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "tools" / "briefing-audit",
)


@pytest.mark.skipif(not AUDIT.exists(), reason="needs the shared briefing-audit tool")
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_tagged_flagship_passes_the_typography_audit(built, edition):
    done = subprocess.run(
        [str(AUDIT), "--typography", str(built[("guancheng", edition)])], capture_output=True, text=True, timeout=300
    )
    assert done.stdout.strip().splitlines()[-1] == "audit: 0 problem(s)", done.stdout[-2000:]


def test_lists_label_their_items_and_the_contents_leave_the_leader_out(built):
    leaves = struct_leaves(built[("lakeside", "interleaved")])
    labels = [text for role, text, _ in leaves if role == "Lbl"]
    assert labels[:2] == ["1.", "a."] and "•" in labels
    entries = [squash(text) for role, text, _ in leaves if role == "TOCI"]
    assert entries and all(entry and "." not in entry and not entry[-1].isdigit() for entry in entries)


def test_tables_head_their_columns_and_rows(built):
    with pikepdf.open(built[("guancheng", "interleaved")]) as pdf:
        tables = [e for e in _all_elements(pdf.Root.StructTreeRoot.K[0]) if e.S == "/Table"]
        assert tables
        for table in tables:
            parts = {str(k.S): k for k in table.K}
            assert list(parts) == ["/Caption", "/THead", "/TBody"]
            head_cells = [c for tr in parts["/THead"].K for c in tr.K]
            assert {str(c.S) for c in head_cells} == {"/TH"} and {str(c.A.Scope) for c in head_cells} == {"/Column"}
            for tr in parts["/TBody"].K:
                first, *rest = list(tr.K)
                assert first.S == "/TH" and first.A.Scope == "/Row"
                assert {str(c.S) for c in rest} == {"/TD"} and len(rest) == len(head_cells) - 1


def _all_elements(element) -> list:
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    out = [element]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
            out += _all_elements(kid)
    return out


def test_dates_and_id_come_from_the_build_not_the_clock(cache_dir, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = api.render(EXAMPLES["lakeside"], formats="pdf", pdf_standard="a-2b,ua-1")["pdf"]
    assert api.render(EXAMPLES["lakeside"], formats="pdf", pdf_standard="a-2b,ua-1")["pdf"] == first
    with pikepdf.open(io.BytesIO(first)) as pdf:
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == "2023-11-14T22:13:20+00:00"
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320+00'00'"


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


def test_a_batch_passes_the_standard_to_every_report(run_cli, tmp_path):
    shutil.copytree(ROOT / "examples" / "districts", tmp_path / "districts")
    table = tmp_path / "districts" / "districts.csv"
    rows = table.read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join(rows[:3]) + "\n", encoding="utf-8-sig")  # the header and two districts
    out = tmp_path / "out"
    proc = run_cli(
        "build", tmp_path / "districts" / "briefing.yaml", "--each", "districts:district", "--out", out,
        "--format", "pdf", "--pdf-standard", "a-2b,ua-1", timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        assert ua_failures(pdf) == [] and pdfa_failures(pdf) == [], pdf.name
