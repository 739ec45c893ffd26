"""What the chart caches buy: the week chart written as a 150 dpi PNG with and without them, in one process.

`python -m benchmarks.chart_caches [--rounds N]` draws week charts of different weeks (synthetic timelines:
every week has its own dates and numbers, as in a diary) in four set-ups, interleaved round by round so that a
change in the machine's load hits all four alike:

- ``shipped``: the glyph cache (``charts/glyph_cache.py``) and the raster cache (``charts/raster_cache.py``);
- ``no glyph cache``: matplotlib's own ``RendererAgg``, the raster cache kept;
- ``no raster cache``: the glyph cache kept, legend, subtitle and caption drawn every time;
- ``plain``: neither (plain matplotlib).

It prints the median and p90 per set-up [ms] and the load average. The first chart of each set-up is drawn
before timing (it imports and warms what every later chart reuses). The diary read the benchmark's week chart
row adds (a week report: about 10 ms) is not part of this.
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

SETUPS = ("shipped", "no glyph cache", "no raster cache", "plain")


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
    """Switch the glyph cache and/or the raster cache off for the block."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from nutrigap.charts import export, raster_cache

    # the module globals ChartCanvas.get_renderer and the cached legends and texts call
    patched = [(vars(export), "caching_renderer"), (vars(raster_cache), "draw_cached")]
    saved = [(space, key, space[key]) for space, key in patched]
    if name in ("no glyph cache", "plain"):
        vars(export)["caching_renderer"] = FigureCanvasAgg.get_renderer
    if name in ("no raster cache", "plain"):

        def draw_plain(_artist: object, renderer: object, _key: object, _at: object, draw: Callable[..., None]) -> None:
            draw(renderer)

        vars(raster_cache)["draw_cached"] = draw_plain
    try:
        yield
    finally:
        for space, key, value in saved:
            space[key] = value


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
