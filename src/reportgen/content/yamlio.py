"""Reading YAML and JSON while keeping line numbers, so errors can name ``file:line``.

Input: a content, theme or data file's path. Output: plain Python values (``dict``, ``list``,
``str``, ``int``, ``float``, ``bool``, ``None``, ``datetime.date`` / ``datetime.datetime``); a
top-level mapping is a dict that :func:`line_of` can find the line of any field in.

One parser: libyaml (PyYAML's C parser and composer), whose nodes carry their line. Plain scalars
are resolved here by YAML 1.2's core rules (the table :data:`RESOLVERS_1_2`, as ruamel.yaml files
it): ``no``, ``on`` and ``yes`` are strings, ``010`` is ten, ``0o14`` twelve, ``1:30`` a string, a
bare ``2021-09-15`` a date. PyYAML's own resolver and constructors (YAML 1.1) are never used. A
document's lines are looked up again in libyaml's nodes only when a message needs one; the
document keeps its text for that, so it pickles small. JSON is read as JSON (:mod:`json`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from yaml import MarkedYAMLError, YAMLError
from yaml.cyaml import CParser
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from reportgen.content.yaml12 import BY_FIRST, EXPLICIT, MAP, MERGE, SEQ, STR, scalar_value
from reportgen.errors import InputError

# What YAML does not allow in a stream (JSON does, inside strings); NEL too, a line break in YAML 1.1.
# Named as the characters refused, not as the complement of those allowed: the negated class with
# its astral range took 7 ms to compile, on every run.
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _Parser(CParser):
    """libyaml's parser and composer, resolving untagged nodes by YAML 1.2's rules."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:  # no path resolvers
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str | None, implicit: Any) -> int:
        # Called for untagged nodes and for the non-specific tag ``!`` (reported as implicit).
        if kind is ScalarNode:
            if implicit[0]:  # a plain scalar
                for tag, pattern in BY_FIRST.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return STR
        return MAP if kind is MappingNode else SEQ


