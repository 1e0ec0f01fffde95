"""Each conversion rule with cases whose right answer is known (from the flagship article)."""

import datetime as dt

import pytest

from reportgen.content.quantities import change_text, date_text, fill, format_en, format_zh
from reportgen.content.schema import Figure


def fig(value, unit, measure=None, over=None, **more):
    return Figure(
        label={"zh": "标签", "en": "label"}, value=value, unit=unit, measure=measure, period="2020", over=over, **more
    )


def nb(text: str) -> str:
    """English amounts are unbreakable: their spaces are U+00A0."""
    return text.replace(" ", "\u00a0")


@pytest.mark.parametrize(
    ("value", "unit", "measure", "over", "zh", "en"),
    [
        (67_400_000_000, "CNY", "个", None, "674亿元", "CNY 67.4 billion"),
        (32_900_000_000, "CNY", "个", None, "329亿元", "CNY 32.9 billion"),
        (2_290_000_000, "CNY", "个", None, "22.9亿元", "CNY 2.29 billion"),
        (22_084_000_000, "CNY", "个", None, "220.84亿元", "CNY 22.084 billion"),
        (274_400_000_000, "CNY", "个", None, "2744亿元", "CNY 274.4 billion"),
        (110_000_000, "CNY", "个", None, "1.1亿元", "CNY 110 million"),
        (710_000_000, "USD", "个", None, "7.1亿美元", "USD 710 million"),
        (69_000, "count", "个", None, "6.9万个", "69,000"),
        (44_000, "count", "名", None, "4.4万名", "44,000"),
        (30_000, "count", "个", "多", "3万多个", "more than 30,000"),
        (350, "count", "座", "余", "350余座", "more than 350"),
        (4625, "count", "套", None, "4625套", "4,625"),
        (7500, "m2", "个", None, "7500平方米", "7,500 m²"),
        (8_090_000, "m2", "个", None, "809万平方米", "8.09 million m²"),
        (41, "percent", "个", None, "41%", "41%"),
        (1.4, "times", "个", None, "1.4倍", "1.4 times"),
        (84, "days", "个", None, "84天", "84 days"),
    ],
)
def test_figure_reads_right_in_each_language(value, unit, measure, over, zh, en):
    f = fig(value, unit, measure if unit == "count" else None, over)
    assert format_zh(f) == zh
    assert format_en(f) == nb(en).replace(nb("more than "), "more than ")


def test_negative_values_use_a_real_minus_and_abs_drops_it():
    f = fig(-46.1, "percent")
    assert format_zh(f) == "\u221246.1%"
    assert format_en(f, absolute=True) == "46.1%"


def test_change_between_periods():
    start, end = fig(32_900_000_000, "CNY"), fig(67_400_000_000, "CNY")
    assert change_text(start, end).en == "+104.9%"
    assert change_text(fig(35, "percent"), fig(41, "percent")).zh == "+6个百分点"
    assert change_text(fig(35, "percent"), fig(41.25, "percent")).en == nb("+6.3 pp")


def test_dates():
    text = date_text(dt.date(2021, 9, 15))
    assert (text.zh, text.en) == ("2021年9月15日", "15 September 2021")


def test_placeholders_fill_per_language_and_braces_escape():
    figures = {"gdp": fig(67_400_000_000, "CNY"), "pm": fig(-46.1, "percent")}
    assert fill("生产总值{gdp}，下降{pm:abs}", "zh", figures) == "生产总值674亿元，下降46.1%"
    assert (
        fill("GDP {gdp}, down {pm:abs} {{literal}}", "en", figures)
        == "GDP " + nb("CNY 67.4 billion,") + " down 46.1% {literal}"
    )
