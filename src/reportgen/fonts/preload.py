"""What converting glyphs loads, imported ahead by a forkserver whose workers may convert some.

An edit that adds characters to the content makes the PDF's worker convert their glyphs
(:mod:`reportgen.fonts.glyphs`) and assemble the subset (:mod:`reportgen.fonts.assemble`) before it
can lay out a line. Those modules load fontTools on first use: its CFF reader (which brings its
OpenType table classes, built at import), pens and font builder, and the table modules a subset
is made of — about 26 ms with the collector off, on the PDF's critical path if the worker loads
them itself. In the writers' forkserver they load on the other core, before the workers fork.
"""

from __future__ import annotations

import fontTools.cffLib  # noqa: F401 - the CFF reader (a variable face also loads fontTools.varLib: not preloaded)
import fontTools.fontBuilder  # noqa: F401 - the subset's assembly
import fontTools.pens.cu2quPen  # noqa: F401 - CFF cubics to TrueType quadratics
import fontTools.pens.recordingPen  # noqa: F401 - TrueType outlines, decomposed
import fontTools.pens.ttGlyphPen  # noqa: F401
from fontTools.ttLib import getTableModule

# The tables read from a source font or written into a subset (fontTools imports each on first use).
for _tag in ("CFF ", "CFF2", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "cmap"):
    getTableModule(_tag)
