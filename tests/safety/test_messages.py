"""Crashes become one clear line, and messages say what is really wrong (#11 "Crashes and messages").

Full disks and read-only folders are real ones where the machine allows: a small tmpfs mounted for the test
(root only; skipped elsewhere with the reason).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.cli.common import context
from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary, transfer
from nutrigap.services.context import AppContext
from tests.safety.helpers import dump, files, food_ids
from tests.safety.helpers import run_cli as _run

D = "2026-10-03"


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nutrigap: error: ") and "Traceback" not in err, err
    return lines[0]


# --- crashes that became answers or one line ------------------------------------------------------------
WORKS = [
    ["report", "week", "2200-12-31"],  # DRI table had 0 rows at 2552 months
    ["report", "day", "2200-12-31"],
    ["report", "month", "2200-12"],
    ["chart", "week", "2200-12-31", "--out", "{TMP}/w.png"],
    ["suggest", "2200-12-31"],
]
REFUSED = [
    (["report", "week", "2200-12-31", "--pdf", "{TMP}/w.pdf"], "reaches past the dates"),
    (["report", "month", "0-1"], "out of range"),
    (["report", "month", "99999-01"], "out of range"),
    (["chart", "calendar", "0-1", "--out", "{TMP}/c.png"], "out of range"),
    (["food", "add-custom", "Bar", "--nutrient", "²=5"], "FDC_ID=AMOUNT"),
    (["food", "add-custom", "Bar", "--nutrient", "99999999999999999999999=5"], "FDC_ID=AMOUNT"),
    (["food", "add-custom", "Bar", "--nutrient", "0=5"], "FDC_ID=AMOUNT"),
    (["twitch", "add", "2026-10-03T10:00+14:00", "--location", "eyelid", "--intensity", "3"], "time zone"),
    (["twitch", "add", "2026-10-03 10:00-05:00", "--location", "eyelid", "--intensity", "3"], "time zone"),
]


@pytest.mark.parametrize("args", WORKS, ids=lambda a: " ".join(a[:3]))
def test_far_dates_are_answered(
    args: list[str], filled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run([a.replace("{TMP}", str(tmp_path)) for a in args], capsys)
    assert code == 0 and "Traceback" not in err, err


@pytest.mark.parametrize(("args", "says"), REFUSED, ids=lambda a: " ".join(a[:4]) if isinstance(a, list) else "")
def test_bad_input_is_one_line_and_changes_nothing(
    args: list[str], says: str, filled: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _ = filled.engine
    filled.close()
    before_rows, before_files = dump(filled.paths.diary_url), files(filled.paths.home)
    code, _out, err = _run([a.replace("{TMP}", str(tmp_path)) for a in args], capsys)
    assert code == 1 and says in _one_line(err)
    assert dump(filled.paths.diary_url) == before_rows and files(filled.paths.home) == before_files


# --- another process holds the write lock ----------------------------------------------------------------
@pytest.fixture
def write_lock_held(filled: Any) -> Iterator[Any]:
    """Another process's writer: a connection holding the diary's write lock for the whole test."""
    _ = filled.engine  # today's backup happens here; the test wants the next day's
    filled.close()
    for made in backup.list_backups(filled):
        made.path.unlink()
    holder = sqlite3.connect(filled.paths.diary_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield filled
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_days_backup_needs_no_write_lock(write_lock_held: Any) -> None:
    """Before, the backup setting was read under the write lock: with another NutriGap writing, a `log add`
    that then saved printed "Today's automatic backup could not be made: ... nothing of this action was
    saved"."""
    start = AppContext(DataPaths.from_environment(write_lock_held.paths.home))
    try:
        _ = start.engine
        assert start.notices == []
        assert backup.backup_keep(start) == backup.DEFAULT_KEEP
    finally:
        start.close()
    (made,) = backup.list_backups(write_lock_held)
    assert made.kind == "auto" and made.problem is None


