"""Shared pieces of every chart: figure creation, theme styling, dates, units and the flags on the data.

Inputs are the engine's frames: a *timeline* (one row per day, indexed by ``datetime.date``, with the
nutrient totals of :func:`nutrigap.engine.intake.daily_totals`, the twitch columns of
:func:`nutrigap.engine.timeline.daily_twitches` and the factor columns) and the targets of
:func:`nutrigap.engine.targets.targets_for`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from nutrigap.charts.theme import Theme
from nutrigap.domain.nutrients import TRACKED, Nutrient, vitamin_d_to_display
from nutrigap.engine.targets import Target

#: A day's value for a nutrient is flagged "possibly missing data" when more than this share of the grams
#: eaten that day come from foods that have no value for the nutrient (``<nutrient>_unknown_share``). Half is
#: where the known part can no longer stand for the day: the true total could be twice what is shown.
UNKNOWN_SHARE_FLAG = 0.5

SHORT_LABELS: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: "Magnesium",
    Nutrient.CALCIUM: "Calcium",
    Nutrient.POTASSIUM: "Potassium",
    Nutrient.VITAMIN_D: "Vitamin D",
    Nutrient.VITAMIN_B12: "Vitamin B12",
}


def new_figure(theme: Theme, width_in: float, height_in: float) -> Figure:
    """A figure with constrained layout (labels and legends never overlap the plots) in the theme's colours."""
    fig = Figure(figsize=(width_in, height_in), layout="constrained", facecolor=theme.background)
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(h_pad=0.06, w_pad=0.06, hspace=0.04, wspace=0.04)  # type: ignore[call-arg]
    return fig


def style_axes(ax: Axes, theme: Theme, *, grid_axis: Literal["x", "y", "both"] | None = "y") -> None:
    """Apply the theme to an axes: background, spines, ticks, labels and a light grid behind the data."""
    ax.set_facecolor(theme.axes_background)
    for side, spine in ax.spines.items():
        spine.set_color(theme.muted)
        spine.set_visible(side in ("left", "bottom"))
    ax.tick_params(colors=theme.foreground, labelsize=theme.fonts.tick, which="both")
    ax.xaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_color(theme.foreground)
    ax.xaxis.label.set_fontsize(theme.fonts.axis_label)
    ax.yaxis.label.set_fontsize(theme.fonts.axis_label)
    ax.title.set_color(theme.foreground)
    if grid_axis:
        ax.grid(True, axis=grid_axis, color=theme.grid, linewidth=0.8)
        ax.set_axisbelow(True)


def style_twin(ax: Axes, theme: Theme) -> None:
    """Style the right-hand axis of a twin pair."""
    ax.set_facecolor("none")
    for side, spine in ax.spines.items():
        spine.set_color(theme.muted)
        spine.set_visible(side == "right")
    ax.tick_params(colors=theme.foreground, labelsize=theme.fonts.tick)
    ax.yaxis.label.set_color(theme.foreground)
    ax.yaxis.label.set_fontsize(theme.fonts.axis_label)


def style_legend(legend: Legend, theme: Theme) -> None:
    frame = legend.get_frame()
    frame.set_facecolor(theme.axes_background)
    frame.set_edgecolor(theme.grid)
    for text in legend.get_texts():
        text.set_color(theme.foreground)
    title = legend.get_title()
    title.set_color(theme.foreground)


def set_titles(fig: Figure, theme: Theme, title: str, subtitle: str | None = None, *, top_axes: Axes) -> None:
    """A bold figure title and an optional muted subtitle above ``top_axes`` (both kept clear by the layout)."""
    fig.suptitle(title, fontsize=theme.fonts.title, fontweight="bold", color=theme.foreground, x=0.01, ha="left")
    if subtitle:
        top_axes.set_title(subtitle, loc="left", fontsize=theme.fonts.subtitle, color=theme.muted, pad=8)


def set_caption(fig: Figure, theme: Theme, text: str) -> None:
    """A small explanatory caption along the bottom edge (as the figure's x label, so layout keeps room),
    wrapped to the figure's width (DejaVu Sans averages about 0.6 em per character, with room to spare)."""
    import textwrap

    width_chars = int(fig.get_figwidth() * 72 / (theme.fonts.caption * 0.62))
    lines = [textwrap.fill(paragraph, width_chars) for paragraph in text.split("\n")]
    fig.supxlabel(
        "\n".join(lines), fontsize=theme.fonts.caption, color=theme.muted, x=0.01, ha="left", linespacing=1.35
    )


# --- data helpers ---------------------------------------------------------------------------------------


