"""The trend chart: 7-day rolling intake of each nutrient against its EAR and target over weeks or months,
twitch episodes per day beneath on the same date axis, sunlight under vitamin D when recorded, and optionally
water and caffeine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from nutrigap.charts.blood import blood_axis, blood_legend
from nutrigap.charts.common import (
    EDGE_PAD,
    LEGEND_GAP,
    SHORT_LABELS,
    as_datetime64,
    bar_outlines,
    empty_note,
    figure_legend,
    legend_labels,
    legend_top,
    new_figure,
    reference_text,
    runs,
    set_caption,
    set_titles,
    style_axes,
    style_twin,
    y_axis_width,
)
from nutrigap.charts.layout import PT, Panels, legend_width, text_height
from nutrigap.charts.sunlight import PANEL_RATIO, has_sunlight, sunlight_legend, sunlight_panel
from nutrigap.charts.theme import Theme, get_theme
from nutrigap.domain.labs import LabResult
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.units import display_unit, to_display
from nutrigap.domain.wording import format_period
from nutrigap.engine.daily import (
    UNKNOWN_SHARE_FLAG,
    days_of,
    future_mask,
    logged_mask,
    min_logged_days,
    rolling_intake,
    unknown_flags,
)

SHORTFALL_HATCH = "////"
#: A day's intake up to this multiple of the target is drawn to scale (the panel grows to hold it); a day beyond
#: it is drawn as a triangle under the panel's top with its amount written beside it, as the week chart writes
#: "302%", so one supplement day does not flatten the weeks around it.
FIT_UP_TO_TARGET = 3.0
#: where the triangles of days beyond the panel's top sit [share of the panel's height]: wholly inside it
CLIPPED_AT = 0.955

GID_ROLLING = "rolling-"  # + nutrient value
GID_DAILY = "daily-"  # + nutrient value
GID_TARGET = "target-line"
GID_EAR = "ear-line"
GID_NOT_LOGGED = "not-logged"
GID_TWITCH_BARS = "twitch-count"
GID_WATER = "water"
GID_CAFFEINE = "caffeine"
GID_CLIPPED = "clipped-"  # + nutrient value: the amount written beside a day beyond the panel's top


def trend_figure(
    timeline: pd.DataFrame,
    targets: dict[Nutrient, Target],
    *,
    overlay_water_caffeine: bool = False,
    theme: Theme | str = "light",
    vitamin_d_unit: str = "µg",
    window: int = 7,
    display_from: dt.date | None = None,
    title: str | None = None,
    today: dt.date | None = None,
    blood: Mapping[Nutrient, Sequence[LabResult]] | None = None,
) -> Figure:
    """One panel per nutrient: daily intake (dots), its ``window``-day rolling mean (line), the EAR (dashed) and
    the target (solid), the rolling mean hatched where it is below the EAR; twitch episodes per day as bars
    below on the same date axis; with ``overlay_water_caffeine`` a last panel of water [L/day] and caffeine
    [mg/day].

    timeline : one row per day (contiguous dates). Rows before ``display_from`` feed the rolling mean of the
        first days shown but are not drawn (load ``window - 1`` extra days for an honest first week).
    today : days after it are still to come and are not shaded as "not logged".
    blood : each nutrient's blood test results, marked on its panel (a second axis in their unit, range shaded).
    """
    th = get_theme(theme)
    rolling = rolling_intake(timeline, window)
    if display_from is not None:
        keep = [d >= display_from for d in timeline.index]
        timeline, rolling = timeline.loc[keep], rolling.loc[keep]
    days = days_of(timeline)
    if not days:
        raise ValueError("the period has no days")
    x = as_datetime64(days)
    logged = logged_mask(timeline).to_numpy() | future_mask(timeline, today)
    flags = unknown_flags(timeline)

    # sunlight, the main source of vitamin D, right under its panel (issue #17), only when minutes were recorded
    sun_row = TRACKED.index(Nutrient.VITAMIN_D) + 1 if has_sunlight(timeline) else None
    ratios = _ratios(overlay_water_caffeine, sun_row)
    # the sunlight panel adds its own share of a panel's height: the other panels keep theirs
    fig = new_figure(th, 10.5, 1.3 + 1.28 * (len(ratios) - (0.0 if sun_row is None else 1.0 - PANEL_RATIO)))
    handles = _legend_handles(th, window, overlay_water_caffeine, sunlight=sun_row is not None)
    blood = _blood_shown(blood or {}, days)
    if blood:
        handles += blood_legend(th)
    legend_w = legend_width(legend_labels(handles), th.fonts.legend)
    figure_legend(fig, th, handles, top_in=legend_top(th), cache_key="trend")
    header = set_titles(
        fig,
        th,
        title or f"Trend {format_period(days[0], days[-1])}: {window}-day average intake and twitches",
        beside=legend_w,
    )
    caption = set_caption(
        fig,
        th,
        f"Line: mean of the logged days among the last {window} (drawn when at least "
        f"{min_logged_days(window)} were logged). Grey: nothing logged.  "
        f"Hollow dot: over {UNKNOWN_SHARE_FLAG:.0%} of the day's food has no value for the nutrient.\n"
        "Association is not cause, and this is not a diagnosis.",
    )
    # every panel has a bold title above it (font size plus the 3 pt title pad and a little air)
    panel_title = text_height("Mg", th.fonts.axis_label) + 3 * PT + 0.06
    panels = Panels(
        fig,
        0.0,
        0.0,
        0.08 + panel_title,
        0.0,
        ratios=ratios,
        gaps=[panel_title + 0.04] * (len(ratios) - 1),
        header=header,
        caption=caption,
    )
    axes: list[Axes] = []
    for row in range(len(ratios)):
        axes.append(panels.add(row, sharex=axes[0] if axes else None))
        style_axes(axes[-1], th)
    sun_ax = axes.pop(sun_row) if sun_row is not None else None  # the other panels keep their places in ``axes``
    every = axes if sun_ax is None else [*axes, sun_ax]
    if sun_ax is not None:
        sunlight_panel(sun_ax, th, timeline, x)

    for ax, nutrient in zip(axes, TRACKED, strict=False):
        _nutrient_panel(ax, th, nutrient, targets[nutrient], timeline, rolling, flags, x, logged, vitamin_d_unit)
    twins = [_twitch_panel(panels, axes[len(TRACKED)], th, timeline, x)]
    for ax, nutrient in zip(axes, TRACKED, strict=False):
        if nutrient in blood:
            twins.append(blood_axis(panels, ax, th, nutrient.value, blood[nutrient], days[0], days[-1]))
    if overlay_water_caffeine:
        twins.append(_factor_panel(panels, axes[-1], th, timeline, x))
    for ax in every:
        if ax is not axes[-1]:
            ax.tick_params(axis="x", labelbottom=False)
    labels = _date_axis(axes[-1], days)
    half_day = np.timedelta64(12, "h")
    axes[-1].set_xlim(x[0] - half_day, x[-1] + half_day)

    panels.left = EDGE_PAD + max(y_axis_width(ax, th) for ax in every)
    twin_room = max(y_axis_width(t, th) for t in twins if t is not None) if any(twins) else 0.0
    panels.right = EDGE_PAD + legend_w + LEGEND_GAP + twin_room
    panels.bottom = text_height(max(labels, key=lambda t: t.count("\n")), th.fonts.tick) + 7 * PT + 0.18
    return fig


def _nutrient_panel(
    ax: Axes,
    th: Theme,
    nutrient: Nutrient,
    target: Target,
    timeline: pd.DataFrame,
    rolling: pd.DataFrame,
    flags: pd.DataFrame,
    x: np.ndarray,
    logged: np.ndarray,
    vitamin_d_unit: str,
) -> None:
    colour = th.nutrient(nutrient)

    def show(values: pd.Series) -> np.ndarray:
        return np.array([to_display(nutrient, float(v), vitamin_d_unit) for v in values], dtype=float)

    daily = show(timeline[nutrient.value].astype("float64").where(logged_mask(timeline), np.nan))
    mean = show(rolling[nutrient.value])
    goal = to_display(nutrient, target.target, vitamin_d_unit)
    ear = None if target.ear is None else to_display(nutrient, target.ear, vitamin_d_unit)
    top = panel_top(goal, mean, daily)

    for start, end in runs([not v for v in logged]):
        ax.axvspan(
            x[start] - np.timedelta64(12, "h"),
            x[end] + np.timedelta64(12, "h"),
            color=th.not_logged,
            linewidth=0,
            zorder=0,
            gid=GID_NOT_LOGGED,
        )
    flagged = flags[nutrient.value].to_numpy()
    clipped = daily > top
    shown = np.where(clipped, top * CLIPPED_AT, daily)
    solid = ~flagged & ~clipped
    # markers of a line without a line (one stamp per marker) rather than scatter collections: same dots, a
    # fraction of the cost to build and draw
    dots: dict[str, Any] = {"linestyle": "none", "zorder": 3, "markeredgewidth": 0}
    daily_gid = f"{GID_DAILY}{nutrient.value}"
    ax.plot(x[solid], shown[solid], marker="o", markersize=3.7, color=colour, alpha=0.55, gid=daily_gid, **dots)
    ax.plot(
        x[flagged],
        shown[flagged],
        marker="o",
        markersize=4.2,
        markerfacecolor="none",
        markeredgecolor=colour,
        linestyle="none",
        markeredgewidth=1.1,
        zorder=3,
    )
    ax.plot(
        x[clipped & ~flagged], shown[clipped & ~flagged], marker="^", markersize=4.7, color=colour, alpha=0.7, **dots
    )
    _label_clipped(ax, th, x[clipped], daily[clipped], top, f"{GID_CLIPPED}{nutrient.value}")
    ax.plot(x, mean, color=colour, linewidth=2.3, zorder=4, gid=f"{GID_ROLLING}{nutrient.value}")
    ax.axhline(goal, color=th.target_line, linewidth=1.1, zorder=2, gid=GID_TARGET)
    if ear is not None:
        ax.axhline(ear, color=th.ear_line, linewidth=1.0, linestyle=(0, (4, 3)), zorder=2, gid=GID_EAR)
        below = ~np.isnan(mean) & (mean < ear)
        ax.fill_between(
            x,
            mean,
            ear,
            where=below,
            interpolate=False,
            facecolor="none",
            edgecolor=colour,
            hatch=SHORTFALL_HATCH,
            linewidth=0,
            zorder=3,
        )
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
    ax.set_ylabel(f"{display_unit(nutrient, vitamin_d_unit)}/day")
    _panel_title(ax, th, f"{SHORT_LABELS[nutrient]}  ({reference_text(nutrient, target, vitamin_d_unit)})")


def _ratios(water_caffeine: bool, sun_row: int | None) -> list[float]:
    """The panels' heights relative to a nutrient's: the nutrients, twitches, water and caffeine if asked, and
    the sunlight panel at ``sun_row`` if there is one."""
    ratios = [1.0] * len(TRACKED) + [1.05] + ([1.05] if water_caffeine else [])
    if sun_row is not None:
        ratios.insert(sun_row, PANEL_RATIO)
    return ratios


def _blood_shown(
    blood: Mapping[Nutrient, Sequence[LabResult]], days: list[dt.date]
) -> dict[Nutrient, Sequence[LabResult]]:
    """The nutrients with blood test results inside the days drawn (issue #17)."""
    return {n: rs for n, rs in blood.items() if any(days[0] <= r.day <= days[-1] for r in rs)}


def panel_top(goal: float, mean: np.ndarray, daily: np.ndarray) -> float:
    """The top of a nutrient's panel [display unit/day]: room for the target and the rolling mean, and for every
    day up to FIT_UP_TO_TARGET times the target (the days beyond it are marked at the top, see _label_clipped)."""
    finite_mean = mean[~np.isnan(mean)]
    top = max(goal * 1.35, float(finite_mean.max()) * 1.15 if finite_mean.size else 0.0)
    fits = daily[~np.isnan(daily) & (daily <= goal * FIT_UP_TO_TARGET)]
    return max(top, float(fits.max()) * 1.12) if fits.size else top


def _label_clipped(ax: Axes, th: Theme, x: np.ndarray, values: np.ndarray, top: float, gid: str) -> None:
    """Write the amount of each day drawn at the panel's top (beyond its scale) under its triangle."""
    for day, value in zip(x, values, strict=True):
        ax.text(
            day,
            top * (CLIPPED_AT - 0.07),
            _amount(value),
            ha="center",
            va="top",
            rotation=90,
            fontsize=th.fonts.annotation - 1,
            color=th.foreground,
            zorder=6,
            gid=gid,
        )


def _amount(value: float) -> str:
    """'1,200', '23.5', '7.25': as many digits as the amount deserves."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _panel_title(ax: Axes, th: Theme, text: str) -> None:
    """A bold title at the panel's top-left corner. Its height is given (``y=1``), so matplotlib does not move
    it above tick labels at draw time: that check measured the x axis of every panel and its twins on every
    draw (a third of the chart's drawing time), and these panels have no ticks on top."""
    ax.set_title(text, loc="left", y=1.0, pad=3, fontsize=th.fonts.axis_label, color=th.foreground, fontweight="bold")


def _twitch_panel(panels: Panels, ax: Axes, th: Theme, timeline: pd.DataFrame, x: np.ndarray) -> Axes | None:
    counts = timeline["twitches"].fillna(0).to_numpy(dtype=float) if "twitches" in timeline else np.zeros(len(x))
    # one collection for all the days' bars (up to three years of them): a Rectangle per day would cost more to
    # build than the whole chart to draw
    ax.add_collection(
        PolyCollection(
            bar_outlines(x, counts, 0.8), facecolors=th.twitches, edgecolors="none", zorder=3, gid=GID_TWITCH_BARS
        ),
        autolim=False,
    )
    ax.set_ylim(0, max(3.0, float(counts.max()) * 1.2 if counts.size else 3.0))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    ax.set_ylabel("per day")  # the panel's title names the episodes; short, so it fits a short panel
    _panel_title(ax, th, "Twitch episodes")
    twin = None
    if "twitch_max_intensity" in timeline:
        twin = panels.twin(ax)
        style_twin(twin, th)
        twin.plot(
            x,
            timeline["twitch_max_intensity"].to_numpy(dtype=float),
            linestyle="none",
            marker="D",
            markersize=4,
            color=th.intensity,
            zorder=5,
        )
        twin.set_ylim(0, 10.9)
        twin.set_yticks([0, 5, 10])
        twin.set_ylabel("intensity")
    if not counts.any():
        empty_note(ax, th, "No twitches logged in this period")
    return twin


def _factor_panel(panels: Panels, ax: Axes, th: Theme, timeline: pd.DataFrame, x: np.ndarray) -> Axes:
    water = timeline["water_ml"].to_numpy(dtype=float) / 1000.0 if "water_ml" in timeline else np.full(len(x), np.nan)
    caffeine = timeline["caffeine_mg"].to_numpy(dtype=float) if "caffeine_mg" in timeline else np.full(len(x), np.nan)
    ax.plot(x, water, color=th.water, marker="o", markersize=3.5, linewidth=1.6, zorder=3, gid=GID_WATER)
    ax.set_ylabel("water, L/day")
    finite = water[~np.isnan(water)]
    ax.set_ylim(0, max(3.0, float(finite.max()) * 1.15 if finite.size else 3.0))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
    _panel_title(ax, th, "Water and caffeine")
    twin = panels.twin(ax)
    style_twin(twin, th)
    twin.plot(
        x,
        caffeine,
        color=th.caffeine,
        marker="s",
        markersize=3.5,
        linewidth=1.6,
        linestyle=(0, (3, 2)),
        zorder=3,
        gid=GID_CAFFEINE,
    )
    finite_c = caffeine[~np.isnan(caffeine)]
    twin.set_ylim(0, max(400.0, float(finite_c.max()) * 1.15 if finite_c.size else 400.0))
    twin.yaxis.set_major_locator(MaxNLocator(nbins=3))
    twin.set_ylabel("caffeine, mg/day")
    if not finite.size and not finite_c.size:
        empty_note(ax, th, "No water or caffeine recorded in this period")
    return twin


def _date_axis(ax: Axes, days: list[dt.date]) -> list[str]:
    """Date ticks at fixed positions: Mondays (with a minor tick per day) up to ten weeks, else the first of
    each month. Fixed positions are computed once; matplotlib's rrule-based date locators recomputed them on
    every layout pass of every shared axis and made a month's chart take seconds to draw."""
    span = (days[-1] - days[0]).days + 1
    if span <= 70:
        majors = [d for d in days if d.weekday() == 0]
        minors = list(days)
        labels = [f"{d:%a}\n{d.day} {d:%b}" for d in majors]
    else:
        months = [d for d in days if d.day == 1]
        step = 1 if len(months) <= 8 else 3 if len(months) <= 24 else 6
        majors = months[::step]
        minors = months
        labels = [f"{d:%b}\n{d.year}" if (i == 0 or d.month <= step) else f"{d:%b}" for i, d in enumerate(majors)]
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(as_datetime64(majors))))  # type: ignore[no-untyped-call]
    ax.xaxis.set_minor_locator(FixedLocator(mdates.date2num(as_datetime64(minors))))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(FixedFormatter(labels))
    return labels


