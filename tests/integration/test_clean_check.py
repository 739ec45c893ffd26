"""The first frame skips checking a diary only when its bytes are exactly those checked clean at the last close
(nutrigap.store.clean_check): a damaged diary is still never shown, even when the damage left the file's size and
modification time as they were."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest

from nutrigap.domain.errors import DiaryDatabaseError
from nutrigap.paths import DataPaths
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.day_preview import day_preview, remember_clean_diary
from nutrigap.store.clean_check import RECORD_FILE, unchanged_since_clean_check
from nutrigap.store.sqlite_file import check_sqlite_file
from tests.conftest import food_id

DAY = dt.date(2026, 11, 24)
PAGE = 4096


def _closed_diary(ctx: AppContext) -> tuple[Path, Path]:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    for i in range(40):  # enough pages that damage in the middle hits the entries
        diary.log_food(ctx, DAY - dt.timedelta(days=i), "lunch", spinach if i % 2 else milk, 100 + i, note="x" * 200)
    ctx.close()
    return ctx.paths.diary_file, ctx.paths.home / RECORD_FILE


def _damage_keeping_size_and_time(path: Path) -> None:
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[3 * PAGE : 5 * PAGE] = b"\xa5" * (2 * PAGE)
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns


def test_a_clean_closed_diary_is_recorded_and_previewed_alike(ctx: AppContext) -> None:
    diary_file, record = _closed_diary(ctx)
    checked = day_preview(ctx.paths, DAY)
    assert remember_clean_diary(ctx.paths)
    assert record.stat().st_mode & 0o077 == 0  # private, like the diary
    assert unchanged_since_clean_check(diary_file, record)
    assert day_preview(ctx.paths, DAY) == checked  # the same day and the same five totals, unchecked
    assert checked is not None and checked.entries


def test_damage_after_the_clean_check_is_caught_though_size_and_time_are_unchanged(ctx: AppContext) -> None:
    diary_file, record = _closed_diary(ctx)
    assert remember_clean_diary(ctx.paths)
    _damage_keeping_size_and_time(diary_file)
    with pytest.raises(DiaryDatabaseError, match="damaged"):
        check_sqlite_file(diary_file)
    assert not unchanged_since_clean_check(diary_file, record)
    assert day_preview(ctx.paths, DAY) is None  # never shown: the full open explains it
    # closing on a damaged diary records nothing, and removes the old record
    assert not remember_clean_diary(ctx.paths)
    assert not record.exists()


def test_one_changed_byte_with_size_and_time_restored_means_a_full_check(ctx: AppContext) -> None:
    diary_file, record = _closed_diary(ctx)
    assert remember_clean_diary(ctx.paths)
    stat = diary_file.stat()
    data = bytearray(diary_file.read_bytes())
    data[-100] ^= 0x01
    diary_file.write_bytes(bytes(data))
    os.utime(diary_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert not unchanged_since_clean_check(diary_file, record)


def test_changes_not_yet_in_the_file_or_another_record_mean_a_full_check(ctx: AppContext, tmp_path: Path) -> None:
    diary_file, record = _closed_diary(ctx)
    assert remember_clean_diary(ctx.paths)
    wal = Path(f"{diary_file}-wal")
    wal.write_bytes(b"\x00" * 32)  # a WAL with frames: the file alone is not the diary
    assert not unchanged_since_clean_check(diary_file, record)
    wal.write_bytes(b"")  # an empty one (left by a read-only open) changes nothing
    assert unchanged_since_clean_check(diary_file, record)
    # another diary with the same bytes elsewhere is not the one recorded
    other = tmp_path / "other.sqlite"
    other.write_bytes(diary_file.read_bytes())
    assert not unchanged_since_clean_check(other, record)
    for text in ("not json", "[1, 2]", json.dumps({"path": str(diary_file)})):
        record.write_text(text, encoding="utf-8")
        assert not unchanged_since_clean_check(diary_file, record)
    record.unlink()
    assert not unchanged_since_clean_check(diary_file, record)


def test_a_write_by_another_program_means_a_full_check(ctx: AppContext) -> None:
    diary_file, record = _closed_diary(ctx)
    assert remember_clean_diary(ctx.paths)
    con = sqlite3.connect(diary_file)
    con.execute("UPDATE diary_entry SET note = 'changed' WHERE id = 1")
    con.commit()
    con.close()
    assert not unchanged_since_clean_check(diary_file, record)
    assert day_preview(ctx.paths, DAY) is not None  # checked, sound, shown


def test_the_url_diary_is_recorded_as_the_default_one(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    diary_file, record = _closed_diary(ctx)
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{diary_file}")
    paths = DataPaths.from_environment()
    assert not paths.uses_default_diary
    assert remember_clean_diary(paths)
    assert unchanged_since_clean_check(diary_file, record)
    _damage_keeping_size_and_time(diary_file)
    assert day_preview(paths, DAY) is None
