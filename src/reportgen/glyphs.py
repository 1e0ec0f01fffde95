"""Characters no font has are a build error wherever text is drawn, and too-long texts name their field.

Input: the composed document, the theme, the languages of the edition, and the loaded content
(to name the field and line of the offending text).
Output: nothing, or an :class:`~reportgen.errors.InputError` naming file, line and field.

Why: the body text's writer checks its own characters, but the running header (drawn straight
on the canvas) showed only the characters before the first one its face lacks, and a chart label
got a blank box with nothing but matplotlib's warning. Checked against the fonts' character maps
before anything is drawn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from reportgen import model
from reportgen.content import LoadedContent
from reportgen.content.yamlio import format_loc, line_of
from reportgen.errors import InputError
from reportgen.fonts import missing_chars
from reportgen.theme import Theme

_IGNORED = set(" \n\t\u00a0\u200b")


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _strings(item)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from _strings(getattr(obj, f.name))


def find_char(raw: Any, ch: str, loc: list | None = None) -> list | None:
    """The path of the first string in the parsed content that contains ``ch``."""
    loc = loc or []
    if isinstance(raw, str):
        return loc if ch in raw else None
    items = raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else ()
    for key, value in items:
        found = find_char(value, ch, [*loc, key])
        if found is not None:
            return found
    return None


def longest_text(raw: Any, loc: list | None = None) -> tuple[int, list]:
    """The longest string outside paragraphs (a label, period, heading or title: what cannot
    flow across pages) and its path."""
    loc = loc or []
    if isinstance(raw, str):
        return (0 if "paragraphs" in loc else len(raw)), loc
    items = raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else ()
    best = (0, loc)
    for key, value in items:
        best = max(best, longest_text(value, [*loc, key]), key=lambda pair: pair[0])
    return best


def _where(loaded: LoadedContent, ch: str) -> str:
    loc = find_char(loaded.raw, ch)
    if loc is None:
        return loaded.path.name
    return f"{loaded.path.name}:{line_of(loaded.raw, loc)}: {format_loc(loc)}"


def _check(texts: list[str], fonts: list, what: str, loaded: LoadedContent) -> None:
    chars = {ch for text in texts for ch in text} - _IGNORED
    if not chars:
        return
    lacking = set(chars)
    for path in fonts:
        lacking &= missing_chars(path, lacking) if lacking else set()
    if lacking:
        ch = min(lacking, key=lambda c: min(t.find(c) for t in texts if c in t) if texts else 0)
        raise InputError(f"{_where(loaded, ch)}: character {ch!r} (U+{ord(ch):04X}) is in no font of the {what}")


def check_drawn_text(document: model.Document, theme: Theme, langs: tuple[str, ...], loaded: LoadedContent) -> None:
    """The running header in its faces, and every chart text in the chart faces."""
    from reportgen.charts.style import CJK_ROLE, LATIN_ROLE

    short = document.meta.short_title
    if "zh" in langs:
        _check([short.zh], [theme.fonts["zh_heading"].regular], "running header (zh_heading)", loaded)
    if "en" in langs:
        _check([short.en], [theme.fonts["en_heading"].regular], "running header (en_heading)", loaded)
    chart_fonts = [theme.fonts[LATIN_ROLE].regular, theme.fonts[CJK_ROLE].regular]
    texts = [s for block in document.blocks if isinstance(block, model.Chart) for s in _strings(block.spec)]
    _check(texts, chart_fonts, "charts", loaded)


def too_long(loaded: LoadedContent) -> InputError:
    """The message for a text that did not fit its page or cell, naming the likeliest field."""
    length, loc = longest_text(loaded.raw)
    if not loc:
        return InputError(f"{loaded.path.name}: a text is too long to fit a page or a table cell")
    return InputError(f"{loaded.where(loc)}: text of {length:,} characters is too long to fit a page or a table cell")
