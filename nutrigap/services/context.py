"""The application context: where the data lives, the one diary engine, and the food database handle."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.paths import DataPaths
from nutrigap.store.db import UnitOfWork, check_sqlite_file, create_diary_engine, migrate, session_factory


class AppContext:
    """Opened lazily: nothing touches the disk until a service needs the diary or the food database."""

    def __init__(self, paths: DataPaths | None = None) -> None:
        self.paths = paths or DataPaths.from_environment()
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._food_db: FoodDatabase | None = None
        self._lock = threading.RLock()
        #: small derived data (recent foods for search) kept until this process changes the diary
        self.cache: dict[str, object] = {}

    @classmethod
    def for_home(cls, home: Path) -> AppContext:
        return cls(DataPaths.from_environment(home))

    # --- diary ------------------------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self.paths.ensure()
                if self.paths.uses_default_diary:
                    check_sqlite_file(self.paths.diary_file)
                engine = create_diary_engine(self.paths.diary_url)
                try:
                    migrate(engine)
                except BaseException:
                    engine.dispose()
                    raise
                self._engine = engine
                self._sessions = session_factory(engine)
            return self._engine

    def uow(self) -> UnitOfWork:
        """A new unit of work on the diary (open it with ``with``; call ``commit()`` to keep changes)."""
        _ = self.engine
        assert self._sessions is not None
        return UnitOfWork(self._sessions)

    def diary_changed(self) -> None:
        """Services call this after a commit so cached derived data is recomputed."""
        self.cache.clear()

    # --- food database ----------------------------------------------------------------------------------
    def food_db_exists(self) -> bool:
        return self.paths.food_db.exists()

    @property
    def food_db(self) -> FoodDatabase:
        with self._lock:
            if self._food_db is None:
                self._food_db = FoodDatabase(self.paths.food_db)
            return self._food_db

    def optional_food_db(self) -> FoodDatabase | None:
        """The food database if it is built and readable, else None (the diary still works without it)."""
        try:
            return self.food_db
        except FoodDatabaseError:
            return None

    def food_db_replaced(self) -> None:
        """Call after a build or import swapped the file: the next use reopens it."""
        with self._lock:
            if self._food_db is not None:
                self._food_db.close()
                self._food_db = None

    def close(self) -> None:
        with self._lock:
            if self._food_db is not None:
                self._food_db.close()
                self._food_db = None
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
                self._sessions = None
