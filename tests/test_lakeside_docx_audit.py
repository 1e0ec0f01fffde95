"""The second example's DOCX, in every layout and edition, through the typography audit as
LibreOffice renders it (`briefing-audit --typography --soffice`: issue #15's acceptance). The
PDFs' audit is tests/test_example_lakeside.py's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.test_example_lakeside import AUDIT, EDITIONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "lakeside" / "briefing.yaml"


@pytest.mark.skipif(not (AUDIT.exists() and shutil.which("soffice")), reason="needs briefing-audit and LibreOffice")
@pytest.mark.parametrize(("flag", "value"), EDITIONS)
def test_lakeside_docx_passes_the_typography_audit_in_libreoffice(run_cli, tmp_path, flag, value):
    proc = run_cli("build", EXAMPLE, "--out", tmp_path, "--format", "docx", flag, value, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (docx,) = tmp_path.glob("*.docx")
    done = subprocess.run(
        [str(AUDIT), str(docx), "--typography", "--soffice"], capture_output=True, text=True, timeout=600
    )
    assert done.stdout.strip().splitlines()[-1] == "audit: 0 problem(s)", done.stdout[-2000:]
    assert "libreoffice_pdf" in done.stdout  # the conversion ran and was audited
