"""Reading YAML and JSON while keeping line numbers, so errors can name ``file:line``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from reportgen.errors import InputError


def load_document(path: Path) -> Any:
    """Parse ``path`` (YAML, or JSON by suffix) into ruamel's position-aware containers."""
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
        # JSON's own parser gives the better message for JSON syntax errors.
        try:
            json.loads(raw)
        except json.JSONDecodeError as err:
            raise InputError(f"{path.name}:{err.lineno}: JSON syntax error: {err.msg}") from None
    yaml = YAML(typ="rt")
    try:
        return yaml.load(raw)
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
    return data


def line_of(root: Any, loc: Sequence[str | int]) -> int:
    """The 1-based line of the deepest node on ``loc`` that exists in the parsed document.

    A missing field has no line of its own: the line of its parent mapping is the useful one.
    """
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
