"""`reportgen lint` and the same checks inside `reportgen build` (exit 1 / exit 2, file:line)."""

from pathlib import Path

FLAGSHIP = Path(__file__).resolve().parents[1] / "examples" / "guancheng" / "briefing.yaml"

ZH_END = '对外开放格局日益宏阔。"'
EN_END = 'as the district opened ever wider to the world."'


def copy_with(tmp_path, *edits):
    text = FLAGSHIP.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "briefing.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_flagship_is_clean(run_cli):
    done = run_cli("lint", FLAGSHIP)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_removed_english_text_is_named_by_line(run_cli, tmp_path):
    text = FLAGSHIP.read_text(encoding="utf-8")
    start = text.index("          en: ", text.index("  - id: heritage"))
    end = text.index("\n", start)
    path = tmp_path / "briefing.yaml"
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    line = text[:start].count("\n") - 1  # the paragraph's `text:` line, two above the removed one
    done = run_cli("lint", path)
    assert done.returncode == 1
    assert f"briefing.yaml:{line}: sections[1].blocks[0].text: English text missing" in done.stdout


def test_mistranslated_figure_is_named_by_line_and_blocks_the_build(run_cli, tmp_path):
    path, text = copy_with(
        tmp_path, (ZH_END, ZH_END[:-1] + '另有220.84亿元。"'), (EN_END, EN_END[:-1] + ' A further RMB 20.084 billion."')
    )
    line = text[: text.index("A further RMB 20.084")].count("\n") + 1  # the English is wrong: its line
    done = run_cli("lint", path)
    assert done.returncode == 1
    assert f"briefing.yaml:{line}: " in done.stdout and "220.84亿元" in done.stdout and "20.084" in done.stdout

    out = tmp_path / "out"
    done = run_cli("build", path, "--out", out, "--format", "docx")
    assert done.returncode == 2 and f"briefing.yaml:{line}: " in done.stderr
    assert not out.exists()
    done = run_cli("build", path, "--out", out, "--format", "docx", "--no-lint")
    assert done.returncode == 0 and (out / "briefing.docx").is_file()


def test_correct_translation_of_a_typed_figure_passes(run_cli, tmp_path):
    path, _ = copy_with(
        tmp_path, (ZH_END, ZH_END[:-1] + '另有220.84亿元。"'), (EN_END, EN_END[:-1] + ' A further RMB 22.084 billion."')
    )
    assert run_cli("lint", path).returncode == 0


def _billion_laughs(folder):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 14)]
    content = folder / "briefing.yaml"
    content.write_text("\n".join(lines) + "\nmeta: *a13\n", encoding="utf-8")
    return content


def test_billion_laughs_is_refused_quickly_by_lint_and_build_alike(tmp_path, run_cli):
    """Aliases are bounded when the YAML is read, before validation or lint walks the values:
    lint reports it as a bad-input finding, build as bad input: exit 2 both."""
    message = (
        "briefing.yaml:7: by a6, the document's aliases expand to more than 1,000,000 values"
        " (a 'billion laughs' document?)"
    )
    lint = run_cli("lint", _billion_laughs(tmp_path), timeout=60)
    assert (lint.returncode, lint.stdout.strip(), lint.stderr) == (2, message, "")
    build = run_cli("build", _billion_laughs(tmp_path), "--out", tmp_path / "out", timeout=60)
    assert (build.returncode, build.stderr.strip()) == (2, f"reportgen: error: {message}")
