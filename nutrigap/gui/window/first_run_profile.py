"""The first-run question: who the targets are for (sex, birth date, pregnancy or breastfeeding), with why it is
asked. Shown once, beside the food database build, when the diary has no profile; it can be skipped, and then
the nutrient panel says plainly which default profile the targets are for until one is set (issue #13)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import DEFAULT_PROFILE, LifeStage, Profile, Sex, parse_date
from nutrigap.domain.errors import NutriGapError
from nutrigap.gui.diary.amount_input import error_label
from nutrigap.gui.state import AppState
from nutrigap.gui.window.profile_dialog import LIFE_STAGE_LABELS

#: Why we ask, with numbers from food_db/dri.csv (IOM 1997 magnesium RDAs: women 19–30 y 310 mg, men 31–50 y
#: 420 mg, pregnancy 31–50 y 360 mg).
WHY = (
    "NutriGap compares what you eat with the Dietary Reference Intakes, and they depend on sex, age, pregnancy and "
    "breastfeeding. Magnesium, for example: 310 mg a day for a woman of 25, 420 mg for a man of 40, 360 mg during "
    "pregnancy (IOM 1997). Your answers stay in your diary on this computer; change them any time in "
    "Profile and settings."
)


class FirstRunProfileDialog(QDialog):
    """Ask for the profile once. Save stores it; Skip (or Esc) keeps the default and says which it is."""

    def __init__(self, state: AppState, parent: QWidget | None = None, *, building: bool = False) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Welcome to NutriGap")
        self.setObjectName("first-run-profile")
        heading = QLabel("<b>Who are the targets for?</b>")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        heading.setFont(font)
        why = QLabel(f"<b>Why we ask:</b> {WHY}")
        why.setWordWrap(True)
        why.setObjectName("why-we-ask")

        self.female = QRadioButton("Female")
        self.male = QRadioButton("Male")
        self.female.setAccessibleName("Sex: female")
        self.male.setAccessibleName("Sex: male")
        self.sexes = QButtonGroup(self)
        self.sexes.addButton(self.female)
        self.sexes.addButton(self.male)
        sex_row = QHBoxLayout()
        sex_row.addWidget(self.female)
        sex_row.addWidget(self.male)
        sex_row.addStretch(1)
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText("YYYY-MM-DD, for example 1988-05-03")
        self.birth_date.setAccessibleName("Birth date (year-month-day)")
        self.birth_date.setMaxLength(10)
        self.age = QLabel()
        birth_row = QHBoxLayout()
        birth_row.addWidget(self.birth_date, 1)
        birth_row.addWidget(self.age)
        self.life_stage = QComboBox()
        self.life_stage.setAccessibleName("Pregnant or breastfeeding")
        for stage, label in LIFE_STAGE_LABELS.items():
            self.life_stage.addItem(label, stage)
        form = QFormLayout()
        form.addRow("Sex", sex_row)
        birth_label = QLabel("&Birth date")
        birth_label.setBuddy(self.birth_date)
        form.addRow(birth_label, birth_row)
        form.addRow("&Pregnant or breastfeeding", self.life_stage)

        default = DEFAULT_PROFILE
        self.skip_note = QLabel(
            f"If you skip, the targets are for NutriGap's default profile, a woman of "
            f"{default.age_years(dt.date.today())} (born {default.birth_date.day} {default.birth_date:%B %Y}), "
            "and the Diary says so until you set yours."
        )
        self.skip_note.setWordWrap(True)
        self.building_note = QLabel("Meanwhile NutriGap builds its food database in the background (once).")
        self.building_note.setWordWrap(True)
        self.building_note.setVisible(building)
        self.problem = error_label()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = self.buttons.addButton("Skip for now", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(why)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.skip_note)
        layout.addWidget(self.building_note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.male.toggled.connect(self._sex_changed)
        self.birth_date.textChanged.connect(self._show_age)
        self.female.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sex_changed(self, male: bool) -> None:
        if male:
            self.life_stage.setCurrentIndex(0)
        self.life_stage.setEnabled(not male)

    def _born(self) -> dt.date | None:
        text = self.birth_date.text().strip()
        if len(text) != 10:
            return None
        try:
            return parse_date(text)
        except NutriGapError:
            return None

    def _show_age(self, *_: object) -> None:
        born = self._born()
        today = dt.date.today()
        if born is None or born > today:
            self.age.setText("")
            return
        self.age.setText(f"{Profile(sex=Sex.FEMALE, birth_date=born).age_years(today)} years")

    def save(self) -> None:
        """Save the answers, or say what is missing and keep the dialog open."""
        if self.sexes.checkedButton() is None:
            self._refuse("Choose female or male: the reference intakes differ.")
            return
        text = self.birth_date.text().strip()
        if not text:
            self._refuse("Type your birth date as year-month-day, for example 1988-05-03.")
            return
        try:
            self.state.set_profile(
                sex=Sex.MALE if self.male.isChecked() else Sex.FEMALE,
                birth_date=parse_date(text),
                life_stage=LifeStage(self.life_stage.currentData()),
                vitamin_d_unit=self.state.vitamin_d_unit,
            )
        except NutriGapError as exc:
            self._refuse(str(exc))
            return
        self.accept()

    def _refuse(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def withdraw(self) -> None:
        """Close without an answer (the window is closing): nothing is recorded, the next start asks again."""
        self._withdrawn = True
        self.close()

    def reject(self) -> None:
        """Skip: keep the default profile and do not ask again (the Diary names the default)."""
        from nutrigap.services.profile import skip_first_run_profile

        if getattr(self, "_withdrawn", False):
            super().reject()
            return
        skip_first_run_profile(self.state.ctx)
        self.state.notice.emit("No profile set: targets are for NutriGap's default profile until you set yours.")
        super().reject()
