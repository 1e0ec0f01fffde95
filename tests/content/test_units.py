"""The units registry and scales: figures in any CLDR unit or currency read right in both languages.

Expected strings are written out in full; an English amount's spaces are U+00A0 (never split).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from reportgen.content.quantities import chart_label, figure_text, format_en, format_zh, unit_label
from reportgen.content.schema import Figure
from reportgen.content.units import UnknownUnit, resolve, zh_unit_words

NB = "\u00a0"

REPO = Path(__file__).resolve().parents[2]


def nb(text: str) -> str:
    return text.replace(" ", NB)


def fig(value, unit, **more) -> Figure:
    return Figure(label={"zh": "标签", "en": "label"}, value=value, unit=unit, period="2020", **more)


@pytest.mark.parametrize(
    ("value", "unit", "zh", "en"),
    [
        (1_250_000_000, "EUR", "12.5亿欧元", "EUR 1.25 billion"),
        (3_500_000_000, "HKD", "35亿港元", "HKD 3.5 billion"),
        (85_000, "JPY", "8.5万日元", "JPY 85,000"),
        (1850, "km2", "1850平方公里", "1,850 km²"),
        (1850, "km²", "1850平方公里", "1,850 km²"),
        (36_000, "GWh", "3.6万吉瓦时", "36,000 GWh"),
        (36_000, "MWh", "3.6万兆瓦时", "36,000 MWh"),
        (1_200_000, "tCO2e", "120万吨二氧化碳当量", "1.2 million tCO₂e"),
        (4_500_000, "m3", "450万立方米", "4.5 million m³"),
        (35, "μg/m³", "35微克/立方米", "35 μg/m³"),
        (35, "ug/m3", "35微克/立方米", "35 μg/m³"),
        (44_000, "people", "4.4万人", "44,000 people"),
        (1, "people", "1人", "1 person"),
        (52_000, "CNY/people", "5.2万元/人", "CNY 52,000 per person"),
        (1, "duration-day", "1天", "1 day"),
        (84, "days", "84天", "84 days"),
        (6.3, "pp", "6.3个百分点", "6.3 percentage points"),
        (12, "square-kilometer", "12平方公里", "12 km²"),
        (2.5, "length-kilometer", "2.5公里", "2.5 km"),
        (300, "area-hectare", "300公顷", "300 ha"),
    ],
)
def test_any_unit_reads_right_in_both_languages(value, unit, zh, en):
    f = fig(value, unit)
    assert format_zh(f) == zh
    assert format_en(f) == nb(en)


def test_trillion_reads_per_scale_setting():
    value = 1.523e12
    assert format_zh(fig(value, "CNY")) == "1.523万亿元"
    assert format_zh(fig(value, "CNY", scale={"zh": "亿"})) == "15230亿元"
    assert format_en(fig(value, "CNY")) == nb("CNY 1.523 trillion")
    assert format_en(fig(value, "CNY", scale={"en": "billion"})) == nb("CNY 1,523 billion")
    assert chart_label(fig(value, "CNY")).en == nb("CNY 1.523 tn")


@pytest.mark.parametrize(
    ("value", "scale", "precision", "zh", "en"),
    [
        (1_200_300_000_000, {"en": "billion"}, None, "1.2003万亿元", "CNY 1,200.3 billion"),
        (69_000, {"en": "thousand", "zh": "none"}, None, "69000元", "CNY 69 thousand"),
        (69_000, {"en": "none"}, None, "6.9万元", "CNY 69,000"),
        (1_523_456_789, None, {"decimals": 1}, "15.2亿元", "CNY 1.5 billion"),
        (1_550_000_000, None, {"decimals": 1}, "15.5亿元", "CNY 1.6 billion"),  # half up, on the shown digits
        (1_000_000_000, None, {"decimals": 2}, "10.00亿元", "CNY 1.00 billion"),
        (1_523_456_789, None, {"digits": 3}, "15.2亿元", "CNY 1.52 billion"),
        (9_996_000_000, None, {"digits": 3}, "100亿元", "CNY 10.0 billion"),
    ],
)
def test_scale_and_precision(value, scale, precision, zh, en):
    f = fig(value, "CNY", scale=scale, precision=precision)
    assert (format_zh(f), format_en(f)) == (zh, nb(en))


def test_precision_must_pick_one_rule():
    with pytest.raises(ValidationError, match="either `decimals` or `digits`"):
        fig(1.0, "CNY", precision={"decimals": 1, "digits": 2})


def test_unknown_unit_suggests_the_nearest_names():
    with pytest.raises(UnknownUnit) as err:
        resolve("EURO")
    assert err.value.suggestions == ["EUR"]
    with pytest.raises(ValidationError, match=r"unknown unit 'kmh2'; did you mean"):
        fig(1.0, "kmh2")
    with pytest.raises(UnknownUnit, match="'CNY/peeple'; did you mean"):
        resolve("CNY/peeple")


def test_names_come_from_cldr_not_tables():
    # Units no table in reportgen mentions: CLDR supplies both languages and the plural forms.
    f = fig(2, "volume-liter")
    assert (format_zh(f), format_en(f)) == ("2升", nb("2 L"))
    assert format_en(fig(3, "duration-year")) == nb("3 years")
    assert format_en(fig(1, "duration-year")) == nb("1 year")
    assert format_zh(fig(7_000_000, "GBP")) == "700万英镑"
    assert unit_label(fig(1, "km2")) == unit_label(fig(2, "area-square-kilometer"))
    assert (unit_label(fig(1, "km2")).zh, unit_label(fig(1, "km2")).en) == ("平方公里", "km²")


def test_every_zh_unit_word_is_known_to_the_line_breaker():
    from reportgen.text.linebreak import segments

    words = zh_unit_words()
    assert {"兆瓦时", "吉瓦时", "平方公里", "立方米", "吨二氧化碳当量", "欧元", "港元", "人", "微克"} <= words
    for word in sorted(words):
        text = f"总计3.6万{word}，"
        assert f"3.6万{word}，" in segments(text), word


def test_ratio_and_kinds_in_cells():
    assert format_zh(fig([2.1, 41.3, 56.6], "ratio")) == "2.1:41.3:56.6"
    assert format_en(fig([2.1, 41.3, 56.6], "ratio")) == "2.1:41.3:56.6"
    change = fig(-46.1, "percent", kind="change")
    assert (figure_text(change).zh, figure_text(change).en) == ("\u221246.1%", "\u221246.1%")
    rise = fig(9.5, "percent", kind="change")
    assert figure_text(rise).en == "+9.5%"
    assert chart_label(rise).zh == "+9.5%"


def template_with_theme_edit(tmp_path, old: str, new: str):
    """A copy of the bundled template whose theme.yaml has ``old`` replaced by ``new``."""
    import shutil

    template = tmp_path / "briefing"
    shutil.copytree(REPO / "templates" / "briefing", template)
    theme_file = template / "theme.yaml"
    text = theme_file.read_text(encoding="utf-8")
    assert old in text
    theme_file.write_text(text.replace(old, new), encoding="utf-8")
    return template


def test_theme_default_scale_reaches_every_figure(tmp_path):
    from reportgen.compose import compose
    from reportgen.content import load_content
    from reportgen.model import Paragraph
    from reportgen.theme import load_theme

    template = template_with_theme_edit(
        tmp_path, "numbers: {scale: {zh: auto, en: auto}}", "numbers: {scale: {zh: 亿, en: billion}}"
    )
    theme = load_theme(template)
    assert theme.number_scale == ("亿", "billion")
    loaded = load_content(REPO / "tests" / "data" / "units_briefing.yaml")
    doc = compose(loaded, template, number_scale=theme.number_scale)
    text = " ".join(b.text.zh + b.text.en for b in doc.blocks if isinstance(b, Paragraph))
    assert "15230亿元" in text and nb("CNY 1,523 billion") in text  # 1.523×10¹² under the theme's scale
    assert "4.5亿港元" not in text and "35亿港元" in text
    default = compose(loaded, template)  # no theme scale given: auto
    assert "1.523万亿元" in " ".join(b.text.zh for b in default.blocks if isinstance(b, Paragraph))


def test_bad_theme_scale_is_bad_input(tmp_path):
    from reportgen.errors import InputError
    from reportgen.theme import load_theme

    template = template_with_theme_edit(tmp_path, "{zh: auto, en: auto}", "{zh: 千, en: auto}")
    with pytest.raises(InputError, match="numbers.scale.zh '千' is not one of"):
        load_theme(template)
