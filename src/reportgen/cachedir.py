"""Where reportgen keeps derived files (rendered charts) between runs.

Input: the environment (``REPORTGEN_CACHE_DIR``) or the platform's user cache folder.
Output: an existing directory path.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV_VAR = "REPORTGEN_CACHE_DIR"


def cache_dir() -> Path:
    """Return the cache folder, creating it if needed.

    ``REPORTGEN_CACHE_DIR`` wins when set and non-empty; otherwise the platform's user cache
    folder for "reportgen" (``~/.cache/reportgen`` on Linux).
    """
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs  # local: only needed when no override is set

        path = Path(platformdirs.user_cache_dir("reportgen"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it into place.

    A reader never sees half a file, and two processes filling the same entry at once both succeed
    (cache entries are keyed by what determines them, so their bytes are identical).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:16]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store(path: Path, data: bytes) -> None:
    """:func:`write_atomic` for entries that only save time: a read-only or full cache is not an error."""
    try:
        write_atomic(path, data)
    except OSError:
        pass
