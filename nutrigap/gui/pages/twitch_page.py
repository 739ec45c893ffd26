"""The "Twitches & factors" page: the twitch log of a period ending on the shown day (newest first; Enter or a
double-click changes an episode, Delete deletes, Ctrl+Z undoes) beside the shown day's factors."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.symptoms import SYMPTOM_LABELS
from nutrigap.gui.diary.factors_panel import FactorsPanel
from nutrigap.gui.formatting import date_text, datetime_text
from nutrigap.gui.page_base import DayBar, WrapLabel
from nutrigap.gui.pages.twitch_dialog import TWITCH_HELP, TwitchDialog, duration_text
from nutrigap.gui.record_table import RecordModel, RecordTable
from nutrigap.gui.state import AppState
from nutrigap.services import twitches
from nutrigap.services.twitches import TwitchView

HEADERS = ("When", "Where", "Intensity", "Duration", "With", "Note")
#: (label, days ending on the shown day; None = everything)
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Last 7 days", 7),
    ("Last 4 weeks", 28),
    ("Last 3 months", 91),
    ("Last 12 months", 365),
    ("Everything", None),
)


def symptom_text(view: TwitchView) -> str:
    return ", ".join(SYMPTOM_LABELS[s].split(" (")[0].lower() for s in view.symptoms)


class TwitchModel(RecordModel[TwitchView]):
    """Episodes newest first, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HEADERS, lambda e: e.occurred_at, lambda e: e.id, parent)

    def cells(self, record: TwitchView) -> tuple[str, ...]:
        return (
            datetime_text(record.occurred_at),
            record.place,
            f"{record.intensity}/10",
            duration_text(record.duration_s),
            symptom_text(record),
            record.note or "",
        )

    def styled(self, record: TwitchView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and column in (4, 5):
            return symptom_text(record) if column == 4 else record.note
        return None


class TwitchPage(QWidget):
    """The twitch log and the day's factors."""

    def __init__(self, state: AppState, day_actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("twitch-page")
        self.day_bar = DayBar(state, day_actions)
        self.now_button = QPushButton("Twitching now…")
        self.now_button.setToolTip("Log a twitch at this minute (Ctrl+T)")
        self.earlier_button = QPushButton("Log an earlier twitch…")
        self.earlier_button.setToolTip("Log a twitch on the shown day at another time")
        top = QHBoxLayout()
        top.addWidget(self.day_bar, 1)
        top.addWidget(self.now_button)
        top.addWidget(self.earlier_button)

        self.period = QComboBox()
        self.period.setAccessibleName("Period of the twitch log")
        for label, days in PERIODS:
            self.period.addItem(label, days)
        self.period.setCurrentIndex(1)
        self.count = QLabel()
        self.count.setObjectName("twitch-count")
        self.edit_button = QPushButton("Change…")
        self.delete_button = QPushButton("Delete")
        self.model = TwitchModel(self)
        self.table = RecordTable(self.model, "twitch-table", "Twitch episodes", (self.edit_button, self.delete_button))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 4
            + (QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch)
        ):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(4, 200)
        self.empty = WrapLabel()
        self.empty.setObjectName("twitch-empty")
        help_text = WrapLabel(TWITCH_HELP)
        list_bar = QHBoxLayout()
        list_bar.addWidget(QLabel("<b>Twitch log</b>"))
        list_bar.addWidget(self.period)
        list_bar.addStretch(1)
        list_bar.addWidget(self.edit_button)
        list_bar.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(list_bar)
        # the count on a line of its own: beside the buttons its ~300 px kept the window wider than 1,040 px
        self.count.setWordWrap(True)
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(help_text)

        self.factors = FactorsPanel(state)
        scroll = QScrollArea()
        scroll.setWidget(self.factors)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # never sideways: as wide as the panel's narrowest layout (so no button is cut), scrolling only down
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.factors.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.now_button.clicked.connect(lambda: self.log_twitch(quick=True))
        self.earlier_button.clicked.connect(lambda: self.log_twitch(quick=False))
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.edit_requested.connect(self.edit_twitch)
        self.table.delete_requested.connect(self.delete_twitches)
        self.table.customContextMenuRequested.connect(self._context_menu)
        state.day_changed.connect(lambda _day: self.reload())
        state.twitches_changed.connect(lambda _days: self.reload())
        state.diary_replaced.connect(self.reload)
        self.reload()

    def period_bounds(self) -> tuple[dt.date | None, dt.date]:
        days = self.period.currentData()
        end = self.state.day
        return (None if days is None else end - dt.timedelta(days=int(days) - 1)), end

    def reload(self) -> None:
        start, end = self.period_bounds()
        episodes = twitches.list_twitches(self.state.ctx, start, end)
        self.table.show_records(self.model, episodes)
        self.table.resizeRowsToContents()
        days = len({e.occurred_at.date() for e in episodes})
        span = f"up to {date_text(end)}"
        self.count.setText(f"{len(episodes)} episode{'s' * (len(episodes) != 1)} on {days} day{'s' * (days != 1)}, "
                           f"{span}")  # fmt: skip
        self.empty.setText(
            "No twitches logged in this period. Press Ctrl+T (or “Twitching now…”) the moment it twitches."
            if not episodes
            else ""
        )
        self.empty.setVisible(not episodes)

    # --- actions ----------------------------------------------------------------------------------------
    def log_twitch(self, *, quick: bool) -> TwitchDialog:
        """Open the twitch form: ``quick`` for now, else on the shown day (at this time of day)."""
        when = None
        if not quick:
            now = dt.datetime.now().replace(second=0, microsecond=0)
            day = min(self.state.day, now.date())
            when = dt.datetime.combine(day, now.time() if day == now.date() else dt.time(12, 0))
        return open_twitch_dialog(self.state, self, quick=quick, when=when)

    def edit_selected(self) -> None:
        ids = self.table.selected_ids()
        if ids:
            self.edit_twitch(ids[0])

    def edit_twitch(self, episode_id: int) -> TwitchDialog | None:
        episode = self.model.record(episode_id)
        if episode is None:
            return None
        return open_twitch_dialog(self.state, self, episode=episode)

    def delete_selected(self) -> None:
        self.delete_twitches(self.table.selected_ids())

    def delete_twitches(self, ids: list[int]) -> None:
        from nutrigap.domain.errors import NutriGapError

        try:
            self.state.log.delete_twitches(ids)
        except NutriGapError as exc:
            self.state.error_occurred.emit(str(exc))

    def _context_menu(self, where: QPoint) -> None:
        if not self.table.selected_ids():
            return
        menu = QMenu(self)
        menu.addAction("Change…", self.edit_selected)
        menu.addAction("Delete", self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(where))
        menu.deleteLater()


def open_twitch_dialog(
    state: AppState,
    parent: QWidget,
    *,
    quick: bool = False,
    episode: TwitchView | None = None,
    when: dt.datetime | None = None,
) -> TwitchDialog:
    """Open the twitch form (window-modal) and clean it up when it closes."""
    dialog = TwitchDialog(state, parent, episode=episode, quick=quick, when=when)
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog
