"""The reference document's style table (docx_styles.yaml): rows resolved against the theme."""

from __future__ import annotations

import dataclasses

import pytest
from tests.writers.samples import make_theme

from reportgen.writers.docx_style_specs import StyleSpec, block_table_specs, resolve, style_specs


def by_name(specs: list[StyleSpec]) -> dict[str, StyleSpec]:
    return {spec.name: spec for spec in specs}


def test_sizes_and_colours_follow_the_theme():
    theme = make_theme()
    specs = by_name(style_specs(theme))
    assert specs["Body Text ZH"].size == theme.sizes["body_zh"] == 11
    assert specs["Body Text EN"].leading == pytest.approx(theme.sizes["leading"] * 0.92)
    assert specs["Caption"].size == theme.sizes["caption"] + 0.5
    assert specs["Cover Meta"].size == theme.sizes["subtitle"] - 2
    assert specs["Heading 3"].colour == theme.colours["secondary"]
    assert (specs["TOC 1"].bold, specs["TOC 2"].bold, specs["TOC 1"].sid) == (True, False, "TOC1")
    larger = dataclasses.replace(theme, sizes={**theme.sizes, "title": 23.3, "leading": 1.4})
    again = by_name(style_specs(larger))
    assert again["Title EN"].size == 16.8  # 23.3 x 0.72 = 16.776: a scaled size is rounded to 0.1 pt
    assert again["Body Text ZH"].leading == 1.4
    assert by_name(block_table_specs(theme))["Note Text"].size == theme.sizes["body_zh"] - 0.5


def test_a_theme_without_a_leading_gets_one_and_a_half_lines():
    theme = make_theme()
    sizes = {k: v for k, v in theme.sizes.items() if k != "leading"}
    spec = resolve({"name": "X", "size": "body_zh", "leading": "leading"}, dataclasses.replace(theme, sizes=sizes))
    assert spec.leading == 1.5


def test_a_row_naming_no_theme_size_is_refused():
    with pytest.raises(ValueError, match=r"docx_styles.yaml: size: 'titel \* 2' names no theme size"):
        resolve({"name": "X", "size": "titel * 2"}, make_theme())
