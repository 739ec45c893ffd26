"""Schema migrations on real databases (SQLite and PostgreSQL): every past revision with realistic rows is
upgraded to the newest and keeps every row; downgrades round-trip; a newer or foreign database is refused
byte for byte unchanged; the migrated schema is the schema the models describe."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.store import db
from tests.safety.helpers import dump, files, sha256
from tests.safety.seeds import SEEDS, read_seeded, seed_for, write_seed


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    return ScriptDirectory.from_config(config)


#: Every revision from the oldest to the newest.
REVISIONS = [rev.revision for rev in reversed(list(_script().walk_revisions()))]
HEAD = REVISIONS[-1]


def build_at(url: str, revision: str, *, with_seed: bool = True, seed_revision: str | None = None) -> None:
    """A database at ``revision`` (built by that revision's own migrations) holding the seed rows of
    ``seed_revision`` (default: the same revision)."""
    engine = db.create_diary_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            command.upgrade(db.alembic_config(engine, connection), revision)
            if with_seed:
                write_seed(connection, seed_for(seed_revision or revision))
    finally:
        engine.dispose()


def open_ctx(home: Path, url: str) -> AppContext:
    uses_file = url.startswith("sqlite")
    return AppContext(DataPaths(home=home, diary_url=url, uses_default_diary=uses_file))


@pytest.fixture
def ctx_factory(isolated_home: Path) -> Iterator[list[AppContext]]:
    opened: list[AppContext] = []
    yield opened
    for context in opened:
        context.close()


def test_the_revision_list_used_at_start_up_matches_the_scripts() -> None:
    """nutrigap.store.revisions spares start-up the Alembic import; it must list exactly the scripts."""
    from nutrigap.store.revisions import HEAD as KNOWN_HEAD
    from nutrigap.store.revisions import REVISIONS as KNOWN

    assert list(KNOWN) == REVISIONS and KNOWN_HEAD == HEAD


def test_opening_a_diary_at_head_does_not_load_alembic(isolated_home: Path) -> None:
    """The common start (no upgrade due) stays free of Alembic; an upgrade still loads it."""
    import subprocess
    import sys

    url = f"sqlite:///{isolated_home / 'diary.sqlite'}"
    isolated_home.mkdir(parents=True, exist_ok=True)
    build_at(url, HEAD)
    code = (
        "import sys; from nutrigap.services.context import AppContext; ctx = AppContext(); ctx.engine; "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_every_revision_has_seed_rows() -> None:
    """A new migration must come with the rows a diary could hold at it, or the harness below skips it."""
    assert set(REVISIONS) == set(SEEDS), "add the new revision's rows to tests/safety/seeds.py"
    assert REVISIONS[0] == "0001" and _script().get_current_head() == HEAD


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrade_from_every_revision_keeps_every_row(
    revision: str, diary_url: str, backend: str, isolated_home: Path
) -> None:
    build_at(diary_url, revision)
    seed = seed_for(revision)
    ctx = open_ctx(isolated_home, diary_url)
    try:
        _ = ctx.engine  # the app's start-up: preflight, backup before upgrade, migrate, daily backup
        assert db.current_revision(ctx.engine) == HEAD
        with ctx.engine.connect() as connection:
            actual, expected = read_seeded(connection, seed)
            # the one row the first open adds: the diary's id (nutrigap.services.diary_identity)
            assert [r["key"] for r in actual["setting"] if r not in expected["setting"]] == ["diary.id"]
            actual["setting"] = [r for r in actual["setting"] if r["key"] != "diary.id"]
            assert actual == expected
        # the upgraded diary works: a report over the seeded months counts the seeded entries
        from nutrigap.services.reports import load_totals

        totals = load_totals(ctx, dt.date(2025, 9, 1), dt.date(2025, 12, 1))
        assert int(totals["entries"].sum()) == len(seed["diary_entry"])
    finally:
        ctx.close()
    if backend == "sqlite" and revision != HEAD:
        # the diary as it was before the upgrade was backed up first, at its old revision, every row intact
        (before,) = (p for p in (isolated_home / "backups").iterdir() if p.name.endswith("-pre-upgrade.sqlite"))
        con = sqlite3.connect(before)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision
        con.close()
        engine = sa.create_engine(f"sqlite:///{before}")
        with engine.connect() as connection:
            actual, expected = read_seeded(connection, seed)
            assert actual == expected
        engine.dispose()


@pytest.mark.parametrize("target", REVISIONS[:-1] or ["none"])
def test_downgrade_and_upgrade_again_keeps_every_row(target: str, diary_url: str) -> None:
    if target == "none":
        pytest.skip("only one revision: nothing to downgrade to")
    # rows a diary at the target revision can hold: a column added after it cannot survive the round trip
    build_at(diary_url, HEAD, seed_revision=target)
    before = dump(diary_url)
    engine = db.create_diary_engine(diary_url)
    try:
        db.downgrade(engine, target)
        assert db.current_revision(engine) == target
        with engine.connect() as connection:
            actual, expected = read_seeded(connection, seed_for(target))
            assert actual == expected
        db.migrate(engine)
        assert db.current_revision(engine) == HEAD
    finally:
        engine.dispose()
    after = dump(diary_url)
    if target < GOAL_REVISION:
        # a diary at the target revision cannot hold an experiment's goal: the upgrade fills it in from the
        # profile for each nutrient experiment (revision 0004), and that is the only difference
        goals = _goals(diary_url)
        assert goals and all((goal is not None and goal > 0) == (kind == "nutrient_target") for kind, goal in goals)
        before, after = _without_goals(diary_url, before), _without_goals(diary_url, after)
    assert after == before


#: The revision that added ``experiment.goal_amount`` (derived from the profile when an older diary upgrades).
GOAL_REVISION = "0004"


def _goals(url: str) -> list[tuple[str, float | None]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT kind, goal_amount FROM experiment ORDER BY id"))
            return [(str(kind), goal) for kind, goal in rows]
    finally:
        engine.dispose()


def _without_goals(url: str, rows: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    engine = sa.create_engine(url)
    try:
        names = [c["name"] for c in sa.inspect(engine).get_columns("experiment")]
    finally:
        engine.dispose()
    at = names.index("goal_amount")
    return {**rows, "experiment": sorted((r[:at] + r[at + 1 :] for r in rows["experiment"]), key=repr)}


def test_infinite_nutrient_values_become_unknown_on_upgrade(tmp_path: Path) -> None:
    """The one row 0003 changes: an infinite per-100 g value (only a broken import could store it)."""
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    build_at(url, "0001")
    con = sqlite3.connect(tmp_path / "d.sqlite")
    con.execute("INSERT INTO food_nutrient VALUES (1, 1110, 9e999)")  # 9e999 is +infinity in SQLite
    con.commit()
    con.close()
    engine = db.create_diary_engine(url)
    db.migrate(engine)
    engine.dispose()
    rows = dump(url)["food_nutrient"]
    assert (1, 1110, float("inf")) not in rows
    assert len(rows) == len(seed_for("0001")["food_nutrient"])


def test_schema_at_head_is_what_the_models_say(diary_url: str, backend: str, request: pytest.FixtureRequest) -> None:
    """Columns, indexes, unique, foreign-key and check constraints of a migrated database equal those of a
    database created from the models (catches a model change without a migration, and the reverse)."""
    from nutrigap.store.models import Base

    build_at(diary_url, HEAD, with_seed=False)
    if backend == "postgres":
        other = request.getfixturevalue("new_pg_database")()  # a second database on the same server
    else:
        other = diary_url.replace("diary.sqlite", "from-models.sqlite")
    engine = sa.create_engine(other)
    Base.metadata.create_all(engine)
    engine.dispose()

    def shape(url: str) -> dict[str, object]:
        engine = sa.create_engine(url)
        out: dict[str, object] = {}
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            for table in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
                out[table] = {
                    "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
                    "indexes": sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)),
                    "unique": sorted(
                        (u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)
                    ),
                    "fks": sorted(
                        (f["name"], tuple(f["constrained_columns"]), f["referred_table"], f["options"].get("ondelete"))
                        for f in inspector.get_foreign_keys(table)
                    ),
                    "checks": sorted(c["name"] or "" for c in inspector.get_check_constraints(table)),
                }
        engine.dispose()
        return out

    migrated, modelled = shape(diary_url), shape(other)
    assert migrated == modelled


# --- refusing what must not be opened -------------------------------------------------------------------
def _diary_with_revision(home: Path, revision: str) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "diary.sqlite"
    build_at(f"sqlite:///{path}", HEAD)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()
    return path


def test_diary_from_a_newer_nutrigap_is_refused_byte_for_byte_unchanged(isolated_home: Path) -> None:
    path = _diary_with_revision(isolated_home, "0099_from_the_future")
    before = files(isolated_home)
    ctx = AppContext(DataPaths.from_environment())
    with pytest.raises(DiaryDatabaseError, match="newer NutriGap") as err:
        _ = ctx.engine
    assert "update NutriGap" in str(err.value)
    ctx.close()
    assert files(isolated_home) == before  # no backup, no -wal, not one byte of the diary changed
    assert sha256(path) == before["diary.sqlite"]


def test_diary_from_a_newer_nutrigap_on_postgres_is_refused_unchanged(pg_url: str, isolated_home: Path) -> None:
    build_at(pg_url, HEAD)
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    before = dump(pg_url)
    ctx = open_ctx(isolated_home, pg_url)
    with pytest.raises(DiaryDatabaseError, match="newer NutriGap"):
        _ = ctx.engine
    ctx.close()
    assert dump(pg_url) == before


@pytest.mark.parametrize("kind", ["other app", "food database"])
def test_someone_elses_database_is_refused_unchanged(kind: str, isolated_home: Path, slice_food_db: Path) -> None:
    isolated_home.mkdir(parents=True)
    path = isolated_home / "diary.sqlite"
    if kind == "food database":
        path.write_bytes(slice_food_db.read_bytes())  # a plausible mix-up: the food database as the diary
    else:
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        con.execute("INSERT INTO invoices VALUES (1, 99.5)")
        con.commit()
        con.close()
    before = files(isolated_home)
    ctx = AppContext(DataPaths.from_environment())
    with pytest.raises(DiaryDatabaseError, match="not NutriGap's"):
        _ = ctx.engine
    ctx.close()
    assert files(isolated_home) == before


@pytest.mark.parametrize("damage", ["text file", "truncated", "zeroed page", "garbage page", "folder"])
def test_damaged_diary_is_refused_with_the_way_out(damage: str, isolated_home: Path) -> None:
    path = _diary_with_revision(isolated_home, HEAD)
    data = path.read_bytes()
    if damage == "text file":
        path.write_text("date,food,grams\n2026-01-01,apple,100\n", encoding="utf-8")
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif damage in ("zeroed page", "garbage page"):
        page = 4096
        middle = (len(data) // page // 2) * page
        fill = bytes(page) if damage == "zeroed page" else bytes((i * 37) % 251 for i in range(page))
        path.write_bytes(data[:middle] + fill + data[middle + page :])
    else:
        path.unlink()
        path.mkdir()
    before = files(isolated_home)
    ctx = AppContext(DataPaths.from_environment())
    with pytest.raises(DiaryDatabaseError) as err:
        _ = ctx.engine
    ctx.close()
    message = str(err.value)
    assert "\n" not in message
    if damage != "folder":
        assert "nutrigap backup restore" in message
    assert files(isolated_home) == before


def test_missing_tables_at_head_are_reported_as_damage(isolated_home: Path) -> None:
    path = _diary_with_revision(isolated_home, HEAD)
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DROP TABLE twitch_episode")
    con.commit()
    con.close()
    before = sha256(path)
    ctx = AppContext(DataPaths.from_environment())
    with pytest.raises(DiaryDatabaseError, match="lacks the tables twitch_episode"):
        _ = ctx.engine
    ctx.close()
    assert sha256(path) == before


def test_a_diary_opened_while_another_process_upgrades_it_waits(isolated_home: Path) -> None:
    """Two starts of a new NutriGap on one old diary: the migration runs once, under the write lock."""
    import threading

    url = f"sqlite:///{isolated_home / 'diary.sqlite'}"
    isolated_home.mkdir(parents=True)
    build_at(url, REVISIONS[0])
    errors: list[BaseException] = []

    def start() -> None:
        engine = db.create_diary_engine(url)
        try:
            db.migrate(engine)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = db.create_diary_engine(url)
    assert db.current_revision(engine) == HEAD
    engine.dispose()
