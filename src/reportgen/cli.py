"""The ``reportgen`` command line: ``reportgen build CONTENT [--out DIR] [--template T] [--format pdf,docx]``.

Exit codes: 0 ok, 1 ``--check`` found outputs out of date or ``lint`` found problems, 2 bad input, 3 internal error. Bad input is reported
as one line naming file and line or field, never as a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from reportgen import __version__
from reportgen.errors import InputError, ReportgenError

# One command is one short run that builds a large heap which lives until exit (the libraries'
# modules and classes, then the document). Python's full collections walk all of it: two of them
# cost ~70 ms of a warm flagship build and freed ~3 MB. Fewer of them (a full collection after
# every 100 of the middle generation, not 10), while the young generations are collected as
# usual, so a long batch run still frees its cycles. Set for the command line only, not for a
# program importing reportgen's API.
_YOUNG, _MIDDLE, _FULL = gc.get_threshold()
gc.set_threshold(_YOUNG, _MIDDLE, max(_FULL, 100))


def _one_line(message: str) -> str:
    """Whatever an error says, it reaches the terminal as one line without control characters."""
    return "".join(ch if ch.isprintable() else " " for ch in " ".join(message.split("\n"))).strip()


def _internal(err: Exception) -> None:
    """A bug, not bad input: one line and exit 3; the traceback only with REPORTGEN_DEBUG=1."""
    if os.environ.get("REPORTGEN_DEBUG"):
        raise err
    message = _one_line(f"{type(err).__name__}: {err}")
    click.echo(f"reportgen: internal error: {message} (set REPORTGEN_DEBUG=1 for details)", err=True)
    sys.exit(3)


def _stopped(err: BaseException) -> None:
    """Ctrl-C (exit 130) or SIGTERM (143), by the shell's convention; every worker is stopped by then."""
    interrupted = isinstance(err, KeyboardInterrupt)
    click.echo("reportgen: interrupted" if interrupted else "reportgen: stopped (SIGTERM)", err=True)
    sys.exit(130 if interrupted else 143)


