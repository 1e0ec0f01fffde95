"""The template sandbox: no file outside the folder (symlinks included), bounded work, errors naming the line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.compose import compose, sandbox
from reportgen.content import load_content
from reportgen.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "guancheng" / "briefing.yaml"
SECRET = "top-secret-line-from-outside"


@pytest.fixture(scope="module")
def loaded():
    return load_content(FLAGSHIP)


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the template holding a file the template must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET + "\n{{ cover() }}\n", encoding="utf-8")
    (folder / "macros.j2").write_text("{% macro m() %}" + SECRET + "{% endmacro %}", encoding="utf-8")
    return folder


def make_template(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / "template.j2").write_text(body, encoding="utf-8")
    return folder


def compose_error(loaded, folder: Path) -> str:
    with pytest.raises(InputError) as info:
        compose(loaded, folder)
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    "body",
    [
        '{{ cover() }}{% include "etclink/passwd" %}',
        '{% import "etclink/macros.j2" as m %}{{ cover() }}{{ paragraph(text(m.m(), "x")) }}',
        '{% from "etclink/macros.j2" import m %}{{ cover() }}',
        '{{ cover() }}{% include "filelink" %}',
    ],
)
def test_symlinks_leaving_the_folder_are_refused(loaded, tmp_path, outside, body):
    folder = make_template(tmp_path, body)
    os.symlink(outside, folder / "etclink")
    os.symlink(outside / "passwd", folder / "filelink")
    message = compose_error(loaded, folder)
    assert SECRET not in message
    assert "outside the template folder" in message
    assert message.startswith("template.j2:1:")


def test_symlinked_template_file_is_refused_unread(loaded, tmp_path, outside):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (outside / "broken.j2").write_text(SECRET + " {% if %}\n", encoding="utf-8")
    os.symlink(outside / "broken.j2", folder / "template.j2")
    message = compose_error(loaded, folder)
    assert SECRET not in message and "outside the template folder" in message


def test_symlink_staying_inside_is_fine(loaded, tmp_path):
    folder = make_template(tmp_path, '{% include "parts/cover.j2" %}')
    (folder / "real").mkdir()
    (folder / "real" / "cover.j2").write_text("{{ cover() }}", encoding="utf-8")
    os.symlink(folder / "real", folder / "parts")
    assert len(compose(loaded, folder).blocks) == 1


def test_dotdot_is_refused(loaded, tmp_path, outside):
    folder = make_template(tmp_path, '{{ cover() }}{% include "../outside/passwd" %}')
    message = compose_error(loaded, folder)
    assert SECRET not in message and "not found" in message


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{{ cover() }}\n{% for i in range(10**9) %}{% endfor %}", "range of 1,000,000,000 items"),
        ("{{ cover() }}\n{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "in all"),
        ("{{ cover() }}\n{{ 'x' * 10**10 }}", "repeating a value"),
        ("{{ cover() }}\n{{ 10 ** 100000000 }}", "too large a number"),
        ("{{ cover() }}\n{{ '%999999999d' % 1 }}", "format width"),
        ("{{ cover() }}\n{{ '{:999999999}'.format(1) }}", "format width"),
        ("{{ cover() }}\n{{ 'x'|center(10**9) }}", "exceeds"),
        ("{{ cover() }}\n{% for i in range(99999) %}{{ 'x' * 99 }}{% endfor %}", "printed more than"),
        ("{{ cover() }}\n{% for i in range(99999) %}{{ page_break() }}{{ page_break() }}{% endfor %}", "blocks"),
        ("{{ cover() }}\n{{ 1/0 }}", "division by zero"),
        ("{{ cover() }}\n{{ 10.0 ** 400 }}", "result too large"),
    ],
)
def test_template_work_is_bounded(loaded, tmp_path, body, fragment):
    message = compose_error(loaded, make_template(tmp_path, body))
    assert message.startswith("template.j2:2:"), message
    assert fragment in message, message


def test_recursive_macro_is_an_input_error(loaded, tmp_path):
    body = "{{ cover() }}\n{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}\n{{ r(0) }}"
    message = compose_error(loaded, make_template(tmp_path, body))
    assert "recurses too deeply" in message and message.startswith("template.j2:")


def test_wall_clock_limit_names_the_line(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.RENDER_SECONDS_VAR, "0.5")
    # Stays under every size limit, but would take minutes: only the clock stops it.
    body = "{{ cover() }}\n{% for i in range(1000) %}{% for j in range(1000) %}{% for k in content.sections * 1000 %}{% endfor %}{% endfor %}{% endfor %}"
    message = compose_error(loaded, make_template(tmp_path, body))
    assert "took more than 0.5 s" in message and message.startswith("template.j2:2:")
