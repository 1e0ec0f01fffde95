"""`reportgen init` scaffolds a report that builds; `reportgen schema` is JSON Schema it validates against."""

import json
import subprocess

import jsonschema
from ruamel.yaml import YAML
from tests.test_example_lakeside import AUDIT

from reportgen.content.blocks import BLOCK_KINDS


def test_init_builds_both_formats_and_validates_against_the_schema(tmp_path, run_cli):
    folder = tmp_path / "r"
    done = run_cli("init", folder)
    assert done.returncode == 0, done.stderr
    content = folder / "report.yaml"
    assert content.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=report.schema.json")
    assert (folder / "template" / "template.j2").is_file() and (folder / "README.md").is_file()
    data = YAML(typ="safe").load(content.read_text(encoding="utf-8"))
    kinds = {b["type"] for s in data["sections"] for b in s.get("blocks", [])}
    assert kinds == set(BLOCK_KINDS)
    built = run_cli("build", content, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "report.pdf").stat().st_size > 0
    assert (tmp_path / "out" / "report.docx").stat().st_size > 0
    # The first report a newcomer sees is one a print shop would take: no audit finding at all.
    if AUDIT.exists():
        for name in ("report.pdf", "report.docx"):
            audit = subprocess.run(
                [str(AUDIT), str(tmp_path / "out" / name), "--typography"], capture_output=True, text=True, timeout=300
            )
            assert audit.stdout.strip().splitlines()[-1] == "audit: 0 problem(s)", audit.stdout[-1500:]
    # The chart's bars are told apart by year (the two figures share one label).
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "report.pdf"), "-"], capture_output=True, text=True)
    assert "2023年" in text.stdout and "2024年" in text.stdout, text.stdout

    printed = run_cli("schema")
    assert printed.returncode == 0, printed.stderr
    schema = json.loads(printed.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    data["date"] = str(data["meta"]["date"])
    data["meta"]["date"] = str(data["meta"]["date"])
    del data["date"]
    jsonschema.validate(data, schema)
    bad = dict(data, sections=[{**data["sections"][0], "blocks": [{"type": "paragrph"}]}])
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    assert errors


def test_init_refuses_a_folder_with_files(tmp_path, run_cli):
    (tmp_path / "x").write_text("keep")
    done = run_cli("init", tmp_path)
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert (tmp_path / "x").read_text() == "keep"
