"""Inline markup -> model spans: a small, safe subset of Markdown, parsed once by markdown-it-py.

Input: one language's text as written in the content, e.g.
``"CO~2~ fell **41%**[^est] ([details](#air))"``, and the content's figures.
Output: a tuple of :class:`~reportgen.model.Span` / :class:`~reportgen.model.FootnoteRef`.

The subset (everything else is literal text, drawn as typed — ``&``, ``<b>``, ``<font>``, quotes):

* ``*emphasis*`` / ``_emphasis_``, ``**strong**``;
* ``^super^`` and ``~sub~`` (no spaces inside): km^2^, CO~2~;
* ``[text](https://…)``, ``[text](mailto:…)``, ``[text](#anchor)`` — a section's ``id`` is its anchor;
* ``[^name]`` — a reference to the footnote ``name`` of the content's ``footnotes:``;
* ``{figure}`` / ``{figure:abs}`` — a figure, formatted per language (``{{`` / ``}}`` for braces);
* ``\\*`` and the like: a backslash makes the next punctuation character literal.

markdown-it-py runs with its ``zero`` preset (no HTML, no entities, no autolinks) and only the
emphasis, link and escape rules, plus three small rules of ours for ^sup^, ~sub~ and [^note].
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from reportgen.content.quantities import PLACEHOLDER
from reportgen.model import FootnoteRef, Span, Spans

NOTE_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LINK_SCHEMES = ("https://", "http://", "mailto:")
_PROTECT = 0xE000  # placeholders ride through the parser as private-use characters


class MarkupError(ValueError):
    """Markup the subset does not allow (a bad link target, an unknown footnote ...)."""


def _delimited(marker: str, token_type: str):
    """A rule for ``^text^`` / ``~text~``: literal text between two markers, no spaces inside."""

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] != marker or state.src.startswith(marker * 2, start):
            return False
        if start > 0 and state.src[start - 1] == marker:  # the second of a doubled marker (~~)
            return False
        end = state.src.find(marker, start + 1, state.posMax)
        inner = state.src[start + 1 : end] if end > 0 else ""
        if not inner or any(ch.isspace() for ch in inner) or state.src.startswith(marker * 2, end):
            return False
        if not silent:
            state.push(token_type, "", 0).content = inner.replace("\\", "")
        state.pos = end + 1
        return True

    return rule


def _footnote_ref(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("[^", start):
        return False
    m = NOTE_ID.match(state.src, start + 2)
    if not m or state.src[m.end() : m.end() + 1] != "]":
        return False
    if not silent:
        state.push("footnote_ref", "", 0).meta = {"id": m.group(0)}
    state.pos = m.end() + 1
    return True


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero").enable(["emphasis", "link", "escape"])
    md.inline.ruler.before("link", "footnote_ref", _footnote_ref)
    md.inline.ruler.after("escape", "sup", _delimited("^", "sup"))
    md.inline.ruler.after("sup", "sub", _delimited("~", "sub"))
    return md


_MD = _parser()


def parse_inline(text: str, fill: Callable[[str], str], footnotes: frozenset[str] | None = None) -> Spans:
    """``text``'s spans; ``fill`` turns a placeholder's source (``{gdp_2020}``) into its text.

    ``footnotes`` are the known footnote names (None: footnote references are not allowed here,
    e.g. inside a footnote's own text).
    """
    held: list[str] = []

    def protect(m: re.Match[str]) -> str:
        held.append(m.group(0))
        return chr(_PROTECT + len(held) - 1)

    def release(value: str) -> str:
        if not held:
            return value
        # A character class of the held marks finds them in C; a Python loop over every character
        # of every text cost ~10 ms a build. (re caches the pattern: one per number of placeholders.)
        marks = f"[{chr(_PROTECT)}-{chr(_PROTECT + len(held) - 1)}]"
        return re.sub(marks, lambda m: fill(held[ord(m.group(0)) - _PROTECT]), value)

    source = PLACEHOLDER.sub(protect, text)
    out: list = []
    emphasis = strong = 0
    link: str | None = None
    for token in _MD.parseInline(source)[0].children or []:
        kind = token.type
        if kind in ("text", "sup", "sub"):
            script = {"sup": "super", "sub": "sub"}.get(kind, "normal")
            value = release(token.content)
            if value:
                out.append(Span(value, emphasis=emphasis > 0, strong=strong > 0, script=script, link=link))
        elif kind in ("em_open", "em_close"):
            emphasis += 1 if kind == "em_open" else -1
        elif kind in ("strong_open", "strong_close"):
            strong += 1 if kind == "strong_open" else -1
        elif kind == "link_open":
            link = _target(str(token.attrGet("href") or ""))
        elif kind == "link_close":
            link = None
        elif kind == "footnote_ref":
            name = token.meta["id"]
            if footnotes is None:
                raise MarkupError(f"a footnote reference [^{name}] cannot stand here")
            if name not in footnotes:
                known = ", ".join(sorted(footnotes)) or "none defined"
                raise MarkupError(f"no footnote named {name!r} in `footnotes` ({known})")
            out.append(FootnoteRef(name))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Span(" ", emphasis=emphasis > 0, strong=strong > 0, link=link))
        else:  # the zero preset with our rules makes no other token; keep any text as typed
            out.append(Span(release(token.content)))
    return _merged(out)


def _target(href: str) -> str:
    if href.startswith("#") and NOTE_ID.fullmatch(href[1:]):
        return href
    if href.startswith(LINK_SCHEMES) and len(href) > len("https://"):
        return href
    raise MarkupError(f"link target {href!r}: use https://…, mailto:… or #anchor (a section id)")


def _merged(spans: list) -> Spans:
    """Neighbouring spans of the same style as one (fewer runs in each writer)."""
    out: list = []
    for span in spans:
        prev = out[-1] if out else None
        if isinstance(span, Span) and isinstance(prev, Span):
            if (prev.emphasis, prev.strong, prev.script, prev.link) == (
                span.emphasis,
                span.strong,
                span.script,
                span.link,
            ):
                out[-1] = Span(prev.text + span.text, prev.emphasis, prev.strong, prev.script, prev.link)
                continue
        out.append(span)
    return tuple(out)


def has_markup(spans: Spans) -> bool:
    """False when the spans are one plain run: the model then needs no spans at all."""
    return not (len(spans) <= 1 and all(isinstance(s, Span) and s == Span(s.text) for s in spans))
