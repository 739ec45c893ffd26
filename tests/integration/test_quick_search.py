"""`nutrigap food search` reads the user's recent and own foods with sqlite3 alone (issue #16): it must list
exactly what the search through the models lists, and stand aside whenever only the full open can tell."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import diary, food_search, my_foods
from nutrigap.services.context import AppContext
from nutrigap.store.quick_foods import FoodLine, read_personal_foods
from tests.conftest import food_id
from tests.safety.helpers import run_cli

DAY = dt.date(2026, 11, 24)
QUERIES = ["spinach", "milk", "mag", "grandma", "green sm", "sp ra", "yoghurt", "zzz", "b"]


def _fill(ctx: AppContext) -> None:
    """Recent reference foods, own foods of every kind (one archived, one favourite), logged over days."""
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    muesli = my_foods.create_custom_food(
        ctx,
        my_foods.CustomFoodInput(
            name="Grandma's muesli", nutrients={1090: 60.0}, per_serving=True, serving_label="bowl", serving_grams=80
        ),
    )
    my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="almond bar", nutrients={1090: 80.0}))
    old = my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="Old spinach pie", nutrients={1090: 9.0}))
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
    for offset, (meal, food, amount, unit) in enumerate(
        [
            ("breakfast", milk, 244, "g"),
            ("dinner", spinach, 150, "g"),
            ("breakfast", muesli.id, 1, "bowl"),
            ("supplements", capsule.id, 2, "capsule"),
            ("snacks", smoothie.id, 1, "serving"),
            ("lunch", old.id, 100, "g"),
            ("lunch", spinach, 50, "g"),
        ]
    ):
        diary.log_food(ctx, DAY + dt.timedelta(days=offset % 3), meal, food, amount, unit)
    assert my_foods.delete_user_food(ctx, old.id) == "archived"
    food_search.set_favourite(ctx, milk, True)


def _line(row: object) -> FoodLine:
    return FoodLine(*(getattr(row, name) for name in FoodLine._fields))


def test_the_quick_read_gives_the_repositories_rows(ctx: AppContext) -> None:
    _fill(ctx)
    for limit in (300, 3, 1):
        with ctx.uow() as uow:
            recent = [_line(r) for r in uow.foods.recent(limit)]
            own = [_line(r) for r in uow.foods.user_foods()]
        found = read_personal_foods(ctx.paths.diary_file, limit)
        assert found is not None
        assert found.recent == recent
        assert found.own == own
    assert len(recent) == 1 and len(own) == 4  # the archived pie is not among the own foods


def test_a_read_only_search_lists_what_the_full_search_lists(ctx: AppContext) -> None:
    _fill(ctx)
    quick = AppContext(ctx.paths, read_only=True)
    try:
        for query in QUERIES:
            assert food_search.search_foods(quick, query, 20) == food_search.search_foods(ctx, query, 20), query
            quick.cache.clear()
        assert quick._engine is None  # answered without opening the diary
    finally:
        quick.close()


def test_the_command_prints_the_services_answer(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(ctx)
    for query in QUERIES:
        code, out, _ = run_cli(["food", "search", *query.split(), "--json"], capsys)
        assert code == 0
        expected = [h.to_json() for h in food_search.search_foods(ctx, query, 20)]
        assert json.loads(out) == expected, query


def test_a_command_line_search_never_imports_sqlalchemy(ctx: AppContext) -> None:
    _fill(ctx)
    ctx.close()
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        "main(['food', 'search', 'spinach'])\n"
        "heavy = ('sqlalchemy', 'pandas', 'numpy', 'matplotlib', 'nutrigap.store.models')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Spinach, raw" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_quick_read_stands_aside_when_only_the_full_open_can_tell(ctx: AppContext, tmp_path: Path) -> None:
    _fill(ctx)
    ctx.close()
    diary_file = ctx.paths.diary_file
    assert read_personal_foods(tmp_path / "no-diary.sqlite", 300) is None
    good = diary_file.read_bytes()
    damaged = bytearray(good)
    damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
    diary_file.write_bytes(bytes(damaged))
    assert read_personal_foods(diary_file, 300) is None
    diary_file.write_bytes(b"not a diary\n" * 100)
    assert read_personal_foods(diary_file, 300) is None
    for revision in ("0002", "9999"):
        diary_file.write_bytes(good)
        con = sqlite3.connect(diary_file)
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        con.commit()
        con.close()
        assert read_personal_foods(diary_file, 300) is None
    # a context that writes, or whose diary is open already, or on a server, never takes the quick read
    assert AppContext(ctx.paths).quick_read_file() is None
    server = dataclasses.replace(
        ctx.paths, diary_url="postgresql+psycopg://nobody@127.0.0.1:1/x", uses_default_diary=False
    )
    assert AppContext(server, read_only=True).quick_read_file() is None
    assert AppContext(DataPaths.from_environment(ctx.paths.home), read_only=True).quick_read_file() == diary_file
