"""How tables are laid out, one rule for both writers: column widths from their content, and
the caption a continued table repeats.

Input: for each column, the width of its longest unbreakable piece (``least``: a Chinese unit
the line breaker keeps whole, an English word, an amount such as "CNY 32.9 billion" whose spaces
are no-break spaces) and of its widest cell set on one line (``natural``), both with the cell's
padding, plus the room the table has.
Output: the column widths, summing to the room.

The rule is the automatic table layout of CSS 2.1 (17.5.2.2), which Word's "AutoFit to window"
approximates: every column gets at least its unbreakable width, so nothing is ever split inside
a word, a number or its unit; if every column fits on one line, each gets its natural width and
the spare room in proportion to it; otherwise the room left after the minimums goes to the columns
in proportion to how much they would still grow (a label column of long names, not a column of
short figures). Only when even the minimums overflow are they scaled down together.

The PDF writer measures with its registered fonts and passes the widths on to the DOCX in the
:class:`~reportgen.writers.Pagination` (as shares of the text width), so both formats break the
same cells; :func:`estimate` stands in when a DOCX is written without a PDF.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.model import Text

MIN_ROWS = 2  # body rows a page break leaves on each side of a split table (or it moves whole)


def continued_caption(label: Text | None, caption: Text) -> Text:
    """续表1 / "Table 1 (continued)": GB/T 7713's 续表 and the English house form, set above the
    header row a table repeats after a page break."""
    if label is None:
        return Text(zh=f"续表　{caption.zh}", en=f"{caption.en} (continued)")
    return Text(zh=f"续{label.zh}", en=f"{label.en} (continued)")


def column_widths(least: Sequence[float], natural: Sequence[float], room: float) -> list[float]:
    """Widths for columns needing at least ``least`` and at most ``natural`` to fit ``room``."""
    n = len(least)
    if n == 0:
        return []
    least = [max(float(w), 1.0) for w in least]
    natural = [max(float(w), lo) for w, lo in zip(natural, least, strict=True)]
    if sum(natural) <= room:
        spare = room - sum(natural)
        total = sum(natural)
        return [w + spare * w / total for w in natural]
    if sum(least) >= room:
        scale = room / sum(least)
        return [w * scale for w in least]
    spare = room - sum(least)
    grow = [hi - lo for lo, hi in zip(least, natural, strict=True)]
    total = sum(grow)
    return [lo + spare * g / total for lo, g in zip(least, grow, strict=True)]


def estimate(cells: Sequence[Sequence[str]], size: float, padding: float) -> tuple[list[float], list[float]]:
    """(least, natural) per column from character counts, when no writer has measured the fonts:
    a CJK character is an em, anything else half an em; unbreakable pieces split at plain spaces."""

    def width(text: str) -> float:
        return sum(size if ord(ch) >= 0x2E80 else size / 2 for ch in text) + padding

    columns = list(zip(*cells, strict=True)) if cells else []
    least = [max((width(piece) for text in col for piece in _pieces(text)), default=padding) for col in columns]
    natural = [max((width(line) for text in col for line in text.split("\n")), default=padding) for col in columns]
    return least, natural


def _pieces(text: str) -> list[str]:
    """Plain-space-separated words; a CJK run counts as breakable between characters."""
    out: list[str] = []
    for word in text.replace("\n", " ").split(" "):
        run = ""
        for ch in word:
            if ord(ch) >= 0x2E80:
                if run:
                    out.append(run)
                    run = ""
                out.append(ch + ch)  # two characters: the breaker never leaves one alone
            else:
                run += ch
        if run:
            out.append(run)
    return out
