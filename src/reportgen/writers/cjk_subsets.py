"""The CJK font subsets a document needs, as conversion tasks that can run anywhere.

Input: a :class:`~reportgen.model.Document` and its :class:`~reportgen.theme.Theme`.
Output: picklable tasks, one per CJK face (each body and heading face, and the bold faces a theme
names), each converting the subset of the characters that face draws
(:func:`reportgen.writers.face_chars.document_chars`) into the font cache; biggest first.

The PDF registers exactly these subsets (:mod:`reportgen.writers.pdf_fonts`) and the DOCX embeds
the same files. The module imports neither writer, so the build process can list and run
the conversions before the writers start (:mod:`reportgen.warmup`) without loading ReportLab.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from reportgen.fonts import FontFile, truetype_for
from reportgen.model import Document
from reportgen.theme import Theme
from reportgen.theme.weights import cjk_bold_roles
from reportgen.writers.face_chars import document_chars

CJK_ROLES = ("zh_body", "zh_heading")


def cjk_faces(theme: Theme, chars: dict[str, set[str]]) -> list[tuple[str, FontFile, str]]:
    """(name, font, characters) of each CJK subset: each role's regular face (named by the role),
    then the bold faces the theme names (``<role>_bold``), which draw the bold text."""
    faces = [(role, theme.fonts[role].regular, "".join(sorted(chars[role]))) for role in CJK_ROLES]
    bold = "".join(sorted(chars["zh_bold"]))
    return faces + [(f"{role}_bold", theme.fonts[role].bold, bold) for role in cjk_bold_roles(theme)]


def font_tasks(document: Document, theme: Theme) -> list[Callable[[], Path]]:
    """One :func:`~reportgen.fonts.truetype_for` task per CJK subset, biggest character set first
    (the registry's hook for the PDF, :func:`reportgen.writers.font_tasks`)."""
    chars = document_chars(document)
    tasks = [functools.partial(truetype_for, font, text) for _, font, text in cjk_faces(theme, chars)]
    return sorted(tasks, key=lambda task: -len(task.args[1]))
