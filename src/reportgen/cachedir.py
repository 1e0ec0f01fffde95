"""Where reportgen keeps derived files (rendered charts) between runs.

Input: the environment (``REPORTGEN_CACHE_DIR``) or the platform's user cache folder.
Output: an existing directory path.
"""

from __future__ import annotations

import os
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
