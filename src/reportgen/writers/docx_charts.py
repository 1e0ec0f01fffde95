"""Native Word charts: a :class:`~reportgen.model.Chart` as an editable DrawingML chart part.

Input: a chart block, the theme, the languages shown and the python-docx document being written.
Output: an inline ``w:drawing`` element (with alt text) that points at a new
``word/charts/chartN.xml`` part, which in turn links its data to an embedded workbook
``word/embeddings/Microsoft_Excel_WorksheetN.xlsx`` (``c:externalData``). In Word, "Edit Data"
opens that workbook; restyling the chart works as for any chart made in Word.

What is reused and what is ours: python-pptx writes the ``c:chartSpace`` XML
(:class:`pptx.chart.xmlwriter.ChartXmlWriter`), the workbook (through XlsxWriter) and styles
the chart through its object model (fills, data labels, axes, legend). A chart in a DOCX differs
from one in a PPTX only in where its parts live, so this module adds what python-pptx leaves to
PowerPoint: the parts and relationships in the Word package, the ``c:externalData`` link, the
East Asian font of the chart text (python-pptx sets only ``a:latin``), fixed workbook metadata
(byte-reproducible builds) and the inline drawing with ``wp:docPr descr``. The two parts' bytes
are cached per chart (:mod:`reportgen.writers.docx_chart_parts`): a warm build reads them and
never imports python-pptx.

The caches hold the content's own numbers (base units: 67400000000 for 674亿元), so the
workbook carries what the content says. Data labels are the formatted strings the picture
charts show (674亿元 / CNY 67.4 bn), stored as each label's text: a user who edits a number in
the workbook sees the bar move at once, and relabels it as in any Word chart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from reportgen.charts.style import fix, pick, value_label
from reportgen.model import Chart, ChartSpec, ValueAxis
from reportgen.theme import DOCX_CHART_MODES, Theme
from reportgen.writers.docx_chart_parts import cached_parts, fixed_workbook

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PER_MM = 36000
MODES = DOCX_CHART_MODES


@dataclass(frozen=True, slots=True)
class NativeKind:
    """How one chart kind maps onto a Word chart type."""

    chart_type: str  # an XL_CHART_TYPE member name
    value_axis: bool = False  # bars are read from their labels, so their value axis is left out
    per_point_colours: bool = False  # donut slices each take a palette colour
    legend: bool = False
    sign_colours: bool = False  # pct_change: rises and falls in the theme's two colours
    second_line: bool = False  # bar_line: the last series is a line on a second value axis


# One entry per chart kind of reportgen.charts.kinds; a test checks none is missing.
NATIVE_KINDS: dict[str, NativeKind] = {
    "bar": NativeKind("COLUMN_CLUSTERED"),
    "hbar": NativeKind("BAR_CLUSTERED"),
    "grouped_bar": NativeKind("COLUMN_CLUSTERED", legend=True),
    "stacked_bar": NativeKind("COLUMN_STACKED", legend=True),
    "line": NativeKind("LINE_MARKERS", value_axis=True, legend=True),
    "bar_line": NativeKind("COLUMN_CLUSTERED", value_axis=True, legend=True, second_line=True),
    "pct_change": NativeKind("BAR_CLUSTERED", sign_colours=True),
    "donut": NativeKind("DOUGHNUT", per_point_colours=True, legend=True),
}
BAR_KINDS = ("bar", "hbar", "grouped_bar", "stacked_bar", "pct_change")


def chart_height_mm(spec: ChartSpec, width_mm: float, langs: str) -> float:
    """Rows of bars need room per category; other kinds keep the picture charts' proportions."""
    if spec.kind in ("hbar", "pct_change"):
        per_row = 9.0 if "+" in langs else 7.0
        return min(max(40.0, 18.0 + per_row * len(spec.categories)), width_mm * 0.9)
    return width_mm * (0.6 if "+" in langs else 0.56)


def _chart_data(spec: ChartSpec, langs: str):
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format="General")
    data.categories = [fix(pick(c, langs, sep="\n")) for c in spec.categories]
    for series in spec.series:
        values = [None if v is None else float(v) for v in series.values]
        data.add_series(fix(pick(series.name, langs, sep=" / ")), values)
    return data


