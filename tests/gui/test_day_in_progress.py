"""Issue #13 in the window: today after breakfast shows progress "so far", never a red "likely inadequate";
ticking "Day complete" lets the verdict judge it; a doctor's target shows beside the DRI. Real widgets
offscreen, a real SQLite diary, the fixture food database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nutrigap.domain.diary import Meal
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.verdicts import Verdict
from nutrigap.gui.formatting import verdict_colour
from nutrigap.gui.settings import open_settings
from nutrigap.gui.state import AppState
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import day_state
from tests.conftest import food_id

RED = verdict_colour(Verdict.LIKELY_INADEQUATE)


@pytest.fixture
def today_window(qtbot: QtBot, ctx: AppContext) -> Iterator[MainWindow]:
    state = AppState(ctx, dt.date.today())
    main = MainWindow(state, open_settings(ctx.paths))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    yield main
    state.undo_stack.clear()


def test_today_after_breakfast_shows_progress_not_a_verdict(
    qtbot: QtBot, today_window: MainWindow, ctx: AppContext
) -> None:
    window = today_window
    today = dt.date.today()
    window.state.log_food(today, Meal.BREAKFAST, food_id(ctx, "Bread, whole wheat", "survey_fndds_food"), 40, "g")
    panel = window.diary.panel
    row = panel.rows[Nutrient.MAGNESIUM]
    qtbot.waitUntil(lambda: panel.report is not None and panel.report.logged_days == 1)
    assert panel.title.text() == "Nutrients today: so far" and panel.progress_note.isVisible()
    assert not window.diary.complete_box.isChecked() and window.diary.complete_box.isEnabled()
    for nutrient_row in panel.rows.values():
        text = nutrient_row.verdict.text()
        assert "likely inadequate" not in text and "chance usual intake" not in text
        assert text.endswith("so far: " + text.split("so far: ")[-1]) and "so far: " in text
        assert nutrient_row.bar.colour != RED
    assert row.amount.text().startswith("so far ")
    window.grab().save("/tmp/entry-profile-today.png")

    # the user says the day is done: now the IOM verdict judges it (a small breakfast is far below the EAR)
    with qtbot.waitSignal(panel.refreshed):
        window.diary.complete_box.click()
    assert day_state(ctx, today).complete
    assert panel.title.text() == "Nutrients today"
    assert "likely inadequate" in row.verdict.text() and row.bar.colour == RED
    # and back: unticked, it is progress again
    with qtbot.waitSignal(panel.refreshed):
        window.diary.complete_box.click()
    assert not day_state(ctx, today).complete and "so far: " in row.verdict.text()


def test_a_past_day_is_complete_until_unticked(qtbot: QtBot, today_window: MainWindow, ctx: AppContext) -> None:
    window = today_window
    yesterday = dt.date.today() - dt.timedelta(days=1)
    window.state.log_food(yesterday, Meal.BREAKFAST, food_id(ctx, "Bread, whole wheat", "survey_fndds_food"), 40, "g")
    panel = window.diary.panel
    with qtbot.waitSignal(panel.refreshed):
        window.state.set_day(yesterday)
    assert window.diary.complete_box.isChecked()
    assert "likely inadequate" in panel.rows[Nutrient.MAGNESIUM].verdict.text()
    with qtbot.waitSignal(panel.refreshed):
        window.diary.complete_box.click()
    assert not day_state(ctx, yesterday).complete
    assert "so far" in panel.rows[Nutrient.MAGNESIUM].verdict.text()
    # a day that has not come cannot be ticked
    with qtbot.waitSignal(panel.refreshed):
        window.state.set_day(dt.date.today() + dt.timedelta(days=2))
    assert not window.diary.complete_box.isEnabled()


def test_a_doctors_target_shows_beside_the_dri(qtbot: QtBot, today_window: MainWindow, ctx: AppContext) -> None:
    from nutrigap.services.profile import set_personal_target

    window = today_window
    yesterday = dt.date.today() - dt.timedelta(days=1)
    window.state.log_food(yesterday, Meal.LUNCH, food_id(ctx, "Almonds, unsalted", "survey_fndds_food"), 60, "g")
    set_personal_target(ctx, "magnesium", 400, note="Dr Rossi")
    set_personal_target(ctx, "calcium", 800)
    panel = window.diary.panel
    with qtbot.waitSignal(panel.refreshed):
        window.state.set_day(yesterday)
    mg = panel.rows[Nutrient.MAGNESIUM]
    assert mg.personal.isVisible() and "Your target: 400 mg/day (Dr Rossi)" in mg.personal.text()
    assert "/ 320 mg RDA" in mg.amount.text()  # the DRI stays the bar's scale
    assert mg.bar.personal_fraction == pytest.approx(400 / 320)
    ca = panel.rows[Nutrient.CALCIUM]
    assert ca.bar.personal_fraction == pytest.approx(0.8)  # drawn inside the bar
    assert not panel.rows[Nutrient.POTASSIUM].personal.isVisible()


def test_the_profile_dialog_sets_and_clears_a_doctors_target(
    qtbot: QtBot, today_window: MainWindow, ctx: AppContext
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from nutrigap.gui.window.profile_dialog import ProfileDialog
    from nutrigap.services.profile import get_profile, personal_targets

    window = today_window
    dialog = window.open_profile()
    assert isinstance(dialog, ProfileDialog)
    mg_amount, mg_note, unit = dialog.target_fields[Nutrient.MAGNESIUM]
    assert unit == "mg" and mg_amount.text() == ""
    qtbot.keyClicks(mg_amount, "400")
    qtbot.keyClicks(mg_note, "Dr Rossi, 3 Dec")
    qtbot.keyClicks(dialog.target_fields[Nutrient.CALCIUM][0], "abc")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    # one clear message naming the field; the dialog stays; nothing at all was saved
    assert dialog.isVisible() and "Calcium: 'abc' is not an amount" in dialog.problem.text()
    assert personal_targets(ctx) == {} and get_profile(ctx).is_default
    dialog.target_fields[Nutrient.CALCIUM][0].clear()
    qtbot.keyClicks(dialog.target_fields[Nutrient.VITAMIN_D][0], "50")
    dialog.grab().save("/tmp/entry-profile-profile-dialog.png")
    with qtbot.waitSignal(dialog.finished):
        save.click()
    assert personal_targets(ctx) == {Nutrient.MAGNESIUM: (400.0, "Dr Rossi, 3 Dec"), Nutrient.VITAMIN_D: (50.0, None)}
    mg = window.diary.panel.rows[Nutrient.MAGNESIUM]
    qtbot.waitUntil(lambda: "Your target: 400 mg/day (Dr Rossi, 3 Dec)" in mg.personal.text())

    again = window.open_profile()
    assert isinstance(again, ProfileDialog)
    assert again.target_fields[Nutrient.MAGNESIUM][0].text() == "400"
    again.target_fields[Nutrient.MAGNESIUM][0].clear()
    again.target_fields[Nutrient.MAGNESIUM][1].clear()
    with qtbot.waitSignal(again.finished):
        again.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert personal_targets(ctx) == {Nutrient.VITAMIN_D: (50.0, None)}
    qtbot.waitUntil(lambda: not mg.personal.isVisibleTo(window))


def test_the_experiments_page_shows_the_fixed_goal(ctx: AppContext) -> None:
    """Issue #14 item 10: the goal an experiment started with is shown, and a profile change leaves it."""
    from nutrigap.gui.pages.experiments_page import report_html
    from nutrigap.services.experiments import experiment_report, start_experiment
    from nutrigap.services.profile import set_profile

    set_profile(ctx, sex="female", birth_date="1988-05-03")
    start_experiment(ctx, "mg", nutrient="magnesium", target="RDA", days=14)
    set_profile(ctx, sex="male", birth_date="1988-05-03")
    page = report_html(experiment_report(ctx, "mg"))
    assert "Goal: <b>320 mg/day</b>, fixed when the experiment started" in page


def test_the_experiments_page_changes_the_goal_on_purpose(
    qtbot: QtBot, today_window: MainWindow, ctx: AppContext
) -> None:
    from nutrigap.gui.pages.experiments_page import ExperimentsPage
    from nutrigap.services.experiments import list_experiments, start_experiment

    start_experiment(ctx, "mg", nutrient="magnesium", target="RDA", days=14)
    page = today_window.show_page("experiments")
    assert isinstance(page, ExperimentsPage)
    qtbot.waitUntil(lambda: page.report is not None and page.goal_button.isEnabled())
    assert "fixed when the experiment started" in page.details.toHtml()
    dialog = page.change_goal()
    assert dialog is not None and dialog.doubleValue() == 320.0
    dialog.setDoubleValue(400.0)
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    assert list_experiments(ctx)[0].goal == 400.0
    qtbot.waitUntil(lambda: page.report is not None and "400 mg/day" in page.details.toPlainText())
