"""Logging twitch episodes: add, change, remove and put back, list a range; the quick "twitching now" entry.

Daily factors live in :mod:`nutrigap.services.factors` (re-exported here for convenience).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from nutrigap.domain.errors import NotFound
from nutrigap.domain.symptoms import SYMPTOMS, Location, Side
from nutrigap.domain.twitch_input import (
    FUTURE_SLACK,
    MAX_DURATION_S,
    episode_range,
    parse_datetime,
    parse_location,
    twitch_values,
)
from nutrigap.domain.twitch_input import check_duration as _duration
from nutrigap.domain.twitch_input import check_intensity as _intensity
from nutrigap.domain.twitch_input import check_side as _side
from nutrigap.domain.twitch_input import check_symptoms as _symptoms
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
from nutrigap.services.twitch_view import TwitchView
from nutrigap.services.unit import write
from nutrigap.store.models import TwitchRow

__all__ = [
    "FUTURE_SLACK", "MAX_DURATION_S", "FactorsView", "Preset", "TwitchView", "add_caffeine", "add_water",
    "caffeine_presets", "factors_between",
    "get_factors", "get_twitch", "list_twitches", "log_twitch", "log_twitch_now", "parse_clock", "parse_datetime",
    "parse_location", "presets", "remove_twitch", "restore_twitch", "set_factors", "update_twitch", "water_sizes",
]  # fmt: skip


# --- twitch episodes --------------------------------------------------------------------------------------
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
    values = twitch_values(
        occurred_at, location, intensity, side=side, duration_s=duration_s, note=note,
        location_other=location_other, symptoms=symptoms,
    )  # fmt: skip
    row = TwitchRow(
        occurred_at=values.occurred_at,
        location=values.location,
        location_other=values.location_other,
        side=values.side,
        intensity=values.intensity,
        duration_s=values.duration_s,
        note=values.note,
        **{name: name in values.symptoms for name in SYMPTOMS},
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
    first, until = episode_range(start, end)
    with ctx.uow() as uow:
        return [_view(r) for r in uow.twitches.between(first, until)]
