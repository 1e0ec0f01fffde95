"""The Jinja2 environment a template runs in: confined to its folder, bounded in work.

Input: a template folder.
Output: :func:`environment` (a sandboxed Jinja2 environment whose loader only reads files inside
the folder) and :func:`render_bounded` (renders it with limits on time, output, ranges and sizes).

Why: a template is data someone else may have written. It must not read ``/etc/passwd`` through
a symlink (the same rule as assets: every name resolves, symlinks followed, to a real path inside
the folder), and it must not hang or exhaust memory (``range(10**9)``, nested loops, ``"x" * 10**10``,
recursive macros). Each limit raises :class:`TemplateLimit`, which the caller reports with the
template line, as any other template mistake.
"""

from __future__ import annotations

import math
import operator
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.compose.codecache import TemplateCodeCache

# Generous for any real report, small enough that a runaway template stops in seconds.
MAX_RANGE = 100_000  # items in one range()
MAX_RANGE_TOTAL = 2_000_000  # items over every range() of one render (nested loops)
MAX_STRING = 1_000_000  # characters or items one operation may build
MAX_OUTPUT = 1_000_000  # characters of stray output (it must be whitespace anyway)
MAX_BLOCKS = 100_000  # blocks one template may add
RENDER_SECONDS_VAR = "REPORTGEN_TEMPLATE_SECONDS"
RENDER_SECONDS = 20.0  # wall clock for rendering the template


class TemplateLimit(jinja2.TemplateError):
    """The template asked for more work than the sandbox allows (message says which limit)."""


class TemplateOutside(jinja2.TemplateError):
    """A template name resolves (through a symlink) to a file outside the template folder."""


class ConfinedLoader(jinja2.BaseLoader):
    """Like ``FileSystemLoader(folder)``, but every name must resolve, symlinks followed, to a file
    inside the folder: a symlink leaving it (a folder link, a file link, or ``template.j2``
    itself) is refused before anything is read."""

    def __init__(self, folder: Path) -> None:
        self.root = Path(folder).resolve()

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)  # refuses ".." and backslashes
        path = self.root.joinpath(*pieces)
        real = path.resolve()
        if not real.is_relative_to(self.root):
            raise TemplateOutside(f"template file {template!r} resolves outside the template folder")
        if not real.is_file():
            raise jinja2.TemplateNotFound(template)
        try:
            source = real.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise TemplateLimit(f"template file {template!r} is not UTF-8 text") from None
        mtime = real.stat().st_mtime
        return source, str(path), lambda: real.is_file() and real.stat().st_mtime == mtime


def _size(value) -> int:
    try:
        return len(value)
    except TypeError:
        return 1


def _checked_binop(op: str, left, right):
    if op == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(n, int) and _size(seq) * n > MAX_STRING:
                raise TemplateLimit(f"repeating a value {n} times exceeds the sandbox's {MAX_STRING:,} items")
    elif op == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            if right * math.log2(abs(left)) > 4096:
                raise TemplateLimit(f"{left} ** {right} is too large a number for a template")
    elif op == "%" and isinstance(left, str):
        _check_format_widths(left)
    try:
        return _BINOPS[op](left, right)
    except OverflowError:
        raise TemplateLimit(f"{left!r} {op} {right!r}: result too large") from None


_BINOPS = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "//": operator.floordiv, "/": operator.truediv}


def _check_format_widths(fmt: str) -> None:
    """``"%999999999d"`` or ``"{:999999999}"`` would allocate that many characters."""
    import re

    for digits in re.findall(r"[%:.]0*(\d{7,})", fmt):
        if int(digits) > MAX_STRING:
            raise TemplateLimit(f"a format width of {digits} exceeds the sandbox's {MAX_STRING:,} characters")


_SIZED_STR_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with arithmetic and string building kept to a size."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.range_total = 0
        self.globals["range"] = self._range
        for name in ("center", "indent", "wordwrap", "truncate"):
            self.filters[name] = _bounded_filter(self.filters[name])
        fmt = self.filters["format"]
        self.filters["format"] = lambda value, *a, **k: (_check_format_widths(str(value)), fmt(value, *a, **k))[1]

    def _range(self, *args):
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise TemplateLimit(f"range of {len(rng):,} items exceeds the sandbox's {MAX_RANGE:,}")
        self.range_total += len(rng)
        if self.range_total > MAX_RANGE_TOTAL:
            raise TemplateLimit(f"the template's loops exceed the sandbox's {MAX_RANGE_TOTAL:,} range items in all")
        return rng

    def call_binop(self, context, operator: str, left, right):
        return _checked_binop(operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature
        inner = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(inner, "__self__", None)
        name = getattr(inner, "__name__", "")
        if isinstance(owner, str):
            if name in _SIZED_STR_METHODS and any(isinstance(a, int) and a > MAX_STRING for a in args):
                raise TemplateLimit(f"str.{name} width exceeds the sandbox's {MAX_STRING:,} characters")
            if name in ("format", "format_map"):
                _check_format_widths(owner)
        return super().call(__context, __obj, *args, **kwargs)


def _bounded_filter(fn: Callable) -> Callable:
    def bounded(*args, **kwargs):
        for value in (*args[1:], *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_STRING:
                raise TemplateLimit(f"filter argument {value} exceeds the sandbox's {MAX_STRING:,}")
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg", "__name__"):
        if hasattr(fn, attr):
            setattr(bounded, attr, getattr(fn, attr))
    return bounded


def environment(folder: Path) -> BoundedSandbox:
    return BoundedSandbox(
        loader=ConfinedLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is discarded; blocks carry text, never markup
        keep_trailing_newline=True,
        bytecode_cache=TemplateCodeCache(),  # compiled once per template source, then read back
    )


def render_seconds() -> float:
    raw = os.environ.get(RENDER_SECONDS_VAR, "").strip()
    try:
        return float(raw) if raw else RENDER_SECONDS
    except ValueError:
        return RENDER_SECONDS


def render_bounded(template: jinja2.Template, blocks: list, **context) -> str:
    """Render ``template`` with the output, block-count and wall-clock limits; return the stray
    output (which the caller requires to be whitespace)."""
    limit = render_seconds()
    deadline = time.monotonic() + limit
    with _alarm(limit):
        out: list[str] = []
        size = 0
        chunks = template.generate(**context)
        for chunk in chunks:
            size += len(chunk)
            if chunk.strip():
                out.append(chunk)
            problem = None
            if size > MAX_OUTPUT:
                problem = f"the template printed more than {MAX_OUTPUT:,} characters outside block calls"
            elif len(blocks) > MAX_BLOCKS:
                problem = f"the template added more than {MAX_BLOCKS:,} blocks"
            elif time.monotonic() > deadline:
                problem = f"rendering the template took more than {limit:g} s"
            if problem:
                # Thrown into the suspended template, so the traceback (and the message) names its line.
                chunks.throw(TemplateLimit(problem))
    return "".join(out)


class _alarm:
    """SIGALRM after ``seconds`` raises :class:`TemplateLimit` inside the template's own frame (so
    the message can name its line). Only in the main thread, where signals arrive; elsewhere the
    per-chunk deadline in :func:`render_bounded` still applies."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = (
            hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread() and seconds > 0
        )

    def __enter__(self):
        if self.armed:
            seconds = self.seconds

            def expire(_signum, _frame):
                raise TemplateLimit(f"rendering the template took more than {seconds:g} s")

            self.previous = signal.signal(signal.SIGALRM, expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
