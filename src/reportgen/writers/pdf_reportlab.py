"""ReportLab's paragraph module, imported with its one costly pattern compiled on first use.

Importing ``reportlab.platypus.paragraph`` compiles a URL pattern (``uri_pat``) with
``re.IGNORECASE`` over the range ``\\xa1-\\uffff``; case-folding that range makes it the costliest
regular expression of a whole build: ~30 ms of every process that writes a PDF (~60 ms on a
loaded machine), more than the other ~270 patterns compiled at import together. ReportLab uses it
only to split an over-long URL across lines. So the import runs with ``re.compile`` giving, for a
pattern of that kind only (case-insensitive, spanning ``\\uffff``), a stand-in that compiles it the
first time it is used; every other pattern compiles as usual, and ``re.compile`` is restored at
once. The writers import ReportLab through this module first (:mod:`reportgen.writers.pdf`).
"""

from __future__ import annotations

import re
import sys

from reportgen.text.deferred import DeferredPattern

_real_compile = re.compile


def _costly(pattern: object, flags: int) -> bool:
    return isinstance(pattern, str) and bool(flags & re.IGNORECASE) and "\uffff" in pattern


def _compile(pattern, flags=0):
    if _costly(pattern, flags):
        return DeferredPattern(pattern, flags)
    return _real_compile(pattern, flags)


if "reportlab.platypus.paragraph" not in sys.modules:
    re.compile = _compile
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = _real_compile
