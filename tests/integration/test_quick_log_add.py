"""`nutrigap log add` writes with sqlite3 alone on the plain SQLite diary (issue #16): for every input it must leave
the same rows, print the same and exit the same as the full path through the models, and stand aside whenever
only the full open can tell (damaged file, older schema, another database, the day's backup still to make)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import diary, my_foods, quick_add
from nutrigap.services.context import AppContext
from nutrigap.services.views import EntryView
from tests.conftest import food_id
from tests.safety.helpers import run_cli_in

MOMENT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")
#: columns SQLAlchemy fills with the moment of writing: compared by form, not value
MOMENT_COLUMNS = {"created_at", "updated_at"}


def _fill(ctx: AppContext) -> dict[str, str]:
    """A diary with foods of every kind and a named portion; returns the ids the cases use."""
    ids = {
        "spinach": food_id(ctx, "Spinach, raw", "sr_legacy_food"),  # logged already: in the diary
        "milk": food_id(ctx, "Milk, whole", "survey_fndds_food"),  # a drink (ml, fl oz), not in the diary yet
    }
    db = ctx.food_db
    row = db._con.execute(
        "SELECT f.id FROM food f JOIN portion p ON p.food = f.rowid WHERE p.unit = 'cup' ORDER BY f.rowid LIMIT 1"
    ).fetchone()
    ids["cup_food"] = str(row[0])
    muesli = my_foods.create_custom_food(
        ctx,
        my_foods.CustomFoodInput(
            name="Grandma's muesli", nutrients={1090: 60.0}, per_serving=True, serving_label="bowl", serving_grams=80
        ),
    )
    capsule = my_foods.create_supplement(
        ctx,
        my_foods.SupplementInput(name="Magnesium glycinate", unit_label="capsule", nutrients_per_unit={1090: 200.0}),
    )
    diary.log_food(ctx, "2026-11-20", "dinner", ids["spinach"], 150, "g")
    smoothie = my_foods.create_recipe(
        ctx,
        my_foods.RecipeInput(
            name="Green smoothie",
            items=[my_foods.RecipeItemInput(ids["spinach"], 60), my_foods.RecipeItemInput(ids["milk"], 240)],
            servings=2,
        ),
    )
    old = my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="Old pie", nutrients={1090: 9.0}))
    diary.log_food(ctx, "2026-11-20", "lunch", old.id, 100, "g")
    assert my_foods.delete_user_food(ctx, old.id) == "archived"
    my_foods.add_user_portion(ctx, ids["spinach"], "my bowl", 85)
    ids |= {"muesli": muesli.id, "capsule": capsule.id, "smoothie": smoothie.id, "old": old.id}
    return ids


def _cases(ids: dict[str, str]) -> list[list[str]]:
    spinach, milk, cup = ids["spinach"], ids["milk"], ids["cup_food"]
    good = [
        ["today", "snacks", spinach, "10"],
        ["2026-11-24", "Breakfast", milk, "250", "ml", "--json"],
        ["yesterday", "lunch", cup, "1.5", "cup"],
        ["2026-11-24", "dinner", spinach, "2", "my", "bowl", "--note", "  with lemon  "],
        ["2026-11-24", "dinner", spinach, "3", "oz"],
        ["2026-11-24", "lunch", milk, "8", "fl", "oz"],
        ["2026-11-25", "breakfast", ids["muesli"], "1", "bowl", "--json"],
        ["2026-11-25", "supplements", ids["capsule"], "2", "capsule"],
        ["2026-11-25", "snacks", ids["smoothie"], "1", "serving"],
        ["2026-11-25", "snacks", ids["smoothie"], "120", "g", "--note", "   "],
        ["2026-11-25", "lunch", ids["old"], "50"],
        ["2026-11-25", "lunch", spinach, "1,5", "lb"],
        ["1900-01-01", "dinner", spinach, "0.001"],
    ]
    bad = [
        ["today", "snacks", spinach, "0"],
        ["today", "snacks", spinach, "-1"],
        ["today", "snacks", spinach, "abc"],
        ["today", "snacks", spinach, "nan"],
        ["today", "snacks", spinach, "inf"],
        ["today", "snacks", spinach, "6000"],
        ["today", "snacks", spinach, "12", "lb"],
        ["today", "snacks", spinach, "1", "spoonful"],
        ["today", "snacks", milk, "1e9", "ml"],
        ["today", "snacks", ids["muesli"], "1", "cup"],
        ["2026-13-01", "snacks", spinach, "10"],
        ["1800-01-01", "snacks", spinach, "10"],
        ["today", "brunch", spinach, "10"],
        ["today", "snacks", "pf:000000000000", "10"],
        ["today", "snacks", "custom:999", "10"],
        ["today", "snacks", spinach, "10", "--note", "x" * 2001],
        ["today", "snacks", milk, "10", "--note", "x" * 2001],  # refused after the food's copy: rolled back
    ]
    return [["log", "add", *case] for case in good + bad]


def _tables(diary_file: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the diary, every row, moments replaced by their form."""
    con = sqlite3.connect(diary_file)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for name in names:
            cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            columns = [d[0] for d in cursor.description]
            out[name] = [
                tuple(
                    ("moment" if MOMENT.match(str(v)) else f"bad moment {v!r}") if c in MOMENT_COLUMNS and v else v
                    for c, v in zip(columns, row, strict=True)
                )
                for row in cursor
            ]
        return out
    finally:
        con.close()


