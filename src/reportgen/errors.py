"""Errors that reach the user as one line and an exit code, never as a traceback."""

from __future__ import annotations


class ReportgenError(Exception):
    """Base class: ``str(err)`` is the complete one-line message; ``exit_code`` the CLI's status."""

    exit_code = 3


class InputError(ReportgenError):
    """Bad input: content, template, theme or asset. Message names file and line or field."""

    exit_code = 2


class OutputError(ReportgenError):
    """The outputs could not be written (permissions, a folder in the way, a full disk): an
    environment problem the user fixes, so exit 2 like bad input, naming the output."""

    exit_code = 2


class TextTooLong(InputError):
    """A text cannot fit where it is placed (a table cell or heading taller than a page). The
    writer does not know which content field it came from; the build names it."""
