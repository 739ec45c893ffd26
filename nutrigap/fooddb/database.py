"""Reading and searching the food-composition database (read-only SQLite, FTS5)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.limits import NUTRIENT_PER_100G, SOURCE_PORTION_GRAMS
from nutrigap.fooddb.ranking import rank
from nutrigap.fooddb.schema import SCHEMA_VERSION, ro_uri
from nutrigap.fooddb.text import fts_prefix_expression, query_tokens

#: How many of the shortest matching generic names are ranked per search (enough for every everyday query;
#: bounded so that one-letter queries stay fast).
GENERIC_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class FoodHit:
    """One search result."""

    id: str
    name: str
    data_type: str
    category: str | None
    brand: str | None = None


@dataclass(frozen=True, slots=True)
class Portion:
    """A household measure: ``label`` such as '1 cup, chopped' weighs ``grams``; ``unit`` names one unit of it."""

    label: str
    unit: str
    unit_amount: float
    grams: float

    @property
    def grams_per_unit(self) -> float:
        return self.grams / self.unit_amount


@dataclass(frozen=True, slots=True)
class FoodRecord:
    """A food with its nutrients per 100 g (only known values: a missing id means unknown)."""

    id: str
    name: str
    data_type: str
    category: str | None
    brand: str | None
    fdc_id: int | None
    source: str
    nutrients: dict[int, float]
    portions: tuple[Portion, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class NutrientMeta:
    id: int
    name: str
    unit: str


class FoodDatabase:
    """A read-only handle on the food database file. Thread-safe: one connection behind a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise FoodDatabaseError(f"The food database {path} has not been built yet; run: nutrigap food-db build")
        try:
            self._con = sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)
            version = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise FoodDatabaseError(
                f"The food database {path} is damaged ({exc}); rebuild it with: nutrigap food-db build"
            ) from None
        if version is None or version[0] != str(SCHEMA_VERSION):
            self._con.close()
            raise FoodDatabaseError(
                f"The food database {path} is from another NutriGap version; rebuild it with: nutrigap food-db build"
            )
        self.meta = meta
        self._generic_max = int(meta.get("generic_max_rowid", "0"))
        self._lock = threading.Lock()
        self._catalog: dict[int, NutrientMeta] | None = None

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> FoodDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- search -----------------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, *, generic_only: bool = False) -> list[FoodHit]:
        """Foods whose name has every query word as a word prefix, in any order.

        Generic foods (Foundation, SR Legacy, FNDDS) come before branded ones. Generic foods are ranked by how
        well their name answers the query (see :mod:`nutrigap.fooddb.ranking`: "egg" finds "Egg, whole, raw"
        before "Eggnog"), then shorter names first; a name already listed (the same food from another USDA
        data type) moves behind the distinct foods. Branded foods: first word at the start, then shorter first.
        """
        tokens = query_tokens(query)
        if not tokens or limit <= 0:
            return []
        anchored = fts_prefix_expression(tokens, anchor_first=True)
        anywhere = fts_prefix_expression(tokens)
        with self._lock:
            order = self._generic(tokens, anchored, anywhere, limit)
            if not generic_only and len(order) < limit:
                order += self._branded(anchored, anywhere, limit - len(order))
            if not order:
                return []
            marks = ",".join("?" * len(order))
            found = {
                row[0]: row[1:]
                for row in self._con.execute(
                    f"SELECT rowid, id, name, data_type, category, brand FROM food WHERE rowid IN ({marks})",
                    order,
                )
            }
        return [FoodHit(*found[r]) for r in order if r in found]

    def _matches(self, expression: str, low: int, high: int, limit: int) -> list[tuple[int, str]]:
        return self._con.execute(
            "SELECT f.rowid, f.name FROM food f WHERE f.rowid IN (SELECT rowid FROM food_fts"
            " WHERE food_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?) ORDER BY f.rowid",
            (expression, low, high, limit),
        ).fetchall()

    def _generic(self, tokens: list[str], anchored: str, anywhere: str, limit: int) -> list[int]:
        """Generic foods ranked by name (a bounded candidate set: the shortest matching names)."""
        wanted = max(limit, GENERIC_CANDIDATES)
        first = self._matches(anchored, 1, self._generic_max, wanted)
        starts = {rowid for rowid, _ in first}
        candidates = dict(first)
        if len(first) < wanted:
            # Heads after a class word ("Fish, salmon") or in another order ("whole milk") are found anywhere in
            # the name; when names starting with the query already fill the candidates, they are enough.
            for rowid, name in self._matches(anywhere, 1, self._generic_max, wanted):
                candidates.setdefault(rowid, name)
        ranked = sorted(candidates, key=lambda r: (rank(candidates[r], tokens, r in starts), r))
        distinct: list[int] = []
        repeats: list[int] = []
        seen: set[str] = set()
        for rowid in ranked:
            if len(distinct) >= limit:
                break
            key = candidates[rowid].casefold()
            (repeats if key in seen else distinct).append(rowid)
            seen.add(key)
        return (distinct + repeats)[:limit]

    def _branded(self, anchored: str, anywhere: str, limit: int) -> list[int]:
        low, high = self._generic_max + 1, 1 << 62
        order: list[int] = []
        for expression in (anchored, anywhere):
            for rowid, _ in self._matches(expression, low, high, limit + len(order)):
                if rowid not in order:
                    order.append(rowid)
            if len(order) >= limit:
                break
        return order[:limit]

    # --- lookup -----------------------------------------------------------------------------------------
    def get(self, food_id: str) -> FoodRecord | None:
        with self._lock:
            row = self._con.execute(
                "SELECT rowid, id, name, data_type, category, brand, fdc_id, source FROM food WHERE id = ?",
                (food_id,),
            ).fetchone()
            if row is None:
                return None
            rowid = row[0]
            # A database built before the limits (nutrigap.domain.limits) may hold implausible source values:
            # they read as unknown, and a portion of no plausible weight is left out.
            nutrients = {
                nid: amount
                for nid, amount in self._con.execute(
                    "SELECT nutrient_id, amount FROM food_nutrient WHERE food = ?", (rowid,)
                )
                if NUTRIENT_PER_100G.allows(amount)
            }
            portions = tuple(
                Portion(*p)
                for p in self._con.execute(
                    "SELECT label, unit, unit_amount, grams FROM portion WHERE food = ? ORDER BY seq",
                    (rowid,),
                )
                if SOURCE_PORTION_GRAMS.allows(p[3]) and isinstance(p[2], int | float) and p[2] > 0
            )
        return FoodRecord(
            id=row[1],
            name=row[2],
            data_type=row[3],
            category=row[4],
            brand=row[5],
            fdc_id=row[6],
            source=row[7],
            nutrients=nutrients,
            portions=portions,
        )

    def get_many(self, food_ids: Sequence[str]) -> dict[str, FoodRecord]:
        out: dict[str, FoodRecord] = {}
        for food_id in food_ids:
            record = self.get(food_id)
            if record is not None:
                out[food_id] = record
        return out

    def catalog(self) -> dict[int, NutrientMeta]:
        """Every nutrient the database knows: id -> name and unit."""
        if self._catalog is None:
            with self._lock:
                self._catalog = {
                    r[0]: NutrientMeta(*r) for r in self._con.execute("SELECT id, name, unit FROM nutrient")
                }
        return self._catalog

    def richest_in(
        self,
        nutrient_id: int,
        *,
        limit: int = 50,
        data_types: Sequence[str] = GENERIC_DATA_TYPES,
        min_amount: float = 0.0,
    ) -> list[tuple[str, float]]:
        """Food ids with the most of a nutrient per 100 g among ``data_types`` (fast for generic foods)."""
        marks = ",".join("?" * len(data_types))
        with self._lock:
            rows = self._con.execute(
                f"""SELECT f.id, n.amount FROM food f
                JOIN food_nutrient n ON n.food = f.rowid AND n.nutrient_id = ?
                WHERE n.amount > ? AND n.amount <= {NUTRIENT_PER_100G.high!r} AND f.data_type IN ({marks})
                ORDER BY n.amount DESC LIMIT ?""",
                (nutrient_id, min_amount, *data_types, limit),
            ).fetchall()
        return [(r[0], float(r[1])) for r in rows]

    def info(self) -> dict[str, object]:
        """Counts by data type, sources, path, size and build date."""
        with self._lock:
            counts = dict(self._con.execute("SELECT data_type, count(*) FROM food GROUP BY data_type").fetchall())
            layers = [
                {
                    "data_type": r[0],
                    "source": r[1],
                    "version": r[2],
                    "checksum": r[3],
                    "imported_at": r[4],
                    "foods": r[5],
                }
                for r in self._con.execute("SELECT * FROM layer ORDER BY data_type")
            ]
        return {
            "path": str(self.path),
            "size_bytes": self.path.stat().st_size,
            "built_at": self.meta.get("built_at"),
            "built_by": self.meta.get("built_by"),
            "schema_version": int(self.meta["schema_version"]),
            "implausible_values_unknown": int(self.meta.get("implausible_values_unknown", "0")),
            "implausible_portions_dropped": int(self.meta.get("implausible_portions_dropped", "0")),
            "counts": counts,
            "total": sum(counts.values()),
            "layers": layers,
        }
