"""The ``pdfops`` chart format, without matplotlib: what the PDF writer needs to read it.

A ``pdfops`` blob is one header line ``%reportgen-pdfops <width pt> <height pt>`` followed by a
PDF content-stream fragment (origin bottom left, in points) that needs no resources. It is
written by :mod:`reportgen.charts.pdfops`; this module stays import-light so a warm build that
only reads cached charts never loads matplotlib.
"""

from __future__ import annotations

HEADER = b"%reportgen-pdfops"
FORMAT = "pdfops"


def header(width_pt: float, height_pt: float, num=lambda x: f"{x:.3f}") -> bytes:
    return HEADER + f" {num(width_pt)} {num(height_pt)}\n".encode()


def parse(data: bytes) -> tuple[float, float, bytes]:
    """``(width_pt, height_pt, operators)`` of a ``pdfops`` blob; ValueError if it is not one."""
    head, _, ops = data.partition(b"\n")
    parts = head.split()
    if len(parts) != 3 or parts[0] != HEADER:
        raise ValueError("not a reportgen pdfops chart")
    return float(parts[1]), float(parts[2]), ops
