"""Fixtures of the safety tests: throw-away PostgreSQL databases, and a context on either backend.

PostgreSQL comes from ``NUTRIGAP_TEST_PG_URL`` (``make test`` starts a server through
``scripts/with_postgres.sh``). Without it the PostgreSQL tests are skipped with that reason, or fail when
``NUTRIGAP_REQUIRE_POSTGRES=1`` (CI), so they can never pass silently by not running.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nutrigap.services.context import AppContext

PG_ENV = "NUTRIGAP_TEST_PG_URL"
#: The backends every store test runs on.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        reason = (
            f"no PostgreSQL server: {PG_ENV} is not set (make test starts one with scripts/with_postgres.sh "
            "when PostgreSQL is installed)"
        )
        if os.environ.get("NUTRIGAP_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + "; NUTRIGAP_REQUIRE_POSTGRES=1 demands it")
        pytest.skip(reason)
    return url


def _admin(url: str) -> Engine:
    import sqlalchemy as sa

    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


@pytest.fixture
def new_pg_database(pg_server_url: str) -> Iterator[Callable[[], str]]:
    """Makes new, empty PostgreSQL databases for one test (all dropped afterwards); returns their URLs."""
    import sqlalchemy as sa

    admin = _admin(pg_server_url)
    made: list[str] = []

    def make() -> str:
        name = f"ng_{uuid.uuid4().hex[:16]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return sa.engine.make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        with admin.connect() as connection:
            for name in made:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(new_pg_database: Callable[[], str]) -> str:
    """A new, empty PostgreSQL database for one test."""
    return new_pg_database()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def diary_url(backend: str, request: pytest.FixtureRequest, isolated_home: Path) -> str:
    """The diary URL of this test on its backend (an SQLite file in the test's home, or a new PG database)."""
    if backend == "postgres":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{isolated_home / 'diary.sqlite'}"


@pytest.fixture
def bctx(
    backend: str, diary_url: str, isolated_home: Path, slice_food_db: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AppContext]:
    """An AppContext on a fresh diary on each backend, with the fixture food database in place."""
    from nutrigap.paths import DataPaths
    from nutrigap.services.context import AppContext

    if backend == "postgres":
        monkeypatch.setenv("NUTRIGAP_DB_URL", diary_url)
    isolated_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(slice_food_db, isolated_home / "food.sqlite")
    context = AppContext(DataPaths.from_environment())
    yield context
    context.close()


@pytest.fixture(scope="session")
def filled_diary_file(tmp_path_factory: pytest.TempPathFactory, slice_food_db: Path) -> Path:
    """A diary filled through the services once per session (five days, own foods, twitches, factors):
    tests copy it instead of filling their own."""
    from nutrigap.paths import DataPaths
    from nutrigap.services.context import AppContext
    from tests.safety.helpers import fill_diary

    home = tmp_path_factory.mktemp("filled")
    shutil.copy(slice_food_db, home / "food.sqlite")
    context = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
    context.auto_backup_enabled = False
    fill_diary(context, days=5)
    context.close()  # the last connection checkpoints the WAL into the file
    assert not (home / "diary.sqlite-wal").exists()
    return home / "diary.sqlite"


@pytest.fixture
def filled(ctx: AppContext, filled_diary_file: Path) -> AppContext:
    """The ``ctx`` fixture on a copy of the filled diary."""
    home = ctx.paths.home
    shutil.copy(filled_diary_file, home / "diary.sqlite")
    return ctx
