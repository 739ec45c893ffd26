"""The application icon from ``resources/icons`` (SVG plus PNG sizes), with a plain fallback if absent."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from nutrigap.paths import shipped_dir

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The NutriGap icon, or an empty icon (Qt then shows the platform's default) if the files are missing."""
    try:
        folder = shipped_dir("resources") / "icons"
    except FileNotFoundError:
        return QIcon()
    icon = QIcon()
    for size in PNG_SIZES:
        png = folder / f"nutrigap-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = folder / "nutrigap.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon
