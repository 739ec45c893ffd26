"""A period's twitch episodes and factors are read as plain rows (issue #16: ORM objects were most of the cost
of ten years of insights): the frames must equal what the ORM objects gave, for every kind of value."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nutrigap.domain.symptoms import FACTORS, SYMPTOMS
from nutrigap.services import factors, twitches
from nutrigap.services.context import AppContext
from nutrigap.services.timeline import EPISODE_COLUMNS, _day_bounds, _factors, read_episodes

DAY = dt.date(2026, 11, 2)


def _fill(ctx: AppContext) -> None:
    twitches.log_twitch(ctx, "2026-11-02 08:15", "eyelid", 3)
    twitches.log_twitch(
        ctx, "2026-11-02 22:40", "calf", 8, side="left", duration_s=45, note="after the run",
        symptoms=["cramp", "weakness"],
    )  # fmt: skip
    twitches.log_twitch(ctx, "2026-11-05 00:00", "other", 5, location_other="tongue", symptoms=["tingling"])
    twitches.log_twitch(ctx, "2026-11-09 23:59", "thigh", 1, side="both", duration_s=0)
    factors.set_factors(ctx, DAY, water_ml=1500, caffeine_mg=190, sleep_h=6.5, stress=4, exercise_min=30,
                        exercise_intensity="vigorous", last_caffeine_at="15:30", note="long day")  # fmt: skip
    factors.set_factors(ctx, DAY + dt.timedelta(days=1), sleep_h=8)
    factors.set_factors(ctx, DAY + dt.timedelta(days=4), stress=1, water_ml=0)


def _episodes_the_orm_way(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    with ctx.uow() as uow:
        rows = uow.twitches.between(*_day_bounds(start, end))
        records = [
            {**{c: getattr(r, c) for c in EPISODE_COLUMNS}, **{s: bool(getattr(r, s)) for s in SYMPTOMS}} for r in rows
        ]
    return pd.DataFrame.from_records(records, columns=[*EPISODE_COLUMNS, *SYMPTOMS])


def _factors_the_orm_way(ctx: AppContext, start: dt.date, end: dt.date) -> pd.DataFrame:
    with ctx.uow() as uow:
        records = [
            {"day": r.day, **{k: getattr(r, k) for k in FACTORS}, "exercise_intensity": r.exercise_intensity}
            for r in uow.factors.between(start, end)
        ]
    return pd.DataFrame.from_records(records, columns=["day", *FACTORS, "exercise_intensity"]).set_index("day")


def test_rows_give_the_frames_the_orm_objects_gave(ctx: AppContext) -> None:
    _fill(ctx)
    for start, end in [
        (DAY, DAY + dt.timedelta(days=9)),
        (DAY, DAY),
        (DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=7)),
        (DAY + dt.timedelta(days=20), DAY + dt.timedelta(days=30)),  # nothing recorded
    ]:
        with ctx.uow() as uow:
            episodes = read_episodes(uow, start, end)
            factor_frame = _factors(uow, start, end)
        pd.testing.assert_frame_equal(episodes, _episodes_the_orm_way(ctx, start, end))
        pd.testing.assert_frame_equal(factor_frame, _factors_the_orm_way(ctx, start, end))
    with ctx.uow() as uow:
        assert len(read_episodes(uow, DAY, DAY + dt.timedelta(days=9))) == 4
        assert len(_factors(uow, DAY, DAY + dt.timedelta(days=9))) == 3
