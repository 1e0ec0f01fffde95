"""Every :class:`Text` inside a block, in reading order, found from the dataclass fields.

Generic on purpose: a new block kind needs no entry here, so footnote numbering, lint and
the parity tests see its texts as soon as it exists. Field order is reading order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from reportgen.model.inline import Text


def texts(obj: object, skip: frozenset[str] = frozenset()) -> Iterator[Text]:
    """Each Text in ``obj`` (a block, a tuple of them, a nested item...), depth first.

    ``skip`` names fields not to descend into (e.g. ``{"spec", "alt"}`` for what a reader
    sees as running text rather than inside a drawing or a screen reader's description).
    """
    if isinstance(obj, Text):
        yield obj
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from texts(item, skip)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name not in skip:
                yield from texts(getattr(obj, f.name), skip)
