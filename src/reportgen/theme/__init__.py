"""Themes: the look of a template (fonts, colours, sizes, page), kept as data.

Input: ``theme.yaml`` in a template folder.
Output: a frozen :class:`Theme` that writers and the chart renderer read.

Font files are named by candidates ("pkg:module/path" inside an installed package, a path
relative to the template folder, or "system:Family" looked up with fontconfig); the first one
found wins. A candidate may also be a mapping that picks a face of a collection and a variable
font's location: ``{file: "pkg:...ttc", face: "Noto Sans CJK SC", axes: {wght: 700}}`` (or
``index: 2``). Nothing is downloaded. Paths never leave their package or template folder, and every
value is checked (:mod:`reportgen.theme.checks`) before a writer sees it.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import InputError
from reportgen.fonts import FontFile
from reportgen.paths import resolve_inside
from reportgen.theme import checks

ROLES = ("zh_body", "zh_heading", "en_body", "en_heading")


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font role: the family name Word shows and the faces ReportLab/matplotlib read.

    Each face is a :class:`~reportgen.fonts.FontFile` (a plain path is taken as one), usable as a
    path where only the file matters.
    """

    family: str
    regular: FontFile
    bold: FontFile | None = None
    italic: FontFile | None = None

    def __post_init__(self) -> None:
        for name in ("regular", "bold", "italic"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, FontFile):
                object.__setattr__(self, name, FontFile(Path(value)))


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
    layout: str = "interleaved"  # the template's default layout (reportgen.layout.LAYOUTS)
    hyphenation: str = "en_US"  # pyphen dictionary for English text; "" turns hyphenation off
    number_scale: tuple[str, str] = ("auto", "auto")  # (zh, en) default scale of figures: `numbers.scale`
    docx_charts: str = "native"  # charts in the DOCX: "native" (editable Word charts) or "image" (300 ppi PNG)
    pdf_standard: tuple[str, ...] = ("ua-1",)  # PDF standards claimed: ua-1 always, a-2b / a-2u on request
    # How Chinese *emphasis* looks in both formats: "dots" (着重号, a dot under each character, the
    # GB/T 15834 mark), "bold" or "colour" (the primary colour). Chinese type has no italic.
    zh_emphasis: str = "dots"

    def font(self, role: str) -> FontFace:
        return self.fonts[role]


PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "LETTER": (215.9, 279.4)}


_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # a top-level package: find_spec imports nothing


def _package_file(rest: str, where: str) -> Path | None:
    module, _, inner = rest.partition("/")
    if not _MODULE.fullmatch(module):
        raise InputError(f"{where}: 'pkg:{rest}' must name a top-level package, as pkg:module/path")
    spec = importlib.util.find_spec(module)
    if not (spec and spec.submodule_search_locations):
        return None
    root = Path(list(spec.submodule_search_locations)[0]).resolve()
    path = (root / inner).resolve()
    if not path.is_relative_to(root):
        raise InputError(f"{where}: 'pkg:{rest}' points outside the package {module}")
    return path if path.is_file() else None