# --- the food database -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["garbage", "folder"])
def test_an_unusable_food_database_is_not_called_unbuilt(
    kind: str, ctx: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    food_db = ctx.paths.food_db
    food_db.unlink()
    if kind == "garbage":
        food_db.write_bytes(b"this is not SQLite" * 100)
    else:
        food_db.mkdir()
    code, _out, err = _run(["log", "add", D, "lunch", "pf:0123456789ab", "100"], capsys)
    line = _one_line(err)
    assert code == 1 and "not built yet" not in line
    assert ("damaged" if kind == "garbage" else "not a file") in line


# --- a diary that disappears while a command writes ------------------------------------------------------
def test_an_import_into_a_diary_deleted_meanwhile_is_not_reported_as_done(
    filled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "all.csv"
    transfer.export_csv(filled, export)
    filled.close()
    home = filled.paths.home
    new_home = tmp_path / "new-home"
    new_home.mkdir()
    shutil.copy(home / "food.sqlite", new_home / "food.sqlite")
    monkeypatch.setenv("NUTRIGAP_HOME", str(new_home))
    with pytest.raises(DiaryDatabaseError, match="deleted, moved or replaced"), context() as ctx:
        _ = ctx.engine
        shutil.rmtree(new_home)  # the data folder goes while the import runs
        transfer.import_csv(ctx, export)
    assert not new_home.exists()


def test_a_diary_in_place_is_fine(ctx: Any) -> None:
    diary.log_food(ctx, D, "lunch", food_ids(ctx, 1)[0], 100)
    ctx.check_diary_in_place()


# --- full disks and read-only folders (a real small file system) -----------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs of its own (root only: mounting needs CAP_SYS_ADMIN)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
                          capture_output=True, check=False)  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> None:
    """Fill the disk to the last byte."""
    for name, chunk in (("filler", 65536), ("filler-tail", 1)):
        fd = os.open(disk / name, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * chunk)
        except OSError:
            pass
        finally:
            os.close(fd)


def _home_on(disk: Path, filled: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = disk / "home"
    home.mkdir(mode=0o700)
    shutil.copy(filled.paths.diary_file, home / "diary.sqlite")
    (home / "food.sqlite").symlink_to(filled.paths.food_db)
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    return home


def test_a_full_disk_is_called_full_not_damaged(
    small_disk: Path, filled: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.close()
    _home_on(small_disk, filled, monkeypatch)
    _fill(small_disk)
    code, _out, err = _run(["log", "show", D], capsys)
    line = _one_line(err)
    assert code == 1 and "disk is full" in line and "damaged" not in line


def test_a_read_only_folder_is_called_read_only_not_damaged(
    small_disk: Path, filled: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.close()
    home = _home_on(small_disk, filled, monkeypatch)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, _out, err = _run(["log", "show", D], capsys)
    line = _one_line(err)
    assert code == 1 and "read-only" in line and "damaged" not in line
    assert (home / "diary.sqlite").is_file()


def test_writing_to_a_full_disk_is_one_line_and_keeps_the_old_file(
    small_disk: Path, filled: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    target = small_disk / "all.csv"
    target.write_text("the previous export")
    _fill(small_disk)
    code, _out, err = _run(["export", "csv", str(target)], capsys)
    line = _one_line(err)
    assert code == 1 and "disk is full" in line
    assert target.read_text() == "the previous export"
    assert sorted(p.name for p in small_disk.iterdir()) == ["all.csv", "filler", "filler-tail"]
    code, _out, err = _run(["backup", "create", str(small_disk / "copy.sqlite")], capsys)
    assert code == 1 and "disk is full" in _one_line(err)
    assert not (small_disk / "copy.sqlite").exists()


def test_a_data_folder_on_a_read_only_disk_is_one_line(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    monkeypatch.setenv("NUTRIGAP_HOME", str(small_disk / "nutrigap"))
    code, _out, err = _run(["profile", "set", "--sex", "female", "--birth-date", "1980-01-01"], capsys)
    line = _one_line(err)
    assert code == 1 and "cannot be created" in line and "Read-only file system" in line
