"""reportgen.fonts.preload loads what converting glyphs and assembling a subset import, so a
worker forked after it loads nothing more for an edit's new characters. (Static CFF faces, the
bundled body and heading faces: a variable face's instance also loads fontTools.varLib, whose
import is small beside the ~1 s a first instance of Noto Sans CJK's bold costs anyway.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.fonts.test_truetype_for import SANS, SERIF

CHILD = """
import json, sys
import reportgen.fonts.preload
from reportgen.fonts import FontFile, truetype_for
before = {m for m in sys.modules if m.startswith("fontTools")}
face = sys.argv[2] or None
font = FontFile(__import__("pathlib").Path(sys.argv[1]), face=face, axes=(("wght", 700.0),) if face else ())
truetype_for(font, "春夏秋冬晴雪")
print(json.dumps(sorted({m for m in sys.modules if m.startswith("fontTools")} - before)))
"""


def _loaded_by_conversion(tmp_path, path, face="") -> list[str]:
    env = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), face], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_converting_a_static_cff_face_loads_nothing_more(tmp_path):
    assert _loaded_by_conversion(tmp_path, SERIF) == []
    assert _loaded_by_conversion(tmp_path, SANS) == []
