"""Shared pieces of every chart: figure creation, theme styling, titles, legends, dates and reference labels.

What a chart shows per day (logged days, % of target, flags, rolling means) comes from
:mod:`nutrigap.engine.daily`; the charts only draw it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import numpy as np
from matplotlib import dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Rectangle
from matplotlib.path import Path

from nutrigap.charts.export import ChartCanvas
from nutrigap.charts.layout import (
    LINE_SPACING,
    PT,
    FlowText,
    Header,
    inches_from,
    text_height,
    text_width,
    tick_label_width,
)
from nutrigap.charts.raster_cache import CachedLegend
from nutrigap.charts.theme import Theme
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.units import display_unit, to_display

SHORT_LABELS: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: "Magnesium",
    Nutrient.CALCIUM: "Calcium",
    Nutrient.POTASSIUM: "Potassium",
    Nutrient.VITAMIN_D: "Vitamin D",
    Nutrient.VITAMIN_B12: "Vitamin B12",
}


#: space [in] between the figure's edge and the outermost text (title, caption, legend)
EDGE_PAD = 0.12
#: space [in] between the title and the subtitle
HEADER_GAP = 0.04
#: space [in] between the legend's column and what is left of it
LEGEND_GAP = 0.2


def new_figure(theme: Theme, width_in: float, height_in: float) -> Figure:
    """A figure in the theme's colours, without a layout engine: each chart places its axes with
    :class:`nutrigap.charts.layout.Panels` (margins in inches, so nothing overlaps at any size the window
    gives the figure, and ``savefig`` draws it once). It starts on a :class:`ChartCanvas` (leaner PNGs)."""
    fig = Figure(figsize=(width_in, height_in), facecolor=theme.background)
    ChartCanvas(fig)
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


def set_titles(fig: Figure, theme: Theme, title: str, subtitle: str | None = None, *, beside: float = 0.0) -> Header:
    """A bold title in the figure's top-left corner and an optional muted subtitle under it. The title takes
    the whole width when it fits on one line there (a legend in the top-right corner starts under it, at
    :func:`legend_top`), else it wraps left of ``beside`` [in], the legend's column; the subtitle always
    wraps left of it.

    The figure's own ``suptitle`` holds the same title, hidden, for code that asks the figure for its title
    (``get_suptitle``; the window's accessible name): the drawn one re-flows when the window resizes it.
    """
    fig.suptitle(title, visible=False)

    def width(fig_width: float) -> float:
        return fig_width - 2 * EDGE_PAD - (beside + LEGEND_GAP if beside else 0.0)

    one_line = text_width(title, theme.fonts.title, weight="bold")

    def title_width(fig_width: float) -> float:
        full = fig_width - 2 * EDGE_PAD
        return full if one_line <= full else width(fig_width)

    drawn = FlowText(
        fig,
        title,
        size=theme.fonts.title,
        weight="bold",
        width=title_width,
        offset=lambda _w: (EDGE_PAD, EDGE_PAD),
        cache=False,  # a new title for every week or month: nothing to reuse
        color=theme.foreground,
    )
    fig.add_artist(drawn)
    sub = None
    if subtitle:
        sub = FlowText(
            fig,
            subtitle,
            size=theme.fonts.subtitle,
            width=width,
            offset=lambda w: (EDGE_PAD, EDGE_PAD + drawn.height_in(w) + HEADER_GAP),
            color=theme.muted,
        )
        fig.add_artist(sub)
    return Header(fig, drawn, sub, EDGE_PAD, HEADER_GAP)


def legend_top(theme: Theme) -> float:
    """Distance [in] from the top edge of a legend in the top-right corner: under the first line of the title."""
    return EDGE_PAD + text_height("T", theme.fonts.title) + HEADER_GAP + 0.04


def set_caption(fig: Figure, theme: Theme, text: str) -> FlowText:
    """A small explanatory caption along the bottom edge, wrapped to the figure's width whenever it is drawn
    (pass it to :class:`Panels` so the plots keep clear of it)."""
    caption = FlowText(
        fig,
        text,
        size=theme.fonts.caption,
        width=lambda w: w - 2 * EDGE_PAD,
        offset=lambda _w: (EDGE_PAD, EDGE_PAD),
        edge="bottom",
        linespacing=1.35,
        color=theme.muted,
    )
    fig.add_artist(caption)
    return caption


def figure_legend(
    fig: Figure,
    theme: Theme,
    handles: Sequence[Artist],
    *,
    top_in: float,
    cache_key: str,
    title: str | None = None,
    ncols: int = 1,
) -> Legend:
    """A legend in the figure's top-right corner, ``top_in`` inches below the top edge. ``cache_key`` names
    the chart whose handles these are (with the theme, it decides whether drawn pixels can be reused)."""
    (x, y), transform = inches_from(fig, 1.0, 1.0, -EDGE_PAD, -top_in)
    legend = CachedLegend(
        fig,
        handles,
        legend_labels(handles),
        cache_key=(cache_key, theme.name),
        loc="upper right",
        bbox_to_anchor=(x, y),
        bbox_transform=transform,
        borderaxespad=0.0,
        fontsize=theme.fonts.legend,
        title=title,
        title_fontsize=theme.fonts.legend,
        ncols=ncols,
        frameon=True,
    )
    fig.legends.append(legend)
    style_legend(legend, theme)
    return legend


def legend_labels(handles: Sequence[Artist]) -> list[str]:
    return [str(h.get_label()) for h in handles]


def y_axis_width(ax: Axes, theme: Theme, *, label_lines: int | None = None) -> float:
    """Room [in] the y tick labels and the axis label of ``ax`` take beside the plot (on whichever side)."""
    label = ax.yaxis.label.get_text()
    lines = label.count("\n") + 1 if label else 0
    if label_lines is not None:
        lines = label_lines
    tick_room = tick_label_width(ax, theme.fonts.tick) + (3.5 + 3.5) * PT  # tick length and pad
    label_room = lines * theme.fonts.axis_label * LINE_SPACING * PT + 4.0 * PT if lines else 0.0  # labelpad 4
    return tick_room + label_room


def empty_note(ax: Axes, theme: Theme, text: str) -> None:
    """Say in the middle of a panel that it has nothing to show (an empty panel must not look like zero)."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=theme.muted,
        fontsize=theme.fonts.annotation + 1,
    )


