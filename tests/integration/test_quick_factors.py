"""`nutrigap factors set`, `factors show` and `log complete` use sqlite3 alone on the plain SQLite diary (issue
#16): for every input they must leave the same rows, print the same and exit the same as the full path through
the models, and stand aside whenever only the full open can tell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import quick_add, quick_factors, quick_report
from nutrigap.services.context import AppContext
from tests.conftest import food_id
from tests.integration.test_quick_log_add import _fill, _tables
from tests.safety.helpers import record_answers, run_cli_in

DAYS = ["today", "2026-11-24", "2026-11-25", "2026-11-20"]


def _set_cases() -> list[list[str]]:
    good = [
        ["today", "--water-ml", "1500"],
        ["today", "--water-ml", "1500"],  # the same value again: no change, no new moment
        ["today", "--water-ml", "1,5e3", "--json"],
        ["today", "--caffeine-mg", "95", "--last-caffeine", "9:05"],
        ["2026-11-24", "--sleep-h", "7.5", "--stress", "3", "--exercise-min", "45", "--exercise-intensity", "moderate"],
        ["2026-11-24", "--sun-min", "30", "--sun-skin", "face and hands", "--json"],
        ["2026-11-24", "--stress", "", "--water-ml", "0"],  # cleared, and a real 0
        ["2026-11-25", "--last-caffeine", "23:59", "--caffeine-mg", "5000"],
        ["2026-11-25", "--last-caffeine", ""],
        ["1900-01-01", "--sleep-h", "0", "--sun-skin", "arms_legs"],
        ["2026-11-20", "--sun-skin", "none", "--exercise-intensity", "vigorous"],
    ]
    bad = [
        ["today"],
        ["today", "--water-ml", "-1"],
        ["today", "--water-ml", "20001"],
        ["today", "--water-ml", "nan"],
        ["today", "--water-ml", "lots"],
        ["today", "--stress", "0"],
        ["today", "--stress", "2.5"],
        ["today", "--sleep-h", "25"],
        ["today", "--exercise-intensity", "extreme"],
        ["today", "--last-caffeine", "25:00"],
        ["today", "--sun-skin", "all of it"],
        ["today", "--sun-min", "100000"],
        ["2026-13-01", "--water-ml", "100"],
        ["1800-01-01", "--water-ml", "100"],
    ]
    complete = [
        ["log", "complete", "today"],
        ["log", "complete", "today"],  # unchanged: no new moment
        ["log", "complete", "today", "--undo", "--json"],
        ["log", "complete", "2026-11-24", "--undo"],
        ["log", "complete", "2026-11-24"],
        ["log", "complete", "1900-01-01", "--json"],
        ["log", "complete", "2999-01-01"],  # not begun
        ["log", "complete", "2999-01-01", "--undo"],
        ["log", "complete", "soon"],
    ]
    return [["factors", "set", *case] for case in good + bad] + complete


@pytest.fixture
def twins(ctx: AppContext, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """Two identical homes with a filled diary (coffee logged on one day), opened once more (the day's backup)."""
    from nutrigap.services import diary

    _fill(ctx)
    diary.log_food(ctx, "2026-11-25", "breakfast", food_id(ctx, "Coffee, brewed", "survey_fndds_food"), 240, "g")
    ctx.close()
    again = AppContext(ctx.paths)
    _ = again.engine
    again.close()
    quick, full = tmp_path / "quick", tmp_path / "full"
    shutil.copytree(ctx.paths.home, quick)
    shutil.copytree(ctx.paths.home, full)
    yield quick, full


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(
        home,
        argv,
        monkeypatch,
        capsys,
        quick=quick,
        switches=(
            quick_add.SWITCH,
            quick_report.SWITCH,
        ),
    )


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    return record_answers(
        monkeypatch, quick_factors, ("quick_set_factors", "quick_get_factors", "quick_set_day_complete")
    )


def test_both_paths_leave_the_same_rows_print_the_same_and_exit_the_same(
    twins: tuple[Path, Path], taken: list[object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full = twins
    shows = [["factors", "show", day, *json] for day in DAYS for json in ((), ("--json",))]
    cases = [*shows, *_set_cases(), *shows, ["factors", "show", "soon"]]
    for argv in cases:
        before = len(taken)
        got = _run(quick, argv, True, monkeypatch, capsys)
        expected = _run(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert taken[before] is not None, f"the quick path stood aside for {argv}"
    factors = _tables(quick / "diary.sqlite")["daily_factors"]
    assert len(factors) == 5
    assert any(row[9] == "09:05:00.000000" for row in factors)  # SQLAlchemy's TIME text
    assert len(_tables(quick / "diary.sqlite")["day_status"]) == 3
    shown = _run(quick, ["factors", "show", "2026-11-25", "--json"], True, monkeypatch, capsys)[1]
    assert '"food_caffeine_mg": null' not in shown  # the coffee's caffeine counted


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_add.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment())
    try:
        return quick_factors.quick_set_factors(ctx, "2026-11-24", water_ml="700")
    finally:
        ctx.close()


def test_the_write_stands_aside_where_the_full_start_up_would_do_more(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full = twins
    unchanged = _tables(quick / "diary.sqlite")
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{quick / 'diary.sqlite'}")
    assert _quick(quick, monkeypatch) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    moved = quick.parent / "moved-backups"
    shutil.move(quick / "backups", moved)  # today's automatic backup not made yet
    assert _quick(quick, monkeypatch) is None
    shutil.move(moved, quick / "backups")
    (quick / "diary.id").unlink()
    assert _quick(quick, monkeypatch) is None
    assert _tables(quick / "diary.sqlite") == unchanged
    for home in (quick, full):  # damaged: the full path's message, nothing written
        damaged = bytearray((home / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (home / "diary.sqlite").write_bytes(bytes(damaged))
    argv = ["factors", "set", "today", "--water-ml", "100"]
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys)
    assert got[0] == 1 and "damaged" in got[2]


def test_an_older_revision_is_upgraded_the_full_way(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.store.db import create_diary_engine, downgrade
    from nutrigap.store.revisions import REVISIONS

    quick, full = twins
    for home in twins:
        engine = create_diary_engine(f"sqlite:///{home / 'diary.sqlite'}")
        downgrade(engine, REVISIONS[-2])
        engine.dispose()
    assert _quick(quick, monkeypatch) is None
    for argv in (["factors", "show", "2026-11-25"], ["factors", "set", "2026-11-24", "--sun-min", "20"]):
        got = _run(quick, argv, True, monkeypatch, capsys)
        assert got == _run(full, argv, False, monkeypatch, capsys) and got[0] == 0
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite")


@pytest.mark.parametrize(
    "argv",
    [["factors", "set", "today", "--water-ml", "900"], ["factors", "show", "today"], ["log", "complete", "today"]],
)
def test_factors_commands_never_import_sqlalchemy(twins: tuple[Path, Path], argv: list[str]) -> None:
    quick, _ = twins
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main({argv!r})\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(quick)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert ("complete" if argv[0] == "log" else "water") in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
