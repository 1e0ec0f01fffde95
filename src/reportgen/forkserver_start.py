"""Imported first by the workers' forkserver (:mod:`reportgen.parallel` preloads it, then the
heavy modules, then :mod:`reportgen.forkserver_ready`).

Two things the forkserver should not spend time on:

* **Its teardown.** A forkserver lives until the process that started it exits, then ends with
  ``SystemExit``; its interpreter would then free the modules it preloaded (reportlab, python-docx,
  pydantic, ...) one object at a time: about a second of CPU here, on a core the next build (of a
  script that runs several, or a benchmark) wants. Nothing in the forkserver needs that teardown —
  it writes no files, and its workers are reaped by their pool — so an exit handler ends it at
  once. Workers forked from it never run exit handlers (multiprocessing ends each with
  ``os._exit``), so they are unaffected.
* **Garbage collection while it imports.** Importing the writers creates ~100 young-generation
  collections (11 ms measured) and no garbage worth collecting: modules and classes live until the
  end. The collector is off until :mod:`reportgen.forkserver_ready` freezes what was loaded and
  turns it back on, the order Python's ``gc.freeze`` documentation gives for a process that forks.
"""

from __future__ import annotations

import atexit
import gc
import os


def _end_now() -> None:
    os._exit(0)


atexit.register(_end_now)
gc.disable()
