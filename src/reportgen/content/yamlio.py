"""Reading YAML and JSON while keeping line numbers, so errors can name ``file:line``.

Two parsers, for speed: libyaml (:mod:`reportgen.content.fastyaml`) reads the document, and
ruamel's round-trip loader — slow, but it records every node's line — runs only when a line
number is wanted (:func:`line_of`, i.e. an error or a lint finding) or when the fast parse is not
sure to give ruamel's values or error message. The values are ruamel's either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportgen.errors import InputError

try:
    from reportgen.content import fastyaml
except ImportError:  # PyYAML missing, or built without libyaml: ruamel alone, slower but the same
    fastyaml = None  # type: ignore[assignment]

# Documents that go to ruamel directly: a directive line (``%YAML 1.1`` switches ruamel to YAML 1.1
# rules; ``%TAG`` defines tags), or a tab anywhere (ruamel refuses some tabs that libyaml takes,
# e.g. inside a plain scalar in a flow mapping; tab-indented JSON is slow, not wrong).
_RUAMEL_ONLY = re.compile(r"^%|\t", re.MULTILINE)
# What YAML does not allow in a stream (JSON does, inside strings); NEL too, which YAML 1.1 reads as a line break.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Document(dict):
    """The top-level mapping of a fast parse: a plain dict that keeps its source text, so that
    :func:`line_of` can ask ruamel for positions when (and only when) a line number is needed."""

    __slots__ = ("_text", "_marked")

    def __init__(self, data: dict, text: str) -> None:
        super().__init__(data)
        self._text = text
        self._marked: Any = None  # not parsed yet; False: ruamel refused the text

    def marked(self) -> Any:
        """ruamel's position-aware parse of the same text (parsed once, on first use), or None."""
        if self._marked is None:
            try:
                # Characters YAML refuses (valid in JSON strings: U+0080-U+009F, U+FFFE) become
                # spaces: the positions, all this parse is for, stay the same.
                self._marked = _ruamel_parse(_NOT_YAML.sub(" ", self._text))
            except Exception:  # noqa: BLE001 - libyaml took what ruamel refuses: no lines to give
                self._marked = False
        return None if self._marked is False else self._marked


def _ruamel_parse(text: str) -> Any:
    from ruamel.yaml import YAML  # local: importing ruamel is itself ~10 ms

    return YAML(typ="rt").load(text)


