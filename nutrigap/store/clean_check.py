"""Skipping the first frame's check of a diary whose bytes are exactly those checked clean when it was last closed.

The window's first frame (:mod:`nutrigap.store.day_preview`) checks the diary file before showing anything from
it (``quick_check`` and ``foreign_key_check``), so a damaged diary is never shown. When the window closes, the
diary is checked the same way and, if it is sound, its size, modification time and SHA-256 digest are recorded
(:func:`record_clean_check`). At the next start the check is skipped only when the file has the same size, the
same modification time, no ``-wal`` or ``-journal`` file with content beside it (a change not yet written into
the file), and the same digest (:func:`unchanged_since_clean_check`): the same bytes as a file that passed the
same check. Any change since (another program, a command-line write, a damaged disk block that left size and
time alone) changes the digest, so the full check runs; the rule cannot miss damage the check would find,
short of a SHA-256 collision. Anything unexpected (no record, an unreadable one, another diary's) also means
the full check.

Measured benefit (``benchmarks/window.py``, a ten-year diary of 9.3 MB, 2 shared cores): the check is
``quick_check`` 20 ms plus ``foreign_key_check`` 11 ms, the digest 5 ms; the first frame comes about 0.03 s sooner
(README "Performance"). Closing the window costs the same check once more, after the window is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

from nutrigap.domain.errors import DiaryDatabaseError

#: The record's file name in the data folder.
RECORD_FILE = "diary-checked.json"
_CHUNK = 1 << 20


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _pending_changes(path: Path) -> bool:
    """Whether a ``-wal`` or ``-journal`` file with content lies beside the diary (its bytes are not all in it)."""
    for suffix in ("-wal", "-journal"):
        try:
            if Path(f"{path}{suffix}").stat().st_size > 0:
                return True
        except FileNotFoundError:
            continue
    return False


def _facts(path: Path) -> dict[str, object]:
    stat = path.stat()
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def unchanged_since_clean_check(path: Path, record: Path) -> bool:
    """True when the SQLite file ``path`` holds exactly the bytes recorded in ``record`` after a clean check;
    False in every other case (then check it)."""
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        if not isinstance(recorded, dict) or _pending_changes(path):
            return False
        facts = _facts(path)
        if any(recorded.get(key) != value for key, value in facts.items()):
            return False
        return recorded.get("sha256") == _digest(path)
    except (OSError, ValueError):
        return False


def record_clean_check(path: Path, record: Path) -> bool:
    """Check the closed diary ``path`` as the first frame would and record its bytes in ``record`` when it is
    sound and did not change meanwhile; otherwise remove any old record. Returns whether it was recorded."""
    from nutrigap.store.sqlite_file import check_sqlite_file

    try:
        if path.is_file() and not _pending_changes(path):
            before = {**_facts(path), "sha256": _digest(path)}
            check_sqlite_file(path)
            after = {**_facts(path), "sha256": _digest(path)}
            if before == after and not _pending_changes(path):
                tmp = record.with_name(f"{record.name}.{os.getpid()}.tmp")
                tmp.write_text(json.dumps(before), encoding="utf-8")
                tmp.chmod(0o600)  # private, like the diary
                tmp.replace(record)
                return True
    except (OSError, DiaryDatabaseError):
        pass
    with contextlib.suppress(OSError):
        record.unlink(missing_ok=True)
    return False
