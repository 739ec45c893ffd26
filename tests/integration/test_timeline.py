from __future__ import annotations

import datetime as dt

from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.timeline import load_timeline
from nutrigap.store.models import DailyFactorsRow, TwitchRow
from tests.conftest import food_id


def test_timeline_joins_nutrients_twitches_and_factors(ctx: AppContext) -> None:
    day = dt.date(2026, 11, 24)
    diary.log_food(ctx, day, "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100)
    with ctx.uow() as uow:
        uow.twitches.add(TwitchRow(occurred_at=dt.datetime(2026, 11, 24, 9, 0), location="eyelid", intensity=3))
        uow.twitches.add(
            TwitchRow(occurred_at=dt.datetime(2026, 11, 24, 21, 0), location="calf", intensity=7, weakness=True)
        )
        uow.twitches.add(TwitchRow(occurred_at=dt.datetime(2026, 11, 26, 0, 0), location="calf", intensity=2))
        uow.factors.upsert(DailyFactorsRow(day=day, water_ml=1500, caffeine_mg=190, sleep_h=6.5, stress=4))
        uow.commit()
    frame = load_timeline(ctx, day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert list(frame.index) == [day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)]
    assert frame.loc[day, "magnesium"] == 79.0  # type: ignore[index]
    assert frame.loc[day, "twitches"] == 2 and frame.loc[day, "twitch_max_intensity"] == 7  # type: ignore[index]
    assert bool(frame.loc[day, "weakness"]) and not bool(frame.loc[day, "cramp"])  # type: ignore[index]
    assert frame.loc[day + dt.timedelta(days=1), "twitches"] == 0  # type: ignore[index]  # 26 Nov 00:00 is outside the range
    assert frame.loc[day, "caffeine_mg"] == 190 and frame.loc[day, "stress"] == 4  # type: ignore[index]
    assert frame["water_ml"].isna().sum() == 2
