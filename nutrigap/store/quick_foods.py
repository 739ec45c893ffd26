"""The user's recent and own foods read with the standard library's ``sqlite3`` alone, for a command-line search.

``nutrigap food search`` needs nothing from the diary but these rows, and importing SQLAlchemy and mapping the
models took about 0.3 s of the command's 0.35–0.5 s (issue #16). So when the diary is an SQLite file at the
newest schema revision and the command only reads, the search reads them here; anything unexpected (no diary
yet, an older or newer schema, a damaged or foreign file) answers None and the caller opens the diary the full
way, which explains any problem. The file is checked (``quick_check``) and opened read-only, as for the
window's first paint (:mod:`nutrigap.store.day_preview`).

The SQL repeats :meth:`nutrigap.store.repositories.FoodRepository.recent` and ``user_foods`` over the columns
of :mod:`nutrigap.store.models`; ``tests/integration/test_quick_search.py`` checks both give the same rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

from nutrigap.domain.diary import USER_KINDS
from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.store.revisions import HEAD
from nutrigap.store.sqlite_file import BUSY_TIMEOUT_S, DIARY_TABLES, check_sqlite_file, read_facts, ro_uri


class FoodLine(NamedTuple):
    """A diary food as the search lists it (the columns of ``FoodRow`` it uses)."""

    id: int
    ref: str
    name: str
    data_type: str
    category: str | None
    brand: str | None
    kind: str
    favourite: bool
    archived: bool


class PersonalFoods(NamedTuple):
    """Recently logged foods (newest first) and the user's own foods (by name)."""

    recent: list[FoodLine]
    own: list[FoodLine]


_COLUMNS = "f.id, f.ref, f.name, f.data_type, f.category, f.brand, f.kind, f.favourite, f.archived"


def read_personal_foods(path: Path, recent_limit: int) -> PersonalFoods | None:
    """The ``recent_limit`` most recently logged foods and the own foods in the SQLite diary at ``path``, or
    None when this read cannot stand in for opening the diary (see the module's text)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        check_sqlite_file(path)
        facts = read_facts(path)
        if facts.revision != HEAD or not facts.tables >= DIARY_TABLES:
            return None
        con = sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            return _read(con, recent_limit)
        finally:
            con.close()
    except (DiaryDatabaseError, sqlite3.Error, OSError, ValueError, TypeError):
        return None


def _line(row: tuple[object, ...]) -> FoodLine:
    return FoodLine(
        id=int(row[0]),  # type: ignore[call-overload]
        ref=str(row[1]),
        name=str(row[2]),
        data_type=str(row[3]),
        category=None if row[4] is None else str(row[4]),
        brand=None if row[5] is None else str(row[5]),
        kind=str(row[6]),
        favourite=bool(row[7]),
        archived=bool(row[8]),
    )


def _read(con: sqlite3.Connection, recent_limit: int) -> PersonalFoods:
    # created_at is SQLAlchemy's DateTime on SQLite: ISO text, which sorts as the moments do. NOT INDEXED: one
    # pass over the table instead of a walk of the food_id index with a table lookup per entry, the same rows
    # in 0.09 s instead of 0.2 s for ten years of entries (benchmarks: "nutrigap food search")
    recent = con.execute(
        f"""SELECT {_COLUMNS} FROM food f
            JOIN (SELECT food_id, max(created_at) AS last_used FROM diary_entry NOT INDEXED GROUP BY food_id
                  ORDER BY last_used DESC, food_id DESC LIMIT ?) s ON s.food_id = f.id
            ORDER BY s.last_used DESC, f.id DESC""",
        (recent_limit,),
    ).fetchall()
    return PersonalFoods([_line(r) for r in recent], own_foods(con))


def own_foods(con: sqlite3.Connection) -> list[FoodLine]:
    """The user's own foods that are not archived, by name (``FoodRepository.user_foods``; also
    ``nutrigap food mine``)."""
    marks = ",".join("?" * len(USER_KINDS))
    own = con.execute(
        f"SELECT {_COLUMNS} FROM food f WHERE f.kind IN ({marks}) AND f.archived IS 0", tuple(USER_KINDS)
    ).fetchall()
    return sorted((_line(r) for r in own), key=lambda r: (r.name.casefold(), r.name, r.id))


class StoredFoodRow(NamedTuple):
    """A diary food's columns (``FoodRow``) that ``nutrigap food show`` reads."""

    id: int
    ref: str
    kind: str
    name: str
    data_type: str
    category: str | None
    brand: str | None
    source: str | None
    serving_label: str | None
    serving_grams: float | None
    servings: float | None
    nominal_weight: bool


class IngredientRow(NamedTuple):
    """A recipe's ingredient (``RecipeItemRow`` with its food's ref and name)."""

    ref: str
    name: str
    quantity: float
    unit: str
    amount_g: float


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def stored_food(con: sqlite3.Connection, ref: str) -> StoredFoodRow | None:
    """The diary food with this ref (``FoodRepository.by_ref``), None when the diary has none."""
    r = con.execute(
        """SELECT id, ref, kind, name, data_type, category, brand, source, serving_label, serving_grams, servings,
                  nominal_weight FROM food WHERE ref = ?""",
        (ref,),
    ).fetchone()
    if r is None:
        return None
    return StoredFoodRow(
        int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), _text(r[5]), _text(r[6]), _text(r[7]), _text(r[8]),
        _number(r[9]), _number(r[10]), bool(r[11]),
    )  # fmt: skip


def ingredients_of(con: sqlite3.Connection, recipe_id: int) -> list[IngredientRow]:
    """A recipe's ingredients in the order of ``FoodRow.ingredients`` (by position)."""
    rows = con.execute(
        """SELECT f.ref, f.name, i.quantity, i.unit, i.amount_g FROM recipe_item i JOIN food f ON f.id = i.ingredient_id
           WHERE i.recipe_id = ? ORDER BY i.position, i.id""",
        (recipe_id,),
    ).fetchall()
    return [IngredientRow(str(a), str(b), float(c), str(d), float(e)) for a, b, c, d, e in rows]
