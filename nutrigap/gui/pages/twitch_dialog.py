"""Logging a twitch episode: the quick "it is twitching now" entry (Ctrl+T, a letter for the place, Enter) and
the full form to log an earlier episode or change one.

The place, side and intensity start as the last episode's, so a recurring twitch is two keystrokes: Ctrl+T,
Enter. The time stays "now" until the user changes it, however long the dialog was open.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import InvalidInput, NutriGapError
from nutrigap.domain.symptoms import SYMPTOM_LABELS, SYMPTOMS, Location, Side
from nutrigap.gui.formatting import date_edit_format, date_text, datetime_text, time_text
from nutrigap.gui.page_base import InlineMessage, WrapLabel
from nutrigap.gui.state import AppState
from nutrigap.services import twitches
from nutrigap.services.twitches import TwitchView

TWITCH_HELP = (
    "A <b>twitch</b> is a small involuntary contraction of a few muscle fibres, often visible under the skin and "
    "usually painless. A <b>cramp</b> is a sustained, often painful contraction of a whole muscle: tick "
    "<i>Cramp</i> if one came with it."
)
DOCTOR_HINT = (
    "Twitching with weakness or poor coordination is a reason to see a doctor; the Insights page says what to ask."
)
_UNITS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "mins": 60, "minute": 60,
          "minutes": 60, "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600}  # fmt: skip


def parse_duration(text: str) -> float | None:
    """'30', '30 s', '2 min', '1.5 min', '1:30' (minutes:seconds) or '' as seconds (None when empty)."""
    raw = text.strip().lower().replace(",", ".")
    if not raw:
        return None
    clock = re.fullmatch(r"(\d+):([0-5]\d)", raw)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z]*)", raw)
    if not found or found.group(2) not in ("", *_UNITS):
        raise InvalidInput(f"'{text}' is not a duration; write for example 30 s, 2 min or 1:30.")
    return float(found.group(1)) * _UNITS.get(found.group(2), 1)


def duration_text(seconds: int | None) -> str:
    """30 -> '30 s', 90 -> '1 min 30 s', 120 -> '2 min'."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


