"""Bad input where people type it: command-line arguments, and the services behind the custom food, recipe
and supplement editors (on SQLite and PostgreSQL, which enforces column sizes SQLite ignores). Each gets
one clear line and the diary keeps every row as it was."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.cli import main
from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.services import diary, my_foods, profile
from nutrigap.services.context import AppContext
from tests.safety.conftest import BACKENDS
from tests.safety.helpers import dump, files, food_ids

D = "2026-11-24"
BAD_AMOUNTS = ["-1", "0", "nan", "NaN", "inf", "-inf", "1e400", "1e-400", "1/0", "abc", "", " ", "6000", "9" * 20]
CLI_CORPUS: list[list[str]] = [
    ["log", "add", "2026-13-45", "lunch", "{F}", "100"],
    ["log", "add", "1899-12-31", "lunch", "{F}", "100"],
    ["log", "add", "2201-01-01", "lunch", "{F}", "100"],
    ["log", "add", "24.11.2026", "lunch", "{F}", "100"],
    ["log", "add", D, "brunch", "{F}", "100"],
    *[["log", "add", D, "lunch", "{F}", amount] for amount in BAD_AMOUNTS],
    ["log", "add", D, "lunch", "{F}", "1", "bucket"],
    ["log", "add", D, "lunch", "{F}", "3", "lb"],  # 1.36 kg is fine ...
    ["log", "add", D, "lunch", "{F}", "12", "lb"],  # ... 5.4 kg is not
    ["log", "add", D, "lunch", "pf:000000000000", "100"],
    ["log", "add", D, "lunch", "'; DROP TABLE diary_entry; --", "100"],
    ["log", "add", D, "lunch", "x" * 10_000, "100"],
    ["log", "add", D, "lunch", "{F}", "100", "--note", "x" * 3000],
    ["log", "add", D, "lunch", "{F}", "100", "g" * 500],
    ["log", "edit", "abc", "--amount", "5"],
    ["log", "edit", "99999999999999999999", "--amount", "5"],
    ["log", "edit", "424242", "--amount", "5"],
    ["log", "edit", "{E}", "--amount", "-3"],
    ["log", "edit", "{E}", "--amount", "nan"],
    ["log", "edit", "{E}", "--date", "garbage"],
    ["log", "edit", "{E}", "--meal", "elevenses"],
    ["log", "edit", "{E}", "--unit", "bucket"],
    ["log", "rm", "-5"],
    ["log", "rm", "424242"],
    ["log", "copy", D, "2026-02-30"],
    ["log", "copy", "2020-01-01", D],
    ["profile", "set", "--sex", "female", "--birth-date", "3000-01-01"],
    ["profile", "set", "--sex", "female", "--birth-date", "1850-01-01"],
    ["profile", "set", "--sex", "other", "--birth-date", "1980-01-01"],
    ["profile", "set", "--sex", "male", "--birth-date", "1980-01-01", "--pregnant"],
    ["food", "add-custom", ""],
    ["food", "add-custom", "   "],
    ["food", "add-custom", "N" * 500],
    ["food", "add-custom", "Bar", "--magnesium", "-5"],
    ["food", "add-custom", "Bar", "--magnesium", "nan"],
    ["food", "add-custom", "Bar", "--magnesium", "1e400"],
    ["food", "add-custom", "Bar", "--magnesium", "lots"],
    ["food", "add-custom", "Bar", "--serving-g", "0", "--magnesium", "5"],
    ["food", "add-custom", "Bar", "--serving-g", "9999", "--magnesium", "5"],
    ["food", "add-custom", "Bar", "--serving-g", "40", "--serving-label", "L" * 300, "--magnesium", "5"],
    ["food", "add-supplement", "Pill"],
    ["food", "add-supplement", "Pill", "--unit-g", "0", "--magnesium", "100"],
    ["food", "add-supplement", "Pill", "--unit", "U" * 300, "--magnesium", "100"],
    ["food", "add-recipe", "Soup", "--item", "garbage"],
    ["food", "add-recipe", "Soup", "--item", "{F}=0"],
    ["food", "add-recipe", "Soup", "--item", "{F}=100", "--servings", "0"],
    ["food", "add-recipe", "Soup", "--item", "{F}=100", "--servings", "5000"],
    ["food", "add-recipe", "Soup", "--item", "{F}=100", "--yield-g", "1e9"],
    ["food", "add-recipe", "Soup", "--item", "pf:000000000000=100"],
    ["food", "portion", "{F}", "g", "100"],
    ["food", "portion", "{F}", "my mug", "0"],
    ["food", "portion", "{F}", "my mug", "1e9"],
    ["food", "portion", "{F}", "P" * 200, "100"],
    ["food", "portion", "pf:000000000000", "my mug", "300"],
    ["food", "delete", "pf:000000000000"],
    ["report", "week", "garbage"],
    ["report", "day", "2026-02-30"],
    ["export", "csv", "/nonexistent/folder/x.csv"],
    ["export", "csv", "{TMP}"],
    ["import", "csv", "/nonexistent.csv"],
    ["import", "csv", "{TMP}"],
    ["food-db", "import-fdc", "/nonexistent.zip"],
    ["backup", "restore", "/nonexistent.sqlite"],
    ["backup", "create", "/nonexistent/folder/x.sqlite"],
    ["backup", "config", "--keep", "-1"],
    ["log", "add", D, "lunch"],
    ["nonsense-command"],
    # accepted before issue #11 although an import refuses them (then no export or CSV backup imported back)
    ["log", "add", D, "lunch", "{F}", "0.0000000001"],
    ["log", "add", D, "lunch", "{F}", "1e-320"],
    ["food", "add-supplement", "Pill", "--unit-g", "1e-300", "--magnesium", "100"],
    ["food", "add-custom", "Bar", "--serving-g", "1", "--potassium", "200000"],
    ["food", "add-custom", "Bar", "--nutrient", "20000000=5"],
    ["food", "add-custom", "Bar", "--nutrient", "²=5"],
    ["food", "add-custom", "Bar", "--nutrient", "99999999999999999999999=5"],
    ["food", "portion", "{F}", "my mug", "1e-300"],
    ["food", "add-recipe", "Soup", "--item", "{F}=100", "--yield-g", "1e-12"],
]
ALLOWED = {("log", "add", D, "lunch", "{F}", "3", "lb")}  # the control: a valid command in the corpus


def _fill(args: list[str], f: str, e: int, tmp: Path) -> list[str]:
    return [a.replace("{F}", f).replace("{E}", str(e)).replace("{TMP}", str(tmp)) for a in args]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own refusals exit with 2
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def prepared(filled: AppContext) -> tuple[Any, str, int]:
    f = food_ids(filled, 1)[0]
    e = diary.log_food(filled, D, "lunch", f, 100).id
    filled.close()
    _ = filled.engine  # today's automatic backup happens here, before the snapshots
    filled.close()
    return filled, f, e


@pytest.mark.parametrize("args", CLI_CORPUS, ids=lambda a: " ".join(a)[:60])
def test_bad_command_line_arguments_change_nothing(
    args: list[str], prepared: tuple[Any, str, int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ctx, f, e = prepared
    before_rows = dump(ctx.paths.diary_url)
    before_files = files(ctx.paths.home)
    code, out, err = _run(_fill(args, f, e, tmp_path), capsys)
    if tuple(args) in ALLOWED:
        assert code == 0, err
        return
    assert code != 0, out
    assert "Traceback" not in err and err.strip(), err
    last = err.strip().splitlines()[-1]
    assert last.startswith("nutrigap: error: ") and len(last) < 400, err
    if code == 2:  # argparse: a usage line, then the error
        assert len(err.strip().splitlines()) <= 2 or "usage" in err
    else:
        assert len(err.strip().splitlines()) == 1, err
    assert dump(ctx.paths.diary_url) == before_rows
    assert files(ctx.paths.home) == before_files


# --- the editors' services, on both backends ---------------------------------------------------------------
def _custom(**changes: Any) -> my_foods.CustomFoodInput:
    base = my_foods.CustomFoodInput(
        name="Oat bar", nutrients={1090: 50.0, 1087: 20.0}, serving_grams=40, per_serving=True
    )
    return dataclasses.replace(base, **changes)


def _supplement(**changes: Any) -> my_foods.SupplementInput:
    base = my_foods.SupplementInput(name="Magnesium citrate", unit_label="tablet", nutrients_per_unit={1090: 150.0})
    return dataclasses.replace(base, **changes)


def _recipe(f: str, **changes: Any) -> my_foods.RecipeInput:
    base = my_foods.RecipeInput(name="Soup", items=[my_foods.RecipeItemInput(f, 200)], servings=2)
    return dataclasses.replace(base, **changes)


EDITOR_CORPUS: dict[str, Any] = {
    "custom: empty name": lambda c, f, ids: my_foods.create_custom_food(c, _custom(name=" ")),
    "custom: 500-character name": lambda c, f, ids: my_foods.create_custom_food(c, _custom(name="N" * 500)),
    "custom: negative value": lambda c, f, ids: my_foods.create_custom_food(c, _custom(nutrients={1090: -1.0})),
    "custom: NaN value": lambda c, f, ids: my_foods.create_custom_food(c, _custom(nutrients={1090: float("nan")})),
    "custom: infinite value": lambda c, f, ids: my_foods.create_custom_food(c, _custom(nutrients={1090: float("inf")})),
    "custom: huge value": lambda c, f, ids: my_foods.create_custom_food(c, _custom(nutrients={1090: 1e12})),
    "custom: text value": lambda c, f, ids: my_foods.create_custom_food(c, _custom(nutrients={1090: "lots"})),
    "custom: bad nutrient id": lambda c, f, ids: my_foods.create_custom_food(c, _custom(nutrients={-4: 1.0})),
    "custom: zero serving": lambda c, f, ids: my_foods.create_custom_food(c, _custom(serving_grams=0)),
    "custom: NaN serving": lambda c, f, ids: my_foods.create_custom_food(c, _custom(serving_grams=float("nan"))),
    "custom: 6 kg serving": lambda c, f, ids: my_foods.create_custom_food(c, _custom(serving_grams="6000")),
    "custom: per serving without weight": lambda c, f, ids: my_foods.create_custom_food(c, _custom(serving_grams=None)),
    "custom: long brand": lambda c, f, ids: my_foods.create_custom_food(c, _custom(brand="B" * 300)),
    "custom: long category": lambda c, f, ids: my_foods.create_custom_food(c, _custom(category="C" * 300)),
    "custom: long serving name": lambda c, f, ids: my_foods.create_custom_food(c, _custom(serving_label="S" * 150)),
    "custom: huge notes": lambda c, f, ids: my_foods.create_custom_food(c, _custom(notes="n" * 20_000)),
    "custom: update unknown": lambda c, f, ids: my_foods.update_custom_food(c, "custom:9999", _custom()),
    "custom: update with a bad value": lambda c, f, ids: my_foods.update_custom_food(
        c, ids["muesli"], _custom(nutrients={1090: -5.0})
    ),
    "custom: update a recipe as custom": lambda c, f, ids: my_foods.update_custom_food(c, ids["smoothie"], _custom()),
    "supplement: no amounts": lambda c, f, ids: my_foods.create_supplement(c, _supplement(nutrients_per_unit={})),
    "supplement: zero unit": lambda c, f, ids: my_foods.create_supplement(c, _supplement(unit_grams=0)),
    "supplement: long unit": lambda c, f, ids: my_foods.create_supplement(c, _supplement(unit_label="U" * 150)),
    "supplement: long brand": lambda c, f, ids: my_foods.create_supplement(c, _supplement(brand="B" * 300)),
    "supplement: negative amount": lambda c, f, ids: my_foods.create_supplement(
        c, _supplement(nutrients_per_unit={1090: -150.0})
    ),
    "supplement: update with NaN": lambda c, f, ids: my_foods.update_supplement(
        c, ids["magnesium"], _supplement(nutrients_per_unit={1090: float("nan")})
    ),
    "recipe: no items": lambda c, f, ids: my_foods.create_recipe(c, _recipe(f, items=[])),
    "recipe: unknown food": lambda c, f, ids: my_foods.create_recipe(
        c, _recipe(f, items=[my_foods.RecipeItemInput("pf:000000000000", 10)])
    ),
    "recipe: zero amount": lambda c, f, ids: my_foods.create_recipe(
        c, _recipe(f, items=[my_foods.RecipeItemInput(f, 0)])
    ),
    "recipe: 6 kg item": lambda c, f, ids: my_foods.create_recipe(
        c, _recipe(f, items=[my_foods.RecipeItemInput(f, 6000)])
    ),
    "recipe: zero servings": lambda c, f, ids: my_foods.create_recipe(c, _recipe(f, servings=0)),
    "recipe: NaN servings": lambda c, f, ids: my_foods.create_recipe(c, _recipe(f, servings=float("nan"))),
    "recipe: 5000 servings": lambda c, f, ids: my_foods.create_recipe(c, _recipe(f, servings=5000)),
    "recipe: 1000 t yield": lambda c, f, ids: my_foods.create_recipe(c, _recipe(f, yield_grams=1e9)),
    "recipe: serving over 5 kg": lambda c, f, ids: my_foods.create_recipe(
        c, _recipe(f, yield_grams=20_000, servings=2)
    ),
    "recipe: contains itself": lambda c, f, ids: my_foods.update_recipe(
        c, ids["smoothie"], _recipe(f, items=[my_foods.RecipeItemInput(ids["smoothie"], 100)])
    ),
    "recipe: huge notes": lambda c, f, ids: my_foods.create_recipe(c, _recipe(f, notes="n" * 20_000)),
    "portion: mass unit name": lambda c, f, ids: my_foods.add_user_portion(c, f, "oz", 28),
    "portion: long name": lambda c, f, ids: my_foods.add_user_portion(c, f, "P" * 150, 100),
    "portion: 6 kg": lambda c, f, ids: my_foods.add_user_portion(c, f, "tub", 6000),
    "portion: unknown food": lambda c, f, ids: my_foods.add_user_portion(c, "pf:000000000000", "tub", 100),
    "entry: long note": lambda c, f, ids: diary.log_food(c, D, "lunch", f, 100, note="x" * 2001),
    "entry: move to a bad date": lambda c, f, ids: diary.update_entry(c, ids["entries"][0], day="2026-02-30"),
    "entry: unknown id": lambda c, f, ids: diary.update_entry(c, 424242, quantity=5),
    "profile: future birth": lambda c, f, ids: profile.set_profile(c, sex="female", birth_date="2999-01-01"),
    "profile: bad unit": lambda c, f, ids: profile.set_profile(
        c, sex="female", birth_date="1980-01-01", vitamin_d_unit="mg"
    ),
}


@pytest.fixture(scope="module", params=BACKENDS)
def editor_diary(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, slice_food_db: Path
) -> Iterator[tuple[AppContext, str, dict[str, Any]]]:
    """One filled diary per backend for the whole corpus: no case may change it, so they can share it."""
    import shutil
    import uuid

    import sqlalchemy as sa

    from nutrigap.paths import DataPaths
    from nutrigap.services.context import AppContext
    from tests.safety.helpers import fill_diary

    home = tmp_path_factory.mktemp("editors")
    shutil.copy(slice_food_db, home / "food.sqlite")
    admin, name = None, ""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server_url")
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        name = f"ng_{uuid.uuid4().hex[:16]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{home / 'diary.sqlite'}"
    ctx = AppContext(DataPaths(home=home, diary_url=url, uses_default_diary=request.param == "sqlite"))
    made = fill_diary(ctx, days=1)
    yield ctx, url, made
    ctx.close()
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("case", list(EDITOR_CORPUS))
def test_bad_editor_input_changes_nothing(case: str, editor_diary: tuple[Any, str, dict[str, Any]]) -> None:
    ctx, url, made = editor_diary
    before = dump(url)
    with pytest.raises((InvalidInput, NotFound)) as err:
        EDITOR_CORPUS[case](ctx, made["ids"][0], made)
    assert "\n" not in str(err.value) and str(err.value).strip()
    assert dump(url) == before
