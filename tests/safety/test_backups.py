"""Backups: made with SQLite's online backup API, automatic once a day with rotation, restored safely."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from nutrigap.cli import main
from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput, NotFound
from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary
from nutrigap.services.context import AppContext
from nutrigap.store import db
from tests.safety.helpers import dump, files, fill_diary, sha256


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _user_rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    return dump(url)


def test_a_backup_holds_every_row_and_passes_the_integrity_check(ctx: AppContext) -> None:
    made = fill_diary(ctx, days=10)
    info = backup.create_backup(ctx)
    assert info.path.parent == ctx.paths.backups and info.kind == "manual" and info.format == "sqlite"
    assert info.entries == len(made["entries"]) and info.problem is None
    assert info.revision == db.head_revision()
    assert dump(_url(info.path)) == dump(ctx.paths.diary_url)
    con = sqlite3.connect(info.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    con.close()
    assert not Path(str(info.path) + "-wal").exists()
    assert [b.path for b in backup.list_backups(ctx)] == [info.path]


def test_backup_to_a_path_never_overwrites(ctx: AppContext, tmp_path: Path) -> None:
    fill_diary(ctx, days=2)
    target = tmp_path / "my copy.sqlite"
    assert backup.create_backup(ctx, target).path == target
    before = sha256(target)
    with pytest.raises(InvalidInput, match="already exists"):
        backup.create_backup(ctx, target)
    assert sha256(target) == before
    in_folder = backup.create_backup(ctx, tmp_path)
    assert in_folder.path.parent == tmp_path and in_folder.path.name.startswith("diary-")
    with pytest.raises(InvalidInput, match="does not exist"):
        backup.create_backup(ctx, tmp_path / "no such folder" / "x.sqlite")


def test_nothing_to_back_up_yet(ctx: AppContext) -> None:
    with pytest.raises(NotFound, match="no diary"):
        backup.create_backup(ctx)


def test_restore_brings_the_backup_back_and_keeps_the_diary_as_it_was(ctx: AppContext) -> None:
    made = fill_diary(ctx, days=7)
    saved = backup.create_backup(ctx)
    saved_rows = dump(_url(saved.path))
    # a bad week afterwards: entries removed and changed, new ones added
    for entry_id in made["entries"][:10]:
        diary.remove_entry(ctx, entry_id)
    diary.update_entry(ctx, made["entries"][10], quantity=3)
    diary.log_food(ctx, "2026-11-20", "lunch", made["ids"][3], 120)
    current_rows = dump(ctx.paths.diary_url)
    result = backup.restore_backup(ctx, saved.path)
    assert result.restored.path == saved.path
    assert dump(ctx.paths.diary_url) == saved_rows
    assert result.previous is not None and result.previous.kind == "pre-restore"
    assert dump(_url(result.previous.path)) == current_rows  # nothing is lost by restoring
    # the context works on after the restore (its engine was disposed and reopens)
    assert len(diary.entries_for_day(ctx, "2026-10-01")) > 0
    assert diary.entries_for_day(ctx, "2026-11-20") == []


def test_restore_while_a_window_has_the_diary_open(ctx: AppContext, isolated_home: Path) -> None:
    """The window keeps its engine; the CLI restores. The window sees the restored diary and its next
    entry lands in it (a file swapped under it would take that entry to a deleted file)."""
    made = fill_diary(ctx, days=3)
    saved = backup.create_backup(ctx)
    diary.log_food(ctx, "2026-11-21", "lunch", made["ids"][2], 50)
    window = ctx
    cli = AppContext(DataPaths.from_environment())
    try:
        backup.restore_backup(cli, saved.path)
    finally:
        cli.close()
    assert diary.entries_for_day(window, "2026-11-21") == []
    entry = diary.log_food(window, "2026-11-22", "dinner", made["ids"][2], 75)
    fresh = AppContext(DataPaths.from_environment())
    try:
        assert [e.id for e in diary.entries_for_day(fresh, "2026-11-22")] == [entry.id]
    finally:
        fresh.close()


def _not_nutrigap(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    con.commit()
    con.close()


@pytest.mark.parametrize(
    "kind", ["missing", "empty", "text", "other sqlite", "damaged", "newer", "wrong csv", "folder", "food database"]
)
def test_a_bad_backup_is_refused_and_changes_nothing(
    ctx: AppContext, kind: str, tmp_path: Path, slice_food_db: Path
) -> None:
    fill_diary(ctx, days=2)
    good = backup.create_backup(ctx)
    bad = tmp_path / "bad.sqlite"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "text":
        bad.write_text("not a database\n", encoding="utf-8")
    elif kind == "other sqlite":
        _not_nutrigap(bad)
    elif kind == "damaged":
        data = good.path.read_bytes()
        middle = (len(data) // 4096 // 2) * 4096
        bad.write_bytes(data[:middle] + bytes(range(256)) * 16 + data[middle + 4096 :])
    elif kind == "newer":
        bad.write_bytes(good.path.read_bytes())
        con = sqlite3.connect(bad)
        con.execute("UPDATE alembic_version SET version_num = '0099_future'")
        con.commit()
        con.close()
    elif kind == "wrong csv":
        bad = tmp_path / "bad.csv"
        bad.write_text("date,food,grams\n2026-01-01,apple,100\n", encoding="utf-8")
    elif kind == "folder":
        bad.mkdir()
    elif kind == "food database":
        bad.write_bytes(slice_food_db.read_bytes())
    ctx.close()
    before = files(ctx.paths.home)
    with pytest.raises((InvalidInput, NotFound)) as err:
        backup.restore_backup(ctx, bad)
    assert "\n" not in str(err.value)
    assert files(ctx.paths.home) == before  # not even a pre-restore copy: the backup was checked first


def test_restore_over_a_damaged_diary_keeps_the_damaged_bytes(ctx: AppContext) -> None:
    fill_diary(ctx, days=3)
    saved = backup.create_backup(ctx)
    saved_rows = dump(_url(saved.path))
    ctx.close()
    live = ctx.paths.diary_file
    con = sqlite3.connect(live)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = live.read_bytes()
    damaged = data[:8192] + b"\xff" * 4096 + data[12288:]
    live.write_bytes(damaged)
    with pytest.raises(DiaryDatabaseError, match="damaged"):
        _ = ctx.engine
    result = backup.restore_backup(ctx, saved.path)
    assert result.previous is not None and result.previous.kind == "damaged"
    assert result.previous.path.read_bytes() == damaged
    assert dump(ctx.paths.diary_url) == saved_rows


def test_restoring_an_old_backup_upgrades_it(ctx: AppContext, tmp_path: Path) -> None:
    from tests.safety.seeds import seed_for
    from tests.safety.test_migrations import build_at

    old = tmp_path / "diary-from-2025.sqlite"
    build_at(_url(old), "0001")
    before = sha256(old)
    fill_diary(ctx, days=1)
    backup.restore_backup(ctx, old)
    assert db.current_revision(ctx.engine) == db.head_revision()
    assert backup.describe(ctx.paths.diary_file).entries == len(seed_for("0001")["diary_entry"])
    assert sha256(old) == before  # the backup itself is never changed


def test_auto_backup_once_a_day_and_rotation(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(backup.KEEP_ENV, raising=False)
    fill_diary(ctx, days=2)
    manual = backup.create_backup(ctx, now=dt.datetime(2026, 11, 1, 8, 0))
    start = dt.datetime(2026, 11, 1, 9, 0)
    for day in range(20):
        now = start + dt.timedelta(days=day)
        assert backup.auto_backup(ctx, now=now) is not None
        assert backup.auto_backup(ctx, now=now + dt.timedelta(hours=5)) is None  # once a day
    autos = [b for b in backup.list_backups(ctx) if b.kind == "auto"]
    assert len(autos) == backup.DEFAULT_KEEP
    assert autos[0].created_at.date() == dt.date(2026, 11, 20)
    assert autos[-1].created_at.date() == dt.date(2026, 11, 20) - dt.timedelta(days=backup.DEFAULT_KEEP - 1)
    assert manual.path.exists()  # only automatic backups rotate
    assert backup.set_backup_keep(ctx, 3) == 3
    backup.auto_backup(ctx, now=start + dt.timedelta(days=21))
    assert len([b for b in backup.list_backups(ctx) if b.kind == "auto"]) == 3
    with pytest.raises(InvalidInput):
        backup.set_backup_keep(ctx, -1)


def test_auto_backup_when_the_app_starts(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_diary(ctx, days=2)
    ctx.close()
    assert backup.list_backups(ctx) == []  # a new, empty diary is not backed up; this one was filled since
    for _ in range(3):  # three starts on one day: one automatic backup
        start = AppContext(DataPaths.from_environment())
        _ = start.engine
        start.close()
    (auto,) = backup.list_backups(ctx)
    assert auto.kind == "auto" and auto.created_at.date() == dt.date.today() and auto.problem is None
    monkeypatch.setenv(backup.KEEP_ENV, "0")
    auto.path.unlink()
    start = AppContext(DataPaths.from_environment())
    _ = start.engine
    start.close()
    assert backup.list_backups(ctx) == []


def test_a_bad_backup_setting_does_not_lock_the_user_out(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_diary(ctx, days=1)
    ctx.close()
    monkeypatch.setenv(backup.KEEP_ENV, "lots")
    start = AppContext(DataPaths.from_environment())
    assert diary.entries_for_day(start, "2026-10-01")
    assert start.notices and "NUTRIGAP_BACKUP_KEEP" in start.notices[0]
    start.close()


def test_a_diary_that_fails_the_full_check_is_not_rotated_into_the_backups(ctx: AppContext) -> None:
    """An index that no longer matches its table passes the quick check at start but not the full check of
    the daily backup: the good old backups stay and the user is told."""
    fill_diary(ctx, days=3)
    older = [backup.auto_backup(ctx, now=dt.datetime(2026, 11, d, 9)) for d in (1, 2, 3)]
    ctx.close()
    con = sqlite3.connect(ctx.paths.diary_file)
    con.execute("PRAGMA writable_schema = ON")
    con.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_diary_entry_day ON diary_entry (meal)'"
        " WHERE name = 'ix_diary_entry_day'"
    )
    con.commit()
    con.close()
    before = files(ctx.paths.backups)
    start = AppContext(DataPaths.from_environment())
    with start.uow():
        pass
    assert start.notices and "not sound" in start.notices[0]
    start.close()
    assert files(ctx.paths.backups) == before
    assert all(b is not None and b.path.exists() for b in older)


# --- the command line -------------------------------------------------------------------------------------
def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_commands(ctx: AppContext, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    made = fill_diary(ctx, days=4)
    ctx.close()
    code, out, err = run(capsys, "backup", "create", "--json")
    created = json.loads(out)
    assert code == 0 and created["entries"] == len(made["entries"]) and created["kind"] == "manual"
    code, out, _ = run(capsys, "backup", "create", str(tmp_path / "elsewhere.sqlite"))
    assert code == 0 and "elsewhere.sqlite" in out
    code, _, err = run(capsys, "backup", "create", str(tmp_path / "elsewhere.sqlite"))
    assert code == 1 and "already exists" in err and err.count("\n") == 1
    # backing up does not open the diary; the first command that does makes the day's automatic backup
    assert {b["kind"] for b in json.loads(run(capsys, "backup", "list", "--json")[1])} == {"manual"}
    assert run(capsys, "log", "add", "2026-11-24", "lunch", made["ids"][0], "100")[0] == 0
    code, out, _ = run(capsys, "backup", "list")
    assert code == 0 and "manual" in out and "auto" in out and "folder:" in out
    code, out, _ = run(capsys, "backup", "restore", created["path"])
    assert code == 0 and "the diary as it was is saved as" in out
    code, out, _ = run(capsys, "log", "show", "2026-11-24", "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "backup", "restore", str(tmp_path / "nope.sqlite"))
    assert code == 1 and "does not exist" in err
    code, out, _ = run(capsys, "backup", "config", "--keep", "5")
    assert code == 0 and "newest 5 automatic" in out
    code, _, err = run(capsys, "backup", "config", "--keep", "many")
    assert code == 1 and "not a whole number" in err


# --- a diary on a database server -----------------------------------------------------------------------
@pytest.mark.postgres
def test_postgres_diary_backups_are_csv_exports_and_restore(
    pg_url: str, isolated_home: Path, slice_food_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.setenv("NUTRIGAP_DB_URL", pg_url)
    isolated_home.mkdir(parents=True)
    shutil.copy(slice_food_db, isolated_home / "food.sqlite")
    ctx = AppContext(DataPaths.from_environment())
    try:
        made = fill_diary(ctx, days=5)
        info = backup.create_backup(ctx)
        assert info.format == "csv" and info.path.suffix == ".csv" and info.problem is None
        before = diary.entries_for_day(ctx, "2026-10-02")
        for entry_id in made["entries"][:8]:
            diary.remove_entry(ctx, entry_id)
        result = backup.restore_backup(ctx, info.path)
        assert result.previous is not None and result.previous.format == "csv"
        after = diary.entries_for_day(ctx, "2026-10-02")
        assert [(e.food_id, e.amount_g, e.meal) for e in after] == [(e.food_id, e.amount_g, e.meal) for e in before]
        # reopening after the restore made the day's automatic backup (a CSV export too), once
        (auto,) = [b for b in backup.list_backups(ctx) if b.kind == "auto"]
        assert auto.format == "csv" and backup.auto_backup(ctx) is None
    finally:
        ctx.close()


@pytest.mark.postgres
def test_an_sqlite_backup_restores_into_a_shared_postgres_diary(
    ctx: AppContext, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A household moving its diary to a server: restore the desktop's SQLite backup into PostgreSQL."""
    from nutrigap.services.reports import week_report

    fill_diary(ctx, days=6)
    saved = backup.create_backup(ctx)
    expected = week_report(ctx, "2026-10-01").to_json()
    monkeypatch.setenv("NUTRIGAP_DB_URL", pg_url)
    server = AppContext(DataPaths.from_environment())
    try:
        backup.restore_backup(server, saved.path)
        assert week_report(server, "2026-10-01").to_json() == expected
    finally:
        server.close()


def test_a_csv_export_restores_like_a_backup(filled: AppContext, tmp_path: Path) -> None:
    """Even saved again by a spreadsheet (a byte-order mark, another file name)."""
    from nutrigap.services import transfer

    transfer.export_csv(filled, tmp_path / "diary.csv")
    saved = tmp_path / "diary from excel.txt"
    saved.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "diary.csv").read_bytes())
    before = {d: diary.entries_for_day(filled, f"2026-10-0{d}") for d in range(1, 6)}
    for entry in before[2]:
        diary.remove_entry(filled, entry.id)
    result = backup.restore_backup(filled, saved)
    assert result.restored.format == "csv" and result.previous is not None
    after = {d: diary.entries_for_day(filled, f"2026-10-0{d}") for d in range(1, 6)}
    assert {d: [(e.food_name, e.amount_g, e.meal, e.note) for e in v] for d, v in after.items()} == {
        d: [(e.food_name, e.amount_g, e.meal, e.note) for e in v] for d, v in before.items()
    }
