"""Time and memory of importing a Branded-sized FoodData Central release (synthetic rows, real layout).

Run: .venv/bin/python scripts/bench_fdc_import.py [FOODS] (default 300000 foods x 14 nutrients)
The release is generated in a temporary folder from the branded fixture's rows with new fdc ids: it measures the
reader and the build, not nutrition. The real Branded release has about 1.9 million foods and 27 million
food_nutrient rows; time and memory grow about linearly. Numbers are printed, never asserted.
"""

from __future__ import annotations

import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.fdc_source import read_fdc

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "fdc" / "branded"
NUTRIENTS = [1003, 1004, 1005, 1008, 2000, 1079, 1087, 1089, 1092, 1093, 1110, 1253, 1257, 1258]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_release(root: Path, foods: int) -> Path:
    release = root / "FoodData_Central_branded_food_csv_synthetic"
    release.mkdir()
    source = next(FIXTURE.rglob("nutrient.csv"))
    (release / "nutrient.csv").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    food_header = next(FIXTURE.rglob("food.csv")).read_text(encoding="utf-8").splitlines()[0]
    branded_header = next(FIXTURE.rglob("branded_food.csv")).read_text(encoding="utf-8").splitlines()[0]
    nutrient_header = next(FIXTURE.rglob("food_nutrient.csv")).read_text(encoding="utf-8").splitlines()[0]
    with (
        (release / "food.csv").open("w", newline="") as f_food,
        (release / "branded_food.csv").open("w", newline="") as f_branded,
        (release / "food_nutrient.csv").open("w", newline="") as f_values,
    ):
        f_food.write(food_header + "\n")
        f_branded.write(branded_header + "\n")
        f_values.write(nutrient_header + "\n")
        food, branded, values = (csv.writer(f, quoting=csv.QUOTE_ALL) for f in (f_food, f_branded, f_values))
        row_id = 1
        for i in range(foods):
            fdc = 3_000_000 + i
            food.writerow([fdc, "branded_food", f"GRANOLA, CINNAMON, RAISIN {i}", "", "2020-11-13"])
            branded.writerow([fdc, "MICHELE'S", "", "", "", "OATS", "", "28", "g", "0.25 cup", "Cereal"] + [""] * 10)
            for nid in NUTRIENTS:
                values.writerow([row_id, fdc, nid, f"{(i * 7 + nid) % 500 / 10:g}"] + [""] * 9)
                row_id += 1
    return release


def main() -> None:
    foods = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        release = write_release(root, foods)
        size = sum(f.stat().st_size for f in release.iterdir()) / 1e6
        took = time.perf_counter() - started
        print(f"wrote {foods:,} foods, {foods * len(NUTRIENTS):,} values, {size:,.0f} MB in {took:.1f} s")
        base = rss_mb()
        started = time.perf_counter()
        table = read_fdc(release)
        read_s = time.perf_counter() - started
        print(f"read_fdc: {read_s:.1f} s, peak RSS {rss_mb():,.0f} MB (before: {base:,.0f} MB)")
        started = time.perf_counter()
        result = build_food_db(root / "food.sqlite", [table], keep_existing=False)
        print(f"build: {time.perf_counter() - started:.1f} s, {result.foods:,} foods, peak RSS {rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
