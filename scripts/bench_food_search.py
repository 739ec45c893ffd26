"""Time food search on a built food database and show the first results of everyday queries.

Run: .venv/bin/python scripts/bench_food_search.py [FOOD_SQLITE] [--show N]
Prints, per query, the first results and the best of several runs, then p50/p95 over the queries. The target is
p95 <= 10 ms on the full database (about 376,000 foods); timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from nutrigap.fooddb.database import FoodDatabase
from nutrigap.paths import DataPaths

QUERIES = (
    "egg", "eggs", "banana", "milk", "whole milk", "coffee", "rice", "brown rice", "bread", "apple", "chicken",
    "chicken breast", "salmon", "yogurt", "greek yogurt", "cheese", "cheddar", "oat", "oatmeal", "spinach",
    "almond", "almonds", "peanut butter", "orange juice", "tea", "green tea", "pasta", "potato", "beans",
    "black beans", "lentils", "tofu", "soy milk", "avocado", "sweet potato", "broccoli", "kale", "sardines",
    "dark chocolate", "water", "orange", "strawberries", "beef", "tuna", "butter", "olive oil", "blueberries",
    "carrot", "tomato", "pumpkin seeds", "s", "mi", "chick", "milk who",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=None)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    path = args.path or DataPaths.from_environment().food_db
    best: list[float] = []
    with FoodDatabase(path) as db:
        for query in QUERIES:
            runs = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                hits = db.search(query, 20)
                runs.append((time.perf_counter() - started) * 1000)
            best.append(min(runs))
            shown = " | ".join(f"{h.name[:40]} [{h.data_type.split('_')[0]}]" for h in hits[: args.show])
            print(f"{query!r:17} {min(runs):6.2f} ms  {shown}")
    best.sort()
    p95 = best[max(0, round(0.95 * len(best)) - 1)]
    print(f"{len(best)} queries, best of {args.repeat}: p50 {statistics.median(best):.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
