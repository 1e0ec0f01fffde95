"""The ``reportgen`` command's entry point (console script and ``python -m reportgen``).

Input: the command line. Output: whatever :mod:`reportgen.cli` does with it.

Why a separate module: for ``reportgen build``, the chart worker (:class:`reportgen.parallel.EarlyPool`)
should be forked before anything heavy is imported, so that it loads matplotlib on another core
while this process imports click, pydantic and the rest and reads the content. This module
imports nothing but the standard library and :mod:`reportgen.parallel` before that fork.
"""

from __future__ import annotations

import atexit
import sys


def _preload_charts() -> None:
    from reportgen.charts import preload

    preload()


def main() -> None:
    args = sys.argv[1:]
    pool = None
    if args[:1] == ["build"] and not {"--help", "-h"} & set(args):
        from reportgen.parallel import EarlyPool

        pool = EarlyPool(preload=_preload_charts)
        atexit.register(pool.close)  # the build closes it; this covers exits before the build runs
    from reportgen.cli import main as cli_main

    cli_main(obj={"pool": pool})
