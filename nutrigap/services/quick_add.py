"""``nutrigap log add`` and ``twitch add`` without SQLAlchemy, for the plain SQLite diary.

Issue #16 asks for ``log add`` in at most 0.35 s, whole process, on a quiet two-core machine; through the ORM it
took 0.44 s, most of it importing SQLAlchemy (0.25 s for its Core alone, so a leaner ORM path could not get
there) and mapping the models. Through this module it takes about as long as ``food search``: 0.15 s against
0.61 s through the models, ``twitch add`` 0.17 s against 0.71 s (medians of 7 alternating whole processes on a
shared two-core machine, README "Performance"). It stays only for that measured benefit (issue #15's rule).

It does what the full path does, with the same shared parts: the same parsing and limits (``parse_date``,
``Meal.parse``, ``grams_for`` and ``portion_options``, ``clean_note``), the same start-up steps where they
apply (the data folder made private, a killed restore's leftovers removed, the file checked with
``quick_check`` and at the newest schema revision, the diary file private), the same rows and values
(:mod:`nutrigap.store.quick_entry`) and the same entry view. Whenever the full start-up would do more than
look, it answers None before writing anything and the caller logs the full way: a diary named by
``NUTRIGAP_DB_URL``, no diary yet, a damaged file or another revision (refused or upgraded there), a diary
without its id or marker, today's automatic backup still to make, an unknown food (its message is the full
path's). ``tests/integration/test_quick_log_add.py`` runs both paths on the same inputs and compares whole
tables, output and exit codes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from typing import TypeVar

from nutrigap.domain.diary import FoodKind, Meal, clean_note, parse_date, weight_unknown
from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.symptoms import SYMPTOMS
from nutrigap.domain.twitch_input import twitch_values
from nutrigap.domain.units import parse_amount
from nutrigap.services.backup_files import KEEP_SETTING, clean_stale_staging, has_auto_backup, keep_of
from nutrigap.services.context import AppContext
from nutrigap.services.diary_id import ID_SETTING, valid_diary_id
from nutrigap.services.diary_identity import read_marker
from nutrigap.services.food_search import copied_values, grams_for, portion_options
from nutrigap.services.startup import file_identity
from nutrigap.services.twitch_view import TwitchView
from nutrigap.services.views import EntryView, make_entry_view
from nutrigap.store import quick_entry as q

#: Set to "0" to always log the full way (the benchmark's before column, and a way out should this path misbehave).
SWITCH = "NUTRIGAP_QUICK_LOG"


T = TypeVar("T")


def quick_log_food(
    ctx: AppContext,
    day: dt.date | str,
    meal: Meal | str,
    food_id: str,
    quantity: float | str,
    unit: str | None = "g",
    note: str | None = None,
) -> EntryView | None:
    """Log as :func:`~nutrigap.services.diary.log_food` does and return the entry, or None (nothing written)
    when this diary or food needs the full path. Bad input raises the full path's InvalidInput."""
    day = parse_date(day)
    meal = Meal.parse(meal) if isinstance(meal, str) else meal
    return quick_write(ctx, lambda con: _add(ctx, con, day, meal, food_id, quantity, unit, note))


def quick_log_twitch(
    ctx: AppContext,
    occurred_at: dt.datetime | str,
    location: str,
    intensity: int | str,
    *,
    side: str | None = None,
    duration_s: int | float | str | None = None,
    note: str | None = None,
    symptoms: Iterable[str] = (),
) -> TwitchView | None:
    """Record an episode as :func:`~nutrigap.services.twitches.log_twitch` does (checked before anything is
    opened, with the same messages), or None (nothing written) when this diary needs the full path."""
    values = twitch_values(
        occurred_at, location, intensity, side=side, duration_s=duration_s, note=note, symptoms=symptoms
    )
    episode_id = quick_write(ctx, lambda con: q.add_twitch(con, values))
    if episode_id is None:
        return None
    return TwitchView(
        id=episode_id,
        occurred_at=values.occurred_at,
        location=values.location,
        location_other=values.location_other,
        side=values.side,
        intensity=values.intensity,
        duration_s=values.duration_s,
        note=values.note,
        symptoms=tuple(s for s in SYMPTOMS if s in values.symptoms),
    )