def add_bars(
    ax: Axes, centres: Sequence[float] | np.ndarray, heights: Sequence[float] | np.ndarray, width: float, **style: Any
) -> list[Rectangle]:
    """Bars from 0 to ``heights`` centred on ``centres``, one ``Rectangle`` each, added as plain artists:
    ``Axes.bar`` also recomputes the data limits after every bar, which the charts (setting their limits
    themselves) do not need and which cost more than drawing them."""
    style.setdefault("edgecolor", "none")  # as Axes.bar: a bar's colour is its fill; no outline unless asked
    style.setdefault("linewidth", 0.0)
    if "color" in style:
        style["facecolor"] = style.pop("color")
    bars = []
    for centre, height in zip(centres, heights, strict=True):
        bar = Rectangle((float(centre) - width / 2, 0.0), width, float(height), **style)
        ax.add_artist(bar)
        bars.append(bar)
    return bars


def bar_outlines(x: np.ndarray, heights: np.ndarray, width_days: float) -> list[np.ndarray]:
    """Corner points of a bar per day whose height is above 0 (x as datetime64[D], centred on the day)."""
    centres = mdates.date2num(x)  # type: ignore[no-untyped-call]
    half = width_days / 2
    return [
        np.array([[c - half, 0.0], [c + half, 0.0], [c + half, h], [c - half, h]])
        for c, h in zip(centres, heights, strict=True)
        if h > 0
    ]


@functools.cache
def question_mark() -> Path:
    """The legends' "?" marker (possibly missing data): the outline of DejaVu Sans's "?", centred and scaled to
    a unit box as matplotlib does a ``"$?$"`` marker. That looks the same but starts matplotlib's mathtext
    parser and its fonts (about 0.2 s on the first chart of a session) and parses the string for every chart."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    glyph = TextPath((0, 0), "?", prop=FontProperties(family="DejaVu Sans"))
    box = glyph.get_extents()
    size = max(box.width, box.height)
    centre = np.array([box.x0 + box.width / 2, box.y0 + box.height / 2])
    # a Path marker is scaled by 0.5 / its largest coordinate: already 0.5 here, so it is drawn as it is
    return Path((glyph.vertices - centre) / size, glyph.codes, readonly=True)


# --- dates and runs of days ----------------------------------------------------------------------------


def as_datetime64(days: Sequence[dt.date]) -> np.ndarray:
    """Dates as numpy datetime64[D] (what matplotlib's date axis plots without extra converters)."""
    return np.array([np.datetime64(d.isoformat(), "D") for d in days], dtype="datetime64[D]")


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


def amount_text(value: float) -> str:
    """A reference amount as people write it: 320, 2,600, 2.4, 0.5."""
    if value >= 100 or math.isclose(value, round(value)):
        return f"{value:,.0f}"
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value >= 1 else f"{value:.2g}"


def reference_text(nutrient: Nutrient, target: Target, vitamin_d_unit: str) -> str:
    """'RDA 320 mg, EAR 265 mg' or 'AI 2,600 mg' in the display unit."""
    unit = display_unit(nutrient, vitamin_d_unit)
    parts = [f"{target.target_kind} {amount_text(to_display(nutrient, target.target, vitamin_d_unit))} {unit}"]
    if target.ear is not None:
        parts.append(f"EAR {amount_text(to_display(nutrient, target.ear, vitamin_d_unit))} {unit}")
    return ", ".join(parts)


def day_label(day: dt.date) -> str:
    """'Mon\\n24 Nov' for a category axis of days."""
    return f"{day:%a}\n{day.day} {day:%b}"
