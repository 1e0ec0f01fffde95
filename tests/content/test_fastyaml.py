"""The fast (libyaml) parse gives exactly ruamel's round-trip values; lines and errors stay ruamel's."""

from __future__ import annotations

import datetime
import math
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml import resolver as ruamel_resolver

from reportgen.content import fastyaml
from reportgen.content.yamlio import line_of, load_document
from reportgen.errors import InputError

REPO = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    p for top in ("examples", "templates") for p in (REPO / top).rglob("*") if p.suffix in (".yaml", ".yml")
)


def ruamel_load(text: str):
    return YAML(typ="rt").load(text)


def assert_same(fast, slow, where="(top)"):
    """Equal values, and the plain type that ruamel's (sub)type stands for; key order too.

    Where the fast parse fell back to ruamel, ``fast`` holds ruamel's own objects: same type, same repr.
    """
    if type(fast) is type(slow) and type(slow).__module__.startswith("ruamel") and not isinstance(slow, dict | list):
        assert repr(fast) == repr(slow), where
    elif isinstance(slow, dict):
        assert isinstance(fast, dict), where
        assert list(fast) == list(slow), where
        for key in slow:
            assert_same(fast[key], slow[key], f"{where}.{key}")
    elif isinstance(slow, list):
        assert type(fast) in (list, type(slow)) and len(fast) == len(slow), where
        for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif slow is None:
        assert fast is None, where
    else:
        base = next(t for t in (bool, int, float, str, datetime.datetime, datetime.date) if isinstance(slow, t))
        assert type(fast) is base, (where, type(fast), type(slow))
        if base is float and math.isnan(slow):
            assert math.isnan(fast) and math.copysign(1, fast) == math.copysign(1, slow), where
        else:
            assert fast == slow, where
            if base is float:
                assert math.copysign(1, fast) == math.copysign(1, slow), where  # -0.0


def test_resolver_table_is_ruamels():
    """The copy in fastyaml must stay ruamel's 1.2 table, entry for entry and in order."""
    ours = {
        fastyaml.BOOL: "bool",
        fastyaml.FLOAT: "float",
        fastyaml.INT: "int",
        fastyaml.NULL: "null",
        fastyaml.DATE: "timestamp",
    }
    theirs = [r for r in ruamel_resolver.implicit_resolvers if (1, 2) in r[0]]
    assert len(theirs) == len(fastyaml.RESOLVERS_1_2)
    for (tag, pattern, first), (_, rtag, rpattern, rfirst) in zip(fastyaml.RESOLVERS_1_2, theirs, strict=True):
        assert rtag.endswith(":" + ours[tag]) if tag in ours else rtag.rsplit(":", 1)[1] in ("merge", "value", "yaml")
        assert (pattern.pattern, pattern.flags) == (rpattern.pattern, rpattern.flags)
        assert list(first) == list(rfirst)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_repository_yaml_loads_as_ruamel_does(path):
    text = path.read_text(encoding="utf-8")
    fast = fastyaml.load(text)  # the fast path itself, not a fallback
    assert_same(fast, ruamel_load(text))
    assert_same(load_document(path), ruamel_load(text))


# The YAML 1.1 traps PyYAML falls into and ruamel (1.2) does not; all on the fast path.
TRAPS = {
    "no": "no",
    "on": "on",
    "010": 10,
    "0o10": 8,
    "1:30": "1:30",
    "1_000": 1000,
    ".5": 0.5,
    "2021-09-15": datetime.date(2021, 9, 15),
    "~": None,
    "null": None,
    "True": True,
    "": None,
    "yes": "yes",
    "Off": "Off",
    "y": "y",
    "0x1F": 31,
    "0b101": 5,
    "-010": -10,
    "1e3": 1000.0,
    "-.inf": -math.inf,
    "190:20:30.15": "190:20:30.15",
    "_": "_",
    "'010'": "010",
    '"true"': "true",
}


@pytest.mark.parametrize("scalar", list(TRAPS))
def test_yaml_1_1_traps(scalar):
    text = f"v: {scalar}\n" + (f"{scalar}: k\n" if scalar else "")  # as a value, and as a key
    fast = fastyaml.load(text)
    assert_same(fast, ruamel_load(text))
    assert fast["v"] == TRAPS[scalar]


