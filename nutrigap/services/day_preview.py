"""The shown day and the profile for the window's first paint, read without SQLAlchemy.

:func:`day_preview` answers exactly what :func:`nutrigap.services.diary.entries_for_day` and
:func:`nutrigap.services.profile.get_profile` would (the same :class:`EntryView` built by the same
:func:`make_entry_view`), or None when it cannot: a diary on a database server, one that does not exist yet or
needs a schema upgrade, a damaged or foreign file. The window then opens the diary the full way first.
This module must not import SQLAlchemy, pandas or the diary models (``tests/gui/test_startup.py`` checks it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nutrigap.domain.diary import DEFAULT_PROFILE, LifeStage, Profile, Sex
from nutrigap.paths import DataPaths
from nutrigap.services.views import EntryView, ProfileView, entry_sort_key, make_entry_view
from nutrigap.store.day_preview import read_day


@dataclass(frozen=True, slots=True)
class DayPreview:
    day: dt.date
    entries: list[EntryView]
    profile: ProfileView


def day_preview(paths: DataPaths, day: dt.date) -> DayPreview | None:
    """The entries of ``day`` in meal order and the profile, or None when only the full open can tell."""
    if not paths.uses_default_diary:
        return None
    records = read_day(paths.diary_file, day)
    if records is None:
        return None
    try:
        profile = (
            ProfileView(DEFAULT_PROFILE, True)
            if records.profile is None
            else ProfileView(
                Profile(
                    sex=Sex(records.profile.sex),
                    birth_date=records.profile.birth_date,
                    life_stage=LifeStage(records.profile.life_stage),
                    vitamin_d_unit=records.profile.vitamin_d_unit,
                ),
                False,
            )
        )
    except ValueError:  # a value the models would refuse too: let the full open explain it
        return None
    entries = [
        make_entry_view(
            id=r.id,
            day=r.day,
            meal=r.meal,
            position=r.position,
            food_ref=r.food_ref,
            food_name=r.food_name,
            data_type=r.data_type,
            quantity=r.quantity,
            unit=r.unit,
            amount_g=r.amount_g,
            note=r.note,
            per100=records.per100.get(r.food_row, {}),
        )
        for r in records.entries
    ]
    return DayPreview(day=day, entries=sorted(entries, key=entry_sort_key), profile=profile)
