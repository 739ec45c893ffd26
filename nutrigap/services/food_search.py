"""Finding foods and what they hold: search (recent and own foods first, then the food database), a food's
nutrients and portions, the diary's copy of a food-database food, and favourites."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, cast

from nutrigap.domain.diary import USER_KINDS, FoodKind, weight_unknown
from nutrigap.domain.errors import InvalidInput, NotFound, shown
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED
from nutrigap.domain.units import MASS_UNITS, MAX_ENTRY_GRAMS, check_entry_grams, parse_amount
from nutrigap.fooddb.database import FoodRecord
from nutrigap.fooddb.spelling import spelling_variants
from nutrigap.fooddb.text import fold, matches_all_prefixes, query_tokens
from nutrigap.services.context import AppContext
from nutrigap.services.portions import ordered_source_portions, volume_portions
from nutrigap.services.unit import write
from nutrigap.services.views import FoodDetails, FoodSummary, NutrientValue, PortionOption, RecipeIngredient

if TYPE_CHECKING:
    # SQLAlchemy stays unimported on a command-line search (nutrigap.store.quick_foods); see _personal_candidates
    from nutrigap.store.db import UnitOfWork
    from nutrigap.store.models import FoodRow
    from nutrigap.store.quick_foods import FoodLine

#: How many recently logged foods are searched before the food database.
RECENT_POOL = 300

# Names and units of the nutrients the diary may hold even when the food database is not built.
_FALLBACK_NAMES = {
    ENERGY_KCAL: ("Energy", "kcal"),
    1057: ("Caffeine", "mg"),
    1051: ("Water", "g"),
    **{n.fdc_id: (n.label, n.unit) for n in TRACKED},
}


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
    quick_file = ctx.quick_read_file()
    found = None
    if quick_file is not None:
        from nutrigap.store.quick_foods import read_personal_foods

        found = read_personal_foods(quick_file, RECENT_POOL)
    if found is not None:
        out = _candidates(found.recent, found.own)
    else:
        with ctx.uow() as uow:
            out = _candidates(uow.foods.recent(RECENT_POOL), uow.foods.user_foods())
    ctx.cache["personal_candidates"] = out
    return out


def _candidates(
    recent: Sequence[FoodRow | FoodLine], own: Sequence[FoodRow | FoodLine]
) -> list[tuple[FoodSummary, str]]:
    out: list[tuple[FoodSummary, str]] = []
    favourites = [f for f in [*recent, *own] if f.favourite]
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


class ServingOf(Protocol):
    """What :func:`portion_options` reads of a diary food (a ``FoodRow``, or a row read with ``sqlite3``)."""

    @property
    def kind(self) -> str: ...
    @property
    def serving_label(self) -> str | None: ...
    @property
    def serving_grams(self) -> float | None: ...
    @property
    def nominal_weight(self) -> bool: ...


class NamedPortion(Protocol):
    """A portion the user named (a ``UserPortionRow``, or a row read with ``sqlite3``)."""

    @property
    def name(self) -> str: ...
    @property
    def grams(self) -> float: ...


def _weight_unknown(row: ServingOf) -> bool:
    return weight_unknown(row.nominal_weight, row.serving_label, row.serving_grams)


def portion_options(
    record: FoodRecord | None, row: ServingOf | None, user_portions: Sequence[NamedPortion]
) -> tuple[PortionOption, ...]:
    """Every unit a food can be logged in: its serving, the user's portions, the source's measures, mass.

    A food imported from another app without a weight (``services.importers.plan.NOMINAL_GRAMS``: its values are one
    serving as the app recorded it, stored as a nominal 100 g) is logged only in that serving: grams, ounces or the
    person's portions of it would turn the nominal weight into a real one and give wrong amounts.
    """
    if row is not None and _weight_unknown(row):
        label = str(row.serving_label)
        return (PortionOption(label, label, float(row.serving_grams or 0), "serving"),)
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
        return details_in(ctx, uow, food_id)


def details_in(ctx: AppContext, uow: UnitOfWork, food_id: str) -> FoodDetails:
    row = uow.foods.by_ref(food_id)
    per100 = {} if row is None else {n.nutrient_id: n.amount for n in row.nutrients}
    ingredients = (
        ()
        if row is None
        else tuple(
            RecipeIngredient(i.ingredient.ref, i.ingredient.name, i.quantity, i.unit, i.amount_g)
            for i in row.ingredients
        )
    )
    details = details_of(ctx, food_id, row, per100, ingredients, lambda: uow.portions.for_ref(food_id))
    if details is None:
        if ctx.optional_food_db() is None and not food_id.startswith(USER_KINDS):
            raise NotFound(f"No food with id '{shown(food_id)}': {ctx.food_db_problem()}")
        raise NotFound(f"No food with id '{shown(food_id)}'; find ids with: nutrigap food search WORDS")
    return details


class StoredFood(ServingOf, Protocol):
    """What :func:`details_of` reads of a diary food (a ``FoodRow``, or ``store.quick_foods.StoredFoodRow``)."""

    @property
    def ref(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def data_type(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def brand(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def servings(self) -> float | None: ...


def details_of(
    ctx: AppContext,
    food_id: str,
    row: StoredFood | None,
    per100: dict[int, float],
    ingredients: tuple[RecipeIngredient, ...],
    user_portions: Callable[[], Sequence[NamedPortion]],
) -> FoodDetails | None:
    """A food's details from its diary row (None: not in the diary) with its values per 100 g, ingredients and
    the user's portions (read when needed), and the food database; None when neither has the food. Shared by
    :func:`details_in` and ``nutrigap food show`` without SQLAlchemy (``services.quick_foods``)."""
    food_db = ctx.optional_food_db()
    record = None
    if food_db is not None and (row is None or row.kind == FoodKind.REFERENCE):
        record = food_db.get(food_id)
    if row is None and record is None:
        return None
    portions = portion_options(record, row, user_portions())
    if row is not None:
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
            weight_known=not _weight_unknown(row),
        )
    assert record is not None
    return FoodDetails(
        id=record.id,
        name=record.name,
        data_type=record.data_type,
        kind=FoodKind.REFERENCE,
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
    # ... or after a comma ('cup, cooked' of oatmeal): 'cup' means it when no other measure starts that way
    qualified = [o for o in portions if o.origin == "source" and fold(o.unit.split(",")[0]) == key]
    return qualified[0] if len(qualified) == 1 else None


# --- the diary's copy of a food, favourites --------------------------------------------------------------
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
    from nutrigap.store.models import FoodRow

    return uow.foods.add_reference(
        FoodRow(
            kind=FoodKind.REFERENCE,
            ref=record.id,
            name=record.name,
            data_type=record.data_type,
            category=record.category,
            brand=record.brand,
            source=record.source,
        ),
        copied_values(record.nutrients),
    )


def copied_values(nutrients: dict[int, float]) -> dict[int, float]:
    """A food database food's values per 100 g as the diary copies them: a value that is not a finite amount
    (a damaged import) is unknown, never a poisoned total."""
    return {nid: v for nid, v in nutrients.items() if math.isfinite(v) and v >= 0}


def set_favourite(ctx: AppContext, food_id: str, favourite: bool) -> None:
    with write(ctx) as uow:
        row = reference_row(ctx, uow, food_id)
        row.favourite = favourite
