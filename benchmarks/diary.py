"""A seeded, realistic diary of many years, generated from real foods of the food database.

About 15 entries a day over breakfast, lunch, dinner, snacks and supplements (ten years ≈ 55,000 entries),
plus twitch episodes on some days and daily factors, written in bulk through the store's models.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert

from nutrigap.fooddb.values import value_rows
from nutrigap.services.context import AppContext
from nutrigap.services.food_search import reference_row
from nutrigap.store.models import DailyFactorsRow, EntryRow, TwitchRow

MEALS = ("breakfast", "lunch", "dinner", "snacks")
LOCATIONS = ("eyelid", "calf", "hand", "thigh", "foot", "arm", "face")


def pick_foods(ctx: AppContext, count: int, seed: int) -> list[str]:
    """Ids of ``count`` generic foods with a magnesium value, chosen reproducibly."""
    con = ctx.food_db._con
    generic = dict(con.execute(
        "SELECT rowid, id FROM food WHERE data_type IN ('survey_fndds_food', 'sr_legacy_food', 'foundation_food')"
    ).fetchall())  # fmt: skip
    ids = [generic[food] for food, nutrient, _ in value_rows(con) if nutrient == 1090 and food in generic]
    rng = random.Random(seed)
    return rng.sample(ids, min(count, len(ids)))


def generate(ctx: AppContext, *, years: float, end: dt.date, per_day: int = 15, seed: int = 20261125) -> int:
    """Fill the (empty) diary of ``ctx``; returns the number of entries written."""
    rng = random.Random(seed)
    foods = pick_foods(ctx, 300, seed)
    days = round(years * 365)
    start = end - dt.timedelta(days=days - 1)
    with ctx.uow() as uow:
        food_rows = [reference_row(ctx, uow, f) for f in foods]
        food_ids = [f.id for f in food_rows]
        entries = []
        twitches = []
        factors = []
        for i in range(days):
            day = start + dt.timedelta(days=i)
            n = max(3, round(rng.gauss(per_day, 3)))
            for pos in range(n):
                entries.append(
                    {
                        "day": day,
                        "meal": MEALS[pos % 4],
                        "position": pos,
                        "food_id": rng.choice(food_ids),
                        "quantity": (grams := round(rng.uniform(15, 300), 1)),
                        "unit": "g",
                        "amount_g": grams,
                    }
                )
            if rng.random() < 0.3:
                for _ in range(rng.randint(1, 3)):
                    twitches.append(
                        {
                            "occurred_at": dt.datetime.combine(day, dt.time(rng.randint(6, 22), rng.randint(0, 59))),
                            "location": rng.choice(LOCATIONS),
                            "intensity": rng.randint(1, 8),
                            "duration_s": rng.randint(2, 120),
                        }
                    )
            factors.append(
                {
                    "day": day,
                    "water_ml": rng.choice([1000, 1500, 2000, 2500]),
                    "caffeine_mg": rng.choice([0, 95, 190, 285]),
                    "sleep_h": round(rng.uniform(5, 9), 1),
                    "stress": rng.randint(1, 5),
                    "exercise_min": rng.choice([0, 0, 20, 45]),
                }
            )
        uow.session.execute(insert(EntryRow), entries)
        uow.session.execute(insert(TwitchRow), twitches)
        uow.session.execute(insert(DailyFactorsRow), factors)
        uow.commit()
    ctx.diary_changed()
    return len(entries)
