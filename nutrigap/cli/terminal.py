"""What the command line prints is text, never terminal commands.

Names, notes and other text people typed (or imported) may hold control characters: ESC starts terminal
escape sequences (recolouring, retitling or clearing the terminal, or worse), BEL rings, NUL and CR hide what
came before. Everything the commands print to stdout goes through :class:`EscapingText`, which shows such
characters as ``\\x1b``-style escapes (C0 except tab and newline, DEL and C1); table cells and quoted values
escape tab and newline too (:func:`escape_controls`). JSON output escapes C0 itself; C1 is escaped here.

Arguments that are not valid UTF-8 (Python hands them over as lone surrogates) are refused with one line
before anything runs (:func:`undecodable_argument`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

#: C0 controls except tab and newline, DEL, and C1 controls: escaped in everything printed
_STREAM_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: every C0 control, DEL and C1: escaped in a value shown on one line (a table cell, a quoted name)
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _shown(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character (tab and newline too) written as an escape such as ``\\x1b``."""
    return _ALL_CONTROLS.sub(_shown, text)


def escape_stream(text: str) -> str:
    """``text`` with control characters other than tab and newline written as escapes (and lone surrogates,
    which cannot be printed, as ``\\udcxx``)."""
    text = _STREAM_CONTROLS.sub(_shown, text)
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


class EscapingText:
    """A text stream that writes to ``target`` with control characters escaped (see :func:`escape_stream`)."""

    def __init__(self, target: TextIO) -> None:
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(escape_stream(text))
        return len(text)

    def __getattr__(self, name: str) -> object:  # flush, fileno, isatty, encoding ...: the target's
        return getattr(self._target, name)


@contextmanager
def escaped_stdout() -> Iterator[None]:
    """Within the block, ``sys.stdout`` escapes control characters (restored afterwards)."""
    import sys

    original = sys.stdout
    sys.stdout = EscapingText(original)
    try:
        yield
    finally:
        sys.stdout = original


def undecodable_argument(args: Sequence[str]) -> str | None:
    """A message for the first argument that is not valid UTF-8 text, or None when all are."""
    for n, arg in enumerate(args, 1):
        if any("\udc80" <= c <= "\udcff" for c in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return (
                f"argument {n} ('{escape_controls(shown)}') is not valid UTF-8 text; nothing was done. "
                "Type it again, or set a UTF-8 locale."
            )
    return None
