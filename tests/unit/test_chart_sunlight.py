"""Sunlight on the trend chart (issue #17): a panel of minutes outdoors per day right under the vitamin D panel,
its caveat in the title, drawn only when minutes were recorded (no artists and the same pixels when none)."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from PIL import Image

from nutrigap.charts import trend_figure
from nutrigap.charts.sunlight import GID_SUN, GID_SUN_NONE, LEGEND_LABEL
from tests.unit.test_charts import TARGETS, make_timeline

START = dt.date(2026, 11, 1)
DAYS = 21


def _timeline(minutes: list[float | None] | None) -> pd.DataFrame:
    timeline = make_timeline(START, [0.8] * DAYS, twitches=[0] * DAYS)
    if minutes is not None:
        timeline["sun_min"] = [np.nan if m is None else m for m in minutes]
    return timeline


def _figure(minutes: list[float | None] | None, **kwargs: object) -> Figure:
    return trend_figure(_timeline(minutes), TARGETS, today=START + dt.timedelta(days=DAYS), **kwargs)  # type: ignore[arg-type]


def _sun_artists(fig: Figure) -> list[object]:
    return [a for ax in fig.axes for a in ax.get_children() if str(a.get_gid() or "").startswith(GID_SUN)]


def _titles(fig: Figure) -> list[str]:
    return [a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left")]


def _panel(fig: Figure, title_start: str) -> Axes:
    return next(a for a in fig.axes if a.get_title(loc="left").startswith(title_start))


def _pixels(fig: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)
    return np.asarray(Image.open(buffer).convert("RGB"), dtype=np.int16)


def test_minutes_outdoors_under_the_vitamin_d_panel_with_the_caveat() -> None:
    minutes: list[float | None] = [None] * DAYS
    minutes[2], minutes[3], minutes[9], minutes[15] = 20.0, 0.0, 45.0, 90.0
    fig = _figure(minutes, overlay_water_caffeine=True)
    titles = _titles(fig)
    vitamin_d = next(i for i, t in enumerate(titles) if t.startswith("Vitamin D"))
    assert titles[vitamin_d + 1] == "Sunlight  (minutes outdoors, not micrograms)"
    assert titles[vitamin_d + 2].startswith("Vitamin B12")
    assert titles[-2:] == ["Twitch episodes", "Water and caffeine"]
    sun = _panel(fig, "Sunlight")
    assert sun.get_ylabel() == "min/day"
    assert sun.get_shared_x_axes().joined(sun, _panel(fig, "Magnesium"))
    assert not sun.xaxis.get_tick_params()["labelbottom"]  # the dates are written under the last panel only
    [bars] = [a for a in sun.collections if a.get_gid() == GID_SUN]
    assert isinstance(bars, PolyCollection)
    # one bar per day with minutes, as tall as the minutes recorded
    assert sorted(float(np.asarray(path.vertices)[:, 1].max()) for path in bars.get_paths()) == [20.0, 45.0, 90.0]
    [zero] = [a for a in sun.get_lines() if a.get_gid() == GID_SUN_NONE]
    assert np.asarray(zero.get_xdata()).tolist() == [np.datetime64(START + dt.timedelta(days=3))]
    assert sun.get_ylim()[1] >= 90.0
    assert LEGEND_LABEL in [t.get_text() for t in fig.legends[0].get_texts()]
    # the vitamin D panel itself is unchanged: minutes are never turned into micrograms
    assert _panel(fig, "Vitamin D").get_ylabel() == "µg/day"


def test_a_period_of_zero_minutes_is_recorded_and_drawn() -> None:
    fig = _figure([0.0] * DAYS)
    sun = _panel(fig, "Sunlight")
    [zero] = [a for a in sun.get_lines() if a.get_gid() == GID_SUN_NONE]
    assert len(np.asarray(zero.get_xdata())) == DAYS


def test_no_minutes_no_panel_and_the_same_pixels() -> None:
    plain = _figure(None)
    unrecorded = _figure([None] * DAYS)
    for fig in (plain, unrecorded):
        assert _sun_artists(fig) == []
        assert not any(t.startswith("Sunlight") for t in _titles(fig))
        assert LEGEND_LABEL not in [t.get_text() for t in fig.legends[0].get_texts()]
    assert np.array_equal(_pixels(plain), _pixels(unrecorded))
    drawn = _pixels(_figure([30.0] * DAYS))
    assert drawn.shape != _pixels(plain).shape


def test_minutes_only_before_the_days_shown_draw_nothing() -> None:
    minutes: list[float | None] = [None] * DAYS
    minutes[0] = 30.0  # a lead-in day of the rolling mean, not shown
    fig = _figure(minutes, display_from=START + dt.timedelta(days=6))
    assert _sun_artists(fig) == []
    assert np.array_equal(_pixels(fig), _pixels(_figure(None, display_from=START + dt.timedelta(days=6))))
