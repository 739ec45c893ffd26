"""The weekly shortfall chart: each day's five nutrients as % of target, with twitches on the same days below."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, MultipleLocator, PercentFormatter

from nutrigap.charts.common import (
    EDGE_PAD,
    LEGEND_GAP,
    SHORT_LABELS,
    add_bars,
    day_label,
    empty_note,
    figure_legend,
    legend_labels,
    legend_top,
    new_figure,
    question_mark,
    reference_text,
    set_caption,
    set_titles,
    style_axes,
    style_twin,
    y_axis_width,
)
from nutrigap.charts.layout import PT, Panels, legend_width, text_height
from nutrigap.charts.theme import Theme, get_theme
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.wording import format_period
from nutrigap.engine.daily import (
    UNKNOWN_SHARE_FLAG,
    days_of,
    future_mask,
    logged_mask,
    percent_of_target,
    unknown_flags,
)

#: Bars taller than this [% of target] are cut at the top and labelled with their value, so one big day
#: cannot flatten the rest of the week.
PERCENT_CAP = 200.0
BAR_GROUP_WIDTH = 0.82
#: alpha of the bars of days below target (full colour at or above target)
BELOW_TARGET_ALPHA = 0.55
SHORTFALL_HATCH = "////"

#: gids of the artists, so tests and the window can find them without relying on drawing order
GID_NOT_LOGGED = "not-logged"
GID_TARGET_LINE = "target-line"
GID_EAR = "ear-mark"
GID_UNKNOWN = "possibly-missing"
GID_TWITCH_BARS = "twitch-count"
GID_INTENSITY = "twitch-intensity"

#: the intensity diamonds sit this far [days] right of the count bar (half width 0.25), inside the day's column
INTENSITY_OFFSET = 0.36

SUBTITLE = "Bars: each day's intake as % of its target. Below: twitch episodes on the same days."
LEGEND_TITLE = "Nutrient (target)"


def week_shortfall_figure(
    timeline: pd.DataFrame,
    targets: dict[Nutrient, Target],
    *,
    theme: Theme | str = "light",
    vitamin_d_unit: str = "µg",
    title: str | None = None,
    today: dt.date | None = None,
) -> Figure:
    """Each day of ``timeline`` (a week: 7 rows) as grouped bars of the five nutrients in % of target, with
    the EAR marked on every bar and shortfalls (below the EAR) hatched; twitch episodes per day (count bars)
    and their highest intensity (1–10) on the same days underneath.

    timeline : one row per day with nutrient totals [nutrient unit/day], ``entries``, ``<n>_unknown_share``
        [0..1], ``twitches`` [count] and ``twitch_max_intensity`` [1–10].
    targets : reference intakes; the target (RDA or AI) is 100 %.
    today : days after it are still to come and are left blank instead of shown as "not logged".
    """
    th = get_theme(theme)
    days = days_of(timeline)
    if not days:
        raise ValueError("the week has no days")
    n_days = len(days)
    logged = logged_mask(timeline).to_numpy()
    future = future_mask(timeline, today)
    percent = percent_of_target(timeline, targets)
    flags = unknown_flags(timeline)

    fig = new_figure(th, max(10.5, 1.05 * n_days + 3.6), 6.9)
    handles = _legend_handles(targets, th, vitamin_d_unit)
    legend_w = legend_width(legend_labels(handles), th.fonts.legend, title=LEGEND_TITLE)
    figure_legend(fig, th, handles, top_in=legend_top(th), cache_key="week", title=LEGEND_TITLE)
    period = format_period(days[0], days[-1])
    header = set_titles(fig, th, title or f"Week of {period}: nutrients and twitches", SUBTITLE, beside=legend_w)
    caption = set_caption(
        fig,
        th,
        "Grey column: nothing logged that day (not the same as eating nothing).  "
        f"?: over {UNKNOWN_SHARE_FLAG:.0%} of that day's food has no value for the nutrient, so the true "
        "intake may be higher.\nA single low day is normal; what counts is the pattern over weeks. "
        "Association is not cause, and this is not a diagnosis.",
    )
    # above the bars: room for the value of a bar cut at the top (rotated, about four characters tall)
    panels = Panels(fig, 0.0, 0.0, 0.3, 0.0, ratios=[3.0, 1.3], gaps=[0.22], header=header, caption=caption)
    ax = panels.add(0)
    # the same day columns as the bars above (same limits, set below); not a shared axis, which would give the
    # bar panel a hidden copy of every day tick to build and lay out
    axt = panels.add(1)
    for a in (ax, axt):
        style_axes(a, th)

    x = np.arange(n_days, dtype=float)
    width = BAR_GROUP_WIDTH / len(TRACKED)
    top = _y_top(percent)
    _shade_not_logged(ax, axt, logged, future, th, top)
    ax.axhline(100.0, color=th.target_line, linewidth=1.3, linestyle="--", zorder=3, gid=GID_TARGET_LINE)

    for i, nutrient in enumerate(TRACKED):
        target = targets[nutrient]
        offsets = x + (i - (len(TRACKED) - 1) / 2) * width
        values = percent[nutrient.value].to_numpy(dtype=float)
        _nutrient_bars(ax, th, nutrient, target, offsets, values, width, top)
        for pos, value, flagged in zip(offsets, values, flags[nutrient.value].to_numpy(), strict=True):
            if flagged and not math.isnan(value):
                ax.text(
                    pos,
                    max(min(value, top), top * 0.055) + top * 0.012,
                    "?",
                    ha="center",
                    va="bottom",
                    fontweight="bold",
                    fontsize=th.fonts.annotation + 1,
                    color=th.foreground,
                    gid=GID_UNKNOWN,
                    zorder=6,
                )

    ax.set_ylim(0, top * 1.07)
    ax.set_ylabel("Intake, % of daily target")
    # a label every 50 % (every 25 % on a short axis): enough to read a bar, half the labels to draw
    ax.yaxis.set_major_locator(MultipleLocator(50.0 if top > 150.0 else 25.0))
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlim(-0.5, n_days - 0.5)
    ax.set_xticks([])

    twin = _twitch_panel(panels, axt, timeline, th, x)
    labels = [day_label(d) for d in days]
    axt.set_xticks(x, labels)
    axt.tick_params(axis="x", length=0)
    axt.set_xlim(ax.get_xlim())

    panels.left = EDGE_PAD + max(y_axis_width(ax, th), y_axis_width(axt, th))
    panels.right = EDGE_PAD + legend_w + LEGEND_GAP + y_axis_width(twin, th)
    tick_room = text_height(max(labels, key=lambda t: t.count("\n")), th.fonts.tick) + 3.5 * PT
    panels.bottom = tick_room + 0.18
    return fig


def _y_top(percent: pd.DataFrame) -> float:
    """The top of the percentage axis: at least 125 % so the target line has room, at most the cap."""
    highest = float(np.nanmax(percent.to_numpy(dtype=float))) if percent.notna().any().any() else 0.0
    return float(min(PERCENT_CAP, max(125.0, math.ceil(highest / 25.0) * 25.0)))


def _shade_not_logged(ax: Axes, axt: Axes, logged: np.ndarray, future: np.ndarray, th: Theme, top: float) -> None:
    for i, was_logged in enumerate(logged):
        if was_logged:
            continue
        if future[i]:
            ax.text(
                i,
                top * 0.3,
                "To come",
                rotation=90,
                ha="center",
                va="center",
                color=th.muted,
                fontsize=th.fonts.annotation + 1,
                style="italic",
            )
            continue
        for a in (ax, axt):
            a.axvspan(i - 0.46, i + 0.46, color=th.not_logged, zorder=0, linewidth=0, gid=GID_NOT_LOGGED)
        ax.text(
            i,
            top * 0.3,
            "Not logged",
            rotation=90,
            ha="center",
            va="center",
            color=th.muted,
            fontsize=th.fonts.annotation + 1,
            zorder=1,
        )


def _nutrient_bars(
    ax: Axes,
    th: Theme,
    nutrient: Nutrient,
    target: Target,
    positions: np.ndarray,
    values: np.ndarray,
    width: float,
    top: float,
) -> None:
    colour = th.nutrient(nutrient)
    ear_pct = None if target.ear is None else 100.0 * target.ear / target.target
    shown = np.where(np.isnan(values), 0.0, np.minimum(values, top))
    bars = add_bars(ax, positions, shown, width * 0.92, color=colour, zorder=4, gid=f"bars-{nutrient.value}")
    for bar, value in zip(bars, values, strict=True):
        if math.isnan(value):
            bar.set_visible(False)
            continue
        if value < 100.0:
            bar.set_alpha(BELOW_TARGET_ALPHA)
        if ear_pct is not None and value < ear_pct:
            # shortfall below the EAR: hatched with a solid outline so it stands out without colour
            bar.set_alpha(1.0)
            bar.set_facecolor(_blend(colour, th.axes_background, 0.55))
            bar.set_hatch(SHORTFALL_HATCH)
            bar.set_edgecolor(colour)
            bar.set_linewidth(1.2)
        if value < top * 0.03:
            # a zero-height bar is invisible: say what it is, so an eaten-nothing-of-it day is not read as missing
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                value + top * 0.008,
                f"{value:.0f}%",
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=th.fonts.annotation - 1,
                color=colour,
                zorder=6,
            )
        if value > top:
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                top * 1.005,
                f"{value:.0f}%",
                ha="center",
                va="bottom",
                rotation=90,
                fontsize=th.fonts.annotation - 0.5,
                color=th.foreground,
                zorder=6,
            )
    present = ~np.isnan(values)
    if ear_pct is not None and present.any():
        half = width * 0.46
        xs = positions[present]
        # the marks as one collection added without Axes.hlines' unit handling and data-limit update (the
        # limits are set below): the same lines for a fraction of the time
        marks = LineCollection(
            [((x - half, ear_pct), (x + half, ear_pct)) for x in xs],
            colors=th.ear_line,
            linestyles="solid",
            linewidth=1.6,
            zorder=5,
            gid=GID_EAR,
        )
        ax.add_collection(marks, autolim=False)


def _blend(colour: str, background: str, amount: float) -> tuple[float, float, float]:
    """``colour`` mixed with ``amount`` of ``background`` (a paler fill under the hatching)."""
    from matplotlib.colors import to_rgb

    c, b = to_rgb(colour), to_rgb(background)
    r, g, bl = (ci * (1 - amount) + bi * amount for ci, bi in zip(c, b, strict=True))
    return (r, g, bl)


def _twitch_panel(panels: Panels, axt: Axes, timeline: pd.DataFrame, th: Theme, x: np.ndarray) -> Axes:
    counts = timeline["twitches"].fillna(0).to_numpy(dtype=float) if "twitches" in timeline else np.zeros(len(x))
    intensity = (
        timeline["twitch_max_intensity"].to_numpy(dtype=float)
        if "twitch_max_intensity" in timeline
        else np.full(len(x), np.nan)
    )
    bars = add_bars(axt, x, counts, 0.5, color=th.twitches, zorder=3, gid=GID_TWITCH_BARS)
    for bar, count in zip(bars, counts, strict=True):
        if count > 0:
            axt.text(
                bar.get_x() + bar.get_width() / 2,
                count,
                f"{count:.0f}",
                ha="center",
                va="bottom",
                fontsize=th.fonts.annotation,
                color=th.foreground,
                zorder=4,
            )
    top = max(3.0, float(np.nanmax(counts)) * 1.3 if len(counts) else 3.0)
    axt.set_ylim(0, top)
    axt.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    axt.set_ylabel("Twitch\nepisodes")
    twin = panels.twin(axt)
    style_twin(twin, th)
    # beside the day's bar, not on it: a diamond on the bar hid the count written above it
    twin.plot(
        x + INTENSITY_OFFSET,
        intensity,
        linestyle="none",
        marker="D",
        markersize=6,
        color=th.intensity,
        markeredgecolor=th.axes_background,
        zorder=5,
        label="Highest intensity",
        gid=GID_INTENSITY,
    )
    twin.set_ylim(0, 10.9)
    twin.set_yticks([0, 5, 10])
    twin.set_ylabel("Intensity\n(1–10)")
    if not counts.any():
        empty_note(axt, th, "No twitches logged these days")
    return twin


def _legend_handles(targets: dict[Nutrient, Target], th: Theme, vitamin_d_unit: str) -> list[Patch | Line2D]:
    handles: list[Patch | Line2D] = [
        Patch(facecolor=th.nutrient(n), label=f"{SHORT_LABELS[n]}\n({reference_text(n, targets[n], vitamin_d_unit)})")
        for n in TRACKED
    ]
    handles += [
        Line2D([], [], color=th.target_line, linestyle="--", linewidth=1.3, label="Target (RDA or AI) = 100%"),
        Line2D([], [], color=th.ear_line, linewidth=1.6, label="EAR (average requirement)"),
        Patch(facecolor=th.muted, alpha=BELOW_TARGET_ALPHA, label="Faded: below target"),
        Patch(facecolor=th.axes_background, edgecolor=th.muted, hatch=SHORTFALL_HATCH, label="Hatched: below EAR"),
        Patch(facecolor=th.not_logged, label="Not logged"),
        Line2D(
            [],
            [],
            linestyle="none",
            marker=question_mark(),
            color=th.foreground,
            markersize=8,
            label="Possibly missing data",
        ),
        Patch(facecolor=th.twitches, label="Twitch episodes (count)"),
        Line2D([], [], linestyle="none", marker="D", color=th.intensity, label="Highest twitch intensity"),
    ]
    return handles
