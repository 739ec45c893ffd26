"""From diary entries to nutrient intakes and daily totals, honest about unknown values.

An entry's frame row carries ``amount_g`` and the food's values per 100 g in columns named by FDC nutrient
id (``n1090`` magnesium, ...); NaN means the food has no value for that nutrient (unknown, not zero).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import CAFFEINE, ENERGY_KCAL, TRACKED, Nutrient

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
    grams = entries["amount_g"].astype("float64")
    for name, nid in _IDS.items():
        col = per100_column(nid)
        per100 = entries[col].astype("float64") if col in entries else pd.Series(np.nan, index=entries.index)
        out[name] = grams * per100 / 100.0
    out["supplemental"] = entries.get("kind", pd.Series("", index=entries.index)).eq("supplement")
    return out


def daily_totals(intakes: pd.DataFrame, days: list[dt.date] | None = None) -> pd.DataFrame:
    """Totals per day: for each nutrient the sum of known values and ``<nutrient>_unknown_share``.

    The unknown share is the fraction of the day's logged grams whose food has no value for that nutrient
    [0..1]. ``grams`` and ``entries`` count what was logged; a day with no entries has ``entries`` 0 and
    NaN totals (it was not logged, which is different from eating nothing). ``magnesium_supplemental`` is
    the magnesium from supplements (the only part its UL applies to).
    """
    index = pd.Index(sorted(set(days)) if days is not None else sorted(intakes["day"].unique()), name="day")
    if intakes.empty:
        frame = pd.DataFrame(index=index)
        frame["entries"] = 0
        frame["grams"] = 0.0
        for name in INTAKE_COLUMNS:
            frame[name] = np.nan
            frame[f"{name}_unknown_share"] = np.nan
        frame["magnesium_supplemental"] = np.nan
        return frame
    grams = intakes["amount_g"].astype("float64")
    parts: dict[str, pd.Series] = {
        "entries": intakes.groupby("day")["amount_g"].size(),
        "grams": grams.groupby(intakes["day"]).sum(),
    }
    for name in INTAKE_COLUMNS:
        values = intakes[name]
        parts[name] = values.groupby(intakes["day"]).sum(min_count=0)
        unknown_grams = grams.where(values.isna(), 0.0).groupby(intakes["day"]).sum()
        parts[f"{name}_unknown_share"] = unknown_grams / parts["grams"]
    supplemental = intakes[Nutrient.MAGNESIUM.value].where(intakes["supplemental"], 0.0).fillna(0.0)
    parts["magnesium_supplemental"] = supplemental.groupby(intakes["day"]).sum()
    frame = pd.DataFrame(parts).reindex(index)
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
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[*ENTRY_COLUMNS, "nutrient_id", "amount"],
    )
    base = frame.drop_duplicates("entry_id")[list(ENTRY_COLUMNS)].set_index("entry_id")
    known = frame.dropna(subset=["nutrient_id"])
    wide = known.pivot_table(index="entry_id", columns="nutrient_id", values="amount", aggfunc="first")
    wide.columns = [per100_column(int(c)) for c in wide.columns]
    out = base.join(wide, how="left").reset_index()
    for nid in _IDS.values():
        col = per100_column(nid)
        if col not in out:
            out[col] = np.nan
    out["amount_g"] = out["amount_g"].astype("float64")
    return out
