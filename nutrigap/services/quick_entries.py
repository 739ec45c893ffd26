"""``nutrigap log rm``, ``log edit`` and ``log copy`` without SQLAlchemy, for the plain SQLite diary.

Each took 0.36 s or more, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the
models, over the daily commands' 0.35 s; here they take what ``log add`` takes (README "Performance",
``benchmarks/startup.py``). Both change what undo restores, so they leave exactly the rows the full path
(:func:`nutrigap.services.diary.remove_entry` and ``update_entry``) leaves: the same checks in the same order
(the entry first, then ``grams_for`` over the food's portions from the full path's ``details_of``, then
``parse_date``, then ``Meal.parse``), a new position only when the day or meal changes, no new moment when
nothing changes (as the ORM's flush), and the same entry view (``services.day_preview.entry_view_of``). The
start-up steps and fall-backs are :func:`nutrigap.services.quick_add.quick_write`'s; an unknown entry takes the
full path for its message. ``log copy`` adds each entry at the end of its meal on the new day, as
``copy_entries`` does. ``tests/integration/test_quick_entries.py`` runs both paths on twin diaries and
compares every table, the output and the exit code.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

from nutrigap.domain.diary import Meal, parse_date
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.units import parse_amount
from nutrigap.services.context import AppContext
from nutrigap.services.day_preview import entry_view_of
from nutrigap.services.food_search import grams_for
from nutrigap.services.quick_add import quick_write
from nutrigap.services.quick_foods import details_read
from nutrigap.services.views import EntryView, entry_sort_key
from nutrigap.store import quick_entry as q
from nutrigap.store.day_preview import day_entries, entry_record


def quick_remove_entry(ctx: AppContext, entry_id: int) -> EntryView | None:
    """:func:`~nutrigap.services.diary.remove_entry`, or None (nothing written) when this diary or entry needs
    the full path."""

    def work(con: sqlite3.Connection) -> EntryView | None:
        record = entry_record(con, entry_id)
        if record is None:
            return None  # the full path says so
        view = entry_view_of(record, q.nutrients_of(con, record.food_row))
        q.delete_entry(con, entry_id)
        return view

    return quick_write(ctx, work)


def quick_update_entry(
    ctx: AppContext,
    entry_id: int,
    *,
    quantity: float | str | None = None,
    unit: str | None = None,
    meal: Meal | str | None = None,
    day: dt.date | str | None = None,
) -> EntryView | None:
    """:func:`~nutrigap.services.diary.update_entry` of an amount, unit, meal or date, or None (nothing
    written) when this diary or entry needs the full path. Bad input raises the full path's InvalidInput."""

    def work(con: sqlite3.Connection) -> EntryView | None:
        record = entry_record(con, entry_id)
        if record is None:
            return None  # the full path says so
        new_quantity, new_unit, grams = record.quantity, record.unit, record.amount_g
        if quantity is not None or unit is not None:
            details = details_read(ctx, con, record.food_ref)
            if details is None:
                return None
            wanted = record.quantity if quantity is None else quantity
            grams, new_unit = grams_for(details.portions, wanted, unit or record.unit)
            new_quantity = parse_amount(wanted)
        new_day = record.day if day is None else parse_date(day)
        new_meal = record.meal if meal is None else (Meal.parse(meal) if isinstance(meal, str) else meal).value
        position = record.position
        if (new_day, new_meal) != (record.day, record.meal):
            position = q.next_position(con, new_day, new_meal)
        entry = q.NewEntry(new_day, new_meal, position, record.food_row, new_quantity, new_unit, grams, record.note)
        before = (record.day, record.meal, record.position, record.quantity, record.unit, record.amount_g)
        if (new_day, new_meal, position, new_quantity, new_unit, grams) != before:
            q.update_entry(con, entry_id, entry)  # as the ORM's flush: nothing, and no new moment, when unchanged
        changed = replace(
            record, day=new_day, meal=new_meal, position=position, quantity=new_quantity, unit=new_unit, amount_g=grams
        )
        return entry_view_of(changed, q.nutrients_of(con, record.food_row))

    return quick_write(ctx, work)


def quick_copy_day(
    ctx: AppContext, from_day: dt.date | str, to_day: dt.date | str, meal: Meal | str | None = None
) -> tuple[int, dt.date] | None:
    """:func:`~nutrigap.services.diary.copy_day`: how many entries were copied, and to which day; or None
    (nothing written) when this diary needs the full path. Bad input raises the full path's InvalidInput, in
    its order (the first date, the meal, nothing to copy, the second date)."""
    on = parse_date(from_day)

    def work(con: sqlite3.Connection) -> tuple[int, dt.date]:
        # entries_for_day's order: the meals' order, then position, then id
        source = sorted(day_entries(con, on), key=lambda r: entry_sort_key(entry_view_of(r, {})))
        if meal is not None:
            wanted = (Meal.parse(meal) if isinstance(meal, str) else meal).value
            source = [r for r in source if r.meal == wanted]
        if not source:
            raise InvalidInput(f"Nothing logged on {on.isoformat()} to copy.")
        to = parse_date(to_day)
        for r in source:  # copy_entries: each at the end of its meal on the new day
            position = q.next_position(con, to, r.meal)
            q.add_entry(con, q.NewEntry(to, r.meal, position, r.food_row, r.quantity, r.unit, r.amount_g, r.note))
        return len(source), to

    return quick_write(ctx, work)
