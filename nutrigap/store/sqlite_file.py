"""The diary as an SQLite file: checking it before use, and copying it safely while it may be in use.

Copies use SQLite's online backup API (``sqlite3.Connection.backup``), never a file copy: a file copy of a
live WAL database can miss committed pages that are still in the ``-wal`` file, or catch a page half
written. A backup copy is a consistent snapshot of one moment, written to a temporary file, checked with
``PRAGMA integrity_check``, flushed to disk and only then renamed into place.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.domain.wording import plural

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long the copy waits for a writer in another process to finish [s].
BUSY_TIMEOUT_S = 10.0
#: Tables every NutriGap diary has (from the first schema revision on).
DIARY_TABLES = frozenset({"alembic_version", "food", "food_nutrient", "diary_entry", "profile"})


def ro_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` (safe for spaces and special characters)."""
    return path.resolve().as_uri() + "?mode=ro"


def _restore_hint() -> str:
    return "restore a backup with: nutrigap backup restore FILE (list them with: nutrigap backup list)"


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def check_sqlite_file(path: Path, *, full: bool = False) -> None:
    """Refuse a diary file that is not an SQLite database or is damaged, before anything writes to it.

    ``full`` runs ``PRAGMA integrity_check`` (every index against its table, about 0.2 s for ten years of
    entries); otherwise ``PRAGMA quick_check`` (page structure and constraints, about half the time).
    A missing or empty file is fine: it becomes a new diary.
    """
    try:
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            return
        if not path.is_file():
            raise DiaryDatabaseError(f"{path} is not a file; move it away so NutriGap can create its diary there.")
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DiaryDatabaseError(f"The diary {path} cannot be read ({exc.strerror or exc}).") from None
    if header != SQLITE_HEADER:
        raise DiaryDatabaseError(
            f"{path} is not a NutriGap diary (not an SQLite database); it was not changed. Move it away, "
            f"or {_restore_hint()}."
        )
    problem = integrity_problem(path, full=full)
    if problem is not None:
        cause = environment_problem(path)
        if cause is not None:  # a sound file SQLite could not open where it lies: say why, never "damaged"
            raise DiaryDatabaseError(f"The diary {path} cannot be opened: {cause}. Nothing was changed.")
        raise DiaryDatabaseError(f"The diary {path} is damaged ({problem}). Nothing was changed; {_restore_hint()}.")


#: Free space below which a failed open is put down to a full disk [bytes] (SQLite needs room for its
#: shared-memory index and journal beside the diary).
NEARLY_FULL_BYTES = 1_000_000
#: SQLite's primary result codes that mean the file itself is bad (sqlite.org/rescode.html)
_DAMAGE_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def environment_problem(path: Path) -> str | None:
    """Why SQLite cannot open ``path`` when the file itself is not the problem: a read-only file system,
    missing permission, a full disk. None when opening fails because the file is damaged (or does not fail)."""
    try:
        con = sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _DAMAGE_CODES:
            return None
        folder = path.parent
        try:
            fs = os.statvfs(folder)
        except (OSError, AttributeError):
            fs = None
        if fs is not None and fs.f_flag & os.ST_RDONLY:
            return "its folder is on a read-only file system (NutriGap needs to write beside the diary)"
        if not os.access(folder, os.W_OK | os.X_OK) or not os.access(path, os.R_OK | os.W_OK):
            return "permission denied (NutriGap needs to read and write the diary and its folder)"
        if fs is not None and fs.f_bavail * fs.f_frsize < NEARLY_FULL_BYTES:
            return "the disk is full; free some space and try again"
        if code is not None and code & 0xFF in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
            return f"{exc} (a problem of the disk or folder, not of the diary)"
        return None
    return None


def integrity_problem(path: Path, *, full: bool = True) -> str | None:
    """None if the SQLite file at ``path`` passes the check and has no broken references, else what is wrong."""
    try:
        con = sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            rows = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
            broken_refs = con.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return f"cannot be read: {exc}"
    messages = [str(r[0]) for r in rows]
    if messages != ["ok"]:
        return "; ".join(messages[:3]) or "no answer from the integrity check"
    if broken_refs:
        table, rowid, parent, _ = broken_refs[0]
        return f"{plural(len(broken_refs), 'broken reference')}, e.g. {table} row {rowid} points to a missing {parent}"
    return None


