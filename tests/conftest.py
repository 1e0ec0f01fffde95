"""Shared fixtures: one font/chart cache for the session, the CLI as a subprocess, one flagship build.

The flagship takes seconds to build (font conversion, charts), so it is built once per session
through the real command line and every acceptance test reads the same outputs.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.office import libreoffice_pdf

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One REPORTGEN_CACHE_DIR for every build in the session, so fonts are converted once."""
    return tmp_path_factory.mktemp("reportgen-cache")


@pytest.fixture(scope="session")
def run_cli(cache_dir):
    """Run ``python -m reportgen ARGS`` in a subprocess; returns the CompletedProcess (text mode)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REPORTGEN_DEBUG", "SOURCE_DATE_EPOCH")}
    env["REPORTGEN_CACHE_DIR"] = str(cache_dir)
    env["PYTHONIOENCODING"] = "utf-8"

    def run(*args: str | Path, cwd: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            # Warnings as errors, as issue #5 asks of the build: no "Glyph missing" and the like.
            [sys.executable, "-W", "error::UserWarning", "-m", "reportgen", *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )

    return run


@dataclass(frozen=True)
class Built:
    proc: subprocess.CompletedProcess
    out: Path
    pdf: Path
    docx: Path


@pytest.fixture(scope="session")
def flagship_build(run_cli, tmp_path_factory) -> Built:
    """The flagship built once, via the real CLI, into a session tmp folder."""
    out = tmp_path_factory.mktemp("flagship-out")
    proc = run_cli("build", FLAGSHIP, "--out", out)
    return Built(proc=proc, out=out, pdf=out / "briefing.pdf", docx=out / "briefing.docx")


@pytest.fixture(scope="session")
def flagship_soffice(flagship_build, tmp_path_factory) -> Path:
    """LibreOffice's PDF of the flagship's DOCX (on this machine no Noto or Source font is
    installed, so what it shows comes from the fonts embedded in the DOCX)."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) not installed")
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    out = tmp_path_factory.mktemp("flagship-soffice")
    return libreoffice_pdf(flagship_build.docx, out)


POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo"))
_PDF_FIXTURES = {"pdf_text", "pdf_flat"}


def pytest_collection_modifyitems(config, items):
    """Without poppler-utils, skip the tests that read PDFs with it (README: they need it; CI installs it)."""
    if POPPLER:
        return
    skip = pytest.mark.skip(reason="needs poppler-utils (apt-get install -y poppler-utils)")
    for item in items:
        source = inspect.getsource(item.function) if hasattr(item, "function") else ""
        uses_tool = any(
            tool in source
            for tool in ("pdftotext", "pdffonts", "pdfinfo", "pages_of", "pdf_squashed", "briefing-audit")
        )
        if uses_tool or _PDF_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)
