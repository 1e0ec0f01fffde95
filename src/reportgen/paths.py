"""Resolving asset paths named in content or theme, without letting them escape their folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from reportgen.errors import InputError


def resolve_inside(name: str, roots: list[Path], where: str) -> Path:
    """Return the existing file ``name`` under the first root that has it.

    ``name`` must be relative and stay inside the root once resolved (symlinks included):
    content and templates are shared files, and a build must never read ``/etc/passwd``
    because a YAML file asked it to.
    """
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: asset path must be a non-empty string")
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or Path(name).is_absolute() or (pure.parts and ":" in pure.parts[0]):
        raise InputError(f"{where}: asset path {name!r} must be relative to the content or template folder")
    for root in roots:
        root = root.resolve()
        candidate = (root / pure).resolve()
        if not candidate.is_relative_to(root):
            raise InputError(f"{where}: asset path {name!r} points outside {root.name}/")
        if candidate.is_file():
            return candidate
    raise InputError(f"{where}: asset file not found: {name}")
