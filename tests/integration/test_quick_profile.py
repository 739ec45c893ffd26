"""`nutrigap profile show` reads the plain SQLite diary with sqlite3 alone (issue #16): for every profile and
personal target it must print the same and exit the same as the full path through the models, change nothing,
and stand aside whenever only the full open can tell."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import quick_profile, quick_report
from nutrigap.services.context import AppContext
from nutrigap.services.profile import clear_personal_target, set_personal_target
from tests.integration.test_quick_log_add import _tables
from tests.integration.test_quick_report import _profiles
from tests.safety.helpers import run_cli_in

ARGV = (["profile", "show"], ["profile", "show", "--json"])


@pytest.fixture
def home(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A diary that exists (opened once the full way: its id, marker and the day's backup)."""
    _ = ctx.engine
    ctx.close()
    monkeypatch.setenv("NUTRIGAP_HOME", str(ctx.paths.home))
    yield ctx.paths.home


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_report.SWITCH,))


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each quick_profile_targets call answered (None: it stood aside)."""
    answers: list[object] = []
    real: Callable[..., object] = quick_profile.quick_profile_targets

    def call(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_profile, "quick_profile_targets", call)
    return answers


def _personal(ctx: AppContext) -> Iterator[str]:
    """Personal targets of every kind after the profiles: each nutrient, notes, IU, one cleared."""
    set_personal_target(ctx, "calcium", "1,5e3", note="  after   the DEXA  ")
    set_personal_target(ctx, "vitamin_d", 2000, unit="IU")
    set_personal_target(ctx, "potassium", 4700)
    set_personal_target(ctx, "b12", 1000, note="x" * 500)
    yield "every nutrient"
    clear_personal_target(ctx, "magnesium")
    yield "magnesium cleared"


def test_both_paths_print_the_same_for_every_profile_and_change_nothing(
    home: Path, taken: list[object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = AppContext(DataPaths.from_environment())
    shown = []
    for profile in itertools.chain(_profiles(ctx), _personal(ctx)):  # each written, then shown
        ctx.close()
        tables = _tables(home / "diary.sqlite")
        for argv in ARGV:
            before = len(taken)
            got = _run(home, list(argv), True, monkeypatch, capsys)
            expected = _run(home, list(argv), False, monkeypatch, capsys)
            assert got == expected, (profile, argv)
            assert got[0] == 0 and taken[before] is not None, f"the quick path stood aside for {argv} ({profile})"
            shown.append(got[1])
        assert _tables(home / "diary.sqlite") == tables, profile
    ctx.close()
    assert len(set(shown)) == len(shown)  # every profile showed differently
    assert "no profile set" in shown[0] and "pregnant" in shown[4] and "your Magnesium target" in shown[-4]
    assert "DEXA" in shown[-1] and "your Magnesium target" not in shown[-2]


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    import datetime as dt

    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_report.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment(), read_only=True)
    try:
        return quick_profile.quick_profile_targets(ctx, dt.date.today())
    finally:
        ctx.close()


def test_the_quick_path_stands_aside_where_only_the_full_open_can_tell(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _quick(home, monkeypatch) is not None
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{home / 'diary.sqlite'}")
    assert _quick(home, monkeypatch) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    empty = tmp_path / "empty-home"
    assert _quick(empty, monkeypatch) is None
    assert not empty.exists()  # looking creates nothing
    got = _run(empty, ["profile", "show"], True, monkeypatch, capsys)
    assert got == _run(empty, ["profile", "show"], False, monkeypatch, capsys) and got[0] == 0
    quick, full = tmp_path / "quick", tmp_path / "full"
    for twin in (quick, full):
        shutil.copytree(home, twin)
        (twin / "diary.id").unlink()
    assert _quick(quick, monkeypatch) is None  # the full open writes the marker again
    got = _run(quick, ["profile", "show"], True, monkeypatch, capsys)
    assert got == _run(full, ["profile", "show"], False, monkeypatch, capsys) and got[0] == 0
    for twin in (quick, full):
        con = sqlite3.connect(twin / "diary.sqlite")
        con.execute("UPDATE setting SET value = 'x' WHERE key = 'diary.id'")  # not an id: the full open mends it
        con.commit()
        con.close()
    assert _quick(quick, monkeypatch) is None
    for twin in (quick, full):
        damaged = bytearray((twin / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (twin / "diary.sqlite").write_bytes(bytes(damaged))
    got = _run(quick, ["profile", "show"], True, monkeypatch, capsys)
    assert got == _run(full, ["profile", "show"], False, monkeypatch, capsys)
    assert got[0] == 1 and "damaged" in got[2]


def test_an_older_revision_takes_the_full_path(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.store.db import create_diary_engine, downgrade
    from nutrigap.store.revisions import REVISIONS

    engine = create_diary_engine(f"sqlite:///{home / 'diary.sqlite'}")
    downgrade(engine, REVISIONS[-2])
    engine.dispose()
    assert _quick(home, monkeypatch) is None
    quick, full = tmp_path / "quick", tmp_path / "full"
    shutil.copytree(home, quick)
    shutil.copytree(home, full)
    got = _run(quick, ["profile", "show", "--json"], True, monkeypatch, capsys)
    assert got == _run(full, ["profile", "show", "--json"], False, monkeypatch, capsys)


@pytest.mark.parametrize("argv", ARGV)
def test_profile_show_never_imports_sqlalchemy_or_pandas(home: Path, argv: tuple[str, ...]) -> None:
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main({list(argv)!r})\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Magnesium" in done.stdout or "magnesium" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
