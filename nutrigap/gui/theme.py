"""Light and dark: View ▸ Appearance chooses Follow system (the default), Light or Dark; the charts follow the
palette (they redraw on a palette change).

Following the system: most desktops hand Qt a dark palette themselves. Where they only report "dark" (the
colour-scheme hint) and the style keeps its light palette, NutriGap switches to a dark palette of its own, and
back when the desktop does.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu

#: (setting value, menu text) of the appearance choices
APPEARANCES: tuple[tuple[str, str], ...] = (("system", "Follow &system"), ("light", "&Light"), ("dark", "&Dark"))
SETTING = "appearance/theme"
#: the application property that holds the choice, so the colour-scheme listener knows whether to follow
_PROPERTY = "nutrigap-appearance"


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


def light_palette(app: QApplication) -> QPalette:
    """The style's own palette when it is light, else a light palette built from a light grey."""
    standard = app.style().standardPalette()
    return standard if not is_dark(standard) else QPalette(QColor(239, 239, 239))


def apply_appearance(app: QApplication, choice: str) -> None:
    """Switch to ``choice`` ('system', 'light' or 'dark') now; with 'system' the desktop's scheme rules again."""
    if choice not in {key for key, _text in APPEARANCES}:
        choice = "system"
    app.setProperty(_PROPERTY, choice)
    if choice == "dark":
        app.setPalette(dark_palette())
    elif choice == "light":
        app.setPalette(light_palette(app))
    else:
        app.setPalette(app.style().standardPalette())
        _follow(app, app.styleHints().colorScheme())


def install_appearance_menu(menu: QMenu, settings: QSettings) -> QActionGroup:
    """View ▸ Appearance: Follow system, Light, Dark (one checked); the choice is applied now and kept in the
    window's settings."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = str(settings.value(SETTING, "system"))
    submenu = menu.addMenu("&Appearance")
    group = QActionGroup(submenu)
    group.setExclusive(True)
    for key, text in APPEARANCES:
        action = QAction(text, submenu)
        action.setCheckable(True)
        action.setData(key)
        action.setChecked(key == saved)
        group.addAction(action)
        submenu.addAction(action)

    def chosen(action: QAction) -> None:
        choice = str(action.data())
        settings.setValue(SETTING, choice)
        apply_appearance(app, choice)

    group.triggered.connect(chosen)
    if saved != app.property(_PROPERTY) and saved != "system":
        apply_appearance(app, saved)
    return group


def _follow(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """With 'Follow system': the dark palette when the desktop asks for dark but the style's palette is light."""
    if app.property(_PROPERTY) not in (None, "system"):
        return
    standard = app.style().standardPalette()
    if scheme == Qt.ColorScheme.Dark and not is_dark(QGuiApplication.palette()):
        app.setPalette(dark_palette())
    elif scheme == Qt.ColorScheme.Light and is_dark(QGuiApplication.palette()) and not is_dark(standard):
        app.setPalette(standard)


def follow_color_scheme(app: QApplication) -> None:
    """Apply the dark palette when the desktop asks for dark but the style's palette is light; keep following
    (while the appearance is 'Follow system')."""

    def apply(scheme: Qt.ColorScheme) -> None:
        _follow(app, scheme)

    apply(app.styleHints().colorScheme())
    app.styleHints().colorSchemeChanged.connect(apply)
