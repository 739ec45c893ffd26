"""The insight screens: insights (disclaimer always visible, red flags said plainly, "not enough data yet"),
closing the gaps (diet filter, add to the diary in one step, the plan), experiments (start, show, stop) and the
nutrient guide (also from the nutrient panel)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from nutrigap.domain.nutrients import Nutrient
from nutrigap.gui.pages.experiments_page import ExperimentsPage, StartExperimentDialog
from nutrigap.gui.pages.guide_page import GuidePage
from nutrigap.gui.pages.insights_page import InsightsPage
from nutrigap.gui.pages.suggestions_page import SuggestionsPage
from nutrigap.gui.window.main_window import MainWindow
from nutrigap.services import diary, experiments
from nutrigap.services.insights import DISCLAIMER
from tests.gui.conftest import DAY, wait_for


def disclaimer_shown(page: InsightsPage | ExperimentsPage | SuggestionsPage | GuidePage) -> bool:
    banner = page.disclaimer
    inside = page.rect().contains(banner.geometry())
    return banner.isVisible() and inside and DISCLAIMER[:60] in banner.text() and banner.height() >= 20


def test_insights_on_a_short_diary_with_weakness(qtbot: QtBot, window: MainWindow) -> None:
    window.state.log.log_twitch(occurred_at="2026-11-23 10:00", location="hand", intensity=4, symptoms=["weakness"])
    page = window.show_page("insights")
    assert isinstance(page, InsightsPage)
    wait_for(qtbot, page)
    text = page.browser.toPlainText()
    assert "Not enough data yet" in text
    assert "See a doctor about your twitching" in text and "Twitching with weakness" in text
    assert "What to ask for: Ask whether blood tests would help" in text and "vitamin B12" in text
    assert "NHS, “Twitching eyes and muscles”" in text  # the flag's source, spelled out
    assert disclaimer_shown(page)
    page.browser.verticalScrollBar().setValue(page.browser.verticalScrollBar().maximum())
    assert disclaimer_shown(page)  # outside the scrolling text: always in view
    # the page follows the log: the episode removed, the red flag goes
    window.undo_action.trigger()
    wait_for(qtbot, page)
    assert "Twitching with weakness" not in page.browser.toPlainText()
    assert "Not enough data yet" in page.browser.toPlainText()


def test_insights_on_the_demo(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = demo_window.show_page("insights")
    assert isinstance(page, InsightsPage)
    wait_for(qtbot, page)
    assert page.report is not None and page.report.enough_data
    text = page.browser.toPlainText()
    assert "Not enough data yet" not in text
    assert "Associations in your records (not causes)" in text and "comparisons were made" in text
    assert "Signs your log cannot see" in text and "How this was worked out" in text
    assert "Pyper & Peterman 1998" in text  # the method that allows for spells is named (issue #12)
    page.show_all.setChecked(True)
    assert f"Every comparison ({page.report.n_tests})" in page.browser.toPlainText()
    assert "independent days" in page.browser.toPlainText()
    assert "more stronger" not in page.browser.toPlainText()
    assert disclaimer_shown(page)


def test_suggestions_diet_filter_and_add_to_diary(qtbot: QtBot, demo_window: MainWindow) -> None:
    ctx = demo_window.state.ctx
    page = demo_window.show_page("suggestions")
    assert isinstance(page, SuggestionsPage)
    wait_for(qtbot, page)
    assert disclaimer_shown(page)
    report = page.report
    assert report is not None and report.gaps, "the demo day has gaps to close"
    any_diet = {item.text(0) for item in page.food_items()}
    assert any_diet and page.tree.topLevelItem(0).text(0).startswith(report.gaps[0].label)  # type: ignore[union-attr]
    page.diet.setCurrentIndex(page.diet.findData("vegan"))
    wait_for(qtbot, page)
    assert page.report is not None and page.report.diet == "vegan"
    vegan = {item.text(0) for item in page.food_items()}
    assert vegan and vegan != any_diet
    for animal in ("Yogurt", "Milk", "Fish", "Egg", "Chicken", "Beef"):
        assert not any(animal in name for name in vegan), f"{animal} offered to a vegan"

    # one step into the diary: the selected food in its typical portion, then the gaps are worked out again
    before = len(diary.entries_for_day(ctx, DAY))
    item = page.food_items()[0]
    page.tree.setCurrentItem(item)
    assert page.add_button.isEnabled()
    page.add_button.click()
    entries = diary.entries_for_day(ctx, DAY)
    assert len(entries) == before + 1
    added = next(e for e in entries if e.food_id == item.data(0, 256))
    assert added.amount_g == round(float(item.data(0, 257)), 1) and added.meal == page.target_meal().value
    assert "Added" in demo_window.statusBar().currentMessage()
    wait_for(qtbot, page)
    demo_window.undo_action.trigger()
    assert len(diary.entries_for_day(ctx, DAY)) == before

    wait_for(qtbot, page)
    assert page.report is not None and page.report.plan is not None and page.plan_button.isVisible()
    assert "plan" in page.plan.text().lower()
    added_plan = page.add_plan()
    assert added_plan == len(page.report.plan.items) > 0
    assert len(diary.entries_for_day(ctx, DAY)) == before + added_plan
    demo_window.undo_action.trigger()  # the whole plan is one step
    assert len(diary.entries_for_day(ctx, DAY)) == before
    wait_for(qtbot, page)  # the foods, then the plan, worked out again: drained before the test ends


def test_experiments_start_show_stop(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("experiments")
    assert isinstance(page, ExperimentsPage)
    qtbot.waitUntil(lambda: "No experiments yet" in page.details.toPlainText())
    assert disclaimer_shown(page)
    dialog = page.start_experiment()
    assert isinstance(dialog, StartExperimentDialog)
    dialog.save()  # no name
    assert "needs a name" in dialog.message.text() and dialog.isVisible()
    dialog.name.setText("more magnesium")
    dialog.nutrient.setCurrentIndex(dialog.nutrient.findData("magnesium"))
    assert dialog.level.currentData() == "RDA" and "320 mg/day" in dialog.level.currentText()
    dialog.days.setValue(14)
    with qtbot.waitSignal(dialog.finished):
        dialog.save()
    [view] = experiments.list_experiments(window.state.ctx)
    assert view.name == "more magnesium" and view.status == "running"
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1 and page.report is not None)
    assert page.selected_name() == "more magnesium"
    text = page.details.toPlainText()
    assert "Raise magnesium to the RDA (320 mg/day) for 14 days" in text and "Result so far" in text
    assert "cannot show cause" in text
    page.stop_selected()
    assert experiments.list_experiments(window.state.ctx)[0].stopped_on is not None
    page.delete_selected(confirm=False)
    assert experiments.list_experiments(window.state.ctx) == []


def test_demo_experiment_shows_adherence(qtbot: QtBot, demo_window: MainWindow) -> None:
    page = demo_window.show_page("experiments")
    assert isinstance(page, ExperimentsPage)
    qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
    assert page.report is not None and page.report.experiment.name == "magnesium-rda"
    text = page.details.toPlainText()
    assert "Adherence (" in text and "✓" in text


def test_guide_from_the_nutrient_panel(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.diary.panel
    panel.show_sources(Nutrient.CALCIUM, QPoint(10, 10))
    assert "What calcium does and where to find it" in panel.popup.label.text()
    panel.popup.label.linkActivated.emit("guide:calcium")
    page = window.pages["guide"].page()
    assert isinstance(page, GuidePage)
    assert window.tabs.currentWidget() is window.pages["guide"] and page.nutrient is Nutrient.CALCIUM
    wait_for(qtbot, page)
    text = page.browser.toPlainText()
    assert text.startswith("Calcium") and "Your targets" in text and "RDA 1000 mg a day" in text
    assert "What to ask your doctor" in text and "ods.od.nih.gov" in text
    assert disclaimer_shown(page)
    page.buttons[Nutrient.VITAMIN_D].click()
    wait_for(qtbot, page)
    assert page.browser.toPlainText().startswith("Vitamin D")
