"""Finding foods, their portions, and the user's own foods (custom foods, recipes, supplements)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import cast

from nutrigap.domain.errors import InvalidInput, NotFound, shown
from nutrigap.domain.limits import (
    PORTION_GRAMS,
    RECIPE_SERVINGS,
    RECIPE_YIELD_GRAMS,
    check_nutrient_id,
)
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED
from nutrigap.domain.units import MASS_UNITS, MAX_ENTRY_GRAMS, check_entry_grams, parse_amount
from nutrigap.fooddb.database import FoodRecord
from nutrigap.fooddb.spelling import spelling_variants
from nutrigap.fooddb.text import fold, matches_all_prefixes, query_tokens
from nutrigap.services.context import AppContext
from nutrigap.services.food_limits import check_rescaled_entries, checked_per100
from nutrigap.services.portions import ordered_source_portions, volume_portions
from nutrigap.services.views import (
    FoodDetails,
    FoodSummary,
    NutrientValue,
    PortionOption,
    RecipeIngredient,
)
from nutrigap.store.db import UnitOfWork
from nutrigap.store.models import FoodRow, RecipeItemRow, UserPortionRow

USER_KINDS = ("custom", "recipe", "supplement")
#: The heaviest cooked yield a recipe may give [g] (the diary refuses more: revision 0002).
MAX_YIELD_GRAMS = RECIPE_YIELD_GRAMS.high
#: How many recently logged foods are searched before the food database.
RECENT_POOL = 300

# Names and units of the nutrients the diary may hold even when the food database is not built.
_FALLBACK_NAMES = {
    ENERGY_KCAL: ("Energy", "kcal"),
    1057: ("Caffeine", "mg"),
    1051: ("Water", "g"),
    **{n.fdc_id: (n.label, n.unit) for n in TRACKED},
}


# --- search ---------------------------------------------------------------------------------------------
def search_foods(ctx: AppContext, query: str, limit: int = 20) -> list[FoodSummary]:
    """Foods matching every word prefix of ``query``: the user's recent foods and own foods first, then the
    food database (generic before branded, short names first). An empty query lists recent foods."""
    tokens = query_tokens(query)
    # "yoghurt" also finds the "Yogurt, NFS" logged yesterday (food_db/spelling_variants.csv)
    variants = spelling_variants(tokens) if tokens else []
    picked: list[FoodSummary] = []
    seen: set[str] = set()
    for summary, folded in _personal_candidates(ctx):
        if tokens and not any(matches_all_prefixes(folded, v) for v in variants):
            continue
        if summary.id not in seen:
            seen.add(summary.id)
            picked.append(summary)
        if len(picked) >= limit:
            return picked
    if not tokens:
        return picked
    food_db = ctx.optional_food_db()
    if food_db is None:
        return picked
    for hit in food_db.search(query, limit=limit + len(seen)):
        if hit.id in seen:
            continue
        seen.add(hit.id)
        picked.append(
            FoodSummary(
                hit.id, hit.name, hit.data_type, hit.category, hit.brand, "database", hit.serving, hit.serving_kcal
            )
        )
        if len(picked) >= limit:
            break
    return picked


def _personal_candidates(ctx: AppContext) -> list[tuple[FoodSummary, str]]:
    """Recent foods (newest first), then the user's own foods; cached until the diary changes here."""
    cached = ctx.cache.get("personal_candidates")
    if cached is not None:
        return cast("list[tuple[FoodSummary, str]]", cached)
    out: list[tuple[FoodSummary, str]] = []
    with ctx.uow() as uow:
        recent = uow.foods.recent(RECENT_POOL)
        own = uow.foods.user_foods()
        favourites = [f for f in recent + own if f.favourite]
        for origin, rows in (("recent", favourites), ("recent", recent), ("mine", own)):
            for row in rows:
                if row.archived:
                    continue
                origin_name = "mine" if row.kind in USER_KINDS else origin
                out.append(
                    (
                        FoodSummary(row.ref, row.name, row.data_type, row.category, row.brand, origin_name),
                        fold(row.name + " " + (row.brand or "")),
                    )
                )
    ctx.cache["personal_candidates"] = out
    return out


# --- details and portions --------------------------------------------------------------------------------
def _nutrient_names(ctx: AppContext) -> dict[int, tuple[str, str]]:
    names = dict(_FALLBACK_NAMES)
    food_db = ctx.optional_food_db()
    if food_db is not None:
        names.update({nid: (meta.name, meta.unit) for nid, meta in food_db.catalog().items()})
    return names


def _nutrient_values(ctx: AppContext, per100: dict[int, float]) -> tuple[NutrientValue, ...]:
    names = _nutrient_names(ctx)
    order = {nid: i for i, nid in enumerate(_FALLBACK_NAMES)}
    values = [NutrientValue(nid, *names.get(nid, (f"Nutrient {nid}", "")), amount) for nid, amount in per100.items()]
    return tuple(sorted(values, key=lambda v: (order.get(v.id, 99), v.name)))


