"""Compose: content + a Jinja2 template -> the document model.

Input: :class:`~reportgen.content.LoadedContent` and a template folder (``template.j2``,
``theme.yaml``, ``reference.docx``, ``assets/``).
Output: a :class:`~reportgen.model.Document`.

The template is data, not code: it runs in Jinja2's immutable sandbox with StrictUndefined,
can only read files of its own folder (``include``/``extends``; symlinks leaving it refused),
is bounded in time and size (:mod:`reportgen.compose.sandbox`), and adds blocks by calling
the functions of :class:`~reportgen.compose.blocks.BlockBuilder`. Whatever text it prints
outside those calls must be whitespace, so a stray word is an error instead of a silent loss.
"""

from __future__ import annotations

import dataclasses
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SecurityError

from reportgen.compose import sandbox
from reportgen.compose.blocks import BlockBuilder, _text
from reportgen.content import LoadedContent
from reportgen.content.quantities import with_default_scale
from reportgen.errors import InputError
from reportgen.model import Document, Meta

TEMPLATE_FILE = "template.j2"


def _template_line(exc: BaseException, template_dir: Path) -> str:
    """``template.j2:12`` from the traceback Jinja2 rewrites to point into the template."""
    root = str(template_dir.resolve())
    where = TEMPLATE_FILE
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(root):
            where = f"{Path(frame.filename).name}:{frame.lineno}"
    return where


def compose(
    loaded: LoadedContent,
    template_dir: Path,
    logo: Path | None = None,
    number_scale: tuple[str, str] = ("auto", "auto"),
    text_width_mm: float | None = None,
) -> Document:
    # The theme's default scale (numbers.scale) given to the figures once, before anything is worded.
    loaded = dataclasses.replace(loaded, content=with_default_scale(loaded.content, *number_scale))
    env = sandbox.environment(template_dir)
    builder = BlockBuilder(loaded, logo=logo, text_width_mm=text_width_mm)
    env.globals.update(builder.functions())
    try:
        template = env.get_template(TEMPLATE_FILE)
        stray = sandbox.render_bounded(template, builder.blocks, content=loaded.content, meta=loaded.content.meta)
    except jinja2.TemplateSyntaxError as err:
        raise InputError(
            f"{Path(err.filename or TEMPLATE_FILE).name}:{err.lineno}: template syntax error: {err.message}"
        ) from None
    except jinja2.TemplateNotFound as err:
        raise InputError(f"{template_dir}: template file not found: {err.name}") from None
    except jinja2.UndefinedError as err:
        raise InputError(f"{_template_line(err, template_dir)}: {err.message}") from None
    except (sandbox.TemplateLimit, sandbox.TemplateOutside) as err:
        raise InputError(f"{_template_line(err, template_dir)}: {err.message}") from None
    except RecursionError as err:
        raise InputError(
            f"{_template_line(err, template_dir)}: the template recurses too deeply (a macro calling itself?)"
        ) from None
    except SecurityError as err:
        raise InputError(f"{_template_line(err, template_dir)}: not allowed in a template: {err}") from None
    except InputError as err:
        raise InputError(f"{_template_line(err, template_dir)}: {err}") from None
    except (TypeError, ValueError, AttributeError, ArithmeticError, LookupError, MemoryError) as err:
        if _raised_by_reportgen(err):
            raise  # a bug in our own code, not the template's: an internal error (exit 3)
        # The template's own expression went wrong; name where, not a Python traceback.
        raise InputError(f"{_template_line(err, template_dir)}: {err}").with_traceback(None) from None
    if stray.strip():
        snippet = stray.strip().splitlines()[0][:60]
        raise InputError(f"{TEMPLATE_FILE}: text outside a block call: {snippet!r} (wrap it in paragraph(text(...)))")
    if not builder.blocks:
        raise InputError(f"{TEMPLATE_FILE}: the template produced no blocks")
    builder.check_links()
    return Document(meta=_meta(loaded), blocks=tuple(builder.blocks), footnotes=builder.footnotes)


_PACKAGE = Path(__file__).resolve().parents[1]
_SANDBOX = Path(sandbox.__file__).resolve()  # runs the template's own operators: its errors are the template's


def _raised_by_reportgen(err: BaseException) -> bool:
    """True if the innermost frame of ``err`` is reportgen's code (a template's frames are its
    .j2 file, Jinja2's runtime or our sandbox's operators). A wrong call of a block function is
    caught before it runs."""
    frames = traceback.extract_tb(err.__traceback__)
    if not frames:
        return False
    where = Path(frames[-1].filename).resolve()
    return where.is_relative_to(_PACKAGE) and where != _SANDBOX


def _meta(loaded: LoadedContent) -> Meta:
    m = loaded.content.meta
    return Meta(
        title=_text(m.title),
        short_title=_text(m.short_title),
        subject=_text(m.subtitle) if m.subtitle else _text(m.title),
        author=_text(m.author),
        keywords=_text(m.keywords),
        date=m.date,
    )


__all__ = ["compose", "TEMPLATE_FILE"]
