"""The CLDR facts the units registry reads, taken from babel once and then kept in the cache.

Input: babel's locale data for Chinese and English (``locale-data/zh.dat``, ``en.dat``, their
root) and its global data (the ISO 4217 codes).
Output: :func:`facts`, plain dicts — per language the unit patterns (``long`` and ``short``) and
the SI-prefix patterns; Chinese currency names; English currency plurals and symbols; the codes.

Why: to answer these few questions babel unpickles and merges its whole locale files and imports
its number formatting, about 50 ms of every build and lint that names a currency or a CLDR unit.
The answers are 60 kB of JSON, stored in the cache (:mod:`reportgen.cachedir`, checksummed)
under a key made of the bytes they come from — babel's data files and the modules that read them,
and this module — so another babel, CLDR release or extraction reads babel again, and the
registry (:mod:`reportgen.content.units`) gives the same units with or without a cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

NAMESPACE = "cldr"
# babel's files the facts depend on: its data, and the code that reads and merges it.
_BABEL_FILES = (
    "__init__.py",
    "core.py",
    "localedata.py",
    "numbers.py",
    "global.dat",
    "locale-data/root.dat",
    "locale-data/zh.dat",
    "locale-data/en.dat",
)
_LENGTHS = ("long", "short")  # what the registry words units with (never "narrow")


def _key() -> str:
    """A digest of every byte the facts come from; found without importing babel."""
    spec = find_spec("babel")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("babel")
    root = Path(spec.origin).parent
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for name in _BABEL_FILES:
        digest.update(name.encode())
        digest.update(hashlib.sha256((root / name).read_bytes()).digest())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    # babel's LocaleDataDict resolves its aliases on item access: read every item through it.
    if isinstance(value, Mapping):
        return {key: _plain(value[key]) for key in value}
    return value


def _from_babel() -> dict:
    from babel import Locale
    from babel.numbers import get_currency_symbol, list_currencies

    codes = sorted(list_currencies())
    out: dict[str, Any] = {"currencies": codes}
    for lang in ("zh", "en"):
        data = Locale(lang)._data
        out[lang] = {
            "unit_patterns": {
                unit: {length: _plain(forms[length]) for length in _LENGTHS if length in forms}
                for unit, forms in data["unit_patterns"].items()
            },
            "compound_unit_patterns": _plain(data["compound_unit_patterns"]),
        }
    out["zh"]["currency_names"] = _plain(Locale("zh").currencies)
    out["en"]["currency_names_plural"] = _plain(Locale("en")._data["currency_names_plural"])
    out["en"]["currency_symbols"] = {code: get_currency_symbol(code, locale="en") for code in codes}
    return out


@functools.cache
def facts() -> dict:
    """The facts, from the cache when an intact entry for this babel is there, else from babel."""
    from reportgen import cachedir

    try:
        key = _key()
    except OSError:  # babel's files not where its spec says (a zipped install): ask babel itself
        return _from_babel()
    stored = cachedir.read(NAMESPACE, key, ".json")
    if stored is not None:
        try:
            return json.loads(stored)
        except ValueError:  # checksummed, so only a bug writes this; read babel again
            pass
    found = _from_babel()
    cachedir.write(NAMESPACE, key, json.dumps(found, ensure_ascii=False, sort_keys=False).encode("utf-8"), ".json")
    return found
