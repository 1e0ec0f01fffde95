"""The lint's number rules measured on a labelled corpus of zh/en pairs (issue #14).

``corpus_correct.yaml``: pairs that are right — no finding may be raised (no false positive).
``corpus_wrong.yaml``: pairs with one language wrong — a finding must name that language's line.
The goal: no false positive, and at least 95% of the wrong pairs caught. The figures are printed
(``pytest -s tests/lint/test_corpus.py``) so they can be reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.lint.pairs import check_pair

HERE = Path(__file__).parent


def load(name: str) -> list[dict]:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


CORRECT = load("corpus_correct.yaml")
WRONG = load("corpus_wrong.yaml")


def test_corpus_is_big_enough():
    assert len(CORRECT) + len(WRONG) >= 150
    assert all(entry["wrong"] in ("zh", "en") for entry in WRONG)


def measure() -> dict:
    false_positives = [(e, f) for e in CORRECT if (f := check_pair(e["zh"], e["en"]))]
    caught, missed, wrong_line = [], [], []
    for entry in WRONG:
        findings = check_pair(entry["zh"], entry["en"])
        langs = {lang for lang, _ in findings}
        if entry["wrong"] in langs:
            caught.append(entry)
        elif findings:
            wrong_line.append((entry, findings))  # found, but on the other language's line
        else:
            missed.append(entry)
    # A finding on the right language's line is a true positive; on a correct pair, or only on the
    # line of the language that is right, a false one.
    tp, fp = len(caught), len(false_positives) + len(wrong_line)
    return {
        "false_positives": false_positives,
        "missed": missed,
        "wrong_line": wrong_line,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / len(WRONG),
        "tp": tp,
        "fp": fp,
    }


def test_corpus_precision_and_recall(capsys):
    m = measure()
    with capsys.disabled():
        print(
            f"\nlint corpus: {len(CORRECT)} correct + {len(WRONG)} wrong pairs; "
            f"precision {m['precision']:.3f} ({m['tp']} true / {m['fp']} false positives), "
            f"recall {m['recall']:.3f} ({m['tp']} of {len(WRONG)} wrong pairs caught on the right line)"
        )
    assert m["false_positives"] == [], "findings on correct pairs"
    assert m["wrong_line"] == [], "a finding named the line of the language that is right"
    assert m["recall"] >= 0.95, [e["why"] for e in m["missed"]]


@pytest.mark.parametrize("entry", WRONG, ids=[f"{i}-{e['why']}" for i, e in enumerate(WRONG)])
def test_each_wrong_pair_names_its_line(entry):
    findings = check_pair(entry["zh"], entry["en"])
    if not findings:
        pytest.xfail("missed (counted against the 95% recall goal above)")
    assert {lang for lang, _ in findings} == {entry["wrong"]}, findings
