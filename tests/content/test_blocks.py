"""Sections of typed blocks: the schema's errors name file, line, field path and the valid kinds."""

import re
from pathlib import Path

from reportgen.compose.kinds import COMPOSERS
from reportgen.content.blocks import BLOCK_KINDS

REPO = Path(__file__).resolve().parents[2]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"


def test_every_block_kind_has_a_composer():
    assert set(BLOCK_KINDS) == set(COMPOSERS)
    assert {"paragraph", "list", "table", "image", "chart", "quote", "note", "page_break"} <= set(BLOCK_KINDS)


def test_misspelt_block_kind_exits_2_naming_file_line_and_valid_kinds(tmp_path, run_cli):
    text = FLAGSHIP.read_text(encoding="utf-8")
    at = text.index("- type: paragraph", text.index("  - id: heritage"))
    bad = text[:at] + "- type: paragrph" + text[at + len("- type: paragraph") :]
    path = tmp_path / "briefing.yaml"
    path.write_text(bad, encoding="utf-8")
    line = bad[:at].count("\n") + 1
    proc = run_cli("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2
    message = proc.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert re.match(rf"reportgen: error: briefing\.yaml:{line}: sections\[1\]\.blocks\[0\]\.type: ", message), message
    assert "unknown block type 'paragrph'" in message
    assert all(kind in message for kind in BLOCK_KINDS)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_misspelt_field_inside_a_block(tmp_path, run_cli):
    text = FLAGSHIP.read_text(encoding="utf-8")
    at = text.index("    text:", text.index("  - id: heritage"))
    bad = text[:at] + "    txet:" + text[at + len("    text:") :]
    path = tmp_path / "briefing.yaml"
    path.write_text(bad, encoding="utf-8")
    proc = run_cli("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert "sections[1].blocks[0].txet: unknown field" in proc.stderr or "blocks[0].text: field required" in proc.stderr
