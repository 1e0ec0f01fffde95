"""A fast YAML parse (libyaml, through PyYAML's C parser) that gives exactly what ruamel gives.

Why: ruamel's round-trip loader is pure Python and was ~70 ms of every build for the flagship
briefing; libyaml parses it in ~4 ms. Line numbers are only needed when something is wrong, so
:mod:`reportgen.content.yamlio` parses with this module first and asks ruamel only then.

What "exactly" means: ruamel's round-trip loader resolves plain scalars with its YAML 1.2 rules
(``no``/``on`` are strings, ``010`` is ten, ``1:30`` is a string, ``1_000`` is a thousand), while
PyYAML's own resolver follows YAML 1.1. So this module never uses PyYAML's resolver or
constructor: the parser calls :meth:`_Parser.resolve` below, which applies a copy of ruamel's
1.2 table (``tests/content/test_fastyaml.py`` checks the copy against ruamel's), and marks each
node with a private tag that no document can spell (an ``int``; tags written in a document are
``str``). :func:`load` then builds plain Python values from those nodes.

Anything this module is not sure to read the way ruamel does — an explicit tag (ruamel turns
``!!str 1`` into a ``TaggedScalar``), a merge key ``<<``, a ``=`` value, a timestamp with a time
(ruamel's ``TimeStamp``), a collection as a key, a duplicate key (ruamel's error), a recursive
alias, or any libyaml error — raises :class:`Fallback`, and the caller parses with ruamel, which
then gives the value or the error message it always gave.

Values equal ruamel's but are plain types: ``dict``/``list``/``str``/``int``/``float`` where ruamel
has ``CommentedMap``/``CommentedSeq``/``LiteralScalarString``/``ScalarInt``/``ScalarFloat``
(subclasses of those, with formatting hints that only matter for writing YAML back out).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from yaml.cyaml import CParser
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

__all__ = ["Fallback", "load"]


class Fallback(Exception):
    """This document needs ruamel (to read it, or to word its error)."""


# Private tags. ``int`` on purpose: every tag written in a document reaches us as ``str``.
STR, NULL, BOOL, INT, FLOAT, DATE, MAP, SEQ, OTHER = range(9)

# ruamel.yaml.resolver.implicit_resolvers, the entries for version (1, 2), in order, with
# ruamel's tags mapped to ours. The first-character lists matter: ``_`` is a string because no
# resolver is filed under ``_``, although the int pattern would match it.
RESOLVERS_1_2: list[tuple[int, re.Pattern, list[str]]] = [
    (BOOL, re.compile("""^(?:true|True|TRUE|false|False|FALSE)$""", re.X), list("tTfF")),
    (
        FLOAT,
        re.compile(
            """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        list("-+0123456789."),
    ),
    (
        INT,
        re.compile(
            """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
            re.X,
        ),
        list("-+0123456789"),
    ),
    (OTHER, re.compile("^(?:<<)$"), ["<"]),  # merge key
    (
        NULL,
        re.compile(
            """^(?: ~
        |null|Null|NULL
        | )$""",
            re.X,
        ),
        ["~", "n", "N", ""],
    ),
    (
        DATE,  # any timestamp; the builder takes only bare dates and leaves the rest to ruamel
        re.compile(
            """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        list("0123456789"),
    ),
    (OTHER, re.compile("^(?:=)$"), ["="]),  # ruamel: a TaggedScalar
    (OTHER, re.compile("^(?:!|&|\\*)$"), list("!&*")),  # can never match (ruamel says so too)
]

# first character -> [(tag, pattern)], as ruamel's resolver files them
_BY_FIRST: dict[str, list[tuple[int, re.Pattern]]] = {}
for _tag, _pattern, _firsts in RESOLVERS_1_2:
    for _ch in _firsts:
        _BY_FIRST.setdefault(_ch, []).append((_tag, _pattern))

