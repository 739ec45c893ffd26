"""Blood test results on the trend chart (issue #17): on a nutrient's panel, that nutrient's results as markers
on a second y-axis (labelled with their unit) on the same date axis, each labelled with its value, and the
range they are compared with shaded. The charts only draw: the results arrive as plain domain data, their
canonical values and ranges already worked out (``nutrigap.domain.labs``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nutrigap.charts.common import as_datetime64, style_twin
from nutrigap.charts.layout import Panels
from nutrigap.charts.theme import Theme
from nutrigap.domain.labs import LabResult, default_range, is_other, to_canonical

GID_BLOOD = "blood-"  # + nutrient value: the markers
GID_BLOOD_RANGE = "blood-range-"  # + nutrient value: the shaded range
MARKER = "P"
RANGE_ALPHA = 0.08
#: the range's ends are dotted lines, so the shaded band reads apart from the grey "not logged" days
RANGE_EDGE = (0, (1, 2))


def result_range(r: LabResult) -> tuple[float | None, float | None]:
    """The range ``r`` is compared with [its canonical unit]: the lab's when given, else the default."""
    if r.range_low is not None or r.range_high is not None:
        unit = r.range_unit or r.unit
        low = None if r.range_low is None else to_canonical(r.analyte, r.range_low, unit)
        high = None if r.range_high is None else to_canonical(r.analyte, r.range_high, unit)
        return low, high
    band = None if is_other(r.analyte) else default_range(r.analyte)
    return (None, None) if band is None else (band.low, band.high)


def blood_axis(
    panels: Panels,
    ax: Axes,
    th: Theme,
    key: str,
    results: Sequence[LabResult],
    first: dt.date,
    last: dt.date,
) -> Axes | None:
    """Draw the results dated ``first``..``last`` on a right-hand twin of ``ax``; None (nothing drawn) if none.

    The latest result's range is shaded across the panel (ranges differ between labs; the newest is the one a
    reader compares with)."""
    shown = sorted((r for r in results if first <= r.day <= last), key=lambda r: (r.day, r.id))
    if not shown:
        return None
    twin = panels.twin(ax)
    style_twin(twin, th)
    units = sorted({r.canonical_unit for r in shown})
    values = np.array([r.canonical_value for r in shown], dtype=float)
    low, high = result_range(shown[-1])
    top = max([float(values.max()), *(v for v in (low, high) if v is not None)]) * 1.3
    if low is not None or high is not None:
        twin.axhspan(
            low or 0.0, high if high is not None else top, color=th.foreground, alpha=RANGE_ALPHA, linewidth=0,
            zorder=0, gid=f"{GID_BLOOD_RANGE}{key}",
        )  # fmt: skip
        for end in (low, high):
            if end is not None:
                twin.axhline(end, color=th.foreground, linewidth=0.9, linestyle=RANGE_EDGE, zorder=1)
    x = as_datetime64([r.day for r in shown])
    late = first + (last - first) * 0.85  # a label near the right edge goes left of its marker
    twin.plot(
        x, values, linestyle="none", marker=MARKER, markersize=8, color=th.foreground,
        markeredgecolor=th.axes_background, markeredgewidth=0.8, zorder=6, gid=f"{GID_BLOOD}{key}",
    )  # fmt: skip
    for when, r in zip(x, shown, strict=True):
        left = r.day > late
        twin.annotate(
            f"{r.canonical_value:.3g}", (when, r.canonical_value), xytext=(-7 if left else 7, 3),
            textcoords="offset points", ha="right" if left else "left", fontsize=th.fonts.tick,
            color=th.foreground, zorder=6,
        )  # fmt: skip
    twin.set_ylim(0, top)
    twin.yaxis.set_major_locator(MaxNLocator(nbins=3, min_n_ticks=2))
    twin.set_ylabel(f"blood, {' / '.join(units)}")
    return twin


def blood_legend(th: Theme) -> list[Patch | Line2D]:
    """The legend entries of the blood results (added only when a panel shows some)."""
    return [
        Line2D(
            [], [], linestyle="none", marker=MARKER, markersize=7, color=th.foreground, label="Blood test (right axis)"
        ),
        Patch(
            facecolor=(*to_rgb(th.foreground), RANGE_ALPHA),
            edgecolor=th.foreground,
            linestyle=":",
            label="Its reference range",
        ),
    ]