@pytest.fixture
def twins(ctx: AppContext, tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, str]]]:
    """Two identical homes with a filled diary, opened once more since (so today's backup exists)."""
    ids = _fill(ctx)
    ctx.close()
    again = AppContext(ctx.paths)
    _ = again.engine  # the day's automatic backup of the now non-empty diary
    again.close()
    quick, full = tmp_path / "quick", tmp_path / "full"
    shutil.copytree(ctx.paths.home, quick)
    shutil.copytree(ctx.paths.home, full)
    yield quick, full, ids


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_add.SWITCH,))


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[EntryView | None]:
    """What each quick_log_food call answered (None: it stood aside)."""
    answers: list[EntryView | None] = []
    real: Callable[..., EntryView | None] = quick_add.quick_log_food

    def recording(*args: Any, **kwargs: Any) -> EntryView | None:
        try:
            answer = real(*args, **kwargs)
        except Exception:
            answers.append(None)
            raise
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_add, "quick_log_food", recording)
    return answers


def test_both_paths_leave_the_same_rows_print_the_same_and_exit_the_same(
    twins: tuple[Path, Path, dict[str, str]],
    taken: list[EntryView | None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    quick, full, ids = twins
    cases = _cases(ids)
    for argv in cases:
        before = len(taken)
        got = _run(quick, argv, True, monkeypatch, capsys)
        expected = _run(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert taken[before] is not None, f"the quick path stood aside for {argv}"
    assert sum(1 for t in taken if t is not None) == 13  # the full runs' calls answer None (switched off)
    entries = _tables(quick / "diary.sqlite")["diary_entry"]
    assert len(entries) == 2 + 13
    assert sorted((quick / "backups").iterdir()) != [] and [p.name for p in sorted((quick / "backups").iterdir())] == [
        p.name for p in sorted((full / "backups").iterdir())
    ]


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch, food: str) -> EntryView | None:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    ctx = AppContext(DataPaths.from_environment())
    try:
        return quick_add.quick_log_food(ctx, "2026-11-24", "lunch", food, "10")
    finally:
        ctx.close()


def test_a_damaged_diary_gets_the_full_paths_message_and_stays_unchanged(
    twins: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full, ids = twins
    argv = ["log", "add", "today", "snacks", ids["spinach"], "10"]
    for home in (quick, full):
        good = (home / "diary.sqlite").read_bytes()
        damaged = bytearray(good)
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (home / "diary.sqlite").write_bytes(bytes(damaged))
    assert _quick(quick, monkeypatch, ids["spinach"]) is None
    got = _run(quick, argv, True, monkeypatch, capsys)
    expected = _run(full, argv, False, monkeypatch, capsys)
    assert got == expected, got
    assert got[0] == 1 and got[2].startswith("nutrigap: error: ") and "damaged" in got[2], got
    assert (quick / "diary.sqlite").read_bytes() == bytes(damaged)


def test_a_diary_at_an_older_revision_is_upgraded_the_full_way(
    twins: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.store.db import create_diary_engine, downgrade
    from nutrigap.store.revisions import REVISIONS

    quick, full, ids = twins
    for home in (quick, full):
        engine = create_diary_engine(f"sqlite:///{home / 'diary.sqlite'}")
        downgrade(engine, REVISIONS[-2])
        engine.dispose()
    assert _quick(quick, monkeypatch, ids["spinach"]) is None  # stood aside, wrote nothing
    argv = ["log", "add", "2026-11-24", "lunch", ids["milk"], "200", "ml"]
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys) and got[0] == 0
    assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite")
    assert any("pre-upgrade" in p.name for p in (quick / "backups").iterdir())


def test_the_quick_path_stands_aside_where_the_full_start_up_would_do_more(
    twins: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    quick, _, ids = twins
    spinach = ids["spinach"]
    unchanged = _tables(quick / "diary.sqlite")
    # another database named by NUTRIGAP_DB_URL: a server, or even an SQLite file
    monkeypatch.setenv("NUTRIGAP_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert _quick(quick, monkeypatch, spinach) is None
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{quick / 'diary.sqlite'}")
    assert _quick(quick, monkeypatch, spinach) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    # a food the diary and the food database do not have: the full path says why
    assert _quick(quick, monkeypatch, "pf:000000000000") is None
    # today's automatic backup not made yet
    backups = sorted((quick / "backups").iterdir())
    moved = quick.parent / "moved-backups"
    shutil.move(quick / "backups", moved)
    assert _quick(quick, monkeypatch, spinach) is None
    monkeypatch.setenv("NUTRIGAP_BACKUP_KEEP", "0")  # ... unless automatic backups are off
    assert _quick(quick, monkeypatch, spinach) is not None
    monkeypatch.setenv("NUTRIGAP_BACKUP_KEEP", "many")
    assert _quick(quick, monkeypatch, spinach) is None
    monkeypatch.delenv("NUTRIGAP_BACKUP_KEEP")
    shutil.move(moved, quick / "backups")
    assert sorted((quick / "backups").iterdir()) == backups
    # the data folder's marker names another diary (or none)
    marker = quick / "diary.id"
    kept = marker.read_text()
    marker.write_text("0123456789ab\n")
    assert _quick(quick, monkeypatch, spinach) is None
    marker.unlink()
    assert _quick(quick, monkeypatch, spinach) is None
    marker.write_text(kept)
    # no diary at all
    assert _quick(quick.parent / "empty-home", monkeypatch, spinach) is None
    assert not (quick.parent / "empty-home" / "diary.sqlite").exists()
    after = _tables(quick / "diary.sqlite")
    assert len(after["diary_entry"]) == len(unchanged["diary_entry"]) + 1  # only the KEEP=0 one
    assert _quick(quick, monkeypatch, spinach) is not None


def test_logging_from_the_command_line_never_imports_sqlalchemy(twins: tuple[Path, Path, dict[str, str]]) -> None:
    quick, _, ids = twins
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main(['log', 'add', 'today', 'snacks', {ids['milk']!r}, '200', 'ml'])\n"
        "heavy = ('sqlalchemy', 'pandas', 'numpy', 'matplotlib', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(quick)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Milk, whole" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"


def _twitch_cases() -> list[list[str]]:
    good = [
        ["2026-11-24 08:15", "--location", "eyelid", "--intensity", "3"],
        ["2026-11-24T21:40", "--location", "Calf", "--intensity", "10", "--side", "left", "--duration-s", "12.4"],
        ["today 00:00", "--location", "other:tongue", "--intensity", "1", "--json"],
        ["yesterday 23:59", "--location", "thigh", "--intensity", "5", "--side", "both", "--note", "  after a run "],
        ["2026-11-25 10:00", "--location", "foot", "--intensity", "7", "--symptom", "cramp", "--symptom", "fatigue"],
        ["1900-01-01 00:00", "--location", "hand", "--intensity", "2", "--duration-s", "0", "--note", "  "],
    ]
    bad = [
        ["2026-11-24", "--location", "eyelid", "--intensity", "3"],
        ["2999-01-01 10:00", "--location", "eyelid", "--intensity", "3"],
        ["1899-12-31 10:00", "--location", "eyelid", "--intensity", "3"],
        ["2026-11-24 10:00+02:00", "--location", "eyelid", "--intensity", "3"],
        ["soon", "--location", "eyelid", "--intensity", "3"],
        ["2026-11-24 10:00", "--location", "ear", "--intensity", "3"],
        ["2026-11-24 10:00", "--location", "other", "--intensity", "3"],
        ["2026-11-24 10:00", "--location", "other:" + "x" * 201, "--intensity", "3"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "0"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "2.5"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "strong"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "3", "--duration-s", "-1"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "3", "--duration-s", "nan"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "3", "--duration-s", "90000"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "3", "--symptom", "itch"],
        ["2026-11-24 10:00", "--location", "eyelid", "--intensity", "3", "--note", "x" * 2001],
    ]
    return [["twitch", "add", *case] for case in good + bad]


def test_twitch_add_leaves_the_same_rows_prints_the_same_and_exits_the_same(
    twins: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full, _ = twins
    answers: list[object] = []
    real = quick_add.quick_log_twitch

    def recording(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_add, "quick_log_twitch", recording)
    for argv in _twitch_cases():
        before = len(answers)
        got = _run(quick, argv, True, monkeypatch, capsys)
        expected = _run(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert answers[before] is not None, f"the quick path stood aside for {argv}"
    assert len(_tables(quick / "diary.sqlite")["twitch_episode"]) == 6


def test_twitch_add_from_the_command_line_never_imports_sqlalchemy(twins: tuple[Path, Path, dict[str, str]]) -> None:
    quick, _, _ = twins
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        "code = main(['twitch', 'add', 'now', '--location', 'eyelid', '--intensity', '3'])\n"
        "heavy = ('sqlalchemy', 'pandas', 'numpy', 'matplotlib', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(quick)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "eyelid, intensity 3" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"


def test_the_quick_path_knows_every_table_of_the_newest_schema() -> None:
    from nutrigap.store.models import Base
    from nutrigap.store.quick_entry import HEAD_TABLES

    assert set(Base.metadata.tables) == HEAD_TABLES


def test_a_diary_lacking_a_table_is_refused_the_full_way(
    twins: tuple[Path, Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full, ids = twins
    for home in (quick, full):
        con = sqlite3.connect(home / "diary.sqlite")
        con.execute("DROP TABLE medicine")
        con.commit()
        con.close()
    assert _quick(quick, monkeypatch, ids["spinach"]) is None
    argv = ["log", "add", "today", "snacks", ids["spinach"], "10"]
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys)
    assert got[0] == 1 and "lacks the tables medicine" in got[2]
    assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite")
