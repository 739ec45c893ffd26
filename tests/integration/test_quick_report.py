"""`nutrigap report day` reads the plain SQLite diary with sqlite3 alone (issue #16): for every day, profile and
input it must print the same, warn the same and exit the same as the full path through pandas and the models,
change nothing, and stand aside whenever only the full open can tell (damaged file, older schema, another
database, a diary without its id or marker)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import labs, quick_report
from nutrigap.services.context import AppContext
from nutrigap.services.profile import set_personal_target, set_profile
from tests.integration.test_quick_log_add import _fill, _tables
from tests.safety.helpers import record_answers, run_cli, run_cli_in

TODAY = dt.date.today()
DAYS = [
    "today", "yesterday", "2026-11-20", "2026-11-24", "2026-11-25", "2026-11-26", "2025-11-25", "2026-01-01",
    TODAY.isoformat(),
]  # fmt: skip
BAD = ["2026-13-01", "1800-01-01", "soon", ""]
COMMANDS = (["report", "day"], ["log", "show"])


def _log(home: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any, argv: list[str]) -> None:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    code, _, err = run_cli(argv, capsys)
    assert code == 0, (argv, err)


@pytest.fixture
def home(ctx: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    """A diary with every kind of food logged over several days, some marked (not) complete, blood tests."""
    ids = _fill(ctx)
    paths = ctx.paths
    ctx.close()
    home = paths.home
    spinach, milk = ids["spinach"], ids["milk"]
    for argv in (
        ["log", "add", "2026-11-24", "breakfast", milk, "250", "ml"],
        ["log", "add", "2026-11-24", "dinner", spinach, "2", "my", "bowl"],
        ["log", "add", "2026-11-25", "breakfast", ids["muesli"], "1", "bowl"],  # magnesium only: others unknown
        ["log", "add", "2026-11-25", "supplements", ids["capsule"], "4", "capsule"],  # over the UL
        ["log", "add", "2026-11-25", "snacks", ids["smoothie"], "1", "serving"],
        ["log", "add", "2026-11-26", "lunch", ids["old"], "50"],
        ["log", "add", "today", "snacks", spinach, "10"],
        ["log", "add", "yesterday", "lunch", milk, "8", "fl", "oz"],
        ["log", "complete", "today"],
        ["log", "complete", "2026-11-24", "--undo"],
        ["lab", "add", "2026-11-01", "magnesium", "0.62", "mmol/L"],
        ["lab", "add", "2026-10-01", "vitamin_d_25oh", "18", "ng/mL", "--range", "30-100"],
        ["lab", "add", "2026-11-02", "other:ferritin", "40", "ng/mL", "--note", "fasting"],
        ["lab", "add", "2025-01-01", "potassium", "4.1", "mmol/L"],  # over a year before most days
        ["lab", "add", "2026-11-26", "calcium", "2.3", "mmol/L"],  # after some days
    ):
        _log(home, monkeypatch, capsys, argv)
    # a food an import brought without a weight (issue #18: a nominal serving), logged on its own day
    con = sqlite3.connect(home / "diary.sqlite")
    con.execute(
        "UPDATE food SET nominal_weight = 1, serving_label = 'serving', serving_grams = 100 WHERE ref = ?",
        (ids["old"],),
    )
    con.commit()
    con.close()
    yield home


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_report.SWITCH,))


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each quick_day_report and quick_day_entries call answered (None: it stood aside)."""
    return record_answers(monkeypatch, quick_report, ("quick_day_report", "quick_day_entries"))


def _profiles(ctx: AppContext) -> Iterator[str]:
    """Every kind of profile in turn (the default first), and the user's own targets."""
    yield "default"
    for sex, born, stage, unit in (
        ("female", "1990-05-01", "none", "µg"),
        ("female", "1995-02-03", "pregnant", "IU"),
        ("female", "2008-07-01", "lactating", "µg"),  # 18: a teenage mother's targets
        ("male", "2017-03-04", "none", "IU"),  # a child
        ("male", "1950-01-01", "none", "µg"),
    ):
        set_profile(ctx, sex=sex, birth_date=born, life_stage=stage, vitamin_d_unit=unit)
        yield f"{sex} {born} {stage} {unit}"
    set_personal_target(ctx, "magnesium", 400, note="my GP")
    set_personal_target(ctx, "vitamin_d", 50)
    yield "personal targets"


def test_both_paths_print_the_same_for_every_day_and_profile_and_change_nothing(
    home: Path, taken: list[object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    ctx = AppContext(DataPaths.from_environment())
    seen = 0
    for profile in _profiles(ctx):
        ctx.close()
        tables = _tables(home / "diary.sqlite")
        for command, day, json in [(c, d, j) for c in COMMANDS for d in DAYS + BAD for j in ((), ("--json",))]:
            argv = [*command, day, *json] if day else [*command, *json]
            before = len(taken)
            got = _run(home, argv, True, monkeypatch, capsys)
            expected = _run(home, argv, False, monkeypatch, capsys)
            assert got == expected, (profile, argv)
            if expected[0] == 0:
                assert taken[before] is not None, f"the quick path stood aside for {argv} ({profile})"
                seen += 1
        assert _tables(home / "diary.sqlite") == tables, profile
    ctx.close()
    assert seen == 7 * len(DAYS) * 2 * 2
    text = _run(home, ["report", "day", "2026-11-25"], True, monkeypatch, capsys)[1]
    assert "WARNING" in text and "Blood tests" in text and "ferritin" in text and "'yours'" in text


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch, day: str = "2026-11-25") -> object:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_report.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment(), read_only=True)
    try:
        return quick_report.quick_day_report(ctx, day)
    finally:
        ctx.close()


@pytest.fixture
def twins(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    quick, full = tmp_path / "quick", tmp_path / "full"
    shutil.copytree(home, quick)
    shutil.copytree(home, full)
    return quick, full


def _tables_but_id(home: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table; a diary id given anew (random) only as whether it is there."""
    tables = _tables(home / "diary.sqlite")
    tables["setting"] = [("diary.id", "an id", *row[2:]) if row[0] == "diary.id" else row for row in tables["setting"]]
    return tables


def _same_both_ways(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: Any, argv: list[str]
) -> tuple[Any, ...]:
    quick, full = twins
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys)
    assert _tables_but_id(quick) == _tables_but_id(full)
    assert sorted(p.name for p in quick.iterdir()) == sorted(p.name for p in full.iterdir())
    return got


def test_a_damaged_diary_gets_the_full_paths_message(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for home in twins:
        damaged = bytearray((home / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (home / "diary.sqlite").write_bytes(bytes(damaged))
    assert _quick(twins[0], monkeypatch) is None
    quick, full = twins
    argv = ["report", "day", "2026-11-25"]
    got = _run(quick, argv, True, monkeypatch, capsys)
    assert got == _run(full, argv, False, monkeypatch, capsys)
    assert got[0] == 1 and "damaged" in got[2], got


def test_an_older_revision_a_missing_marker_or_id_take_the_full_path(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.store.db import create_diary_engine, downgrade
    from nutrigap.store.revisions import REVISIONS

    argv = ["report", "day", "2026-11-25"]
    for home in twins:
        (home / "diary.id").unlink()
    assert _quick(twins[0], monkeypatch) is None
    assert _same_both_ways(twins, monkeypatch, capsys, argv)[0] == 0  # the full open writes the marker again
    assert _quick(twins[0], monkeypatch) is not None
    for home in twins:
        con = sqlite3.connect(home / "diary.sqlite")
        con.execute("DELETE FROM setting WHERE key = 'diary.id'")
        con.commit()
        con.close()
    assert _quick(twins[0], monkeypatch) is None
    assert _same_both_ways(twins, monkeypatch, capsys, argv)[0] == 0
    for home in twins:
        engine = create_diary_engine(f"sqlite:///{home / 'diary.sqlite'}")
        downgrade(engine, REVISIONS[-2])
        engine.dispose()
    assert _quick(twins[0], monkeypatch) is None
    _same_both_ways(twins, monkeypatch, capsys, argv)


def test_the_quick_path_stands_aside_for_another_database_or_no_diary(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NUTRIGAP_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert _quick(home, monkeypatch) is None
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{home / 'diary.sqlite'}")
    assert _quick(home, monkeypatch) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    assert _quick(home, monkeypatch) is not None
    empty = tmp_path / "empty-home"
    assert _quick(empty, monkeypatch) is None
    assert not empty.exists()  # looking creates nothing
    got = _run(empty, ["report", "day", "today"], True, monkeypatch, capsys)
    assert got == _run(empty, ["report", "day", "today"], False, monkeypatch, capsys) and got[0] == 0
    assert not (empty / "diary.sqlite").exists()


def test_blood_tests_come_in_the_full_paths_order(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    for day in ("2026-11-25", "2026-11-26", "2025-12-31", TODAY.isoformat()):
        quick = _quick(home, monkeypatch, day)
        assert isinstance(quick, quick_report.QuickDayReport)
        ctx = AppContext(DataPaths.from_environment(), read_only=True)
        with ctx.uow() as uow:
            assert quick.blood == labs.recent_results_in(uow, dt.date.fromisoformat(day)), day
        ctx.close()


@pytest.mark.parametrize("command", [["report", "day"], ["log", "show"]])
@pytest.mark.parametrize("json", [[], ["--json"]])
def test_report_day_and_log_show_never_import_sqlalchemy_or_pandas(
    home: Path, command: list[str], json: list[str]
) -> None:
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main([*{command!r}, '2026-11-25', *{json!r}])\n"
        "heavy = ('sqlalchemy', 'pandas', 'matplotlib', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert ("agnesium" if command[0] == "report" else "muesli") in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
