"""Logging food: add, change, move, copy and delete diary entries."""

from __future__ import annotations

import datetime as dt

from nutrigap.domain.diary import Meal, clean_note, parse_date, weight_unknown
from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.domain.units import check_entry_grams, parse_amount
from nutrigap.services.context import AppContext
from nutrigap.services.food_search import details_in, grams_for, reference_row
from nutrigap.services.unit import write
from nutrigap.services.views import EntryView, entry_sort_key, make_entry_view
from nutrigap.store.db import UnitOfWork
from nutrigap.store.models import EntryRow


def entry_view(row: EntryRow) -> EntryView:
    food = row.food
    return make_entry_view(
        id=row.id,
        day=row.day,
        meal=row.meal,
        position=row.position,
        food_ref=food.ref,
        food_name=food.name,
        data_type=food.data_type,
        quantity=row.quantity,
        unit=row.unit,
        amount_g=row.amount_g,
        note=row.note,
        per100={n.nutrient_id: n.amount for n in food.nutrients},
        weight_known=not weight_unknown(food.nominal_weight, food.serving_label, food.serving_grams),
    )


def log_food(
    ctx: AppContext,
    day: dt.date | str,
    meal: Meal | str,
    food_id: str,
    quantity: float | str,
    unit: str | None = "g",
    note: str | None = None,
) -> EntryView:
    """Add ``quantity`` ``unit`` of a food to a meal of a day. Nothing is written if any part is invalid."""
    day = parse_date(day)
    meal = Meal.parse(meal) if isinstance(meal, str) else meal
    with write(ctx) as uow:
        details = details_in(ctx, uow, food_id)
        grams, unit_name = grams_for(details.portions, quantity, unit)
        food = reference_row(ctx, uow, food_id)
        row = uow.entries.add(
            EntryRow(
                day=day,
                meal=meal.value,
                position=uow.entries.next_position(day, meal.value),
                food_id=food.id,
                quantity=parse_amount(quantity),
                unit=unit_name,
                amount_g=grams,
                note=clean_note(note),
            )
        )
        view = entry_view(row)
    return view


def _entry(uow: UnitOfWork, entry_id: int) -> EntryRow:
    row = uow.entries.get(entry_id)
    if row is None:
        raise NotFound(f"No diary entry with id {entry_id}.")
    return row


def get_entry(ctx: AppContext, entry_id: int) -> EntryView:
    with ctx.uow() as uow:
        return entry_view(_entry(uow, entry_id))


def update_entry(
    ctx: AppContext,
    entry_id: int,
    *,
    quantity: float | str | None = None,
    unit: str | None = None,
    meal: Meal | str | None = None,
    day: dt.date | str | None = None,
    note: str | None = None,
    position: int | None = None,
) -> EntryView:
    """Change an entry's amount, unit, meal, date, note or position in one transaction."""
    with write(ctx) as uow:
        row = _entry(uow, entry_id)
        if quantity is not None or unit is not None:
            details = details_in(ctx, uow, row.food.ref)
            new_quantity = row.quantity if quantity is None else quantity
            grams, unit_name = grams_for(details.portions, new_quantity, unit or row.unit)
            row.quantity, row.unit, row.amount_g = parse_amount(new_quantity), unit_name, grams
        new_day = row.day if day is None else parse_date(day)
        new_meal = row.meal if meal is None else (Meal.parse(meal) if isinstance(meal, str) else meal).value
        if (new_day, new_meal) != (row.day, row.meal) and position is None:
            row.position = uow.entries.next_position(new_day, new_meal)
        row.day, row.meal = new_day, new_meal
        if position is not None:
            row.position = position
        if note is not None:
            row.note = clean_note(note)
        uow.session.flush()
        view = entry_view(row)
    return view


def remove_entry(ctx: AppContext, entry_id: int) -> EntryView:
    """Delete an entry; returns what it was, so that it can be restored (undo)."""
    with write(ctx) as uow:
        row = _entry(uow, entry_id)
        view = entry_view(row)
        uow.entries.delete(row)
    return view


def restore_entry(ctx: AppContext, view: EntryView) -> EntryView:
    """Put back a removed entry exactly as it was (same food, amount, unit, day, meal, position, note)."""
    with write(ctx) as uow:
        food = uow.foods.by_ref(view.food_id)
        if food is None:
            food = reference_row(ctx, uow, view.food_id)
        row = uow.entries.add(
            EntryRow(
                day=view.day,
                meal=view.meal,
                position=view.position,
                food_id=food.id,
                quantity=view.quantity,
                unit=view.unit,
                amount_g=check_entry_grams(view.amount_g),
                note=view.note,
            )
        )
        restored = entry_view(row)
    return restored


def entries_for_day(ctx: AppContext, day: dt.date | str) -> list[EntryView]:
    day = parse_date(day)
    with ctx.uow() as uow:
        return sorted((entry_view(r) for r in uow.entries.for_days(day, day)), key=entry_sort_key)


def copy_entries(
    ctx: AppContext, entry_ids: list[int], to_day: dt.date | str, to_meal: Meal | str | None = None
) -> list[EntryView]:
    """Copy entries to another day (and optionally another meal), keeping amounts and units."""
    to_day = parse_date(to_day)
    meal_value = None if to_meal is None else (Meal.parse(to_meal) if isinstance(to_meal, str) else to_meal).value
    with write(ctx) as uow:
        copies = []
        for entry_id in entry_ids:
            src = _entry(uow, entry_id)
            meal = meal_value or src.meal
            copies.append(
                uow.entries.add(
                    EntryRow(
                        day=to_day,
                        meal=meal,
                        position=uow.entries.next_position(to_day, meal),
                        food_id=src.food_id,
                        quantity=src.quantity,
                        unit=src.unit,
                        amount_g=src.amount_g,
                        note=src.note,
                    )
                )
            )
        views = [entry_view(r) for r in copies]
    return views


def copy_day(
    ctx: AppContext, from_day: dt.date | str, to_day: dt.date | str, meal: Meal | str | None = None
) -> list[EntryView]:
    """Copy a whole day (or one meal of it) to another date."""
    source = entries_for_day(ctx, from_day)
    if meal is not None:
        wanted = (Meal.parse(meal) if isinstance(meal, str) else meal).value
        source = [e for e in source if e.meal == wanted]
    if not source:
        raise InvalidInput(f"Nothing logged on {parse_date(from_day).isoformat()} to copy.")
    return copy_entries(ctx, [e.id for e in source], to_day)
