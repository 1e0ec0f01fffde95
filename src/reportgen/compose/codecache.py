"""Compiled templates kept between runs: Jinja2's bytecode cache, stored in reportgen's cache.

Input: a template Jinja2 is about to compile (its name, file and source).
Output: the Python code Jinja2 compiled for it on an earlier run, when that run had the same
source, the same Jinja2 and Python, and the same environment options — else nothing, and Jinja2
compiles it (and the code is stored for the next run).

Why: lexing, parsing and compiling the bundled template costs about 15 ms of every build; the
render itself is the same with a cached code object (Jinja2's documented ``bytecode_cache``).
Entries live in :mod:`reportgen.cachedir` (namespace ``templates``), whose checksums make a
damaged entry a miss with one warning line, never a broken build. Like Python's ``__pycache__``
the cache folder is trusted code: it is the user's own folder.
"""

from __future__ import annotations

import hashlib

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, bc_magic

from reportgen import cachedir

NAMESPACE = "templates"


def _options(environment: jinja2.Environment) -> str:
    """What besides the source decides the code Jinja2 generates for a template."""
    return repr(
        (
            type(environment).__qualname__,
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.autoescape,
            environment.optimized,
            sorted(environment.extensions),
        )
    )


class TemplateCodeCache(BytecodeCache):
    """A :class:`jinja2.BytecodeCache` over :mod:`reportgen.cachedir`."""

    def _key(self, bucket: Bucket) -> str:
        # bucket.key names the template and its file, bucket.checksum its source; bc_magic the
        # Jinja2 bytecode format and the Python version (marshal's format).
        parts = (jinja2.__version__, bc_magic.hex(), bucket.key, bucket.checksum, _options(bucket.environment))
        return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        data = cachedir.read(NAMESPACE, self._key(bucket), ".jinja")
        if data is not None:
            bucket.bytecode_from_string(data)  # a format Jinja2 does not accept leaves the bucket empty

    def dump_bytecode(self, bucket: Bucket) -> None:
        cachedir.write(NAMESPACE, self._key(bucket), bucket.bytecode_to_string(), ".jinja")
