"""Migration 0002 adds daily_factors.last_caffeine_at to an existing diary without losing anything."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from nutrigap.store.db import alembic_config, create_diary_engine, current_revision, migrate
from nutrigap.store.models import Base


def _head() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from nutrigap.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


HEAD = _head()


def test_upgrade_from_0001_keeps_the_factors(tmp_path: Path) -> None:
    engine = create_diary_engine(f"sqlite:///{tmp_path / 'diary.sqlite'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(engine, connection), "0001")
        connection.execute(
            text("INSERT INTO daily_factors (day, water_ml, updated_at) VALUES ('2026-11-24', 1500, '2026-11-24')")
        )
    assert current_revision(engine) == "0001"
    migrate(engine)
    assert current_revision(engine) == HEAD
    columns = {c["name"] for c in inspect(engine).get_columns("daily_factors")}
    assert "last_caffeine_at" in columns
    with engine.connect() as connection:
        assert connection.execute(text("SELECT water_ml, last_caffeine_at FROM daily_factors")).one() == (1500.0, None)
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []  # the migrations build exactly the schema the models describe
    engine.dispose()
