"""How the diary is opened: the SQLite settings every connection gets, one transaction per action, and
foreign keys that hold on both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.store.models import EntryRow, FoodRow
from tests.safety.helpers import dump, fill_diary, food_ids


def test_every_sqlite_connection_is_set_up_for_safety(ctx: AppContext) -> None:
    with ctx.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "busy_timeout", "synchronous")
        }
    assert pragma == {"foreign_keys": 1, "journal_mode": "wal", "busy_timeout": 10_000, "synchronous": 2}


def test_a_unit_of_work_holds_the_write_lock_from_its_start(ctx: AppContext) -> None:
    """While one action runs, another writer waits (here: times out at once) instead of interleaving."""
    import sqlite3

    with ctx.uow() as uow:
        uow.session.execute(sa.select(FoodRow).limit(1))  # only a read so far, and yet:
        other = sqlite3.connect(ctx.paths.diary_file, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_foreign_keys_hold_on_both_backends(bctx: AppContext, diary_url: str) -> None:
    fill_diary(bctx, days=1)
    before = dump(diary_url)
    with pytest.raises(DiaryDatabaseError, match="refused this change"), bctx.uow() as uow:
        used = uow.session.scalars(sa.select(EntryRow.food_id).limit(1)).one()
        uow.session.execute(sa.delete(FoodRow).where(FoodRow.id == used))  # a food the diary still uses
        uow.commit()
    with pytest.raises(DiaryDatabaseError), bctx.uow() as uow:
        uow.session.add(EntryRow(day=EntryRow.day.type.python_type(2026, 1, 1), meal="lunch", food_id=999_999,
                                 quantity=1, unit="g", amount_g=1))  # fmt: skip
        uow.commit()
    assert dump(diary_url) == before


def test_an_action_that_fails_half_way_leaves_nothing(bctx: AppContext, diary_url: str) -> None:
    """copy_entries writes one row per entry; a missing entry in the middle undoes the ones before it."""
    made = fill_diary(bctx, days=2)
    before = dump(diary_url)
    from nutrigap.domain.errors import NotFound

    with pytest.raises(NotFound):
        diary.copy_entries(bctx, [made["entries"][0], 424242, made["entries"][1]], "2026-12-01")
    assert dump(diary_url) == before


def test_a_busy_diary_is_a_message_not_a_traceback(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process holds the write lock past the busy timeout: one clear line, nothing written."""
    import sqlite3

    from nutrigap.store import db

    f = food_ids(ctx, 1)[0]
    diary.log_food(ctx, "2026-11-24", "lunch", f, 10)
    ctx.close()
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    _ = ctx.engine  # open (with the short timeout), then someone else takes the lock
    holder = sqlite3.connect(ctx.paths.diary_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DiaryDatabaseError, match="nothing of this action was saved"):
            diary.log_food(ctx, "2026-11-24", "lunch", f, 20)
        ctx.close()
        # opening a diary that needs no migration reads only, so it is the write that waits and says so
        with pytest.raises(DiaryDatabaseError, match="nothing of this action was saved") as err:
            diary.log_food(ctx, "2026-11-24", "lunch", f, 20)
        assert "\n" not in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [e.amount_g for e in diary.entries_for_day(ctx, "2026-11-24")] == [10.0]
    with pytest.raises(InvalidInput):
        diary.log_food(ctx, "2026-11-24", "lunch", f, -1)
