"""Opening the diary database: one engine per process, SQLite pragmas, migrations, units of work."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from nutrigap.domain.errors import DiaryDatabaseError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: How long a writer waits for another process's transaction before giving up [ms].
BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets a window and the CLI read while the other writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own transaction handling is disabled below so that BEGIN is explicit and IMMEDIATE for
    # writes would be possible; plain BEGIN (deferred) keeps readers cheap.
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

        @event.listens_for(engine, "connect")
        def _no_pysqlite_transactions(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise DiaryDatabaseError(f"Cannot use the database URL {parsed.render_as_string()}: {exc}") from None


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database or is damaged, before SQLAlchemy touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise DiaryDatabaseError(
            f"{path} is not a NutriGap diary (not an SQLite database). Move it away or point NUTRIGAP_HOME "
            "elsewhere; restore a backup with: nutrigap backup restore FILE"
        )
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DiaryDatabaseError(
            f"The diary {path} cannot be read ({exc}). Restore a backup with: nutrigap backup restore FILE"
        ) from None
    if result is None or result[0] != "ok":
        raise DiaryDatabaseError(
            f"The diary {path} is damaged ({result[0] if result else 'no answer'}). Nothing was changed; "
            "restore a backup with: nutrigap backup restore FILE"
        )


def alembic_config(engine: Engine, connection: Any | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the diary schema to the newest revision; refuse a diary written by a newer NutriGap."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    try:
        with engine.begin() as connection:
            config = alembic_config(engine, connection)
            script = ScriptDirectory.from_config(config)
            current = MigrationContext.configure(connection).get_current_heads()
            known = {rev.revision for rev in script.walk_revisions()}
            unknown = [rev for rev in current if rev not in known]
            if unknown:
                raise DiaryDatabaseError(
                    f"This diary was written by a newer NutriGap (schema {', '.join(unknown)}). "
                    "It was not opened, so nothing in it changed; update NutriGap to use it."
                )
            if not current and _has_foreign_tables(connection):
                raise DiaryDatabaseError(
                    "This database holds tables that are not NutriGap's; it was not changed. "
                    "Point NUTRIGAP_HOME or NUTRIGAP_DB_URL at a NutriGap diary or an empty database."
                )
            if set(current) != set(script.get_heads()):
                command.upgrade(config, "head")
    except (OperationalError, DBAPIError) as exc:
        raise DiaryDatabaseError(f"The diary database cannot be opened: {exc.orig}") from None


def _has_foreign_tables(connection: Any) -> bool:
    names = set(inspect(connection).get_table_names())
    return bool(names - {"alembic_version"})


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class UnitOfWork:
    """One user action = one transaction. Rollback is the default; ``commit()`` is explicit."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        from nutrigap.store.repositories import (
            EntryRepository,
            ExperimentRepository,
            FactorsRepository,
            FoodRepository,
            PortionRepository,
            ProfileRepository,
            TwitchRepository,
        )

        self.session = self._factory()
        self.foods = FoodRepository(self.session)
        self.entries = EntryRepository(self.session)
        self.portions = PortionRepository(self.session)
        self.profile = ProfileRepository(self.session)
        self.twitches = TwitchRepository(self.session)
        self.factors = FactorsRepository(self.session)
        self.experiments = ExperimentRepository(self.session)
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

    def commit(self) -> None:
        self.session.commit()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)