class TwitchDialog(QDialog):
    """Add (``episode`` None) or change a twitch episode. ``quick`` opens on "now" with the place focused."""

    def __init__(
        self,
        state: AppState,
        parent: QWidget | None = None,
        *,
        episode: TwitchView | None = None,
        quick: bool = False,
        when: dt.datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.episode = episode
        self.quick = quick and episode is None
        self.saved: TwitchView | None = None
        self.setObjectName("twitch-dialog")
        self.setWindowTitle("Twitching now" if self.quick else ("Change twitch" if episode else "Log a twitch"))

        self.when = QDateTimeEdit()
        self.when.setDisplayFormat(f"{date_edit_format()}  HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName("When it happened")
        self.now_button = QPushButton("Now")
        self.now_button.setAutoDefault(False)
        self.now_button.setToolTip("Set the time to now")
        self.location = QComboBox()
        self.location.setAccessibleName("Where: body location")
        for loc in Location:
            self.location.addItem("Other…" if loc is Location.OTHER else loc.value.capitalize(), loc.value)
        self.other = QLineEdit()
        self.other.setPlaceholderText("where exactly, e.g. tongue")
        self.other.setAccessibleName("Other place")
        self.side = QComboBox()
        self.side.setAccessibleName("Side")
        self.side.addItem("–", None)
        for s in Side:
            self.side.addItem("Both sides" if s is Side.BOTH else s.value.capitalize(), s.value)
        self.intensity = QSpinBox()
        self.intensity.setRange(1, 10)
        self.intensity.setSuffix(" / 10")
        self.intensity.setAccessibleName("Intensity from 1 to 10")
        self.intensity.setToolTip("1 = barely noticeable, 10 = very strong")
        self.duration = QLineEdit()
        self.duration.setPlaceholderText("e.g. 30 s, 2 min, 1:30")
        self.duration.setAccessibleName("Duration")
        self.symptoms: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for i, name in enumerate(SYMPTOMS):
            box = QCheckBox(SYMPTOM_LABELS[name])
            box.setObjectName(f"symptom-{name}")
            self.symptoms[name] = box
            grid.addWidget(box, i // 2, i % 2)
            box.toggled.connect(self._update_hint)
        symptoms = QWidget()
        symptoms.setLayout(grid)
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional: what you were doing, what helped …")
        self.note.setAccessibleName("Note")

        when_row = QHBoxLayout()
        when_row.addWidget(self.when, 1)
        when_row.addWidget(self.now_button)
        where_row = QHBoxLayout()
        where_row.addWidget(self.location)
        where_row.addWidget(self.other, 1)
        where_row.addWidget(self.side)
        form = QFormLayout()
        when_label = QLabel("&When:")
        when_label.setBuddy(self.when)
        where_label = QLabel("Whe&re:")
        where_label.setBuddy(self.location)
        form.addRow(when_label, when_row)
        form.addRow(where_label, where_row)
        form.addRow("&Intensity:", self.intensity)
        form.addRow("&Duration:", self.duration)
        form.addRow("With:", symptoms)
        form.addRow("&Note:", self.note)
        help_text = WrapLabel(TWITCH_HELP)
        help_text.setObjectName("twitch-help")
        self.hint = WrapLabel(DOCTOR_HINT)
        self.hint.setObjectName("doctor-hint")
        self.hint.hide()
        self.message = InlineMessage()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        self._time_touched = False
        self._fill(episode, when)
        self.when.dateTimeChanged.connect(self._touched)
        self.now_button.clicked.connect(self._set_now)
        self.location.currentIndexChanged.connect(self._location_changed)
        self._location_changed()
        self.location.setFocus()

    # --- filling ----------------------------------------------------------------------------------------
    def _fill(self, episode: TwitchView | None, when: dt.datetime | None) -> None:
        template = episode or self._last_episode()
        moment = episode.occurred_at if episode else (when or dt.datetime.now())
        self.when.setDateTime(_qdatetime(moment.replace(second=0, microsecond=0)))
        self.when.setMaximumDateTime(_qdatetime(dt.datetime.now() + twitches.FUTURE_SLACK))
        if template is not None:
            self.location.setCurrentIndex(max(0, self.location.findData(template.location)))
            self.other.setText(template.location_other or "")
            self.side.setCurrentIndex(max(0, self.side.findData(template.side)))
            self.intensity.setValue(template.intensity)
        else:
            self.intensity.setValue(3)
        if episode is not None:
            self.duration.setText(duration_text(episode.duration_s))
            self.note.setText(episode.note or "")
            for name, box in self.symptoms.items():
                box.setChecked(name in episode.symptoms)

    def _last_episode(self) -> TwitchView | None:
        today = dt.date.today()
        recent = twitches.list_twitches(self.state.ctx, today - dt.timedelta(days=90), today)
        return recent[-1] if recent else None

    def _touched(self) -> None:
        self._time_touched = True

    def _set_now(self) -> None:
        self.when.setDateTime(_qdatetime(dt.datetime.now().replace(second=0, microsecond=0)))
        self._time_touched = False

    def _location_changed(self) -> None:
        other = self.location.currentData() == Location.OTHER.value
        self.other.setEnabled(other)
        self.other.setVisible(other)

    def _update_hint(self) -> None:
        self.hint.setVisible(self.symptoms["weakness"].isChecked() or self.symptoms["poor_coordination"].isChecked())

    # --- saving -----------------------------------------------------------------------------------------
    def occurred_at(self) -> dt.datetime | str:
        if self.quick and not self._time_touched:
            return "now"  # the minute the user pressed Save, not the one the dialog opened
        value = self.when.dateTime().toPython()
        assert isinstance(value, dt.datetime)
        return value.replace(second=0, microsecond=0)

    def details(self) -> dict[str, object]:
        """What the form says, as the keywords of the twitch services (raises InvalidInput on a bad duration)."""
        return {
            "occurred_at": self.occurred_at(),
            "location": str(self.location.currentData()),
            "location_other": self.other.text().strip() or None,
            "intensity": self.intensity.value(),
            "side": self.side.currentData(),
            "duration_s": parse_duration(self.duration.text()),
            "note": self.note.text(),
            "symptoms": [name for name, box in self.symptoms.items() if box.isChecked()],
        }

    def save(self) -> None:
        try:
            details = self.details()
            if self.episode is None:
                self.saved = self.state.log.log_twitch(**details)
            else:
                self.saved = self.state.log.edit_twitch(self.episode.id, **details)
        except NutriGapError as exc:
            self.message.show_message(str(exc))
            return
        when = self.saved.occurred_at
        self.state.notice.emit(
            f"Logged a {self.saved.place} twitch ({self.saved.intensity}/10) at {time_text(when)} on "
            f"{date_text(when, year=False)}. "
            "Undo: Ctrl+Z."
            if self.episode is None
            else f"Changed the {self.saved.place} twitch of {datetime_text(when, year=False)}."
        )
        self.accept()


def _qdatetime(moment: dt.datetime) -> QDateTime:
    """A local date and time for Qt, built from its parts (what QDateTime(datetime) does; not every PySide6's
    type stubs accept a datetime)."""
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute, moment.second))
