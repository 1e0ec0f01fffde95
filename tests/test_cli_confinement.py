"""Through the command line: templates stay in their folder, theme strings are data (issue #13)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"
SECRET = "secret-from-outside-the-template"


def template_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, folder)
    return folder


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_include_through_symlink_builds_nothing(tmp_path, run_cli):
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    folder = template_copy(tmp_path)
    os.symlink(outside, folder / "etclink")
    body = (folder / "template.j2").read_text(encoding="utf-8")
    (folder / "template.j2").write_text(body + '{% include "etclink/passwd" %}\n', encoding="utf-8")
    proc = run_cli("build", FLAGSHIP, "--template", folder, "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and SECRET not in proc.stderr
    assert "outside the template folder" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_manifest_hashes_only_files_inside(tmp_path, run_cli):
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET, encoding="utf-8")
    folder = template_copy(tmp_path)
    os.symlink(outside, folder / "etclink")
    os.symlink(outside / "passwd", folder / "filelink")
    os.symlink(folder / "theme.yaml", folder / "inside-link.yaml")
    proc = run_cli("build", FLAGSHIP, "--template", folder, "--out", tmp_path / "out", "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "out" / "briefing.manifest.json").read_text(encoding="utf-8"))
    files = {entry["file"] for entry in manifest["template"]["files"]}
    assert "theme.yaml" in files and "inside-link.yaml" in files
    assert not any("etclink" in name or "filelink" in name for name in files), files


def test_theme_strings_are_data_in_the_pdf(tmp_path, run_cli):
    folder = template_copy(tmp_path)
    theme = folder / "theme.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace('page_number: "— {n} —"', 'page_number: "{{p. {n}}}"'),
        encoding="utf-8",
    )
    body = (folder / "template.j2").read_text(encoding="utf-8")
    (folder / "template.j2").write_text(
        body.replace('anchor="introduction"', "anchor='a\"b<c>&d'"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    proc = run_cli("build", FLAGSHIP, "--template", folder, "--out", out)
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(out / "briefing.pdf")
    assert "{p. 2}" in text and "{p. 3}" in text
    assert "Blueprint" in text.split("\f")[1]  # the TOC still lists the heading with the odd anchor
    import zipfile

    with zipfile.ZipFile(out / "briefing.docx") as docx:
        footers = "".join(docx.read(n).decode() for n in docx.namelist() if n.startswith("word/footer"))
    assert "{p. " in footers and "}" in footers and "{n}" not in footers


def test_page_number_with_python_attributes_is_exit_2(tmp_path, run_cli):
    folder = template_copy(tmp_path)
    theme = folder / "theme.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace('page_number: "— {n} —"', 'page_number: "{n.__class__.__mro__}"'),
        encoding="utf-8",
    )
    proc = run_cli("build", FLAGSHIP, "--template", folder, "--out", tmp_path / "out")
    assert proc.returncode == 2 and "page.page_number" in proc.stderr, proc.stderr
    assert "class" not in proc.stdout
