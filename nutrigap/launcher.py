"""The ``nutrigap`` program: the window without a command (or with ``gui``, or after ``demo``), the command line
otherwise.

It sits above both front ends so that they stay siblings: the command line (:mod:`nutrigap.cli`) never imports
the window (:mod:`nutrigap.gui`); it is handed :func:`open_window` instead. The window's modules (and Qt) are
imported only when the window opens, so ``nutrigap report week`` starts without them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def open_window(qt_args: list[str], day: dt.date | None = None) -> int:
    """Open the window (on ``day``, default today) and run until it closes; returns the process exit code."""
    from nutrigap.gui.window.app import run

    return run(qt_args, day=day)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nutrigap`` with ``argv`` (default: the process's arguments); returns the exit code."""
    from nutrigap.cli import main as command_line

    return command_line(argv, open_window=open_window)
