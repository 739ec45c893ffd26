"""``nutrigap food show`` and ``food mine`` without SQLAlchemy, for the plain SQLite diary.

It took 0.36 s or more, whole process, on a two-core machine, about 0.2 s of it importing SQLAlchemy and the
models, over the daily commands' 0.35 s; here it takes what ``food search`` takes (README "Performance",
``benchmarks/startup.py``). The details are built by the full path's own function
(:func:`nutrigap.services.food_search.details_of`: the food database's record, the portions, the nutrient names
and order) from the diary's row read with ``sqlite3`` (:mod:`nutrigap.store.quick_foods`, the user's portions
``store.quick_entry.user_portions``); the start-up steps and fall-backs are those of
:func:`nutrigap.services.quick_report.quick_read`, and an unknown food takes the full path for its message.
``food mine`` lists the rows ``food search`` reads as the user's own (``store.quick_foods.own_foods``) as
:func:`nutrigap.services.my_foods.list_user_foods` does. ``tests/integration/test_quick_foods.py`` compares the
commands' output both ways.
"""

from __future__ import annotations

import sqlite3

from nutrigap.services.context import AppContext
from nutrigap.services.food_search import details_of
from nutrigap.services.quick_report import quick_read
from nutrigap.services.views import FoodDetails, FoodSummary, RecipeIngredient
from nutrigap.store.quick_entry import nutrients_of, user_portions
from nutrigap.store.quick_foods import ingredients_of, own_foods, stored_food


def quick_food_details(ctx: AppContext, food_id: str) -> FoodDetails | None:
    """:func:`~nutrigap.services.food_search.food_details`, or None when only the full open can tell (an unknown
    food included: the full path says why)."""
    return quick_read(ctx, lambda con: details_read(ctx, con, food_id))


def details_read(ctx: AppContext, con: sqlite3.Connection, food_id: str) -> FoodDetails | None:
    """:func:`~nutrigap.services.food_search.details_in` on a diary connection; None for an unknown food."""
    row = stored_food(con, food_id)
    per100 = {} if row is None else nutrients_of(con, row.id)
    ingredients = () if row is None else tuple(RecipeIngredient(*i) for i in ingredients_of(con, row.id))
    return details_of(ctx, food_id, row, per100, ingredients, lambda: user_portions(con, food_id))


def quick_user_foods(ctx: AppContext) -> list[FoodSummary] | None:
    """:func:`~nutrigap.services.my_foods.list_user_foods` of every kind, or None when only the full open can
    tell."""

    def work(con: sqlite3.Connection) -> list[FoodSummary]:
        return [FoodSummary(r.ref, r.name, r.data_type, r.category, r.brand, "mine") for r in own_foods(con)]

    return quick_read(ctx, work)
