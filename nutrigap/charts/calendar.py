"""The calendar heat map: one cell per day (weeks as rows, Monday first) coloured by the day's adequacy,
with days that had twitch episodes marked and days with nothing logged shown apart."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import Bbox

from nutrigap.charts.common import (
    EDGE_PAD,
    legend_labels,
    new_figure,
    question_mark,
    set_caption,
    set_titles,
    style_legend,
)
from nutrigap.charts.layout import PT, FlowText, Header, caption_room, text_height, text_width
from nutrigap.charts.raster_cache import CachedLegend
from nutrigap.charts.theme import Theme, get_theme
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.wording import format_period
from nutrigap.engine.daily import UNKNOWN_SHARE_FLAG, daily_adequacy, days_of, unknown_flags

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NOT_LOGGED_HATCH = "xx"
#: lowest adequacy [%] with a colour of its own
ADEQUACY_FLOOR = 25.0

GID_DAY = "day-"  # + ISO date
GID_TWITCH = "twitch-marker"
GID_UNKNOWN = "possibly-missing"


def calendar_heatmap_figure(
    timeline: pd.DataFrame,
    targets: dict[Nutrient, Target],
    *,
    theme: Theme | str = "light",
    title: str | None = None,
    today: dt.date | None = None,
) -> Figure:
    """A calendar of ``timeline``'s days coloured by adequacy [%] (the mean over the five nutrients of intake
    as % of target, each capped at 100 %); days with twitch episodes carry a marker with their count.

    timeline : one row per day with nutrient totals, ``entries``, ``<n>_unknown_share`` and ``twitches``.
    today : days after it are still to come: drawn as empty outlines, not as "not logged".
    """
    th = get_theme(theme)
    days = days_of(timeline)
    if not days:
        raise ValueError("the period has no days")
    adequacy = daily_adequacy(timeline, targets)
    flags = unknown_flags(timeline).any(axis=1)
    twitches = timeline["twitches"].fillna(0) if "twitches" in timeline else pd.Series(0, index=timeline.index)

    first_monday = days[0] - dt.timedelta(days=days[0].weekday())
    n_weeks = (days[-1] - first_monday).days // 7 + 1
    fig = new_figure(th, 9.6, 1.9 + 0.95 * n_weeks)
    header = set_titles(fig, th, title or f"Adequacy by day, {format_period(days[0], days[-1])}")
    caption = set_caption(
        fig,
        th,
        "Each day: the mean over magnesium, calcium, potassium, vitamin D and B12 of intake as % of target, "
        "each capped at 100% so one surplus cannot hide another shortfall. "
        f"?: over {UNKNOWN_SHARE_FLAG:.0%} of the day's food has no value for at least one nutrient.",
    )
    week_labels = [f"{(first_monday + dt.timedelta(weeks=w)):%d %b}" for w in range(n_weeks)]
    layout = _CalendarLayout(
        fig,
        n_weeks,
        header,
        caption,
        # the weekday names sit above the grid, under the title
        top=0.12 + text_height("Mon", th.fonts.tick) + 3.5 * PT,
        # week labels and the axis title on the left
        left=EDGE_PAD
        + text_height("Week", th.fonts.axis_label)
        + 4 * PT
        + max(text_width(t, th.fonts.tick) for t in week_labels)
        + 3.5 * PT,
        # the colour bar's tick labels and its title on the right
        right=EDGE_PAD
        + text_width("≤25%", th.fonts.tick)
        + 7 * PT
        + text_height(BAR_LABEL, th.fonts.axis_label)
        + 4 * PT,
        # the one-row legend under the grid
        bottom=0.12 + LEGEND_ROW,
    )
    ax = fig.add_axes(layout.grid_box().bounds, axes_locator=layout.grid_locator)
    ax.set_facecolor(th.background)
    cmap = colormaps[th.heatmap_cmap]
    # the scale starts at 25 % (lower days share its darkest colour) so that the usual 50–100 % range is not
    # squeezed into a few similar shades; every cell also prints its number
    norm = Normalize(vmin=ADEQUACY_FLOOR, vmax=100.0)

    for day in days:
        week, col = divmod((day - first_monday).days, 7)
        value = float(adequacy.loc[day])
        logged = not math.isnan(value)
        if today is not None and day > today and not logged:
            ax.add_artist(
                Rectangle(
                    (col + 0.03, week + 0.03),
                    0.94,
                    0.94,
                    facecolor="none",
                    edgecolor=th.grid,
                    linewidth=1.0,
                    gid=f"{GID_DAY}{day.isoformat()}",
                )
            )
            ax.text(
                col + 0.07, week + 0.1, f"{day.day}", ha="left", va="top", fontsize=th.fonts.annotation, color=th.muted
            )
            continue
        face = cmap(norm(value)) if logged else th.not_logged
        ax.add_artist(
            Rectangle(
                (col, week),
                1,
                1,
                facecolor=face,
                edgecolor=th.background,
                linewidth=2.5,
                hatch=None if logged else NOT_LOGGED_HATCH,
                gid=f"{GID_DAY}{day.isoformat()}",
            )
        )
        ink = _ink_on(face, th) if logged else th.muted
        ax.text(
            col + 0.07,
            week + 0.1,
            f"{day.day}",
            ha="left",
            va="top",
            fontsize=th.fonts.annotation,
            color=ink,
            fontweight="bold",
        )
        ax.text(
            col + 0.5,
            week + 0.58,
            f"{value:.0f}%" if logged else "not\nlogged",
            ha="center",
            va="center",
            fontsize=th.fonts.tick + (1 if logged else -1),
            color=ink,
            linespacing=0.95,
        )
        count = int(twitches.loc[day])
        if count > 0:
            ax.plot(
                col + 0.82,
                week + 0.2,
                marker="o",
                markersize=13,
                color=th.twitches,
                markeredgecolor=th.background,
                markeredgewidth=1.2,
                gid=GID_TWITCH,
            )
            ax.text(
                col + 0.82,
                week + 0.21,
                f"{count}",
                ha="center",
                va="center",
                fontsize=th.fonts.annotation,
                color="#FFFFFF",
                fontweight="bold",
            )
        if bool(flags.loc[day]):
            ax.text(
                col + 0.9,
                week + 0.9,
                "?",
                ha="center",
                va="bottom",
                fontsize=th.fonts.annotation + 2,
                color=ink,
                fontweight="bold",
                gid=GID_UNKNOWN,
            )

    ax.set_xlim(0, 7)
    ax.set_ylim(n_weeks, 0)
    ax.set_xticks(np.arange(7) + 0.5, WEEKDAYS)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(n_weeks) + 0.5, week_labels)
    ax.set_ylabel("Week starting", color=th.foreground, fontsize=th.fonts.axis_label)
    ax.tick_params(length=0, colors=th.foreground, labelsize=th.fonts.tick)
    for spine in ax.spines.values():
        spine.set_visible(False)

    cax = fig.add_axes(layout.bar_box().bounds, axes_locator=layout.bar_locator)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), cax=cax, orientation="vertical", extend="min")
    bar.set_label(BAR_LABEL, color=th.foreground, fontsize=th.fonts.axis_label)
    bar.ax.tick_params(colors=th.foreground, labelsize=th.fonts.tick)
    bar.outline.set_edgecolor(th.muted)
    bar.set_ticks([25, 50, 75, 100], labels=["≤25%", "50%", "75%", "100%"])

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=11,
            color=th.twitches,
            label="Twitch episodes that day (count)",
        ),
        Patch(facecolor=th.not_logged, hatch=NOT_LOGGED_HATCH, edgecolor=th.background, label="Nothing logged"),
        Line2D(
            [],
            [],
            marker=question_mark(),
            linestyle="none",
            markersize=8,
            color=th.foreground,
            label="Possibly missing data",
        ),
    ]
    legend = CachedLegend(
        ax,
        handles,
        legend_labels(handles),
        cache_key=("calendar", th.name),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncols=3,
        fontsize=th.fonts.legend,
        frameon=False,
    )
    ax.legend_ = legend
    style_legend(legend, th)
    return fig


#: height [in] of the one-row legend under the calendar (markers of 11–13 pt) with its gap to the grid
LEGEND_ROW = 0.42
#: the colour bar's title, on two lines so it is no longer than the bar when the window shows a small calendar
BAR_LABEL = "Adequacy: mean % of target\nover the 5 nutrients"
#: width [in] of the colour bar and its gap to the grid
BAR_WIDTH, BAR_GAP = 0.22, 0.3


class _CalendarLayout:
    """Square day cells as large as the space left by the margins [in] allows, the colour bar beside them; worked
    out from the figure's size at every draw (the window may resize it)."""

    def __init__(
        self,
        fig: Figure,
        n_weeks: int,
        header: Header,
        caption: FlowText,
        *,
        top: float,
        left: float,
        right: float,
        bottom: float,
    ) -> None:
        self.fig, self.n_weeks, self.header, self.caption = fig, n_weeks, header, caption
        self.top, self.left, self.right, self.bottom = top, left, right, bottom

    def _grid_inches(self) -> tuple[float, float, float, float, float, float]:
        width, height = (float(v) for v in self.fig.get_size_inches())
        free_w = width - self.left - self.right - BAR_GAP - BAR_WIDTH
        top = self.top + self.header.height_in(width)
        free_h = height - top - self.bottom - caption_room(self.caption, width)
        cell = max(0.05, min(free_w / 7, free_h / self.n_weeks))
        # centred across the free width, at the top of the free height (the legend follows right under it)
        x0 = self.left + max(0.0, (free_w - 7 * cell) / 2)
        y1 = height - top
        return width, height, x0, y1 - self.n_weeks * cell, x0 + 7 * cell, y1

    def grid_box(self) -> Bbox:
        width, height, x0, y0, x1, y1 = self._grid_inches()
        return Bbox.from_extents(x0 / width, y0 / height, x1 / width, y1 / height)

    def bar_box(self) -> Bbox:
        width, height, _x0, y0, x1, y1 = self._grid_inches()
        inset = 0.05 * (y1 - y0)  # 90 % of the grid's height, centred
        return Bbox.from_extents(
            (x1 + BAR_GAP) / width, (y0 + inset) / height, (x1 + BAR_GAP + BAR_WIDTH) / width, (y1 - inset) / height
        )

    def grid_locator(self, ax: Axes, renderer: RendererBase | None) -> Bbox:
        return self.grid_box()

    def bar_locator(self, ax: Axes, renderer: RendererBase | None) -> Bbox:
        return self.bar_box()


def _ink_on(face: object, th: Theme) -> str:
    """Black or white text, whichever reads better on ``face`` (WCAG relative luminance)."""
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(face))  # type: ignore[arg-type]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#111111" if luminance > 0.35 else "#FFFFFF"
