"""ReportLab imported with its URL pattern compiled on first use: the stand-in matches as the
pattern would, only that one pattern is deferred, and re.compile is re's own afterwards."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, re
real = re.compile
import reportgen.writers.pdf
import reportlab.platypus.paragraph as p
print(json.dumps({
    "deferred": type(p.uri_pat).__name__,
    "others": type(p._hy_letters_pat).__name__,
    "restored": re.compile is real,
    "split": p._uri_split_pairs("https://example.org/reports/2021/brief.pdf"),
}))
"""


def test_only_the_url_pattern_waits_and_it_splits_urls_as_before():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    found = json.loads(out.stdout.splitlines()[-1])
    assert found["deferred"] == "DeferredPattern" and found["others"] == "Pattern" and found["restored"]
    assert found["split"][0] == ["https://example.org/reports/2021/", "brief.pdf"]
