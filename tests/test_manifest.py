"""The manifest's library versions: read from the installed metadata once, then from the cache
until a package is installed, upgraded or removed."""

from __future__ import annotations

from importlib import metadata

import pytest

from reportgen import cachedir, manifest


@pytest.fixture
def lookups(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    manifest._version.cache_clear()
    asked = []
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: asked.append(name) or real(name))
    yield asked
    manifest._version.cache_clear()


def test_versions_come_from_the_metadata_then_from_the_cache(lookups):
    first = manifest.libraries()
    assert first["reportlab"] == metadata.version("reportlab") and list(first) == manifest.dependencies()
    lookups.clear()
    manifest._version.cache_clear()
    assert manifest.libraries() == first and lookups == []  # no metadata read the second time


def test_an_install_changes_the_key(lookups, tmp_path, monkeypatch):
    manifest.libraries()
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    before = manifest._installed_key()
    (site / "newpkg-1.0.dist-info").mkdir()
    after = manifest._installed_key()
    assert after != before
    lookups.clear()
    manifest._version.cache_clear()
    manifest.libraries()
    assert "reportlab" in lookups  # read again for the new set of installed packages


def test_a_foreign_entry_is_read_again(lookups):
    cachedir.write("libraries", manifest._installed_key(), b'{"reportlab": 3}', ".json")
    assert manifest.libraries()["reportlab"] == metadata.version("reportlab")
