"""The one YAML reader (libyaml's nodes, YAML 1.2 meanings): values as the YAML 1.2 reference
implementation ruamel.yaml gives them, lines where ruamel puts them, bad input as one message
naming the line, JSON read as JSON."""

from __future__ import annotations

import datetime
import math
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml import resolver as ruamel_resolver

from reportgen.content import yaml12, yamlio
from reportgen.content.yamlio import line_of, load_document, load_mapping
from reportgen.errors import InputError

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
YAML_FILES = sorted(
    p for top in ("examples", "templates") for p in (REPO / top).rglob("*") if p.suffix in (".yaml", ".yml")
)


def ruamel_load(text: str):
    return YAML(typ="rt").load(text)


def load_text(tmp_path: Path, text: str, name: str = "c.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return load_document(path)


def assert_same(ours, theirs, where="(top)"):
    """Equal values of the plain type ruamel's (sub)type stands for, in the same key order."""
    if isinstance(theirs, dict):
        assert type(ours) in (dict, yamlio._Document) and list(ours) == list(theirs), where
        for key in theirs:
            assert_same(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list):
        assert type(ours) is list and len(ours) == len(theirs), where
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif theirs is None:
        assert ours is None, where
    else:
        base = next(t for t in (bool, int, float, str, datetime.datetime, datetime.date) if isinstance(theirs, t))
        assert type(ours) is base, (where, type(ours), type(theirs))
        if base is float and math.isnan(theirs):
            assert math.isnan(ours) and math.copysign(1, ours) == math.copysign(1, theirs), where
        else:
            assert ours == theirs, where
            if base is float:
                assert math.copysign(1, ours) == math.copysign(1, theirs), where  # -0.0


def test_resolver_table_is_yaml_1_2_as_ruamel_files_it():
    names = {yaml12.BOOL: "bool", yaml12.FLOAT: "float", yaml12.INT: "int", yaml12.NULL: "null"}
    names |= {yaml12.TIMESTAMP: "timestamp", yaml12.MERGE: "merge"}
    theirs = {}
    for versions, rtag, rpattern, rfirst in ruamel_resolver.implicit_resolvers:
        if (1, 2) in versions:
            theirs[rtag.rsplit(":", 1)[1]] = (rpattern, list(rfirst))
    for tag, pattern, first in yaml12.RESOLVERS_1_2:
        rpattern, rfirst = theirs[names[tag]]
        assert (pattern.pattern, pattern.flags) == (rpattern.pattern, rpattern.flags)
        assert list(first) == rfirst


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_repository_yaml_loads_as_ruamel_does(path):
    assert_same(load_document(path), ruamel_load(path.read_text(encoding="utf-8")))


# The YAML 1.1 traps PyYAML's own resolver falls into; YAML 1.2 (and this reader) does not.
TRAPS = {
    "no": "no",
    "on": "on",
    "010": 10,
    "0o10": 8,
    "0o14": 12,
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
    "!!str 010": "010",
    "!!int '12'": 12,
    "2021-9-15": "2021-9-15",
}


@pytest.mark.parametrize("scalar", list(TRAPS))
def test_yaml_1_2_meanings(tmp_path, scalar):
    text = f"v: {scalar}\n" + (f"{scalar}: k\n" if scalar and "!" not in scalar else "")  # a value, and a key
    data = load_text(tmp_path, text)
    assert data["v"] == TRAPS[scalar] and type(data["v"]) is type(TRAPS[scalar])
    if "!" not in scalar:  # ruamel keeps an explicitly tagged value as its own TaggedScalar
        assert_same(data, ruamel_load(text))


# fmt: off
ODD = [
    "0", "-0", "+1", "0X1F", "0o", "0o_", "0x_", "0b", "-_", "1_", "1__0", "09", "0_9", "+0b1_0",
    "1.", "-.5", "+.5", "1.0e+3", "1.0E-3", "1e1_0", "1_0.5", "-0.0", ".Inf", "+.INF", ".nan",
    ".NaN", "NaN", "inf", "1:30:00", "Yes", "NO", "tRue", "TRUE", "false", "FALSE", "Null",
    "NULL", "nUll", "2021-9-15", "2021-13-01", "2021-02-30", "!!int 010", "! 010", "!!float 1",
    "&a 1", "[1, 2]", "{a: 1}", "|\n  x\n  y\n", ">\n  x\n  y\n", "\"a\\tb\"", "'it''s'", "a # c",
    "1.2.3", "0.1_2", "12e", "٣", "\"\"",
]
# fmt: on


@pytest.mark.parametrize("scalar", ODD)
@pytest.mark.parametrize("shape", ["v: {}\n", "top: 1\nitems:\n- {}\n"])
def test_odd_scalars_as_ruamel(tmp_path, scalar, shape):
    """Whatever ruamel reads, this reader reads the same; what ruamel crashes on is one message
    naming the line (#13: 2021-02-30, 0o_, -_ used to escape as tracebacks)."""
    text = shape.format(scalar)
    try:
        expected = ruamel_load(text)
    except Exception:  # noqa: BLE001
        with pytest.raises(InputError, match=rf"^c\.yaml:{text.count(chr(10)) if 'items' in shape else 1}: YAML"):
            load_text(tmp_path, text)
        return
    assert_same(load_text(tmp_path, text), expected)


@pytest.mark.parametrize(
    "text,value",
    [
        ("base: &b {x: 1, y: 1}\nmore:\n  <<: *b\n  y: 2\n", {"base": {"x": 1, "y": 1}, "more": {"y": 2, "x": 1}}),
        ("a: &s shared\nb: *s\nc: &m {k: [1]}\nd: *m\n", {"a": "shared", "b": "shared", "c": {"k": [1]}, "d": {"k": [1]}}),
        ("\ufeffa: 1\n", {"a": 1}),
        ("a: 1\r\nb: [x, y]\r\n", {"a": 1, "b": ["x", "y"]}),
        ("%YAML 1.1\n---\nv: no\n", {"v": "no"}),  # YAML 1.2 meanings whatever the directive says
        ("v: 2001-12-14t21:59:43.10-05:00\n", {"v": datetime.datetime(2001, 12, 14, 21, 59, 43, 100000,
                                                  datetime.timezone(-datetime.timedelta(hours=5)))}),
        ("v: =\n", {"v": "="}),
        ("a: [1, 2]\n# %YAML 1.1 in a comment\nb: '%'\n", {"a": [1, 2], "b": "%"}),
        ("v: <<\n", {"v": "<<"}),  # a merge key only as a key (ruamel: a TaggedScalar)
    ],
)  # fmt: skip
def test_documents(tmp_path, text, value):
    assert load_text(tmp_path, text) == value


@pytest.mark.parametrize(
    "text,message",
    [
        ("a: 1\nb: 2\na: 3\n", "c.yaml:3: YAML error: the key 'a' is given twice in one mapping"),
        ("a: &x [1, *x]\n", "c.yaml:1: YAML error: an alias refers to a collection that contains it"),
        ("? [1, 2]\n: v\n", "c.yaml:1: YAML error: a key must be a plain value, not a list or mapping"),
        ("a: 1\n---\nb: 2\n", "c.yaml:2: YAML syntax error: but found another document"),
        ("a: 1\nb: [1, 2\nc: 3\n", "c.yaml:3: YAML syntax error: did not find expected ',' or ']'"),
        ("a: 1\nb: 'x\n", "c.yaml:3: YAML syntax error: found unexpected end of stream"),
        ("a:\n\t- 1\n", "c.yaml:2: YAML syntax error: found character that cannot start any token"),
        ("a: 1\nb: x\x01y\n", "c.yaml:2: YAML error: character U+0001 is not allowed in YAML"),
        (
            "a: 1\nv: !foo bar\n",
            "c.yaml:2: YAML error: unknown tag '!foo' (only YAML's own types, such as !!str, are read)",
        ),
        ("a: 1\nv: 2021-02-30\n", "c.yaml:2: YAML error: day is out of range for month: 2021-02-30"),
        ("a: 1\nv: -_\n", "c.yaml:2: YAML error: '-_' is not a number"),
        ("v: " + "9" * 5000 + "\n", "c.yaml:1: YAML error: Exceeds the limit (4300 digits) for integer string"),
        ("x:\n" + "".join("  " * i + "-\n" for i in range(1, 2000)), "c.yaml:1000: the document is nested too deeply"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "c.yaml:1: the document is nested too deeply"),
    ],
)
def test_bad_yaml_is_one_message_naming_the_line(tmp_path, text, message):
    with pytest.raises(InputError) as err:
        load_text(tmp_path, text)
    assert str(err.value).startswith(message)


def test_not_a_mapping(tmp_path):
    for text in ("- 1\n- 2\n", "", "# only a comment\n"):
        (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=r"^c\.yaml:1: expected a mapping at the top level"):
            load_mapping(tmp_path / "c.yaml")


def test_lines_are_ruamels_and_survive_pickling():
    ours, theirs = load_document(FLAGSHIP), ruamel_load(FLAGSHIP.read_text(encoding="utf-8"))

    def ruamel_line(root, loc):
        node, line = root, root.lc.line + 1
        for key in loc:
            if isinstance(node, dict) and key in node:
                line, node = node.lc.key(key)[0] + 1, node[key]
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                line, node = node.lc.item(key)[0] + 1, node[key]
            else:
                break
        return line

    locs = [[], ["meta"], ["meta", "date"], ["sections", 2, "blocks", 1, "text", "en"], ["figures", "nope"]]
    locs += [["sections", 99], ["charts"], ["sections", 0, "heading", "zh"], ["sections", 1, "sections", 0, "id"]]
    expected = [ruamel_line(theirs, loc) for loc in locs]
    assert [line_of(ours, loc) for loc in locs] == expected
    assert len(set(expected)) > 5  # the locations are really different lines
    again = pickle.loads(pickle.dumps(ours))
    assert again == ours and [line_of(again, loc) for loc in locs] == expected
    assert len(pickle.dumps(ours)) < 3 * len(FLAGSHIP.read_bytes())  # the text, not libyaml's nodes


def test_a_merged_key_has_its_line_in_the_merged_mapping(tmp_path):
    data = load_text(tmp_path, "base: &b\n  x: 1\nmore:\n  <<: *b\n  y: 2\n")
    assert (line_of(data, ["more", "x"]), line_of(data, ["more", "y"]), line_of(data, ["more", "z"])) == (2, 5, 3)


def test_json_is_read_as_json_with_lines(tmp_path):
    text = '{\n\t"a": [1, 2.5, "010", true, null],\n\t"b": {"c": "d\u0085\ufffe"},\n\t"no": "on"\n}\n'
    data = load_text(tmp_path, text, "c.json")
    assert data == {"a": [1, 2.5, "010", True, None], "b": {"c": "d\u0085\ufffe"}, "no": "on"}
    assert (line_of(data, ["a", 1]), line_of(data, ["b", "c"]), line_of(data, ["no"])) == (2, 3, 4)
    with pytest.raises(InputError, match=r"^c\.json:2: JSON syntax error"):
        load_text(tmp_path, '{"a": 1,\n}\n', "c.json")
    with pytest.raises(InputError, match=r"^c\.json: JSON object has the key 'a' twice"):
        load_text(tmp_path, '{"a": 1, "a": 2}', "c.json")


def test_content_never_imports_ruamel():
    code = (
        "import sys; from pathlib import Path; from reportgen.content import load_content; "
        f"load_content(Path({str(FLAGSHIP)!r})); "
        "print('ruamel.yaml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_characters_yaml_refuses_are_the_complement_of_those_it_allows() -> None:
    from reportgen.content.yamlio import _NOT_YAML

    allowed = re.compile("[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # YAML 1.2, 5.1
    differ = [c for c in range(0x110000) if bool(_NOT_YAML.match(chr(c))) == bool(allowed.match(chr(c)))]
    assert differ == []