def quick_write(ctx: AppContext, work: Callable[[sqlite3.Connection], T | None]) -> T | None:
    """``work``'s answer, done in one write transaction on the plain SQLite diary opened as the full start-up
    opens it; None (nothing written) when that start-up would do more than look, or ``work`` stands aside."""
    import os

    paths = ctx.paths
    if os.environ.get(SWITCH) == "0" or not paths.uses_default_diary or ctx.read_only or ctx.allow_new_diary:
        return None
    if not paths.diary_file.is_file():
        return None
    # the start-up steps of services.startup.open_engine, in its order, where they apply
    from nutrigap.paths import take_notices

    paths.ensure()
    ctx.notices.extend(take_notices())
    clean_stale_staging(ctx)
    con = q.open_diary(paths.diary_file)  # preflight: the file checked, at the newest revision
    if con is None:
        return None
    try:
        paths.tighten_diary()
        opened = file_identity(paths.diary_file)
        if not _opened_as_usual(ctx, con):
            return None
        answer = _write(con, work)
    finally:
        con.close()
    if answer is not None:
        ctx.check_file_in_place(opened)  # no success reported for a write to a diary file that is gone
    return answer


def _opened_as_usual(ctx: AppContext, con: sqlite3.Connection) -> bool:
    """Whether the full start-up's ``after_open`` would only look: the diary has its id, the data folder's
    marker names it, and today's automatic backup is made (or automatic backups are off)."""
    try:
        diary_id = valid_diary_id(q.setting(con, ID_SETTING))
        if diary_id is None or read_marker(ctx.paths) != diary_id:
            return False
        if not ctx.auto_backup_enabled:
            return True
        keep = keep_of(lambda: q.setting(con, KEEP_SETTING))
    except (NutriGapError, sqlite3.Error):
        return False  # the full path turns a bad setting into a notice
    return keep == 0 or has_auto_backup(ctx, diary_id, dt.datetime.now().date())


def _write(con: sqlite3.Connection, work: Callable[[sqlite3.Connection], T | None]) -> T | None:
    """``work`` in one transaction, as a unit of work: committed when it answers, else rolled back."""
    try:
        con.execute("BEGIN IMMEDIATE")  # the write lock first, so writers queue
        try:
            answer = work(con)
            if answer is not None:
                con.execute("COMMIT")
            return answer
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
    except (sqlite3.IntegrityError, sqlite3.DataError) as exc:
        raise q.write_refused(q.first_line(exc)) from exc
    except sqlite3.OperationalError as exc:
        raise q.write_failed(q.first_line(exc)) from exc


def _add(
    ctx: AppContext,
    con: sqlite3.Connection,
    day: dt.date,
    meal: Meal,
    food_id: str,
    quantity: float | str,
    unit: str | None,
    note: str | None,
) -> EntryView | None:
    # services.food_search.details_in, then reference_row, then the entry, as log_food does them
    row = q.food_by_ref(con, food_id)
    food_db = ctx.optional_food_db()
    record = None
    if food_db is not None and (row is None or row.kind == FoodKind.REFERENCE):
        record = food_db.get(food_id)
    if row is None and record is None:
        return None  # the full path says why (no such food, or the food database's problem)
    grams, unit_name = grams_for(portion_options(record, row, q.user_portions(con, food_id)), quantity, unit)
    if row is not None:
        food_row_id, ref, name, data_type = row.id, row.ref, row.name, row.data_type
        per100 = q.nutrients_of(con, row.id)
    else:
        assert record is not None
        per100 = copied_values(record.nutrients)
        copy = q.FoodCopy(
            FoodKind.REFERENCE, record.id, record.name, record.data_type, record.category, record.brand, record.source
        )
        food_row_id, ref, name, data_type = q.add_food(con, copy, per100), record.id, record.name, record.data_type
        per100 = {nid: float(v) for nid, v in sorted(per100.items())}  # as the ORM reads them back
    entry = q.NewEntry(
        day=day,
        meal=meal.value,
        position=q.next_position(con, day, meal.value),
        food_id=food_row_id,
        quantity=parse_amount(quantity),
        unit=unit_name,
        amount_g=grams,
        note=clean_note(note),
    )
    entry_id = q.add_entry(con, entry)
    return make_entry_view(
        id=entry_id,
        day=entry.day,
        meal=entry.meal,
        position=entry.position,
        food_ref=ref,
        food_name=name,
        data_type=data_type,
        quantity=entry.quantity,
        unit=entry.unit,
        amount_g=entry.amount_g,
        note=entry.note,
        per100=per100,
        weight_known=row is None or not weight_unknown(row.nominal_weight, row.serving_label, row.serving_grams),
    )
