"""Content: a briefing's YAML or JSON file, validated into a :class:`Content` model.

Input: a path to ``*.yaml``/``*.yml``/``*.json``.
Output: :class:`LoadedContent` — the validated :class:`~reportgen.content.schema.Content`, plus
the file's path and a way to name the line of any field, so later stages report errors as
``briefing.yaml:42: sections[3].paragraphs[1].en: ...``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.content.yamlio import format_loc, line_of, load_mapping
from reportgen.errors import InputError

if TYPE_CHECKING:
    from reportgen.content.schema import Content

# The model (pydantic) is imported when content is validated, not with this package: the PDF
# writer reads the units registry (reportgen.content.units) in a worker that never validates.
__all__ = ["LoadedContent", "load_content", "Content"]


def __getattr__(name: str):
    if name == "Content":
        from reportgen.content.schema import Content

        return Content
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class LoadedContent:
    content: Content
    path: Path
    raw: Any  # the parse, for line numbers (yamlio.line_of finds them, lazily)
    data: Any = None  # reportgen.data.bind.DataUse when figures came from data sources, for the manifest

    def where(self, loc: Sequence[str | int]) -> str:
        """``briefing.yaml:42: sections[3].heading`` for a field path."""
        return f"{self.path.name}:{line_of(self.raw, loc)}: {format_loc(loc)}"


def error_message(err: dict) -> str:
    from reportgen.content.blocks import BLOCK_KINDS

    kind, msg = err.get("type", ""), err.get("msg", "invalid")
    valid = ", ".join(BLOCK_KINDS)
    if kind == "union_tag_invalid":
        return f"unknown block type {err.get('ctx', {}).get('tag')!r} (valid: {valid})"
    if kind == "union_tag_not_found":
        return f"a block names its kind with `type:` (one of: {valid})"
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field (not in the schema; check the spelling)"
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    return msg[0].lower() + msg[1:] if msg else "invalid"


def validate(path: Path, raw: Any, data: Any = None) -> Content:
    """Validate ``data`` (default: ``raw`` itself); a failure names ``raw``'s line for the first problem."""
    from pydantic import ValidationError

    from reportgen.content.sanity import check_values
    from reportgen.content.schema import Content

    check_values(path, raw)  # control characters, extreme numbers and dates, absurd nesting
    try:
        return Content.model_validate(raw if data is None else data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = _field_path(first)
        more = exc.error_count() - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise InputError(
            f"{path.name}:{line_of(raw, loc)}: {format_loc(loc)}: {error_message(first)}{suffix}"
        ) from None


def _field_path(err: dict) -> list:
    """The error's path as the content spells it: without pydantic's union-member steps
    (``function-after[...]``, a block's kind after its index, a cell's ``BiText``/``int``)."""
    from reportgen.content.blocks import BLOCK_KINDS

    out: list = []
    for part in err["loc"]:
        if isinstance(part, str) and ("[" in part or part in _UNION_MEMBERS):
            continue
        if isinstance(part, str) and part in BLOCK_KINDS and len(out) >= 2 and out[-2] == "blocks":
            continue
        out.append(part)
    if err.get("type") == "union_tag_invalid":
        out.append("type")
    return out


_UNION_MEMBERS = {"BiText", "int", "float", "str"}


def resolve_data(
    path: Path,
    raw: Any,
    data: Any = None,
    params: Mapping[str, str] | None = None,
    provided: Mapping | None = None,
    cache: Any = None,
) -> tuple[Any, Any]:
    """``data`` (default ``raw``) with ``${params}`` filled and ``from:`` bindings read (reportgen.data),
    and what was read; content without data sources or parameters comes back as it is, with None."""
    doc = raw if data is None else data
    from reportgen.data import needs_resolving

    if not needs_resolving(doc, params, provided):
        return data, None
    from reportgen.data.bind import resolve

    return resolve(
        doc, path, lambda loc: f"{path.name}:{line_of(raw, loc)}: {format_loc(loc)}", params, provided, cache
    )


def load_content(
    path: Path,
    params: Mapping[str, str] | None = None,
    provided: Mapping | None = None,
    cache: Any = None,
    raw: Any = None,
) -> LoadedContent:
    """Read, bind and validate ``path``; ``raw``: its parse when the caller has it (a batch parses once)."""
    raw = load_mapping(path) if raw is None else raw
    data, use = resolve_data(path, raw, None, params, provided, cache)
    content = validate(path, raw, data)
    loaded = LoadedContent(content=content, path=path, raw=raw, data=use)
    from reportgen.content.refs import check_references

    check_references(loaded)
    return loaded
