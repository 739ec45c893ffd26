"""The demo told apart from the user's own diary: "Demo" in the window title, a banner above the pages with one
button back to the user's own diary ("demo" in the default file names: :mod:`nutrigap.gui.file_names`)."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from nutrigap.services.demo_marker import is_demo, own_paths

if TYPE_CHECKING:
    from nutrigap.gui.window.main_window import MainWindow

BANNER_TEXT = "<b>Demo diary</b>: four weeks of made-up sample data. Nothing you do here touches your own diary."


class DemoBanner(QFrame):
    """A strip above the pages: this is the demo, and the way back to one's own diary."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("demo-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # the palette's highlight colour, softened: visible in light and dark themes alike
        self.setStyleSheet(
            "#demo-banner { background: palette(highlight); border-radius: 3px; }"
            " #demo-banner QLabel { color: palette(highlighted-text); }"
        )
        self.label = QLabel(BANNER_TEXT)
        self.label.setWordWrap(True)
        self.back = QPushButton("Back to my own diary")
        self.back.setObjectName("demo-back")
        self.back.setToolTip("Close the demo and open your own diary")
        self.back.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.back)
        self.back.clicked.connect(lambda _checked=False: open_own_diary(window))


def open_own_diary(demo_window: MainWindow) -> MainWindow | None:
    """Open the user's own diary in a new window (today shown) and close the demo's. None when the diary
    cannot be opened (the reason was shown; the demo stays)."""
    from nutrigap.gui.settings import open_settings
    from nutrigap.gui.state import AppState
    from nutrigap.gui.window.opening import open_diary
    from nutrigap.services.context import AppContext

    paths = own_paths(demo_window.state.ctx.paths)
    ctx = AppContext(paths)
    if not open_diary(ctx):
        ctx.close()
        return None
    # later file dialogs and background work read the data folder from the environment: the user's own again
    os.environ["NUTRIGAP_HOME"] = str(paths.home)
    if not paths.uses_default_diary:
        os.environ["NUTRIGAP_DB_URL"] = paths.diary_url
    state = AppState(ctx, dt.date.today())
    window = type(demo_window)(state, open_settings(paths))
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(ctx.close)
    window.show()
    window.activateWindow()
    demo_window.close()
    return window


def install_demo_banner(window: MainWindow, layout: QVBoxLayout) -> DemoBanner | None:
    """Put the banner at the top of ``layout`` (the window's, above the pages) when the window shows the demo."""
    if not is_demo(window.state.ctx.paths):
        return None
    banner = DemoBanner(window)
    layout.insertWidget(0, banner)
    return banner
