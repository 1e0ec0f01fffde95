"""Checks on the parsed content before the schema sees it: values no stage downstream can handle.

Input: the parsed YAML/JSON document (nested dicts, lists, strings, numbers, dates).
Output: nothing, or an :class:`~reportgen.errors.InputError` naming file, line and field.

Why before the schema: these are properties of *any* value wherever it sits — a control
character would reach the DOCX XML (which refuses it) and the PDF (which shows nothing); a number
like ``1e308`` or ``5e-324`` breaks decimal formatting; a date after 2107 cannot be stored in the
DOCX zip; a document nested a thousand levels deep exhausts the recursion of every stage after
the parser. One walk, one rule set, independent of how the schema evolves.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from reportgen.content.yamlio import format_loc, line_of
from reportgen.errors import InputError
from reportgen.theme.checks import control_characters

MAX_DEPTH = 64  # the schema itself is a dozen levels deep
MAX_MAGNITUDE = 1e18  # a quintillion: beyond any amount a briefing states
MIN_MAGNITUDE = 1e-9  # smaller non-zero values cannot be written with the precision rules
YEARS = (1980, 2107)  # what a zip entry (the DOCX) can record
ALLOWED_CONTROLS = {"\n", "\t"}


def check_values(path: Path, raw: Any) -> None:
    problem = _first_problem(raw, [], 0, set())
    if problem is not None:
        loc, message = problem
        raise InputError(f"{path.name}:{line_of(raw, loc)}: {format_loc(loc)}: {message}")


def _first_problem(value: Any, loc: list, depth: int, seen: set[int]) -> tuple[list, str] | None:
    if depth > MAX_DEPTH:
        return loc, f"nested more than {MAX_DEPTH} levels deep"
    if isinstance(value, dict | list):
        # A YAML alias is the same object again: check it once, or nine aliases of nine aliases
        # (a "billion laughs" file) would take forever.
        if id(value) in seen:
            return None
        seen.add(id(value))
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return loc, f"key {key!r} must be text"
            found = _text_problem(key)
            if found:
                return loc, f"key {key!r}: {found}"
            found = _first_problem(item, [*loc, key], depth + 1, seen)
            if found:
                return found
        return None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_problem(item, [*loc, i], depth + 1, seen)
            if found:
                return found
        return None
    if isinstance(value, str):
        found = _text_problem(value)
        return (loc, found) if found else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        found = _number_problem(value)
        return (loc, found) if found else None
    if isinstance(value, dt.date):
        if not YEARS[0] <= value.year <= YEARS[1]:
            return loc, f"date {value.isoformat()} is outside the years {YEARS[0]}–{YEARS[1]}"
    return None


def _text_problem(text: str) -> str | None:
    bad = [ch for ch in control_characters(text) if ch not in ALLOWED_CONTROLS]
    if bad:
        return f"control character U+{ord(bad[0]):04X} is not allowed in text"
    return None


def _number_problem(value: int | float) -> str | None:
    if isinstance(value, int) and value.bit_length() > 64:
        return f"the number {str(value)[:12]}… is too large (at most {MAX_MAGNITUDE:.0e})"
    magnitude = abs(float(value))
    if not math.isfinite(magnitude):
        return "must be a finite number"
    if magnitude > MAX_MAGNITUDE:
        return f"the number {value!r} is too large (at most {MAX_MAGNITUDE:.0e})"
    if magnitude and magnitude < MIN_MAGNITUDE:
        return f"the number {value!r} is too small (non-zero values from {MIN_MAGNITUDE:.0e})"
    return None