def days_of(timeline: pd.DataFrame) -> list[dt.date]:
    days = list(timeline.index)
    for day in days:
        if not isinstance(day, dt.date):
            raise TypeError("a timeline is indexed by datetime.date")
    return days


def as_datetime64(days: Sequence[dt.date]) -> np.ndarray:
    """Dates as numpy datetime64[D] (what matplotlib's date axis plots without extra converters)."""
    return np.array([np.datetime64(d.isoformat(), "D") for d in days], dtype="datetime64[D]")


def future_mask(timeline: pd.DataFrame, today: dt.date | None) -> np.ndarray:
    """True for days after ``today`` (still to come: neither logged nor missed)."""
    if today is None:
        return np.zeros(len(timeline), dtype=bool)
    return np.array([day > today for day in timeline.index], dtype=bool)


def logged_mask(timeline: pd.DataFrame) -> pd.Series:
    """True for days with at least one diary entry (a day without entries was not logged, not zero)."""
    if "entries" not in timeline:
        return pd.Series(False, index=timeline.index)
    return timeline["entries"].fillna(0).astype("int64") > 0


def percent_frame(timeline: pd.DataFrame, targets: dict[Nutrient, Target]) -> pd.DataFrame:
    """Each nutrient's daily intake as % of its target (RDA or AI); NaN on days with nothing logged."""
    logged = logged_mask(timeline)
    out = pd.DataFrame(index=timeline.index)
    for nutrient in TRACKED:
        values = timeline[nutrient.value].astype("float64") * 100.0 / targets[nutrient].target
        out[nutrient.value] = values.where(logged, np.nan)
    return out


def unknown_flags(timeline: pd.DataFrame) -> pd.DataFrame:
    """True where a logged day's value for a nutrient rests mostly on unknown values (see UNKNOWN_SHARE_FLAG)."""
    logged = logged_mask(timeline)
    out = pd.DataFrame(index=timeline.index)
    for nutrient in TRACKED:
        column = f"{nutrient.value}_unknown_share"
        share = timeline[column].astype("float64") if column in timeline else pd.Series(0.0, index=timeline.index)
        out[nutrient.value] = (share.fillna(0.0) > UNKNOWN_SHARE_FLAG) & logged
    return out


def daily_adequacy(timeline: pd.DataFrame, targets: dict[Nutrient, Target]) -> pd.Series:
    """Adequacy of each day [%]: the mean over the five nutrients of intake as % of target, each capped at
    100 % (so a surplus of one nutrient cannot hide the shortfall of another). NaN when nothing was logged."""
    capped = percent_frame(timeline, targets).clip(upper=100.0)
    return capped.mean(axis=1, skipna=False)


def runs(mask: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """Start and end positions (inclusive) of each run of consecutive True values."""
    start: int | None = None
    for i, flag in enumerate(mask):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            yield start, i - 1
            start = None
    if start is not None:
        yield start, len(mask) - 1


# --- units and labels -----------------------------------------------------------------------------------


def display_unit(nutrient: Nutrient, target: Target, vitamin_d_unit: str) -> str:
    return vitamin_d_unit if nutrient is Nutrient.VITAMIN_D else target.unit


def to_display(nutrient: Nutrient, value: float, vitamin_d_unit: str) -> float:
    """A nutrient amount in the user's display unit (vitamin D in µg or IU; the rest unchanged)."""
    return vitamin_d_to_display(value, vitamin_d_unit) if nutrient is Nutrient.VITAMIN_D else value


def amount_text(value: float) -> str:
    """A reference amount as people write it: 320, 2,600, 2.4, 0.5."""
    if value >= 100 or math.isclose(value, round(value)):
        return f"{value:,.0f}"
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value >= 1 else f"{value:.2g}"


def reference_text(nutrient: Nutrient, target: Target, vitamin_d_unit: str) -> str:
    """'RDA 320 mg, EAR 265 mg' or 'AI 2,600 mg' in the display unit."""
    unit = display_unit(nutrient, target, vitamin_d_unit)
    parts = [f"{target.target_kind} {amount_text(to_display(nutrient, target.target, vitamin_d_unit))} {unit}"]
    if target.ear is not None:
        parts.append(f"EAR {amount_text(to_display(nutrient, target.ear, vitamin_d_unit))} {unit}")
    return ", ".join(parts)


def format_period(start: dt.date, end: dt.date) -> str:
    """'24–30 Nov 2026', '27 Oct – 23 Nov 2026' or '29 Dec 2025 – 4 Jan 2026'."""
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


def day_label(day: dt.date) -> str:
    """'Mon\\n24 Nov' for a category axis of days."""
    return f"{day:%a}\n{day.day} {day:%b}"
