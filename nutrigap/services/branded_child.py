"""The branded phase of a first start in a child process (issue #16: "logging possible meanwhile").

In a thread of the window's process the phase (pandas and sqlite3 on 4.3 million nutrient values) competed with
the window for its interpreter: typing to results and Enter to an entry logged took 1.6-2x as long while it ran,
and the window kept the phase's memory (963 MB at its peak, 555 MB still held after; README "First start" has the
numbers). A child process has its own interpreter and memory, and on a two-core machine its own core. It is the
command line the user could type, ``nutrigap food-db build --finish-branded``, run with the same program
(``python -m nutrigap``, or the bundle's own executable, which hands its arguments to the same command line), and
it reports ``progress FRACTION MESSAGE`` lines (:func:`food_database.progress_lines`).

:func:`finish_branded_in_child` waits for it on a worker thread (a pipe read releases the GIL) and passes its
progress on; a cancel (the window quitting) kills the child and reaps it. The phase's own code is unchanged and
its promises hold across the process boundary: one builder at a time (the child holds the build lock), a killed
child leaves only its ``.building`` copy (the next build deletes it) and the generic database still waiting.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.services.context import AppContext
from nutrigap.services.food_database import file_replaced, parse_progress_line

#: how often the waiting thread wakes up without a line from the child [s]
POLL_S = 0.1
#: how often, without news from the child, it repeats the last report to notice a cancel [s]; seldom, since each
#: report is a signal to the window (and PySide6 6.12.0 loses a reference to True on each emit)
CANCEL_CHECK_S = 0.5
#: the command line's own error lines start so (``nutrigap.cli``)
ERROR_PREFIX = "nutrigap: error: "
AGAIN = "The generic foods are all here; the branded foods load again at the next start."


def child_command(csv_path: Path | None = None) -> list[str]:
    """The command that runs the branded phase: this program with the command line's arguments."""
    program = [sys.executable, "-m", "nutrigap"]
    if getattr(sys, "frozen", False):
        # the PyInstaller bundle's executable is the program itself (packaging/bundle_main.py: nutrigap.launcher);
        # on Windows the windowed one has no standard output, its console twin has (packaging/nutrigap.spec)
        console = Path(sys.executable).with_name("nutrigap-cli.exe")
        program = [str(console) if sys.platform == "win32" and console.exists() else sys.executable]
    options = ["--from-csv", str(csv_path)] if csv_path is not None else []
    return [*program, "food-db", "build", "--finish-branded", "--progress-lines", *options]


def finish_branded_in_child(ctx: AppContext, *, csv_path: Path | None = None, progress: Progress = no_progress) -> bool:
    """Run :func:`food_database.finish_branded` for ``ctx``'s food database in a child process and wait for it;
    True when it ended well (the database is whole, or another builder had finished it). ``progress`` gets the
    child's reports, and raising from it (:class:`~nutrigap.domain.progress.Cancelled`) kills the child first.
    A failure raises :class:`FoodDatabaseError` with one line for the user; the database is then as it was."""
    env = {**os.environ, "NUTRIGAP_HOME": str(ctx.paths.home), "PYTHONIOENCODING": "utf-8"}
    try:
        child = subprocess.Popen(
            child_command(csv_path),
            stdin=subprocess.PIPE,  # a go-ahead line after each progress line (``--progress-lines``)
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
            errors="replace",
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
        )
    except OSError as exc:
        raise FoodDatabaseError(f"Loading the branded foods could not start ({exc.strerror or exc}). {AGAIN}") from exc
    lines: queue.Queue[str | None] = queue.Queue()
    errors: list[str] = []
    readers = [
        threading.Thread(target=_read_progress, args=(child.stdout, lines), daemon=True),
        threading.Thread(target=_read_errors, args=(child.stderr, errors), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        _follow(child, lines, progress)
    except BaseException:
        _stop(child)
        raise
    finally:
        for reader in readers:
            reader.join()
        if child.stdin is not None:
            with contextlib.suppress(OSError):
                child.stdin.close()
    if child.returncode != 0:
        raise FoodDatabaseError(failure_message(child.returncode, errors))
    file_replaced(ctx)  # the child swapped the file: the next use opens the whole one
    return True


def _read_progress(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)  # the child closed its output: it is ending


def _read_errors(stream: IO[str], errors: list[str]) -> None:
    for line in stream:
        errors.append(line.rstrip("\n"))


def _follow(child: subprocess.Popen[str], lines: queue.Queue[str | None], progress: Progress) -> None:
    """Pass the child's progress on until it has ended; a cancelled ``progress`` raises at once."""
    last = ("Starting", 0.0)
    reported = time.monotonic()

    def report(every: float = 0.0) -> None:
        nonlocal reported
        if time.monotonic() - reported >= every:
            progress(*last)  # raises when cancelled
            reported = time.monotonic()

    report()
    while True:
        try:
            line = lines.get(timeout=POLL_S)
        except queue.Empty:
            report(every=CANCEL_CHECK_S)  # nothing new: only to notice a cancel
            continue
        if line is None:
            break
        parsed = parse_progress_line(line)
        if parsed is not None:
            last = parsed
            report()
            _go_ahead(child)
    while True:
        try:
            child.wait(timeout=POLL_S)
            return
        except subprocess.TimeoutExpired:
            report(every=CANCEL_CHECK_S)


def _go_ahead(child: subprocess.Popen[str]) -> None:
    """Let the child go on after a progress line: it waits for one line on its standard input."""
    assert child.stdin is not None
    try:
        child.stdin.write("\n")
        child.stdin.flush()
    except (BrokenPipeError, OSError):  # it has ended meanwhile: its exit code tells how
        pass


def _stop(child: subprocess.Popen[str]) -> None:
    """Kill the child and reap it (no zombie is left, and its build lock is free when this returns)."""
    if child.poll() is None:
        child.kill()
    child.wait()


def failure_message(returncode: int, errors: list[str]) -> str:
    """One line for the user from how the child ended and what it wrote to its standard error."""
    for line in reversed(errors):
        if line.startswith(ERROR_PREFIX):
            return line.removeprefix(ERROR_PREFIX).strip()
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"Loading the branded foods stopped: its process was ended ({name}). {AGAIN}"
    last = next((line.strip() for line in reversed(errors) if line.strip()), f"exit code {returncode}")
    return f"Loading the branded foods failed ({last}). {AGAIN}"
