"""Charts in compose: every kind's data form, null points, axes in the spec, reasons as exit-2 errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.compose import compose
from reportgen.content import load_content
from reportgen.errors import InputError
from reportgen.model import Chart

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
BUNDLED = ROOT / "templates" / "briefing"


def content_with(tmp_path, charts: dict, series: dict | None = None, figures: dict | None = None) -> Path:
    data = yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))
    data.setdefault("series", {}).update(series or {})
    data["figures"].update(figures or {})
    data["charts"].update(charts)
    data["sections"][1]["blocks"] += [{"type": "chart", "chart": name} for name in charts]
    path = tmp_path / "briefing.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def series(label_zh, label_en, unit, values):
    return {
        "label": {"zh": label_zh, "en": label_en},
        "unit": unit,
        "points": [{"period": 2016 + i, "value": v} for i, v in enumerate(values)],
    }


def chart(kind, names, field="series"):
    return {"type": kind, "title": {"zh": "标题", "en": "Title"}, field: names}


def charts_of(path) -> dict[str, Chart]:
    doc = compose(load_content(path), BUNDLED)
    return {b.id: b for b in doc.blocks if isinstance(b, Chart)}


def test_new_kinds_with_a_missing_point(tmp_path):
    path = content_with(
        tmp_path,
        {
            "mix": chart("stacked_bar", ["a", "b"]),
            "combo": chart("bar_line", ["a", "g"]),
            "two": chart("line", ["a", "b"]),
        },
        {
            "a": series("一产", "Primary", "CNY", [3.1e9, None, 3.6e9]),
            "b": series("二产", "Secondary", "CNY", [2.0e10, 2.2e10, 2.5e10]),
            "g": series("增速", "Growth rate", "percent", [5.1, -2.3, 7.0]),
        },
    )
    found = charts_of(path)
    mix, combo = found["mix"].spec, found["combo"].spec
    assert mix.series[0].values == (3.1e9, None, 3.6e9)  # a gap, not a zero
    assert mix.series[0].labels[1].en == "no data"
    assert mix.axes[0].ticks[0] == 0 and mix.axes[0].ticks[-1] >= 2.5e10 + 3.6e9
    assert mix.axes[0].unit.zh == "亿元" and mix.axes[0].zh_scale_en == "CNY 100 million"
    assert mix.axes[0].labels[-1].zh == "300" and mix.axes[0].labels[-1].en == "30"
    assert len(combo.axes) == 2 and combo.series[1].unit.en == "%"
    assert combo.axes[1].ticks[0] < -2.3 and combo.axes[1].ticks[-1] >= 7.0
    alt = found["two"].alt
    assert "2017年无数据" in alt.zh and "no data for 2017" in alt.en
    assert alt.en.startswith("Line chart: “Title”.") and alt.en.endswith(".")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (chart("donut", ["day_care", "zero"], "figures"), "a donut needs at least two positive parts"),
        (chart("bar_line", ["a"]), "a bar_line chart takes exactly 2 series, not 1"),
    ],
)
def test_what_a_kind_cannot_draw_is_an_input_error_naming_the_chart(tmp_path, entry, message):
    path = content_with(
        tmp_path,
        {"bad": entry},
        {"a": series("一产", "Primary", "CNY", [1e9, 2e9])},
        {"zero": {"label": {"zh": "无", "en": "None"}, "value": 0, "unit": "count", "period": 2020}},
    )
    with pytest.raises(InputError) as err:
        charts_of(path)
    assert "charts.bad" in str(err.value) and message in str(err.value)
    assert "briefing.yaml:" in str(err.value)  # the content line of the chart


def figure(label_zh, label_en, value, period):
    return {"label": {"zh": label_zh, "en": label_en}, "value": value, "unit": "count", "period": period}


def test_figures_sharing_a_label_are_named_by_what_tells_them_apart(tmp_path):
    """One measure in two years: each bar is named by its year, not twice by the same label."""
    path = content_with(
        tmp_path,
        {"years": chart("bar", ["v23", "v24"], "figures"), "mixed": chart("bar", ["v23", "v24", "jobs"], "figures")},
        figures={
            "v23": figure("游客人数", "Visitors", 1200000, "2023"),
            "v24": figure("游客人数", "Visitors", 1500000, "2024"),
            "jobs": figure("岗位", "Jobs", 9000, "2024"),
        },
    )
    charts = charts_of(path)
    years = charts["years"].spec.categories
    assert [(t.zh, t.en) for t in years] == [("2023年", "2023"), ("2024年", "2024")]
    mixed = charts["mixed"].spec.categories
    assert [(t.zh, t.en) for t in mixed] == [
        ("游客人数（2023年）", "Visitors (2023)"),
        ("游客人数（2024年）", "Visitors (2024)"),
        ("岗位", "Jobs"),
    ]
