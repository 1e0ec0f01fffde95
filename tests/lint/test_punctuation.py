"""The lint's Chinese punctuation and spacing warnings (issue #15), measured on a labelled corpus
(``corpus_punctuation.yaml``: wrong texts with their correction, right ones with none) and run
through ``reportgen lint`` on the flagship."""

from __future__ import annotations

from pathlib import Path

import yaml

from reportgen.lint.punctuation import fixed, issues

HERE = Path(__file__).parent
REPO = HERE.parents[1]
FLAGSHIP = REPO / "examples" / "guancheng" / "briefing.yaml"
CORPUS = yaml.safe_load((HERE / "corpus_punctuation.yaml").read_text(encoding="utf-8"))


def test_corpus_precision_and_recall_are_one(capsys):
    wrong = [e for e in CORPUS if "fixed" in e]
    right = [e for e in CORPUS if "fixed" not in e]
    assert len(wrong) >= 30 and len(right) >= 30
    # A true positive: warned, and the correction is exactly the labelled one.
    tp = [e for e in wrong if issues(e["zh"]) and fixed(e["zh"]) == e["fixed"]]
    wrong_fix = [e for e in wrong if issues(e["zh"]) and fixed(e["zh"]) != e["fixed"]]
    missed = [e for e in wrong if not issues(e["zh"])]
    false = [(e["why"], [i.message for i in issues(e["zh"])]) for e in right if issues(e["zh"])]
    precision = len(tp) / (len(tp) + len(wrong_fix) + len(false)) if tp or wrong_fix or false else 1.0
    recall = len(tp) / len(wrong)
    with capsys.disabled():
        print(
            f"\npunctuation corpus: {len(wrong)} wrong + {len(right)} right texts; "
            f"precision {precision:.3f}, recall {recall:.3f}"
        )
    assert not false, false
    assert not wrong_fix, [(e["why"], fixed(e["zh"])) for e in wrong_fix]
    assert not missed, [e["why"] for e in missed]
    assert precision == recall == 1.0


def test_a_fix_is_idempotent_and_leaves_the_english_alone():
    for entry in CORPUS:
        once = fixed(entry["zh"])
        assert not issues(once), entry["why"]
        assert fixed(once) == once


def test_lint_warns_with_the_line_and_the_correction_and_build_goes_on(tmp_path, run_cli):
    text = FLAGSHIP.read_text(encoding="utf-8")
    clean = "zh: 高质量绘制“一四四”发展思路"
    assert text.count(clean) == 1
    content = tmp_path / "briefing.yaml"
    content.write_text(text.replace(clean, "zh: 高质量绘制 “一四四”发展思路,实践"), encoding="utf-8")
    for asset in FLAGSHIP.parent.iterdir():
        if asset.name != FLAGSHIP.name and asset.is_file():
            (tmp_path / asset.name).write_bytes(asset.read_bytes())
    line = text[: text.index(clean)].count("\n") + 1
    proc = run_cli("lint", content)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = proc.stdout.strip().splitlines()
    assert found == [
        f"briefing.yaml:{line}: introduction.heading.zh: warning: half-width ',' in Chinese text (use '，'); "
        "fix: …“一四四”发展思路，实践",
        f"briefing.yaml:{line}: introduction.heading.zh: warning: space before the Chinese quotation mark '“'; "
        "fix: 高质量绘制“一四四”发展思路，…",
    ], found
    # A warning is not an error: the build still runs (the figure checks are what stop it).
    build = run_cli("build", content, "--out", tmp_path / "out", "--format", "pdf")
    assert build.returncode == 0, build.stderr
