"""What the raster cache buys: the week chart written as a 150 dpi PNG with and without it, in one process.

`python -m benchmarks.chart_caches [--rounds N]` draws week charts of different weeks (synthetic timelines:
every week has its own dates and numbers, as in a diary) in two set-ups, interleaved round by round so that a
change in the machine's load hits both alike:

- ``shipped``: legend, subtitle and caption pixels reused between charts (``charts/raster_cache.py``);
- ``plain``: every text drawn every time (plain matplotlib).

It prints the median and p90 per set-up [ms] and the load average. The first chart of each set-up is drawn
before timing (it imports and warms what every later chart reuses). The diary read the benchmark's week chart
row adds (a week report: about 10 ms) is not part of this.

Before issue #15 this also measured ``charts/glyph_cache.py`` (a renderer keeping glyph bitmaps through
matplotlib's private glyph API). Two runs of 25 weeks on 5 Dec 2026 (2 shared cores, load average 4-5):

    set-up                        run 1 median / p90    run 2 median / p90
    both caches                   139 / 230 ms          104 / 231 ms
    raster cache only             161 / 271 ms          125 / 189 ms
    glyph cache only              165 / 251 ms          121 / 199 ms
    neither (plain matplotlib)    250 / 334 ms          193 / 274 ms

The glyph cache saved about 20 ms of a 0.4 s target and was removed; the raster cache saves 70-90 ms and stays.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

SETUPS = ("shipped", "plain")


def week_timeline(monday: dt.date, rng: random.Random) -> pd.DataFrame:
    from nutrigap.domain.diary import DEFAULT_PROFILE
    from nutrigap.domain.nutrients import TRACKED
    from nutrigap.engine.targets import targets_for

    targets = targets_for(DEFAULT_PROFILE, monday)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    logged = [rng.random() > 0.15 for _ in days]
    frame = pd.DataFrame(index=pd.Index(days, name="day"))
    frame["entries"] = [rng.randint(3, 12) if on else 0 for on in logged]
    frame["grams"] = [rng.uniform(900, 2200) if on else 0.0 for on in logged]
    for n in TRACKED:
        frame[n.value] = [rng.uniform(0.3, 1.8) * targets[n].target if on else np.nan for on in logged]
        frame[f"{n.value}_unknown_share"] = [rng.uniform(0, 0.7) if on else np.nan for on in logged]
    frame["twitches"] = [rng.choice([0, 0, 1, 2, 4]) for _ in days]
    frame["twitch_max_intensity"] = [float(rng.randint(1, 10)) if c else np.nan for c in frame["twitches"]]
    return frame


@contextmanager
def setup(name: str) -> Iterator[None]:
    """Switch the raster cache off for the block (``plain``)."""
    from nutrigap.charts import raster_cache

    saved = vars(raster_cache)["draw_cached"]
    if name == "plain":

        def draw_plain(_artist: object, renderer: object, _key: object, _at: object, draw: Callable[..., None]) -> None:
            draw(renderer)

        vars(raster_cache)["draw_cached"] = draw_plain  # what the cached legends and texts call
    try:
        yield
    finally:
        vars(raster_cache)["draw_cached"] = saved


def week_png(timeline: pd.DataFrame) -> bytes:
    from nutrigap.charts import week_shortfall_figure
    from nutrigap.charts.export import PNG_DPI
    from nutrigap.domain.diary import DEFAULT_PROFILE
    from nutrigap.engine.targets import targets_for

    first = timeline.index[0]
    fig = week_shortfall_figure(timeline, targets_for(DEFAULT_PROFILE, first), today=first + dt.timedelta(days=7))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.chart_caches", description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    rng = random.Random(15)
    mondays = [dt.date(2025, 1, 6) + dt.timedelta(weeks=i) for i in range(args.rounds + 1)]
    weeks = [week_timeline(m, rng) for m in mondays]
    load_before = os.getloadavg()
    for name in SETUPS:  # the first chart of each set-up: imports, first legend and caption
        with setup(name):
            week_png(weeks[0])
    times: dict[str, list[float]] = {name: [] for name in SETUPS}
    order = list(SETUPS)
    for week in weeks[1:]:
        rng.shuffle(order)
        for name in order:
            with setup(name):
                start = time.perf_counter()
                week_png(week)
                times[name].append(1000 * (time.perf_counter() - start))
    load_after = os.getloadavg()
    print(f"week chart to 150 dpi PNG, {args.rounds} weeks per set-up, interleaved; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after ({os.cpu_count()} cores)")  # fmt: skip
    for name in SETUPS:
        values = sorted(times[name])
        p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
        print(f"  {name:16s} median {statistics.median(values):6.0f} ms   p90 {p90:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
