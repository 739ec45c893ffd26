"""One-time costs (issue #16): one-line commands timed as whole processes, the first insights and the first
week chart of a session once the window's own start-up work is done, and insights over ten years of logs.

With ``--before DIR`` (a folder holding an older ``nutrigap`` package and its ``food_db``, for example
``git archive fe23023 nutrigap food_db resources | tar -x -C DIR``) every process row is measured for that
code too, the two alternating run by run in the same process, so a busy machine moves both alike.

Run on its own: ``python -m benchmarks.startup --home HOME [--before DIR] [--runs N]`` on a home made by
``python -m benchmarks --home HOME``; ``make bench`` runs it on its own diary (without ``--before``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import Result, machine

ROOT = Path(__file__).resolve().parents[1]

#: A command line, or what makes it just before each run (an id that changes from run to run).
Argv = list[str] | Callable[[], list[str]]

#: What a window session has done before the user opens Charts or Insights: pandas, SQLAlchemy, the diary
#: open and the day's report (the nutrient panel). The timed part comes after it.
_SESSION = """
import datetime as dt, json, sys, time
from pathlib import Path
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services import reports
ctx = AppContext(DataPaths.from_environment(), read_only=True)
today = dt.date.today()
reports.day_report(ctx, today)
start = time.perf_counter()
"""

FIRST_INSIGHTS = (
    _SESSION
    + """from nutrigap.services.insights import compute_insights
compute_insights(ctx, today - dt.timedelta(days=55), today)  # the page's default: 8 weeks
print(json.dumps(time.perf_counter() - start))
"""
)

FIRST_CHART = (
    _SESSION
    + """import io
from nutrigap.services.charts import week_chart
buffer = io.BytesIO()
week_chart(ctx, today).savefig(buffer, format="png", dpi=100)  # drawn and rasterised, as on screen
print(json.dumps(time.perf_counter() - start))
"""
)

TEN_YEARS = """
import datetime as dt, json, time
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services.insights import insights_of
from nutrigap.services.profile import profile_in
from nutrigap.services.timeline import read_period
ctx = AppContext(DataPaths.from_environment(), read_only=True)
end = dt.date.today()
start = end - dt.timedelta(days=3652)
def run():
    began = time.perf_counter()
    with ctx.uow() as uow:
        profile = profile_in(ctx, uow).profile
        period = read_period(uow, start - dt.timedelta(days=3), end)
    report = insights_of(period, profile, start, end)
    return time.perf_counter() - began, report.logged_days
first, days = run()
again = min(run()[0] for _ in range(2))
print(json.dumps([first, again, days]))
"""


def _env(home: Path, tree: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "NUTRIGAP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a real install has compiled bytecode
    env.pop("NUTRIGAP_DB_URL", None)
    env["PYTHONPATH"] = str(tree or ROOT)
    return env | (extra or {})


def _wall(command: Argv, env: dict[str, str]) -> float:
    argv = command() if callable(command) else command  # made before the clock starts
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=300, cwd=env["PYTHONPATH"])
    return time.perf_counter() - start


def _printed(code: str, env: dict[str, str]) -> object:
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=600,
        cwd=env["PYTHONPATH"],
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _a_food(home: Path) -> str:
    con = sqlite3.connect(f"file:{home / 'food.sqlite'}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT id FROM food WHERE name LIKE 'Spinach%' ORDER BY rowid LIMIT 1").fetchone()
        row = row or con.execute("SELECT id FROM food ORDER BY rowid LIMIT 1").fetchone()
    finally:
        con.close()
    return str(row[0])


def _newest(home: Path, table: str) -> str:
    con = sqlite3.connect(f"file:{home / 'diary.sqlite'}?mode=ro", uri=True)
    try:
        return str(con.execute(f"SELECT max(id) FROM {table}").fetchone()[0])
    finally:
        con.close()


def _last_entry(home: Path) -> str:
    """The id of the diary's newest entry (for the rows that change or remove one)."""
    return _newest(home, "diary_entry")


def _last_twitch(home: Path) -> str:
    """The id of the diary's newest twitch episode (for the row that removes one)."""
    return _newest(home, "twitch_episode")


def _rows(name: str, unit: str, target: float | None, samples: dict[str, list[float]]) -> list[Result]:
    after = samples["after"]
    detail: dict[str, object] = {"runs": [round(s, 3) for s in after]}
    if "before" in samples:
        before = samples["before"]
        detail |= {"before_median": round(statistics.median(before), 3), "before_runs": [round(s, 3) for s in before]}
    return [Result(name, statistics.median(after), unit, target, detail)]


