"""The nutrients NutriGap tracks, keyed by USDA FoodData Central nutrient id.

Nutrient ids, names and units are from FoodData Central ``nutrient.csv`` (see
``../shared/reference/nutrition-reference.md`` §3 and ``food_db/README.md``):
1008 Energy KCAL, 1087 Calcium MG, 1090 Magnesium MG, 1092 Potassium MG,
1114 Vitamin D (D2 + D3) UG, 1110 Vitamin D IU, 1178 Vitamin B-12 UG, 1057 Caffeine MG, 1051 Water G.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ENERGY_KCAL = 1008
ENERGY_ATWATER_GENERAL = 2047
ENERGY_ATWATER_SPECIFIC = 2048
CAFFEINE = 1057
WATER = 1051
VITAMIN_D_IU = 1110
VITAMIN_D_UG = 1114

#: 1 µg cholecalciferol = 40 IU vitamin D (IOM 1998, p. 566 footnote a; reference §1.3).
IU_PER_UG_VITAMIN_D = 40.0


class Nutrient(StrEnum):
    """The five nutrients behind nerve–muscle signalling that NutriGap assesses."""

    MAGNESIUM = "magnesium"
    CALCIUM = "calcium"
    POTASSIUM = "potassium"
    VITAMIN_D = "vitamin_d"
    VITAMIN_B12 = "vitamin_b12"

    @property
    def info(self) -> NutrientInfo:
        return NUTRIENT_INFO[self]

    @property
    def fdc_id(self) -> int:
        return NUTRIENT_INFO[self].fdc_id

    @property
    def unit(self) -> str:
        return NUTRIENT_INFO[self].unit

    @property
    def label(self) -> str:
        return NUTRIENT_INFO[self].label


@dataclass(frozen=True, slots=True)
class NutrientInfo:
    key: Nutrient
    fdc_id: int
    label: str
    unit: str  # "mg" or "µg"


NUTRIENT_INFO: dict[Nutrient, NutrientInfo] = {
    Nutrient.MAGNESIUM: NutrientInfo(Nutrient.MAGNESIUM, 1090, "Magnesium", "mg"),
    Nutrient.CALCIUM: NutrientInfo(Nutrient.CALCIUM, 1087, "Calcium", "mg"),
    Nutrient.POTASSIUM: NutrientInfo(Nutrient.POTASSIUM, 1092, "Potassium", "mg"),
    Nutrient.VITAMIN_D: NutrientInfo(Nutrient.VITAMIN_D, VITAMIN_D_UG, "Vitamin D", "µg"),
    Nutrient.VITAMIN_B12: NutrientInfo(Nutrient.VITAMIN_B12, 1178, "Vitamin B12", "µg"),
}

TRACKED: tuple[Nutrient, ...] = tuple(Nutrient)

#: Nutrient ids whose per-100 g values the diary copies when a food is first logged,
#: so that past entries keep counting even if the food database changes.
SNAPSHOT_NUTRIENT_IDS: tuple[int, ...] = (
    ENERGY_KCAL,
    *(n.fdc_id for n in TRACKED),
    CAFFEINE,
    WATER,
)
