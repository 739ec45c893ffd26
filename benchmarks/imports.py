"""Peak memory and time of moving ten years of Cronometer records (issue #18): a dry run (the files read into a
plan) and an import (read, then written in one transaction) of a servings file of ``--years`` years at
``--per-day`` rows a day with Cronometer's full header (``tests/integration/import_fixtures.SERVINGS_HEADER``),
plus a daily summary, notes and biometrics. Each measurement runs in its own process and reads its memory
high-water mark (``VmHWM``, as ``benchmarks/data_safety.py``).

``python -m benchmarks.imports [--years 10] [--per-day 20] [--repeat 3]`` (about a minute a repeat). Target: the
files of ten years import under 300 MB, the command line's peak-memory target of README Performance.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.data_safety import PEAK_MB
from benchmarks.harness import Result

TARGET_MB = 300.0

_MEASURE = (
    PEAK_MB
    + """
import json, sys, time
from pathlib import Path
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
action, home, paths = sys.argv[1], Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
start = time.perf_counter()
from nutrigap.services.importers.cronometer import parse_cronometer
plan = parse_cronometer(paths)
parsed = time.perf_counter() - start
entries = len(plan.entries)
if action == "import":
    from nutrigap.services.importers.apply import apply_plan
    ctx = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
    ctx.auto_backup_enabled = False
    apply_plan(ctx, plan, backup_first=False)
    ctx.close()
print(json.dumps({"seconds": time.perf_counter() - start, "parse_seconds": parsed, "entries": entries,
                  "peak_mb": peak_mb()}))
"""
)

#: Ten everyday foods (name, one serving, kcal, Mg, Ca, K [mg], vitamin D [IU], B12 [µg]): a person's diary
#: repeats a few dozen foods for years; every serving of a food at one amount has the same values.
FOODS = [
    ("Oatmeal, cooked", "1.00 cup", 166, 63, 21, 164, 0, 0), ("Milk, 2%", "1.00 cup", 122, 27, 293, 366, 120, 1.3),
    ("Banana", "1.00 medium", 105, 32, 6, 422, 0, 0), ("Almonds", "28.00 g", 164, 76.5, 75, 208, 0, 0),
    ("Spinach, raw", "2.00 cup", 14, 47.4, 59.4, 334, 0, 0), ("Salmon, farmed", "6.00 oz", 350, 51, 15, 620, 880, 4.8),
    ("Rice, white, cooked", "1.00 cup", 205, 19, 16, 55, 0, 0),
    ("Yogurt, plain", "1.00 container", 150, 29, 450, 580, 0, 1.4),
    ("Coffee, brewed", "12.00 fl oz", 4, 11, 7, 172, 0, 0), ("Egg, whole", "2.00 large", 143, 12, 56, 138, 82, 0.9),
]  # fmt: skip


def export_files(folder: Path, years: float, per_day: int) -> list[Path]:
    """A Cronometer export of ``years`` years ending yesterday: servings (``per_day`` rows a day), daily summary,
    notes (one a week) and biometrics (a blood panel a quarter)."""
    from tests.integration.import_fixtures import (
        BIOMETRICS_HEADER,
        DAILY_HEADER,
        NOTES_HEADER,
        SERVINGS_HEADER,
    )

    end = dt.date.today() - dt.timedelta(days=1)
    days = [end - dt.timedelta(days=d) for d in range(round(years * 365))][::-1]
    groups = ("Breakfast", "Lunch", "Dinner", "Snacks")
    servings = folder / "servings.csv"
    with servings.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, SERVINGS_HEADER, restval="")
        out.writeheader()
        for n, day in enumerate(days):
            for i in range(per_day):
                name, amount, kcal, mg, ca, k, vd, b12 = FOODS[(n + i) % len(FOODS)]
                times = 1 + (n + i) % 3  # a serving, or two, or three: the amount and the values follow
                qty, unit = amount.split(" ", 1)
                out.writerow({
                    "Day": day.isoformat(), "Time": "8:15 AM", "Group": groups[i % 4], "Food Name": name,
                    "Amount": f"{float(qty) * times:.2f} {unit}", "Energy (kcal)": kcal * times,
                    "Magnesium (mg)": mg * times, "Calcium (mg)": ca * times, "Potassium (mg)": k * times,
                    "Vitamin D (IU)": vd * times or "", "B12 (Cobalamin) (µg)": b12 * times or "",
                    "Zinc (mg)": 1.1 * times, "Protein (g)": 6.2 * times, "Category": "Other",
                })  # fmt: skip
    daily = folder / "dailysummary.csv"
    with daily.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, DAILY_HEADER, restval="")
        out.writeheader()
        for day in days:
            out.writerow({"Date": day.isoformat(), "Energy (kcal)": "2100", "Completed": "true"})
    notes = folder / "notes.csv"
    with notes.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, NOTES_HEADER, restval="")
        out.writeheader()
        out.writerows({"Day": d.isoformat(), "Note": "eyelid twitch, left"} for d in days[::7])
    bio = folder / "biometrics.csv"
    with bio.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, BIOMETRICS_HEADER, restval="")
        out.writeheader()
        for d in days[::91]:
            out.writerow({"Day": d.isoformat(), "Metric": "Magnesium (Serum)", "Unit": "mg/dL", "Amount": "1.9"})
            out.writerow({"Day": d.isoformat(), "Metric": "Weight", "Unit": "kg", "Amount": "70"})
    return [servings, daily, notes, bio]


def _measure(action: str, home: Path, paths: list[Path], tree: Path | None = None) -> dict[str, float]:
    """One measurement in its own process; ``tree``: a folder holding an older ``nutrigap`` (and ``food_db``) to
    measure instead of this one (``git archive COMMIT nutrigap food_db | tar -x -C DIR``)."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ) if tree is None else {**os.environ, "PYTHONPATH": str(tree)}
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, action, str(home), *map(str, paths)],
        capture_output=True, text=True, check=True, timeout=3600, cwd=tree, env=env,
    )  # fmt: skip
    data: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return data


