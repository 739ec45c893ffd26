"""Writing a file the user named (an export, a chart, a report, a backup): written into, never replaced blindly.

One helper for every output path. The content goes to a unique temporary file in the target's own folder
(:func:`tempfile.mkstemp`: never a name the user may already use, such as ``PATH.tmp``), is flushed and fsynced,
then renamed over the target, so the file appears whole or not at all. A target that is a symbolic link, a
device (``/dev/full``), a pipe or a folder is refused with a message before anything is written: renaming over
it would silently replace the link or the device node by a regular file. The new file is private (0600):
NutriGap's files hold health data.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from nutrigap.domain.errors import InvalidInput

#: Mode of every file NutriGap writes for the user (owner read and write only).
PRIVATE_FILE = 0o600


def os_problem(exc: OSError) -> str:
    """A short, plain reason for an operating-system error (disk full, permission, ...)."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return str(exc.strerror or exc)


def check_output_path(path: Path | str, *, overwrite: bool = True) -> Path:
    """The target as a Path, after refusing what must not be written to: a missing folder, a symbolic link, a
    device, a pipe, a folder, or (``overwrite=False``) any existing file. Raises InvalidInput."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path()
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {os_problem(exc)}.") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise InvalidInput(
                f"{target} is a symbolic link; NutriGap does not write through links. Give the file's real path."
            )
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{target} is a folder; give a file name inside it.")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{target} is not a regular file (a device or a pipe); choose a file to write.")
        if not overwrite:
            raise InvalidInput(f"{target} already exists; choose another name (it is never overwritten).")
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist; create it first or choose another place.")
    return target


@contextlib.contextmanager
def temporary_beside(path: Path | str, *, overwrite: bool = True) -> Iterator[Path]:
    """A new, empty, private temporary file in the target's folder, for writers that need a path (SQLite).

    When the block ends without an error the file is fsynced and renamed over ``path``; otherwise it is
    removed and ``path`` is untouched. OSError becomes InvalidInput naming the target and the reason.
    """
    target = check_output_path(path, overwrite=overwrite)
    folder = target.parent if str(target.parent) else Path()
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {os_problem(exc)}.") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _sync_file(temp)
        # checked again just before the rename: a link or device that appeared meanwhile is not replaced
        check_output_path(target, overwrite=overwrite)
        temp.replace(target)
        _sync_folder(folder)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {target}: {os_problem(exc)}; it was left as it was.") from None
    finally:
        temp.unlink(missing_ok=True)


@contextlib.contextmanager
def output_file(
    path: Path | str, *, text: bool = False, encoding: str = "utf-8", newline: str | None = "", overwrite: bool = True
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing the safe way (see the module docstring): yields a file object (binary, or
    ``text`` with ``encoding`` and ``newline``); the target is replaced only when the block ends cleanly."""
    with temporary_beside(path, overwrite=overwrite) as temp:
        if text:
            with temp.open("w", encoding=encoding, newline=newline) as fh:
                yield fh
        else:
            with temp.open("wb") as fh:
                yield fh


def _sync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())
    path.chmod(PRIVATE_FILE)  # mkstemp made it 0600 already; a writer may have recreated it


def _sync_folder(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk (POSIX); Windows has no directory fsync.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