def _fail(err: ReportgenError) -> None:
    click.echo(f"reportgen: error: {_one_line(str(err))}", err=True)
    sys.exit(err.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """Bilingual Chinese–English briefings as DOCX and PDF from structured content."""


@main.command()
@click.argument("content", type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Folder for the outputs.",
)
@click.option("--template", default=None, help="Bundled template name or a template folder [default: briefing].")
@click.option("--format", "formats", default="pdf,docx", show_default=True, help="Comma-separated: pdf, docx.")
@click.option(
    "--check",
    is_flag=True,
    help="Build in memory and compare with the files in OUT: exit 0 if up to date, 1 if not. Writes nothing.",
)
@click.option("--layout", default=None, help="interleaved, parallel or sequential [default: the template's].")
@click.option("--no-lint", is_flag=True, help="Build even if the figure and claim checks of `reportgen lint` fail.")
@click.option("--lang", default=None, help="A single-language edition: zh or en (written as <stem>.<lang>.pdf).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Set a ${NAME} parameter of the content.")
@click.option(
    "--each",
    default=None,
    metavar="SOURCE[:COLUMN]",
    help="One report per row of data source SOURCE (or per value of its COLUMN), named OUT/<value>.pdf.",
)
@click.option("--name", "name_field", default=None, metavar="FIELD", help="With --each: the field that names outputs.")
@click.option(
    "--docx-charts",
    default=None,
    help="Charts in the DOCX: native (editable Word charts) or image (300 ppi PNG) [default: the theme's, native].",
)
@click.option(
    "--jobs",
    type=int,
    default=None,
    help="Processes to spread the work over; 1 runs it all in this process [default: REPORTGEN_JOBS, else every core].",
)
@click.option(
    "--pdf-standard",
    default=None,
    metavar="a-2b,ua-1",
    help="Standards the PDF claims: ua-1 (tagged, always), a-2b or a-2u (PDF/A-2) [default: the theme's, ua-1].",
)
def build(
    content: Path,
    out_dir: Path,
    template: str | None,
    formats: str,
    check: bool,
    layout: str | None,
    lang: str | None,
    no_lint: bool,
    params: tuple[str, ...],
    each: str | None,
    name_field: str | None,
    docx_charts: str | None,
    jobs: int | None,
    pdf_standard: str | None,
) -> None:
    """Build CONTENT (YAML or JSON) into OUT/<stem>.pdf and OUT/<stem>.docx (and <stem>.manifest.json)."""
    from reportgen import parallel

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    try:
        if not wanted:
            raise InputError("--format names no output format (use pdf, docx or pdf,docx)")
        parallel.set_jobs(jobs)
        parallel.jobs()  # a bad REPORTGEN_JOBS is bad input before any work
        values = _params(params)
        if each is not None:
            from reportgen.batch.console import run_batch_command
            from reportgen.batch.report import Job

            options = Job(
                content,
                out_dir,
                template,
                wanted,
                layout,
                lang,
                not no_lint,
                check,
                pdf_standard=pdf_standard,
                docx_charts=docx_charts,
            )
            sys.exit(run_batch_command(content, each, name_field, values, options))
        from reportgen.data import DataInput
        from reportgen.writers import beside_preload

        # The PDF and the DOCX may be written side by side in workers (reportgen.build): their
        # forkserver starts now and imports the PDF writer on another core while this process
        # imports the rest and reads the content. Nothing starts at --jobs 1 or for one format.
        preload = beside_preload(wanted)
        if preload and content.is_file():
            parallel.start(preload)
        from reportgen.build import build as run_build

        with _progress() as progress:
            result = run_build(
                content,
                template,
                wanted,
                progress,
                layout=layout,
                lang=lang,
                lint=not no_lint,
                data=DataInput(params=values or None),
                docx_charts=docx_charts,
                pdf_standard=pdf_standard,
            )
        stem = f"{content.stem}.{lang}" if lang else content.stem  # an edition never overwrites the bilingual copy
        targets = {fmt: out_dir / f"{stem}.{fmt}" for fmt in result.outputs}
        if check:
            stale = [
                path for fmt, path in targets.items() if not path.is_file() or path.read_bytes() != result.outputs[fmt]
            ]
            from reportgen.manifest import stale_data

            manifest_path = out_dir / f"{stem}.manifest.json"
            if result.data is not None and manifest_path.is_file():
                changed = stale_data(manifest_path.read_text(encoding="utf-8"), result.data)
                if changed:
                    stale.append(f"{manifest_path} (data changed: {', '.join(changed)})")
            for path in stale:
                click.echo(f"out of date: {path}")
            if not stale:
                click.echo("up to date: " + ", ".join(str(p) for p in targets.values()))
            sys.exit(1 if stale else 0)
        from reportgen.manifest import manifest_json

        manifest = manifest_json(result, {fmt: path.name for fmt, path in targets.items()})
        files = {targets[fmt]: data for fmt, data in result.outputs.items()}
        files[out_dir / f"{stem}.manifest.json"] = manifest.encode("utf-8")
        from reportgen.outputs import write_set

        write_set(files)  # under a lock on the folder; every file replaced, or none
    except ReportgenError as err:
        _fail(err)
    except (KeyboardInterrupt, parallel.Stopped) as err:
        _stopped(err)
    except Exception as err:  # a bug, not bad input: say so, keep the traceback behind a switch
        _internal(err)
    for path in targets.values():
        click.echo(str(path))


@main.command()
@click.argument("content", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--template", default=None, help="Bundled template name or a template folder [default: briefing].")
def lint(content: Path, template: str | None) -> None:
    """Check CONTENT: missing translations, figures that differ between Chinese and English, claims the
    data contradicts, and figures or charts the template uses that the content lacks. Exit 0 clean, 1 on
    findings, 2 when the content or template is not valid input, 3 on an internal error."""
    from reportgen.lint import lint_file
    from reportgen.templates import find_template

    try:
        if not content.is_file():
            raise InputError(f"{content}: no such content file")
        findings = lint_file(content, find_template(template))
    except ReportgenError as err:
        _fail(err)
    except KeyboardInterrupt as err:
        _stopped(err)
    except Exception as err:  # a bug in a rule must never read as "findings" (exit 1): one line, exit 3
        _internal(err)
    for finding in findings:
        click.echo(str(finding))
    # 2: the input itself is bad (what `build` rejects); 1: findings; 0: clean.
    sys.exit(2 if any(f.bad_input for f in findings) else 1 if findings else 0)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {pair!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


class _progress:
    """A spinner with the current stage on a terminal; silent when output is piped (CI, tests)."""

    def __enter__(self):
        if not sys.stderr.isatty():
            self._status = None
            return lambda _stage: None
        from rich.console import Console

        self._status = Console(stderr=True).status("starting")
        self._status.__enter__()
        return lambda stage: self._status.update(stage)

    def __exit__(self, *exc) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def init(folder: Path) -> None:
    """Scaffold a new report in FOLDER (content with every block kind, template copy, README, schema)."""
    from reportgen.scaffold import init as scaffold

    try:
        content = scaffold(folder)
    except ReportgenError as err:
        _fail(err)
    click.echo(f"wrote {content}; build it with: reportgen build {content}")


@main.command()
def schema() -> None:
    """Print the content files' JSON Schema (generated from the pydantic models)."""
    import json

    from reportgen.scaffold import content_schema

    click.echo(json.dumps(content_schema(), indent=2, ensure_ascii=False))


def run() -> None:
    """The ``reportgen`` program (and ``python -m reportgen``): :func:`main`, then a quick exit.

    By the end of a build the process holds some 600 modules and the document; the interpreter's
    teardown frees all of it object by object, ~0.15 s of a warm flagship build, for memory the
    system takes back at once. So once the command has finished — its files written, its exit
    handlers run (multiprocessing's among them), its output flushed — the process ends with
    ``os._exit``. Only the program does this; :func:`main` called from Python returns as usual.
    """
    import atexit

    # Our models are internal: pydantic's scan of every installed package's entry points for its
    # plugins (~10 ms at the first model) finds nothing this program wants. A user's setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"), as the interpreter would report it
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(status)
