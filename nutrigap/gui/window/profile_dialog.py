"""Profile and settings: who the targets are for (sex, birth date, pregnancy or breastfeeding), how vitamin D
reads (µg or IU), and where the data lives. Saving re-targets the nutrient panel at once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.diary import LifeStage, Sex
from nutrigap.domain.errors import InvalidInput, NutriGapError
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.units import to_display
from nutrigap.gui.diary.amount_input import error_label
from nutrigap.gui.diary.entry_dialogs import date_edit, to_date
from nutrigap.gui.state import AppState

LIFE_STAGE_LABELS = {
    LifeStage.NONE: "Neither",
    LifeStage.PREGNANT: "Pregnant",
    LifeStage.LACTATING: "Breastfeeding",
}


def birth_date_problem(born: dt.date, today: dt.date) -> str | None:
    """Why a birth date cannot be saved (the same rules as services.profile.set_profile), or None."""
    if born > today:
        return f"The birth date {born:%-d %B %Y} is in the future."
    if today.year - born.year > 120:
        return f"The birth date {born:%-d %B %Y} is more than 120 years ago."
    return None


class ProfileDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle("Profile and settings")
        self.setObjectName("profile-dialog")
        current = state.profile()
        p = current.profile

        self.sex = QComboBox()
        self.sex.setAccessibleName("Sex")
        self.sex.addItem("Female", Sex.FEMALE)
        self.sex.addItem("Male", Sex.MALE)
        self.sex.setCurrentIndex(0 if p.sex is Sex.FEMALE else 1)
        self.birth_date = date_edit(p.birth_date)
        self.birth_date.setAccessibleName("Birth date")
        # No maximum or minimum here: a date edit silently refuses a date outside its range (and Enter then saved
        # the previous date); a future or too early birth date is shown with its reason by _check instead.
        self.age = QLabel()
        self.life_stage = QComboBox()
        self.life_stage.setAccessibleName("Pregnancy or breastfeeding")
        for stage, label in LIFE_STAGE_LABELS.items():
            self.life_stage.addItem(label, stage)
        self.life_stage.setCurrentIndex(list(LIFE_STAGE_LABELS).index(p.life_stage))
        self.micrograms = QRadioButton("µg (micrograms)")
        self.iu = QRadioButton("IU (international units; 1 µg = 40 IU)")
        self.micrograms.setAccessibleName("Vitamin D in micrograms")
        self.iu.setAccessibleName("Vitamin D in international units")
        units = QButtonGroup(self)
        units.addButton(self.micrograms)
        units.addButton(self.iu)
        (self.iu if p.vitamin_d_unit == "IU" else self.micrograms).setChecked(True)
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.micrograms)
        unit_row.addWidget(self.iu)
        unit_row.addStretch(1)

        person = QGroupBox("Who the targets are for")
        form = QFormLayout(person)
        form.addRow("Sex", self.sex)
        birth_row = QHBoxLayout()
        birth_row.addWidget(self.birth_date)
        birth_row.addWidget(self.age)
        birth_row.addStretch(1)
        form.addRow("Birth date", birth_row)
        form.addRow("Pregnant or breastfeeding", self.life_stage)
        if current.is_default:
            note = QLabel("No profile saved yet: targets are for a woman born 1 January 1990 until you save yours.")
            note.setWordWrap(True)
            form.addRow(note)

        targets_box = self._personal_targets_box(p.vitamin_d_unit)

        display = QGroupBox("Units")
        display_form = QFormLayout(display)
        display_form.addRow("Vitamin D in", unit_row)

        data = QGroupBox("Where your data lives")
        data_form = QFormLayout(data)
        self.folder = QLineEdit(str(state.ctx.paths.home))
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName("Data folder")
        open_folder = QPushButton("Open folder")
        open_folder.setAccessibleName("Open the data folder")
        open_folder.clicked.connect(self.open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(open_folder)
        data_form.addRow("Folder", folder_row)
        diary = state.ctx.paths.diary_url if not state.ctx.paths.uses_default_diary else "diary.sqlite in that folder"
        data_form.addRow("Diary", QLabel(diary))
        data_form.addRow("Food database", QLabel(self._food_db_text()))
        hint = QLabel("Start NutriGap with NUTRIGAP_HOME=/another/folder to keep the data elsewhere.")
        hint.setWordWrap(True)
        data_form.addRow(hint)

        self.problem = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(person)
        layout.addWidget(targets_box)
        layout.addWidget(display)
        layout.addWidget(data)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.sex.currentIndexChanged.connect(self._check)
        self.birth_date.dateChanged.connect(self._check)
        self.life_stage.currentIndexChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(520)

    def _personal_targets_box(self, vitamin_d_unit: str) -> QGroupBox:
        """Per nutrient: the user's own target (a doctor's advice) and a note; empty = none."""
        from nutrigap.services.profile import personal_targets

        box = QGroupBox("Your own targets (optional)")
        box.setObjectName("personal-targets")
        outer = QVBoxLayout(box)
        grid = QGridLayout()
        intro = QLabel(
            "For a target your doctor set, e.g. 400 mg magnesium. It is shown beside the reference intake (DRI), "
            "which stays visible; the verdicts stay against the DRI."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        outer.addLayout(grid)
        current = personal_targets(self.state.ctx)
        self.target_fields: dict[Nutrient, tuple[QLineEdit, QLineEdit, str]] = {}
        for row, nutrient in enumerate(TRACKED, start=1):
            unit = vitamin_d_unit if nutrient is Nutrient.VITAMIN_D else nutrient.unit
            amount = QLineEdit()
            amount.setObjectName(f"personal-{nutrient.value}")
            amount.setPlaceholderText("none")
            amount.setAccessibleName(f"Your {nutrient.label} target per day in {unit}")
            amount.setMaximumWidth(90)
            note = QLineEdit()
            note.setPlaceholderText("note, e.g. Dr Rossi, 3 Dec")
            note.setAccessibleName(f"Note for your {nutrient.label} target")
            if nutrient in current:
                value, text = current[nutrient]
                shown = to_display(nutrient, value, unit)
                amount.setText(f"{shown:g}")
                note.setText(text or "")
            label = QLabel(nutrient.label)
            label.setBuddy(amount)
            grid.addWidget(label, row, 0)
            grid.addWidget(amount, row, 1)
            grid.addWidget(QLabel(f"{unit}/day"), row, 2)
            grid.addWidget(note, row, 3)
            self.target_fields[nutrient] = (amount, note, unit)
        grid.setColumnStretch(3, 1)
        return box

    def _chosen_targets(self) -> dict[Nutrient, tuple[float, str | None] | None]:
        """The targets as typed (None: clear), checked; raises InvalidInput naming the nutrient."""
        from nutrigap.services.profile import check_personal_target

        out: dict[Nutrient, tuple[float, str | None] | None] = {}
        for nutrient, (amount, note, unit) in self.target_fields.items():
            text = amount.text().strip()
            if not text:
                if note.text().strip():
                    raise InvalidInput(f"Give your {nutrient.label} target's amount, or clear its note.")
                out[nutrient] = None
                continue
            try:
                _, value, clean = check_personal_target(nutrient, text, unit=unit, note=note.text())
            except InvalidInput as exc:
                raise InvalidInput(f"{nutrient.label}: {exc}") from None
            out[nutrient] = (value, clean)
        return out

    def _save_targets(self, chosen: dict[Nutrient, tuple[float, str | None] | None]) -> None:
        from nutrigap.services.profile import clear_personal_target, personal_targets, set_personal_target

        current = personal_targets(self.state.ctx)
        for nutrient, target in chosen.items():
            if target is None:
                if nutrient in current:
                    clear_personal_target(self.state.ctx, nutrient)
            elif current.get(nutrient) != target:
                set_personal_target(self.state.ctx, nutrient, target[0], note=target[1])

    def _food_db_text(self) -> str:
        food_db = self.state.ctx.optional_food_db()
        if food_db is None:
            return "not built yet (File ▸ Build food database)"
        info = food_db.summary()
        total = info["total"]
        built = str(info.get("built_at") or "")[:10]
        return f"{total:,} foods, built {built} (food.sqlite)" if isinstance(total, int) else "food.sqlite"

    def _check(self) -> None:
        male = Sex(self.sex.currentData()) is Sex.MALE
        if male:
            self.life_stage.setCurrentIndex(0)
        self.life_stage.setEnabled(not male)
        born = to_date(self.birth_date.date())
        today = dt.date.today()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        self.age.setText(f"{age} years" if born <= today else "")
        problem = birth_date_problem(born, today)
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        if self.isVisible():  # make room for the reason (the wrapped labels were squashed, not the dialog grown)
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(problem is None)

    def chosen(self) -> tuple[Sex, dt.date, LifeStage, str]:
        return (
            Sex(self.sex.currentData()),
            to_date(self.birth_date.date()),
            LifeStage(self.life_stage.currentData()),
            "IU" if self.iu.isChecked() else "µg",
        )

    def save(self) -> None:
        sex, born, stage, unit = self.chosen()
        problem = birth_date_problem(born, dt.date.today())
        if problem is not None:  # Enter in the date field: say why, keep the dialog open
            self.problem.setText(problem)
            self.problem.show()
            self.birth_date.setFocus()
            return
        try:
            targets = self._chosen_targets()  # every field checked before anything is saved
            self.state.set_profile(sex=sex, birth_date=born, life_stage=stage, vitamin_d_unit=unit)
            self._save_targets(targets)
        except NutriGapError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.state.profile_changed.emit()  # the panel shows the new targets at once
        self.accept()

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.state.ctx.paths.home)))
