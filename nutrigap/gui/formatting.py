"""How numbers, dates, nutrients and verdicts read in the window (no Qt here beyond colours and the locale).

Dates have one style everywhere in the window, from the locale (QLocale): its long date format with short names
('Tue, 24 Nov 2026' in English, 'Di., 24. Nov. 2026' in German), without the weekday or the year where they are
not needed. Counts of things use :func:`plural` ('1 food', '2 foods'), never 'food(s)'.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtGui import QColor

from nutrigap.domain.diary import DataType, FoodKind, Meal
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.units import display_unit, to_display
from nutrigap.domain.verdicts import Verdict
from nutrigap.domain.wording import portion_unit_text

APP_TITLE = "NutriGap"

MEAL_LABELS: dict[Meal, str] = {
    Meal.BREAKFAST: "Breakfast",
    Meal.LUNCH: "Lunch",
    Meal.DINNER: "Dinner",
    Meal.SNACKS: "Snacks",
    Meal.SUPPLEMENTS: "Supplements",
}

SHORT_LABELS: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: "Mg",
    Nutrient.CALCIUM: "Ca",
    Nutrient.POTASSIUM: "K",
    Nutrient.VITAMIN_D: "Vit D",
    Nutrient.VITAMIN_B12: "B12",
}

DATA_TYPE_LABELS: dict[str, str] = {
    DataType.FOUNDATION: "Foundation",
    DataType.SR_LEGACY: "SR Legacy",
    DataType.SURVEY: "Survey (FNDDS)",
    DataType.BRANDED: "Branded",
    FoodKind.CUSTOM: "My food",
    FoodKind.RECIPE: "My recipe",
    FoodKind.SUPPLEMENT: "Supplement",
}

#: Verdict colours chosen to stay readable on light and dark palettes; the verdict is always also written out,
#: so colour is never the only cue.
VERDICT_COLOURS: dict[Verdict, str] = {
    Verdict.LIKELY_ADEQUATE: "#2f9e55",
    Verdict.UNCERTAIN: "#d99a16",
    Verdict.LIKELY_INADEQUATE: "#d6453d",
    Verdict.CANNOT_BE_JUDGED: "#5b8fc7",
    Verdict.NO_DATA: "#8a8f98",
    Verdict.IN_PROGRESS: "#6f8fb0",  # a neutral blue-grey: progress, not a verdict
}


def verdict_colour(verdict: Verdict) -> QColor:
    return QColor(VERDICT_COLOURS[verdict])


def window_title(day: dt.date, *, demo: bool = False) -> str:
    """'NutriGap — Tue 24 Nov 2026' ('NutriGap Demo — …' on the demo diary)."""
    return f"{APP_TITLE}{' Demo' if demo else ''} — {short_date(day)}"


def _date_format(*, weekday: bool = True, year: bool = True, long_names: bool = False) -> str:
    """The locale's long date format, with short day and month names unless ``long_names``, and without the
    weekday or the year when they are not wanted."""
    fmt = QLocale().dateFormat(QLocale.FormatType.LongFormat)
    if not long_names:
        fmt = fmt.replace("dddd", "ddd").replace("MMMM", "MMM")
    if not weekday:
        fmt = re.sub(r"d{3,4}[,.]?\s*", "", fmt, count=1)
    if not year:
        fmt = re.sub(r"[,.\s/]*('[^']*'\s*)?y+\.?", "", fmt)
    return fmt.strip(" ,")


def date_edit_format() -> str:
    """The display format of the window's date fields: the same style as :func:`date_text`."""
    return _date_format()


def date_text(day: dt.date, *, weekday: bool = True, year: bool = True) -> str:
    """The window's one date style: 'Tue, 24 Nov 2026' (in the locale's order and names)."""
    return QLocale().toString(QDate(day.year, day.month, day.day), _date_format(weekday=weekday, year=year))


def short_date(day: dt.date) -> str:
    """'Tue, 24 Nov 2026' (see :func:`date_text`)."""
    return date_text(day)


def date_range_text(first: dt.date, last: dt.date, *, weekday: bool = False) -> str:
    """'23 Nov to 29 Nov 2026' (the year once when both days share it), 'Mon, 23 Nov to Sun, 29 Nov 2026'."""
    if first == last:
        return date_text(first, weekday=weekday)
    return f"{date_text(first, weekday=weekday, year=first.year != last.year)} to {date_text(last, weekday=weekday)}"


def month_text(day: dt.date) -> str:
    """'November 2026' (the month's name from the locale)."""
    return QLocale().toString(QDate(day.year, day.month, 1), "MMMM yyyy")


def time_text(when: dt.time | dt.datetime) -> str:
    """'09:30' or '9:30 AM', as the locale writes a time."""
    return QLocale().toString(QTime(when.hour, when.minute), QLocale.FormatType.ShortFormat)


def datetime_text(when: dt.datetime, *, weekday: bool = True, year: bool = True) -> str:
    """'Tue, 24 Nov 2026 09:30'."""
    return f"{date_text(when.date(), weekday=weekday, year=year)} {time_text(when)}"


def long_date(day: dt.date, today: dt.date | None = None) -> str:
    """'Today, Tuesday, 24 November 2026' (or Yesterday/Tomorrow) for the date navigation."""
    today = today or dt.date.today()
    text = QLocale().toString(QDate(day.year, day.month, day.day), _date_format(long_names=True))
    relative = {0: "Today", -1: "Yesterday", 1: "Tomorrow"}.get((day - today).days)
    return f"{relative}, {text}" if relative else text


def number(value: float | None, unknown: str = "–") -> str:
    """A nutrient amount with as many digits as it deserves: 1,234 · 56.7 · 2.4 · 0.35."""
    if value is None or math.isnan(value):
        return unknown
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    if magnitude >= 1:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if magnitude == 0:
        return "0"
    return f"{value:.2g}"


def amount_with_unit(nutrient: Nutrient, amount: float | None, vitamin_d_unit: str) -> str:
    if amount is None:
        return "unknown"
    shown = to_display(nutrient, amount, vitamin_d_unit)
    return f"{number(shown)} {display_unit(nutrient, vitamin_d_unit)}"


def quantity_text(quantity: float, unit: str, grams: float | None) -> str:
    """'150 g', '1 cup (30 g)' or '2 cups (60 g)'; '1 cup' when the weight is not known (``grams`` None)."""
    qty = f"{quantity:g}"
    if unit == "g":
        return f"{qty} g"
    text = f"{qty} {portion_unit_text(unit, quantity)}"
    return text if grams is None else f"{text} ({number(grams)} g)"


def food_type_label(data_type: str, brand: str | None = None) -> str:
    label = DATA_TYPE_LABELS.get(data_type, data_type.replace("_", " "))
    return f"{label} · {brand}" if brand else label


def nutrient_order() -> tuple[Nutrient, ...]:
    return TRACKED
