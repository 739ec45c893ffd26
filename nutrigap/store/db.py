"""Opening the diary database: one engine per process, SQLite pragmas, migrations, units of work.

SQLite diaries run with foreign keys on, a WAL journal, ``synchronous=FULL`` and a busy timeout; every unit of
work starts with ``BEGIN IMMEDIATE`` so that two NutriGap processes on one diary (the window and the CLI)
queue for the write lock instead of failing with "database is locked" half way through a user's action.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.domain.wording import plural
from nutrigap.store.quick_entry import first_line as _first_line
from nutrigap.store.quick_entry import set_diary_pragmas, write_failed, write_refused
from nutrigap.store.revisions import HEAD, REVISIONS
from nutrigap.store.sqlite_file import check_sqlite_file

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SchemaState",
    "UnitOfWork",
    "check_sqlite_file",
    "create_diary_engine",
    "current_revision",
    "downgrade",
    "head_revision",
    "migrate",
    "preflight_sqlite",
    "schema_state",
    "session_factory",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: How long a writer waits for another process's transaction before giving up [ms].
BUSY_TIMEOUT_MS = 10_000
#: Execution option: begin this connection's transactions with the SQLite write lock taken.
WRITE_LOCK = "nutrigap_write_lock"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    set_diary_pragmas(dbapi_connection)  # shared with the plain-sqlite3 write of nutrigap.store.quick_entry


def _sqlite_begin(conn: Connection) -> None:
    # A deferred BEGIN that reads and then writes cannot wait for another process's write lock: SQLite
    # answers SQLITE_BUSY at once (the snapshot it read is stale). BEGIN IMMEDIATE takes the write lock
    # first and waits up to the busy timeout, so concurrent writers queue. Plain reads stay deferred.
    if conn.get_execution_options().get(WRITE_LOCK):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_diary_engine(url: str) -> Engine:
    """The diary's engine. SQLite gets foreign keys, WAL and a busy timeout; other URLs are used as given."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DiaryDatabaseError(f"'{url}' is not a database URL (NUTRIGAP_DB_URL).") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise DiaryDatabaseError(f"Cannot use the database URL {parsed.render_as_string()}: {exc}") from None


def alembic_config(engine: Engine, connection: Any | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _script(engine: Engine) -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine))


def head_revision() -> str:
    """The newest schema revision this NutriGap knows."""
    return HEAD


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a diary database stands against this NutriGap's migrations."""

    current: tuple[str, ...]
    head: str
    known: bool
    empty: bool

    @property
    def needs_upgrade(self) -> bool:
        """True when existing data will be migrated (an empty database is simply created)."""
        return self.known and bool(self.current) and self.current != (self.head,)


def _state(connection: Connection) -> SchemaState:
    names = set(inspect(connection).get_table_names())
    current: tuple[str, ...] = ()
    if "alembic_version" in names:
        current = tuple(str(r[0]) for r in connection.exec_driver_sql("SELECT version_num FROM alembic_version"))
    return SchemaState(
        current=current,
        head=HEAD,
        known=all(rev in REVISIONS for rev in current),
        empty=not (names - {"alembic_version"}),
    )


def schema_state(engine: Engine) -> SchemaState:
    """Read (never change) the diary's schema revision."""
    try:
        with engine.connect() as connection:
            return _state(connection)
    except (OperationalError, DBAPIError) as exc:
        raise DiaryDatabaseError(f"The diary database cannot be opened: {exc.orig}") from None


def preflight_sqlite(path: Path) -> None:
    """Every check that can be made on an SQLite diary file without writing a byte to it: the file is an
    SQLite database, passes ``quick_check``, and is a NutriGap diary this version can open (or empty).

    Runs before the engine connects (connecting sets the journal mode, which writes to the file), so a
    diary from a newer NutriGap or someone else's database is refused byte for byte unchanged.
    """
    from nutrigap.store.sqlite_file import read_facts

    check_sqlite_file(path)
    if not path.is_file() or path.stat().st_size == 0:
        return
    facts = read_facts(path)
    current = () if facts.revision is None else (facts.revision,)
    state = SchemaState(
        current=current,
        head=HEAD,
        known=all(rev in REVISIONS for rev in current),
        empty=not (facts.tables - {"alembic_version"}),
    )
    _refuse_unusable(state, facts.tables)


def _expected_tables() -> set[str]:
    from nutrigap.store.models import Base

    return set(Base.metadata.tables)


def migrate(engine: Engine) -> None:
    """Bring the diary schema to the newest revision in one transaction; refuse a diary written by a newer
    NutriGap or a database that holds someone else's tables, without changing either."""
    if _already_at_head(engine):
        return
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect().execution_options(**{WRITE_LOCK: True}) as connection:
            if sqlite:
                # SQLite migrations rebuild tables (copy, drop, rename). With foreign keys on, dropping a
                # parent table would cascade-delete its children's rows. The pragma is a no-op inside a
                # transaction, so it is set on the raw connection before BEGIN; references are checked below.
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
            try:
                with connection.begin():
                    state = _state(connection)
                    _refuse_unusable(state, set(inspect(connection).get_table_names()))
                    if state.current != (state.head,):
                        command.upgrade(alembic_config(engine, connection), "head")
                        _check_after_migration(connection, sqlite)
            finally:
                if sqlite:
                    connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
    except (OperationalError, DBAPIError) as exc:
        if "locked" in str(exc.orig):
            raise DiaryDatabaseError(
                "The diary is busy: another NutriGap has been writing to it for more than "
                f"{BUSY_TIMEOUT_MS / 1000:g} s. Nothing was changed; try again in a moment."
            ) from None
        raise DiaryDatabaseError(f"The diary database cannot be opened: {_first_line(exc.orig)}") from None


