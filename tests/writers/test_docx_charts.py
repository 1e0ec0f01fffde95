"""Native DOCX charts: the chart parts, their caches and workbooks, read back from real outputs."""

from __future__ import annotations

import io
import posixpath
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests.office import libreoffice_pdf

from reportgen import model
from reportgen.charts import kinds as chart_kinds
from reportgen.charts.style import fix, pick, value_label
from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.layout import arrange
from reportgen.writers.docx_charts import NATIVE_KINDS

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
R_ID = f"{{{NS['r']}}}id"
# What each kind must become in Word: the plot element and, for bars, their direction.
EXPECTED = {
    "bar": ("barChart", "col"),
    "hbar": ("barChart", "bar"),
    "grouped_bar": ("barChart", "col"),
    "stacked_bar": ("barChart", "col"),
    "bar_line": ("barChart", "col"),  # and a lineChart on a second axis
    "line": ("lineChart", None),
    "pct_change": ("barChart", "bar"),
    "donut": ("doughnutChart", None),
}


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = part.rsplit("/", 1)
    root = etree.fromstring(zf.read(f"{folder}/_rels/{name}.rels"))
    out = {}
    for rel in root.findall("rel:Relationship", NS):
        target = rel.get("Target")
        out[rel.get("Id")] = target if target.startswith("/") else f"/{folder}/{target}"
    return {k: posixpath.normpath(v) for k, v in out.items()}


