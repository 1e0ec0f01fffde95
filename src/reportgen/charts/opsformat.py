"""The ``pdfops`` chart format, without matplotlib: what the PDF writer needs to read it.

A ``pdfops`` blob is one header line ``%reportgen-pdfops <width pt> <height pt>``, a PDF
content-stream fragment (origin bottom left, in points) drawing the chart's shapes with no
resources, then a line ``%reportgen-text`` and one JSON object per drawn line of text:

    {"x": 12.5, "y": 30.1, "angle": 0, "size": 8.5, "rgb": [0.12, 0.12, 0.12],
     "runs": [["latin", 0, "674"], ["cjk", 12.66, "亿元"]]}

``x``/``y`` are the baseline's start, ``runs`` the pieces set in one face (``latin`` or
``cjk``, the theme's chart faces) with their offset along the baseline. The PDF writer sets
them as real text in the document's embedded fonts, so chart text can be searched, copied and
tagged. It is written by :mod:`reportgen.charts.pdfops`; this module stays import-light so a
warm build that only reads cached charts never loads matplotlib.
"""

from __future__ import annotations

import json

HEADER = b"%reportgen-pdfops"
TEXT_MARK = b"%reportgen-text\n"
FORMAT = "pdfops"
FACES = ("latin", "cjk")


def header(width_pt: float, height_pt: float, num=lambda x: f"{x:.3f}") -> bytes:
    return HEADER + f" {num(width_pt)} {num(height_pt)}\n".encode()


def text_lines(items: list[dict]) -> bytes:
    """The text section: deterministic JSON, one object per line."""
    body = b"".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for item in items)
    return TEXT_MARK + body


def parse(data: bytes) -> tuple[float, float, bytes]:
    """``(width_pt, height_pt, operators)`` of a ``pdfops`` blob; ValueError if it is not one."""
    head, _, rest = data.partition(b"\n")
    parts = head.split()
    if len(parts) != 3 or parts[0] != HEADER:
        raise ValueError("not a reportgen pdfops chart")
    ops, _, _ = rest.partition(TEXT_MARK)
    return float(parts[1]), float(parts[2]), ops


def parse_text(data: bytes) -> list[dict]:
    """The text items of a ``pdfops`` blob (see the module docstring), in drawing order."""
    _, mark, text = data.partition(TEXT_MARK)
    if not mark:
        return []
    items = [json.loads(line) for line in text.decode("utf-8").splitlines() if line.strip()]
    for item in items:
        if not all(run[0] in FACES for run in item["runs"]):
            raise ValueError("pdfops text names an unknown face")
    return items
