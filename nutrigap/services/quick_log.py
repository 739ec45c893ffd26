"""What the window needs to log food in seconds: favourites, the amount last used for a food, the days that
have entries (for the calendar), and previews of what an amount or a recipe adds to the five nutrients.

Previews are computed from the same per-100 g values the diary stores, so the number shown before adding is
the number the day's total gains after adding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.services.context import AppContext
from nutrigap.services.views import FoodDetails, supplied


@dataclass(frozen=True, slots=True)
class AmountPreview:
    """What ``grams`` [g] of a food supply: each nutrient in its unit (mg or µg), energy [kcal]; None = unknown."""

    grams: float
    nutrients: dict[Nutrient, float | None]
    energy_kcal: float | None


def preview_amount(details: FoodDetails, grams: float) -> AmountPreview:
    """The five nutrients and energy in ``grams`` [g] of a food (None where the food has no value)."""
    nutrients, energy_kcal = supplied(details.per100(), grams)
    return AmountPreview(grams, nutrients, energy_kcal)


def preview_recipe(items: Sequence[tuple[FoodDetails, float]], servings: float) -> AmountPreview | None:
    """One serving of a recipe made of ``(food, grams)`` items yielding ``servings`` servings.

    As in :func:`nutrigap.services.my_foods.create_recipe`, a nutrient that any ingredient lacks stays unknown for
    the whole recipe rather than being silently underestimated. None for an empty recipe or no servings.
    """
    if not items or servings <= 0:
        return None
    total_grams = sum(grams for _, grams in items)
    parts = [preview_amount(details, grams) for details, grams in items]
    nutrients: dict[Nutrient, float | None] = {}
    for nutrient in TRACKED:
        values = [p.nutrients[nutrient] for p in parts]
        nutrients[nutrient] = None if any(v is None for v in values) else sum(v or 0.0 for v in values) / servings
    energies = [p.energy_kcal for p in parts]
    energy = None if any(e is None for e in energies) else sum(e or 0.0 for e in energies) / servings
    return AmountPreview(total_grams / servings, nutrients, energy)


def favourite_ids(ctx: AppContext) -> frozenset[str]:
    """Ids of the foods the user marked as favourites (cached until the diary changes)."""
    cached = ctx.cache.get("favourite_ids")
    if isinstance(cached, frozenset):
        return cached
    with ctx.uow() as uow:
        refs = uow.foods.favourite_refs()
    ctx.cache["favourite_ids"] = refs
    return refs


def last_amount(ctx: AppContext, food_id: str) -> tuple[float, str] | None:
    """The quantity and unit this food was last logged with, or None if it never was."""
    with ctx.uow() as uow:
        last = uow.entries.last_amount(food_id)
    return None if last is None else (last.quantity, last.unit)


def logged_days(ctx: AppContext, start: dt.date, end: dt.date) -> list[dt.date]:
    """Days between ``start`` and ``end`` (inclusive) that have at least one entry."""
    with ctx.uow() as uow:
        return uow.entries.days_with_entries(start, end)
