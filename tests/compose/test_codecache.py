"""Compiled templates from the cache: the same document as a fresh compile, a damaged entry ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.compose import codecache, compose
from reportgen.content import load_content
from reportgen.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
BRIEFING = ROOT / "templates" / "briefing"


@pytest.fixture(scope="module")
def loaded():
    return load_content(FLAGSHIP)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(folder))
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / codecache.NAMESPACE).glob("*.jinja"))


def test_a_cached_template_composes_the_same_document(loaded, cache) -> None:
    compiled = compose(loaded, BRIEFING)  # a miss: compiled and stored
    assert len(_entries(cache)) == 1
    assert compose(loaded, BRIEFING) == compiled  # a hit
    assert len(_entries(cache)) == 1


def test_a_damaged_entry_is_compiled_again(loaded, cache, capsys) -> None:
    expected = compose(loaded, BRIEFING)
    (entry,) = _entries(cache)
    blob = bytearray(entry.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    entry.write_bytes(bytes(blob))
    assert compose(loaded, BRIEFING) == expected
    assert "corrupt (checksum mismatch)" in capsys.readouterr().err
    (entry,) = _entries(cache)  # stored again, whole
    assert compose(loaded, BRIEFING) == expected
    assert capsys.readouterr().err == ""


def test_an_edited_template_is_not_served_its_old_code(loaded, cache, tmp_path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    template = folder / "template.j2"
    template.write_text("{{ cover() }}\n", encoding="utf-8")
    assert len(compose(loaded, folder).blocks) == 1
    template.write_text("{{ cover() }}\n{{ toc() }}\n", encoding="utf-8")
    assert len(compose(loaded, folder).blocks) == 2
    assert len(_entries(cache)) == 2


def test_errors_from_cached_code_name_the_same_line(loaded, cache, tmp_path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "template.j2").write_text("{{ cover() }}\n\n{{ content.no_such_field }}\n", encoding="utf-8")
    messages = []
    for _ in range(2):  # compiled, then read back from the cache
        with pytest.raises(InputError) as info:
            compose(loaded, folder)
        messages.append(str(info.value))
    assert len(_entries(cache)) == 1
    assert messages[0] == messages[1]
    assert messages[0].startswith("template.j2:3: ")


def test_the_key_follows_the_environment_options(cache, tmp_path) -> None:
    from reportgen.compose import sandbox

    plain = sandbox.environment(tmp_path)
    trimmed = sandbox.environment(tmp_path)
    trimmed.trim_blocks = True  # other whitespace control compiles other code
    assert codecache._options(plain) != codecache._options(trimmed)
