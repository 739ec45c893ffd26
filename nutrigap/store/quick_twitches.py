"""Twitch episodes read and removed with the standard library's ``sqlite3`` alone, for ``nutrigap twitch list``
and ``twitch rm``.

The SQL repeats ``TwitchRepository.between`` over the columns of ``TwitchRow`` (moments compared and read as
the ISO text SQLAlchemy stores on SQLite, the symptom flags as 0/1); ``tests/integration/test_quick_twitches.py``
compares the command's output both ways.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import NamedTuple

from nutrigap.domain.symptoms import SYMPTOMS
from nutrigap.store.quick_entry import moment_text


class EpisodeLine(NamedTuple):
    """A stored episode's columns (``TwitchRow``) that its view shows."""

    id: int
    occurred_at: dt.datetime
    location: str
    location_other: str | None
    side: str | None
    intensity: int
    duration_s: int | None
    note: str | None
    #: the ticked symptoms, in ``SYMPTOMS``' order
    symptoms: tuple[str, ...]


_SELECT = f"""SELECT id, occurred_at, location, location_other, side, intensity, duration_s, note,
                     {", ".join(SYMPTOMS)} FROM twitch_episode"""


def episodes_between(con: sqlite3.Connection, start: dt.datetime, end: dt.datetime) -> list[EpisodeLine]:
    """The episodes from ``start`` up to (not including) ``end``, by moment then id."""
    rows = con.execute(
        f"{_SELECT} WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, id",
        (moment_text(start), moment_text(end)),
    ).fetchall()
    return [_line(r) for r in rows]


def episode(con: sqlite3.Connection, episode_id: int) -> EpisodeLine | None:
    """One episode (``TwitchRepository.get``), None when there is none with this id."""
    row = con.execute(f"{_SELECT} WHERE id = ?", (episode_id,)).fetchone()
    return None if row is None else _line(row)


def delete_episode(con: sqlite3.Connection, episode_id: int) -> None:
    """Delete an episode (``TwitchRepository.delete``: no other row refers to an episode)."""
    con.execute("DELETE FROM twitch_episode WHERE id = ?", (episode_id,))


def _line(r: tuple[object, ...]) -> EpisodeLine:
    def text(v: object) -> str | None:
        return None if v is None else str(v)

    return EpisodeLine(
        int(str(r[0])), dt.datetime.fromisoformat(str(r[1])), str(r[2]), text(r[3]), text(r[4]), int(str(r[5])),
        None if r[6] is None else int(str(r[6])), text(r[7]),
        tuple(s for s, ticked in zip(SYMPTOMS, r[8:], strict=True) if ticked),
    )  # fmt: skip
