"""YAML 1.2's meanings of scalars: which plain scalar is a bool, int, float, null or date, and
the value an (explicitly or implicitly) tagged scalar stands for.

Input: a scalar's text and its tag. Output: a plain Python value (``str``, ``int``, ``float``,
``bool``, ``None``, ``datetime.date`` / ``datetime.datetime``) or a :class:`ValueError` whose
message :mod:`reportgen.content.yamlio` puts beside the line.

Why a table here: PyYAML's resolver follows YAML 1.1 (``no`` is False, ``010`` is eight), which
content must not be read by. :data:`RESOLVERS_1_2` is YAML 1.2's core schema as ruamel.yaml files
it (``tests/content/test_yamlio.py`` checks it entry by entry against ruamel's).
"""

from __future__ import annotations

import datetime as dt
import re

# Tags as the resolver gives them: ints, which no document can spell (written tags are ``str``).
STR, NULL, BOOL, INT, FLOAT, TIMESTAMP, MERGE, MAP, SEQ = range(9)
# Explicit tags a document may write (``!!str 010``): YAML's own types only.
EXPLICIT = {f"tag:yaml.org,2002:{name}": tag for name, tag in (
    ("str", STR), ("null", NULL), ("bool", BOOL), ("int", INT), ("float", FLOAT),
    ("timestamp", TIMESTAMP), ("map", MAP), ("seq", SEQ),
)}  # fmt: skip

# YAML 1.2 plain-scalar resolution: (tag, pattern, the first characters it is filed under). The
# first-character lists matter: ``_`` is a string because no entry is filed under ``_``.
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
    (MERGE, re.compile("^(?:<<)$"), ["<"]),
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
        TIMESTAMP,
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
]
BY_FIRST: dict[str, list[tuple[int, re.Pattern]]] = {}
for _tag, _pattern, _firsts in RESOLVERS_1_2:
    for _ch in _firsts:
        BY_FIRST.setdefault(_ch, []).append((_tag, _pattern))

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt]|[ \t]+)(\d\d?):(\d\d):(\d\d)(?:\.(\d*))?"
    r"(?:[ \t]*(Z|([-+])(\d\d?)(?::(\d\d))?))?)?"
)


def scalar_value(text: str, tag: int) -> object:
    """The value of a scalar ``text`` tagged ``tag`` (one of the tags above)."""
    if tag == STR or tag == MERGE:
        return text
    if tag == NULL:
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(f"{text!r} is not null")
        return None
    if tag == BOOL:
        if text.lower() not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return text.lower() == "true"
    if tag == INT:
        return _int(text)
    if tag == FLOAT:
        return _float(text)
    return _timestamp(text)


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-") if digits[:1] in ("+", "-") else digits
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            if len(digits) == 2:
                raise ValueError(f"{text!r} is not a number")
            return sign * int(digits[2:], base)
    if not digits:
        raise ValueError(f"{text!r} is not a number")
    return sign * int(digits)  # YAML 1.2: a leading zero is still decimal


_INF = float("inf")
_NAN = -_INF / _INF  # a NaN with the sign bit set, as ruamel.yaml makes it


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[:1] == "-" else 1
    digits = digits[1:] if digits[:1] in ("+", "-") else digits
    if digits == ".inf":
        return sign * _INF
    if digits == ".nan":
        return _NAN
    return sign * float(digits)


def _timestamp(text: str) -> dt.date | dt.datetime:
    """A bare date is a ``datetime.date``; with a time, a ``datetime.datetime`` (aware if zoned)."""
    m = _TIMESTAMP.fullmatch(text)
    if m is None:
        raise ValueError(f"{text!r} is not a date")
    year, month, day, hour, minute, second, fraction, zone, sign, zh, zm = m.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        micro = int((fraction or "").ljust(6, "0")[:6])
        tz = None
        if zone == "Z":
            tz = dt.UTC
        elif zone:
            offset = dt.timedelta(hours=int(zh), minutes=int(zm or 0))
            tz = dt.timezone(-offset if sign == "-" else offset)
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tz)
    except ValueError as err:
        raise ValueError(f"{err}: {text}") from None
