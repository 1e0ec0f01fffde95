"""A pattern compiled on first use answers as the compiled pattern does."""

from __future__ import annotations

import re

from reportgen.text.deferred import DeferredPattern


def test_the_stand_in_is_the_compiled_pattern_once_used():
    source, flags = r"(^[a-z]+://)([a-z\xa1-\uffff.]+)$", re.IGNORECASE
    real = re.compile(source, flags)
    lazy = DeferredPattern(source, flags)
    for text in ("HTTPS://Example.ORG", "https://例子.中国", "not a url"):
        want, got = real.match(text), lazy.match(text)
        assert (want is None) == (got is None)
        assert want is None or want.groups() == got.groups()
    assert lazy.pattern == source and lazy.flags == real.flags


def test_nothing_is_compiled_until_used():
    lazy = DeferredPattern(r"[\u2e80-\u9fff]+")
    assert lazy._compiled is None
    assert lazy.findall("GDP 地区生产总值 grew") == ["地区生产总值"]
    assert isinstance(lazy._compiled, re.Pattern)