def copy_database(source: Path, target: Path, *, overwrite: bool = True) -> None:
    """Copy the SQLite database ``source`` (possibly open and being written by others) to ``target``.

    The copy is a consistent snapshot, self-contained (rollback journal, no ``-wal`` file), checked with
    ``integrity_check``, fsynced and renamed into place from a unique temporary name beside it (private,
    0600); an existing ``target`` is replaced only by a good copy (never when ``overwrite`` is False), and a
    link or device is never replaced. Raises DiaryDatabaseError if the source cannot be read or the copy is
    not sound, InvalidInput if the target cannot be written (with the reason: disk full, permission ...).
    """
    from nutrigap.store.output_file import temporary_beside

    target.parent.mkdir(parents=True, exist_ok=True)
    with temporary_beside(target, overwrite=overwrite) as tmp:
        try:
            src = sqlite3.connect(source.resolve().as_uri(), uri=True, timeout=BUSY_TIMEOUT_S)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    # pages=-1: one step under one read transaction, so the copy is one moment of the diary
                    src.backup(dst, pages=-1)
                    dst.execute("PRAGMA journal_mode = DELETE")
                    dst.commit()
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            if _is_disk_full(exc):
                raise OSError(errno.ENOSPC, "No space left on device") from None
            raise DiaryDatabaseError(f"Cannot copy the diary {source}: {exc}.") from None
        problem = integrity_problem(tmp, full=True)
        if problem is not None:
            raise DiaryDatabaseError(f"The copy of {source.name} is not sound ({problem}); the diary may be damaged.")


def _is_disk_full(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)


def copy_raw_files(source: Path, target: Path) -> list[Path]:
    """Byte copies of a diary that SQLite cannot read (kept so a damaged diary is never simply lost).

    The ``-wal`` file is copied beside it: it may hold the newest committed entries.
    """
    import shutil

    written: list[Path] = []
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        src = Path(str(source) + suffix)
        if src.is_file():
            dst = Path(str(target) + suffix)
            shutil.copyfile(src, dst)
            written.append(dst)
    return written


