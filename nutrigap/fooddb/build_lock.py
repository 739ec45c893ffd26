"""One builder of the food database at a time, across processes (issue #16 leftover).

A CLI ``nutrigap food-db build`` while a window loads the branded foods (or two windows starting at once) would
each write their own ``.building`` copy and swap it in: the later swap silently drops the other's work, and both
delete each other's temporary file when they start. The builder therefore holds an advisory lock on a file
beside the database (``.food.sqlite.lock``) for the whole build. The operating system releases it when its
process ends, however it ends, so a crash never leaves a stale lock (only the file, which the next builder
takes over). The holder's process id is written into it for the message; a finished build removes the file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from nutrigap.domain.errors import FoodDatabaseError


def lock_path(food_db: Path) -> Path:
    """``.food.sqlite.lock``: hidden, and apart from the ``food.sqlite*`` files a build leaves or swaps."""
    return food_db.with_name(f".{food_db.name}.lock")


def busy_message(pid: str) -> str:
    holder = f" (pid {pid})" if pid else ""
    return f"The food database is being built by another NutriGap{holder}; try again when it finishes."


@contextlib.contextmanager
def build_lock(food_db: Path) -> Iterator[None]:
    """Hold the build lock of ``food_db`` for the block; raise :class:`FoodDatabaseError` at once (one clear
    line, nothing changed) when another builder holds it. Not re-entrant: a second ``build_lock`` on the same
    database, even in the same process, is another builder."""
    path = lock_path(food_db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _locked(path)
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        # removed while still held, so that nothing is left behind (a refused or failed build changes nothing);
        # a builder that opened the old file meanwhile sees it is gone and takes the new one (_locked)
        with contextlib.suppress(OSError):
            path.unlink()
        _unlock(fd)
        os.close(fd)


def _locked(path: Path) -> int:
    """An open descriptor of the lock file at ``path`` with its lock held."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            holder = _holder(fd)
            os.close(fd)
            raise FoodDatabaseError(busy_message(holder))
        try:
            current = path.stat()
        except FileNotFoundError:
            current = None
        opened = os.fstat(fd)
        if current is not None and (current.st_ino, current.st_dev) == (opened.st_ino, opened.st_dev):
            return fd
        _unlock(fd)  # the holder removed the file between our open and our lock: take the new one
        os.close(fd)


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


if sys.platform == "win32":  # pragma: no cover - the suite runs on Linux
    import msvcrt

    def _try_lock(fd: int) -> bool:
        # a lock on a byte far beyond the pid, so that reading the holder's pid is never refused
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
