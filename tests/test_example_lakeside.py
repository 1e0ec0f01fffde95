"""The second bundled example (Lakeside sustainability briefing): every block kind and inline form,
built in every layout and edition, 0 audit problems, and the PDF and DOCX carry the same texts in
the same order (the layout's reading order)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.reading_order import NOT_PRINTED, docx_body_text, missing_in_order, squash

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.layout import arrange
from reportgen.model import FootnoteRef, Image, ItemList, Note, PageBreak, Quote, Span, Table
from reportgen.model.walk import texts

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lakeside" / "briefing.yaml"
TEMPLATE = ROOT / "templates" / "briefing"
# The shared audit tool beside the checkout (/work/main) or beside the worktrees (/work/wt/NAME).
AUDIT = next(
    (p / "shared" / "tools" / "briefing-audit" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "tools" / "briefing-audit",
)
EDITIONS = [
    ("--layout", "interleaved"),
    ("--layout", "parallel"),
    ("--layout", "sequential"),
    ("--lang", "zh"),
    ("--lang", "en"),
]

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def document():
    return compose(load_content(EXAMPLE), TEMPLATE)


@pytest.fixture(scope="module")
def built(tmp_path_factory, run_cli):
    base = tmp_path_factory.mktemp("lakeside")
    out = {}
    for flag, value in EDITIONS:
        proc = run_cli("build", EXAMPLE, "--out", base / value, flag, value, timeout=600)
        assert proc.returncode == 0, proc.stderr
        stem = "briefing" if flag == "--layout" else f"briefing.{value}"
        out[value] = (base / value / f"{stem}.pdf", base / value / f"{stem}.docx")
    return out


MARK = "\u2063"  # stands for a footnote mark while comparing: the PDF prints its number in the text


def pieces(placed) -> list[str]:
    """The layout's reading order, each text cut at its footnote marks (the PDF prints the number
    there, the DOCX a footnote reference that is no text)."""
    out = []
    for item in placed:
        for text in texts(item.block, NOT_PRINTED):
            for lang in item.show(text):
                joined = "".join(s.text if isinstance(s, Span) else MARK for s in text.spans(lang))
                out += [p for p in joined.split(MARK) if p.strip()]
    return out


def pdf_pages(path: Path, raw: bool = False) -> list[str]:
    args = ["pdftotext", *(["-raw"] if raw else []), "-enc", "UTF-8", str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True)
    return text.stdout.split("\f")[:-1]


def test_uses_every_block_kind_and_inline_form(document):
    kinds = {type(b) for b in document.blocks}
    assert {ItemList, Table, Image, Quote, Note, PageBreak} <= kinds
    assert any(li.children for b in document.blocks if isinstance(b, ItemList) for li in b.items)
    assert any(isinstance(b, Table) and b.total for b in document.blocks)
    assert any(b.level == 3 for b in document.blocks if type(b).__name__ == "Heading")
    spans = [s for b in document.blocks for t in texts(b) for lang in ("zh", "en") for s in t.spans(lang)]
    styled = {
        (s.strong, s.emphasis, s.script, bool(s.link and s.internal), bool(s.link and not s.internal))
        for s in spans
        if isinstance(s, Span)
    }
    assert any(x[0] for x in styled) and any(x[1] for x in styled)
    assert {x[2] for x in styled} >= {"super", "sub"} and any(x[3] for x in styled) and any(x[4] for x in styled)
    refs = [s for s in spans if isinstance(s, FootnoteRef)]
    assert refs and len(document.footnotes) == 2
    assert "示例数据" in EXAMPLE.read_text(encoding="utf-8") and "illustrative data" in EXAMPLE.read_text(
        encoding="utf-8"
    )


def arrangement_of(document, edition: str):
    """The layout an edition's outputs render (a single-language edition: the template's interleaved)."""
    if edition in ("zh", "en"):
        return arrange(document, "interleaved", (edition,))
    return arrange(document, edition)


@pytest.mark.skipif(not AUDIT.exists(), reason="needs the shared briefing-audit tool")
@pytest.mark.parametrize("edition", [v for _, v in EDITIONS])
def test_every_edition_passes_the_audit_with_typography(built, document, edition):
    """Every output with --typography (letter-spaced Chinese, word gaps, split amounts, short last
    lines, pages more than a third empty; fonts embedded, compatibility mode, TOC page numbers):
    no finding at all, as a print shop would run it."""
    for path in built[edition]:
        done = subprocess.run([str(AUDIT), str(path), "--typography"], capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1) and done.stdout.strip().splitlines()[-1].startswith("audit:"), done.stdout
        problems = [ln for ln in done.stdout.splitlines() if ln.startswith("PROBLEM:")]
        assert problems == [], done.stdout[-2000:]


@pytest.mark.parametrize("layout", ["interleaved", "parallel", "sequential"])
def test_pdf_and_docx_carry_the_layouts_texts_in_order(built, document, layout):

    # The body, from the first heading: the cover and key-figure grid are read across by pdftotext.
    arrangement = arrange(document, layout)
    first = next(i for i, p in enumerate(arrangement) if type(p.block).__name__ == "Heading")
    body = arrangement.placed[first:]
    pdf, docx = built[layout]
    assert missing_in_order(pieces(body), docx_body_text(docx.read_bytes())) == []
    # The PDF in drawing order (-raw: side-by-side columns and table cells one after another);
    # hyphens left out on both sides, as English may be hyphenated at a line end.
    pdf_text = squash("".join(pdf_pages(pdf, raw=True))).replace("-", "")
    assert missing_in_order([p.replace("-", "") for p in pieces(body)], pdf_text) == []


def test_pdf_footnotes_sit_on_the_page_of_their_reference(built, document):
    for edition, langs in (("interleaved", ("zh", "en")), ("sequential", ("zh", "en")), ("en", ("en",))):
        pages = [squash(p) for p in pdf_pages(built[edition][0])]
        for block in document.blocks:
            for text in texts(block, NOT_PRINTED):
                for lang in langs:
                    for note_id in text.footnote_ids(lang):
                        before = squash(next(s.text for s in text.spans(lang) if isinstance(s, Span)))[:10]
                        note = squash(document.footnote(note_id).text.get(lang))[:10]
                        where = [i for i, p in enumerate(pages) if before in p]
                        assert where, (edition, before)
                        # on the page of (one of the copies of) the referencing text
                        assert any(note in pages[i] for i in where), (edition, note_id, lang)


def test_pdf_links_are_annotations_and_image_is_300_ppi(built, document):
    reader = PdfReader(str(built["interleaved"][0]))
    uris, internal = set(), 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if action is not None and action.get("/URI"):
                uris.add(action["/URI"])
            elif a.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    assert "https://example.org/lakeside" in uris and internal >= 2
    image = next(b for b in document.blocks if isinstance(b, Image) and b.path.suffix == ".png")
    from reportgen.theme import load_theme

    placed_in = image.width * load_theme(TEMPLATE).page.text_width_mm / 25.4
    widths = [
        x.get_object()["/Width"]
        for page in reader.pages
        for x in (page["/Resources"].get("/XObject") or {}).values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert widths and max(widths) / placed_in >= 300


def test_docx_image_has_alt_text_and_list_uses_numbering(built, document):
    with zipfile.ZipFile(built["interleaved"][1]) as zf:
        xml = zf.read("word/document.xml").decode()
        names = zf.namelist()
    image = next(b for b in document.blocks if isinstance(b, Image))
    assert re.search(r'descr="[^"]*' + re.escape(image.alt.zh[:6]), xml)
    assert "word/numbering.xml" in names and "word/footnotes.xml" in names and "<w:numPr>" in xml
