"""Regular expressions compiled the first time they are used, not when their module is imported.

Python compiles a character class over a wide range (CJK: ``[\\u2e80-\\u9fff]``) by filling a
65,536-entry table one code point at a time, ~3 ms a pattern; case-insensitive over ``\\uffff`` it
takes ~30 ms. A module whose patterns serve one path (drawing a chart, splitting a long URL)
should not charge that to every process that imports it.
"""

from __future__ import annotations

import re
from typing import Any

_compile = re.compile  # re's own, even while reportgen.writers.pdf_reportlab stands in for it


class DeferredPattern:
    """A compiled pattern's stand-in: the first attribute asked for compiles the real one, which
    then answers everything (``search``, ``sub``, ``pattern``, ``flags``...)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not have itself
        if self._compiled is None:
            self._compiled = _compile(*self._source)
        return getattr(self._compiled, name)