def native_charts(path: Path) -> list[dict]:
    """Every chart drawing of a DOCX, in document order, with its parts parsed."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.findall("ct:Override", NS)}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types.findall("ct:Default", NS)}
        body = etree.fromstring(zf.read("word/document.xml"))
        doc_rels = _rels(zf, "word/document.xml")
        found = []
        for inline in body.iter(f"{{{NS['wp']}}}inline"):
            ref = inline.find(".//c:chart", NS)
            if ref is None:
                continue
            chart_part = doc_rels[ref.get(R_ID)]
            assert chart_part.lstrip("/") in names, chart_part
            assert overrides.get(chart_part) == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
            space = etree.fromstring(zf.read(chart_part.lstrip("/")))
            external = space.find("c:externalData", NS)
            workbook_part = _rels(zf, chart_part.lstrip("/"))[external.get(R_ID)]
            assert workbook_part.lstrip("/") in names, workbook_part
            ext = workbook_part.rsplit(".", 1)[1]
            assert (overrides.get(workbook_part) or defaults.get(ext)).endswith("spreadsheetml.sheet")
            found.append(
                {
                    "docPr": inline.find("wp:docPr", NS),
                    "space": space,
                    "workbook": zf.read(workbook_part.lstrip("/")),
                }
            )
    return found


def cached_numbers(ser) -> list[float | None]:
    cache = ser.find("c:val/c:numRef/c:numCache", NS)
    count = int(cache.find("c:ptCount", NS).get("val"))
    values: list[float | None] = [None] * count
    for pt in cache.findall("c:pt", NS):
        values[int(pt.get("idx"))] = float(pt.find("c:v", NS).text)
    return values


def cached_strings(ref) -> list[str]:
    return [pt.find("c:v", NS).text for pt in ref.findall(".//c:strCache/c:pt", NS)]


@pytest.fixture(scope="module")
def flagship_charts() -> list[model.Chart]:
    document = compose(load_content(FLAGSHIP), TEMPLATE)
    return [p.block for p in arrange(document, "interleaved") if isinstance(p.block, model.Chart)]


@pytest.fixture(scope="module")
def built_native(flagship_build):
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    return native_charts(flagship_build.docx)


def test_every_chart_kind_has_a_native_mapping():
    kinds = set(chart_kinds.names())
    missing = kinds - set(NATIVE_KINDS)
    assert not missing, f"chart kinds with no native DOCX mapping in writers/docx_charts.NATIVE_KINDS: {missing}"
    assert set(EXPECTED) >= kinds, "add the expected Word chart type of each new kind to EXPECTED"


def test_flagship_docx_holds_one_native_chart_per_chart(built_native, flagship_charts):
    assert len(built_native) == len(flagship_charts) == 7


def test_native_charts_carry_the_content_numbers(built_native, flagship_charts):
    for found, chart in zip(built_native, flagship_charts, strict=True):
        plot_tag, direction = EXPECTED[chart.spec.kind]
        plot = found["space"].find(f"c:chart/c:plotArea/c:{plot_tag}", NS)
        assert plot is not None, (chart.id, plot_tag)
        if direction:
            assert plot.find("c:barDir", NS).get("val") == direction
        series = plot.findall("c:ser", NS)
        assert len(series) == len(chart.spec.series)
        for ser, data in zip(series, chart.spec.series, strict=True):
            assert cached_numbers(ser) == [None if v is None else float(v) for v in data.values], chart.id
            categories = cached_strings(ser.find("c:cat", NS))
            assert categories == [fix(pick(c, "zh+en")) for c in chart.spec.categories]
            # the data labels say what the picture chart says, in both languages
            labels = ["\n".join(t.text for t in d.iterfind(".//a:t", NS)) for d in ser.findall("c:dLbls/c:dLbl", NS)]
            assert labels == [fix(value_label(lab, "zh+en")) for lab in data.labels]


def test_embedded_workbooks_hold_the_same_numbers_and_labels(built_native, flagship_charts):
    openpyxl = pytest.importorskip("openpyxl")
    for found, chart in zip(built_native, flagship_charts, strict=True):
        sheet = openpyxl.load_workbook(io.BytesIO(found["workbook"])).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert [h for h in header[1:]] == [fix(pick(s.name, "zh+en", sep=" / ")) for s in chart.spec.series]
        assert [r[0] for r in body] == [fix(pick(c, "zh+en")) for c in chart.spec.categories]
        for k, data in enumerate(chart.spec.series, start=1):
            assert [r[k] for r in body] == pytest.approx([float(v) for v in data.values])


def test_native_charts_have_alt_text_and_east_asian_font(built_native, flagship_charts):
    for found, chart in zip(built_native, flagship_charts, strict=True):
        assert found["docPr"].get("descr") == f"{chart.alt.zh}\n{chart.alt.en}"
        assert found["docPr"].get("name") == chart.id
        fonts = found["space"].findall("c:txPr//a:defRPr/a:ea", NS)
        assert fonts and all(f.get("typeface") == "Noto Sans CJK SC" for f in fonts)


def test_single_language_edition_charts_show_one_language(run_cli, tmp_path):
    proc = run_cli("build", FLAGSHIP, "--out", tmp_path, "--lang", "en", "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    charts = native_charts(tmp_path / "briefing.en.docx")
    assert len(charts) == 7
    for found in charts:
        text = "".join(found["space"].itertext())
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text[:200]


def test_docx_charts_image_keeps_the_300_ppi_pictures(run_cli, tmp_path):
    proc = run_cli("build", FLAGSHIP, "--out", tmp_path, "--format", "docx", "--docx-charts", "image")
    assert proc.returncode == 0, proc.stderr
    docx = tmp_path / "briefing.docx"
    assert native_charts(docx) == []
    with zipfile.ZipFile(docx) as zf:
        assert not [n for n in zf.namelist() if n.startswith("word/charts/")]
        body = etree.fromstring(zf.read("word/document.xml"))
        rels = _rels(zf, "word/document.xml")
        pictures = 0
        for inline in body.iter(f"{{{NS['wp']}}}inline"):
            blip = inline.find(".//a:blip", NS)
            inches = int(inline.find("wp:extent", NS).get("cx")) / 914400
            if blip is None or inches <= 3:  # the cover mark
                continue
            png = zf.read(rels[blip.get(f"{{{NS['r']}}}embed")].lstrip("/"))
            pictures += 1
            assert struct.unpack(">I", png[16:20])[0] / inches >= 300
    assert pictures == 7


@pytest.mark.parametrize("args", [["--docx-charts", "vector"]])
def test_an_unknown_chart_mode_is_bad_input(run_cli, tmp_path, args):
    proc = run_cli("build", FLAGSHIP, "--out", tmp_path, *args)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "vector" in proc.stderr


def test_a_theme_can_choose_pictures(run_cli, tmp_path):
    template = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, template)
    theme = template / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8") + "\ndocx_charts: image\n", encoding="utf-8")
    proc = run_cli("build", FLAGSHIP, "--out", tmp_path, "--template", template, "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    assert native_charts(tmp_path / "briefing.docx") == []
    theme.write_text(theme.read_text(encoding="utf-8") + "\ndocx_charts: fancy\n", encoding="utf-8")
    proc = run_cli("build", FLAGSHIP, "--out", tmp_path, "--template", template, "--format", "docx")
    assert proc.returncode == 2 and "docx_charts" in proc.stderr


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler")
def test_libreoffice_draws_every_native_chart(flagship_build, flagship_charts, tmp_path):
    pdf = libreoffice_pdf(flagship_build.docx, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = "".join(text.split())
    for chart in flagship_charts:
        for series in chart.spec.series:
            for label in series.labels:
                if chart.spec.kind == "donut":
                    continue  # LibreOffice may hide a slice label that does not fit inside it
                for line in fix(value_label(label, "zh+en")).split("\n"):
                    assert "".join(line.split()) in flat, (chart.id, line)
        words = set(text.split())
        for category in chart.spec.categories:
            # wrapped axis labels sit side by side, so pdftotext interleaves their lines: check words
            assert set(category.en.split()) <= words, (chart.id, category.en)


def test_openxml_audit_finds_no_errors(flagship_build):
    pytest.importorskip("openxml_audit")
    exe = shutil.which("openxml-audit") or str(Path(__import__("sys").executable).parent / "openxml-audit")
    proc = subprocess.run([exe, str(flagship_build.docx)], capture_output=True, text=True, timeout=240)
    assert "Errors: 0" in proc.stdout, proc.stdout[-2000:]


def _one_chart_per_kind() -> list[model.Chart]:
    from reportgen.charts.axes import with_axes

    T = model.Text
    charts = []
    for kind in NATIVE_KINDS:
        first = (12.5, -3.0, 40.0) if kind not in ("stacked_bar", "bar_line") else (12.5, 3.0, 40.0)
        series = [model.Series(T("2015年", "2015"), first, (T("12.5亿元", "CNY 1.25 bn"),) * 3)]
        if kind in ("grouped_bar", "line", "stacked_bar"):
            series.append(model.Series(T("2020年", "2020"), (20.0, None, 60.0), (T("20亿元", "CNY 2 bn"),) * 3))
        if kind == "bar_line":
            series.append(model.Series(T("增速", "Growth"), (5.0, 7.5, 6.0), (T("5%", "5%"),) * 3, unit=T("%", "%")))
        if kind == "donut":
            series = [model.Series(T("份额", "Share"), (40.0, 35.0, 25.0), (T("40%", "40%"),) * 3)]
        spec = model.ChartSpec(
            kind=kind,
            title=T("标题", "Title"),
            categories=(T("甲", "Alpha"), T("乙", "Beta"), T("丙", "Gamma")),
            series=tuple(series),
            unit=T("亿元", "CNY billion"),
        )
        chart = model.Chart(id=f"c_{kind}", spec=with_axes(spec), caption=T("图", "Figure"), alt=T("替代", "Alt"))
        charts.append(chart)
    return charts


def test_every_kind_written_natively_from_a_hand_built_model(tmp_path):
    from tests.writers.samples import make_theme, sample_meta

    from reportgen.writers import WriteOptions
    from reportgen.writers.docx import write

    charts = _one_chart_per_kind()
    meta = sample_meta()
    options = WriteOptions(render_chart=lambda *a: pytest.fail("no picture for native charts"))
    path = tmp_path / "kinds.docx"
    path.write_bytes(write(model.Document(meta=meta, blocks=tuple(charts)), make_theme(), options))
    found = native_charts(path)
    assert len(found) == len(charts)
    for item, chart in zip(found, charts, strict=True):
        plot_tag, direction = EXPECTED[chart.spec.kind]
        plot = item["space"].find(f"c:chart/c:plotArea/c:{plot_tag}", NS)
        assert plot is not None, chart.spec.kind
        if direction:
            assert plot.find("c:barDir", NS).get("val") == direction
        plotted = item["space"].findall("c:chart/c:plotArea/*/c:ser", NS)
        for ser, data in zip(plotted, chart.spec.series, strict=True):
            assert cached_numbers(ser) == list(data.values)  # a missing value stays missing, not 0
        if chart.spec.kind == "bar_line":
            line = item["space"].find("c:chart/c:plotArea/c:lineChart", NS)
            assert len(line.findall("c:ser", NS)) == 1
            axes = item["space"].findall("c:chart/c:plotArea/c:valAx", NS)
            assert [a.find("c:axPos", NS).get("val") for a in axes] == ["l", "r"]
            assert all(a.find("c:title", NS) is not None for a in axes)  # each axis says its unit
        if chart.spec.kind in ("line", "bar_line"):
            axis = item["space"].find("c:chart/c:plotArea/c:valAx", NS)
            ticks = chart.spec.axes[0].ticks
            assert float(axis.find("c:scaling/c:min", NS).get("val")) == ticks[0]
            assert float(axis.find("c:scaling/c:max", NS).get("val")) == ticks[-1]