def load_document(path: Path) -> Any:
    """Parse ``path`` (YAML, or JSON by suffix): values as ruamel's round-trip loader gives them.

    A top-level mapping is a dict that :func:`line_of` can find lines in; anything else is
    ruamel's position-aware parse itself.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such content file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a content file") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None
    if path.suffix.lower() == ".json":
        data = _json_load(path, raw)  # JSON is read as JSON (its strings may hold what YAML refuses)
        return _Document(data, raw) if isinstance(data, dict) else data
    if fastyaml is not None and not _RUAMEL_ONLY.search(raw):
        try:
            data = fastyaml.load(raw)
        except Exception:  # noqa: BLE001 - fastyaml.Fallback, or anything unforeseen: ruamel decides
            pass
        else:
            if isinstance(data, dict):
                return _Document(data, raw)
    # Not a mapping (load_mapping's error wants no speed), or the fast parse was unsure.
    return _ruamel_load(path, raw)


def _json_load(path: Path, raw: str) -> Any:
    def pairs(items: list) -> dict:
        out = dict(items)
        if len(out) != len(items):
            seen = set()
            dup = next(k for k, _ in items if k in seen or seen.add(k))
            raise InputError(f"{path.name}: JSON object has the key {dup!r} twice")
        return out

    def constant(name: str):
        raise InputError(f"{path.name}: {name} is not a number reportgen accepts")

    try:
        return json.loads(raw, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise InputError(f"{path.name}:{err.lineno}: JSON syntax error: {err.msg}") from None
    except RecursionError:
        raise InputError(f"{path.name}: the document is nested too deeply") from None
    except ValueError as err:  # e.g. an integer of more than 4300 digits
        raise InputError(f"{path.name}: {str(err).split(';')[0]}") from None


def _crash_line(raw: str, kind: type) -> int:
    """The first line at which ruamel fails with ``kind`` (an exception that carries no position):
    the shortest prefix of whole lines that fails the same way, found by bisection."""
    lines = raw.splitlines(keepends=True)
    lo, hi = 1, len(lines)
    while lo < hi:
        mid = (lo + hi) // 2
        try:
            _ruamel_parse("".join(lines[:mid]))
            failed = False
        except Exception as err:  # noqa: BLE001 - a prefix may fail in any way; only the same kind counts
            failed = isinstance(err, kind)
        if failed:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _ruamel_load(path: Path, raw: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _ruamel_parse(raw)
    except RecursionError:
        raise InputError(f"{path.name}: the document is nested too deeply") from None
    except (ValueError, IndexError, TypeError, OverflowError) as err:
        # ruamel's constructors crash on some scalars (2021-02-30, 0b_, -_, a 5,000-digit integer)
        # instead of reporting them; find the line ourselves.
        line = _crash_line(raw, type(err))
        message = str(err).split(";")[0] if isinstance(err, ValueError) else "a value YAML cannot read"
        raise InputError(f"{path.name}:{line}: YAML error: {message}") from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (err.problem or err.context or "syntax error").strip()
        raise InputError(f"{path.name}:{line}: YAML syntax error: {problem}") from None
    except YAMLError as err:  # errors without a position (rare)
        raise InputError(f"{path.name}: YAML error: {str(err).splitlines()[0]}") from None


def load_mapping(path: Path) -> Any:
    data = load_document(path)
    if not isinstance(data, dict):
        raise InputError(f"{path.name}:1: expected a mapping at the top level")
    _bound_aliases(path, data)
    return data


# An alias is shared, not copied, when parsed; but whatever walks the values (validation, lint)
# sees it expanded. Nine aliases of nine aliases... of a list ("billion laughs") is a few lines
# that expand to 9^13 values: refuse the document before anything walks it, build and lint alike.
MAX_EXPANDED_VALUES = 1_000_000


def _bound_aliases(path: Path, data: dict) -> None:
    sizes: dict[int, int] = {}

    def size(obj: Any) -> int:
        if not isinstance(obj, dict | list):
            return 1
        known = sizes.get(id(obj))
        if known is not None:
            return known
        sizes[id(obj)] = 1  # a recursive alias counts once here (the schema rejects it later)
        items = list(obj.values()) if isinstance(obj, dict) else obj
        total = 1 + sum(size(item) for item in items)
        sizes[id(obj)] = total
        return total

    total = 0
    for key, value in data.items():
        total += size(value)
        if total > MAX_EXPANDED_VALUES:
            raise InputError(
                f"{path.name}:{line_of(data, [key])}: by {key}, the document's aliases expand to more than "
                f"{MAX_EXPANDED_VALUES:,} values (a 'billion laughs' document?)"
            )


def line_of(root: Any, loc: Sequence[str | int]) -> int:
    """The 1-based line of the deepest node on ``loc`` that exists in the parsed document.

    A missing field has no line of its own: the line of its parent mapping is the useful one.
    """
    if isinstance(root, _Document):
        root = root.marked()  # None if ruamel refuses the text: then line 1, as for a plain dict
    from ruamel.yaml.comments import CommentedMap, CommentedSeq  # local: only errors need lines

    node, line = root, 1
    if isinstance(root, CommentedMap | CommentedSeq):
        line = root.lc.line + 1
    for key in loc:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def format_loc(loc: Sequence[str | int]) -> str:
    """``('sections', 3, 'paragraphs', 1, 'en')`` -> ``sections[3].paragraphs[1].en``."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out or "(top level)"
