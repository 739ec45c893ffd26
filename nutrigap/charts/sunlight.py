"""Sunlight on the trend chart (issue #17): the minutes outdoors in daylight recorded each day, as bars in a
short panel right under the vitamin D panel (sunlight is the main source of vitamin D), on the same date axis.

Minutes are not micrograms: how much vitamin D skin makes depends on latitude, season, time of day, skin and
sunscreen, and no cited model turns minutes into micrograms (``domain.symptoms.SUN_CAVEAT``), so the panel says
so in its title and the vitamin D panel above it is not changed. The panel is drawn only when the period shown
has a recorded value; a chart without any is the chart it was before (same artists, same pixels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nutrigap.charts.common import bar_outlines
from nutrigap.charts.theme import Theme

COLUMN = "sun_min"  # daily_factors.sun_min [min/day], a column of the timeline (engine.timeline)
GID_SUN = "sunlight"  # the bars of the days with minutes
GID_SUN_NONE = "sunlight-none"  # the marks of the days recorded as 0 minutes (recorded, unlike an empty day)
#: the panel's height as a share of a nutrient panel's
PANEL_RATIO = 0.7
TITLE = "Sunlight  (minutes outdoors, not micrograms)"
LEGEND_LABEL = "Sunlight (min outdoors)"
#: the panel's least top [min/day], so a few short walks are not drawn as tall as a day outside
MIN_TOP = 60.0


def sun_minutes(timeline: pd.DataFrame) -> np.ndarray:
    """Each day's recorded minutes outdoors [min/day], NaN where nothing was recorded."""
    if COLUMN not in timeline:
        return np.full(len(timeline), np.nan)
    return timeline[COLUMN].to_numpy(dtype=float)


def has_sunlight(timeline: pd.DataFrame) -> bool:
    """True when any day of ``timeline`` has its minutes outdoors recorded (0 included)."""
    return bool((~np.isnan(sun_minutes(timeline))).any())


def sunlight_panel(ax: Axes, th: Theme, timeline: pd.DataFrame, x: np.ndarray, title: str = TITLE) -> None:
    """Bars of the minutes outdoors per day on ``ax``; a day recorded as 0 minutes gets a short mark on the
    baseline, a day with nothing recorded gets nothing."""
    minutes = sun_minutes(timeline)
    recorded = ~np.isnan(minutes)
    heights = np.where(recorded, minutes, 0.0)
    ax.add_collection(
        PolyCollection(
            bar_outlines(x, heights, 0.8),
            facecolors=th.sun,
            edgecolors=th.sun_edge,
            linewidths=0.6,
            zorder=3,
            gid=GID_SUN,
        ),
        autolim=False,
    )
    none = recorded & (heights == 0)
    ax.plot(
        x[none], heights[none], linestyle="none", marker="_", markersize=6, markeredgewidth=1.6,
        color=th.sun_edge, zorder=4, clip_on=False, gid=GID_SUN_NONE,
    )  # fmt: skip
    most = float(heights.max()) if heights.size else 0.0
    ax.set_ylim(0, max(MIN_TOP, most * 1.15))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
    ax.set_ylabel("min/day")
    ax.set_title(title, loc="left", y=1.0, pad=3, fontsize=th.fonts.axis_label, color=th.foreground, fontweight="bold")


def sunlight_legend(th: Theme) -> list[Patch | Line2D]:
    """The legend entry of the sunlight bars (added only when the panel is drawn)."""
    return [Patch(facecolor=th.sun, edgecolor=th.sun_edge, linewidth=0.6, label=LEGEND_LABEL)]
