"""The medicines editor (issue #17): found under Edit, adds, edits, stops and deletes medicines with undo,
refuses bad values with the reason (nothing written), and says what the ODS fact sheets say."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog

from nutrigap.gui.window.main_window import MainWindow
from nutrigap.gui.window.medicines_dialog import MedicinesDialog
from nutrigap.services.medicines import list_medicines


def open_dialog(window: MainWindow) -> MedicinesDialog:
    assert window.medicines_action.text() == "Medicines and supplements…"
    assert window.medicines_action in window.menu("edit").actions()
    window.medicines_action.trigger()
    (dialog,) = window.findChildren(MedicinesDialog)
    return dialog


def fill(dialog: MedicinesDialog, name: str, start: str = "", stop: str = "", dose: str = "") -> None:
    dialog.name.setText(name)
    dialog.name.textEdited.emit(name)
    dialog.start.setText(start)
    dialog.stop.setText(stop)
    dialog.dose.setText(dose)


def test_add_edit_stop_delete_with_undo(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx = window.state.ctx
    dialog = open_dialog(window)
    fill(dialog, "Omeprazole", start="2026-10-01", dose="20 mg once a day")
    assert dialog.kind.itemText(0) == "(from the name: proton-pump inhibitor)"
    assert dialog.add()
    (saved,) = list_medicines(ctx)
    assert (saved.name, saved.class_id, saved.dose, saved.start) == (
        "Omeprazole", "ppi", "20 mg once a day", dt.date(2026, 10, 1)
    )  # fmt: skip
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    item = dialog.table.item(0, 1)
    assert item is not None and item.text() == "proton-pump inhibitor"
    text = dialog.said.text()
    assert "You take Omeprazole (a proton-pump inhibitor)" in text and "Ask your doctor" in text
    assert "ods.od.nih.gov/factsheets/Magnesium-HealthProfessional" in text
    # edit the dose of the selected row
    dialog.table.selectRow(0)
    dialog.dose.setText("40 mg")
    assert dialog.save()
    assert list_medicines(ctx)[0].dose == "40 mg"
    assert dialog.stopped_today()
    assert list_medicines(ctx)[0].stop == dt.date.today()
    dialog.table.selectRow(0)
    assert dialog.delete()
    assert list_medicines(ctx) == []
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    # each change is one undo step, back to the first
    dialog.undo_button.click()
    assert list_medicines(ctx)[0].stop == dt.date.today()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.undo_button.click()
    assert list_medicines(ctx)[0].stop is None
    dialog.undo_button.click()
    assert list_medicines(ctx)[0].dose == "20 mg once a day"
    dialog.undo_button.click()
    assert list_medicines(ctx) == []
    window.redo_action.trigger()
    assert [m.name for m in list_medicines(ctx)] == ["Omeprazole"]
    dialog.done(QDialog.DialogCode.Rejected)


def test_bad_values_are_refused_with_the_reason(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ctx = window.state.ctx
    dialog = open_dialog(window)
    for name, start, stop, reason in (
        ("", "", "", "A medicine needs a name."),
        ("Omeprazole", "1.10.2026", "", "is not a date"),
        ("Omeprazole", "2026-10-02", "2026-10-01", "before it started"),
    ):
        fill(dialog, name, start, stop)
        assert not dialog.add()
        assert reason in dialog.message.text() and dialog.message.isVisibleTo(dialog)
    assert list_medicines(ctx) == []
    fill(dialog, "Omeprazole")
    assert dialog.add()
    fill(dialog, "omeprazole")
    assert not dialog.add()
    assert "already in your medicines" in dialog.message.text()
    assert len(list_medicines(ctx)) == 1
    dialog.done(QDialog.DialogCode.Rejected)


def test_the_nutrient_popup_names_a_medicine_taken_that_day_and_the_sunlight(qtbot, window: MainWindow, state) -> None:  # type: ignore[no-untyped-def]
    """Issue #17: magnesium's pop-up says what the ODS sheet says about omeprazole, on days it was taken only;
    vitamin D's pop-up shows the day's sunlight with the caveat."""
    from PySide6.QtCore import QPoint

    from nutrigap.domain.medicines import Medicine
    from nutrigap.domain.nutrients import Nutrient
    from nutrigap.services.factors import set_factors
    from nutrigap.services.medicines import add_medicine
    from tests.gui.conftest import DAY

    ctx = window.state.ctx
    add_medicine(ctx, Medicine("Omeprazole", "ppi", start=DAY - dt.timedelta(days=30)))
    add_medicine(ctx, Medicine("Ramipril", "ace_inhibitor", start=DAY + dt.timedelta(days=1)))  # not yet taken
    set_factors(ctx, DAY, sun_min=25, sun_exposure="face_hands")
    panel = window.diary.panel
    panel.show_sources(Nutrient.MAGNESIUM, QPoint(10, 10))
    text = panel.popup.label.text()
    assert "You take Omeprazole (a proton-pump inhibitor)" in text and "Ask your doctor" in text
    assert "Magnesium-HealthProfessional" in text
    panel.popup.hide()
    panel.show_sources(Nutrient.POTASSIUM, QPoint(10, 10))
    assert "Ramipril" not in panel.popup.label.text()  # it starts the day after
    panel.popup.hide()
    panel.show_sources(Nutrient.VITAMIN_D, QPoint(10, 10))
    text = panel.popup.label.text()
    assert "Sunlight on this day: 25 min outdoors in daylight, face and hands bare." in text
    assert "does not turn minutes into micrograms" in text and "Omeprazole" not in text
    panel.popup.hide()


def test_the_guide_page_names_the_medicines_taken_now_and_sunlight_beside_vitamin_d(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from nutrigap.domain.medicines import Medicine
    from nutrigap.domain.nutrients import Nutrient
    from nutrigap.gui.pages.guide_page import GuidePage
    from nutrigap.services.medicines import add_medicine
    from tests.gui.conftest import wait_for

    add_medicine(window.state.ctx, Medicine("Metformin", "metformin", start=dt.date(2020, 1, 1)))
    page = window.open_guide(Nutrient.VITAMIN_B12)
    assert isinstance(page, GuidePage)
    wait_for(qtbot, page)
    text = page.browser.toPlainText()
    assert "Your medicines" in text and "You take Metformin. It can reduce vitamin B12 absorption" in text
    page.buttons[Nutrient.VITAMIN_D].click()
    wait_for(qtbot, page)
    text = page.browser.toPlainText()
    assert "Your medicines" not in text and "Sunlight" in text and "latitude" in text