def _hex(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


_NUMBER = re.compile(r"[\u2212+-]?\d[\d,]*(?:\.\d+)?")


def display_scale(axis: ValueAxis, lang: str) -> float:
    """How many base units one shown number stands for on this axis (1e8 for 亿元, 1e9 for "CNY bn"),
    read off the axis's own tick labels so the native chart states the drawing's scale."""
    for tick, label in zip(axis.ticks, axis.labels, strict=True):
        match = _NUMBER.search(label.get(lang)) if tick else None
        if match:
            shown = float(match.group().replace(",", "").replace("\u2212", "-"))
            if shown:
                ratio = tick / shown
                power = round(math.log10(abs(ratio))) if ratio > 0 else 0
                if power > 0 and math.isclose(ratio, 10.0**power, rel_tol=1e-6):
                    return 10.0**power
    return 1.0


def _value_axis(native_axis, axis: ValueAxis, langs: str, theme: Theme, size, title: bool) -> None:
    """The spec's stated range, ticks and unit on a visible value axis (honest scale, one place)."""
    from pptx.util import Pt

    lang = "en" if langs == "en" else "zh"
    native_axis.visible = True
    native_axis.minimum_scale = axis.ticks[0]
    native_axis.maximum_scale = axis.ticks[-1]
    if len(axis.ticks) > 1:
        native_axis.major_unit = axis.ticks[1] - axis.ticks[0]
    native_axis.has_major_gridlines = True
    native_axis.major_gridlines.format.line.color.rgb = _hex(theme.colours.get("rule", "#C9C9C9"))
    native_axis.tick_labels.font.size = size
    native_axis.format.line.fill.background()
    unit = axis.unit.get(lang)
    if langs == "zh+en" and axis.zh_scale_en and axis.zh_scale_en not in unit:
        unit = f"{unit} / {axis.zh_scale_en}"
    scale = display_scale(axis, lang)
    if scale != 1.0:
        # Word divides the cached base-unit numbers by the scale: 67400000000 reads 674 (亿元).
        c = f"{{{C_NS}}}"
        el = native_axis._element
        units = etree.Element(c + "dispUnits")
        etree.SubElement(units, c + "custUnit", val=repr(scale))
        anchor = el.find(c + "crossBetween")
        if anchor is None:
            anchor = el.find(c + "crosses")
        anchor.addnext(units) if anchor is not None else el.append(units)
    if title:
        native_axis.has_title = True
        frame = native_axis.axis_title.text_frame
        frame.text = fix(unit)
        frame.paragraphs[0].runs[0].font.size = Pt(size.pt)
        frame.paragraphs[0].runs[0].font.bold = False


def _combine(space) -> None:
    """bar_line: move the last series into a line plot on a second value axis (right-hand side)."""
    c = f"{{{C_NS}}}"
    plot_area = space.find(f"{c}chart/{c}plotArea")
    bars = plot_area.find(c + "barChart")
    ser = bars.findall(c + "ser")[-1]
    bars.remove(ser)
    for tag in ("invertIfNegative", "pictureOptions", "shape"):
        for el in ser.findall(c + tag):
            ser.remove(el)
    line = etree.Element(c + "lineChart")
    etree.SubElement(line, c + "grouping", val="standard")
    etree.SubElement(line, c + "varyColors", val="0")
    line.append(ser)
    etree.SubElement(line, c + "marker", val="1")
    etree.SubElement(line, c + "axId", val="900001")
    etree.SubElement(line, c + "axId", val="900002")
    bars.addnext(line)
    last_axis = plot_area.findall(c + "valAx")[-1]
    second = etree.fromstring(
        f'<c:catAx xmlns:c="{C_NS}"><c:axId val="900001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="1"/><c:axPos val="b"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="900002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
    )
    value = etree.fromstring(
        f'<c:valAx xmlns:c="{C_NS}"><c:axId val="900002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="r"/><c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="900001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>'
    )
    last_axis.addnext(second)
    second.addnext(value)


def _style(chart, spec: ChartSpec, kind: NativeKind, theme: Theme, langs: str) -> None:
    """Fills, labels, axes and legend through python-pptx's chart object model."""
    from pptx.chart.axis import ValueAxis as NativeValueAxis
    from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    palette = theme.chart_colours
    size = Pt(theme.sizes.get("caption", 8.5))
    chart.has_title = False
    chart.font.size = size
    chart.font.name = theme.fonts["en_heading"].family
    chart.font.color.rgb = _hex(theme.colours.get("text", "#1F1F1F"))
    plots = list(chart.plots)
    natives = [ser for plot in plots for ser in plot.series]
    if spec.kind in BAR_KINDS or kind.second_line:
        plots[0].gap_width = 60
        plots[0].overlap = 100 if spec.kind == "stacked_bar" else 0
    for plot in plots:
        plot.vary_by_categories = spec.kind == "donut"
    values = [v for s in spec.series for v in s.values if v is not None]
    for s_index, (series, native) in enumerate(zip(spec.series, natives, strict=True)):
        colour = palette[s_index % len(palette)]
        is_line = spec.kind == "line" or (kind.second_line and s_index == len(spec.series) - 1)
        if not kind.per_point_colours:
            fill = native.format.fill
            fill.solid()
            fill.fore_color.rgb = _hex(colour)
            if is_line:
                native.format.line.color.rgb = _hex(colour)
                native.format.line.width = Pt(1.75)
                native.smooth = False
                native.marker.format.fill.solid()
                native.marker.format.fill.fore_color.rgb = _hex(colour)
        if hasattr(native, "invert_if_negative"):
            native.invert_if_negative = False
        for i, point in enumerate(native.points):
            if series.values[i] is None:
                continue  # a gap: no bar, no point, no label
            if kind.per_point_colours or kind.sign_colours:
                if kind.sign_colours:
                    shade = palette[0] if series.values[i] >= 0 else palette[1 % len(palette)]
                else:
                    shade = palette[i % len(palette)]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _hex(shade)
            label = point.data_label
            label.text_frame.text = fix(value_label(series.labels[i], langs, sep="\n"))
            label.font.size = size
            if spec.kind == "stacked_bar":
                label.position = XL_LABEL_POSITION.CENTER
                label.font.color.rgb = _hex("#FFFFFF")  # inside a dark segment
            elif is_line:
                label.position = XL_LABEL_POSITION.ABOVE
            elif spec.kind in BAR_KINDS or kind.second_line:
                label.position = XL_LABEL_POSITION.OUTSIDE_END
    if spec.kind == "donut":
        _legend(chart, size, XL_LEGEND_POSITION.BOTTOM)
        return
    value_axes = [NativeValueAxis(el) for el in chart._chartSpace.findall(f".//{{{C_NS}}}valAx")]
    for n, native_axis in enumerate(value_axes):
        axis = spec.axes[n] if n < len(spec.axes) else None
        if kind.value_axis and axis is not None:
            _value_axis(native_axis, axis, langs, theme, size, title=kind.second_line)
            continue
        native_axis.has_major_gridlines = False
        native_axis.visible = False
        # Room beyond the longest bar for its outside-end label, which would otherwise wrap.
        top = max(0.0, max(values))
        bottom = min(0.0, min(values))
        if axis is not None and spec.kind == "stacked_bar":
            top, bottom = axis.ticks[-1], min(axis.ticks[0], 0.0)
        span = (top - bottom) or 1.0
        native_axis.maximum_scale = top + span * 0.22 if top > 0 else 0.0
        native_axis.minimum_scale = bottom - span * 0.22 if bottom < 0 else 0.0
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = size
    category_axis.format.line.color.rgb = _hex(theme.colours.get("rule", "#C9C9C9"))
    category_axis.has_major_gridlines = False
    # Level labels that wrap rather than tilt: Word and LibreOffice rotate long ones by default.
    body = category_axis._element.find(f"{{{C_NS}}}txPr/{{{A_NS}}}bodyPr")
    if body is not None:
        body.set("rot", "0")
        body.set("vert", "horz")
    if spec.kind in ("hbar", "pct_change"):
        category_axis.reverse_order = True  # first category on top, as in the picture
    if spec.kind in ("hbar", "pct_change") or min(values) < 0:
        # beside the plot, never on the zero line where a negative bar and its label are
        category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if kind.legend and len(spec.series) > 1:
        _legend(chart, size, XL_LEGEND_POSITION.BOTTOM)
    else:
        chart.has_legend = False


def _legend(chart, size, position) -> None:
    chart.has_legend = True
    chart.legend.position = position
    chart.legend.include_in_layout = False
    chart.legend.font.size = size


def _east_asian_font(space, theme: Theme) -> None:
    """Every text property the chart defines names the CJK face for Chinese characters as well."""
    family = theme.fonts["zh_heading"].family
    for rpr in space.iter(f"{{{A_NS}}}defRPr", f"{{{A_NS}}}rPr"):
        latin = rpr.find(f"{{{A_NS}}}latin")
        if rpr.find(f"{{{A_NS}}}ea") is None:
            ea = etree.Element(f"{{{A_NS}}}ea", typeface=family)
            if latin is not None:
                latin.addnext(ea)
            else:
                rpr.append(ea)


def _finish_space(space, workbook_rid: str, lang: str) -> None:
    """Elements python-pptx leaves to PowerPoint's defaults, which Word reads otherwise."""
    c = f"{{{C_NS}}}"
    for old in (space.find(c + "lang"), space.find(c + "roundedCorners")):
        if old is not None:
            space.remove(old)
    date1904 = space.find(c + "date1904")
    lang_el = etree.Element(c + "lang", val=lang)
    corners = etree.Element(c + "roundedCorners", val="0")  # absent means rounded in Word
    date1904.addnext(lang_el)
    lang_el.addnext(corners)
    # python-pptx's templates carry negative axis ids, which the schema (xsd:unsignedInt) rejects.
    ids: dict[str, str] = {}
    for el in space.iter(c + "axId", c + "crossAx"):
        el.set("val", ids.setdefault(el.get("val"), str(500000 + len(ids))))
    # No frame around the chart: the document's caption and spacing set it off.
    chart_el = space.find(c + "chart")
    frame = etree.Element(c + "spPr")
    etree.SubElement(frame, f"{{{A_NS}}}noFill")
    etree.SubElement(etree.SubElement(frame, f"{{{A_NS}}}ln"), f"{{{A_NS}}}noFill")
    chart_el.addnext(frame)
    external = etree.SubElement(space, c + "externalData", {f"{{{R_NS}}}id": workbook_rid})
    etree.SubElement(external, c + "autoUpdate", val="0")
    # schema order: ... chart, spPr, txPr, externalData, printSettings, userShapes, extLst
    for tag in ("printSettings", "userShapes", "extLst"):
        el = space.find(c + tag)
        if el is not None:
            space.remove(el)
            space.append(el)


def chart_parts(chart: Chart, theme: Theme, langs: str, timestamp) -> tuple[bytes, bytes]:
    """The chart XML (without its workbook link) and the workbook's bytes, for one chart: from
    the cache when it was written before (python-pptx is then never imported), else made."""
    spec = chart.spec
    return cached_parts(spec, theme, langs, timestamp, lambda: make_parts(spec, theme, langs, timestamp))


def make_parts(spec: ChartSpec, theme: Theme, langs: str, timestamp) -> tuple[bytes, bytes]:
    """:func:`chart_parts` made afresh, through python-pptx's chart writer and object model."""
    from pptx.chart.chart import Chart as PptxChart
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.oxml import parse_xml as pptx_parse

    kind = NATIVE_KINDS[spec.kind]
    data = _chart_data(spec, langs)
    xl_type = getattr(XL_CHART_TYPE, kind.chart_type)
    space = pptx_parse(ChartXmlWriter(xl_type, data).xml.encode("utf-8"))
    if kind.second_line:
        _combine(space)
    _style(PptxChart(space, None), spec, kind, theme, langs)
    _east_asian_font(space, theme)
    workbook = fixed_workbook(data.xlsx_blob, timestamp)
    return etree.tostring(space), workbook


def add_native_chart(document, chart: Chart, theme: Theme, langs: tuple[str, ...], width_mm: float, timestamp):
    """Add the chart's parts to the package and return its inline ``w:drawing`` element."""
    shown = "+".join(langs)
    xml, workbook = chart_parts(chart, theme, shown, timestamp)
    package = document.part.package
    chart_name = package.next_partname("/word/charts/chart%d.xml")
    number = int(str(chart_name).rsplit("chart", 1)[1].split(".")[0])
    workbook_part = Part(
        PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"), CT_XLSX, workbook, package
    )
    chart_part = Part(chart_name, CT_CHART, b"", package)
    workbook_rid = chart_part.relate_to(workbook_part, RT.PACKAGE)
    space = etree.fromstring(xml)
    _finish_space(space, workbook_rid, "zh-CN" if langs[0] == "zh" else "en-US")
    chart_part._blob = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
    chart_rid = document.part.relate_to(chart_part, RT.CHART)
    height_mm = chart_height_mm(chart.spec, width_mm, shown)
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    shape_id = document.part.next_id
    return parse_xml(
        f"<w:drawing {nsdecls('w', 'wp', 'a', 'r')}>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{shape_id}" name="Chart {shape_id}"/>'
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart xmlns:c="{C_NS}" r:id="{chart_rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
