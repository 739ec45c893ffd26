"""One unit of work per use case: writes go through ``services.unit.write``; a read of a period is one
transaction, counted on the real diary engine (SQLAlchemy's ``begin`` event), not mocked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import pytest
from sqlalchemy import event

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient
from nutrigap.services import diary, factors
from nutrigap.services.charts import week_chart
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import set_day_complete
from nutrigap.services.doctor_report import ROLLING_LEAD_IN, TREND_DAYS, gather_report
from nutrigap.services.insights import compute_insights
from nutrigap.services.profile import set_personal_target
from nutrigap.services.reports import period_report
from nutrigap.services.timeline import load_timeline
from nutrigap.services.unit import write
from nutrigap.store.models import DailyFactorsRow, TwitchRow
from tests.conftest import food_id


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


def _some_week(ctx: AppContext) -> dt.date:
    day = dt.date(2026, 11, 24)
    diary.log_food(ctx, day, "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100)
    with write(ctx) as uow:
        uow.twitches.add(TwitchRow(occurred_at=dt.datetime(2026, 11, 24, 9, 0), location="eyelid", intensity=3))
        uow.factors.upsert(DailyFactorsRow(day=day, water_ml=1500, caffeine_mg=190))
    ctx.cache.clear()  # the profile is read too, not taken from the cache
    return day


def test_the_week_chart_reads_the_diary_in_one_transaction(ctx: AppContext) -> None:
    day = _some_week(ctx)
    with transactions(ctx) as begun:
        week_chart(ctx, day, today=day)
    assert len(begun) == 1


def test_insights_read_the_diary_in_one_transaction(ctx: AppContext) -> None:
    day = _some_week(ctx)
    with transactions(ctx) as begun:
        compute_insights(ctx, day - dt.timedelta(days=27), day)
    assert len(begun) == 1


def test_the_doctors_report_reads_the_diary_once_and_shows_the_same_numbers(ctx: AppContext) -> None:
    day = _some_week(ctx)
    start, end = day - dt.timedelta(days=6), day
    with transactions(ctx) as begun:
        report = gather_report(ctx, "range", start, end)
    assert len(begun) == 1
    # the same numbers as the period report, the timeline and the insights read on their own
    period = period_report(ctx, start, end)
    assert report.summaries == period.summaries and report.logged_days == period.logged_days == 1
    pd.testing.assert_frame_equal(report.timeline, load_timeline(ctx, start, end))
    assert report.trend_timeline.index[0] == end - dt.timedelta(days=TREND_DAYS - 1 + ROLLING_LEAD_IN)
    alone = compute_insights(ctx, start, end)
    assert report.enough_data == alone.enough_data and len(report.red_flags) == len(alone.red_flags)


def test_a_period_report_reads_targets_and_complete_days_with_the_entries(ctx: AppContext) -> None:
    """The profile, the user's own targets, the day flags and the entries: one transaction, all of them used."""
    day = _some_week(ctx)
    set_personal_target(ctx, Nutrient.MAGNESIUM, 420, note="from my doctor")
    set_day_complete(ctx, day, complete=False)
    ctx.cache.clear()
    with transactions(ctx) as begun:
        report = period_report(ctx, day - dt.timedelta(days=6), day)
    assert len(begun) == 1
    assert report.targets[Nutrient.MAGNESIUM].personal == 420
    assert report.targets[Nutrient.MAGNESIUM].personal_note == "from my doctor"
    assert report.logged_days == 1 and report.complete_logged_days == 0 and report.in_progress


def test_a_days_factors_are_read_in_one_transaction(ctx: AppContext) -> None:
    day = _some_week(ctx)
    with transactions(ctx) as begun:
        view = factors.get_factors(ctx, day)
    assert len(begun) == 1
    assert view.water_ml == 1500 and view.food_caffeine_unknown_share is not None


def test_no_service_commits_by_hand() -> None:
    """Every service writes through ``services.unit.write`` (commit + diary_changed); no other ``commit()``
    on a unit of work in the services, the window or the command line. The one exception: the diary's id,
    written while the diary opens (it changes nothing derived, so the context's cache stays)."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "nutrigap"
    offenders = []
    for folder in ("services", "gui", "cli"):
        for path in (package / folder).rglob("*.py"):
            if folder == "services" and path.name in ("unit.py", "diary_identity.py"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "commit"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "uow"
                ):
                    offenders.append(f"{path.relative_to(package)}:{node.lineno}")
    assert offenders == []