def _legend_handles(th: Theme, window: int, water_caffeine: bool, *, sunlight: bool) -> list[Patch | Line2D]:
    handles: list[Patch | Line2D] = [
        Line2D([], [], color=th.muted, linewidth=2.3, label=f"{window}-day average"),
        Line2D([], [], color=th.muted, marker="o", linestyle="none", alpha=0.6, label="One day"),
        Line2D([], [], color=th.target_line, linewidth=1.1, label="Target (RDA or AI)"),
        Line2D([], [], color=th.ear_line, linewidth=1.0, linestyle=(0, (4, 3)), label="EAR"),
        Patch(facecolor="none", edgecolor=th.muted, hatch=SHORTFALL_HATCH, label="Average below EAR"),
        Patch(facecolor=th.not_logged, label="Not logged"),
        Line2D(
            [],
            [],
            marker="o",
            markerfacecolor="none",
            markeredgecolor=th.muted,
            linestyle="none",
            label="Possibly missing data",
        ),
        Patch(facecolor=th.twitches, label="Twitch episodes"),
        Line2D([], [], linestyle="none", marker="D", color=th.intensity, label="Highest intensity (1–10)"),
    ]
    if water_caffeine:
        handles += [
            Line2D([], [], color=th.water, marker="o", markersize=3.5, label="Water (L)"),
            Line2D([], [], color=th.caffeine, marker="s", markersize=3.5, linestyle=(0, (3, 2)), label="Caffeine (mg)"),
        ]
    return handles + (sunlight_legend(th) if sunlight else [])
