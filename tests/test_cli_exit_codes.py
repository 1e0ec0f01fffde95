"""Exit codes of `reportgen build` at the two edges #16 names: bad input is 2 even when found deep
inside (a theme font that maps no characters), and a bug in reportgen's own code is 3 — never 2
(compose's TypeError/ValueError) and never 1. Lint's internal error: tests/lint/test_exit_codes.py;
a donut that cannot be drawn: tests/test_cli_bad_input.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from reportgen.cli import main

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
TEMPLATE = REPO / "templates" / "briefing"


def test_a_theme_font_that_maps_no_characters_is_exit_2_naming_the_field(tmp_path, run_cli):
    template = tmp_path / "tpl"
    shutil.copytree(TEMPLATE, template)
    import font_source_serif_pro  # the theme's English body face

    font = TTFont(str(Path(font_source_serif_pro.__file__).parent / "files" / "SourceSerifPro-Regular.ttf"))
    for table in font["cmap"].tables:
        table.cmap = {}
    font.save(str(template / "empty.ttf"))
    theme = (template / "theme.yaml").read_text(encoding="utf-8")
    lines = theme.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "en_body:")
    regular = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("regular:"))
    indent = lines[regular][: len(lines[regular]) - len(lines[regular].lstrip())]
    lines[regular] = f"{indent}regular: [empty.ttf]\n"
    (template / "theme.yaml").write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("build", FLAGSHIP, "--out", out, "--template", template, "--format", "pdf")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "maps no characters" in lines[0] and "fonts.en_body" in lines[0], proc.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))


@pytest.mark.parametrize("error", [TypeError, ValueError])
def test_a_bug_in_compose_is_exit_3_not_bad_input(tmp_path, monkeypatch, error):
    from reportgen.compose import blocks

    # A block function the bundled template calls, failing in its own code (compiled as part of
    # blocks.py, as a real bug there would be).
    space: dict = {}
    code = f"def broken(self, *args, **kwargs):\n    raise {error.__name__}('a bug in reportgen')\n"
    exec(compile(code, blocks.__file__, "exec"), space)
    monkeypatch.setattr(blocks.BlockBuilder, "toc", space["broken"])
    monkeypatch.setenv("REPORTGEN_JOBS", "1")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(FLAGSHIP), "--out", str(out)])
    assert result.exit_code == 3, result.output
    assert f"internal error: {error.__name__}: a bug in reportgen" in result.output
    assert not out.exists() or not list(out.iterdir())