def restore_into(backup: Path, live: Path) -> None:
    """Replace the contents of the diary ``live`` by those of ``backup`` in one SQLite transaction.

    The backup API writes into the live database under its own write lock and journal: a crash half way
    leaves the old diary, and another NutriGap that has the diary open sees the restored contents on its
    next read instead of writing on into a file that was swapped away under it.
    """
    try:
        src = sqlite3.connect(ro_uri(backup), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            dst = sqlite3.connect(live, timeout=BUSY_TIMEOUT_S)
            try:
                dst.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                src.backup(dst, pages=-1)
                dst.execute("PRAGMA journal_mode = WAL")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise DiaryDatabaseError(f"Restoring {backup.name} failed ({exc}); the diary was left as it was.") from None


@dataclass(frozen=True, slots=True)
class DiaryFileFacts:
    """What a diary file holds, read without changing it."""

    revision: str | None
    tables: frozenset[str]
    entries: int | None
    first_day: dt.date | None
    last_day: dt.date | None
    #: rows of ``alembic_version``: a NutriGap diary has exactly one
    revision_rows: int = 1


def read_facts(path: Path, *, count: bool = True) -> DiaryFileFacts:
    """The schema revision, tables and entry count of an SQLite diary file (read-only); ``count=False`` leaves
    the entries and days out (None): counting them reads the whole entry table (5 ms for ten years)."""
    if not is_sqlite_file(path):
        raise DiaryDatabaseError(f"{path.name} is not an SQLite database, so not a NutriGap diary or backup.")
    try:
        con = sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            tables = frozenset(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            revision = None
            revision_rows = 0
            if "alembic_version" in tables:
                versions = con.execute("SELECT version_num FROM alembic_version LIMIT 3").fetchall()
                revision_rows = len(versions)
                revision = str(versions[0][0]) if len(versions) == 1 else None
            entries = first = last = None
            if count and "diary_entry" in tables:
                entries, first, last = con.execute("SELECT count(*), min(day), max(day) FROM diary_entry").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DiaryDatabaseError(f"{path.name} cannot be read as a diary ({exc}).") from None
    return DiaryFileFacts(
        revision=revision,
        tables=tables,
        entries=None if entries is None else int(entries),
        first_day=_day(first),
        last_day=_day(last),
        revision_rows=revision_rows,
    )


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def strip_foreign_objects(path: Path, own_tables: frozenset[str]) -> list[str]:
    """Drop from the SQLite file ``path`` (a private staging copy) every trigger and view, and every table that
    is not one of ``own_tables``: a backup may carry objects NutriGap never made (a trigger that deletes entries
    on insert). Returns what was dropped ("trigger name", …); DiaryDatabaseError if something cannot be."""
    try:
        con = sqlite3.connect(path)
        try:
            objects = con.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view', 'table')"
                " AND name NOT LIKE 'sqlite%' ORDER BY type DESC, name"
            ).fetchall()
            dropped = []
            for kind, name in objects:
                if kind == "table" and name in own_tables:
                    continue
                quoted = '"' + str(name).replace('"', '""') + '"'
                con.execute(f"DROP {str(kind).upper()} IF EXISTS {quoted}")
                dropped.append(f"{kind} {name}")
            con.commit()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DiaryDatabaseError(
            f"{path.name} holds schema objects that are not NutriGap's and cannot be removed ({exc})."
        ) from None
    return dropped


def page_size(path: Path) -> int:
    """The page size of the SQLite file ``path`` [bytes] (read-only)."""
    con = sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        return int(con.execute("PRAGMA page_size").fetchone()[0])
    finally:
        con.close()


def sqlite_file_of(url: str) -> Path | None:
    """The file of an SQLite URL (``sqlite:///path``, ``sqlite+pysqlite:////abs/path``), None for another
    database or an in-memory one."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+")[0] != "sqlite" or not rest.startswith("/"):
        return None
    file = rest[1:].split("?", 1)[0]
    if not file or file == ":memory:" or file.startswith("file:"):
        return None
    return Path(file)


#: The file in a staging folder naming the process that uses it.
OWNER_FILE = "owner.pid"


def claim_staging(folder: Path) -> None:
    """Mark ``folder`` as this process's (so ``remove_stale_staging`` in another process leaves it alone)."""
    (folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: assume it is running
    return True


def remove_stale_staging(parent: Path, prefix: str, grace_s: float = 60.0) -> list[Path]:
    """Delete folders ``prefix*`` in ``parent`` left behind by a process that was killed (its owner is not
    running; a folder without an owner file after ``grace_s`` seconds). Returns what was removed."""
    import shutil
    import time

    removed: list[Path] = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir() and not p.is_symlink()]
    except OSError:
        return removed
    for folder in candidates:
        try:
            owner = folder / OWNER_FILE
            if owner.is_file():
                text = owner.read_text(encoding="ascii").strip()
                if text.isdigit() and _alive(int(text)):
                    continue
            elif time.time() - folder.stat().st_mtime < grace_s:
                continue
            shutil.rmtree(folder)
            removed.append(folder)
        except (OSError, UnicodeDecodeError):
            continue
    return removed


def forget_settings(diary: Path) -> None:
    """Delete the ``setting`` rows of a freshly created diary (the id it was given when it was created), so that
    the rows copied into it (:func:`copy_tables`) bring the backup's own settings. Raises DiaryDatabaseError."""
    try:
        con = sqlite3.connect(diary, timeout=BUSY_TIMEOUT_S)
        try:
            with con:
                con.execute("DELETE FROM setting")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DiaryDatabaseError(f"the new diary cannot be prepared ({exc})") from None


def copy_tables(source: Path, target: Path, tables: list[tuple[str, list[str]]]) -> None:
    """Copy the rows of ``tables`` (name, columns; parents first) from the SQLite file ``source`` into the same
    tables of ``target``, a freshly created diary, in one transaction: ids and timestamps as they were, under
    ``target``'s own schema (its constraints and references are checked). Raises DiaryDatabaseError."""
    try:
        con = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("ATTACH DATABASE ? AS backup", (ro_uri(source),))
            present = {r[0] for r in con.execute("SELECT name FROM backup.sqlite_master WHERE type = 'table'")}
            with con:
                for name, columns in tables:
                    if name not in present:
                        continue
                    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
                    quoted = '"' + name.replace('"', '""') + '"'
                    try:
                        con.execute(f"INSERT INTO main.{quoted} ({cols}) SELECT {cols} FROM backup.{quoted}")
                    except sqlite3.DatabaseError as exc:
                        raise DiaryDatabaseError(f"its table {name} does not fit NutriGap's ({exc})") from None
            con.execute("DETACH DATABASE backup")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DiaryDatabaseError(f"its rows cannot be copied ({exc})") from None
