"""What the window's pages share: a page created the first time it is shown (so matplotlib, scipy and the
analysis services stay off the path to the first paint), a page that recomputes only while it is visible,
the day bar, the medical disclaimer and the one-line message for refused input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from nutrigap.gui.formatting import long_date
from nutrigap.gui.state import AppState


class LazyPage(QWidget):
    """A tab's placeholder that builds the real page when the tab is first shown (or :meth:`page` is asked).

    The first show paints "Opening…" and builds the page right after, so even a window that starts on this
    tab paints at once."""

    def __init__(
        self,
        title: str,
        factory: Callable[[], QWidget],
        parent: QWidget | None = None,
        *,
        later: Callable[[Callable[[], object]], None] | None = None,
    ) -> None:
        """``later``: how the first show defers the build (AppState.later: after the start-up's first frame)."""
        super().__init__(parent)
        self.title = title
        self._later = later or (lambda call: QTimer.singleShot(0, call))
        self._factory = factory
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._placeholder = QLabel(f"Opening {title}…")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self._placeholder)

    @property
    def built(self) -> bool:
        return self._page is not None

    def page(self) -> QWidget:
        """The real page, built now if it was not yet."""
        if self._page is None:
            self._page = self._factory()
            self._layout.removeWidget(self._placeholder)
            self._placeholder.hide()  # at once: deletion waits for the event loop, and it showed through gaps
            self._placeholder.deleteLater()
            self._layout.addWidget(self._page)
            self.setFocusProxy(self._page)
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._page is None:
            self._later(self.page)


class LivePage(QWidget):
    """A page whose content depends on the diary: it recomputes when something it shows changed, but only
    while it is visible (a hidden page just remembers that it is out of date)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._stale = True
        #: a refresh on the next turn of the event loop, however often the page is marked out of date meanwhile
        self._schedule = state.next_turn(self._refresh_if_stale)

    def follow(self, *, day: bool = True, entries: bool = True, twitches: bool = True, factors: bool = True) -> None:
        """Mark the page out of date on the state's announcements (call once from the constructor)."""
        s = self.state
        if day:
            s.day_changed.connect(self.mark_stale)
        if entries:
            s.entries_changed.connect(self.mark_stale)
            s.foods_changed.connect(self.mark_stale)
            s.food_db_changed.connect(self.mark_stale)
        if twitches:
            s.twitches_changed.connect(self.mark_stale)
        if factors:
            s.factors_changed.connect(self.mark_stale)
        s.profile_changed.connect(self.mark_stale)
        s.diary_replaced.connect(self.mark_stale)

    @property
    def stale(self) -> bool:
        """True while what the page shows may be out of date (a refresh is due)."""
        return self._stale

    def mark_stale(self, *_: object) -> None:
        self._stale = True
        if self.isVisible():
            self._schedule()

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self._stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._schedule()

    def refresh(self) -> None:
        """Recompute what the page shows (called on the main thread; slow work goes to a BackgroundWork)."""
        raise NotImplementedError


class DayBar(QWidget):
    """The shown day with previous / next / today buttons that use the Diary's own actions (one shortcut each)."""

    def __init__(self, state: AppState, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.label.setFont(font)
        buttons = [QToolButton() for _ in actions]
        for button, action in zip(buttons, actions, strict=True):
            button.setDefaultAction(action)
            button.setAccessibleName(action.text())
        if len(buttons) >= 2:
            layout.addWidget(buttons[0])
            layout.addWidget(self.label)
            for button in buttons[1:]:
                layout.addWidget(button)
        else:
            layout.addWidget(self.label)
        layout.addStretch(1)
        state.day_changed.connect(self._show)
        self._show(state.day)

    def _show(self, day: dt.date) -> None:
        self.label.setText(long_date(day))


class WrapLabel(QLabel):
    """A word-wrapped label exactly as tall as its text at its real width (a plain word-wrapped QLabel asks for
    the height of a narrow guess, which leaves a gap under it in forms and banners)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._height = 0

    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > 50 else 600
        return QSize(super().sizeHint().width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.updateGeometry()


class DisclaimerBanner(WrapLabel):
    """The short medical disclaimer every insight screen carries, always visible above the content."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(f"<b>Not medical advice.</b> {text}", parent)
        self.setObjectName("disclaimer")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setContentsMargins(8, 6, 8, 6)
        self.setAccessibleName("Medical disclaimer")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class InlineMessage(WrapLabel):
    """One line under a form telling why the input was refused (empty and hidden when all is well)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("inline-message")
        self.setStyleSheet("color: #d6453d;")
        self.setAccessibleName("Problem with the input")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")
