"""``reportgen build CONTENT --each SOURCE[:COLUMN]`` on the terminal: a progress bar while it runs
(only on a terminal), a summary table at the end, one error line per failed report."""

from __future__ import annotations

import sys
from pathlib import Path

from reportgen.batch import BatchResult, run_batch
from reportgen.batch.report import Job, Outcome


def run_batch_command(content: Path, each: str, name_field: str | None, params: dict[str, str], job: Job) -> int:
    """Run the batch, report it, and return the exit code."""
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    bar = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
        )
    task = None

    def on_start(total: int) -> None:
        nonlocal task
        if bar is not None:
            bar.start()
            task = bar.add_task("building reports", total=total)

    def on_done(outcome: Outcome, done: int, total: int) -> None:
        if outcome.status == "failed":
            err.print(f"reportgen: error: {outcome.name}: {outcome.message}", markup=False, soft_wrap=True)
        if bar is not None:
            bar.update(task, completed=done, description=f"{outcome.name}")

    try:
        result = run_batch(content, each, job, name_field, params, on_done=on_done, on_start=on_start)
    finally:
        if bar is not None:
            bar.stop()
    _summary(result)
    failed = result.failed
    if failed:
        names = ", ".join(o.name for o in failed)
        err.print(
            f"reportgen: {len(failed)} of {len(result.outcomes)} reports failed: {names}", markup=False, soft_wrap=True
        )
    return result.exit_code


def _summary(result: BatchResult) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=None, show_edge=False, pad_edge=False)
    for column in ("report", "row", "status", "seconds", "outputs or error"):
        table.add_column(column, overflow="fold")
    style = {"built": "green", "up to date": "green", "out of date": "yellow", "failed": "red"}
    for o in result.outcomes:
        detail = o.message if o.status in ("failed", "out of date") else ", ".join(Path(f).name for f in o.files)
        table.add_row(o.name, o.place, f"[{style[o.status]}]{o.status}[/]", f"{o.seconds:.2f}", detail)
    counts: dict[str, int] = {}
    for o in result.outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    console.print(table)
    console.print(", ".join(f"{n} {status}" for status, n in counts.items()))
