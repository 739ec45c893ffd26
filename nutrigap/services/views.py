"""Plain data the services hand to the window and the command line (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from nutrigap.domain.diary import DEFAULT_PROFILE, LifeStage, Meal, Profile, Sex
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED, Nutrient


@dataclass(frozen=True, slots=True)
class FoodSummary:
    """A search result. ``origin``: 'recent', 'mine' (custom, recipe, supplement) or 'database'."""

    id: str
    name: str
    data_type: str
    category: str | None
    brand: str | None
    origin: str
    #: a branded food's first serving ('1/4 cup (28 g)') and its energy [kcal]: what tells such products apart
    serving: str | None = None
    serving_kcal: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "data_type": self.data_type,
            "category": self.category,
            "brand": self.brand,
            "serving": self.serving,
            "serving_kcal": None if self.serving_kcal is None else round(self.serving_kcal),
        }

    @property
    def distinction(self) -> str:
        """What sets a branded product apart from others of the same name: '1/4 cup (28 g), 164 kcal · Snacks'."""
        parts = []
        if self.serving:
            kcal = "" if self.serving_kcal is None else f", {self.serving_kcal:.0f} kcal"
            parts.append(self.serving + kcal)
        if self.category:
            parts.append(self.category)
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class PortionOption:
    """A way to give an amount: ``unit`` is what to type; one unit weighs ``grams_per_unit``.

    ``origin``: 'mass' (g, oz, lb, kg), 'volume' (ml, fl oz from the food's own cup or fl oz weight), 'source'
    (food database), 'user' (defined by the user) or 'serving'. ``measure_amount`` is how many units the measure
    names ("1/2 cup, chopped": 0.5 cup), the quantity to pre-fill when the measure is the default.
    """

    label: str
    unit: str
    grams_per_unit: float
    origin: str
    measure_amount: float = 1.0


@dataclass(frozen=True, slots=True)
class NutrientValue:
    id: int
    name: str
    unit: str
    amount: float


@dataclass(frozen=True, slots=True)
class FoodDetails:
    """A food with its nutrients per 100 g (only known values) and the portions it can be logged in."""

    id: str
    name: str
    data_type: str
    kind: str
    category: str | None
    brand: str | None
    source: str | None
    nutrients: tuple[NutrientValue, ...]
    portions: tuple[PortionOption, ...]
    serving_label: str | None = None
    serving_grams: float | None = None
    servings: float | None = None
    in_food_db: bool = True
    ingredients: tuple[RecipeIngredient, ...] = ()
    #: False for a food imported without a weight: its grams are nominal, so none are shown
    weight_known: bool = True

    def per100(self) -> dict[int, float]:
        return {n.id: n.amount for n in self.nutrients}

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "data_type": self.data_type,
            "category": self.category,
            "brand": self.brand,
            "source": self.source,
            "nutrients_per_100g": [
                {"id": n.id, "name": n.name, "unit": n.unit, "amount": round(n.amount, 4)} for n in self.nutrients
            ],
            "portions": [
                {
                    "label": p.label,
                    "unit": p.unit,
                    "grams_per_unit": round(p.grams_per_unit, 4),
                    "origin": p.origin,
                }
                for p in self.portions
            ],
            "ingredients": [
                {"id": i.food_id, "name": i.name, "quantity": i.quantity, "unit": i.unit, "grams": i.grams}
                for i in self.ingredients
            ],
            "servings": self.servings,
        }


@dataclass(frozen=True, slots=True)
class RecipeIngredient:
    food_id: str
    name: str
    quantity: float
    unit: str
    grams: float


@dataclass(frozen=True, slots=True)
class EntryView:
    """One diary entry with what it supplied of the five nutrients and energy (None = unknown)."""

    id: int
    day: dt.date
    meal: str
    position: int
    food_id: str
    food_name: str
    data_type: str
    quantity: float
    unit: str
    amount_g: float
    note: str | None
    nutrients: dict[Nutrient, float | None] = field(default_factory=dict)
    energy_kcal: float | None = None
    #: False for a food imported without a weight: ``amount_g`` is nominal and never shown as a weight
    weight_known: bool = True

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.day.isoformat(),
            "meal": self.meal,
            "food_id": self.food_id,
            "food_name": self.food_name,
            "data_type": self.data_type,
            "quantity": self.quantity,
            "unit": self.unit,
            "grams": round(self.amount_g, 3) if self.weight_known else None,  # imported without a weight
            "note": self.note,
            "energy_kcal": None if self.energy_kcal is None else round(self.energy_kcal, 1),
            "nutrients": {k.value: (None if v is None else round(v, 3)) for k, v in self.nutrients.items()},
        }


#: Meals in the order the day shows them.
MEAL_ORDER: dict[str, int] = {m.value: i for i, m in enumerate(Meal)}


def entry_sort_key(entry: EntryView) -> tuple[int, int, int]:
    """A day's entries in meal order, then as the user arranged them, then by when they were logged."""
    return (MEAL_ORDER.get(entry.meal, len(MEAL_ORDER)), entry.position, entry.id)


def supplied(per100: Mapping[int, float], grams: float) -> tuple[dict[Nutrient, float | None], float | None]:
    """The five nutrients and the energy [kcal] in ``grams`` of a food with these values per 100 g (by FoodData
    Central nutrient id); None where the food has no value (unknown, never 0)."""
    factor = grams / 100.0
    nutrients: dict[Nutrient, float | None] = {}
    for nutrient in TRACKED:
        value = per100.get(nutrient.fdc_id)
        nutrients[nutrient] = None if value is None else value * factor
    energy = per100.get(ENERGY_KCAL)
    return nutrients, None if energy is None else energy * factor


def make_entry_view(
    *,
    id: int,
    day: dt.date,
    meal: str,
    position: int,
    food_ref: str,
    food_name: str,
    data_type: str,
    quantity: float,
    unit: str,
    amount_g: float,
    note: str | None,
    per100: Mapping[int, float],
    weight_known: bool = True,
) -> EntryView:
    """An entry with what it supplied: ``per100`` holds the food's known values per 100 g by FoodData Central
    nutrient id (an absent id is unknown, never 0). The one place entry nutrients are worked out, for the
    diary service and for the window's first paint alike."""
    nutrients, energy_kcal = supplied(per100, amount_g)
    return EntryView(
        id=id,
        day=day,
        meal=meal,
        position=position,
        food_id=food_ref,
        food_name=food_name,
        data_type=data_type,
        quantity=quantity,
        unit=unit,
        amount_g=amount_g,
        note=note,
        nutrients=nutrients,
        energy_kcal=energy_kcal,
        weight_known=weight_known,
    )


@dataclass(frozen=True, slots=True)
class ProfileView:
    """The person the diary belongs to; ``is_default`` until they set their own (woman, born 1990-01-01)."""

    profile: Profile
    is_default: bool

    def to_json(self, on: dt.date | None = None) -> dict[str, object]:
        p = self.profile
        on = on or dt.date.today()
        return {
            "sex": p.sex.value,
            "birth_date": p.birth_date.isoformat(),
            "age": p.age_years(on),
            "life_stage": p.life_stage.value,
            "pregnant": p.life_stage is LifeStage.PREGNANT,
            "lactating": p.life_stage is LifeStage.LACTATING,
            "vitamin_d_unit": p.vitamin_d_unit,
            "is_default": self.is_default,
        }


class ProfileFields(Protocol):
    """A saved profile as the diary stores it (the model's row, or the first frame's sqlite3 record)."""

    @property
    def sex(self) -> str: ...
    @property
    def birth_date(self) -> dt.date: ...
    @property
    def life_stage(self) -> str: ...
    @property
    def vitamin_d_unit(self) -> str: ...


def profile_view_of(saved: ProfileFields | None) -> ProfileView:
    """The profile the diary holds, or the documented default (woman, born 1990-01-01) until one is saved.
    Raises ValueError for a sex or life stage the domain does not know."""
    if saved is None:
        return ProfileView(DEFAULT_PROFILE, True)
    return ProfileView(
        Profile(
            sex=Sex(saved.sex),
            birth_date=saved.birth_date,
            life_stage=LifeStage(saved.life_stage),
            vitamin_d_unit=saved.vitamin_d_unit,
        ),
        False,
    )
