"""Logging twitch episodes: add, change, remove and put back, list a range; the quick "twitching now" entry.

Daily factors live in :mod:`nutrigap.services.factors` (re-exported here for convenience).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from nutrigap.domain.diary import EARLIEST_DATE, parse_date
from nutrigap.domain.errors import InvalidInput, NotFound, shown
from nutrigap.domain.symptoms import SYMPTOMS, Location, Side
from nutrigap.domain.units import parse_decimal
from nutrigap.services.context import AppContext
from nutrigap.services.factors import (  # re-exported: the daily factors API
    _KEEP,
    FactorsView,
    _note,
    add_caffeine,
    add_water,
    factors_between,
    get_factors,
    parse_clock,
    set_factors,
)
from nutrigap.services.presets import Preset, caffeine_presets, presets, water_sizes
from nutrigap.services.unit import write
from nutrigap.store.models import TwitchRow

#: A twitch lasting longer than a day is a typing error, not an episode [s].
MAX_DURATION_S = 24 * 3600
#: Clocks drift and people log "now" a little ahead; beyond this a time in the future is refused.
FUTURE_SLACK = dt.timedelta(minutes=10)

__all__ = [
    "FactorsView", "Preset", "TwitchView", "add_caffeine", "add_water", "caffeine_presets", "factors_between",
    "get_factors", "get_twitch", "list_twitches", "log_twitch", "log_twitch_now", "parse_clock", "parse_datetime",
    "parse_location", "presets", "remove_twitch", "restore_twitch", "set_factors", "update_twitch", "water_sizes",
]  # fmt: skip


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
            if value.tzinfo is not None:
                # refused, not dropped: 10:00+14:00 is not 10:00 here, and the diary keeps local wall-clock times
                raise InvalidInput(
                    f"'{shown(text)}' has a time zone ({value:%z}); the diary keeps local times, so give the "
                    f"time as the clock showed it where you were, without a zone, for example '{value:%Y-%m-%d %H:%M}'."
                )
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
        number = parse_decimal(value if isinstance(value, float | int) else str(value))
    except ValueError:
        raise InvalidInput(f"The intensity '{value}' is not a number; use a whole number from 1 to 10.") from None
    if not number.is_integer() or not 1 <= number <= 10:
        raise InvalidInput(f"The intensity must be a whole number from 1 (barely noticeable) to 10 (got {value}).")
    return int(number)


def _duration(value: int | float | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = parse_decimal(value if isinstance(value, float | int) else str(value))
    except ValueError:
        raise InvalidInput(f"The duration '{value}' is not a number of seconds.") from None
    if math.isnan(number) or number < 0 or number > MAX_DURATION_S:
        raise InvalidInput(f"The duration must be between 0 and {MAX_DURATION_S} seconds (got {value}).")
    return round(number)


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
    with write(ctx) as uow:
        view = _view(uow.twitches.add(row))
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
    with write(ctx) as uow:
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
    return view


def remove_twitch(ctx: AppContext, episode_id: int) -> TwitchView:
    """Delete an episode; the returned view restores it (undo) with :func:`restore_twitch`."""
    with write(ctx) as uow:
        row = uow.twitches.get(episode_id)
        if row is None:
            raise NotFound(f"No twitch episode with id {episode_id}.")
        view = _view(row)
        uow.twitches.delete(row)
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
    with write(ctx) as uow:
        restored = _view(uow.twitches.add(row))
    return restored


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