def mass_portions() -> list[PortionOption]:
    return [
        PortionOption("g", "g", MASS_UNITS["g"], "mass"),
        PortionOption("oz", "oz", MASS_UNITS["oz"], "mass"),
        PortionOption("lb", "lb", MASS_UNITS["lb"], "mass"),
        PortionOption("kg", "kg", MASS_UNITS["kg"], "mass"),
    ]


def _portion_options(
    record: FoodRecord | None, row: FoodRow | None, user_portions: list[UserPortionRow]
) -> tuple[PortionOption, ...]:
    options: list[PortionOption] = []
    if row is not None and row.serving_grams and row.kind in USER_KINDS:
        label = row.serving_label or "serving"
        options.append(PortionOption(f"{label} ({row.serving_grams:g} g)", label, row.serving_grams, "serving"))
    options.extend(PortionOption(f"{p.name} ({p.grams:g} g)", p.name, p.grams, "user") for p in user_portions)
    if record is not None:
        source = ordered_source_portions(
            PortionOption(
                f"{p.label} ({p.grams:g} g)", p.unit, p.grams_per_unit, "source", measure_amount=p.unit_amount
            )
            for p in record.portions
        )
        options.extend(source)
        options.extend(volume_portions(source))
    options.extend(mass_portions())
    return tuple(options)


def food_details(ctx: AppContext, food_id: str) -> FoodDetails:
    """Nutrients per 100 g and portions of a food from the diary (own foods, foods already logged) or the
    food database. Raises NotFound for an unknown id."""
    with ctx.uow() as uow:
        return _details(ctx, uow, food_id)


def _details(ctx: AppContext, uow: UnitOfWork, food_id: str) -> FoodDetails:
    row = uow.foods.by_ref(food_id)
    food_db = ctx.optional_food_db()
    record = None
    if food_db is not None and (row is None or row.kind == "reference"):
        record = food_db.get(food_id)
    if row is None and record is None:
        if food_db is None and not food_id.startswith(USER_KINDS):
            raise NotFound(f"No food with id '{shown(food_id)}': {ctx.food_db_problem()}")
        raise NotFound(f"No food with id '{shown(food_id)}'; find ids with: nutrigap food search WORDS")
    portions = _portion_options(record, row, uow.portions.for_ref(food_id))
    if row is not None:
        per100 = {n.nutrient_id: n.amount for n in row.nutrients}
        ingredients = tuple(
            RecipeIngredient(i.ingredient.ref, i.ingredient.name, i.quantity, i.unit, i.amount_g)
            for i in row.ingredients
        )
        return FoodDetails(
            id=row.ref,
            name=row.name,
            data_type=row.data_type,
            kind=row.kind,
            category=row.category,
            brand=row.brand,
            source=row.source,
            nutrients=_nutrient_values(ctx, per100),
            portions=portions,
            serving_label=row.serving_label,
            serving_grams=row.serving_grams,
            servings=row.servings,
            in_food_db=record is not None,
            ingredients=ingredients,
        )
    assert record is not None
    return FoodDetails(
        id=record.id,
        name=record.name,
        data_type=record.data_type,
        kind="reference",
        category=record.category,
        brand=record.brand,
        source=record.source,
        nutrients=_nutrient_values(ctx, record.nutrients),
        portions=portions,
    )


def grams_for(portions: tuple[PortionOption, ...], quantity: float | str, unit: str | None) -> tuple[float, str]:
    """Weight in grams of ``quantity`` ``unit`` of a food, and the unit as it will be stored.

    The unit may be g, oz, lb, kg, a portion's unit ('cup', 'Tbsp') or its whole label ('1 cup, chopped').
    """
    amount = parse_amount(quantity)
    wanted = (unit or "g").strip()
    option = _match_portion(portions, wanted)
    if option is None:
        choices = ", ".join(dict.fromkeys(p.unit for p in portions))
        raise InvalidInput(f"Unknown unit '{shown(wanted)}' for this food; use one of: {choices}.")
    grams = amount * option.grams_per_unit
    if grams > MAX_ENTRY_GRAMS:
        raise InvalidInput(
            f"{amount:g} {option.unit} is {grams:,.0f} g, more than the 5 kg allowed in one entry; "
            "check the amount and unit."
        )
    return check_entry_grams(grams), option.unit


def _match_portion(portions: tuple[PortionOption, ...], wanted: str) -> PortionOption | None:
    key = fold(wanted)
    if not key:
        return None
    for option in portions:
        if fold(option.label) == key or fold(option.label.split(" (")[0]) == key:
            return option
    for option in portions:
        unit = fold(option.unit)
        if unit == key or unit.rstrip("s") == key.rstrip("s"):
            return option
    # USDA's units carry their detail in brackets ('stalk, medium (7-1/2" - 8" long)'); the words before do
    for option in portions:
        if option.origin == "source" and fold(option.unit.split(" (")[0]) == key:
            return option
    return None


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
    with ctx.uow() as uow:
        _details(ctx, uow, food_id)  # the food must exist
        existing = uow.portions.get(food_id, label)
        if existing is not None:
            existing.grams = weight
        else:
            uow.portions.add(UserPortionRow(food_ref=food_id, name=label, grams=weight))
        uow.commit()
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
    with ctx.uow() as uow:
        row = uow.foods.add(
            FoodRow(
                kind="custom",
                ref="",
                name=name,
                data_type="custom",
                category=category,
                brand=brand,
                source="typed by the user",
                serving_label=(label or "serving") if serving else None,
                serving_grams=serving,
                notes=notes,
            ),
            per100,
        )
        uow.commit()
        ref = row.ref
    ctx.diary_changed()
    return food_details(ctx, ref)


