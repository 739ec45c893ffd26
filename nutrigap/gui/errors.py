"""Errors reach the user as a readable message in the window, never only as a traceback in a terminal."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)


def show_error(
    parent: QWidget | None, message: str, details: str = "", title: str = "NutriGap", *, wait: bool = False
) -> QMessageBox:
    """A warning box with ``message`` (one or two sentences) and optional technical ``details``.

    It does not block (the window keeps running) unless ``wait`` is set, as before the event loop runs.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error-message")
    box.setAccessibleName("Error message")
    if details:
        box.setDetailedText(details)
    if wait:
        box.exec()
        box.deleteLater()
    else:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
    return box


def install_excepthook() -> None:
    """Show unexpected errors (a bug in a slot) in a dialog as well as on stderr, and keep the window alive."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", text)
        print(text, file=sys.stderr)
        if QApplication.instance() is not None:
            show_error(
                QApplication.activeWindow(),
                f"Something went wrong: {value}\n\nYour diary is safe: every change is saved when it is made. "
                "If this keeps happening, please report it with the details below.",
                text,
            )

    sys.excepthook = hook
