"""From diary entries to nutrient intakes and daily totals, honest about unknown values.

An entry's frame row carries ``amount_g`` and the food's values per 100 g in columns named by FDC nutrient
id (``n1090`` magnesium, ...); NaN means the food has no value for that nutrient (unknown, not zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nutrigap.domain.diary import FoodKind
from nutrigap.domain.limits import NUTRIENT_PER_100G
from nutrigap.domain.nutrients import CAFFEINE, ENERGY_KCAL, TRACKED

ENERGY = "energy"
CAFFEINE_COL = "caffeine"
#: The nutrient columns of an intake frame, in display order.
INTAKE_COLUMNS: tuple[str, ...] = (*(n.value for n in TRACKED), ENERGY, CAFFEINE_COL)
_IDS = {**{n.value: n.fdc_id for n in TRACKED}, ENERGY: ENERGY_KCAL, CAFFEINE_COL: CAFFEINE}


def per100_column(nutrient_id: int) -> str:
    return f"n{nutrient_id}"


ENTRY_COLUMNS = ("entry_id", "day", "meal", "food_ref", "food_name", "kind", "amount_g")


def empty_entries() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in ENTRY_COLUMNS})
    frame["amount_g"] = frame["amount_g"].astype("float64")
    for nid in _IDS.values():
        frame[per100_column(nid)] = pd.Series(dtype="float64")
    return frame


def entry_intakes(entries: pd.DataFrame) -> pd.DataFrame:
    """Absolute intake of each nutrient per entry [unit of the nutrient], NaN where unknown.

    entries : DataFrame with ``amount_g`` [g] and ``n<id>`` [amount per 100 g] columns.
    """
    n = len(entries)
    grams = entries["amount_g"].to_numpy(dtype="float64")
    data: dict[str, object] = {c: entries[c].to_numpy() for c in ENTRY_COLUMNS if c in entries.columns}
    for name, nid in _IDS.items():
        col = per100_column(nid)
        per100 = entries[col].to_numpy(dtype="float64") if col in entries else np.full(n, np.nan)
        # A diary written before the shared limits may hold a value no food has (1e308 per 100 g from a typo):
        # it counts as unknown, so no total overflows to infinity ("inf%" in a report, OverflowError in a chart).
        with np.errstate(invalid="ignore"):
            per100 = np.where(per100 <= NUTRIENT_PER_100G.high, per100, np.nan)
        data[name] = per100 * grams / 100.0
    kind = entries["kind"].to_numpy() if "kind" in entries else np.full(n, "")
    data["supplemental"] = kind == FoodKind.SUPPLEMENT.value
    return pd.DataFrame(data, index=entries.index)


def daily_totals(intakes: pd.DataFrame, days: list[dt.date] | None = None) -> pd.DataFrame:
    """Totals per day: for each nutrient the sum of known values and ``<nutrient>_unknown_share``.

    The unknown share is the fraction of the day's logged grams whose food has no value for that nutrient
    [0..1]. ``grams`` and ``entries`` count what was logged; a day with no entries has ``entries`` 0 and
    NaN totals (it was not logged, which is different from eating nothing). ``magnesium_supplemental`` is
    the magnesium from supplements (the only part its UL applies to).
    """
    index = pd.Index(sorted(set(days)) if days is not None else sorted(intakes["day"].unique()), name="day")
    names = list(INTAKE_COLUMNS)
    if intakes.empty:
        frame = pd.DataFrame(index=index)
        frame["entries"] = 0
        frame["grams"] = 0.0
        for name in names:
            frame[name] = np.nan
            frame[f"{name}_unknown_share"] = np.nan
        frame["magnesium_supplemental"] = np.nan
        return frame
    values = intakes[names].to_numpy(dtype="float64")
    grams = intakes["amount_g"].to_numpy(dtype="float64")
    unknown = np.isnan(values)
    supplemental = np.where(
        intakes["supplemental"].to_numpy(dtype=bool), np.nan_to_num(values[:, names.index("magnesium")]), 0.0
    )
    # one grouped sum over every column at once: known values, grams without a value, grams, count, supplements
    wide = np.column_stack([np.nan_to_num(values), unknown * grams[:, None], grams, np.ones(len(grams)), supplemental])
    codes, uniques = pd.factorize(intakes["day"], sort=False)
    sums = np.zeros((len(uniques), wide.shape[1]))
    np.add.at(sums, codes, wide)
    k = len(names)
    day_grams = sums[:, 2 * k]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = sums[:, k : 2 * k] / day_grams[:, None]
    data: dict[str, np.ndarray] = {"entries": sums[:, 2 * k + 1], "grams": day_grams}
    for i, name in enumerate(names):
        data[name] = sums[:, i]
        data[f"{name}_unknown_share"] = shares[:, i]
    data["magnesium_supplemental"] = sums[:, 2 * k + 2]
    frame = pd.DataFrame(data, index=pd.Index(uniques, name="day")).reindex(index)
    frame["entries"] = frame["entries"].fillna(0).astype("int64")
    frame["grams"] = frame["grams"].fillna(0.0)
    return frame


def logged(totals: pd.DataFrame) -> pd.DataFrame:
    """Only the days that have at least one entry."""
    return totals[totals["entries"] > 0]


def entries_from_tables(entries: Sequence[Sequence[object]], values: Sequence[tuple[int, int, float]]) -> pd.DataFrame:
    """An entries frame from (entry id, day, meal, food id, food ref, food name, kind, grams) rows and the
    foods' known (food id, nutrient id, amount per 100 g) values; a missing value stays NaN (unknown)."""
    if not entries:
        return empty_entries()
    columns = list(zip(*entries, strict=True))
    food_ids = np.asarray(columns[3], dtype="int64")
    data: dict[str, object] = {
        "entry_id": np.asarray(columns[0], dtype="int64"),
        "day": np.asarray(columns[1], dtype=object),
        "meal": np.asarray(columns[2], dtype=object),
        "food_ref": np.asarray(columns[4], dtype=object),
        "food_name": np.asarray(columns[5], dtype=object),
        "kind": np.asarray(columns[6], dtype=object),
        "amount_g": np.asarray(columns[7], dtype="float64"),
    }
    foods, codes = np.unique(food_ids, return_inverse=True)
    nutrient_order = {nid: i for i, nid in enumerate(_IDS.values())}
    per_food = np.full((len(foods), len(nutrient_order)), np.nan)
    if values:
        v_food, v_nutrient, v_amount = (np.asarray(c) for c in zip(*values, strict=True))
        keep = np.isin(v_nutrient, list(nutrient_order))
        rows = np.searchsorted(foods, v_food[keep])
        found = (rows < len(foods)) & (foods[np.minimum(rows, len(foods) - 1)] == v_food[keep])
        cols = np.array([nutrient_order[int(n)] for n in v_nutrient[keep]], dtype="int64")
        per_food[rows[found], cols[found]] = v_amount[keep][found].astype("float64")
    for nid, i in nutrient_order.items():
        data[per100_column(nid)] = per_food[codes, i]
    return pd.DataFrame(data)