# Odd scalars: whatever path each takes, the value (or the exception) must be ruamel's.
# fmt: off
ODD = [
    "0", "-0", "+1", "0X1F", "0o", "0o_", "0x_", "0b", "-_", "1_", "1__0", "09", "0_9", "+0b1_0",
    "1.", "-.5", "+.5", "1.0e+3", "1.0E-3", "1e1_0", "1_0.5", "-0.0", ".Inf", "+.INF", ".nan",
    ".NaN", "NaN", "inf", "1:30:00", "Yes", "NO", "tRue", "TRUE", "false", "FALSE", "Null",
    "NULL", "nUll", "2021-9-15", "2021-13-01", "2021-02-30", "2001-12-14t21:59:43.10-05:00",
    "2021-09-15 10:00:00", "2021-09-15T10:00:00Z", "=", "<<", "!!str 010", "!!int 010", "! 010",
    "!foo bar", "!!float 1", "&a 1", "[1, 2]", "{a: 1}", "|\n  x\n  y\n", ">\n  x\n  y\n",
    "\"a\\tb\"", "'it''s'", "a # c", "1.2.3", "0.1_2", "12e", "٣", "\"\"",
]
# fmt: on


@pytest.mark.parametrize("scalar", ODD)
@pytest.mark.parametrize("shape", ["v: {}\n", "top: 1\nitems:\n- {}\n"])
def test_odd_scalars_as_ruamel(tmp_path, scalar, shape):
    text = shape.format(scalar)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        expected = ruamel_load(text)
    except Exception as err:  # noqa: BLE001 - whatever ruamel raises, load_document must refuse it too
        # ruamel's crashes (2021-02-30, 0o_, -_) reach the user as an InputError naming the line (#13).
        with pytest.raises((type(err), InputError)):
            load_document(path)
        return
    assert_same(load_document(path), expected)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key: ruamel's error
        "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",  # merge key
        "%YAML 1.1\n---\nv: no\n",  # 1.1 rules by directive
        "a: &x [1, *x]\n",  # recursive alias
        "? [1, 2]\n: v\n",  # a sequence as a key
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1, 2\nb: 3\n",  # syntax error
        "a: 'x\n",
        "a:\n\t- 1\n",
        "- 1\n- 2\n",  # not a mapping
        "",
        "# only a comment\n",
        "\ufeffa: 1\n",  # byte order mark
        "a: 1\r\nb: [x, y]\r\n",
        "a: &s shared\nb: *s\nc: &m {k: [1]}\nd: *m\n",
        "a: {b: x\ty}\n",  # libyaml takes this tab, ruamel refuses it: ruamel's error it must be
        "a: x\ty\n",
        "a: [1, 2]\n# %YAML 1.1 in a comment\n%notadirective: 1\n",
    ],
)
def test_other_documents_as_ruamel(tmp_path, text):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        expected = ruamel_load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001
        with pytest.raises(InputError) as err:
            load_document(path)
        assert str(err.value).startswith("c.yaml")
        return
    assert_same(load_document(path), expected)


def test_syntax_error_message_is_ruamels(tmp_path):
    path = tmp_path / "b.yaml"
    text = "meta:\n  title: ok\n  bad: [1, 2\nother: x\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(fastyaml.Fallback):  # libyaml refuses it too, and has its own words
        fastyaml.load(text)
    with pytest.raises(InputError) as err:
        load_document(path)
    assert str(err.value) == "b.yaml:4: YAML syntax error: expected ',' or ']', but got ':'"


def test_lines_are_ruamels_and_survive_pickling():
    path = REPO / "examples" / "guancheng" / "briefing.yaml"
    fast, slow = load_document(path), ruamel_load(path.read_text(encoding="utf-8"))
    locs = [[], ["meta"], ["meta", "date"], ["sections", 2, "paragraphs", 1, "en"], ["figures", "nope"]]
    locs += [["sections", 99], ["charts"], ["sections", 0, "heading", "zh"]]
    expected = [line_of(slow, loc) for loc in locs]
    assert [line_of(fast, loc) for loc in locs] == expected
    assert len(set(expected)) > 4  # the locations are really different lines
    again = pickle.loads(pickle.dumps(fast))
    assert again == fast and [line_of(again, loc) for loc in locs] == expected


def test_json_content_same_both_ways(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{\n\t"a": [1, 2.5, "010", true, null],\n\t"b": {"c": "d"}\n}\n', encoding="utf-8")
    assert_same(load_document(path), ruamel_load(path.read_text(encoding="utf-8")))


def test_happy_path_does_not_import_ruamel():
    code = (
        "import sys; from pathlib import Path; from reportgen.content import load_content; "
        f"load_content(Path({str(REPO / 'examples' / 'guancheng' / 'briefing.yaml')!r})); "
        "print('ruamel.yaml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
