"""The build manifest: what went into an output and what came out, as ``<stem>.manifest.json``.

Input: a :class:`~reportgen.build.BuildResult`.
Output: JSON text listing content and template files with SHA-256 hashes, the versions of reportgen
and the libraries that shape the bytes, the fonts used, the outputs' hashes, and stage timings.
Timings differ run to run, so ``--check`` compares the outputs, never the manifest.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import re
import sys
from importlib import metadata
from pathlib import Path

from reportgen import __version__, cachedir
from reportgen.build import BuildResult
from reportgen.fonts import content_hash

# Read when the distribution's metadata is missing (a source tree on sys.path, not installed).
LIBRARIES = (
    "python-docx",
    "reportlab",
    "pikepdf",  # writes the tagged PDF (structure tree, XMP) through qpdf
    "matplotlib",
    "fonttools",
    "jinja2",
    "pydantic",
    "PyYAML",
    "mplfonts",
    "font-source-serif-pro",
    "font-source-sans-pro",
    "openpyxl",  # reads .xlsx data sources: the values it gives shape the outputs
    "duckdb",
)


def dependencies() -> list[str]:
    """Every runtime dependency of the installed reportgen, by its metadata (no hand-kept list)."""
    try:
        required = metadata.requires("reportgen") or []
    except metadata.PackageNotFoundError:
        return list(LIBRARIES)
    names = [re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0] for req in required if "extra ==" not in req]
    return sorted(dict.fromkeys(n for n in names if n), key=str.lower)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@functools.cache  # importlib.metadata scans sys.path each call (~20 ms); a batch asks per report
def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def libraries() -> dict[str, str | None]:
    """Each runtime dependency's installed version (None if not installed).

    importlib.metadata finds and parses one METADATA file per name, ~40 ms for the list, at the end
    of every build. The answer changes only when packages are installed, upgraded or removed, and
    each of those renames or rewrites a metadata folder (``name-1.2.dist-info``); so it is kept in
    the cache under the names and times of the metadata folders on ``sys.path``."""
    key = _installed_key()
    found = cachedir.read("libraries", key, ".json")
    if found is not None:
        try:
            versions = json.loads(found)
            if isinstance(versions, dict) and all(isinstance(v, str | None) for v in versions.values()):
                return versions
        except ValueError:
            pass
    versions = {name: _version(name) for name in dependencies()}
    cachedir.write("libraries", key, json.dumps(versions).encode(), ".json")
    return versions


def _installed_key() -> str:
    h = hashlib.sha256(__version__.encode())
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                folders = sorted(
                    (e.name, e.stat().st_mtime_ns) for e in found if e.name.endswith((".dist-info", ".egg-info"))
                )
        except OSError:  # not a folder (a zip), or gone
            continue
        h.update(repr((entry, folders)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def template_files(folder: Path) -> list[Path]:
    """The files of a template folder, as the template can read them: a symlink that resolves
    outside the folder is not part of it (the loader refuses it), so it is neither read nor hashed."""
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        if path.resolve().is_relative_to(root):
            found.append(path)
    return found


def data_entry(use) -> dict:
    """The data files read (relative to the content, with hash and queries), parameters, and where
    each bound figure's number was read: what ``--check`` compares to notice a changed source."""
    files = [{"file": name, **entry} for name, entry in sorted(use.files.items())]
    return {"files": files, "params": use.params, "bound": use.bound}


def stale_data(manifest_text: str, use) -> list[str]:
    """Data files whose hash differs from the one an earlier build's manifest recorded."""
    try:
        recorded = {f["file"]: f.get("sha256") for f in json.loads(manifest_text).get("data", {}).get("files", [])}
    except (ValueError, AttributeError, TypeError, KeyError):
        return ["(unreadable manifest)"]
    now = {name: entry["sha256"] for name, entry in (use.files.items() if use is not None else ())}
    return sorted(name for name in recorded.keys() | now.keys() if recorded.get(name) != now.get(name))


def manifest_json(result: BuildResult, output_names: dict[str, str]) -> str:
    template_files_ = template_files(result.template_dir)
    data = {
        "reportgen": __version__,
        "content": {"file": result.content_path.name, "sha256": sha256_file(result.content_path)},
        "template": {
            "folder": result.template_dir.name,
            "files": [
                {"file": p.relative_to(result.template_dir).as_posix(), "sha256": sha256_file(p)}
                for p in template_files_
            ],
        },
        **({"data": data_entry(result.data)} if result.data is not None else {}),
        "python": platform.python_version(),
        "libraries": libraries(),
        "fonts": [{"file": p.name, "sha256": content_hash(p)} for p in result.font_files],
        "outputs": {
            output_names[fmt]: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for fmt, data in result.outputs.items()
        },
        "charts_cache": result.charts,
        "timings_s": result.timings,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
