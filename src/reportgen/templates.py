"""Finding a template folder by name (bundled) or by path."""

from __future__ import annotations

from pathlib import Path

from reportgen.compose import TEMPLATE_FILE
from reportgen.errors import InputError

DEFAULT_TEMPLATE = "briefing"


def bundled_templates_dir() -> Path:
    """The templates shipped with reportgen: in the wheel, or at the top of a source checkout."""
    packaged = Path(__file__).parent / "_bundled" / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def find_template(name_or_dir: str | None) -> Path:
    name_or_dir = name_or_dir or DEFAULT_TEMPLATE
    as_path = Path(name_or_dir)
    if as_path.is_dir():
        folder = as_path
    elif "/" not in name_or_dir and "\\" not in name_or_dir and (bundled_templates_dir() / name_or_dir).is_dir():
        folder = bundled_templates_dir() / name_or_dir
    else:
        known = sorted(p.name for p in bundled_templates_dir().iterdir() if (p / TEMPLATE_FILE).is_file())
        raise InputError(f"unknown template {name_or_dir!r} (bundled: {', '.join(known) or 'none'}; or give a folder)")
    if not (folder / TEMPLATE_FILE).is_file():
        raise InputError(f"{folder}: not a template folder (no {TEMPLATE_FILE})")
    return folder.resolve()
