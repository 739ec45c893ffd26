"""A twitch episode as the window and the command line show it (without the models: the quick write uses it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nutrigap.domain.symptoms import Location, Side


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