_BARE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Parser(CParser):
    """libyaml's parser and composer, resolving tags by ruamel's YAML 1.2 rules."""

    # No path resolvers: the composer calls these around every collection.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str | None, implicit: Any) -> int:
        # Called only for untagged nodes and for the non-specific tag ``!``, which libyaml reports
        # as implicit, exactly as ruamel resolves it (``! 1`` is the int 1 in both).
        if kind is ScalarNode:
            if implicit[0]:  # plain scalar: match the table
                for tag, pattern in _BY_FIRST.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return STR
        if kind is MappingNode:
            return MAP
        return SEQ


def load(text: str) -> Any:
    """The single document in ``text`` as plain Python values; :class:`Fallback` if unsure."""
    parser = _Parser(text)
    try:
        node = parser.get_single_node()
    except Exception as err:  # any libyaml complaint: ruamel words the message
        raise Fallback(str(err)) from None
    finally:
        parser.dispose()
    if node is None:  # empty stream
        return None
    try:
        return _build(node, {})
    except RecursionError:  # very deep nesting: let ruamel decide what happens
        raise Fallback("too deep") from None


_IN_PROGRESS = object()


def _build(node: Any, memo: dict[int, Any]) -> Any:
    tag = node.tag
    if type(tag) is not int:  # an explicit tag
        raise Fallback(f"tag {tag}")
    if tag == MAP or tag == SEQ:
        # An alias is the very same node object again: share the value, as ruamel does.
        done = memo.get(id(node))
        if done is _IN_PROGRESS:
            raise Fallback("recursive alias")
        if done is not None:
            return done
        memo[id(node)] = _IN_PROGRESS
        if tag == SEQ:
            value: Any = [_build(item, memo) for item in node.value]
        else:
            value = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):  # ruamel makes tuples of these
                    raise Fallback("collection as a key")
                key = _scalar(key_node)
                if key in value:  # ruamel refuses duplicate keys, in its own words
                    raise Fallback("duplicate key")
                value[key] = _build(value_node, memo)
        memo[id(node)] = value
        return value
    if isinstance(node, SequenceNode | MappingNode):  # cannot happen: resolve() tags by kind
        raise Fallback("odd node")
    return _scalar(node)


def _scalar(node: Any) -> Any:
    """A scalar's value the way ruamel's RoundTripConstructor computes it."""
    tag, text = node.tag, node.value
    if type(tag) is not int:
        raise Fallback(f"tag {tag}")
    if tag == STR:
        return text
    if tag == NULL:
        return None
    if tag == BOOL:
        return text.lower() == "true"  # the pattern admits only true/false spellings
    if tag == INT:
        return _int(text)
    if tag == FLOAT:
        return _float(text)
    if tag == DATE and _BARE_DATE.fullmatch(text):
        # ruamel: datetime.date; an impossible date raises ValueError there, so leave it to ruamel
        try:
            return datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
        except ValueError:
            raise Fallback("bad date") from None
    raise Fallback(f"scalar {text!r}")  # merge key, '=', timestamp with a time


def _int(text: str) -> int:
    """ruamel's construct_yaml_int for YAML 1.2, values only (it also keeps width/underscores)."""
    digits = text.replace("_", "")
    try:
        sign = -1 if digits[0] == "-" else 1
        if digits[0] in "+-":
            digits = digits[1:]
        for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
            if digits.startswith(prefix):
                digits[2]  # noqa: B018 - ruamel indexes it (IndexError for a bare "0x"): its error
                return sign * int(digits[2:], base)
        return sign * int(digits)  # 1.2: a leading zero is still decimal
    except (IndexError, ValueError):  # "-_", "0x_": ruamel fails with its own exception
        raise Fallback(f"int {text!r}") from None


_INF = float("inf")
_NAN = -_INF / _INF  # as ruamel makes it: a NaN with the sign bit set


def _float(text: str) -> float:
    """ruamel's construct_yaml_float for YAML 1.2, values only."""
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * _INF
    if digits == ".nan":
        return _NAN
    try:
        return sign * float(digits)
    except ValueError:
        raise Fallback(f"float {text!r}") from None
