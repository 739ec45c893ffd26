"""Restores and CSV imports take the user's rows into NutriGap's own schema, checked by the rules entry uses,
or refuse with the reason and change nothing (issue #11, items 3 to 6).

Each hostile backup is made here from a real diary: a trigger that deletes entries, a view, an extra table,
two schema-version rows, a 1024-byte page size, an impossible date, an experiment NutriGap cannot run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.data_safety import PEAK_MB
from nutrigap.domain.errors import DiaryDatabaseError, InvalidInput
from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary, transfer
from nutrigap.services.context import AppContext
from tests.safety.helpers import dump, files, food_ids, sha256

D = "2026-11-24"


def _entries(ctx: Any) -> int:
    return int(backup.describe(ctx.paths.diary_file).entries or 0)


def _hostile_copy(ctx: Any, tmp_path: Path, *sql: str, name: str = "hostile.sqlite") -> Path:
    """A manual backup of the diary, then changed with ``sql`` the way an attacker (or another tool) could."""
    made = backup.create_backup(ctx, tmp_path / name)
    con = sqlite3.connect(made.path)
    try:
        for statement in sql:
            con.execute(statement)
        con.commit()
    finally:
        con.close()
    return made.path


@pytest.fixture
def settled(filled):  # type: ignore[no-untyped-def]
    """The filled diary, opened once (today's automatic backup made) and closed: snapshots compare from here."""
    _ = filled.engine
    filled.close()
    return filled


# --- foreign schema objects --------------------------------------------------------------------------------
def test_a_trigger_view_and_extra_table_in_a_backup_are_left_out(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    entries = _entries(ctx)
    hostile = _hostile_copy(
        ctx,
        tmp_path,
        "CREATE TRIGGER wipe AFTER INSERT ON diary_entry BEGIN DELETE FROM diary_entry WHERE id <> NEW.id; END",
        "CREATE VIEW everything AS SELECT * FROM diary_entry",
        "CREATE TABLE spy (x TEXT)",
        "CREATE INDEX spy_x ON spy (x)",
    )
    result = backup.restore_backup(ctx, hostile)
    assert set(result.left_out) == {"trigger wipe", "view everything", "table spy"}
    diary.log_food(ctx, D, "lunch", food_ids(ctx, 1)[0], 100)
    assert _entries(ctx) == entries + 1  # the trigger did not come along: nothing was deleted
    ctx.close()
    con = sqlite3.connect(ctx.paths.diary_file)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view', 'table')")}
    finally:
        con.close()
    assert not names & {"wipe", "everything", "spy"}


def test_a_backup_with_two_schema_versions_is_refused_with_the_reason(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    hostile = _hostile_copy(ctx, tmp_path, "INSERT INTO alembic_version VALUES ('0001')")
    before, before_files = dump(ctx.paths.diary_url), files(ctx.paths.home)
    with pytest.raises(InvalidInput, match="schema version table has 2 rows"):
        backup.restore_backup(ctx, hostile)
    ctx.close()
    assert dump(ctx.paths.diary_url) == before
    assert files(ctx.paths.home) == before_files


def test_a_backup_with_1024_byte_pages_restores(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    entries = _entries(ctx)
    small = backup.create_backup(ctx, tmp_path / "small-pages.sqlite").path
    con = sqlite3.connect(small)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA page_size = 1024")
        con.execute("VACUUM")
        assert con.execute("PRAGMA page_size").fetchone()[0] == 1024
    finally:
        con.close()
    backup.restore_backup(ctx, small)
    assert _entries(ctx) == entries


# --- contents --------------------------------------------------------------------------------------------
BAD_CONTENTS = {
    "impossible date": ("UPDATE diary_entry SET day = '2026-13-45' WHERE id = (SELECT min(id) FROM diary_entry)",
                        "2026-13-45"),
    "experiment on iron": ("INSERT INTO experiment (name, kind, nutrient, target_level, start_day, days, created_at)"
                           " VALUES ('Iron', 'nutrient_target', 'iron', 'RDA', '2026-11-01', 14, '2026-11-01')",
                           "iron"),
    "caffeine cut-off without a time": (
        "INSERT INTO experiment (name, kind, start_day, days, created_at)"
        " VALUES ('No coffee', 'caffeine_cutoff', '2026-11-01', 14, '2026-11-01')", "cutoff_time"),
    "amount beyond the entry limit": ("UPDATE food_nutrient SET amount = 1e300 WHERE rowid = 1", "above"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_CONTENTS))
def test_a_backup_with_contents_entry_would_refuse_is_refused(case: str, settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    statement, words = BAD_CONTENTS[case]
    hostile = _hostile_copy(ctx, tmp_path, "PRAGMA ignore_check_constraints = ON", statement)
    before, before_files = dump(ctx.paths.diary_url), files(ctx.paths.home)
    with pytest.raises(InvalidInput) as err:
        backup.restore_backup(ctx, hostile)
    assert words in str(err.value) and "cannot be restored" in str(err.value) and "\n" not in str(err.value)
    ctx.close()
    assert dump(ctx.paths.diary_url) == before
    assert files(ctx.paths.home) == before_files  # no pre-restore copy either: the check comes first


CSV_EDITS = {
    "impossible date": (lambda t: t.replace(",2026-10-02,", ",2026-13-45,", 1), "2026-13-45"),
    "experiment on iron": (
        lambda t: _before_end(t, {"table": "experiment", "name": "Iron", "kind": "nutrient_target", "nutrient": "iron",
                                  "target_level": "RDA", "date": "2026-11-01", "days": "14"}),
        "iron",
    ),
    "caffeine cut-off without a time": (
        lambda t: _before_end(t, {"table": "experiment", "name": "No coffee", "kind": "caffeine_cutoff",
                                  "date": "2026-11-01", "days": "14"}),
        "cutoff_time",
    ),
}  # fmt: skip


def _before_end(text: str, row: dict[str, str]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.DictWriter(out, fieldnames=transfer.COLUMNS).writerow(row)
    lines = text.splitlines(keepends=True)
    end = lines[-1].split(",")
    return "".join([*lines[:-1], out.getvalue(), ",".join([end[0], str(int(end[1]) + 1), *end[2:]])])


@pytest.mark.parametrize("case", list(CSV_EDITS))
def test_an_import_with_contents_entry_would_refuse_is_refused(case: str, settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    export = tmp_path / "diary.csv"
    transfer.export_csv(ctx, export)
    edit, words = CSV_EDITS[case]
    text = export.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    export.write_text(edited, encoding="utf-8", newline="")
    before, before_files = dump(ctx.paths.diary_url), files(ctx.paths.home)
    with pytest.raises(InvalidInput, match=words):
        transfer.import_csv(ctx, export, replace=True)
    ctx.close()
    assert dump(ctx.paths.diary_url) == before
    assert files(ctx.paths.home) == before_files


# --- import --replace ----------------------------------------------------------------------------------------
def test_import_replace_backs_up_the_diary_first(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    export = tmp_path / "older.csv"
    transfer.export_csv(ctx, export)
    late = diary.log_food(ctx, D, "dinner", food_ids(ctx, 1)[0], 123)  # logged after the export
    transfer.import_csv(ctx, export, replace=True)
    saved = [b for b in backup.list_backups(ctx) if b.kind == "pre-import"]
    assert len(saved) == 1
    con = sqlite3.connect(saved[0].path)
    try:
        assert con.execute("SELECT count(*) FROM diary_entry WHERE id = ?", (late.id,)).fetchone()[0] == 1
    finally:
        con.close()


def test_an_export_with_rows_cut_from_the_middle_is_refused(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    export = tmp_path / "diary.csv"
    transfer.export_csv(ctx, export)
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    entries = [i for i, line in enumerate(lines) if line.startswith("entry,")]
    middle = entries[len(entries) // 4 : len(entries) // 4 + len(entries) // 2]
    export.write_text("".join(line for i, line in enumerate(lines) if i not in set(middle)), encoding="utf-8")
    before = dump(ctx.paths.diary_url)
    with pytest.raises(InvalidInput, match="end row counts"):
        transfer.import_csv(ctx, export, replace=True)
    ctx.close()
    assert dump(ctx.paths.diary_url) == before
    assert not [b for b in backup.list_backups(ctx) if b.kind == "pre-import"]  # a refused import leaves no trace


def test_an_export_in_the_first_format_still_imports_and_restores(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Format /2 escapes formula-like cells; a /1 file (no escaping) is read as it was written."""
    ctx = settled
    export = tmp_path / "diary-2026-11-25-auto.csv"
    transfer.export_csv(ctx, export)
    text = export.read_text(encoding="utf-8")
    assert "nutrigap-diary-csv/2" in text
    export.write_text(text.replace("nutrigap-diary-csv/2", "nutrigap-diary-csv/1"), encoding="utf-8", newline="")
    assert backup.describe(export).format == "csv"
    before = _entries(ctx)
    backup.restore_backup(ctx, export)
    assert _entries(ctx) == before


# --- NUTRIGAP_DB_URL=sqlite:///… gets the default path's preflight -----------------------------------------
def _url_context(monkeypatch: pytest.MonkeyPatch, file: Path) -> AppContext:
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{file}")
    return AppContext(DataPaths.from_environment())


def test_a_foreign_database_named_by_url_is_refused_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    foreign = tmp_path / "someone-else.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices VALUES (1, 9.5)")
    con.commit()
    con.close()
    header = foreign.read_bytes()[:100]
    before = sha256(foreign)
    ctx = _url_context(monkeypatch, foreign)
    with pytest.raises(DiaryDatabaseError, match="not NutriGap's"):
        _ = ctx.engine
    ctx.close()
    assert foreign.read_bytes()[18:20] == header[18:20] == b"\x01\x01"  # still a rollback journal, not WAL
    assert sha256(foreign) == before
    assert not Path(str(foreign) + "-wal").exists()


def test_a_damaged_diary_named_by_url_is_refused_unchanged(settled, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy.sqlite"
    backup.create_backup(settled, copy)
    data = bytearray(copy.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = os.urandom(200)  # a torn page in the middle of the tables
    copy.write_bytes(bytes(data))
    before = sha256(copy)
    ctx = _url_context(monkeypatch, copy)
    with pytest.raises(DiaryDatabaseError):
        _ = ctx.engine
    ctx.close()
    assert sha256(copy) == before


# --- spreadsheet formulas ----------------------------------------------------------------------------------
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3", "@SUM(A1)", "\tTab first", "\rCR first", "'quoted",
            "''two quotes", "'=already quoted"]  # fmt: skip


def test_text_that_a_spreadsheet_would_run_is_neutralised_and_imports_back_exactly(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from nutrigap.services import my_foods

    f = food_ids(ctx, 1)[0]
    for n, text in enumerate(FORMULAS):
        name = text.strip() or "x"
        my_foods.create_custom_food(
            ctx, my_foods.CustomFoodInput(name=f"{name} {n}", nutrients={1090: 1.0}, notes=text)
        )
        diary.log_food(ctx, D, "lunch", f, 10 + n, "g", note=text)
    export = tmp_path / "diary.csv"
    transfer.export_csv(ctx, export)
    import csv

    with export.open(encoding="utf-8", newline="") as fh:
        cells = [value for row in csv.reader(fh) for value in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    other = AppContext(DataPaths(home=tmp_path / "other", diary_url=f"sqlite:///{tmp_path / 'other.sqlite'}",
                                 uses_default_diary=True))  # fmt: skip
    try:
        transfer.import_csv(other, export)
        again = tmp_path / "again.csv"
        transfer.export_csv(other, again)
    finally:
        other.close()
    assert again.read_bytes() == export.read_bytes()
    mine, theirs = _texts(ctx.paths.diary_url), _texts(other.paths.diary_url)
    assert mine == theirs
    assert {'=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)", "'quoted", "'=already quoted"} <= mine


def _texts(url: str) -> set[str]:
    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        found = [r[0] for r in con.execute("SELECT note FROM diary_entry UNION ALL SELECT notes FROM food")]
    finally:
        con.close()
    return {str(text) for text in found if text}


def test_the_report_csv_neutralises_formula_text() -> None:
    from nutrigap.report.csv_export import _cell

    assert _cell("=1+1") == "'=1+1" and _cell("-x") == "'-x" and _cell("mg") == "mg"
    assert _cell(-1.5) == -1.5 and _cell(None) == ""


# --- bounded imports ---------------------------------------------------------------------------------------
def test_devices_and_pipes_are_refused_without_reading(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="not a regular file"):
        transfer.import_csv(ctx, Path("/dev/zero"))
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput, match="not a regular file"):  # would block forever if it were opened to read
        transfer.import_csv(ctx, fifo)


_PEAK = (
    PEAK_MB
    + """
import sys
from pathlib import Path
from nutrigap.domain.errors import InvalidInput
from nutrigap.paths import DataPaths
from nutrigap.services.context import AppContext
from nutrigap.services.transfer import import_csv
home = Path(sys.argv[2])
ctx = AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))
try:
    import_csv(ctx, Path(sys.argv[1]))
    print("accepted")
except InvalidInput as exc:
    print("refused:", exc)
print(peak_mb())
"""
)


def _peak_mb(file: Path, home: Path) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(file), str(home)], capture_output=True, text=True, check=True, timeout=600
    ).stdout.splitlines()
    return out[0], round(float(out[-1]))


@pytest.mark.parametrize("shape", ["rows", "one line"])
def test_a_99_mb_junk_file_is_refused_early_in_little_memory(shape: str, tmp_path: Path) -> None:
    """Short junk rows (each a dict of 48 cells if held: gigabytes) or one endless line: refused at the first
    bad line, in little memory."""
    junk = tmp_path / "junk.csv"
    with junk.open("w", encoding="utf-8") as fh:
        fh.write(",".join(transfer.COLUMNS) + "\nformat,nutrigap-diary-csv/2\n")
        chunk = "entry,junk\n" * 100_000 if shape == "rows" else "x," * 500_000
        for _ in range(99_000_000 // len(chunk)):
            fh.write(chunk)
    verdict, peak = _peak_mb(junk, tmp_path / "home")
    assert verdict.startswith("refused:"), verdict
    assert ("Line 3:" in verdict) if shape == "rows" else ("longer than" in verdict), verdict
    assert peak < 500, f"peak {peak} MB"


def test_an_import_reads_as_a_stream_and_stops_at_the_first_bad_line(settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A bad entry early in a file whose end is not even UTF-8: the message names the early line, so nothing
    after it was read (an import that held every row first would report the bytes at the end)."""
    ctx = settled
    export = tmp_path / "diary.csv"
    transfer.export_csv(ctx, export)
    text = export.read_text(encoding="utf-8")
    first_entry = next(i for i, line in enumerate(text.splitlines(keepends=True)) if line.startswith("entry,"))
    lines = text.splitlines(keepends=True)
    lines[first_entry] = lines[first_entry].replace("entry,", "entry,no-such-food", 1)
    # valid filler first: text is decoded in chunks of 8 KiB, so bad bytes within a chunk of the bad line would
    # fail that chunk whatever the import does; how far the entries sit from the end depends on the export's layout
    filler = ("filler," + "x" * 90 + "\n") * 400
    export.write_bytes(("".join(lines) + filler).encode("utf-8") + b"\xff\xfe not utf-8 at the very end\n")
    with pytest.raises(InvalidInput, match=rf"^Line {first_entry + 1}: "):
        transfer.import_csv(ctx, export, replace=True)


# --- a killed restore's staging folder ---------------------------------------------------------------------
def test_a_killed_restores_staging_folder_is_removed_on_the_next_open(settled) -> None:  # type: ignore[no-untyped-def]
    ctx = settled
    home = ctx.paths.home
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    stale = home / ".restore-killed"
    stale.mkdir()
    shutil.copy(ctx.paths.diary_file, stale / "backup.sqlite")
    (stale / "owner.pid").write_text(dead.stdout.strip(), encoding="ascii")
    running = home / ".restore-running"
    running.mkdir()
    (running / "owner.pid").write_text(str(os.getpid()), encoding="ascii")  # a restore going on now
    _ = ctx.engine
    ctx.close()
    assert not stale.exists()
    assert running.exists()