def startup_costs(home: Path, runs: int, before: Path | None = None, *, ten_years: bool = True) -> list[Result]:
    """Every row of this module on the home made by ``python -m benchmarks`` (food database and diary)."""
    trees = {"after": None} if before is None else {"before": before, "after": None}
    nutrigap = [sys.executable, "-m", "nutrigap"]
    log_add = [*nutrigap, "log", "add", "today", "snacks", _a_food(home), "10"]
    amounts = itertools.count()
    # (name, argv, target, extra environment); every row is timed in each round, so the load moves all alike
    commands: list[tuple[str, Argv, float | None, dict[str, str] | None]] = [
        ("`nutrigap food search spinach raw`, whole process", [*nutrigap, "food", "search", "spinach", "raw"], 0.25,
         None),
        ("`nutrigap report day today`, whole process", [*nutrigap, "report", "day", "today"], 0.35, None),
        # the same report through pandas and the models (services/quick_report.py switched off): the measured
        # benefit that keeps the sqlite3 read (issue #15's rule)
        ("`nutrigap report day today` the full way (NUTRIGAP_QUICK_REPORT=0), whole process",
         [*nutrigap, "report", "day", "today"], None, {"NUTRIGAP_QUICK_REPORT": "0"}),
        ("`nutrigap report day today --json`, whole process", [*nutrigap, "report", "day", "today", "--json"], 0.35,
         None),
        ("`nutrigap log show today`, whole process", [*nutrigap, "log", "show", "today"], 0.35, None),
        ("`nutrigap log add` (one entry), whole process", log_add, 0.35, None),
        # the same entry through SQLAlchemy's unit of work (services/quick_add.py switched off): the measured
        # benefit that keeps the second write path (issue #15's rule)
        ("`nutrigap log add` through the models (NUTRIGAP_QUICK_LOG=0), whole process", log_add, None,
         {"NUTRIGAP_QUICK_LOG": "0"}),
        ("`nutrigap twitch add now`, whole process",
         [*nutrigap, "twitch", "add", "now", "--location", "eyelid", "--intensity", "3"], 0.35, None),
        ("`nutrigap factors set today --water-ml 1500`, whole process",
         [*nutrigap, "factors", "set", "today", "--water-ml", "1500"], 0.35, None),
        ("`nutrigap lab add` (one result), whole process",
         [*nutrigap, "lab", "add", "today", "magnesium", "0.8", "mmol/L"], None, None),
        ("`nutrigap factors show today`, whole process", [*nutrigap, "factors", "show", "today"], 0.35, None),
        ("`nutrigap twitch list`, whole process", [*nutrigap, "twitch", "list"], 0.35, None),
        ("`nutrigap lab list`, whole process", [*nutrigap, "lab", "list"], None, None),
        ("`nutrigap log complete today`, whole process", [*nutrigap, "log", "complete", "today"], None, None),
        ("`nutrigap profile show`, whole process", [*nutrigap, "profile", "show"], 0.35, None),
        ("`nutrigap food show FOOD`, whole process", [*nutrigap, "food", "show", _a_food(home)], 0.35, None),
        # the newest entry (the one `log add` made this round), its amount changed each time, then removed
        ("`nutrigap log edit ID --amount N`, whole process",
         lambda: [*nutrigap, "log", "edit", _last_entry(home), "--amount", str(10 + next(amounts) % 2)], 0.35, None),
        ("`nutrigap log rm ID`, whole process", lambda: [*nutrigap, "log", "rm", _last_entry(home)], 0.35, None),
        # yesterday's entries (a day of the generated diary) to a day far ahead, which fills up run by run
        ("`nutrigap log copy yesterday DAY`, whole process", [*nutrigap, "log", "copy", "yesterday", "2199-12-31"],
         0.35, None),
        # the newest episode (the one `twitch add now` made this round)
        ("`nutrigap twitch rm ID`, whole process", lambda: [*nutrigap, "twitch", "rm", _last_twitch(home)], 0.35,
         None),
        ("`nutrigap med list`, whole process", [*nutrigap, "med", "list"], 0.35, None),
        ("`nutrigap food mine`, whole process", [*nutrigap, "food", "mine"], 0.35, None),
    ]  # fmt: skip
    results: list[Result] = []
    for _, argv, _, extra in commands:
        for tree in trees.values():  # once each, not counted: bytecode written, files in the page cache
            _wall(argv, _env(home, tree, extra))
    by_row: dict[str, dict[str, list[float]]] = {name: {key: [] for key in trees} for name, *_ in commands}
    for _ in range(runs):
        for name, argv, _, extra in commands:
            for key, tree in trees.items():
                by_row[name][key].append(_wall(argv, _env(home, tree, extra)))
    for name, _, target, _ in commands:
        results += _rows(name, "s", target, by_row[name])
    firsts = [
        ("first insights of a window session (8 weeks, after the day's report)", FIRST_INSIGHTS),
        ("first week chart of a window session (drawn, after the day's report)", FIRST_CHART),
    ]
    for name, code in firsts:
        samples = {key: [] for key in trees}
        for _ in range(max(3, runs // 2)):
            for key, tree in trees.items():
                samples[key].append(float(_printed(code, _env(home, tree))))  # type: ignore[arg-type]
        results += _rows(name, "s", 0.5, samples)
    if ten_years:
        timed = {key: _printed(TEN_YEARS, _env(home, tree)) for key, tree in trees.items()}
        first, again, days = timed["after"]  # type: ignore[misc]
        detail = {"first_call_s": round(first, 3), "logged_days": days}
        if "before" in timed:
            detail["before_s"] = round(timed["before"][1], 3)  # type: ignore[index]
        results.append(Result("insights over ten years of logs (read and analysed)", again, "s", 1.0, detail))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__)
    parser.add_argument("--home", type=Path, required=True, help="a home made by python -m benchmarks --home")
    parser.add_argument("--before", type=Path, help="a folder with an older nutrigap package to compare")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write the rows as JSON here")
    args = parser.parse_args(argv)
    results = startup_costs(args.home, args.runs, args.before)
    from benchmarks.__main__ import print_table

    print_table(results)
    if args.out:
        report = {
            "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": machine(),
            "before": None if args.before is None else str(args.before),
            "results": [r.to_json() for r in results],
        }
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
