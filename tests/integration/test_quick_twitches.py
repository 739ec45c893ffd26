"""`nutrigap twitch list` reads the plain SQLite diary with sqlite3 alone (issue #16): for every range it must print
the same and exit the same as the full path through the models, change nothing, and stand aside whenever only
the full open can tell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.services import quick_add, quick_report, quick_twitches
from nutrigap.services.context import AppContext
from tests.integration.test_quick_log_add import _tables, _twitch_cases
from tests.safety.helpers import run_cli, run_cli_in

RANGES = [
    [], ["--from", "2026-11-24"], ["--to", "2026-11-24"], ["--from", "2026-11-24", "--to", "2026-11-24"],
    ["--from", "1900-01-01", "--to", "1900-01-01"], ["--from", "today"], ["--from", "yesterday", "--to", "today"],
    ["--from", "2026-11-26", "--to", "2026-11-30"],  # none in it
    ["--from", "2026-11-25", "--to", "2026-11-24"],  # ends before it starts
    ["--from", "2026-13-01"], ["--to", "soon"], ["--from", "1800-01-01"],
]  # fmt: skip


@pytest.fixture
def home(ctx: AppContext, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    """A diary with episodes of every kind: places, sides, durations, notes, symptoms, day boundaries."""
    paths = ctx.paths
    ctx.close()
    monkeypatch.setenv("NUTRIGAP_HOME", str(paths.home))
    cases = [
        *_twitch_cases()[:6],
        ["twitch", "add", "2026-11-24 00:00", "--location", "eyelid", "--intensity", "2"],
        ["twitch", "add", "2026-11-24 23:59", "--location", "calf", "--intensity", "4", "--symptom", "tingling"],
        ["twitch", "add", "2026-11-25 00:00", "--location", "other:lip", "--intensity", "3", "--note", "x" * 60],
    ]
    for argv in cases:
        code, _, err = run_cli(argv, capsys)
        assert code == 0, (argv, err)
    yield paths.home


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_report.SWITCH,))


def test_both_paths_print_the_same_for_every_range_and_change_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers: list[object] = []
    real = quick_twitches.quick_list_twitches

    def recording(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_twitches, "quick_list_twitches", recording)
    tables = _tables(home / "diary.sqlite")
    listed = 0
    for argv in [["twitch", "list", *r, *json] for r in RANGES for json in ((), ("--json",))]:
        before = len(answers)
        got = _run(home, argv, True, monkeypatch, capsys)
        expected = _run(home, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        if expected[0] == 0:
            assert answers[before] is not None, f"the quick path stood aside for {argv}"
            listed += got[1].count("\n")
    assert _tables(home / "diary.sqlite") == tables
    assert listed > 40
    everything = _run(home, ["twitch", "list"], True, monkeypatch, capsys)[1]
    assert "tongue" in everything and "cramp, fatigue" in everything and "after a run" in everything


def test_a_damaged_diary_gets_the_full_paths_message(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full = tmp_path / "quick", tmp_path / "full"
    for twin in (quick, full):
        shutil.copytree(home, twin)
        damaged = bytearray((twin / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (twin / "diary.sqlite").write_bytes(bytes(damaged))
    got = _run(quick, ["twitch", "list"], True, monkeypatch, capsys)
    assert got == _run(full, ["twitch", "list"], False, monkeypatch, capsys)
    assert got[0] == 1 and "damaged" in got[2]


def test_twitch_list_never_imports_sqlalchemy(home: Path) -> None:
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        "code = main(['twitch', 'list', '--json'])\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "eyelid" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"


def _run_write(
    home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_add.SWITCH,))


@pytest.fixture
def twins(home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two identical copies of the diary, opened once more since (so today's backup exists)."""
    from nutrigap.paths import DataPaths

    again = AppContext(DataPaths.from_environment())
    _ = again.engine
    again.close()
    quick, full = tmp_path / "quick", tmp_path / "full"
    shutil.copytree(home, quick)
    shutil.copytree(home, full)
    return quick, full


def test_twitch_rm_leaves_the_same_rows_prints_the_same_and_exits_the_same(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full = twins
    answers: list[object] = []
    real = quick_twitches.quick_remove_twitch

    def recording(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_twitches, "quick_remove_twitch", recording)
    ids = [str(row[0]) for row in _tables(quick / "diary.sqlite")["twitch_episode"]]
    assert len(ids) == 9
    cases = [["twitch", "rm", i] for i in [*ids[::2], ids[0], "999999", "0", "-1", "x", ids[1]]]
    removed = 0
    for argv in cases:
        before = len(answers)
        got = _run_write(quick, argv, True, monkeypatch, capsys)
        expected = _run_write(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert answers[before] is not None, f"the quick path stood aside for {argv}"
            removed += 1
    assert removed == 6 and len(_tables(quick / "diary.sqlite")["twitch_episode"]) == 3
    # where the full start-up would do more, it stands aside and writes nothing
    shutil.move(quick / "backups", quick.parent / "moved")  # today's automatic backup still to make
    assert _quick_rm(quick, monkeypatch, int(ids[3])) is None
    shutil.move(quick.parent / "moved", quick / "backups")
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{quick / 'diary.sqlite'}")
    assert _quick_rm(quick, monkeypatch, int(ids[3])) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    assert len(_tables(quick / "diary.sqlite")["twitch_episode"]) == 3
    assert _quick_rm(quick, monkeypatch, int(ids[3])) is not None


def _quick_rm(home: Path, monkeypatch: pytest.MonkeyPatch, episode_id: int) -> object:
    from nutrigap.paths import DataPaths

    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_add.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment())
    try:
        return quick_twitches.quick_remove_twitch(ctx, episode_id)
    finally:
        ctx.close()


def test_twitch_rm_never_imports_sqlalchemy(twins: tuple[Path, Path]) -> None:
    quick, _ = twins
    first = str(_tables(quick / "diary.sqlite")["twitch_episode"][0][0])
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main(['twitch', 'rm', {first!r}])\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(quick)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert f"removed twitch {first}" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
