"""Light and dark: follow the desktop's colour scheme even where the style's own palette stays light.

Most desktops hand Qt a dark palette themselves. Where they only report "dark" (the colour-scheme hint) and the
style keeps its light palette, NutriGap switches to a dark palette of its own, and back when the desktop does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def dark_palette() -> QPalette:
    """A calm dark palette (the common Fusion dark colours) with NutriGap's accent for selections and links."""
    palette = QPalette()
    window, base, text = QColor(45, 47, 51), QColor(32, 33, 36), QColor(226, 228, 231)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(40, 42, 46),
        QPalette.ColorRole.ToolTipBase: QColor(55, 57, 62),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(140, 144, 150),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(53, 55, 60),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 110, 100),
        QPalette.ColorRole.Light: QColor(70, 72, 78),
        QPalette.ColorRole.Midlight: QColor(62, 64, 70),
        QPalette.ColorRole.Mid: QColor(75, 78, 84),
        QPalette.ColorRole.Dark: QColor(25, 26, 28),
        QPalette.ColorRole.Shadow: QColor(10, 10, 12),
        QPalette.ColorRole.Highlight: QColor(58, 122, 196),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(110, 170, 240),
        QPalette.ColorRole.LinkVisited: QColor(170, 140, 230),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 123, 128))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def follow_color_scheme(app: QApplication) -> None:
    """Apply the dark palette when the desktop asks for dark but the style's palette is light; keep following."""

    def apply(scheme: Qt.ColorScheme) -> None:
        standard = app.style().standardPalette()
        if scheme == Qt.ColorScheme.Dark and not is_dark(QGuiApplication.palette()):
            app.setPalette(dark_palette())
        elif scheme == Qt.ColorScheme.Light and is_dark(QGuiApplication.palette()) and not is_dark(standard):
            app.setPalette(standard)

    apply(app.styleHints().colorScheme())
    app.styleHints().colorSchemeChanged.connect(apply)
