"""A twitch episode as typed: every check the window, the command line and the quick write share (issue #16).

:func:`twitch_values` checks everything before anything is written, in the order ``log_twitch`` always did, so
each bad input gets the same one message whichever path writes the episode.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from nutrigap.domain.diary import EARLIEST_DATE, clean_note
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.symptoms import SYMPTOMS, Location, Side
from nutrigap.domain.units import parse_decimal

#: A twitch lasting longer than a day is a typing error, not an episode [s].
MAX_DURATION_S = 24 * 3600
#: Clocks drift and people log "now" a little ahead; beyond this a time in the future is refused.
FUTURE_SLACK = dt.timedelta(minutes=10)


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


def check_side(value: str | Side | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return Side(str(value).strip().lower()).value
    except ValueError:
        raise InvalidInput(f"Unknown side '{value}'; use left, right or both.") from None


def check_intensity(value: int | str) -> int:
    try:
        number = parse_decimal(value if isinstance(value, float | int) else str(value))
    except ValueError:
        raise InvalidInput(f"The intensity '{value}' is not a number; use a whole number from 1 to 10.") from None
    if not number.is_integer() or not 1 <= number <= 10:
        raise InvalidInput(f"The intensity must be a whole number from 1 (barely noticeable) to 10 (got {value}).")
    return int(number)


def check_duration(value: int | float | str | None) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = parse_decimal(value if isinstance(value, float | int) else str(value))
    except ValueError:
        raise InvalidInput(f"The duration '{value}' is not a number of seconds.") from None
    if math.isnan(number) or number < 0 or number > MAX_DURATION_S:
        raise InvalidInput(f"The duration must be between 0 and {MAX_DURATION_S} seconds (got {value}).")
    return round(number)


def check_symptoms(symptoms: Iterable[str]) -> set[str]:
    chosen = {s.strip().lower().replace(" ", "_").replace("-", "_") for s in symptoms if s.strip()}
    unknown = chosen - set(SYMPTOMS)
    if unknown:
        raise InvalidInput(f"Unknown symptom {', '.join(sorted(unknown))}; use: {', '.join(SYMPTOMS)}.")
    return chosen


@dataclass(frozen=True, slots=True)
class TwitchValues:
    """The checked columns of a new ``twitch_episode`` row; ``symptoms`` holds the ticked keys of SYMPTOMS."""

    occurred_at: dt.datetime
    location: str
    location_other: str | None
    side: str | None
    intensity: int
    duration_s: int | None
    note: str | None
    symptoms: frozenset[str]


def twitch_values(
    occurred_at: dt.datetime | str,
    location: Location | str,
    intensity: int | str,
    *,
    side: Side | str | None = None,
    duration_s: int | float | str | None = None,
    note: str | None = None,
    location_other: str | None = None,
    symptoms: Iterable[str] = (),
) -> TwitchValues:
    """A new episode's values, checked; InvalidInput with one message for the first bad one."""
    when = parse_datetime(occurred_at)
    place, other = parse_location(location, location_other)
    ticked = check_symptoms(symptoms)
    return TwitchValues(
        occurred_at=when,
        location=place.value,
        location_other=other,
        side=check_side(side),
        intensity=check_intensity(intensity),
        duration_s=check_duration(duration_s),
        note=clean_note(note),
        symptoms=frozenset(ticked),
    )


def episode_range(start: dt.date | str | None, end: dt.date | str | None) -> tuple[dt.datetime, dt.datetime]:
    """The moments ``list_twitches`` reads between (from ``start`` 00:00, up to but not including the day after
    ``end``; either open), checked: InvalidInput for a bad date or a range that ends before it starts."""
    from nutrigap.domain.diary import parse_date

    first = EARLIEST_DATE if start is None else parse_date(start)
    last = dt.date(9998, 12, 31) if end is None else parse_date(end)
    if last < first:
        raise InvalidInput(f"The range ends ({last}) before it starts ({first}).")
    return dt.datetime.combine(first, dt.time()), dt.datetime.combine(last + dt.timedelta(days=1), dt.time())
