"""From diary entries to nutrient intakes and daily totals, honest about unknown values.

An entry's frame row carries ``amount_g`` and the food's values per 100 g in columns named by FDC nutrient
id (``n1090`` magnesium, ...); NaN means the food has no value for that nutrient (unknown, not zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

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
    out = entries.loc[:, [c for c in ENTRY_COLUMNS if c in entries.columns]].copy()
    grams = entries["amount_g"].to_numpy(dtype="float64")
    per100 = (
        np.column_stack(
            [
                entries[per100_column(nid)].to_numpy(dtype="float64")
                if per100_column(nid) in entries
                else np.full(len(entries), np.nan)
                for nid in _IDS.values()
            ]
        )
        if len(entries)
        else np.empty((0, len(_IDS)))
    )
    intake = per100 * (grams[:, None] / 100.0)
    for i, name in enumerate(_IDS):
        out[name] = intake[:, i]
    kind = entries["kind"] if "kind" in entries else pd.Series("", index=entries.index)
    out["supplemental"] = kind.eq("supplement").to_numpy()
    return out


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
    # one grouped sum over every column at once: known values, grams without a value, and the rest
    wide = np.column_stack([np.nan_to_num(values), unknown * grams[:, None], grams, np.ones(len(grams)), supplemental])
    columns = [*names, *(f"{n}_unknown_grams" for n in names), "grams", "entries", "magnesium_supplemental"]
    sums = pd.DataFrame(wide, columns=columns).groupby(intakes["day"].to_numpy()).sum()
    frame = pd.DataFrame(index=sums.index)
    frame["entries"] = sums["entries"]
    frame["grams"] = sums["grams"]
    for name in names:
        frame[name] = sums[name]
        frame[f"{name}_unknown_share"] = sums[f"{name}_unknown_grams"] / sums["grams"]
    frame["magnesium_supplemental"] = sums["magnesium_supplemental"]
    frame = frame.reindex(index)
    frame.index.name = "day"
    frame["entries"] = frame["entries"].fillna(0).astype("int64")
    frame["grams"] = frame["grams"].fillna(0.0)
    return frame


def logged(totals: pd.DataFrame) -> pd.DataFrame:
    """Only the days that have at least one entry."""
    return totals[totals["entries"] > 0]


def entries_from_rows(rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """Pivot (entry_id, day, meal, food_ref, food_name, kind, amount_g, nutrient_id, amount) rows — one per
    known nutrient value, or one with a None nutrient for a food with none of them — into an entries frame."""
    if not rows:
        return empty_entries()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=[*ENTRY_COLUMNS, "nutrient_id", "amount"])
    codes, entry_ids = pd.factorize(frame["entry_id"], sort=False)
    first = np.unique(codes, return_index=True)[1]
    out = frame.iloc[first][list(ENTRY_COLUMNS)].reset_index(drop=True)
    out["amount_g"] = out["amount_g"].astype("float64")
    nutrient = pd.to_numeric(frame["nutrient_id"], errors="coerce").to_numpy()
    amount = pd.to_numeric(frame["amount"], errors="coerce").to_numpy(dtype="float64")
    for nid in _IDS.values():
        column = np.full(len(entry_ids), np.nan)
        mask = nutrient == nid
        column[codes[mask]] = amount[mask]
        out[per100_column(nid)] = column
    return out
