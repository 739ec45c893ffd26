"""Helpers shared by the sub-commands: the context, JSON output, tables, progress bars."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from nutrigap.cli.terminal import escape_controls
from nutrigap.domain.progress import Progress
from nutrigap.services.context import AppContext

#: (command, action) pairs that only read: they never create a diary or a folder (see set_read_only).
#: A command missing here is treated as one that writes (the safe default: its data must reach the file).
READ_ONLY_COMMANDS = frozenset(
    {
        ("food", "search"), ("food", "show"), ("food", "mine"), ("food-db", "info"), ("profile", "show"),
        ("log", "show"), ("report", "day"), ("report", "week"), ("report", "month"), ("twitch", "list"),
        ("factors", "show"), ("insights", None), ("experiment", "list"), ("experiment", "show"),
        ("suggest", None), ("guide", None), ("chart", "week"), ("chart", "trend"), ("chart", "calendar"),
        ("export", "csv"), ("backup", "list"),
        ("lab", "list"), ("med", "list"),
    }
)  # fmt: skip
_read_only = [False]


def set_read_only(read_only: bool) -> None:
    """Make :func:`context` open the diary for reading only (set by ``main`` per command)."""
    _read_only[0] = read_only


@contextmanager
def context() -> Iterator[AppContext]:
    ctx = AppContext(read_only=_read_only[0])
    try:
        yield ctx
        ctx.check_diary_in_place()  # no success reported for writes to a diary file that is gone
    finally:
        ctx.close()
        for notice in ctx.notices:
            print(f"nutrigap: warning: {escape_controls(notice)}", file=sys.stderr)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align_right: Sequence[int] = ()) -> None:
    cells = [[str(h) for h in headers], *[["" if c is None else escape_controls(str(c)) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        parts = [c.rjust(widths[i]) if i in align_right else c.ljust(widths[i]) for i, c in enumerate(row)]
        print("  ".join(parts).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


@contextmanager
def progress_bar(description: str) -> Iterator[Progress]:
    """A tqdm bar on stderr (hidden when stderr is not a terminal, unless NUTRIGAP_PROGRESS=1)."""
    import os

    from tqdm import tqdm

    disable = not (sys.stderr.isatty() or os.environ.get("NUTRIGAP_PROGRESS") == "1")
    tqdm.monitor_interval = 0  # no monitor thread left running after the bar (it only tunes redraw intervals)
    with tqdm(total=100, desc=description, unit="%", file=sys.stderr, disable=disable,
              bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}") as bar:  # fmt: skip

        def update(message: str, fraction: float) -> None:
            bar.n = round(100 * max(0.0, min(1.0, fraction)))
            bar.set_postfix_str(message, refresh=False)
            bar.refresh()

        yield update
        if disable:
            return


def fmt(value: float | None, digits: int = 1) -> str:
    return "?" if value is None else f"{value:,.{digits}f}"
