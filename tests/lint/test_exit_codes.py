"""`reportgen lint` exit codes: 0 clean, 1 findings, 2 bad input, 3 internal error (never read as findings)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "guancheng" / "briefing.yaml"


def lint(path: Path):
    return CliRunner().invoke(main, ["lint", str(path)], catch_exceptions=False)


def copy(tmp_path: Path, old: str, new: str) -> Path:
    text = FLAGSHIP.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "briefing.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_clean_is_0():
    assert lint(FLAGSHIP).exit_code == 0


def test_findings_are_1(tmp_path):
    path = copy(tmp_path, "planned and carried out {projects}", "planned and carried out 947")
    result = lint(path)
    assert result.exit_code == 1 and "974个 (974) in Chinese has no match in English" in result.output


def test_bad_input_is_2_naming_the_field(tmp_path):
    path = copy(tmp_path, "    value: 710000000\n    unit: USD", "    value: 710000000\n    unit: USDollar")
    result = lint(path)
    assert result.exit_code == 2
    assert "figures.fdi.unit: unknown unit 'USDollar'; did you mean" in result.output


def test_yaml_syntax_error_is_2(tmp_path):
    path = copy(tmp_path, "  short_title:\n", "  short_title: [unclosed\n")
    assert lint(path).exit_code == 2


def test_internal_error_is_3_not_findings(monkeypatch):
    import reportgen.lint as lint_module

    def broken(loaded):
        raise KeyError("a bug in a rule")

    monkeypatch.setattr(lint_module, "figure_mismatches", broken)
    result = CliRunner().invoke(main, ["lint", str(FLAGSHIP)])
    assert result.exit_code == 3
    assert "internal error" in result.output


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "units_briefing.yaml"


def test_units_sample_is_clean():
    result = lint(SAMPLE)
    assert (result.exit_code, result.output) == (0, "")


def test_growth_figure_is_recomputed_from_its_start_and_end(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("    value: 8.8\n", "    value: 10.8\n", 1)
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("    value: 10.8")].count("\n") + 1
    result = lint(path)
    assert result.exit_code == 1
    assert (
        f"units.yaml:{line}: figures.gdp_growth: {{gdp_growth}} = 10.8% a year, but from {{output_2018}} (2018) "
        "to {output_total} (2023) over 5 years is 8.8% a year"
    ) in result.output
