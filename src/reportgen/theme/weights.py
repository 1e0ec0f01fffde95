"""Which kinds of text are bold, and which face sets them: one table for both writers.

Input: a :class:`~reportgen.theme.Theme`, a text element (``"heading"``, ``"table_head"`` …) and
the script (``"zh"`` or ``"en"``).
Output: a :class:`Face`: the theme role whose face draws it and whether that is the role's bold.

Why one table: the PDF and the DOCX used to disagree (Chinese headings regular beside bold English
in the PDF, a synthetic Chinese bold beside regular English in the DOCX). Both writers now ask
:func:`face` — the PDF for the registered font, the DOCX for a style's ``w:b`` and East Asian font —
so an element has one weight in both scripts and both formats.

Bold is only ever a real bold face. An element marked bold is set in its role's ``bold`` face; a
Chinese role without one (a serif body: no OFL serif CJK bold is packaged) borrows the heading
role's bold (黑体 for emphasis in 宋体 text, as Chinese typesetting does); without any CJK bold the
Chinese stays regular. A writer never asks the renderer to embolden a face (Word's synthetic
bold smears CJK strokes, which a Chinese typesetter treats as a fault).
"""

from __future__ import annotations

from dataclasses import dataclass

# element -> (Latin role, CJK role) of its regular face. Keep in step with README "Fonts in themes".
ROLES: dict[str, tuple[str, str]] = {
    "title": ("en_heading", "zh_heading"),
    "subtitle": ("en_heading", "zh_heading"),
    "heading": ("en_heading", "zh_heading"),
    "key_figure_value": ("en_heading", "zh_heading"),
    "table_head": ("en_heading", "zh_heading"),
    "table_total": ("en_body", "zh_heading"),
    "note_title": ("en_heading", "zh_heading"),
    "strong": ("en_body", "zh_body"),
    "caption": ("en_heading", "zh_heading"),
    "running_header": ("en_heading", "zh_heading"),
}

# The elements set bold (in both scripts, both formats).
BOLD = frozenset({"title", "heading", "key_figure_value", "table_head", "table_total", "note_title", "strong"})


@dataclass(frozen=True, slots=True)
class Face:
    role: str  # a theme font role (reportgen.theme.ROLES)
    bold: bool  # the role's bold face (which the theme has), else its regular


def face(theme, element: str, lang: str) -> Face:
    """The face that sets ``element`` in ``lang`` ("zh" or "en")."""
    latin, cjk = ROLES[element]
    role = cjk if lang == "zh" else latin
    if element not in BOLD:
        return Face(role, False)
    if theme.fonts[role].bold is not None:
        return Face(role, True)
    if lang == "zh" and theme.fonts["zh_heading"].bold is not None:
        return Face("zh_heading", True)
    return Face(role, False)


def cjk_bold_roles(theme) -> tuple[str, ...]:
    """The CJK roles whose bold face a document may use."""
    return tuple(role for role in ("zh_body", "zh_heading") if theme.fonts[role].bold is not None)
