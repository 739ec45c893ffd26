"""The shown day, the profile and the nutrient panel for the window's first frame, read without SQLAlchemy.

:func:`day_preview` answers what :func:`nutrigap.services.diary.entries_for_day`,
:func:`nutrigap.services.profile.get_profile` and :func:`nutrigap.services.day_panel.day_panel` would (the same
:class:`EntryView` from :func:`make_entry_view`, the same profile mapping, the same panel from
:func:`build_day_panel`), or None when it cannot: a diary on a database server, one that does not exist yet or
needs a schema upgrade, a damaged or foreign file. The window then opens the diary the full way first.
This module must not import SQLAlchemy, pandas or the diary models (``tests/gui/test_app.py`` checks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from nutrigap.domain.diary import FoodKind, default_complete, weight_unknown
from nutrigap.domain.nutrients import Nutrient
from nutrigap.engine.day_totals import EntryAmount
from nutrigap.paths import DataPaths
from nutrigap.services.day_panel import DayPanel, build_day_panel
from nutrigap.services.views import EntryView, ProfileView, entry_sort_key, make_entry_view, profile_view_of
from nutrigap.store.clean_check import RECORD_FILE, record_clean_check
from nutrigap.store.day_preview import DayRecords, EntryRecord, read_day
from nutrigap.store.sqlite_file import sqlite_file_of


def _diary_file(paths: DataPaths) -> Path | None:
    return paths.diary_file if paths.uses_default_diary else sqlite_file_of(paths.diary_url)


def remember_clean_diary(paths: DataPaths) -> bool:
    """Once the diary is closed: check it and record its bytes, so that the next start's first frame need not
    check it again while it is unchanged (:mod:`nutrigap.store.clean_check`). Returns whether it was recorded
    (not for a diary on a server, a damaged one, or one another program has open with changes)."""
    file = _diary_file(paths)
    return file is not None and record_clean_check(file, paths.home / RECORD_FILE)


@dataclass(frozen=True, slots=True)
class DayPreview:
    day: dt.date
    entries: list[EntryView]
    profile: ProfileView
    panel: DayPanel


def day_preview(paths: DataPaths, day: dt.date, today: dt.date | None = None) -> DayPreview | None:
    """The entries of ``day`` in meal order, the profile and the nutrient panel, or None when only the full
    open can tell. The default diary and a ``NUTRIGAP_DB_URL=sqlite:///…`` file are read alike."""
    file = _diary_file(paths)
    if file is None:
        return None
    records = read_day(file, day, paths.home / RECORD_FILE)
    if records is None:
        return None
    try:
        profile = profile_view_of(records.profile)
    except ValueError:  # a value the models would refuse too: let the full open explain it
        return None
    panel = panel_of(records, day, today)
    if panel is None:
        return None
    return DayPreview(day=day, entries=entry_views_of(records), profile=profile, panel=panel)


def entry_views_of(records: DayRecords) -> list[EntryView]:
    """The day's entries as :func:`nutrigap.services.diary.entries_for_day` gives them, in meal order (also
    ``nutrigap log show``'s, :mod:`nutrigap.services.quick_report`)."""
    entries = [entry_view_of(r, records.per100.get(r.food_row, {})) for r in records.entries]
    return sorted(entries, key=entry_sort_key)


def entry_view_of(r: EntryRecord, per100: Mapping[int, float]) -> EntryView:
    """One entry as :func:`nutrigap.services.diary.entry_view` gives it, from its record and its food's values
    per 100 g (also ``nutrigap log rm`` and ``log edit``'s, :mod:`nutrigap.services.quick_entries`)."""
    return make_entry_view(
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
        per100=per100,
        weight_known=not weight_unknown(r.nominal_weight, r.serving_label, r.serving_grams),
    )


def panel_of(records: DayRecords, day: dt.date, today: dt.date | None = None) -> DayPanel | None:
    """The nutrient panel of ``day`` from its records (also ``nutrigap report day``'s numbers,
    :mod:`nutrigap.services.quick_report`), or None for a value the models would refuse too."""
    try:
        profile = profile_view_of(records.profile)
        personal = {Nutrient(name): value for name, value in records.personal.items()}
    except ValueError:
        return None
    complete = default_complete(day, today or dt.date.today()) if records.complete is None else records.complete
    amounts = [
        EntryAmount(r.amount_g, r.kind == FoodKind.SUPPLEMENT, records.per100.get(r.food_row, {}))
        for r in records.entries
    ]
    return build_day_panel(day, profile, personal, complete, amounts)
