"""The Charts page: the week shortfall chart, the trend chart and the calendar heat map of the shown day's
week, period or month, drawn by :mod:`nutrigap.services.charts` (plain matplotlib figures) in a
``FigureCanvasQTAgg``, in the light or dark theme that matches the window's palette; Export writes the chart
shown as PNG, SVG or PDF.

Figures are built on the thread pool (loading a period and laying out a figure takes 0.1–0.5 s) and keep their
designed proportions: the chart fills the page's width and scrolls when it is taller than the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nutrigap.domain.errors import NutriGapError
from nutrigap.gui.background import BackgroundWork
from nutrigap.gui.errors import show_error
from nutrigap.gui.file_names import file_prefix
from nutrigap.gui.page_base import DayBar, LivePage
from nutrigap.gui.state import AppState
from nutrigap.gui.theme import is_dark
from nutrigap.services import charts
from nutrigap.services.context import AppContext

KINDS: tuple[tuple[str, str, str], ...] = (
    ("week", "&Week", "Each day of the week: the five nutrients as % of target, twitches below"),
    ("trend", "T&rend", "Daily intake and the 7-day average against EAR and target, twitches below"),
    ("calendar", "C&alendar", "The month's days coloured by adequacy, twitch days marked"),
)
#: (label, days ending on the shown day)
TREND_SPANS: tuple[tuple[str, int], ...] = (("4 weeks", 28), ("8 weeks", 56), ("12 weeks", 84), ("6 months", 182))
#: A chart is drawn at least this share of its designed width (its inches at the figure's dpi), so its text keeps
#: its room, and never wider than MAX_WIDTH [px]; below that it scrolls.
MIN_SCALE, MAX_WIDTH = 0.8, 1500
EXPORT_FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"


@dataclass(frozen=True, slots=True)
class ChartRequest:
    """One chart: its kind ('week', 'trend', 'calendar'), the shown day, the trend's days, the water and caffeine
    overlay, and the theme ('light' or 'dark')."""

    kind: str
    day: dt.date
    trend_days: int
    water_caffeine: bool
    theme: str

    def figure(self, ctx: AppContext) -> Figure:
        """Build the figure (on any thread: the chart services never touch Qt or pyplot)."""
        if self.kind == "week":
            return charts.week_chart(ctx, self.day, theme=self.theme)
        if self.kind == "trend":
            start = self.day - dt.timedelta(days=self.trend_days - 1)
            return charts.trend_chart(
                ctx, start, self.day, overlay_water_caffeine=self.water_caffeine, theme=self.theme
            )
        return charts.calendar_chart(ctx, self.day.year, self.day.month, theme=self.theme)


class ChartView(QScrollArea):
    """A figure canvas that keeps the figure's proportions: the whole chart when it fits at a readable size,
    else as wide as the view and scrolling down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart-view")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.canvas: FigureCanvasQTAgg | None = None
        self.aspect = 0.66
        self.min_width = 800

    def set_figure(self, figure: Figure) -> FigureCanvasQTAgg:
        width, height = figure.get_size_inches()
        self.aspect = float(height / width)
        self.min_width = round(MIN_SCALE * width * figure.dpi)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        canvas.setObjectName("chart-canvas")
        canvas.setAccessibleName(_figure_title(figure))
        old = self.takeWidget()
        if old is not None:
            old.deleteLater()
        self.canvas = canvas
        canvas.installEventFilter(self)
        self.setWidget(canvas)
        self._fit()
        return canvas

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The charts have no zoom or other wheel interaction, but matplotlib's canvas accepts wheel events, so
        # the wheel did not scroll a tall chart: it is forwarded to this scroll area.
        if watched is self.canvas and event.type() == QEvent.Type.Wheel:
            assert isinstance(event, QWheelEvent)
            self.wheelEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """Fit the whole chart in the view when it keeps MIN_SCALE of its designed width; else fill the width
        and scroll down."""
        if self.canvas is None:
            return
        frame = 2 * self.frameWidth()
        width, height = self.width() - frame, self.height() - frame
        w = min(MAX_WIDTH, width, height / self.aspect)
        if w < self.min_width:  # too small to read when fitted: as wide as the view, scrolling down
            w = max(self.min_width, min(MAX_WIDTH, width - self.verticalScrollBar().sizeHint().width()))
        self.canvas.setFixedSize(int(w), round(w * self.aspect))


def _figure_title(figure: Figure) -> str:
    texts = getattr(figure, "_suptitle", None)
    if texts is not None:
        return str(texts.get_text())
    for ax in figure.axes:
        if ax.get_title():
            return str(ax.get_title())
    return "Chart"


