"""Two NutriGaps on one diary: two writer processes and the command line at once, on SQLite and on
PostgreSQL. Nothing is lost, nobody sees "database is locked", and each sees the others' entries."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import backup, diary, food_search
from nutrigap.services.context import AppContext
from tests.safety.helpers import food_ids

ROOT = Path(__file__).resolve().parents[2]
PER_WRITER = 25
CLI_ENTRIES = 2


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _writer(tag: str, ids: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.safety.workers", "log", tag, str(PER_WRITER), *ids],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _cli(*args: str) -> subprocess.Popen[str]:
    """The command line, started now and running beside everything else."""
    return subprocess.Popen(
        [sys.executable, "-m", "nutrigap", *args],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_writers_and_the_cli_on_one_diary(bctx: AppContext, backend: str) -> None:
    window = bctx
    ids = food_ids(window, 12)
    diary.log_food(window, "2026-11-24", "breakfast", ids[0], 100)
    assert [h.id for h in food_search.search_foods(window, "", 5)] == [ids[0]]  # the window's recent foods, cached
    window.changed_since_last_check()  # the window takes its first reading
    a, b = _writer("A", ids[:6]), _writer("B", ids[6:11])
    cli = [_cli("log", "add", "2026-11-24", "dinner", ids[11], "150", "--note", f"cli-{i}") for i in range(CLI_ENTRIES)]
    if backend == "sqlite":  # a reader beside the writers (the window's situation); spared on the server run
        cli.append(_cli("report", "day", "2026-11-24", "--json"))
    outputs = []
    for proc in (a, b):
        out, err = proc.communicate(timeout=300)
        outputs.append(out)
        assert proc.returncode == 0, err[-2000:]
        assert "locked" not in err and "Traceback" not in err
    for proc in cli:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
        assert "locked" not in err and "Traceback" not in err
    committed = {int(line) for out in outputs for line in out.split()}
    assert len(committed) == 2 * PER_WRITER

    # the window, still open from before, sees everything the others wrote once it refreshes
    assert window.changed_since_last_check()
    entries = diary.entries_for_day(window, "2026-11-24")
    notes = [e.note for e in entries]
    assert committed <= {e.id for e in entries}
    assert sorted(n for n in notes if n and n[0] in "AB") == sorted(
        [f"A-{i}" for i in range(PER_WRITER)] + [f"B-{i}" for i in range(PER_WRITER)]
    )
    assert sorted(n for n in notes if n and n.startswith("cli")) == [f"cli-{i}" for i in range(CLI_ENTRIES)]
    assert len(entries) == 1 + 2 * PER_WRITER + CLI_ENTRIES
    assert ids[11] in [h.id for h in food_search.search_foods(window, "", 20)]  # recent foods include the CLI's
    if backend == "sqlite":
        # under the write lock each entry got its own place in the meal
        lunch = [(e.meal, e.position) for e in entries]
        assert len(set(lunch)) == len(lunch)
        assert not window.changed_since_last_check()


def test_a_backup_taken_while_another_process_writes_is_one_moment(ctx: AppContext) -> None:
    """Entry ids grow with each commit, so a consistent snapshot holds exactly ids 1..k for some k."""
    import sqlite3

    ids = food_ids(ctx, 6)
    _ = ctx.engine
    writer = _writer("W", ids)
    snapshots: list[backup.BackupInfo] = []
    reported: list[str] = []
    try:
        assert writer.stdout is not None
        for line in writer.stdout:  # one line per entry the writer committed: progress, however slow
            reported.append(line)
            if len(snapshots) < 6 and len(reported) % 3 == 1:
                snapshots.append(backup.create_backup(ctx))
    finally:
        rest, err = writer.communicate(timeout=300)
    out = "".join(reported) + rest
    assert writer.returncode == 0, err[-2000:]
    assert snapshots, "the writer finished before a backup could be taken"
    for info in snapshots:
        con = sqlite3.connect(info.path)
        got = [r[0] for r in con.execute("SELECT id FROM diary_entry ORDER BY id")]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        assert got == list(range(1, len(got) + 1))
    assert len(out.split()) == PER_WRITER


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_two_desktops_on_postgres_see_each_other(bctx: AppContext) -> None:
    """Two contexts (two desktops of a household) on one diary: what one writes the other sees at once."""
    other = AppContext(DataPaths.from_environment())
    try:
        ids = food_ids(bctx, 2)
        entry = diary.log_food(bctx, "2026-11-24", "lunch", ids[0], 80)
        assert [e.id for e in diary.entries_for_day(other, "2026-11-24")] == [entry.id]
        diary.update_entry(other, entry.id, quantity=90)
        assert diary.get_entry(bctx, entry.id).amount_g == 90.0
        assert bctx.changed_since_last_check() is True  # on a server: always reload
    finally:
        other.close()


def test_two_desktops_logging_the_same_new_food_at_once(bctx: AppContext) -> None:
    """Desktop A copies a food into the diary and has not committed yet when desktop B logs the same food:
    B waits, then uses A's copy. (On a server both found no copy and B's insert broke the unique ref.)"""
    import threading

    from nutrigap.services.food_search import reference_row

    other = AppContext(DataPaths.from_environment())
    food = food_ids(bctx, 3)[2]
    outcome: list[object] = []

    def desktop_b() -> None:
        try:
            outcome.append(diary.log_food(other, "2026-11-24", "lunch", food, 55))
        except Exception as exc:  # reported by the assertion below
            outcome.append(exc)

    try:
        with bctx.uow() as uow:
            copied = reference_row(bctx, uow, food)
            b = threading.Thread(target=desktop_b)
            b.start()
            time.sleep(0.5)  # B is now waiting for A (the write lock, or the server's unique index)
            uow.commit()
            copied_id = copied.id
        b.join(timeout=60)
        assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
        with bctx.uow() as uow:
            row = uow.foods.by_ref(food)
            assert row is not None and row.id == copied_id
        assert [e.food_id for e in diary.entries_for_day(bctx, "2026-11-24")] == [food]
    finally:
        other.close()
