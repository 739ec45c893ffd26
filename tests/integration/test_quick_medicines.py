"""`nutrigap med list` reads the plain SQLite diary with sqlite3 alone (issue #16): for every set of medicines it
must print the same and exit the same as the full path through the models, change nothing, and stand aside
whenever only the full open can tell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import quick_medicines, quick_report
from nutrigap.services.context import AppContext
from tests.integration.test_quick_log_add import _tables
from tests.safety.helpers import run_cli_in

#: Added one by one, the list compared both ways after each: no start date, the same start date (names
#: compared as SQLite does: "Zinc" before "aspirin"), stopped ones, doses and notes, an ATC code, "other".
ADDED = [
    ["omeprazole", "--dose", "20 mg daily", "--start", "2024-03-01"],
    ["Zinc", "--class", "other", "--start", "2025-01-01", "--note", "for colds"],
    ["aspirin", "--class", "other", "--start", "2025-01-01", "--stop", "2025-06-30"],
    ["furosemide", "--class", "C03C"],
    ["metformin", "--dose", "500 mg twice a day", "--note", "  with   meals  "],
    ["Ärztliches Präparat", "--class", "other"],
    ["hydrochlorothiazide", "--start", "1990-01-01", "--stop", "2026-11-01"],
]


@pytest.fixture
def home(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    _ = ctx.engine  # the diary exists, with its id and marker
    ctx.close()
    monkeypatch.setenv("NUTRIGAP_HOME", str(ctx.paths.home))
    yield ctx.paths.home


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_report.SWITCH,))


def test_both_paths_list_the_same_medicines_and_change_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers: list[object] = []
    real = quick_medicines.quick_list_medicines

    def recording(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_medicines, "quick_list_medicines", recording)
    shown = []
    changes = [None, *(["med", "add", *a] for a in ADDED), ["med", "stop", "metformin", "--date", "2026-11-30"]]
    for change in changes:
        if change is not None:
            assert _run(home, change, False, monkeypatch, capsys)[0] == 0, change
        tables = _tables(home / "diary.sqlite")
        for argv in (["med", "list"], ["med", "list", "--json"]):
            before = len(answers)
            got = _run(home, argv, True, monkeypatch, capsys)
            assert got == _run(home, argv, False, monkeypatch, capsys), (change, argv)
            assert got[0] == 0 and answers[before] is not None, f"the quick path stood aside for {argv}"
            shown.append(got[1])
        assert _tables(home / "diary.sqlite") == tables
    assert "no medicines" in shown[0] and "ods.od.nih.gov" in shown[-2]
    names = [line.split()[0] for line in shown[-2].splitlines()[2:10] if line.strip()]
    assert names[:4] == ["hydrochlorothiazide", "omeprazole", "Zinc", "aspirin"], names


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_report.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment(), read_only=True)
    try:
        return quick_medicines.quick_list_medicines(ctx)
    finally:
        ctx.close()


def test_the_quick_path_stands_aside_where_only_the_full_open_can_tell(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _quick(home, monkeypatch) == []
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{home / 'diary.sqlite'}")
    assert _quick(home, monkeypatch) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    empty = tmp_path / "empty-home"
    assert _quick(empty, monkeypatch) is None
    got = _run(empty, ["med", "list"], True, monkeypatch, capsys)
    assert got == _run(empty, ["med", "list"], False, monkeypatch, capsys) and got[0] == 0
    assert not (empty / "diary.sqlite").exists()  # listing creates no diary
    quick, full = tmp_path / "quick", tmp_path / "full"
    for twin in (quick, full):
        shutil.copytree(home, twin)
        (twin / "diary.id").unlink()
    assert _quick(quick, monkeypatch) is None  # the full open writes the marker again
    for twin in (quick, full):
        damaged = bytearray((twin / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (twin / "diary.sqlite").write_bytes(bytes(damaged))
    got = _run(quick, ["med", "list"], True, monkeypatch, capsys)
    assert got == _run(full, ["med", "list"], False, monkeypatch, capsys)
    assert got[0] == 1 and "damaged" in got[2]


@pytest.mark.parametrize("json", [[], ["--json"]])
def test_med_list_never_imports_sqlalchemy_or_pandas(
    home: Path, json: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(home, ["med", "add", *ADDED[0]], False, monkeypatch, capsys)[0] == 0
    monkeypatch.delenv(quick_report.SWITCH)
    script = (
        "import sys\n"
        "from nutrigap.cli import main\n"
        f"code = main(['med', 'list', *{json!r}])\n"
        "heavy = ('sqlalchemy', 'pandas', 'nutrigap.store.models', 'nutrigap.store.db')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**__import__("os").environ, "NUTRIGAP_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "omeprazole" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