class ChartsPage(LivePage):
    """Week, trend and calendar charts of the shown day's period."""

    def __init__(self, state: AppState, day_actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("charts-page")
        self.day_bar = DayBar(state, day_actions)
        self.kind_buttons: dict[str, QPushButton] = {}
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        kinds = QHBoxLayout()
        kinds.setSpacing(0)
        for key, label, tip in KINDS:
            button = QPushButton(label)
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setObjectName(f"chart-{key}")
            self.kind_group.addButton(button)
            self.kind_buttons[key] = button
            kinds.addWidget(button)
        self.kind_buttons["week"].setChecked(True)
        self.span = QComboBox()
        self.span.setAccessibleName("Trend period")
        for label, days in TREND_SPANS:
            self.span.addItem(label, days)
        self.span_label = QLabel("over")
        self.water = QCheckBox("Water and caffeine")
        self.water.setToolTip("Add each day's water and caffeine under the trend")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the chart shown as PNG, SVG or PDF")
        self.status = QLabel()
        self.status.setObjectName("chart-status")
        top = QHBoxLayout()
        top.addWidget(self.day_bar, 1)
        top.addLayout(kinds)
        top.addSpacing(8)
        top.addWidget(self.export_button)
        # the trend's options get their own row: beside the day bar they made the page 974 px wide, so at 900 px
        # 'Export…' fell off the window's edge
        options = QHBoxLayout()
        options.addStretch(1)
        options.addWidget(self.span_label)
        options.addWidget(self.span)
        options.addWidget(self.water)
        self.view = ChartView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.work = BackgroundWork(self)
        self.work.done.connect(self._show_figure)
        self.work.failed.connect(self._failed)
        self.work.busy_changed.connect(self._busy)
        self.kind_group.buttonClicked.connect(lambda _button: self._options_changed())
        self.span.currentIndexChanged.connect(lambda _index: self._options_changed())
        self.water.toggled.connect(lambda _on: self._options_changed())
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        self.follow()
        state.labs_changed.connect(self.mark_stale)  # the trend marks blood test results (issue #17)
        self._options_changed()

    # --- what is shown ------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return next(key for key, button in self.kind_buttons.items() if button.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)
        self._options_changed()

    @property
    def theme(self) -> str:
        return "dark" if is_dark(self.palette()) else "light"

    def _options_changed(self) -> None:
        trend = self.kind == "trend"
        for widget in (self.span_label, self.span, self.water):
            widget.setVisible(trend)
        self.mark_stale()

    def request(self) -> ChartRequest:
        """What the page shows now, read on the main thread (the worker gets only this plain value)."""
        return ChartRequest(self.kind, self.state.day, int(self.span.currentData()), self.water.isChecked(), self.theme)

    def refresh(self) -> None:
        ctx, request = self.state.ctx, self.request()
        self.work.start(lambda: request.figure(ctx))

    def _show_figure(self, figure: object) -> None:
        assert isinstance(figure, Figure)
        self.view.set_figure(figure)
        self.status.clear()
        self.status.hide()

    def _failed(self, message: str, details: str) -> None:
        self.status.setText(f"The chart could not be drawn: {message}")
        self.status.show()
        if details:
            show_error(self, message, details, "Charts")

    def _busy(self, busy: bool) -> None:
        if busy:
            self.status.setText("Drawing…")
            self.status.show()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.mark_stale()  # light or dark: draw again in the matching theme

    # --- export -------------------------------------------------------------------------------------------
    def default_file_name(self) -> str:
        day, prefix = self.state.day, file_prefix(self.state.ctx.paths)
        if self.kind == "week":
            return f"{prefix}-week-{day - dt.timedelta(days=day.weekday())}.png"
        if self.kind == "trend":
            return f"{prefix}-trend-{int(self.span.currentData())}d-to-{day}.png"
        return f"{prefix}-calendar-{day:%Y-%m}.png"

    def export(self, path: Path | None = None) -> Path | None:
        """Write the chart shown to ``path`` (asks for a file when None); PNG, SVG or PDF by the suffix."""
        if path is None:
            chosen, selected = QFileDialog.getSaveFileName(
                self, "Export chart", str(Path.home() / self.default_file_name()), EXPORT_FILTERS
            )
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() not in (".png", ".svg", ".pdf"):
                path = path.with_suffix("." + selected.split("*.")[-1].rstrip(")"))
        try:
            target = charts.check_chart_path(path)
            written = charts.save_chart(self.request().figure(self.state.ctx), target)
        except NutriGapError as exc:
            show_error(self, str(exc), title="Export chart")
            return None
        self.state.notice.emit(f"Chart saved to {written}.")
        return written
