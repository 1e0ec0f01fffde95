"""The DOCX writer's block registry: one renderer per block kind of the document model.

Input: a :class:`reportgen.writers.docx_blocks.Emitter` whose ``placed`` is the block to render.
Output: the block's paragraphs and tables appended to the document.

Each module of this package registers the kinds it renders with :func:`renders`; the writer
looks a block's renderer up by its type. Adding a block kind to the DOCX writer is adding one
such module (or one function in one): every module here is imported, none is listed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

RENDERERS: dict[type, Callable] = {}


def renders(*kinds: type) -> Callable[[Callable], Callable]:
    """Register the decorated ``render(emitter, block)`` for each of ``kinds``."""

    def register(fn: Callable) -> Callable:
        for kind in kinds:
            if kind in RENDERERS:
                raise ValueError(f"DOCX: two renderers for {kind.__name__}")
            RENDERERS[kind] = fn
        return fn

    return register


def _load_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}")


def renderer_for(block: object) -> Callable:
    if not RENDERERS:
        _load_all()
    fn = RENDERERS.get(type(block))
    if fn is None:
        raise TypeError(f"DOCX writer: no renderer for block {type(block).__name__}")
    return fn
