"""The application icon from ``resources/icons`` (SVG plus PNG sizes), with a plain fallback if absent."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from nutrigap.paths import shipped_dir

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: The largest size of the icon the window starts with (title bar, task bar); the full icon follows once the
#: first frame is painted. Measured benefit (Xvfb, alternating starts, 2 shared cores): on X11 Qt hands the window
#: manager every size of the window icon as pixels when the window is first shown (512 and 256 px: 1.3 MB), and
#: the SVG loads Qt's SVG icon plugin; starting with 16-64 px made the whole window ready about 0.02 s sooner
#: (README "Performance").
FIRST_FRAME_LARGEST = 64


def app_icon(largest: int | None = None) -> QIcon:
    """The NutriGap icon, or an empty icon (Qt then shows the platform's default) if the files are missing.
    ``largest``: only the PNG sizes up to this many pixels, without the SVG (the first frame's icon)."""
    try:
        folder = shipped_dir("resources") / "icons"
    except FileNotFoundError:
        return QIcon()
    icon = QIcon()
    for size in PNG_SIZES if largest is None else [s for s in PNG_SIZES if s <= largest]:
        png = folder / f"nutrigap-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = folder / "nutrigap.svg"
    if largest is None and svg.is_file():
        icon.addFile(str(svg))
    return icon
