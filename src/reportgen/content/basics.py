"""The schema's building blocks shared by every part of it: strict models, bilingual texts, names."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from reportgen.text.quotes import english_quotes

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Name = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Finite = Annotated[float, AfterValidator(_finite)]
# English as read: straight quotes and apostrophes become typographic ones here, once, so
# every writer sets the same marks (reportgen.text.quotes).
English = Annotated[NonEmpty, AfterValidator(english_quotes)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BiText(Strict):
    """A text in Chinese and English; both are required and may not be empty.

    Either may use the inline markup of :mod:`reportgen.compose.inline` (``**strong**``,
    ``[link](#anchor)``, ``[^note]``...) and figure placeholders (``{gdp_2020}``).
    """

    zh: NonEmpty
    en: English
