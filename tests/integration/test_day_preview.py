"""The window's first paint reads the shown day with sqlite3 alone: it must answer exactly what the diary service
answers through the models, for every kind of food and entry, and stand aside (None) whenever it cannot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.paths import DataPaths
from nutrigap.services import diary, my_foods, profile
from nutrigap.services.context import AppContext
from nutrigap.services.day_preview import day_preview
from nutrigap.store.sqlite_file import check_sqlite_file
from tests.conftest import food_id

DAY = dt.date(2026, 11, 24)


def _fill(ctx: AppContext) -> None:
    """A realistic day: reference foods (one with unknown values), a custom food from a label, a supplement, a
    recipe, notes, portions, several meals and a rearranged order, plus entries on the days around it."""
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    muesli = my_foods.create_custom_food(
        ctx,
        my_foods.CustomFoodInput(
            name="Grandma's muesli",
            nutrients={1090: 60.0, 1087: 40.0, 1008: 210.0, 1092: None},
            per_serving=True,
            serving_label="bowl",
            serving_grams=80,
        ),
    )
    capsule = my_foods.create_supplement(
        ctx,
        my_foods.SupplementInput(name="Magnesium glycinate", unit_label="capsule", nutrients_per_unit={1090: 200.0}),
    )
    smoothie = my_foods.create_recipe(
        ctx,
        my_foods.RecipeInput(
            name="Green smoothie",
            items=[my_foods.RecipeItemInput(spinach, 60), my_foods.RecipeItemInput(milk, 240)],
            servings=2,
        ),
    )
    diary.log_food(ctx, DAY, "dinner", spinach, 150, note="steamed, with lemon")
    diary.log_food(ctx, DAY, "breakfast", muesli.id, 1, "bowl")
    diary.log_food(ctx, DAY, "breakfast", milk, 244)
    diary.log_food(ctx, DAY, "supplements", capsule.id, 2, "capsule")
    diary.log_food(ctx, DAY, "snacks", smoothie.id, 1, "serving")
    late = diary.log_food(ctx, DAY, "lunch", spinach, 3.5, "oz")
    diary.update_entry(ctx, late.id, meal="breakfast")  # moved: its position follows the breakfast entries
    diary.log_food(ctx, DAY - dt.timedelta(days=1), "lunch", milk, 100)
    diary.log_food(ctx, DAY + dt.timedelta(days=1), "lunch", spinach, 100)


def test_the_preview_is_what_the_diary_service_reads(ctx: AppContext) -> None:
    _fill(ctx)
    profile.set_profile(ctx, sex="male", birth_date="1971-02-03", vitamin_d_unit="IU")
    expected_entries = diary.entries_for_day(ctx, DAY)
    expected_profile = profile.get_profile(ctx)
    ctx.close()
    preview = day_preview(ctx.paths, DAY)
    assert preview is not None
    assert preview.day == DAY
    assert [dataclasses.asdict(e) for e in preview.entries] == [dataclasses.asdict(e) for e in expected_entries]
    assert len(preview.entries) == 6
    assert any(v is None for e in preview.entries for v in e.nutrients.values())  # unknown stays unknown
    assert preview.profile == expected_profile and not preview.profile.is_default


def test_the_preview_has_the_default_profile_and_empty_days(ctx: AppContext) -> None:
    _fill(ctx)
    ctx.close()
    preview = day_preview(ctx.paths, DAY)
    assert preview is not None and preview.profile == profile.get_profile(ctx) and preview.profile.is_default
    empty = day_preview(ctx.paths, dt.date(2020, 1, 1))
    assert empty is not None and empty.entries == []


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_preview_stands_aside_when_only_the_full_open_can_tell(ctx: AppContext, tmp_path: Path) -> None:
    _fill(ctx)
    ctx.close()
    paths = ctx.paths
    diary_file = paths.diary_file
    # no diary yet
    assert day_preview(DataPaths.from_environment(tmp_path / "new-home"), DAY) is None
    # a diary on a database server
    server = dataclasses.replace(paths, diary_url="postgresql+psycopg://nobody@127.0.0.1:1/x", uses_default_diary=False)
    assert day_preview(server, DAY) is None
    good = diary_file.read_bytes()
    # a damaged diary: pages in the middle overwritten (quick_check finds it; nothing is shown from it)
    page = 4096
    damaged = bytearray(good)
    damaged[3 * page : 5 * page] = b"\xa5" * (2 * page)
    diary_file.write_bytes(bytes(damaged))
    with pytest.raises(DiaryDatabaseError, match="damaged"):
        check_sqlite_file(diary_file)
    assert day_preview(paths, DAY) is None
    assert diary_file.read_bytes() == bytes(damaged)
    # a file that is not a diary
    diary_file.write_bytes(b"this is a spreadsheet, not a diary\n" * 100)
    assert day_preview(paths, DAY) is None
    # a diary that needs a schema upgrade (an older revision) or comes from a newer NutriGap
    diary_file.write_bytes(good)
    assert day_preview(paths, DAY) is not None
    for revision in ("0002", "9999"):
        con = sqlite3.connect(diary_file)
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        con.commit()
        con.close()
        before = _digest(diary_file)
        assert day_preview(paths, DAY) is None
        assert _digest(diary_file) == before  # read-only: not one byte changed


def test_the_preview_never_imports_sqlalchemy_or_pandas(ctx: AppContext) -> None:
    """The point of the preview: a fresh process reads the day without SQLAlchemy, pandas or the models."""
    _fill(ctx)
    ctx.close()
    script = (
        "import sys, datetime as dt\n"
        "from nutrigap.paths import DataPaths\n"
        "from nutrigap.services.day_preview import day_preview\n"
        f"p = day_preview(DataPaths.from_environment(), dt.date({DAY.year}, {DAY.month}, {DAY.day}))\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models')\n"
        "print(len(p.entries), sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "6 []"


@pytest.mark.parametrize("meal", ["breakfast", "supplements"])
def test_the_preview_follows_edits_and_deletes(ctx: AppContext, meal: str) -> None:
    _fill(ctx)
    first = next(e for e in diary.entries_for_day(ctx, DAY) if e.meal == meal)
    diary.remove_entry(ctx, first.id)
    expected = diary.entries_for_day(ctx, DAY)
    preview = day_preview(ctx.paths, DAY)
    assert preview is not None and preview.entries == expected
