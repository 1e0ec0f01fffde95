"""Image checks remembered by the bytes checked: a logo or photo that passed is not opened again,
and a file whose bytes changed is checked afresh (and can fail)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from reportgen import imagefacts
from reportgen.errors import InputError
from reportgen.theme.checks import logo_file


def png(size=(40, 20), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def opened(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    real = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    return calls


def test_a_logo_that_passed_is_not_opened_again(tmp_path, opened):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    assert logo_file(logo, "theme.yaml: logo") == logo and len(opened) == 1
    assert logo_file(logo, "theme.yaml: logo") == logo and len(opened) == 1
    assert imagefacts.known(logo, "logo") == imagefacts.ImageFacts("PNG", "RGB", 40, 20)


def test_changed_bytes_are_checked_again_and_can_fail(tmp_path, opened):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png())
    logo_file(logo, "theme.yaml: logo")
    logo.write_bytes(png()[:60])  # the same name, now truncated
    with pytest.raises(InputError, match="logo: logo.png is not a readable image"):
        logo_file(logo, "theme.yaml: logo")
    assert len(opened) == 2


def test_a_failure_is_never_remembered(tmp_path, opened):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"GIF89a" + b"\0" * 40)
    for _ in range(2):
        with pytest.raises(InputError):
            logo_file(logo, "theme.yaml: logo")
    assert len(opened) == 2 and imagefacts.known(logo, "logo") is None


def test_facts_are_kept_per_check(tmp_path, opened):
    photo = tmp_path / "p.png"
    photo.write_bytes(png((300, 200)))
    imagefacts.checked(photo, "verify", lambda: imagefacts.ImageFacts("PNG", "RGB", 300, 200))
    assert imagefacts.known(photo, "logo") is None
    assert imagefacts.known(photo, "verify").width == 300
