"""Writing a build's files (PDF, DOCX, manifest) into the output folder as one set.

Input: target path -> bytes, all in one folder.
Output: the files on disk; either every one of them is the new version or none is.

Why: two builds to the same ``--out`` must not interleave (a manifest of one beside the PDF of
the other), and a failure half-way (a full disk, an immutable file) must not leave a new PDF
beside an old DOCX. So: an exclusive lock on the folder itself (``flock`` on its descriptor, no
lock file to clean up) for the whole write; every file first written to a temporary sibling and
synced; the current files kept as hard-linked backups; then the renames, undone from the
backups if one fails. Temporaries a killed build left behind are removed by the next build.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from reportgen.errors import OutputError

_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.(tmp|bak)$")  # what mkstemp below names


@contextlib.contextmanager
def locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (other builds to it wait), where the platform has one."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the set is still replaced all-or-nothing
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _names(files: dict[Path, bytes]) -> set[str]:
    return {path.name for path in files}


def clean_leftovers(folder: Path, names: set[str]) -> None:
    """Remove temporaries and backups of ``names`` left by a build that was killed mid-write."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match and any(entry.name.startswith(f".{name}.") for name in names):
            with contextlib.suppress(OSError):
                entry.unlink()


def _fail(path: Path, err: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {err.strerror or err}")


def write_set(files: dict[Path, bytes]) -> None:
    """Replace every file of ``files`` (all in one folder), or none of them."""
    folders = {path.parent for path in files}
    if len(folders) != 1:
        raise ValueError("a set of outputs lives in one folder")
    (folder,) = folders
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the output folder {folder}: {err.strerror or err}") from None
    if not folder.is_dir():
        raise OutputError(f"cannot write into {folder}: not a folder")
    with locked(folder):
        clean_leftovers(folder, _names(files))
        _replace_all(files)


def _replace_all(files: dict[Path, bytes]) -> None:
    staged: dict[Path, str] = {}  # target -> its new bytes' temporary
    backups: dict[Path, str] = {}  # target -> a hard link to its current bytes
    done: list[Path] = []
    current: Path | None = None
    try:
        for path, data in files.items():
            current = path
            if path.is_dir():
                raise IsADirectoryError(21, "a folder is in the way")
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged[path] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            if path.exists():
                # A file that cannot be linked (immutable, say) cannot be replaced either:
                # finding out now, before any rename, keeps the old set whole.
                backup = tempfile.mktemp(prefix=f".{path.name}.", suffix=".bak", dir=path.parent)
                os.link(path, backup)
                backups[path] = backup
        for path, tmp in staged.items():
            current = path
            os.replace(tmp, path)
            done.append(path)
    except OSError as err:
        _undo(done, backups)
        raise _fail(current or next(iter(files)), err) from None
    finally:
        for tmp in (*staged.values(), *backups.values()):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    with contextlib.suppress(OSError):  # the renames are durable once the folder is synced
        fd = os.open(next(iter(files)).parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _undo(done: list[Path], backups: dict[Path, str]) -> None:
    """Put back what the renames replaced (the backups are links to the old bytes)."""
    for path in reversed(done):
        with contextlib.suppress(OSError):
            if path in backups:
                os.replace(backups.pop(path), path)
            else:
                path.unlink()
