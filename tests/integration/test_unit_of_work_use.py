"""One unit of work per use case: writes go through ``services.unit.write``; a read of a period is one
transaction, counted on the real diary engine (SQLAlchemy's ``begin`` event), not mocked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from nutrigap.domain.errors import InvalidInput
from nutrigap.services.context import AppContext
from nutrigap.services.unit import write
from nutrigap.store.models import DailyFactorsRow


@contextmanager
def transactions(ctx: AppContext) -> Iterator[list[object]]:
    """The diary transactions begun inside the block (one item each)."""
    begun: list[object] = []

    def count(conn: object) -> None:
        begun.append(conn)

    engine = ctx.engine
    event.listen(engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(engine, "begin", count)


def test_write_commits_and_forgets_derived_data(ctx: AppContext) -> None:
    day = dt.date(2026, 11, 24)
    ctx.cache["profile"] = "stale"
    with write(ctx) as uow:
        uow.factors.upsert(DailyFactorsRow(day=day, water_ml=1500))
    assert "profile" not in ctx.cache
    with ctx.uow() as uow:
        row = uow.factors.get(day)
        assert row is not None and row.water_ml == 1500


def test_write_that_fails_changes_nothing_and_keeps_the_cache(ctx: AppContext) -> None:
    day = dt.date(2026, 11, 24)
    ctx.cache["profile"] = "kept"
    with pytest.raises(InvalidInput), write(ctx) as uow:
        uow.factors.upsert(DailyFactorsRow(day=day, water_ml=1500))
        raise InvalidInput("refused half way")
    assert ctx.cache["profile"] == "kept"
    with ctx.uow() as uow:
        assert uow.factors.get(day) is None
