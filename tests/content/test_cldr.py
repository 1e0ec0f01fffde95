"""The CLDR facts of the units registry: the same from babel and from the cache, a damaged entry ignored."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reportgen.content import cldr


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path))
    cldr.facts.cache_clear()
    yield tmp_path
    cldr.facts.cache_clear()


def _entries(folder):
    return sorted((folder / cldr.NAMESPACE).glob("*.json"))


def test_the_cache_holds_what_babel_says(fresh_cache) -> None:
    from_babel = cldr._from_babel()
    assert cldr.facts() == from_babel  # a miss: read from babel and stored
    assert len(_entries(fresh_cache)) == 1
    cldr.facts.cache_clear()
    assert cldr.facts() == from_babel  # a hit: read from the entry
    assert from_babel["zh"]["currency_names"]["EUR"] == "欧元"
    assert from_babel["en"]["currency_symbols"]["USD"] == "$"
    assert "area-square-kilometer" in from_babel["en"]["unit_patterns"]


def test_a_damaged_entry_is_discarded_and_rebuilt(fresh_cache, capsys) -> None:
    expected = cldr.facts()
    (entry,) = _entries(fresh_cache)
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0x01  # one flipped bit in the payload
    entry.write_bytes(bytes(blob))
    cldr.facts.cache_clear()
    assert cldr.facts() == expected
    assert "corrupt (checksum mismatch)" in capsys.readouterr().err
    cldr.facts.cache_clear()
    assert cldr.facts() == expected  # rewritten whole
    assert capsys.readouterr().err == ""


def test_the_key_names_the_babel_it_came_from(fresh_cache, monkeypatch) -> None:
    key = cldr._key()
    assert key == cldr._key()
    monkeypatch.setattr(cldr, "_BABEL_FILES", (*cldr._BABEL_FILES[:-1], "locale-data/fr.dat"))
    assert cldr._key() != key  # other data files, another entry


def test_a_warm_registry_does_not_load_babel(fresh_cache) -> None:
    code = (
        "import sys; from reportgen.content import units; from reportgen.lint import numbers;"
        "units.resolve('EUR'); units.resolve('square-kilometer'); units.zh_unit_words(); numbers._vocabulary();"
        "print(units.resolve('EUR').zh, sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))"
    )
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(fresh_cache)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.startswith("欧元 ['babel'")  # a cold cache: babel read once
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.strip() == "欧元 []"