def _already_at_head(engine: Engine) -> bool:
    """True (after the same refusals as a migration) when the diary needs no migration: Alembic stays unloaded."""
    try:
        with engine.connect() as connection:
            state = _state(connection)
            tables = set(inspect(connection).get_table_names())
    except (OperationalError, DBAPIError):
        return False  # let the migration path report it
    if state.current != (HEAD,):
        return False
    _refuse_unusable(state, tables)
    return True


def _refuse_unusable(state: SchemaState, tables: Collection[str]) -> None:
    if not state.known:
        raise DiaryDatabaseError(
            f"This diary was written by a newer NutriGap (schema {', '.join(state.current)}). "
            "It was not opened, so nothing in it changed; update NutriGap to use it."
        )
    if not state.current and not state.empty:
        raise DiaryDatabaseError(
            "This database holds tables that are not NutriGap's; it was not changed. "
            "Point NUTRIGAP_HOME or NUTRIGAP_DB_URL at a NutriGap diary or an empty database."
        )
    if state.current == (state.head,):
        missing = _expected_tables() - set(tables)
        if missing:
            raise DiaryDatabaseError(
                f"This diary lacks the tables {', '.join(sorted(missing))}; it is damaged and was not changed. "
                "Restore a backup with: nutrigap backup restore FILE"
            )


def _check_after_migration(connection: Connection, sqlite: bool) -> None:
    if not sqlite:
        return  # PostgreSQL checks every reference as the migration runs
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        refs = plural(len(broken), "reference")
        raise DiaryDatabaseError(
            f"Upgrading the diary would break {refs} (e.g. {table} row {rowid} to {parent}); "
            "the upgrade was undone and the diary is as it was. Please report this."
        )


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (for developers and tests; the app never downgrades)."""
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect().execution_options(**{WRITE_LOCK: True}) as connection:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                command.downgrade(alembic_config(engine, connection), revision)
                _check_after_migration(connection, sqlite)
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


_open_units = threading.local()


class NestedUnitOfWork(RuntimeError):
    """A programming error: a unit of work was opened inside another one in the same thread."""


class UnitOfWork:
    """One user action = one transaction. Rollback is the default; ``commit()`` is explicit.

    Units of work do not nest: each takes the diary's write lock when it begins (``BEGIN IMMEDIATE``), so an
    inner one would wait for the outer one until the busy timeout and fail. Opening one inside another in the
    same thread raises :class:`NestedUnitOfWork` at once instead; call the inner service before or after.
    """

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        if getattr(_open_units, "depth", 0):
            raise NestedUnitOfWork(
                "a unit of work is already open in this thread; nested ones would deadlock on the write lock"
            )
        _open_units.depth = 1
        try:
            return self._open()
        except BaseException:
            _open_units.depth = 0
            raise

    def _open(self) -> Self:
        from nutrigap.store.labs_repository import LabResultRepository
        from nutrigap.store.record_repositories import (
            ExperimentRepository,
            FactorsRepository,
            MedicineRepository,
            ProfileRepository,
            TwitchRepository,
        )
        from nutrigap.store.repositories import EntryRepository, FoodRepository, PortionRepository
        from nutrigap.store.settings import SettingsRepository

        self.session = self._factory()
        self.foods = FoodRepository(self.session)
        self.entries = EntryRepository(self.session)
        self.portions = PortionRepository(self.session)
        self.profile = ProfileRepository(self.session)
        self.twitches = TwitchRepository(self.session)
        self.factors = FactorsRepository(self.session)
        self.experiments = ExperimentRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.labs = LabResultRepository(self.session)  # blood test results (issue #17)
        self.medicines = MedicineRepository(self.session)
        from nutrigap.store.import_batches import ImportRepository

        self.imports = ImportRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            _open_units.depth = 0
        if isinstance(exc, OperationalError):
            # The busy timeout ran out, the disk is full or the server went away: the transaction was rolled
            # back, so say that plainly instead of showing a driver traceback.
            raise write_failed(_first_line(exc.orig)) from exc
        if isinstance(exc, IntegrityError | DataError):
            # A rule of the diary's schema said no: usually another NutriGap on the same server saved the same
            # thing at the same moment (the services check the user's input before it gets here).
            raise write_refused(_first_line(exc.orig)) from exc

    def commit(self) -> None:
        self.session.commit()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for units of work: on SQLite each begins with the write lock taken (see module docstring)."""
    return sessionmaker(engine.execution_options(**{WRITE_LOCK: True}), expire_on_commit=False, autoflush=True)
