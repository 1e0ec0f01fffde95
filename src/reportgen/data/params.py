"""Parameters: ``${name}`` in the content's text, filled from ``params:`` or from one ``--each`` row.

One content file then makes many reports — the title, the paragraphs and the bindings' ``row:``
and ``where:`` read ``${district}`` and each report gets its own value. SQL is the exception:
a ``query`` is never filled in as text (a district's name in a CSV must not become SQL); it
takes the same values as bound parameters (``:district``), see :mod:`reportgen.data.kinds.sql_sources`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reportgen.errors import InputError

# `${name}`; `$${` is a literal `${`.
PARAM = re.compile(r"\$\$\{|\$\{([^}]*)\}")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fill(node: Any, params: Mapping[str, str], where: Callable[[Sequence], str], loc: tuple = ()) -> Any:
    """``node`` with every ``${name}`` in its strings replaced; lists and mappings copied, the rest kept."""
    if isinstance(node, str):
        if "${" not in node:
            return node
        return PARAM.sub(lambda m: _value(m, params, where, loc), node)
    if isinstance(node, dict):
        return {k: v if k == "query" else fill(v, params, where, (*loc, k)) for k, v in node.items()}
    if isinstance(node, list):
        return [fill(v, params, where, (*loc, i)) for i, v in enumerate(node)]
    return node


def _value(m: re.Match[str], params: Mapping[str, str], where: Callable[[Sequence], str], loc: tuple) -> str:
    if m.group(1) is None:
        return "${"
    name = m.group(1).strip()
    if name not in params:
        known = ", ".join(sorted(params)) or "none are set"
        raise InputError(f"{where(loc)}: unknown parameter ${{{name}}} (parameters: {known})")
    return params[name]


def as_params(raw: Any, where: str) -> dict[str, str]:
    """The content's ``params:`` mapping, its values as text."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(f"{where}: `params` must be a mapping of names to values")
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not NAME.match(key):
            raise InputError(f"{where}: parameter name {key!r} must be a name (letters, digits, _)")
        if isinstance(value, dict | list) or value is None:
            raise InputError(f"{where}.{key}: a parameter is a single value (text or number)")
        out[key] = str(value)
    return out
