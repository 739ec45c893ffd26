"""The shown day's lifestyle factors: water (with glass and bottle buttons), caffeine (typed, from preset drinks,
and from the logged foods), sleep, stress, exercise, sunlight (minutes and bare skin) and a note. Each field is
saved when the user leaves it or presses Enter; a refused value is explained in one line and the stored value
comes back. Every change can be undone (Ctrl+Z).
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.domain.limits import SUN_EXPOSURE_LABELS
from nutrigap.domain.symptoms import SUN_CAVEAT
from nutrigap.gui.diary.amount_input import locale_amount_text
from nutrigap.gui.formatting import number, short_date
from nutrigap.gui.page_base import InlineMessage, WrapLabel
from nutrigap.gui.state import AppState
from nutrigap.services.factors import EXERCISE_INTENSITIES, FactorsView, get_factors
from nutrigap.services.presets import Preset, caffeine_presets, water_sizes

STRESS_LABELS = ("–", "1 · calm", "2 · a little", "3 · moderate", "4 · high", "5 · very stressed")
CAFFEINE_NOTE = (
    "Type or add here only drinks you did not log as food; the caffeine of logged foods is counted on its own."
)
#: Field name -> (label, unit shown after the box, what the undo step is called)
NUMBER_FIELDS: dict[str, tuple[str, str, str]] = {
    "water_ml": ("&Water", "ml", "Set water"),
    "caffeine_mg": ("&Caffeine", "mg", "Set caffeine"),
    "sleep_h": ("Slee&p", "h (the night before)", "Set sleep"),
    "exercise_min": ("E&xercise", "min", "Set exercise"),
    "sun_min": ("Su&nlight", "min outdoors in daylight", "Set sunlight"),
}


def _short_label(preset: Preset) -> str:
    """'Coffee, brewed (1 cup, 8 fl oz)' -> 'Coffee'."""
    return preset.label.split(" (")[0].split(",")[0]


class FactorsPanel(QGroupBox):
    """Water, caffeine, sleep, stress, exercise and sunlight of the shown day (``state.day``)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("factors-panel")
        self.view: FactorsView | None = None
        self.fields: dict[str, QLineEdit] = {}
        self._rows: dict[str, QWidget] = {}
        for name, (label, unit, _text) in NUMBER_FIELDS.items():
            edit = QLineEdit()
            edit.setObjectName(f"factor-{name}")
            edit.setAccessibleName(f"{label.replace('&', '')} [{unit.split()[0]}]")
            edit.setPlaceholderText("not recorded")
            edit.setMaximumWidth(110)
            # the whole placeholder stays readable when the row is squeezed (a 900 px window): Qt's 2 px text
            # margins and the frame on each side, plus room for the cursor
            frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 2 * frame + 6)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.editingFinished.connect(lambda name=name: self._commit_number(name))
            self.fields[name] = edit
        self.water_buttons: dict[str, QPushButton] = {}
        water_row = self._row("water_ml")
        for preset in water_sizes():
            button = QPushButton(f"+ {preset.key.capitalize()} {preset.amount:g} ml")  # as "+ Coffee 95 mg"
            button.setObjectName(f"add-{preset.key}")
            button.setToolTip(f"{preset.label}: {preset.amount:g} ml. Source: {preset.source}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, p=preset: self.add_water(p))
            self.water_buttons[preset.key] = button
            water_row.addWidget(button)
        water_row.addStretch(1)

        self.last_caffeine = QLineEdit()
        self.last_caffeine.setObjectName("factor-last_caffeine_at")
        self.last_caffeine.setPlaceholderText("HH:MM")
        self.last_caffeine.setMaximumWidth(70)
        self.last_caffeine.setAccessibleName("Time of the last caffeinated drink")
        self.last_caffeine.setToolTip("When you had your last caffeinated drink (used by caffeine experiments)")
        self.last_caffeine.editingFinished.connect(self._commit_last_caffeine)
        caffeine_row = self._row("caffeine_mg")
        caffeine_row.addWidget(QLabel("last at"))
        caffeine_row.addWidget(self.last_caffeine)
        caffeine_row.addStretch(1)
        self.caffeine_buttons: dict[str, QPushButton] = {}
        presets_grid = QGridLayout()
        presets_grid.setContentsMargins(0, 0, 0, 0)
        for i, preset in enumerate(caffeine_presets()):
            button = QPushButton(f"+ {_short_label(preset)} {preset.amount:g} mg")
            button.setObjectName(f"add-{preset.key}")
            button.setToolTip(f"{preset.label}, {preset.serving}: about {preset.amount:g} mg. Source: {preset.source}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, p=preset: self.add_caffeine(p))
            self.caffeine_buttons[preset.key] = button
            presets_grid.addWidget(button, i // 2, i % 2)  # two columns: the page fits a 900 px window
        self.food_caffeine = WrapLabel()
        self.food_caffeine.setObjectName("food-caffeine")
        caffeine_note = WrapLabel(CAFFEINE_NOTE)
        caffeine_note.setObjectName("caffeine-note")

        self.stress = QComboBox()
        self.stress.setObjectName("factor-stress")
        self.stress.setAccessibleName("Stress from 1 (calm) to 5 (very stressed)")
        for value, label in enumerate(STRESS_LABELS):
            self.stress.addItem(label, value or None)
        self.stress.activated.connect(lambda _index: self._commit_stress())
        self.intensity = QComboBox()
        self.intensity.setObjectName("factor-exercise_intensity")
        self.intensity.setAccessibleName("Exercise intensity")
        self.intensity.addItem("–", None)
        for level in EXERCISE_INTENSITIES:
            self.intensity.addItem(level, level)
        self.intensity.activated.connect(lambda _index: self._commit_intensity())
        exercise_row = self._row("exercise_min")
        exercise_row.addWidget(self.intensity)
        exercise_row.addStretch(1)
        self.sun_exposure = QComboBox()
        self.sun_exposure.setObjectName("factor-sun_exposure")
        self.sun_exposure.setAccessibleName("Skin bare in the sun")
        self.sun_exposure.addItem("skin bare: –", None)
        for key, label in SUN_EXPOSURE_LABELS.items():
            self.sun_exposure.addItem(f"skin bare: {label}", key)
        self.sun_exposure.activated.connect(lambda _index: self._commit_sun_exposure())
        # on a row of its own: beside the minutes and their unit it made the panel, and with it the Twitches &
        # factors page, wider than a 900 px window
        self._row("sun_min").addStretch(1)
        sun_skin_row = QHBoxLayout()
        sun_skin_row.addWidget(self.sun_exposure)
        sun_skin_row.addStretch(1)
        self.sun_note = WrapLabel(f"For vitamin D. {SUN_CAVEAT}")
        self.sun_note.setObjectName("sun-note")
        sleep_row = self._row("sleep_h")
        sleep_row.addStretch(1)
        self.note = QLineEdit()
        self.note.setObjectName("factor-note")
        self.note.setPlaceholderText("anything else about the day")
        self.note.setAccessibleName("Note about the day")
        self.note.editingFinished.connect(self._commit_note)
        self.message = InlineMessage()

        form = QFormLayout()
        form.addRow(NUMBER_FIELDS["water_ml"][0] + ":", self._rows["water_ml"])
        form.addRow(NUMBER_FIELDS["caffeine_mg"][0] + ":", self._rows["caffeine_mg"])
        form.addRow("", self._wrap(presets_grid))
        form.addRow("", self.food_caffeine)
        form.addRow(NUMBER_FIELDS["sleep_h"][0] + ":", self._rows["sleep_h"])
        stress_row = QHBoxLayout()
        stress_row.addWidget(self.stress)
        stress_row.addStretch(1)
        stress_label = QLabel("&Stress:")
        stress_label.setBuddy(self.stress)
        form.addRow(stress_label, stress_row)
        form.addRow(NUMBER_FIELDS["exercise_min"][0] + ":", self._rows["exercise_min"])
        form.addRow(NUMBER_FIELDS["sun_min"][0] + ":", self._rows["sun_min"])
        form.addRow("", sun_skin_row)
        form.addRow("", self.sun_note)
        form.addRow("&Note:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(caffeine_note)
        layout.addWidget(self.message)
        layout.addStretch(1)

        #: asked any number of times, reloads once on the next turn of the event loop
        self.schedule_reload = state.next_turn(self.reload)
        state.day_changed.connect(self.schedule_reload.ask)
        state.factors_changed.connect(self.schedule_reload.if_shown)
        state.entries_changed.connect(self.schedule_reload.if_shown)  # the caffeine of logged foods
        state.diary_replaced.connect(self.schedule_reload.ask)
        self.reload()

    # --- layout helpers -----------------------------------------------------------------------------------
    def _row(self, name: str) -> QHBoxLayout:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fields[name])
        row.addWidget(QLabel(NUMBER_FIELDS[name][1]))
        holder.setFocusProxy(self.fields[name])  # the label's Alt+letter goes to the number box
        self._rows[name] = holder
        return row

    @staticmethod
    def _wrap(layout: QGridLayout) -> QWidget:
        holder = QWidget()
        holder.setLayout(layout)
        return holder

    # --- showing ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        day = self.state.day
        self.view = view = get_factors(self.state.ctx, day)
        self.setTitle(f"Water, caffeine, sleep, stress, exercise and sunlight on {short_date(day)}")
        for name, edit in self.fields.items():
            value = getattr(view, name)
            edit.setText("" if value is None else f"{value:g}")
        self.last_caffeine.setText("" if view.last_caffeine_at is None else view.last_caffeine_at.strftime("%H:%M"))
        self.stress.setCurrentIndex(view.stress or 0)
        self.intensity.setCurrentIndex(max(0, self.intensity.findData(view.exercise_intensity)))
        self.sun_exposure.setCurrentIndex(max(0, self.sun_exposure.findData(view.sun_exposure)))
        self.note.setText(view.note or "")
        self.food_caffeine.setText(self._food_caffeine_text(view))

    @staticmethod
    def _food_caffeine_text(view: FactorsView) -> str:
        if view.food_caffeine_unknown_share is None:
            food = "No food logged on this day."
        elif view.food_caffeine_mg is None:
            food = (
                "Logged foods: caffeine not known (the food database has USDA caffeine values for most coffee, tea, "
                "colas, energy drinks and chocolate foods, not for these)."
            )
        else:
            food = f"Logged foods: {number(view.food_caffeine_mg)} mg, counted from those with a USDA caffeine value"
            if view.food_caffeine_unknown_share > 0.005:
                food += f" ({view.food_caffeine_unknown_share:.0%} of the food by weight has none)"
            food += "."
        total = view.total_caffeine_mg
        return html.escape(food) + ("" if total is None else f" <b>Total caffeine: {number(total)} mg</b>")

    # --- saving -------------------------------------------------------------------------------------------
    def _save(self, text: str, **values: object) -> bool:
        try:
            self.state.log.set_factors(self.state.day, text, **values)
        except NutriGapError as exc:
            self.message.show_message(str(exc))
            self.reload()  # the stored value comes back
            return False
        self.message.clear_message()
        return True

    def _commit_number(self, name: str) -> None:
        if self.view is None:
            return
        text = self.fields[name].text().strip()
        stored = getattr(self.view, name)
        if text == ("" if stored is None else f"{stored:g}"):
            return  # unchanged (editingFinished also comes when the focus just leaves)
        typed = locale_amount_text(text, self.fields[name].locale()) if text else None  # "1,500" in the locale
        self._save(NUMBER_FIELDS[name][2], **{name: typed})

    def _commit_last_caffeine(self) -> None:
        if self.view is None:
            return
        text = self.last_caffeine.text().strip()
        stored = self.view.last_caffeine_at
        if text == ("" if stored is None else stored.strftime("%H:%M")):
            return
        self._save("Set the time of the last caffeine", last_caffeine_at=text or None)

    def _commit_stress(self) -> None:
        if self.view is not None and self.stress.currentData() != self.view.stress:
            self._save("Set stress", stress=self.stress.currentData())

    def _commit_intensity(self) -> None:
        if self.view is not None and self.intensity.currentData() != self.view.exercise_intensity:
            self._save("Set exercise intensity", exercise_intensity=self.intensity.currentData())

    def _commit_sun_exposure(self) -> None:
        if self.view is not None and self.sun_exposure.currentData() != self.view.sun_exposure:
            self._save("Set skin bare in the sun", sun_exposure=self.sun_exposure.currentData())

    def _commit_note(self) -> None:
        if self.view is not None and self.note.text().strip() != (self.view.note or ""):
            self._save("Change the day's note", note=self.note.text())

    def add_water(self, preset: Preset) -> bool:
        current = get_factors(self.state.ctx, self.state.day).water_ml or 0.0
        return self._save(f"Add a {preset.key} of water", water_ml=current + preset.amount)

    def add_caffeine(self, preset: Preset) -> bool:
        """Add a preset drink; on today, also note now as the time of the last caffeinated drink."""
        current = get_factors(self.state.ctx, self.state.day)
        values: dict[str, object] = {"caffeine_mg": (current.caffeine_mg or 0.0) + preset.amount}
        if self.state.day == dt.date.today():
            now = dt.datetime.now().time().replace(second=0, microsecond=0)
            last = current.last_caffeine_at
            values["last_caffeine_at"] = now if last is None else max(now, last)
        return self._save(f"Add {_short_label(preset).lower()} ({preset.amount:g} mg caffeine)", **values)
