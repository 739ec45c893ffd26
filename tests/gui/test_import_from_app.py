"""File ▸ Import from another app…: the preview shows what would come across (and what not, with reasons) and
writes nothing; Import runs on the worker, a backup first; Edit ▸ Undo removes the import as a whole, Redo brings
it back (issue #18)."""

from __future__ import annotations

from pathlib import Path

from nutrigap.gui.window.import_dialog import ImportFromAppDialog
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services.importers.apply import list_imports
from nutrigap.services.transfer import diary_is_empty
from tests.integration.import_fixtures import BIOMETRICS_HEADER, SERVINGS_HEADER, csv_text, serving, write


def _files(tmp_path: Path) -> list[Path]:
    servings = write(tmp_path / "servings.csv", csv_text(SERVINGS_HEADER, [
        serving("2026-11-23", "Breakfast", "Milk, 2%", "1.00 cup", kcal="122", mg_mg="27", ca="293", k="366",
                vd_iu="120", b12="1.3"),
        serving("2026-11-23", "Lunch", "Spinach, raw", "2.00 cup", kcal="14", mg_mg="47.4", ca="59.4", k="334"),
        serving("2026-11-24", "Dinner", "Salmon, Atlantic, farmed", "8.00 fl oz", kcal="412", mg_mg="61",
                vd_iu="1056", b12="6.4"),
        serving("someday", "Dinner", "Pie", "1 slice", kcal="300"),
    ]))  # fmt: skip
    bio = write(tmp_path / "biometrics.csv", csv_text(BIOMETRICS_HEADER, [
        {"Day": "2026-11-23", "Time": "", "Group": "", "Metric": "Magnesium (Serum)", "Unit": "mg/dL",
         "Amount": "1.9"}]))  # fmt: skip
    return [servings, bio]


def test_preview_then_import_then_undo_and_redo(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = window.files
    assert files.import_app_action in window.menu("file").actions()
    dialog = files.open_import_from_app()
    assert isinstance(dialog, ImportFromAppDialog)
    dialog.set_app("cronometer")
    dialog.set_paths(_files(tmp_path))
    assert not dialog.import_button.isEnabled()  # nothing to import before a preview
    plan = dialog.preview()
    assert plan is not None and len(plan.entries) == 3
    assert "3 entries" in dialog.summary.text() and "2 days" in dialog.summary.text()

    def cell(row: int, column: int) -> str:
        item = dialog.table.item(row, column)
        assert item is not None
        return item.text()

    assert dialog.table.rowCount() == 3 and cell(2, 2) == "Salmon, Atlantic, farmed"
    assert cell(1, 8) == "unknown"  # spinach's vitamin D: not in the row
    skipped = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
    assert not any("Magnesium" in s for s in skipped)  # a blood value NutriGap knows comes across

    def lab_cell(row: int, column: int) -> str:
        item = dialog.labs.item(row, column)
        assert item is not None
        return item.text()

    assert dialog.labs.rowCount() == 1 and lab_cell(0, 1) == "Serum magnesium"
    assert lab_cell(0, 4) == f"{1.9 / 2.43:.4g} mmol/L" and "1 blood test result" in dialog.summary.text()
    assert any("servings.csv line 5" in s and "not a date" in s for s in skipped)
    assert diary_is_empty(window.state.ctx)  # the preview wrote nothing

    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: files.last_import is not None, timeout=60_000)
    assert files.last_import is not None and files.last_import.entries == 3
    assert files.last_import.backup is None or files.last_import.backup.exists()
    assert [i.entries for i in list_imports(window.state.ctx)] == [3]
    stack = window.state.undo_stack
    assert stack.undoText() == "Import from Cronometer"

    stack.undo()
    assert list_imports(window.state.ctx) == [] and diary_is_empty(window.state.ctx)
    stack.redo()
    assert [i.entries for i in list_imports(window.state.ctx)] == [3]


