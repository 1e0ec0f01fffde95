"""Lint: the checks a translator or editor wants before building, each naming file and line.

Input: a content file (YAML or JSON) and a template folder.
Output: a list of :class:`Finding` — ``briefing.yaml:42: sections[0].paragraphs[0]: ...`` —
sorted by line (the content file's first, then the template's); empty when all is well.

Rules (details in :mod:`reportgen.lint.rules`, number reading in :mod:`reportgen.lint.numbers`):

1. a bilingual text with its Chinese or English missing or blank (checked on the raw YAML, so it is
   a finding even where the schema would also reject the file);
2. a number in a paragraph's Chinese with no equal in its English, or the reverse, after each
   language's placeholders are filled (so only typed numbers can disagree);
3. a typed amount that contradicts the figure whose label precedes it, and derived claims —
   翻番 / doubled, "是B的N倍" / "N times that of B", percentage changes — recomputed from the data,
   in paragraphs and chart titles;
4. anything the template asks for that the content lacks (a figure, a chart), as the template's
   ``template.j2:LINE``;
5. warnings on Chinese typography (:mod:`reportgen.lint.punctuation`): half-width ``, ; : ? ! ( )``
   next to Chinese characters and stray spaces inside Chinese text, each with the corrected text
   (``warning: … fix: …``). ``reportgen build`` does not stop for them.

Any other schema or reference error becomes one finding at the line the loader names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportgen.compose import compose
from reportgen.content import LoadedContent, resolve_data, validate
from reportgen.content.refs import check_references
from reportgen.content.yamlio import format_loc, line_of, load_mapping
from reportgen.errors import InputError
from reportgen.lint import punctuation
from reportgen.lint.rules import (
    derived_claims,
    figure_mismatches,
    missing_translations,
    typed_contradictions,
)

__all__ = ["Finding", "check_loaded", "lint_file"]


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    message: str
    # The content or template could not be read as valid input (syntax, schema, references): what
    # `reportgen build` rejects with exit 2, so `reportgen lint` exits 2 on it too.
    bad_input: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


_LOCATED = re.compile(r"^(?P<file>[^:\n]+?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)
_FILE_ONLY = re.compile(r"^(?P<file>[^:\n]+?): (?P<message>.*)$", re.DOTALL)


def finding_from_error(err: InputError, default_file: str) -> Finding:
    """``template.j2:3: the template uses …`` -> Finding("template.j2", 3, "the template uses …")."""
    text = str(err)
    m = _LOCATED.match(text)
    if m:
        return Finding(m.group("file"), int(m.group("line")), m.group("message"))
    m = _FILE_ONLY.match(text)
    if m:
        return Finding(m.group("file"), 1, m.group("message"))
    return Finding(default_file, 1, text)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    return node


def _repaired(node: Any) -> Any:
    """A plain copy of the parse with each missing/blank side of a {zh, en} text filled from the other.

    Only to let the schema and the later rules run: the missing translation is already a finding.
    """
    if isinstance(node, dict):
        out = {key: _repaired(value) for key, value in node.items()}
        if "zh" in out or "en" in out:
            texts = [out.get(lang) for lang in ("zh", "en")]
            fallback = next((t for t in texts if isinstance(t, str) and t.strip()), "?")
            for lang in ("zh", "en"):
                value = out.get(lang)
                if value is None or (isinstance(value, str) and not value.strip()):
                    out[lang] = fallback
        return out
    if isinstance(node, list):
        return [_repaired(value) for value in node]
    return node


def _load(path: Path, raw: Any, repair: bool) -> LoadedContent:
    """``load_content`` on the already parsed ``raw``; with ``repair``, validate a copy whose missing
    translations are filled in (errors worded as ``load_content`` words them)."""
    data, use = resolve_data(path, raw, _repaired(_plain(raw)) if repair else None)
    content = validate(path, raw, data)
    loaded = LoadedContent(content=content, path=path, raw=raw, data=use)
    check_references(loaded)
    return loaded


def _bad(finding: Finding) -> Finding:
    return replace(finding, bad_input=True)


def lint_file(path: Path, template_dir: Path) -> list[Finding]:
    """All findings for the content file ``path`` built with the template in ``template_dir``."""
    path = Path(path)
    name = path.name
    try:
        raw = load_mapping(path)
    except InputError as err:
        return [_bad(finding_from_error(err, name))]

    findings, untranslated = [], set()
    for line_loc, text_loc, message in missing_translations(raw):
        findings.append(Finding(name, line_of(raw, line_loc), f"{format_loc(text_loc)}: {message}"))
        untranslated.add(tuple(text_loc))
    for loc, message in punctuation.warnings(raw):
        findings.append(Finding(name, line_of(raw, loc), f"{format_loc(loc)}: {message}"))
    try:
        loaded = _load(path, raw, repair=bool(untranslated))
    except InputError as err:
        findings.append(_bad(finding_from_error(err, name)))
        return _sorted(findings, name)

    findings += [f for f, loc in _rule_findings(loaded) if tuple(loc[:-1]) not in untranslated]
    try:
        compose(loaded, Path(template_dir))
    except InputError as err:
        findings.append(_bad(finding_from_error(err, name)))
    return _sorted(findings, name)


def _rule_findings(loaded: LoadedContent) -> list[tuple[Finding, list]]:
    out = []
    for rule in (figure_mismatches, typed_contradictions, derived_claims):
        for loc, message in rule(loaded):  # loc: the text's path, then "zh" or "en"
            line = line_of(loaded.raw, loc)
            message = message.replace("\u00a0", " ")  # amounts quoted from the formatter: plain spaces on a console
            out.append((Finding(loaded.path.name, line, f"{format_loc(loc[:-1])}: {message}"), loc))
    return out


def check_loaded(loaded: LoadedContent) -> list[Finding]:
    """The figure and claim rules on content that has already loaded (what ``reportgen build`` runs).

    Missing translations and template references need no second look there: the schema and
    compose already reject them.
    """
    return _sorted([f for f, _ in _rule_findings(loaded)], loaded.path.name)


def _sorted(findings: list[Finding], content_file: str) -> list[Finding]:
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (f.file != content_file, f.file, f.line, f.message))
