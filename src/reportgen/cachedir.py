"""Where reportgen keeps derived files (rendered charts, converted fonts) between runs, verified.

Input: the environment (``REPORTGEN_CACHE_DIR``) or the platform's user cache folder; entries
named by a namespace and a key (a string covering everything that determines the bytes).
Output: the bytes (:func:`read`) or a plain file (:func:`entry_file`) of an entry that is intact.

Every entry carries a checksum of its bytes and of its key, checked on every read: a flipped bit,
a truncated file or an entry copied over another is discarded and rebuilt (with one warning line
on stderr), never used. A cache that cannot be used at all (the setting names a file, a path
under a file, or a read-only folder) means building without one: :func:`check` says so once.
Output bytes never depend on the cache: it only saves time.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_VAR = "REPORTGEN_CACHE_DIR"
MAGIC = b"RGC1"  # entry format: MAGIC, sha256(key), sha256(payload), payload
_HEADER = len(MAGIC) + 64

_state: dict[str, object] = {}  # per process: the resolved folder (or why not), the private fallback
_warned: set[str] = set()


def _configured() -> Path:
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs  # local: only needed when no override is set

    return Path(platformdirs.user_cache_dir("reportgen"))


def _probe(path: Path) -> str | None:
    """None if ``path`` is a folder we can create files in, else why not."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "is a file, not a folder"
    except NotADirectoryError:
        return "lies under a file"
    except OSError as err:
        return f"cannot be created ({err.strerror or err})"
    if not path.is_dir():
        return "is not a folder"
    try:
        fd, probe = tempfile.mkstemp(prefix=".probe.", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        return f"is not writable ({err.strerror or err})"
    return None


def cache_dir() -> Path | None:
    """The cache folder, created if needed; None when it cannot be used (see :func:`check`).

    ``REPORTGEN_CACHE_DIR`` wins when set and non-empty; otherwise the platform's user cache
    folder for "reportgen" (``~/.cache/reportgen`` on Linux). Decided once per process and setting.
    """
    path = _configured()
    if _state.get("for") != str(path):
        problem = _probe(path)
        _state.update({"for": str(path), "dir": None if problem else path, "problem": problem})
    return _state["dir"]  # type: ignore[return-value]


def check() -> None:
    """Warn (one line) if the cache cannot be used; the build then goes on without it."""
    if cache_dir() is None:
        setting = os.environ.get(ENV_VAR, "").strip()
        where = f"{ENV_VAR}={setting}" if setting else f"the cache folder {_configured()}"
        warn(f"{where} {_state['problem']}: building without a cache")


def warn(message: str) -> None:
    """One line on stderr, once per process and message."""
    if message not in _warned:
        _warned.add(message)
        print(f"reportgen: warning: {message}", file=sys.stderr, flush=True)


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _key_name(key: str) -> str:
    """The file name of a key: the key itself when it is a SHA-256 digest already (the chart and
    font keys are), so entries keep the names they have always had."""
    if len(key) == 64 and all(ch in "0123456789abcdef" for ch in key):
        return key
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _entry_path(namespace: str, key: str, suffix: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / namespace / f"{_key_name(key)}{suffix}"


def _discard(path: Path, why: str) -> None:
    try:
        path.unlink()
    except OSError:
        pass
    warn(f"cache entry {path.parent.name}/{path.name[:16]}… was {why}: discarded and rebuilt")


def read(namespace: str, key: str, suffix: str = "") -> bytes | None:
    """The entry's payload if present and intact; a damaged entry is deleted (and None returned)."""
    path = _entry_path(namespace, key, suffix)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if (
        len(blob) < _HEADER
        or not blob.startswith(MAGIC)
        or blob[len(MAGIC) : len(MAGIC) + 32] != _digest(key.encode("utf-8", "surrogatepass"))
    ):
        _discard(path, "damaged or belongs to another key")
        return None
    payload = blob[_HEADER:]
    if blob[len(MAGIC) + 32 : _HEADER] != _digest(payload):
        _discard(path, "corrupt (checksum mismatch)")
        return None
    return payload


def write(namespace: str, key: str, data: bytes, suffix: str = "") -> None:
    """Store an entry; a read-only, full or missing cache is not an error (entries only save time)."""
    path = _entry_path(namespace, key, suffix)
    if path is None:
        return
    header = MAGIC + _digest(key.encode("utf-8", "surrogatepass")) + _digest(data)
    try:
        write_atomic(path, header + data)
    except OSError:
        pass


def entry_file(namespace: str, key: str, suffix: str, build: Callable[[], bytes]) -> Path:
    """A plain file holding the entry's bytes (for libraries that want a path: fonts for ReportLab).

    The payload's checksum is part of the file name (``<key hash>-<payload hash>``), verified
    before the path is handed out; a damaged file is deleted and rebuilt. Without a usable cache,
    the file lives in a private temporary folder of this process tree, removed at exit.
    """
    folder = cache_dir()
    folder = (folder / namespace) if folder is not None else _private_dir() / namespace
    stem = _key_name(key)
    found = _intact_file(folder, stem, suffix)
    if found is not None:
        return found
    # Missing: built by one process at a time. Another one building the same entry (the DOCX's
    # worker converting the PDF's font subset beside it) is waited for, and its file used.
    with _building(folder, stem):
        found = _intact_file(folder, stem, suffix)
        if found is not None:
            return found
        return _store_file(folder, stem, suffix, namespace, build())


def _intact_file(folder: Path, stem: str, suffix: str) -> Path | None:
    try:
        candidates = sorted(folder.glob(f"{stem}-*{suffix}"))
    except OSError:
        candidates = []
    for path in candidates:
        expected = path.name[len(stem) + 1 : len(path.name) - len(suffix) if suffix else None]
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
        if actual.startswith(expected) and len(expected) >= 16:
            return path
        _discard(path, "corrupt (checksum mismatch)")
    return None


@contextmanager
def _building(folder: Path, stem: str) -> Iterator[None]:
    """An exclusive lock on ``<stem>.lock`` in ``folder`` while its entry is built (released when
    the process ends, however it ends). Without a lock file (a read-only folder, no ``fcntl``),
    the entry is built without one: two processes then build the same bytes."""
    try:
        import fcntl

        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / f"{stem}.lock", "a+b")  # noqa: SIM115 - held across the yield
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def _store_file(folder: Path, stem: str, suffix: str, namespace: str, data: bytes) -> Path:
    target = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:32]}{suffix}"
    try:
        write_atomic(target, data)
    except OSError:  # the cache folder went read-only mid-build: the private folder then
        target = _private_dir() / namespace / target.name
        write_atomic(target, data)
    return target


def _private_dir() -> Path:
    """A temporary folder for this process and the workers it forks (they inherit it)."""
    found = _state.get("private")
    if found is None:
        found = Path(tempfile.mkdtemp(prefix="reportgen-nocache-"))
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and shutil.rmtree(found, ignore_errors=True))
        _state["private"] = found
    return found  # type: ignore[return-value]


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