def update_custom_food(ctx: AppContext, food_id: str, data: CustomFoodInput) -> FoodDetails:
    """Change a custom food. Past entries follow the change (they are the user's own data, not a source's)."""
    name = _check_name(data.name)
    serving = _checked_serving(data.serving_grams)
    per100 = _per100_from_custom(data)
    label, category, brand, notes = _custom_texts(data)
    with ctx.uow() as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind != "custom":
            raise NotFound(f"No custom food with id '{shown(food_id)}'.")
        row.name, row.category, row.brand, row.notes = name, category, brand, notes
        row.serving_grams = serving
        row.serving_label = (label or "serving") if serving else None
        uow.foods.set_nutrients(row, per100)
        uow.commit()
    ctx.diary_changed()
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
    with ctx.uow() as uow:
        row = uow.foods.add(
            FoodRow(
                kind="supplement",
                ref="",
                name=name,
                data_type="supplement",
                brand=_text(data.brand, "brand", 200),
                source="typed by the user",
                serving_label=label,
                serving_grams=unit_grams,
                notes=_notes(data.notes),
            ),
            per100,
        )
        uow.commit()
        ref = row.ref
    ctx.diary_changed()
    return food_details(ctx, ref)


def update_supplement(ctx: AppContext, food_id: str, data: SupplementInput) -> FoodDetails:
    name = _check_name(data.name)
    per100, unit_grams, label = _supplement_per100(data)
    with ctx.uow() as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind != "supplement":
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
            # keep past entries at the same number of units
            from sqlalchemy import update

            from nutrigap.store.models import EntryRow

            check_rescaled_entries(uow, row.id, unit_grams / old_unit)
            uow.session.execute(
                update(EntryRow)
                .where(EntryRow.food_id == row.id)
                .values(amount_g=EntryRow.amount_g * unit_grams / old_unit)
            )
        uow.commit()
    ctx.diary_changed()
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


def reference_row(ctx: AppContext, uow: UnitOfWork, food_id: str) -> FoodRow:
    """The diary's row for a food, copying a food-database food (with all its values) on first use."""
    row = uow.foods.by_ref(food_id)
    if row is not None:
        return row
    food_db = ctx.optional_food_db()
    record = food_db.get(food_id) if food_db is not None else None
    if record is None:
        if food_db is None:
            raise NotFound(f"No food with id '{shown(food_id)}': {ctx.food_db_problem()}")
        raise NotFound(f"No food with id '{shown(food_id)}'; find ids with: nutrigap food search WORDS")
    return uow.foods.add_reference(
        FoodRow(
            kind="reference",
            ref=record.id,
            name=record.name,
            data_type=record.data_type,
            category=record.category,
            brand=record.brand,
            source=record.source,
        ),
        # a value that is not a finite amount (a damaged import) is unknown, never a poisoned total
        {nid: v for nid, v in record.nutrients.items() if math.isfinite(v) and v >= 0},
    )


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
        details = _details(ctx, uow, item.food_id)
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
    with ctx.uow() as uow:
        items, per100, servings, yield_grams = _recipe_rows(ctx, uow, data)
        serving_grams = yield_grams / servings
        if serving_grams > MAX_ENTRY_GRAMS:
            raise InvalidInput("One serving of this recipe would weigh more than 5 kg; give more servings.")
        row = uow.foods.add(
            FoodRow(
                kind="recipe",
                ref="",
                name=name,
                data_type="recipe",
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
        uow.commit()
        ref = row.ref
    ctx.diary_changed()
    return food_details(ctx, ref)


def update_recipe(ctx: AppContext, food_id: str, data: RecipeInput) -> FoodDetails:
    name = _check_name(data.name)
    with ctx.uow() as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind != "recipe":
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
        uow.commit()
    ctx.diary_changed()
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
    with ctx.uow() as uow:
        row = uow.foods.by_ref(food_id)
        if row is None or row.kind not in USER_KINDS:
            raise NotFound(f"No custom food, recipe or supplement with id '{shown(food_id)}'.")
        if uow.foods.is_used(row.id):
            row.archived = True
            outcome = "archived"
        else:
            uow.session.delete(row)
            outcome = "deleted"
        uow.commit()
    ctx.diary_changed()
    return outcome


def set_favourite(ctx: AppContext, food_id: str, favourite: bool) -> None:
    with ctx.uow() as uow:
        row = reference_row(ctx, uow, food_id)
        row.favourite = favourite
        uow.commit()
    ctx.diary_changed()
