"""A missing diary is never silently replaced, and rotation never deletes another diary's backups (#11 item 2).

The attack: ``diary.sqlite`` disappears (a sync tool, a slip in a file manager). Before, the next command made
an empty diary without a word and, 14 days later, rotation had deleted every automatic backup of the old one.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary
from nutrigap.services.context import AppContext
from nutrigap.services.diary_identity import DiaryMissing, read_marker, start_new_diary
from tests.safety.helpers import dump, files, food_ids
from tests.safety.helpers import run_cli as _run

D = "2026-10-03"  # a day of the filled diary


def _fresh(ctx: Any) -> AppContext:
    return AppContext(DataPaths.from_environment(ctx.paths.home))


@pytest.fixture
def lost(filled: Any) -> tuple[Any, backup.BackupInfo, dict[str, Any]]:
    """The filled diary, opened once (it gets its id), backed up, then deleted."""
    _ = filled.engine
    made = backup.create_backup(filled)
    rows = dump(filled.paths.diary_url)
    filled.close()
    filled.paths.diary_file.unlink()
    return filled, made, rows


@pytest.mark.parametrize(
    "args",
    [["log", "show", D], ["log", "add", D, "lunch", "{F}", "100"], ["report", "day", D], ["backup", "config"]],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_missing_diary_is_named_with_its_newest_backup_and_nothing_is_created(
    args: list[str], lost: tuple[Any, backup.BackupInfo, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    ctx, made, _rows = lost
    f = food_ids(ctx, 1)[0]
    before = files(ctx.paths.home)
    code, out, err = _run([a.replace("{F}", f) for a in args], capsys)
    assert code == 1, out
    assert len(err.strip().splitlines()) == 1, err
    assert "is missing" in err and "nothing was created" in err
    assert f"nutrigap backup restore {made.path}" in err and "nutrigap backup new-diary" in err
    assert not ctx.paths.diary_file.exists()
    assert files(ctx.paths.home) == before


def test_restoring_the_newest_backup_brings_the_diary_back(
    lost: tuple[Any, backup.BackupInfo, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    ctx, made, rows = lost
    with pytest.raises(DiaryMissing) as refused:
        _ = _fresh(ctx).engine
    assert refused.value.missing.newest is not None and refused.value.missing.newest.path == made.path
    code, _out, err = _run(["backup", "restore", str(made.path)], capsys)
    assert code == 0, err
    assert dump(ctx.paths.diary_url) == rows
    code, out, err = _run(["log", "show", D], capsys)
    assert code == 0 and "lunch" in out, err


def test_starting_a_new_diary_on_purpose_keeps_the_old_backups(
    lost: tuple[Any, backup.BackupInfo, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    ctx, made, _rows = lost
    old_id = read_marker(ctx.paths)
    code, out, err = _run(["backup", "new-diary"], capsys)
    assert code == 0 and "new, empty diary" in out, err
    assert made.path.exists() and ctx.paths.diary_file.is_file()
    assert read_marker(ctx.paths) not in (None, old_id)
    code, out, err = _run(["log", "show", D], capsys)
    assert code == 0 and "nothing logged" in out, err
    code, _out, err = _run(["backup", "new-diary"], capsys)  # there is a diary now: refused
    assert code == 1 and "already" in err


def test_a_diary_emptied_to_zero_bytes_counts_as_missing(filled: Any) -> None:
    _ = filled.engine
    backup.create_backup(filled)
    filled.close()
    filled.paths.diary_file.write_bytes(b"")
    with pytest.raises(DiaryMissing):
        _ = _fresh(filled).engine
    assert filled.paths.diary_file.stat().st_size == 0


def test_the_marker_alone_is_enough_when_there_is_no_backup_yet(ctx: Any) -> None:
    diary.log_food(ctx, D, "lunch", food_ids(ctx, 1)[0], 100)  # the first day: no automatic backup yet
    ctx.close()
    assert backup.list_backups(ctx) == []
    ctx.paths.diary_file.unlink()
    with pytest.raises(DiaryMissing, match="no backup of it"):
        _ = _fresh(ctx).engine
    assert not ctx.paths.diary_file.exists()


def test_a_first_start_still_creates_the_diary(ctx: Any) -> None:
    assert not ctx.paths.diary_file.exists()
    _ = ctx.engine
    assert ctx.paths.diary_file.is_file() and read_marker(ctx.paths) == ctx.diary_id


def test_a_restored_diary_from_before_diary_ids_gets_one(filled: Any, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(filled.paths.diary_file, old)
    with sqlite3.connect(old) as con:  # as a diary made before diaries had ids
        con.execute("DELETE FROM setting WHERE key = 'diary.id'")
    con.close()
    _ = filled.engine
    first_id = filled.diary_id
    backup.restore_backup(filled, old)
    _ = filled.engine
    assert filled.diary_id is not None and filled.diary_id != first_id


# --- rotation ------------------------------------------------------------------------------------------------
def _autos(ctx: Any) -> list[backup.BackupInfo]:
    return [b for b in backup.list_backups(ctx) if b.kind == "auto"]


def test_rotation_never_deletes_the_backups_of_an_earlier_diary(filled: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(backup.KEEP_ENV, raising=False)
    _ = filled.engine
    old_id = filled.diary_id
    start = dt.datetime(2026, 11, 1, 9, 0)
    for day in range(backup.DEFAULT_KEEP):
        assert backup.auto_backup(filled, now=start + dt.timedelta(days=day)) is not None
    old_autos = {b.path for b in _autos(filled)}
    assert len(old_autos) == backup.DEFAULT_KEEP and all(b.diary_id == old_id for b in _autos(filled))
    filled.close()
    filled.paths.diary_file.unlink()  # gone; the user starts over on purpose
    new = _fresh(filled)
    new.auto_backup_enabled = False
    start_new_diary(new)
    assert new.diary_id != old_id
    diary.log_food(new, D, "lunch", food_ids(new, 1)[0], 100)
    later = start + dt.timedelta(days=backup.DEFAULT_KEEP)
    for day in range(backup.DEFAULT_KEEP + 6):  # three weeks of the new diary, the first on the old's last day
        made = backup.auto_backup(new, now=later + dt.timedelta(days=day - 1))
        assert made is not None and made.diary_id == new.diary_id
    autos = _autos(new)
    assert {b.path for b in autos} >= old_autos  # every backup of the old diary is still there
    assert len([b for b in autos if b.diary_id == new.diary_id]) == backup.DEFAULT_KEEP
    new.close()


def test_backups_from_before_diary_ids_are_never_rotated(filled: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(backup.KEEP_ENV, "2")
    _ = filled.engine
    filled.paths.backups.mkdir(parents=True, exist_ok=True)
    legacy = filled.paths.backups / "diary-20200101-090000-auto.sqlite"
    shutil.copy(filled.paths.diary_file, legacy)
    for day in range(5):
        backup.auto_backup(filled, now=dt.datetime(2026, 11, 1, 9) + dt.timedelta(days=day))
    assert legacy.exists()
    assert len([b for b in _autos(filled) if b.diary_id == filled.diary_id]) == 2
