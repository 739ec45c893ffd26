"""The user's own foods: custom foods typed from a label, supplements, recipes, and named portions of any
food ('my mug' = 350 g). Deleting one that past entries use archives it instead."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from nutrigap.domain.diary import USER_KINDS, FoodKind
from nutrigap.domain.errors import InvalidInput, NotFound, shown
from nutrigap.domain.limits import (
    PORTION_GRAMS,
    RECIPE_SERVINGS,
    RECIPE_YIELD_GRAMS,
    check_nutrient_id,
)
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED
from nutrigap.domain.units import MAX_ENTRY_GRAMS, check_entry_grams, parse_amount
from nutrigap.fooddb.text import fold
from nutrigap.services.context import AppContext
from nutrigap.services.food_limits import check_rescaled_entries, checked_per100
from nutrigap.services.food_search import details_in, food_details, grams_for, reference_row
from nutrigap.services.unit import write
from nutrigap.services.views import FoodDetails, FoodSummary, PortionOption
from nutrigap.store.db import UnitOfWork
from nutrigap.store.models import FoodRow, RecipeItemRow, UserPortionRow

#: The heaviest cooked yield a recipe may give [g] (the diary refuses more: revision 0002).
MAX_YIELD_GRAMS = RECIPE_YIELD_GRAMS.high


def add_user_portion(ctx: AppContext, food_id: str, name: str, grams: float | str) -> PortionOption:
    """Define a portion for any food ('my mug' = 350 g)."""
    label = " ".join(name.split())
    if not label:
        raise InvalidInput("A portion needs a name, such as 'my mug'.")
    if len(label) > 100:
        raise InvalidInput("A portion name may have at most 100 characters.")
    if fold(label) in {"g", "oz", "lb", "kg"}:
        raise InvalidInput(f"'{shown(label)}' is a unit every food has; choose another name.")
    weight = check_entry_grams(parse_amount(grams))
    with write(ctx) as uow:
        details_in(ctx, uow, food_id)  # the food must exist
        existing = uow.portions.get(food_id, label)
        if existing is not None:
            existing.grams = weight
        else:
            uow.portions.add(UserPortionRow(food_ref=food_id, name=label, grams=weight))
    return PortionOption(f"{label} ({weight:g} g)", label, weight, "user")


# --- the user's own foods -------------------------------------------------------------------------------
def _check_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("A food needs a name.")
    if len(clean) > 200:
        raise InvalidInput("A food name may have at most 200 characters.")
    return clean


def _text(value: str | None, what: str, max_len: int) -> str | None:
    """Optional text from an editor, trimmed; longer than its column is refused (PostgreSQL would fail)."""
    if value is None:
        return None
    clean = " ".join(str(value).split())
    if len(clean) > max_len:
        raise InvalidInput(f"The {what} may have at most {max_len} characters.")
    return clean or None


def _notes(value: str | None) -> str | None:
    if value is None:
        return None
    clean = str(value).strip()
    if len(clean) > 10_000:
        raise InvalidInput("Notes may have at most 10,000 characters.")
    return clean or None


def _check_values(values: dict[int, float | None], what: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for nid, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # left empty: unknown, not zero
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"{what}: '{shown(value)}' is not a number.") from None
        try:
            key = check_nutrient_id(nid)
        except InvalidInput as exc:
            raise InvalidInput(f"{what}: {exc}") from None
        if math.isnan(number) or math.isinf(number) or number < 0:
            raise InvalidInput(f"{what}: a nutrient amount must be a number of zero or more (got {value}).")
        if number > 1e6:
            raise InvalidInput(f"{what}: {number:g} is not a plausible nutrient amount.")
        out[key] = number
    return out


@dataclass(frozen=True, slots=True)
class CustomFoodInput:
    """A food typed from a label. ``nutrients`` are per serving if ``serving_grams`` is given with
    ``per_serving=True``, else per 100 g. Missing or None values are unknown, not zero."""

    name: str
    nutrients: dict[int, float | None]
    per_serving: bool = False
    serving_label: str | None = None
    serving_grams: float | str | None = None
    category: str | None = None
    brand: str | None = None
    notes: str | None = None


def _per100_from_custom(data: CustomFoodInput) -> dict[int, float]:
    values = _check_values(data.nutrients, data.name or "custom food")
    if data.per_serving:
        serving = _checked_serving(data.serving_grams)
        if not serving:
            raise InvalidInput("Values per serving need the serving's weight in grams.")
        return checked_per100({nid: v * 100.0 / serving for nid, v in values.items()}, data.name or "custom food")
    return checked_per100(values, data.name or "custom food")


def _checked_serving(grams: float | str | None) -> float | None:
    if grams is None or (isinstance(grams, str) and not grams.strip()):
        return None
    return check_entry_grams(parse_amount(grams))


def _custom_texts(data: CustomFoodInput) -> tuple[str | None, str | None, str | None, str | None]:
    """serving label, category, brand and notes of a custom food, checked against their column sizes."""
    return (
        _text(data.serving_label, "serving name", 100),
        _text(data.category, "category", 200),
        _text(data.brand, "brand", 200),
        _notes(data.notes),
    )


def create_custom_food(ctx: AppContext, data: CustomFoodInput) -> FoodDetails:
    name = _check_name(data.name)
    serving = _checked_serving(data.serving_grams)
    per100 = _per100_from_custom(data)
    label, category, brand, notes = _custom_texts(data)
    with write(ctx) as uow:
        row = uow.foods.add(
            FoodRow(
                kind=FoodKind.CUSTOM,
                ref="",
                name=name,
                data_type=FoodKind.CUSTOM,
                category=category,
                brand=brand,
                source="typed by the user",
                serving_label=(label or "serving") if serving else None,
                serving_grams=serving,
                notes=notes,
            ),
            per100,
        )
        ref = row.ref
    return food_details(ctx, ref)


def update_custom_food(ctx: AppContext, food_id: str, data: CustomFoodInput) -> FoodDetails:
    """Change a custom food. Past entries follow the change (they are the user's own data, not a source's)."""
    name = _check_name(data.name)
    serving = _checked_serving(data.serving_grams)
    per100 = _per100_from_custom(data)
    label, category, brand, notes = _custom_texts(data)
    with write(ctx) as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind != FoodKind.CUSTOM:
            raise NotFound(f"No custom food with id '{shown(food_id)}'.")
        row.name, row.category, row.brand, row.notes = name, category, brand, notes
        row.serving_grams = serving
        row.serving_label = (label or "serving") if serving else None
        uow.foods.set_nutrients(row, per100)
    return food_details(ctx, food_id)


@dataclass(frozen=True, slots=True)
class SupplementInput:
    """A supplement: nutrient amounts per unit (tablet, capsule, drop), e.g. magnesium 200 mg elemental.

    Tracked nutrients the label does not list count as zero (a supplement label lists what it contains).
    ``unit_grams`` is the weight of one unit if known; it only matters for the 5 kg entry limit.
    """

    name: str
    unit_label: str
    nutrients_per_unit: dict[int, float | None]
    unit_grams: float | str = 1.0
    brand: str | None = None
    notes: str | None = None


def _supplement_per100(data: SupplementInput) -> tuple[dict[int, float], float, str]:
    label = _text(data.unit_label, "unit name", 100) or "unit"
    unit_grams = check_entry_grams(parse_amount(data.unit_grams))
    values = _check_values(data.nutrients_per_unit, data.name or "supplement")
    if not any(v > 0 for v in values.values()):
        raise InvalidInput("A supplement needs at least one nutrient amount per unit.")
    per100 = dict.fromkeys((ENERGY_KCAL, *(n.fdc_id for n in TRACKED)), 0.0)
    per100.update({nid: v * 100.0 / unit_grams for nid, v in values.items()})
    return checked_per100(per100, data.name or "supplement"), unit_grams, label


def create_supplement(ctx: AppContext, data: SupplementInput) -> FoodDetails:
    name = _check_name(data.name)
    per100, unit_grams, label = _supplement_per100(data)
    with write(ctx) as uow:
        row = uow.foods.add(
            FoodRow(
                kind=FoodKind.SUPPLEMENT,
                ref="",
                name=name,
                data_type=FoodKind.SUPPLEMENT,
                brand=_text(data.brand, "brand", 200),
                source="typed by the user",
                serving_label=label,
                serving_grams=unit_grams,
                notes=_notes(data.notes),
            ),
            per100,
        )
        ref = row.ref
    return food_details(ctx, ref)


def update_supplement(ctx: AppContext, food_id: str, data: SupplementInput) -> FoodDetails:
    name = _check_name(data.name)
    per100, unit_grams, label = _supplement_per100(data)
    with write(ctx) as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind != FoodKind.SUPPLEMENT:
            raise NotFound(f"No supplement with id '{shown(food_id)}'.")
        old_unit = row.serving_grams or 1.0
        row.name, row.brand, row.notes, row.serving_label, row.serving_grams = (
            name,
            _text(data.brand, "brand", 200),
            _notes(data.notes),
            label,
            unit_grams,
        )
        uow.foods.set_nutrients(row, per100)
        if old_unit != unit_grams:
            # keep past entries at the same number of units, within the limits of one entry
            check_rescaled_entries(uow, row.id, unit_grams / old_unit)
            uow.entries.rescale_food(row.id, unit_grams, old_unit)
    return food_details(ctx, food_id)


@dataclass(frozen=True, slots=True)
class RecipeItemInput:
    food_id: str
    quantity: float | str
    unit: str = "g"


@dataclass(frozen=True, slots=True)
class RecipeInput:
    """A recipe: foods with amounts, yielding ``servings`` servings. ``yield_grams`` is the cooked weight if
    it differs from the sum of the ingredients (water lost in cooking)."""

    name: str
    items: list[RecipeItemInput] = field(default_factory=list)
    servings: float | str = 1.0
    yield_grams: float | str | None = None
    notes: str | None = None


def _recipe_rows(
    ctx: AppContext, uow: UnitOfWork, data: RecipeInput
) -> tuple[list[RecipeItemRow], dict[int, float], float, float]:
    if not data.items:
        raise InvalidInput("A recipe needs at least one ingredient.")
    servings = parse_amount(data.servings)
    if servings > RECIPE_SERVINGS.high:
        raise InvalidInput("A recipe may yield at most 1000 servings.")
    RECIPE_SERVINGS.check(servings)
    items: list[RecipeItemRow] = []
    total_grams = 0.0
    sums: dict[int, float] = {}
    unknown: set[int] = set()
    all_ids: set[int] = set()
    rows = []
    for position, item in enumerate(data.items):
        details = details_in(ctx, uow, item.food_id)
        grams, unit = grams_for(details.portions, item.quantity, item.unit)
        ingredient = reference_row(ctx, uow, item.food_id)
        per100 = {n.nutrient_id: n.amount for n in ingredient.nutrients}
        rows.append((grams, per100))
        all_ids |= set(per100)
        items.append(
            RecipeItemRow(
                ingredient_id=ingredient.id,
                position=position,
                quantity=parse_amount(item.quantity),
                unit=unit,
                amount_g=grams,
            )
        )
        total_grams += grams
    for grams, per100 in rows:
        for nid in all_ids:
            if nid in per100:
                sums[nid] = sums.get(nid, 0.0) + grams * per100[nid] / 100.0
            else:
                unknown.add(nid)
    # A value some ingredient lacks stays unknown for the whole recipe, never a silent underestimate.
    for nid in unknown:
        sums.pop(nid, None)
    yield_grams = parse_amount(data.yield_grams) if data.yield_grams else total_grams
    if yield_grams > MAX_YIELD_GRAMS:
        raise InvalidInput(f"A recipe may yield at most {MAX_YIELD_GRAMS / 1000:,.0f} kg.")
    RECIPE_YIELD_GRAMS.check(yield_grams)
    if yield_grams / servings < PORTION_GRAMS.low:
        raise InvalidInput(
            f"One serving of this recipe would weigh {yield_grams / servings:g} g, less than the "
            f"{PORTION_GRAMS.low:g} g a serving may weigh; check the yield and servings."
        )
    per100_recipe = checked_per100(
        {nid: total * 100.0 / yield_grams for nid, total in sums.items()}, data.name or "recipe"
    )
    return items, per100_recipe, servings, yield_grams


def create_recipe(ctx: AppContext, data: RecipeInput) -> FoodDetails:
    name = _check_name(data.name)
    with write(ctx) as uow:
        items, per100, servings, yield_grams = _recipe_rows(ctx, uow, data)
        serving_grams = yield_grams / servings
        if serving_grams > MAX_ENTRY_GRAMS:
            raise InvalidInput("One serving of this recipe would weigh more than 5 kg; give more servings.")
        row = uow.foods.add(
            FoodRow(
                kind=FoodKind.RECIPE,
                ref="",
                name=name,
                data_type=FoodKind.RECIPE,
                source="recipe by the user",
                serving_label="serving",
                serving_grams=serving_grams,
                servings=servings,
                yield_grams=yield_grams if data.yield_grams else None,
                notes=_notes(data.notes),
            ),
            per100,
        )
        row.ingredients.extend(items)
        uow.session.flush()
        ref = row.ref
    return food_details(ctx, ref)


def update_recipe(ctx: AppContext, food_id: str, data: RecipeInput) -> FoodDetails:
    name = _check_name(data.name)
    with write(ctx) as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind != FoodKind.RECIPE:
            raise NotFound(f"No recipe with id '{shown(food_id)}'.")
        if any(item.food_id == food_id for item in data.items):
            raise InvalidInput("A recipe cannot contain itself.")
        items, per100, servings, yield_grams = _recipe_rows(ctx, uow, data)
        serving_grams = yield_grams / servings
        if serving_grams > MAX_ENTRY_GRAMS:
            raise InvalidInput("One serving of this recipe would weigh more than 5 kg; give more servings.")
        row.ingredients.clear()
        uow.session.flush()
        row.ingredients.extend(items)
        row.name, row.servings, row.notes = name, servings, _notes(data.notes)
        row.yield_grams = yield_grams if data.yield_grams else None
        row.serving_grams = serving_grams
        uow.foods.set_nutrients(row, per100)
    return food_details(ctx, food_id)


def list_user_foods(ctx: AppContext, kind: str | None = None) -> list[FoodSummary]:
    kinds = (kind,) if kind else USER_KINDS
    with ctx.uow() as uow:
        return [
            FoodSummary(r.ref, r.name, r.data_type, r.category, r.brand, "mine") for r in uow.foods.user_foods(kinds)
        ]


def delete_user_food(ctx: AppContext, food_id: str) -> str:
    """Delete a custom food, recipe or supplement; one that past entries use is archived instead
    (hidden from search, still counted in those entries). Returns 'deleted' or 'archived'."""
    with write(ctx) as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind not in USER_KINDS:
            raise NotFound(f"No custom food, recipe or supplement with id '{shown(food_id)}'.")
        if uow.foods.is_used(row.id):
            row.archived = True
            outcome = "archived"
        else:
            uow.session.delete(row)
            outcome = "deleted"
    return outcome
