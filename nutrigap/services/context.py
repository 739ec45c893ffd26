"""The application context: where the data lives, the one diary engine, and the food database handle.

Opening the diary (the first use of :attr:`AppContext.engine`) is NutriGap's start-up for the window and the
command line alike; its safety steps are :mod:`nutrigap.services.startup`.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from nutrigap.domain.errors import DiaryDatabaseError, FoodDatabaseError
from nutrigap.paths import DataPaths

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from nutrigap.fooddb.database import FoodDatabase  # imported on first use: 8 ms off the window's first frame
    from nutrigap.store.db import UnitOfWork


class AppContext:
    """Opened lazily: nothing touches the disk until a service needs the diary or the food database."""

    def __init__(self, paths: DataPaths | None = None, *, read_only: bool = False) -> None:
        self.paths = paths or DataPaths.from_environment()
        #: for commands that only read: where there is no diary yet, an empty one in memory stands in for it,
        #: so nothing (no diary file, no folder) is created by looking
        self.read_only = read_only
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._food_db: FoodDatabase | None = None
        self._lock = threading.RLock()
        #: small derived data (recent foods for search) kept until this process changes the diary
        self.cache: dict[str, object] = {}
        #: make the day's automatic backup when the diary is first opened (off for throw-away contexts)
        self.auto_backup_enabled = True
        #: one-line messages for the user that did not stop the action (e.g. a backup that could not be made)
        self.notices: list[str] = []
        self._data_version: int | None = None
        self._watch: sqlite3.Connection | None = None
        #: the open diary's id (see nutrigap.services.diary_identity); None until it is opened
        self.diary_id: str | None = None
        #: let the next open create a new diary although the data folder had one (``backup new-diary``)
        self.allow_new_diary = False
        #: (device, inode) of the SQLite diary file as opened, to notice it deleted or replaced meanwhile
        self._opened_file: tuple[int, int] | None = None

    @classmethod
    def for_home(cls, home: Path) -> AppContext:
        return cls(DataPaths.from_environment(home))

    # --- diary ------------------------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._open_diary()
            assert self._engine is not None
            return self._engine

    def _open_diary(self) -> None:
        # the safety steps of every open live in services.startup, which never imports this module
        from nutrigap.services.startup import after_open, open_engine

        opened = open_engine(self)
        self._engine = opened.engine
        self._sessions = opened.sessions
        self._opened_file = opened.file_identity
        after_open(self, opened)

    def check_diary_in_place(self) -> None:
        """Raise DiaryDatabaseError if the SQLite diary file this context opened was deleted, moved or replaced
        since (with its folder, say): what was written since went to a file that is gone, and a command must
        not report success for it. Call it after writing, before :meth:`close`."""
        if self._opened_file is None or self._engine is None:
            return
        self.check_file_in_place(self._opened_file)

    def check_file_in_place(self, opened: tuple[int, int] | None) -> None:
        """:meth:`check_diary_in_place` for a diary file opened as ``opened`` (``startup.file_identity``)."""
        from nutrigap.services.startup import file_identity

        if file_identity(self.paths.diary_file) != opened:
            raise DiaryDatabaseError(
                f"The diary {self.paths.diary_file} was deleted, moved or replaced while NutriGap was using it; "
                "what this command wrote did not reach it. Put the diary back (or restore a backup) and try again."
            )

    def quick_read_file(self) -> Path | None:
        """The SQLite diary file a read-only command may read with plain ``sqlite3`` instead of opening the
        diary (issue #16: SQLAlchemy's import was most of a command-line search), or None: the diary is
        already open, the command writes, or the diary is on a database server. The reader still checks the
        file and its schema revision and falls back to :meth:`uow` on anything unexpected."""
        if not self.read_only or self._engine is not None:
            return None
        from nutrigap.services.startup import diary_sqlite_file

        return diary_sqlite_file(self)

    def uow(self) -> UnitOfWork:
        """A new unit of work on the diary (open it with ``with``; call ``commit()`` to keep changes)."""
        from nutrigap.store.db import UnitOfWork

        _ = self.engine
        assert self._sessions is not None
        return UnitOfWork(self._sessions)

    def diary_changed(self) -> None:
        """Services call this after a commit so cached derived data is recomputed."""
        self.cache.clear()

    def refresh(self) -> None:
        """Forget derived data so the next reads show what other NutriGap windows or the CLI wrote."""
        self.cache.clear()

    def changed_since_last_check(self) -> bool:
        """True if anyone (another window, the CLI, this process) committed to the diary since the last call.

        Cheap enough to poll: the window may call it when it is activated or on a timer, and reload its views
        when it answers True (derived data is already forgotten then). On SQLite it reads ``PRAGMA
        data_version`` on a connection kept for this purpose; on a database server it always answers True
        (reloading is the safe default). The first call only takes the reading and answers False.
        """
        if not self.paths.uses_default_diary:
            self.refresh()
            return True
        with self._lock:
            if self._watch is None:
                import sqlite3

                from nutrigap.store.sqlite_file import ro_uri

                _ = self.engine
                self._watch = sqlite3.connect(ro_uri(self.paths.diary_file), uri=True, check_same_thread=False)
            version = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            changed = self._data_version is not None and version != self._data_version
            self._data_version = version
        if changed:
            self.refresh()
        return changed

    # --- food database ----------------------------------------------------------------------------------
    def food_db_exists(self) -> bool:
        return self.paths.food_db.exists()

    def food_db_outdated(self) -> bool:
        """Whether an older NutriGap wrote the food database: a build brings it to this layout (the window does at
        start), keeping the foods of FoodData Central imports."""
        from nutrigap.fooddb.schema import is_older_layout  # plain sqlite3

        return is_older_layout(self.paths.food_db)

    @property
    def food_db(self) -> FoodDatabase:
        with self._lock:
            if self._food_db is None:
                from nutrigap.fooddb.database import FoodDatabase

                self._food_db = FoodDatabase(self.paths.food_db)
            return self._food_db

    def optional_food_db(self) -> FoodDatabase | None:
        """The food database if it is built and readable, else None (the diary still works without it)."""
        try:
            return self.food_db
        except FoodDatabaseError:
            return None

    def food_db_problem(self) -> str:
        """Why the food database cannot be used: not built yet, damaged, unreadable ... (one sentence)."""
        try:
            _ = self.food_db
        except FoodDatabaseError as exc:
            return str(exc)
        return "the food database is in place."

    def food_db_replaced(self) -> None:
        """Call after a build or import swapped the file: the next use reopens it."""
        with self._lock:
            if self._food_db is not None:
                self._food_db.close()
                self._food_db = None

    def close(self) -> None:
        """Close the food database and dispose of the diary engine; the next use opens them again."""
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
                self._data_version = None
            if self._food_db is not None:
                self._food_db.close()
                self._food_db = None
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._sessions = None
            self.diary_id = None
            self._opened_file = None