def rows(years: float, per_day: int, repeat: int, before: Path | None = None) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="nutrigap-import-bench-") as tmp:
        folder = Path(tmp)
        paths = export_files(folder, years, per_day)
        size_mb = round(sum(p.stat().st_size for p in paths) / 1e6, 1)
        trees = {"": None} if before is None else {"": None, " (before)": before}
        runs: dict[str, list[dict[str, float]]] = {f"{a}{t}": [] for a in ("dry-run", "import") for t in trees}
        for n in range(repeat):  # alternately, so a busy machine weighs on every row alike
            for label, tree in trees.items():
                for action in ("dry-run", "import"):
                    home = folder / f"{action}{label.strip(' ()')}-{n}"
                    runs[f"{action}{label}"].append(_measure(action, home, paths, tree))
    results = []
    for action, measured in runs.items():
        peak = statistics.median(m["peak_mb"] for m in measured)
        detail = {
            "files_mb": size_mb, "entries": measured[0]["entries"], "runs": measured,
            "median_seconds": round(statistics.median(m["seconds"] for m in measured), 2),
        }  # fmt: skip
        name = f"import cronometer {action}, {years:g} years × {per_day} servings a day, peak memory"
        results.append(Result(name, peak, "MB", TARGET_MB, detail))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--per-day", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, help="also measure an older nutrigap unpacked here (alternately)")
    args = parser.parse_args(argv)
    for r in rows(args.years, args.per_day, args.repeat, args.before):
        print(f"{r.name}: {r.value:.0f} MB (median of {len(r.detail['runs'])}; {r.detail['median_seconds']} s; "
              f"{r.detail['entries']:,} entries from {r.detail['files_mb']} MB of files)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