def _template_font(name: str, where: str, template_dir: Path) -> Path | None:
    root = template_dir.resolve()
    path = (root / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(root):
        raise InputError(f"{where}: font file {name!r} points outside the template folder")
    return path if path.is_file() else None


def _find_font_file(candidates: object, where: str, template_dir: Path | None = None) -> FontFile:
    """The first available of the theme's candidates for one face (see the module docstring)."""
    if isinstance(candidates, str | dict):
        candidates = [candidates]
    if not isinstance(candidates, list) or not candidates:
        raise InputError(f"{where}: expected a list of font files")
    for cand in candidates:
        spec = _face_spec(cand, where)
        found = _candidate_path(spec["file"], where, template_dir)
        if found is not None:
            path, member = found
            if spec["face"] is None and spec["index"] is None:
                spec["index"] = member  # the collection member fontconfig chose
            return FontFile(path, index=spec["index"], face=spec["face"], axes=spec["axes"], where=where)
    names = [c if isinstance(c, str) else str(c.get("file")) for c in candidates]
    raise InputError(f"{where}: none of the font files is available: {', '.join(names)}")


def _face_spec(cand: object, where: str) -> dict:
    if isinstance(cand, str):
        return {"file": cand, "index": None, "face": None, "axes": ()}
    if not isinstance(cand, dict) or not isinstance(cand.get("file"), str):
        raise InputError(f"{where}: a font candidate is a string or a mapping with a 'file' string")
    unknown = set(cand) - {"file", "index", "face", "axes"}
    if unknown:
        raise InputError(f"{where}: unknown font field {sorted(unknown)[0]!r} (use file, face, index, axes)")
    index, face, axes = cand.get("index"), cand.get("face"), cand.get("axes") or {}
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
        raise InputError(f"{where}: index must be a whole number from 0, not {index!r}")
    if face is not None and not isinstance(face, str):
        raise InputError(f"{where}: face must be a face name, not {face!r}")
    if index is not None and face is not None:
        raise InputError(f"{where}: give index or face, not both")
    if not isinstance(axes, dict) or not all(
        isinstance(t, str) and len(t) == 4 and isinstance(v, int | float) and not isinstance(v, bool)
        for t, v in axes.items()
    ):
        raise InputError(f"{where}: axes must map four-letter axis tags to numbers, e.g. {{wght: 700}}")
    return {"file": cand["file"], "index": index, "face": face, "axes": tuple((t, float(v)) for t, v in axes.items())}


def _candidate_path(cand: str, where: str, template_dir: Path | None) -> tuple[Path, int | None] | None:
    """The file a candidate names and, for fontconfig's answers, the collection member it chose."""
    kind, sep, rest = cand.partition(":")
    if kind == "pkg":
        found = _package_file(rest, where)
    elif kind == "system":
        return _fontconfig_lookup(checks.plain_text(rest, where))
    elif not sep and template_dir is not None:  # inside the template folder; if missing, the next one
        found = _template_font(cand, where, template_dir)
    else:
        raise InputError(f"{where}: font file {cand!r} must start with 'pkg:' or 'system:', or be a relative path")
    return (found, None) if found else None


def _fontconfig_lookup(family: str) -> tuple[Path, int | None] | None:
    if not shutil.which("fc-match"):
        return None
    out = subprocess.run(
        ["fc-match", "--format=%{family}\n%{file}\n%{index}", family],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    # fc-match always answers with *something*; accept it only if the family matches (any of
    # its names: a CJK family lists its Chinese names too).
    if len(out) == 3 and family.lower() in [name.strip().lower() for name in out[0].split(",")]:
        path = Path(out[1])
        with open(path, "rb") as fh:
            collection = fh.read(4) == b"ttcf"
        return path, (int(out[2]) if collection and out[2].isdigit() else None)
    return None


def _layout(name: object, path: Path) -> str:
    from reportgen.layout import LAYOUTS

    if name not in LAYOUTS:
        raise InputError(f"{path.name}: layout {name!r} is not one of {', '.join(LAYOUTS)}")
    return str(name)


def template_file(template_dir: Path, name: str) -> Path | None:
    """``template_dir/name`` if it exists, refusing a symlink that leads out of the folder."""
    path = template_dir / name
    if not path.exists() and not path.is_symlink():
        return None
    root = template_dir.resolve()
    real = path.resolve()
    if not real.is_relative_to(root):
        raise InputError(f"{name}: resolves outside the template folder (a symlink?)")
    if not real.is_file():
        raise InputError(f"{name}: not a file")
    return real


def _sizes(raw: object, where: str) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: sizes must be a mapping of point sizes")
    out = {}
    for key, value in raw.items():
        low, high = (1.0, 4.0) if key == "leading" else (1.0, 200.0)
        out[str(key)] = checks.number(value, f"{where}: sizes.{key}", low, high)
    return out


def _colours(raw: object, where: str) -> tuple[dict[str, str], tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: colours must be a mapping")
    colours = dict(raw)
    chart = colours.pop("chart")
    if not isinstance(chart, list) or not chart:
        raise InputError(f"{where}: colours.chart must be a list of colours")
    return (
        {str(k): checks.colour(v, f"{where}: colours.{k}") for k, v in colours.items()},
        tuple(checks.colour(v, f"{where}: colours.chart[{i}]") for i, v in enumerate(chart)),
    )


def _hyphenation(lang: object, path: Path) -> str:
    if lang in (None, "", False):
        return ""
    import pyphen

    if str(lang) not in pyphen.LANGUAGES:
        raise InputError(f"{path.name}: hyphenation {lang!r} is not a pyphen dictionary (e.g. en_US, en_GB)")
    return str(lang)


ZH_SCALES = ("auto", "none", "万", "亿", "万亿")
EN_SCALES = ("auto", "none", "thousand", "million", "billion", "trillion")


def _number_scale(numbers: object, path: Path) -> tuple[str, str]:
    """``numbers: {scale: {zh: 亿, en: billion}}``: the scale of every figure that sets none itself."""
    if numbers is None:
        return ("auto", "auto")
    scale = numbers.get("scale", {}) if isinstance(numbers, dict) else None
    if not isinstance(scale, dict) or set(scale) - {"zh", "en"}:
        raise InputError(f"{path.name}: numbers.scale must be {{zh: …, en: …}}")
    zh, en = str(scale.get("zh", "auto")), str(scale.get("en", "auto"))
    if zh not in ZH_SCALES:
        raise InputError(f"{path.name}: numbers.scale.zh {zh!r} is not one of {', '.join(ZH_SCALES)}")
    if en not in EN_SCALES:
        raise InputError(f"{path.name}: numbers.scale.en {en!r} is not one of {', '.join(EN_SCALES)}")
    return (zh, en)


def _pdf_standard(value: object, path: Path) -> tuple[str, ...]:
    from reportgen.writers.pdf_standard import parse_standards

    if value is not None and not isinstance(value, str | list):
        raise InputError(f"{path.name}: pdf_standard must be a name or a list of names (ua-1, a-2b, a-2u)")
    return parse_standards(value, f"{path.name}: pdf_standard")


# How the DOCX carries charts (reportgen.writers.docx_charts): Word chart parts, or the pictures.
# Named here, with the theme's other choices, so reading a theme never imports python-docx.
DOCX_CHART_MODES = ("native", "image")


def _docx_charts(mode: object, path: Path) -> str:
    if mode not in DOCX_CHART_MODES:
        raise InputError(f"{path.name}: docx_charts {mode!r} is not one of {', '.join(DOCX_CHART_MODES)}")
    return str(mode)


ZH_EMPHASIS = ("dots", "bold", "colour")


def _zh_emphasis(value: object, path: Path) -> str:
    if value not in ZH_EMPHASIS:
        raise InputError(f"{path.name}: zh_emphasis {value!r} is not one of {', '.join(ZH_EMPHASIS)}")
    return str(value)


def load_theme(template_dir: Path) -> Theme:
    from reportgen.content.yamlio import load_mapping  # local: theme loading is rare

    path = template_file(template_dir, "theme.yaml") or template_dir / "theme.yaml"
    data = load_mapping(path)
    where = path.name
    try:
        page = data["page"]
        size = PAGE_SIZES_MM[str(page.get("size", "A4")).upper()]
        raw_margins = page["margins_mm"]
        margins = {
            side: checks.number(raw_margins[side], f"{where}: page.margins_mm.{side}", 0, 150)
            for side in ("top", "bottom", "left", "right")
        }
        checks.page_geometry(size[0], size[1], margins, f"{where}: page")
        fonts = {}
        for role in ROLES:
            spec = data["fonts"][role]
            at = f"{where}: fonts.{role}"
            fonts[role] = FontFace(
                family=checks.plain_text(spec["family"], f"{at}.family"),
                regular=_find_font_file(spec["regular"], f"{at}.regular", template_dir),
                bold=_find_font_file(spec["bold"], f"{at}.bold", template_dir) if spec.get("bold") else None,
                italic=_find_font_file(spec["italic"], f"{at}.italic", template_dir) if spec.get("italic") else None,
            )
        colours, chart_colours = _colours(data["colours"], where)
        logo = resolve_inside(data["logo"], [template_dir], f"{where}: logo") if data.get("logo") else None
        if logo is not None:
            checks.logo_file(logo, f"{where}: logo")
        reference = template_file(template_dir, "reference.docx")
        if reference is not None:
            checks.reference_docx(reference, "reference.docx")
        return Theme(
            page=Page(
                width_mm=size[0],
                height_mm=size[1],
                top_mm=margins["top"],
                bottom_mm=margins["bottom"],
                left_mm=margins["left"],
                right_mm=margins["right"],
                header_mm=checks.number(page.get("header_mm", 20), f"{where}: page.header_mm", 0, size[1] / 2),
                footer_mm=checks.number(page.get("footer_mm", 20), f"{where}: page.footer_mm", 0, size[1] / 2),
                page_number=checks.page_number_pattern(page.get("page_number", "{n}"), f"{where}: page.page_number"),
            ),
            fonts=fonts,
            sizes=_sizes(data["sizes"], where),
            colours=colours,
            chart_colours=chart_colours,
            logo=logo,
            source=path,
            layout=_layout(data.get("layout", "interleaved"), path),
            hyphenation=_hyphenation(data.get("hyphenation", "en_US"), path),
            number_scale=_number_scale(data.get("numbers"), path),
            docx_charts=_docx_charts(data.get("docx_charts", "native"), path),
            pdf_standard=_pdf_standard(data.get("pdf_standard"), path),
            zh_emphasis=_zh_emphasis(data.get("zh_emphasis", "dots"), path),
        )
    except KeyError as missing:
        raise InputError(f"{where}: missing theme field {missing.args[0]!r}") from None
    except (TypeError, ValueError, AttributeError) as bad:
        raise InputError(f"{where}: malformed theme: {bad}") from None