def test_a_bad_file_shows_one_line_in_the_preview(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportFromAppDialog(window)
    dialog.set_app("myfitnesspal")
    dialog.set_paths(_files(tmp_path)[:1])
    assert dialog.preview() is None
    assert "not a MyFitnessPal export" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.set_app("csv-mapped")
    dialog.mapping.setText("food=Food Name")
    assert dialog.preview() is None and "needs date=Column" in dialog.summary.text()
    dialog.mapping.setText("date=Day,food=Food Name,magnesium=Magnesium (mg):mg")
    plan = dialog.preview()
    assert plan is not None and len(plan.entries) == 3 and "Magnesium (mg) → magnesium [mg]" in dialog.summary.text()
    dialog.deleteLater()


def test_an_unrecognised_blood_metric_is_a_choice_in_the_preview(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QComboBox

    bio = write(tmp_path / "biometrics.csv", csv_text(BIOMETRICS_HEADER, [
        {"Day": "2026-11-23", "Metric": "Magnesium (Serum)", "Unit": "mg/dL", "Amount": "1.9"},
        {"Day": "2026-11-23", "Metric": "Ferritin", "Unit": "ng/mL", "Amount": "35"},
        {"Day": "2026-11-23", "Metric": "Weight", "Unit": "kg", "Amount": "70"},
    ]))  # fmt: skip
    dialog = ImportFromAppDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_app("cronometer")
    dialog.set_paths([bio])
    plan = dialog.preview()
    assert plan is not None and len(plan.lab_results) == 1
    assert not dialog.metrics_box.isHidden()
    choice = dialog.metrics_box.findChild(QComboBox, "metric:Ferritin")
    assert choice is not None and choice.currentText() == "Not imported"
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "Not imported", "Import as 25-hydroxyvitamin d", "Import as a test of its own, 'Ferritin'"
    ]  # fmt: skip
    choice.setCurrentIndex(2)
    choice.activated.emit(2)
    assert dialog.plan is not None and len(dialog.plan.lab_results) == 2
    assert {r.analyte for r in dialog.plan.lab_results} == {"magnesium", "other:Ferritin"}
    again = dialog.metrics_box.findChild(QComboBox, "metric:Ferritin")
    assert again is not None and again.currentText() == "Import as a test of its own, 'Ferritin'"  # can go back
    again.setCurrentIndex(0)
    again.activated.emit(0)
    assert dialog.plan is not None and len(dialog.plan.lab_results) == 1


def test_the_myfitnesspal_calcium_dv_is_a_choice_in_the_preview(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.import_fixtures import mfp_zip

    archive = mfp_zip(tmp_path / "File-Export-2026-11-02-to-2026-11-08.zip", [
        {"Date": "2026-11-02", "Meal": "Lunch", "Calories": "500", "Potassium": "800", "Calcium": "30"}])  # fmt: skip
    dialog = ImportFromAppDialog(window)
    qtbot.addWidget(dialog)
    dialog.set_app("myfitnesspal")
    dialog.set_paths([archive])
    assert dialog.calcium_dv.isVisibleTo(dialog)
    assert dialog.preview() is not None and dialog.table.item(0, 6).text() == "300"  # type: ignore[union-attr]
    dialog.calcium_dv.setCurrentIndex(1)
    assert dialog.plan is None and not dialog.import_button.isEnabled()  # the preview no longer holds
    plan = dialog.preview()
    assert plan is not None and dialog.table.item(0, 6).text() == "390"  # type: ignore[union-attr]
    assert "1 % = 13 mg" in dialog.summary.text()
    dialog.set_app("cronometer")
    assert not dialog.calcium_dv.isVisibleTo(dialog)


def test_imported_days_show_in_the_diary_and_go_with_undo(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from nutrigap.domain.diary import Meal
    from nutrigap.domain.nutrients import Nutrient

    files = window.files
    dialog = files.open_import_from_app()
    dialog.set_app("cronometer")
    dialog.set_paths(_files(tmp_path))
    assert dialog.preview() is not None
    dialog.import_button.click()
    qtbot.waitUntil(lambda: files.last_import is not None, timeout=60_000)
    window.state.set_day(dt.date(2026, 11, 23))
    qtbot.waitUntil(lambda: len(window.diary.model.entries(Meal.BREAKFAST)) == 1)
    assert len(window.diary.model.entries(Meal.LUNCH)) == 1
    row = window.diary.panel.rows[Nutrient.MAGNESIUM]
    qtbot.waitUntil(lambda: "74.4 / 320 mg" in row.amount.text())  # 27 + 47.4, the rows' own values
    window.state.undo_stack.undo()
    qtbot.waitUntil(lambda: len(window.diary.model.entries(Meal.BREAKFAST)) == 0)
    assert list_imports(window.state.ctx) == []


def test_the_preview_names_the_days_already_logged_here(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from nutrigap.domain.diary import Meal
    from tests.conftest import food_id

    milk = food_id(window.state.ctx, "Milk, whole", "survey_fndds_food")
    window.state.log_food(dt.date(2026, 11, 24), Meal.BREAKFAST, milk, 244, "g")
    dialog = window.files.open_import_from_app()
    dialog.set_app("cronometer")
    dialog.set_paths(_files(tmp_path))
    assert dialog.preview() is not None
    assert (
        "1 day you had logged in NutriGap kept as it was (2026-11-24): the file's 1 entry of it is not added"
        in dialog.summary.text()
    )
    dialog.reject()


def test_typed_path_and_enter_preview_never_import(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found driving the window under Xvfb with the keyboard: the Files box was read-only (only the file dialog
    could fill it) and the empty dialog showed an empty blood-test table with cut-off headers."""
    from PySide6.QtCore import Qt

    dialog = ImportFromAppDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.labs.isVisible() and not dialog.labs_label.isVisible() and not dialog.metrics_label.isVisible()
    assert not dialog.mapping.isVisible()  # a column mapping is for a CSV file only
    dialog.set_app("csv-mapped")
    assert dialog.mapping.isVisible()
    dialog.set_app("cronometer")
    servings, bio = _files(tmp_path)
    dialog.files.setFocus()
    qtbot.keyClicks(dialog.files, f"{tmp_path / 'nothing.csv'}")
    qtbot.keyClick(dialog.files, Qt.Key.Key_Return)
    assert dialog.plan is None and "No such file" in dialog.summary.text() and list_imports(window.state.ctx) == []
    dialog.files.clear()
    qtbot.keyClicks(dialog.files, f"{servings} ; {bio}")
    qtbot.keyClick(dialog.files, Qt.Key.Key_Return)  # Enter previews
    assert dialog.plan is not None and len(dialog.plan.entries) == 3 and dialog.labs.isVisible()
    qtbot.keyClick(dialog.files, Qt.Key.Key_Return)  # Enter again: still only a preview, never the import
    assert dialog.isVisible() and list_imports(window.state.ctx) == []
    dialog.set_app("myfitnesspal")  # another app: the Cronometer preview no longer holds, so it goes
    assert dialog.table.rowCount() == 0 and not dialog.labs.isVisible() and "Would import" not in dialog.summary.text()
    qtbot.keyClick(dialog.files, Qt.Key.Key_Return)
    assert dialog.plan is None and "not a MyFitnessPal export" in dialog.summary.text()
    dialog.set_app("cronometer")
    qtbot.keyClick(dialog.files, Qt.Key.Key_Return)
    assert dialog.preview_button.isDefault() and not dialog.import_button.isDefault()
    dialog.reject()
    dialog.deleteLater()
