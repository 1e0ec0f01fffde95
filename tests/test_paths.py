"""resolve_inside: asset paths named in content or theme never leave their folder."""

from __future__ import annotations

import os

import pytest

from reportgen.errors import InputError
from reportgen.paths import resolve_inside


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "content"
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "logo.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    return root


def test_good_relative_file(root):
    found = resolve_inside("assets/logo.png", [root], "theme.yaml: logo")
    assert found == (root / "assets" / "logo.png").resolve()
    assert found.is_absolute() and found.is_file()


def test_dotdot_that_stays_inside_is_fine(root):
    assert resolve_inside("assets/../assets/logo.png", [root], "x") == (root / "assets" / "logo.png").resolve()


def test_windows_separators_inside_are_fine(root):
    assert resolve_inside("assets\\logo.png", [root], "x") == (root / "assets" / "logo.png").resolve()


def test_second_root_is_searched(root, tmp_path):
    other = tmp_path / "template"
    other.mkdir()
    (other / "mark.png").write_bytes(b"png")
    assert resolve_inside("mark.png", [root, other], "x") == (other / "mark.png").resolve()


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "../secret.txt",
        "assets/../../secret.txt",
        "..\\secret.txt",
        "/etc/passwd",
        "C:\\x",
        "C:/Windows/win.ini",
        "\\\\server\\share\\x",
    ],
)
def test_escapes_are_refused(root, name):
    with pytest.raises(InputError) as err:
        resolve_inside(name, [root], "briefing.yaml:3: meta.logo")
    message = str(err.value)
    assert message.startswith("briefing.yaml:3: meta.logo: ")
    assert "\n" not in message
    assert "relative" in message or "outside" in message, message


def test_symlink_pointing_outside_is_refused(root, tmp_path):
    link = root / "assets" / "evil.png"
    os.symlink(tmp_path / "secret.txt", link)
    with pytest.raises(InputError, match="outside"):
        resolve_inside("assets/evil.png", [root], "x")


def test_symlinked_folder_pointing_outside_is_refused(root, tmp_path):
    os.symlink(tmp_path, root / "up")
    with pytest.raises(InputError, match="outside"):
        resolve_inside("up/secret.txt", [root], "x")


def test_symlink_inside_is_fine(root):
    os.symlink(root / "assets" / "logo.png", root / "alias.png")
    assert resolve_inside("alias.png", [root], "x") == (root / "assets" / "logo.png").resolve()


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_refused(root, name):
    with pytest.raises(InputError, match="non-empty"):
        resolve_inside(name, [root], "x")


def test_missing_file_is_reported(root):
    with pytest.raises(InputError, match="not found: assets/nope.png"):
        resolve_inside("assets/nope.png", [root], "x")


def test_a_folder_is_not_a_file(root):
    with pytest.raises(InputError, match="not found"):
        resolve_inside("assets", [root], "x")
