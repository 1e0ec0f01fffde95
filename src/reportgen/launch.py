"""The ``reportgen`` command's entry point (console script and ``python -m reportgen``).

Input: the command line. Output: whatever :mod:`reportgen.cli` does with it.

Why a separate module: for ``reportgen build`` the worker pool's forkserver
(:func:`reportgen.parallel.start`) is started before click, pydantic and the rest are imported,
so it imports matplotlib on another core while this process reads the content.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["build"] and not {"--help", "-h"} & set(args) and os.environ.get("REPORTGEN_EARLY", "1") == "1":
        from reportgen import parallel

        parallel.start()
    from reportgen.cli import main as cli_main

    cli_main()
