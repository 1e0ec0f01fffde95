"""Themes: the look of a template (fonts, colours, sizes, page), kept as data.

Input: ``theme.yaml`` in a template folder.
Output: a frozen :class:`Theme` that writers and the chart renderer read.

Font files are named by candidates ("pkg:module/path" inside an installed package, or
"system:Family" looked up with fontconfig); the first one found wins. Nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputError
from reportgen.paths import resolve_inside

ROLES = ("zh_body", "zh_heading", "en_body", "en_heading")


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font role: the family name Word shows and the files ReportLab/matplotlib read."""

    family: str
    regular: Path
    bold: Path | None = None
    italic: Path | None = None


@dataclass(frozen=True, slots=True)
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float
    footer_mm: float
    page_number: str  # a pattern with {n}

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


@dataclass(frozen=True, slots=True)
class Theme:
    page: Page
    fonts: dict[str, FontFace]  # role -> face; roles in ROLES
    sizes: dict[str, float]
    colours: dict[str, str]
    chart_colours: tuple[str, ...]
    logo: Path | None
    source: Path
    layout: str = "interleaved"  # the template's default layout (reportgen.layout.LAYOUTS)  # the theme.yaml it came from, for messages and the manifest

    def font(self, role: str) -> FontFace:
        return self.fonts[role]


PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "LETTER": (215.9, 279.4)}


def _find_font_file(candidates: list[str], where: str) -> Path:
    for cand in candidates:
        kind, _, rest = cand.partition(":")
        if kind == "pkg":
            module, _, inner = rest.partition("/")
            spec = importlib.util.find_spec(module)
            if spec and spec.submodule_search_locations:
                path = Path(list(spec.submodule_search_locations)[0]) / inner
                if path.is_file():
                    return path
        elif kind == "system":
            found = _fontconfig_lookup(rest)
            if found:
                return found
        else:
            raise InputError(f"{where}: font file {cand!r} must start with 'pkg:' or 'system:'")
    raise InputError(f"{where}: none of the font files is available: {', '.join(candidates)}")


def _fontconfig_lookup(family: str) -> Path | None:
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(
        ["fc-match", "--format=%{family}\n%{file}", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    # fc-match always answers with *something*; accept it only if the family matches.
    if len(out) == 2 and family.lower() in out[0].lower():
        return Path(out[1])
    return None


def _layout(name: object, path: Path) -> str:
    from reportgen.layout import LAYOUTS

    if name not in LAYOUTS:
        raise InputError(f"{path.name}: layout {name!r} is not one of {', '.join(LAYOUTS)}")
    return str(name)


def load_theme(template_dir: Path) -> Theme:
    from reportgen.content.yamlio import load_mapping  # local: theme loading is rare

    path = template_dir / "theme.yaml"
    data = load_mapping(path)
    where = path.name
    try:
        page = data["page"]
        size = PAGE_SIZES_MM[str(page.get("size", "A4")).upper()]
        margins = page["margins_mm"]
        fonts = {}
        for role in ROLES:
            spec = data["fonts"][role]
            fonts[role] = FontFace(
                family=spec["family"],
                regular=_find_font_file(list(spec["regular"]), f"{where}: fonts.{role}.regular"),
                bold=_find_font_file(list(spec["bold"]), f"{where}: fonts.{role}.bold") if spec.get("bold") else None,
                italic=_find_font_file(list(spec["italic"]), f"{where}: fonts.{role}.italic")
                if spec.get("italic")
                else None,
            )
        colours = dict(data["colours"])
        chart_colours = tuple(colours.pop("chart"))
        logo = resolve_inside(data["logo"], [template_dir], f"{where}: logo") if data.get("logo") else None
        return Theme(
            page=Page(
                width_mm=size[0],
                height_mm=size[1],
                top_mm=float(margins["top"]),
                bottom_mm=float(margins["bottom"]),
                left_mm=float(margins["left"]),
                right_mm=float(margins["right"]),
                header_mm=float(page.get("header_mm", 20)),
                footer_mm=float(page.get("footer_mm", 20)),
                page_number=str(page.get("page_number", "{n}")),
            ),
            fonts=fonts,
            sizes={k: float(v) for k, v in data["sizes"].items()},
            colours=colours,
            chart_colours=chart_colours,
            logo=logo,
            source=path,
            layout=_layout(data.get("layout", "interleaved"), path),
        )
    except KeyError as missing:
        raise InputError(f"{path}: missing theme field {missing.args[0]!r}") from None
    except (TypeError, ValueError) as bad:
        raise InputError(f"{path}: malformed theme: {bad}") from None
