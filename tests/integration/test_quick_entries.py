"""`nutrigap log rm` and `log edit` write with sqlite3 alone on the plain SQLite diary (issue #16): both change what
undo restores, so for every input they must leave exactly the rows the full path through the models leaves,
print the same and exit the same, and stand aside whenever only the full open can tell."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nutrigap.paths import DataPaths
from nutrigap.services import diary, quick_add, quick_entries
from nutrigap.services.context import AppContext
from tests.integration.test_quick_log_add import _fill, _tables
from tests.safety.helpers import record_answers, run_cli_in


@pytest.fixture
def twins(ctx: AppContext, tmp_path: Path) -> Iterator[tuple[Path, Path, dict[str, int]]]:
    """Two identical homes whose diary has entries of every kind of food, unit and meal, opened once more since
    (so today's backup exists); the entry ids by name."""
    ids = _fill(ctx)
    logged = {
        "spinach": diary.log_food(ctx, "2026-11-24", "dinner", ids["spinach"], 2, "my bowl"),
        "milk": diary.log_food(ctx, "2026-11-24", "breakfast", ids["milk"], 250, "ml", note="warm"),
        "cup": diary.log_food(ctx, "2026-11-24", "breakfast", ids["cup_food"], 1, "cup"),
        "muesli": diary.log_food(ctx, "2026-11-25", "breakfast", ids["muesli"], 1, "bowl"),
        "capsule": diary.log_food(ctx, "2026-11-25", "supplements", ids["capsule"], 2, "capsule"),
        "smoothie": diary.log_food(ctx, "2026-11-25", "snacks", ids["smoothie"], 1, "serving"),
        "second": diary.log_food(ctx, "2026-11-25", "snacks", ids["spinach"], 30, "g"),
        "old": diary.log_food(ctx, "2026-11-26", "lunch", ids["old"], 50, "g"),
    }
    entries = {name: view.id for name, view in logged.items()}
    ctx.close()
    con = sqlite3.connect(ctx.paths.diary_file)  # a food an import brought without a weight (issue #18)
    con.execute("UPDATE food SET nominal_weight = 1, serving_label = 'slice', serving_grams = 100 WHERE ref = ?",
                (ids["old"],))  # fmt: skip
    con.execute("UPDATE diary_entry SET quantity = 0.5, unit = 'slice' WHERE id = ?", (entries["old"],))
    con.commit()
    con.close()
    again = AppContext(ctx.paths)
    _ = again.engine  # the day's automatic backup of the now non-empty diary
    again.close()
    quick, full = tmp_path / "quick", tmp_path / "full"
    shutil.copytree(ctx.paths.home, quick)
    shutil.copytree(ctx.paths.home, full)
    yield quick, full, entries


def _cases(e: dict[str, int]) -> list[list[str]]:
    def edit(name: str, *options: str) -> list[str]:
        return ["log", "edit", str(e[name]), *options]

    return [
        edit("spinach", "--amount", "3"),
        edit("spinach", "--amount", "3"),  # unchanged: no new moment
        edit("spinach", "--unit", "oz", "--json"),
        edit("spinach", "--unit", "g", "--amount", "1,5e2"),
        edit("milk", "--unit", "fl oz", "--amount", "8"),
        edit("milk", "--amount", "100", "--unit", "ml", "--meal", "Lunch"),
        edit("milk", "--meal", "lunch"),  # the same meal: the same position
        edit("cup", "--amount", "0.5"),
        edit("cup", "--date", "2026-11-25", "--json"),  # moved: the end of that meal
        edit("cup", "--date", "2026-11-24", "--meal", "breakfast"),  # back: a new position again
        edit("spinach", "--meal", "breakfast"),  # another meal of the same day: after its entries
        edit("muesli", "--amount", "2"),
        edit("muesli", "--unit", "g"),  # 2 g, the bowl's quantity kept
        edit("capsule", "--amount", "1", "--date", "yesterday"),
        edit("smoothie", "--unit", "g", "--amount", "120"),
        edit("second", "--meal", "dinner", "--date", "today"),
        edit("old", "--amount", "2"),  # its only unit, the serving
        edit("old", "--meal", "snacks", "--json"),
        # refused: the full path's messages, in its order
        edit("spinach", "--amount", "0"),
        edit("spinach", "--amount", "abc"),
        edit("spinach", "--amount", "nan"),
        edit("spinach", "--amount", "6000"),
        edit("spinach", "--amount", "12", "--unit", "lb"),
        edit("spinach", "--unit", "spoonful"),
        edit("muesli", "--unit", "cup"),
        edit("old", "--unit", "g"),  # no grams for a food without a weight
        edit("spinach", "--date", "2026-13-01"),
        edit("spinach", "--date", "1800-01-01"),
        edit("spinach", "--meal", "brunch"),
        edit("spinach", "--amount", "abc", "--date", "soon", "--meal", "brunch"),
        edit("spinach", "--date", "soon", "--meal", "brunch"),
        edit("spinach", "--amount", ""),
        edit("spinach"),  # nothing to change
        ["log", "edit", "999999", "--amount", "2"],
        ["log", "edit", "abc", "--amount", "2"],
        # removed, then removed again and changed: the full path's messages
        ["log", "rm", str(e["capsule"])],
        ["log", "rm", str(e["capsule"])],
        edit("capsule", "--amount", "2"),
        ["log", "rm", str(e["old"])],
        ["log", "rm", str(e["smoothie"])],
        ["log", "rm", str(e["milk"])],
        ["log", "rm", "999999"],
        ["log", "rm", "-1"],
    ]


def _run(home: Path, argv: list[str], quick: bool, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[Any, ...]:
    return run_cli_in(home, argv, monkeypatch, capsys, quick=quick, switches=(quick_add.SWITCH,))


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What each quick_remove_entry and quick_update_entry call answered (None: it stood aside)."""
    return record_answers(monkeypatch, quick_entries, ("quick_remove_entry", "quick_update_entry"))


def _moments(home: Path) -> dict[int, tuple[str, str]]:
    con = sqlite3.connect(home / "diary.sqlite")
    try:
        rows = con.execute("SELECT id, created_at, updated_at FROM diary_entry")
        return {int(i): (str(c), str(u)) for i, c, u in rows}
    finally:
        con.close()


def test_both_paths_leave_the_same_rows_print_the_same_and_exit_the_same(
    twins: tuple[Path, Path, dict[str, int]],
    taken: list[object],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    quick, full, entries = twins
    done = 0
    for argv in _cases(entries):
        before, moments = len(taken), _moments(quick)
        got = _run(quick, argv, True, monkeypatch, capsys)
        expected = _run(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert taken[before] is not None, f"the quick path stood aside for {argv}"
            done += 1
        else:  # refused or unknown: nothing changed, not even a moment
            assert _moments(quick) == moments, argv
    assert done == 22
    rows = _tables(quick / "diary.sqlite")["diary_entry"]
    assert len(rows) == 2 + 8 - 4


def test_an_unchanged_edit_leaves_the_moment_as_the_full_path_does(
    twins: tuple[Path, Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full, entries = twins
    spinach = entries["spinach"]
    for home, fast in ((quick, True), (full, False)):
        moments = _moments(home)
        for argv in (["--amount", "2"], ["--unit", "my bowl", "--meal", "dinner", "--date", "2026-11-24"]):
            assert _run(home, ["log", "edit", str(spinach), *argv], fast, monkeypatch, capsys)[0] == 0
        assert _moments(home) == moments, home
        assert _run(home, ["log", "edit", str(spinach), "--amount", "2.5"], fast, monkeypatch, capsys)[0] == 0
        changed = _moments(home)
        assert changed[spinach][0] == moments[spinach][0] and changed[spinach][1] > moments[spinach][1]
        assert {i: m for i, m in changed.items() if i != spinach} == {i: m for i, m in moments.items() if i != spinach}


COPIES = [
    ["2026-11-24", "2026-12-01"],
    ["2026-11-24", "2026-12-01"],  # again: after the first copies, meal by meal
    ["2026-11-25", "2026-11-25"],  # onto itself
    ["2026-11-25", "today", "--meal", "Snacks"],
    ["2026-11-25", "yesterday", "--meal", "supplements"],
    ["2026-11-26", "2026-11-24"],  # a food without a weight
    ["2026-11-20", "1900-01-01", "--meal", "dinner"],
    # refused: the full path's messages, in its order
    ["2026-11-25", "today", "--meal", "brunch"],
    ["2026-11-25", "today", "--meal", "lunch"],  # nothing in that meal
    ["2026-11-27", "today"],  # nothing that day
    ["2026-11-27", "soon"],
    ["2026-11-24", "soon"],
    ["2026-11-24", "1800-01-01"],
    ["2026-13-01", "today"],
    ["2026-13-01", "soon", "--meal", "brunch"],
    ["2026-11-24", "2026-13-01", "--meal", "brunch"],
]


def test_log_copy_leaves_the_same_rows_prints_the_same_and_exits_the_same(
    twins: tuple[Path, Path, dict[str, int]],
    taken: list[object],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    quick, full, _ = twins
    answers: list[object] = []
    real = quick_entries.quick_copy_day

    def recording(*args: Any, **kwargs: Any) -> object:
        answer = real(*args, **kwargs)
        answers.append(answer)
        return answer

    monkeypatch.setattr(quick_entries, "quick_copy_day", recording)
    copied = 0
    for argv in (["log", "copy", *case] for case in COPIES):
        before, moments = len(answers), _moments(quick)
        got = _run(quick, argv, True, monkeypatch, capsys)
        expected = _run(full, argv, False, monkeypatch, capsys)
        assert got == expected, argv
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite"), argv
        if expected[0] == 0:
            assert answers[before] is not None, f"the quick path stood aside for {argv}"
            copied += 1
        else:
            assert _moments(quick) == moments, argv
    assert copied == 7
    rows = _tables(quick / "diary.sqlite")["diary_entry"]
    assert len(rows) == 10 + 3 + 3 + 4 + 4 + 2 + 1 + 1  # 11-25 doubled before its snacks and supplements


def _quick(home: Path, monkeypatch: pytest.MonkeyPatch, entry_id: int) -> object:
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv(quick_add.SWITCH, raising=False)
    ctx = AppContext(DataPaths.from_environment())
    try:
        return quick_entries.quick_update_entry(ctx, entry_id, meal="snacks")
    finally:
        ctx.close()


def test_the_quick_path_stands_aside_where_the_full_start_up_would_do_more(
    twins: tuple[Path, Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quick, full, entries = twins
    spinach = entries["spinach"]
    unchanged = _tables(quick / "diary.sqlite")
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{quick / 'diary.sqlite'}")
    assert _quick(quick, monkeypatch, spinach) is None
    monkeypatch.delenv("NUTRIGAP_DB_URL")
    moved = quick.parent / "moved-backups"
    shutil.move(quick / "backups", moved)  # today's automatic backup not made yet
    assert _quick(quick, monkeypatch, spinach) is None
    shutil.move(moved, quick / "backups")
    marker = quick / "diary.id"
    kept = marker.read_text()
    marker.write_text("0123456789ab\n")
    assert _quick(quick, monkeypatch, spinach) is None
    marker.write_text(kept)
    assert _quick(quick, monkeypatch, 999999) is None
    assert _quick(quick.parent / "empty-home", monkeypatch, spinach) is None
    assert not (quick.parent / "empty-home" / "diary.sqlite").exists()
    assert _tables(quick / "diary.sqlite") == unchanged
    for home in (quick, full):  # damaged: the full path's message, nothing written
        damaged = bytearray((home / "diary.sqlite").read_bytes())
        damaged[3 * 4096 : 5 * 4096] = b"\xa5" * (2 * 4096)
        (home / "diary.sqlite").write_bytes(bytes(damaged))
    for argv in (["log", "rm", str(spinach)], ["log", "edit", str(spinach), "--amount", "1"]):
        got = _run(quick, argv, True, monkeypatch, capsys)
        assert got == _run(full, argv, False, monkeypatch, capsys)
        assert got[0] == 1 and "damaged" in got[2]


def test_an_older_revision_is_upgraded_the_full_way(
    twins: tuple[Path, Path, dict[str, int]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nutrigap.store.db import create_diary_engine, downgrade
    from nutrigap.store.revisions import REVISIONS

    quick, full, entries = twins
    for home in (quick, full):
        engine = create_diary_engine(f"sqlite:///{home / 'diary.sqlite'}")
        downgrade(engine, REVISIONS[-2])
        engine.dispose()
    assert _quick(quick, monkeypatch, entries["spinach"]) is None
    for argv in (["log", "edit", str(entries["milk"]), "--amount", "300"], ["log", "rm", str(entries["cup"])]):
        got = _run(quick, argv, True, monkeypatch, capsys)
        assert got == _run(full, argv, False, monkeypatch, capsys) and got[0] == 0
        assert _tables(quick / "diary.sqlite") == _tables(full / "diary.sqlite")


@pytest.mark.parametrize(
    "action", [["edit", "ID", "--amount", "4", "--json"], ["rm", "ID"], ["copy", "2026-11-24", "today"]]
)
def test_log_edit_rm_and_copy_never_import_sqlalchemy(
    twins: tuple[Path, Path, dict[str, int]], action: list[str]
) -> None:
    quick, _, entries = twins
    argv = ["log", *(str(entries["spinach"]) if a == "ID" else a for a in action)]
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
    assert (str(entries["spinach"]) if "ID" in action else "copied 3 entries") in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "0 []"
