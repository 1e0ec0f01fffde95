"""The command line: bad input is one line naming file and line/field, exit 2, outputs untouched."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen import __version__

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"
OLD = {"briefing.pdf": b"old pdf", "briefing.docx": b"old docx"}


def prepare(tmp_path: Path, old: str | None = None, new: str = "", write: bool = True) -> tuple[Path, Path, int]:
    """Copy the flagship (optionally with one edit) and an out/ folder holding known old outputs.

    Returns the content path, the out folder and the 1-based line of the edit (0 without one).
    """
    text = FLAGSHIP.read_text(encoding="utf-8")
    line = 0
    if old is not None:
        assert old in text, old
        line = text[: text.index(old)].count("\n") + 1
        text = text.replace(old, new, 1)
    content = tmp_path / "briefing.yaml"
    if write:
        content.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    return content, out, line


def assert_bad_input(proc, out: Path, *fragments: str, pattern: str | None = None) -> str:
    """Exit 2, one stderr line without a traceback, old outputs intact, no temporary files."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    message = proc.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in message
    assert message.startswith("reportgen: error: "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    if pattern is not None:
        assert re.search(pattern, message), (pattern, message)
    assert proc.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(OLD), list(out.iterdir())
    for name, data in OLD.items():
        assert (out / name).read_bytes() == data
    return message


def test_yaml_syntax_error(tmp_path, run_cli):
    content, out, line = prepare(tmp_path, "  short_title:\n", "  short_title: [unclosed\n")
    proc = run_cli("build", content, "--out", out)
    message = assert_bad_input(proc, out, "YAML syntax error", pattern=r"briefing\.yaml:(\d+): ")
    reported = int(re.search(r"briefing\.yaml:(\d+):", message).group(1))
    assert line <= reported <= line + 3, (line, message)


def test_unknown_top_level_field(tmp_path, run_cli):
    content, out, _ = prepare(tmp_path)
    text = content.read_text(encoding="utf-8")
    content.write_text(text + "extra_field: 1\n", encoding="utf-8")
    last_line = text.count("\n") + 1
    proc = run_cli("build", content, "--out", out)
    assert_bad_input(proc, out, f"briefing.yaml:{last_line}: extra_field: unknown field")


def test_missing_content_file(tmp_path, run_cli):
    content, out, _ = prepare(tmp_path, write=False)
    proc = run_cli("build", content, "--out", out)
    assert_bad_input(proc, out, "briefing.yaml", "no such content file")


def test_wrong_type(tmp_path, run_cli):
    content, out, line = prepare(tmp_path, "value: 67400000000", "value: lots")
    proc = run_cli("build", content, "--out", out)
    assert_bad_input(proc, out, f"briefing.yaml:{line}: figures.gdp_2020.value: ")


def test_missing_translation(tmp_path, run_cli):
    text = FLAGSHIP.read_text(encoding="utf-8")
    start = text.index("          en: ", text.index("  - id: heritage"))
    end = text.index("\n", start)
    content, out, _ = prepare(tmp_path, text[start : end + 1], "")
    proc = run_cli("build", content, "--out", out)
    assert_bad_input(
        proc, out, "sections[1].blocks[0].text.en: field required", pattern=r"^reportgen: error: briefing\.yaml:\d+: "
    )


def test_unknown_template(tmp_path, run_cli):
    content, out, _ = prepare(tmp_path)
    proc = run_cli("build", content, "--out", out, "--template", "nope")
    assert_bad_input(proc, out, "unknown template 'nope'", "briefing")


def test_unknown_format(tmp_path, run_cli):
    content, out, _ = prepare(tmp_path)
    proc = run_cli("build", content, "--out", out, "--format", "xls")
    assert_bad_input(proc, out, "unknown format 'xls'")


def test_template_with_undefined_variable(tmp_path, run_cli):
    content, out, _ = prepare(tmp_path)
    template = tmp_path / "mytemplate"
    shutil.copytree(TEMPLATE, template)
    lines = (template / "template.j2").read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.startswith("{{ toc() }}"))
    lines.insert(at + 1, "{{ no_such_variable }}\n")
    (template / "template.j2").write_text("".join(lines), encoding="utf-8")
    proc = run_cli("build", content, "--out", out, "--template", template)
    assert_bad_input(proc, out, f"template.j2:{at + 2}: ", "no_such_variable")


def test_version_flag(run_cli):
    proc = run_cli("--version")
    assert proc.returncode == 0, proc.stderr
    assert __version__ in proc.stdout
    assert "reportgen" in proc.stdout


@pytest.mark.parametrize("args", [("--help",), ("build", "--help")])
def test_help(run_cli, args):
    proc = run_cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert "Usage:" in proc.stdout


def test_default_out_dir_and_pdf_only(tmp_path, run_cli):
    shutil.copy(FLAGSHIP, tmp_path / "briefing.yaml")
    proc = run_cli("build", "briefing.yaml", "--format", "pdf", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "build"
    names = {p.name for p in out.iterdir()} - {"briefing.manifest.json"}
    assert names == {"briefing.pdf"}  # no DOCX, no temporary files
    assert (out / "briefing.pdf").read_bytes().startswith(b"%PDF-")
    assert proc.stdout.strip().splitlines() == [str(Path("build") / "briefing.pdf")]
