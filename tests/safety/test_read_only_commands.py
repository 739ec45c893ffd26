"""Commands that only read create nothing (#14 item 16): no empty ``diary.sqlite``, no marker, no folder.

Before, ``nutrigap food show`` (and every other command) created an empty diary in the data folder just by
looking. Without a diary, an empty one in memory stands in for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nutrigap.cli import main
from nutrigap.services.context import AppContext
from tests.safety.helpers import files
from tests.safety.helpers import run_cli as _run

D = "2026-11-20"
READ_ONLY = [
    ["food", "search", "spinach"],
    ["food", "show", "{F}"],
    ["food", "mine"],
    ["food-db", "info"],
    ["--version"],
    ["backup", "list"],
    ["backup", "config"],
    ["profile", "show"],
    ["log", "show", D],
    ["report", "day", D],
    ["report", "week", D],
    ["twitch", "list", "--from", D, "--to", D],
    ["factors", "show", D],
    ["insights"],
    ["experiment", "list"],
    ["guide", "magnesium"],
    ["suggest", D],
    ["export", "csv", "{OUT}.csv"],
    ["chart", "week", D, "--out", "{OUT}.png"],
]


@pytest.fixture
def home_with_food_db(isolated_home: Path, slice_food_db: Path) -> Path:
    isolated_home.mkdir(mode=0o700, parents=True)
    shutil.copy(slice_food_db, isolated_home / "food.sqlite")
    return isolated_home


def _food(home: Path) -> str:
    import sqlite3

    con = sqlite3.connect(home / "food.sqlite")
    try:
        return str(con.execute("SELECT id FROM food ORDER BY rowid LIMIT 1").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("args", READ_ONLY, ids=lambda a: " ".join(a[:2]))
def test_a_read_only_command_creates_nothing(
    args: list[str], home_with_food_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = home_with_food_db
    filled = [a.replace("{F}", _food(home)).replace("{OUT}", str(tmp_path / "out")) for a in args]
    before = files(home)
    code, _out, err = _run(filled, capsys)
    assert code == 0, err
    assert files(home) == before
    assert sorted(p.name for p in home.iterdir()) == ["food.sqlite"]


@pytest.mark.parametrize("args", [["food-db", "info"], ["backup", "list"], ["--version"], ["log", "show", D]])
def test_no_data_folder_is_created_by_looking(
    args: list[str], isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(args, capsys)
    assert not isolated_home.exists()


def test_a_command_that_writes_still_creates_the_diary(
    home_with_food_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(["log", "add", D, "lunch", _food(home_with_food_db), "100"], capsys)
    assert code == 0, err
    assert (home_with_food_db / "diary.sqlite").is_file()
    code, out, err = _run(["log", "show", D], capsys)
    assert code == 0 and "lunch" in out, err


def test_a_read_only_command_on_an_existing_diary_writes_no_backup(
    filled: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    """#14 item 16, the other half: looking at an existing diary (log show, report day) writes no file either;
    the day's automatic backup is made by the first command or window that writes."""

    _ = filled.engine  # the diary exists and has its id
    filled.close()
    backups = filled.paths.home / "backups"
    for made_today in backups.glob("*-auto*") if backups.exists() else []:
        made_today.unlink()  # so that a writing command would make the day's backup now
    before = sorted(p.name for p in backups.iterdir()) if backups.exists() else []
    for args in (["log", "show", "2026-11-24"], ["report", "day", "2026-11-24"]):
        assert main(args) == 0
    capsys.readouterr()
    after = sorted(p.name for p in backups.iterdir()) if backups.exists() else []
    assert after == before
