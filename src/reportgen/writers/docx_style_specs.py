"""The reference document's styles as data: the rows of ``docx_styles.yaml`` resolved against a theme.

Input: a :class:`reportgen.theme.Theme` (its sizes and colours).
Output: :class:`StyleSpec` values in styles.xml order — every number in points or multiples, every
colour ``#RRGGBB`` — which :mod:`reportgen.writers.docx_style_builder` writes as ``w:style`` XML.

The table is data so that a style is one row to read or change, and its theme-driven values
(``title * 0.72``, ``caption + 0.5``, ``primary``) say which theme value they follow.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from reportgen.theme import Theme

TABLE = "docx_styles.yaml"
# A theme value, optionally scaled or offset by a number: "title", "title * 0.72", "caption + 0.5".
_EXPRESSION = re.compile(r"^([a-z_][a-z0-9_]*)(?:\s*([*+-])\s*(\d+(?:\.\d+)?))?$")


@dataclass(frozen=True)
class StyleSpec:
    name: str
    base: str | None = "Normal"
    kind: str = "p"  # p(aragraph) or c(haracter)
    face: str = "body"  # body or heading
    size: float | None = None
    bold: bool | None = None
    colour: str | None = None
    jc: str | None = None
    before: float | None = None  # points
    after: float | None = None
    leading: float | None = None  # line height as a multiple; None leaves it inherited
    at_least: bool = False  # leading as an "at least" height (body text: never clips big glyphs)
    keep_next: bool = False
    outline: int | None = None
    first_line_chars: int | None = None
    lang: str | None = None  # "zh" or "en"
    style_id: str | None = None
    builtin_name: str | None = None  # the lowercase name Word uses for built-in styles
    # The kind of text (reportgen.theme.weights): its faces and weight then come from the one
    # table both writers read, overriding ``face`` and ``bold``.
    element: str | None = None

    @property
    def sid(self) -> str:
        """The w:styleId: the name without spaces unless the row gives one."""
        return self.style_id or self.name.replace(" ", "")


@functools.cache
def _table() -> dict[str, list[dict[str, Any]]]:
    import yaml

    text = resources.files("reportgen.writers").joinpath(TABLE).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _theme_value(value: Any, values: dict[str, float], field: str, round_products: bool) -> Any:
    if not isinstance(value, str):
        return value
    match = _EXPRESSION.match(value.strip())
    if match is None or match[1] not in values:
        raise ValueError(f"{TABLE}: {field}: {value!r} names no theme size")
    base, op, number = values[match[1]], match[2], float(match[3] or 0)
    if op == "*":
        # A scaled size is rounded to 0.1 pt (no 17.28 pt in Word's style pane); a scaled
        # leading is a plain multiple.
        return round(base * number, 1) if round_products else base * number
    return base + number if op == "+" else base - number if op == "-" else base


def resolve(row: dict[str, Any], theme: Theme) -> StyleSpec:
    """One table row as a spec: its size, leading and colour looked up in ``theme``."""
    values = {"leading": 1.5, **theme.sizes}
    fields = dict(row)
    if "size" in fields:
        fields["size"] = _theme_value(fields["size"], values, "size", round_products=True)
    if "leading" in fields:
        fields["leading"] = _theme_value(fields["leading"], values, "leading", round_products=False)
    if fields.get("colour") is not None:
        fields["colour"] = theme.colours[fields["colour"]]
    return StyleSpec(**fields)


def style_specs(theme: Theme) -> list[StyleSpec]:
    """The page, body, cover, caption, table-text, key-figure and heading styles."""
    return [resolve(row, theme) for row in _table()["styles"]]


def block_table_specs(theme: Theme) -> list[StyleSpec]:
    """The body blocks' styles of the table (footnotes, links, quotes, notes, table heads)."""
    return [resolve(row, theme) for row in _table()["block_styles"]]
