"""`nutrigap lab add` and `lab list` use sqlite3 alone on the plain SQLite diary (issue #16): for every input they
must leave the same rows, print the same and exit the same as the full path through the models, and stand aside
whenever only the full open can tell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import quick_add, quick_labs, quick_report
from nutrigap.services.context import AppContext
from tests.integration.test_quick_log_add import _fill, _tables
from tests.safety.helpers import run_cli_in

ADD = [
    ["2026-11-24", "magnesium", "0.62", "mmol/L"],
    ["2026-11-24", "magnesium", "1,9", "mg/dL", "--json"],
    ["2026-11-25", "calcium", "2.3", "mmol/L", "--range", "2.2-2.6"],
    ["2026-11-25", "ionized_calcium", "1.2", "mmol/L"],
    ["2026-11-25", "potassium", "4.1", "mEq/L", "--note", "  fasting,   morning "],
    ["2026-10-01", "vitamin_d_25oh", "18", "ng/mL", "--range", "30-100"],
    ["2026-10-01", "vitamin_d_25oh", "45", "nmol/L", "--json"],
    ["2026-10-02", "vitamin_b12", "300", "pg/mL"],
    ["2026-10-02", "vitamin_b12", "250", "pmol/L", "--range", ">150"],
    ["2026-11-02", "other:ferritin", "40", "ng/mL", "--range", "<300"],
    ["today", "magnesium", "0.8", "mmol/L"],
    ["1900-01-01", "potassium", "3.0", "mmol/L"],
]
BAD = [
    ["today", "iron", "10", "mg/dL"],
    ["today", "magnesium", "0.8", "furlongs"],
    ["today", "magnesium", "abc", "mmol/L"],
    ["today", "magnesium", "-1", "mmol/L"],
    ["today", "magnesium", "1e9", "mmol/L"],
    ["today", "magnesium", "nan", "mmol/L"],
    ["today", "magnesium", "0.8", "mmol/L", "--range", "high"],
    ["today", "magnesium", "0.8", "mmol/L", "--range", "2-1"],
    ["today", "other:ferritin", "40", "ng/mL", "--range", "10-20", "--note", "x" * 3000],
    ["2026-13-01", "magnesium", "0.8", "mmol/L"],
    ["1800-01-01", "magnesium", "0.8", "mmol/L"],
    ["today", "other:", "1", "mmol/L"],
]
LISTS = [
    [], ["--from", "2026-11-01"], ["--to", "2026-10-31"], ["--from", "2026-10-02", "--to", "2026-10-02"],
    ["--from", "2026-12-01", "--to", "2026-12-02"], ["--from", "2026-11-25", "--to", "2026-11-24"],
    ["--from", "soon"], ["--to", "2026-02-30"],
]  # fmt: skip


@pytest.fixture
def twins(ctx: AppContext, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    _fill(ctx)
    ctx.close()
    again = AppContext(ctx.paths)
    _ = again.engine  # the day's automatic backup of the now non-empty diary
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


def test_both_paths_leave_the_same_rows_print_the_same_and_exit_the_same(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers: list[object] = []

    def recording(real: Callable[..., object]) -> Callable[..., object]:
        def call(*args: Any, **kwargs: Any) -> object:
            try:
                answer = real(*args, **kwargs)
            except Exception:
                answers.append("raised")
                raise
            answers.append(answer)
            return answer

        return call

    for name in ("quick_add_result", "quick_list_results"):
        monkeypatch.setattr(quick_labs, name, recording(getattr(quick_labs, name)))
    quick, full = twins
    lists = [["lab", "list", *r, *json] for r in LISTS for json in ((), ("--json",))]
    for argv in [*lists, *(["lab", "add", *a] for a in ADD + BAD), *lists]:
        before = len(answers)
        got = _run(quick, argv, True, monkeypatch, capsys)
        expected = _run(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert answers[before] is not None, f"the quick path stood aside for {argv}"
    assert len(_tables(quick / "diary.sqlite")["lab_result"]) == len(ADD)


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_add.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment())
    try:
        return quick_labs.quick_add_result(ctx, "2026-11-24", "magnesium", "0.7", "mmol/L")
    finally:
        ctx.close()


def test_the_write_stands_aside_where_the_full_start_up_would_do_more(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.store.db import create_diary_engine, downgrade
    from nutrigap.store.revisions import REVISIONS

    quick, full = twins
    unchanged = _tables(quick / "diary.sqlite")
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{quick / 'diary.sqlite'}")
    assert _quick(quick, monkeypatch) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    moved = quick.parent / "moved-backups"
    shutil.move(quick / "backups", moved)  # today's automatic backup not made yet
    assert _quick(quick, monkeypatch) is None
    shutil.move(moved, quick / "backups")
    assert _tables(quick / "diary.sqlite") == unchanged
    for home in twins:
        engine = create_diary_engine(f"sqlite:///{home / 'diary.sqlite'}")
        downgrade(engine, REVISIONS[-2])
        engine.dispose()
    assert _quick(quick, monkeypatch) is None
    for argv in (["lab", "add", "today", "calcium", "2.4", "mmol/L"], ["lab", "list"]):
        got = _run(quick, argv, True, monkeypatch, capsys)
        assert got == _run(full, argv, False, monkeypatch, capsys) and got[0] == 0
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite")


@pytest.mark.parametrize("argv", [["lab", "add", "today", "magnesium", "0.8", "mmol/L"], ["lab", "list", "--json"]])
def test_lab_commands_never_import_sqlalchemy(twins: tuple[Path, Path], argv: list[str]) -> None:
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
    assert done.stderr.strip().splitlines()[-1] == "0 []"
