"""Imported history (issue #18: import batches, imported foods and entries with their import id, the day notes
and flags an import set) comes back unchanged through CSV export → import and backup → restore, and an import
can still be undone after the round trip."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from nutrigap.paths import DataPaths
from nutrigap.services import backup, transfer
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import set_day_complete
from nutrigap.services.importers.apply import apply_plan, list_imports, undo_import
from nutrigap.services.importers.cronometer import parse_cronometer
from tests.integration.import_fixtures import (
    BIOMETRICS_HEADER,
    DAILY_HEADER,
    NOTES_HEADER,
    SERVINGS_HEADER,
    csv_text,
    serving,
    write,
)
from tests.safety.helpers import dump


def _fill(ctx: AppContext, tmp_path: Path) -> None:
    servings = write(tmp_path / "servings.csv", csv_text(SERVINGS_HEADER, [
        serving("2026-11-02", "Breakfast", "Milk, 2% «Bio»", "1.00 cup", kcal="122", mg_mg="27", vd_iu="120"),
        serving("2026-11-02", "Snacks", "Almonds", "28.00 g", kcal="164", mg_mg="76.5", b12=""),
        serving("2026-11-03", "Breakfast", "Milk, 2% «Bio»", "1.00 cup", kcal="122", mg_mg="27", vd_iu="120"),
    ]))  # fmt: skip
    # years of day notes: the export keeps them one line per day, never one line for all
    start = dt.date(2024, 1, 1)
    many = [
        {"Day": (start + dt.timedelta(days=d)).isoformat(), "Time": "", "Group": "", "Note": f"day {d}: " + "z" * 300}
        for d in range(400)
    ]
    last = {"Day": "2026-11-02", "Time": "", "Group": "", "Note": "twitch, left eyelid"}
    notes = write(tmp_path / "notes.csv", csv_text(NOTES_HEADER, [*many, last]))
    daily = write(tmp_path / "dailysummary.csv", csv_text(DAILY_HEADER, [
        {"Date": "2026-11-03", "Energy (kcal)": "122", "Completed": "true"}]))  # fmt: skip
    biometrics = write(tmp_path / "biometrics.csv", csv_text(BIOMETRICS_HEADER, [
        {"Day": "2026-11-02", "Metric": "Vitamin D (25-OH)", "Unit": "ng/mL", "Amount": "17.3"},
        {"Day": "2026-11-02", "Metric": "Magnesium (Serum)", "Unit": "mg/dL", "Amount": "1.81"},
    ]))  # fmt: skip
    set_day_complete(ctx, "2026-11-03", False)  # the person had said it was not; the import says it was
    apply_plan(ctx, parse_cronometer([servings, notes, daily, biometrics]))


def _new_context(home: Path, food_db: Path) -> AppContext:
    home.mkdir(parents=True)
    shutil.copy(food_db, home / "food.sqlite")
    return AppContext(DataPaths(home=home, diary_url=f"sqlite:///{home / 'diary.sqlite'}", uses_default_diary=True))


def _rows(url: str) -> dict[str, object]:
    rows = dump(url)
    return {
        name: rows[name]
        for name in ("import_batch", "food", "food_nutrient", "diary_entry", "day_status", "lab_result")
    }


def _state(ctx: AppContext) -> list[tuple[object, ...]]:
    return [(i.app, i.files, i.created_at, i.entries, i.foods, i.lab_results) for i in list_imports(ctx)]


def test_export_import_keeps_imports(ctx: AppContext, tmp_path: Path, slice_food_db: Path) -> None:
    _fill(ctx, tmp_path)
    before = _state(ctx)
    assert before and before[0][3] == 3 and before[0][5] == 2
    path = tmp_path / "diary.csv"
    transfer.export_csv(ctx, path)
    other = _new_context(tmp_path / "other", slice_food_db)
    try:
        counts = transfer.import_csv(other, path)
        assert counts["import_batch"] == 1
        assert _state(other) == before
        transfer.export_csv(other, tmp_path / "again.csv")
        assert (tmp_path / "again.csv").read_bytes() == path.read_bytes()
        [batch] = list_imports(other)
        undone = undo_import(other, batch.id)  # still undoable after the round trip, day note and flag too
        assert undone.entries == 3 and undone.days_restored == 402 and undone.lab_results == 2
        assert transfer.diary_is_empty(other) or not list_imports(other)
    finally:
        other.close()


def test_backup_and_restore_keep_imports(ctx: AppContext, tmp_path: Path) -> None:
    _fill(ctx, tmp_path)
    before = _rows(ctx.paths.diary_url)
    labs = before["lab_result"]
    assert isinstance(labs, list) and [row[-1] for row in labs] == [1, 1]  # import_id, the last column (0008)
    saved = backup.create_backup(ctx)
    [batch] = list_imports(ctx)
    undo_import(ctx, batch.id)
    assert _rows(ctx.paths.diary_url) != before
    backup.restore_backup(ctx, saved.path)
    assert _rows(ctx.paths.diary_url) == before
