"""LibreOffice as the tests' oracle for the DOCX: what a reader without Word would see.

``libreoffice_pdf(docx, out)`` converts one DOCX to PDF in ``out``. Each call starts LibreOffice
with its own user profile under ``out`` (a test's own tmp folder): a profile shared between runs
would let one engineer's or one test's LibreOffice lock or reuse another's, and the machine's own
profile may hold fonts or settings that hide what the DOCX embeds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def libreoffice_pdf(docx: Path, out: Path, timeout: float = 240) -> Path:
    """LibreOffice's PDF of ``docx``, written as ``out/<docx stem>.pdf``; returns its path."""
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf"]
        + ["--outdir", str(out), str(docx)],
        capture_output=True,
        check=True,
        timeout=timeout,
    )
    return out / f"{Path(docx).stem}.pdf"