def _compose(text: str) -> Any:
    """libyaml's node tree for the single document in ``text`` (None for an empty stream)."""
    parser = _Parser(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


class _Document(dict):
    """A parsed top-level mapping that keeps its source text, so :func:`line_of` can compose
    libyaml's nodes (with their lines) again when, and only when, a line number is wanted."""

    __slots__ = ("_text", "_nodes")

    def __init__(self, data: dict, text: str, nodes: Any = None) -> None:
        super().__init__(data)
        self._text = text
        self._nodes = nodes  # None: not composed yet; False: the text gives no lines

    def __reduce__(self):  # pickles (a batch's workers) and copies without the node tree
        return (_Document, (dict(self), self._text))

    def nodes(self) -> Any:
        if self._nodes is None:
            try:
                # JSON may hold what YAML refuses (U+0080-U+009F, tabs before a key): as spaces,
                # the lines, all this parse is for, stay the same.
                self._nodes = _compose(_NOT_YAML.sub(" ", self._text).replace("\t", " ")) or False
            except (YAMLError, RecursionError):
                self._nodes = False
        return self._nodes or None


def load_document(path: Path) -> Any:
    """Parse ``path`` (YAML, or JSON by suffix); bad input is an :class:`InputError` naming the line."""
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
    return _yaml_load(path.name, raw)


def _yaml_load(name: str, raw: str) -> Any:
    try:
        node = _compose(raw)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (err.problem or err.context or "syntax error").strip()
        if "nesting depth" in problem:  # libyaml's own bound (1,000 levels), before any recursion here
            raise InputError(f"{name}:{line}: the document is nested too deeply") from None
        raise InputError(f"{name}:{line}: YAML syntax error: {problem}") from None
    except ReaderError as err:  # a character YAML does not allow
        line = raw.count("\n", 0, max(err.position, 0)) + 1
        what = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        raise InputError(f"{name}:{line}: YAML error: character {what} is not allowed in YAML") from None
    except RecursionError:
        raise InputError(f"{name}: the document is nested too deeply") from None
    except YAMLError as err:  # errors without a position (rare)
        raise InputError(f"{name}: YAML error: {str(err).splitlines()[0]}") from None
    if node is None:  # an empty stream
        return None
    try:
        data = _Builder(name).value(node)
    except RecursionError:
        raise InputError(f"{name}: the document is nested too deeply") from None
    return _Document(data, raw, node) if isinstance(data, dict) else data


class _Builder:
    """Python values from libyaml's nodes. An alias is the same node object again: its value is
    shared, not copied (:func:`load_mapping` bounds what sharing expands to)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.memo: dict[int, Any] = {}

    def fail(self, node: Any, message: str) -> InputError:
        return InputError(f"{self.name}:{node.start_mark.line + 1}: YAML error: {message}")

    def value(self, node: Any) -> Any:
        tag = node.tag if type(node.tag) is int else EXPLICIT.get(node.tag)
        if tag is None:
            raise self.fail(node, f"unknown tag {node.tag!r} (only YAML's own types, such as !!str, are read)")
        if isinstance(node, ScalarNode):
            if tag in (MAP, SEQ):
                raise self.fail(node, f"a plain value cannot be tagged {node.tag!r}")
            return self.scalar(node, tag)
        if (tag == MAP) != isinstance(node, MappingNode):
            raise self.fail(node, f"tag {node.tag!r} does not fit a {'mapping' if tag == SEQ else 'list'}")
        done = self.memo.get(id(node))
        if done is _IN_PROGRESS:
            raise self.fail(node, "an alias refers to a collection that contains it")
        if done is not None:
            return done
        self.memo[id(node)] = _IN_PROGRESS
        out = [self.value(item) for item in node.value] if tag == SEQ else self.mapping(node)
        self.memo[id(node)] = out
        return out

    def mapping(self, node: Any) -> dict:
        out: dict = {}
        merged: list[dict] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, "a key must be a plain value, not a list or mapping")
            if key_node.tag == MERGE:  # ``<<: *base``: the keys of base that this mapping lacks
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, MappingNode):
                        raise self.fail(source, "a merge (<<) takes a mapping or a list of mappings")
                    merged.append(self.value(source))
                continue
            key = self.value(key_node)
            if key in out:
                raise self.fail(key_node, f"the key {key!r} is given twice in one mapping")
            out[key] = self.value(value_node)
        for source in merged:
            for key, value in source.items():
                out.setdefault(key, value)
        return out

    def scalar(self, node: Any, tag: int) -> Any:
        try:
            return scalar_value(node.value, tag)
        except ValueError as err:  # ``2021-02-30``, ``-_``, a 5,000-digit integer: named by line
            raise self.fail(node, str(err).split(";")[0]) from None


_IN_PROGRESS = object()


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
    Anything but a parsed document (a mapping passed in from Python) has only line 1.
    """
    node = root.nodes() if isinstance(root, _Document) else None
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for key in loc:
        found = _child(node, key)
        if found is None:
            break
        line, node = found
    return line


def _child(node: Any, key: str | int) -> tuple[int, Any] | None:
    """(line, node) of ``key`` under ``node``: a mapping's key (or one merged in), a list's item."""
    if isinstance(node, SequenceNode):
        if isinstance(key, int) and 0 <= key < len(node.value):
            item = node.value[key]
            return item.start_mark.line + 1, item
        return None
    if not isinstance(node, MappingNode):
        return None
    merges = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        if key_node.tag == MERGE:
            merges.extend(value_node.value if isinstance(value_node, SequenceNode) else [value_node])
        elif _key_matches(key_node, key):
            return key_node.start_mark.line + 1, value_node
    for source in merges:
        found = _child(source, key)
        if found is not None:
            return found
    return None


def _key_matches(key_node: Any, key: str | int) -> bool:
    if key_node.value == key:
        return True
    if isinstance(key, str):
        return False
    try:  # a key written ``2020:`` is the int 2020
        return _Builder("").value(key_node) == key
    except InputError:
        return False


def format_loc(loc: Sequence[str | int]) -> str:
    """``('sections', 3, 'paragraphs', 1, 'en')`` -> ``sections[3].paragraphs[1].en``."""
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out or "(top level)"
