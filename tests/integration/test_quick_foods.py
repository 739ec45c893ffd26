"""`nutrigap food show` reads the plain SQLite diary with sqlite3 alone (issue #16): for every kind of food it must
print the same and exit the same as the full path through the models, change nothing, and stand aside whenever
only the full open can tell (an unknown food included: the full path's message)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import my_foods, quick_foods, quick_report
from nutrigap.services.context import AppContext
from tests.integration.test_quick_log_add import _fill, _tables
from tests.safety.helpers import run_cli_in

UNKNOWN = ["pf:000000000000", "custom:999", "recipe:0", "fdc:1", "", "x" * 300, "spinach"]


@pytest.fixture
def home(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, list[str]]]:
    """A diary with foods of every kind: a logged food database food with a portion of the user's, one only in
    the food database, custom foods (with a serving, archived, imported without a weight), a supplement, a
    recipe whose ingredients share a position, and a recipe of an archived food."""
    ids = _fill(ctx)
    bowl = my_foods.create_recipe(
        ctx,
        my_foods.RecipeInput(
            name="Pie bowl",
            items=[
                my_foods.RecipeItemInput(ids["muesli"], 1, "bowl"),
                my_foods.RecipeItemInput(ids["capsule"], 2, "capsule"),
                my_foods.RecipeItemInput(ids["milk"], 8, "fl oz"),
            ],
            servings=3,
        ),
    )
    paths = ctx.paths
    ctx.close()
    con = sqlite3.connect(paths.home / "diary.sqlite")
    con.execute("UPDATE food SET nominal_weight = 1, serving_label = 'slice', serving_grams = 100 WHERE ref = ?",
                (ids["old"],))  # fmt: skip
    con.execute("UPDATE recipe_item SET position = 0")  # ties: the ORM's order is by position, then the rows'
    con.commit()
    con.close()
    monkeypatch.setenv("NUTRIGAP_HOME", str(paths.home))
    yield paths.home, [*ids.values(), bowl.id]


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_report.SWITCH,))


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each quick_food_details call answered (None: it stood aside)."""
    answers: list[object] = []
    real = quick_foods.quick_food_details

    def call(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_foods, "quick_food_details", call)
    return answers


def _compare(
    home: Path, ids: list[str], taken: list[object], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> list[str]:
    tables = _tables(home / "diary.sqlite")
    shown = []
    for food, as_json in [(f, j) for f in [*ids, *UNKNOWN] for j in ((), ("--json",))]:
        argv = ["food", "show", food, *as_json]
        before = len(taken)
        got = _run(home, argv, True, monkeypatch, capsys)
        expected = _run(home, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert (taken[before] is not None) == (got[0] == 0), f"the quick path stood aside for {argv}"
        shown.append(got[1] if got[0] == 0 else got[2])
    assert _tables(home / "diary.sqlite") == tables
    return shown


def test_both_paths_print_the_same_for_every_kind_of_food_and_change_nothing(
    home: tuple[Path, list[str]], taken: list[object], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    diary, ids = home
    shown = _compare(diary, ids, taken, monkeypatch, capsys)
    text = "\n".join(shown)
    assert "my bowl (85 g)" in text and "bowl (80 g)" in text and "capsule" in text and "Pie bowl" in text
    assert "slice" in text and '"ingredients": [' in text and "find ids with" in text
    assert sum("No food with id" in s for s in shown) == 2 * len(UNKNOWN)


def test_without_the_food_database_both_paths_say_the_same(
    home: tuple[Path, list[str]], taken: list[object], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    diary, ids = home
    (diary / "food.sqlite").rename(diary / "food-away.sqlite")
    shown = _compare(diary, ids, taken, monkeypatch, capsys)
    assert any("Grandma's muesli" in s for s in shown)  # the diary's own foods still show
    assert any("No food with id" in s and "find ids with" not in s for s in shown)  # the database's problem


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch, food: str) -> object:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_report.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment(), read_only=True)
    try:
        return quick_foods.quick_food_details(ctx, food)
    finally:
        ctx.close()


def test_the_quick_path_stands_aside_where_only_the_full_open_can_tell(
    home: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    diary, ids = home
    food = ids[0]
    assert _quick(diary, monkeypatch, food) is not None
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{diary / 'diary.sqlite'}")
    assert _quick(diary, monkeypatch, food) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    empty = tmp_path / "empty-home"
    assert _quick(empty, monkeypatch, food) is None
    assert not empty.exists()  # looking creates nothing
    quick, full = tmp_path / "quick", tmp_path / "full"
    for twin in (quick, full):
        shutil.copytree(diary, twin)
        (twin / "diary.id").unlink()
    assert _quick(quick, monkeypatch, food) is None  # the full open writes the marker again
    argv = ["food", "show", food]
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys) and got[0] == 0
    for twin in (quick, full):
        damaged = bytearray((twin / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (twin / "diary.sqlite").write_bytes(bytes(damaged))
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys)
    assert got[0] == 1 and "damaged" in got[2]


@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_food_show_never_imports_sqlalchemy_or_pandas(home: tuple[Path, list[str]], as_json: list[str]) -> None:
    diary, ids = home
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main(['food', 'show', {ids[-1]!r}, *{as_json!r}])\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(diary)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Pie bowl" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"


def test_food_mine_lists_the_same_both_ways(
    home: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    diary, ids = home
    answers: list[object] = []
    real = quick_foods.quick_user_foods

    def recording(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_foods, "quick_user_foods", recording)
    changes = [
        None,
        ["food", "add-custom", "apple crumble", "--nutrient", "1090=12"],  # lower case: by name, case folded
        ["food", "add-custom", "Zwieback", "--nutrient", "1090=30"],
        ["food", "add-custom", "Äpfel, getrocknet", "--nutrient", "1090=28"],
        ["food", "delete", ids[-1]],  # the recipe: deleted
        ["food", "delete", ids[3]],  # the muesli, which entries use: archived, not listed
    ]
    shown = []
    for change in changes:
        if change is not None:
            assert _run(diary, change, False, monkeypatch, capsys)[0] == 0, change
        tables = _tables(diary / "diary.sqlite")
        for argv in (["food", "mine"], ["food", "mine", "--json"]):
            before = len(answers)
            got = _run(diary, argv, True, monkeypatch, capsys)
            assert got == _run(diary, argv, False, monkeypatch, capsys), (change, argv)
            assert got[0] == 0 and answers[before] is not None, f"the quick path stood aside for {argv}"
            shown.append(got[1])
        assert _tables(diary / "diary.sqlite") == tables
    assert "Grandma's muesli" in shown[0] and "Grandma's muesli" not in shown[-2] and "Old pie" not in shown[0]
    names = [food["name"] for food in json.loads(shown[-1])]
    assert names == sorted(names, key=str.casefold) and "Zwieback" in names and "apple crumble" in names


def test_food_mine_never_imports_sqlalchemy_or_pandas(home: tuple[Path, list[str]]) -> None:
    diary, _ = home
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        "code = main(['food', 'mine'])\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(diary)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Pie bowl" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
