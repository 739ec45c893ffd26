"""How numbers, dates, nutrients and verdicts read in the window (no Qt here beyond colours)."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtGui import QColor

from nutrigap.domain.diary import Meal
from nutrigap.domain.nutrients import IU_PER_UG_VITAMIN_D, TRACKED, Nutrient
from nutrigap.engine.assessment import Verdict

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

DATA_TYPE_LABELS = {
    "foundation_food": "Foundation",
    "sr_legacy_food": "SR Legacy",
    "survey_fndds_food": "Survey (FNDDS)",
    "branded_food": "Branded",
    "custom": "My food",
    "recipe": "My recipe",
    "supplement": "Supplement",
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


def window_title(day: dt.date) -> str:
    """'NutriGap — Tue 24 Nov 2026'."""
    return f"{APP_TITLE} — {short_date(day)}"


def short_date(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_date(day: dt.date, today: dt.date | None = None) -> str:
    """'Today, Tuesday 24 November 2026' (or Yesterday/Tomorrow) for the date navigation."""
    today = today or dt.date.today()
    text = f"{day:%A} {day.day} {day:%B %Y}"
    relative = {0: "Today", -1: "Yesterday", 1: "Tomorrow"}.get((day - today).days)
    return f"{relative}, {text}" if relative else text


def display_unit(nutrient: Nutrient, vitamin_d_unit: str) -> str:
    if nutrient is Nutrient.VITAMIN_D and vitamin_d_unit == "IU":
        return "IU"
    return nutrient.unit


def to_display(nutrient: Nutrient, amount: float, vitamin_d_unit: str) -> float:
    """An amount in the nutrient's stored unit (mg or µg) in the unit the user reads (µg or IU for vitamin D)."""
    if nutrient is Nutrient.VITAMIN_D and vitamin_d_unit == "IU":
        return amount * IU_PER_UG_VITAMIN_D
    return amount


def from_display(nutrient: Nutrient, amount: float, vitamin_d_unit: str) -> float:
    """The inverse of :func:`to_display`: what the user typed, in the stored unit."""
    if nutrient is Nutrient.VITAMIN_D and vitamin_d_unit == "IU":
        return amount / IU_PER_UG_VITAMIN_D
    return amount


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


def quantity_text(quantity: float, unit: str, grams: float) -> str:
    """'150 g' or '2 cup (60 g)'."""
    qty = f"{quantity:g}"
    if unit == "g":
        return f"{qty} g"
    return f"{qty} {unit} ({number(grams)} g)"


def percent_text(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.0f}%"


def food_type_label(data_type: str, brand: str | None = None) -> str:
    label = DATA_TYPE_LABELS.get(data_type, data_type.replace("_", " "))
    return f"{label} · {brand}" if brand else label


def nutrient_order() -> tuple[Nutrient, ...]:
    return TRACKED
