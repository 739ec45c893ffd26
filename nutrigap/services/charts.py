"""Charts of the diary: load a period's timeline and targets, and build the figure (the window shows it in a
``FigureCanvasQTAgg``; the command line saves it). Each chart reads the diary in one unit of work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from nutrigap.charts import calendar_heatmap_figure, save_figure, trend_figure, week_shortfall_figure
from nutrigap.charts.export import chart_format
from nutrigap.domain.diary import EARLIEST_DATE, LATEST_DATE, Profile, parse_date, week_bounds
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.labs import LabResult
from nutrigap.domain.nutrients import Nutrient
from nutrigap.engine.targets import targets_for
from nutrigap.services.context import AppContext
from nutrigap.services.profile import profile_in
from nutrigap.services.timeline import read_period
from nutrigap.store.output_file import check_output_path

#: Blood test results by the nutrient they measure (``services.labs.blood_by_nutrient_in``).
BloodResults = dict[Nutrient, list[LabResult]]
#: The longest period a trend chart draws (three years): beyond that a day is narrower than a pixel.
MAX_TREND_DAYS = 3 * 366
#: Days the 7-day rolling mean needs before the first day shown.
ROLLING_WINDOW = 7


def _read(ctx: AppContext, start: dt.date, end: dt.date) -> tuple[Profile, pd.DataFrame]:
    """The profile and the timeline of ``start``..``end``, in one transaction."""
    with ctx.uow() as uow:
        profile = profile_in(ctx, uow).profile
        period = read_period(uow, start, end)
    return profile, period.timeline()


def week_chart(ctx: AppContext, day: dt.date | str, *, theme: str = "light", today: dt.date | None = None) -> Figure:
    """The shortfall chart of the Monday-to-Sunday week holding ``day``; days after ``today`` (default: the
    real today) are drawn as still to come."""
    monday, sunday = week_bounds(parse_date(day))
    profile, timeline = _read(ctx, monday, sunday)
    return week_shortfall_figure(
        timeline,
        targets_for(profile, sunday),
        theme=theme,
        vitamin_d_unit=profile.vitamin_d_unit,
        today=today or dt.date.today(),
    )


def check_trend_period(start: dt.date | str, end: dt.date | str) -> tuple[dt.date, dt.date]:
    """Parse and check a trend period: ``start`` not after ``end``, at most MAX_TREND_DAYS long."""
    first, last = parse_date(start), parse_date(end)
    if first > last:
        raise InvalidInput(f"The period starts ({first}) after it ends ({last}).")
    if (last - first).days + 1 > MAX_TREND_DAYS:
        raise InvalidInput(f"A trend chart covers at most {MAX_TREND_DAYS} days; choose a shorter period.")
    return first, last


def trend_chart(
    ctx: AppContext,
    start: dt.date | str,
    end: dt.date | str,
    *,
    overlay_water_caffeine: bool = False,
    theme: str = "light",
    today: dt.date | None = None,
) -> Figure:
    """The trend chart from ``start`` to ``end``; the 6 days before ``start`` are loaded too so the first
    days' 7-day averages are real averages."""
    first, last = check_trend_period(start, end)
    profile, timeline, blood = _read_trend(ctx, first - dt.timedelta(days=ROLLING_WINDOW - 1), last)
    return trend_figure(
        timeline,
        targets_for(profile, last),
        overlay_water_caffeine=overlay_water_caffeine,
        theme=theme,
        vitamin_d_unit=profile.vitamin_d_unit,
        window=ROLLING_WINDOW,
        display_from=first,
        today=today or dt.date.today(),
        blood=blood,
    )


def _read_trend(ctx: AppContext, start: dt.date, end: dt.date) -> tuple[Profile, pd.DataFrame, BloodResults]:
    """:func:`_read` and the blood test results of the period by nutrient (issue #17), in one transaction."""
    from nutrigap.services.labs import blood_by_nutrient_in

    with ctx.uow() as uow:
        profile = profile_in(ctx, uow).profile
        period = read_period(uow, start, end)
        blood = blood_by_nutrient_in(uow, start, end)
    return profile, period.timeline(), blood


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise InvalidInput(f"There is no month {month}; use 1 to 12.")
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise InvalidInput(
            f"The year {year} is out of range ({EARLIEST_DATE.year} to {LATEST_DATE.year}); use YYYY-MM."
        )
    start = parse_date(dt.date(year, month, 1))
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' -> (2026, 11), with a clear message for anything else."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a month; use YYYY-MM, for example 2026-11.") from None
    month_bounds(year, month)
    return year, month


def calendar_chart(
    ctx: AppContext, year: int, month: int, *, theme: str = "light", today: dt.date | None = None
) -> Figure:
    """The calendar heat map of one month."""
    start, end = month_bounds(year, month)
    profile, timeline = _read(ctx, start, end)
    return calendar_heatmap_figure(
        timeline,
        targets_for(profile, end),
        theme=theme,
        title=f"Adequacy by day, {start:%B %Y}",
        today=today or dt.date.today(),
    )


def save_chart(fig: Figure, path: Path | str) -> Path:
    """Write a chart as PNG, SVG or PDF according to the suffix of ``path``."""
    return save_figure(fig, path)


def check_chart_path(path: Path | str) -> Path:
    """Refuse an output path with an unsupported suffix or a missing folder before any work is done."""
    target = Path(path).expanduser()
    chart_format(target)
    return check_output_path(target)
