"""What each command imports: only the libraries its path needs (start-up is part of every build)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import FLAGSHIP, TEMPLATE

HEAVY = ("reportlab", "pptx", "docx", "matplotlib", "pikepdf", "PIL", "fontTools", "xlsxwriter", "babel")


def _imported(code: str, cache_dir=None) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running ``code``."""
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_DEBUG"}
    if cache_dir is not None:
        env["REPORTGEN_CACHE_DIR"] = str(cache_dir)
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_the_command_line_imports_no_library_of_a_stage() -> None:
    found = _imported("import reportgen.cli")
    assert found.isdisjoint({*HEAVY, "pydantic", "jinja2", "yaml", "markdown_it", "lxml"}), found
    assert "click" in found


def test_help_imports_no_library_of_a_stage() -> None:
    code = "import sys; from reportgen.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _imported(code).isdisjoint({*HEAVY, "pydantic", "jinja2"})


def test_lint_reads_content_and_template_only(flagship_build, cache_dir) -> None:
    # With the cache the flagship's build filled (the CLDR facts among it), lint needs no writer,
    # chart or font library, and not babel.
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    code = f"from pathlib import Path\nfrom reportgen.lint import lint_file\nlint_file(Path({str(FLAGSHIP)!r}), Path({str(TEMPLATE)!r}))"
    found = _imported(code, cache_dir=cache_dir)
    assert "jinja2" in found
    assert found.isdisjoint(HEAVY), found & set(HEAVY)


def test_a_warm_pdf_build_imports_no_docx_library(flagship_build, cache_dir) -> None:
    assert flagship_build.proc.returncode == 0, flagship_build.proc.stderr
    code = (
        f"from pathlib import Path\nfrom reportgen.build import build\nbuild(Path({str(FLAGSHIP)!r}), None, ('pdf',))"
    )
    found = _imported(code, cache_dir=cache_dir)
    assert {"reportlab", "pikepdf"} <= found
    assert found.isdisjoint({"docx", "pptx", "xlsxwriter", "matplotlib", "babel"}), found


def _thresholds(code: str) -> list[int]:
    probe = f"import gc, json\n{code}\nprint(json.dumps(gc.get_threshold()))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(proc.stdout.splitlines()[-1])


def test_the_command_line_runs_fewer_full_collections() -> None:
    default = _thresholds("")
    command = _thresholds("import reportgen.cli")
    assert command[:2] == default[:2]  # the young generations as Python collects them
    assert command[2] == max(default[2], 100)
    assert _thresholds("import reportgen.api") == default  # a program using the API keeps its own


def test_the_units_registry_loads_without_the_content_model() -> None:
    # The PDF writer's line breaker reads the units in a worker that never validates content:
    # importing reportgen.content must not bring pydantic and the model with it.
    found = _imported("import reportgen.content.units")
    assert found.isdisjoint({"pydantic", "pydantic_core", "jinja2", *HEAVY}), found


def test_the_writers_forkserver_preloads_what_the_pdf_writer_imports() -> None:
    # What the workers writing the PDF and the DOCX side by side load before their tasks, as
    # listed by reportgen.writers: the PDF writer and fontTools' glyph conversion (an edit's new
    # characters); the DOCX writer, which has time to spare beside the PDF, loads in its worker.
    code = (
        "import importlib\nfrom reportgen.writers import beside_preload\n"
        "for m in beside_preload(('pdf', 'docx')): importlib.import_module(m)"
    )
    found = _imported(code)
    assert {"reportlab", "pikepdf", "fontTools"} <= found
    assert found.isdisjoint({"docx", "pptx", "pydantic", "matplotlib", "jinja2"}), found


def test_listing_the_pdfs_font_conversions_loads_no_writer() -> None:
    # A cold build's warm-up lists the PDF's CJK conversions in the build process, which may never
    # write the PDF itself (its worker does): the list must not bring ReportLab with it.
    code = (
        "from pathlib import Path\nfrom reportgen.content import load_content\nfrom reportgen.compose import compose\n"
        "from reportgen.theme import load_theme\nfrom reportgen.writers import font_tasks\n"
        f"theme = load_theme(Path({str(TEMPLATE)!r}))\n"
        f"document = compose(load_content(Path({str(FLAGSHIP)!r})), Path({str(TEMPLATE)!r}))\n"
        "tasks = font_tasks('pdf', document, theme)\nassert len(tasks) == 3, tasks"
    )
    found = _imported(code)
    assert found.isdisjoint({"reportlab", "fontTools", "docx", "pikepdf"}), found
