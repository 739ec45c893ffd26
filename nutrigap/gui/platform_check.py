"""Before Qt starts: tell a newcomer which system libraries the window needs, instead of Qt's abort.

Qt's xcb platform plugin (X11) loads these libraries; a desktop has them, a bare server or a minimal container
often does not, and Qt then aborts with "could not load the Qt platform plugin 'xcb'".
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

#: shared library -> Debian/Ubuntu package that provides it (Qt 6 "X11 requirements" documentation)
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_libraries(libraries: Mapping[str, str]) -> list[str]:
    """The packages of the ``libraries`` (soname -> package) that the dynamic loader cannot find."""
    missing = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def x_display_reachable(display: str) -> bool:
    """Whether an X server answers on ``display`` (asked through libxcb, as Qt will; about a millisecond)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def will_use_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will try the xcb (X11) plugin: asked for explicitly, or an X display without Wayland."""
    requested = environ.get("QT_QPA_PLATFORM", "").strip().lower()
    if requested:
        return requested.split(";")[0].startswith("xcb")
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def startup_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """A message saying what to install or set before the window can open, or None if all looks fine."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if not requested and not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return (
            "NutriGap's window needs a desktop session, and none was found (DISPLAY and WAYLAND_DISPLAY are "
            "unset). Use the command line (nutrigap --help), or run the window without a screen with "
            "QT_QPA_PLATFORM=offscreen."
        )
    if not will_use_xcb(environ):
        return None
    missing = missing_libraries(XCB_LIBRARIES)
    if not missing:
        display = environ.get("DISPLAY", "")
        if display and not x_display_reachable(display):
            return (
                f"NutriGap's window cannot reach the X display '{display}' (no X server answers there). "
                "Start it from your desktop session, check DISPLAY, or run it without a screen with "
                "QT_QPA_PLATFORM=offscreen."
            )
        return None
    return (
        "NutriGap's window cannot start: Qt's X11 (xcb) plugin needs system libraries that are missing.\n"
        f"Install them with:\n\n    sudo apt-get install {' '.join(missing)}\n\n"
        "(other distributions: the packages providing "
        + ", ".join(s for s, p in XCB_LIBRARIES.items() if p in missing)
        + ")."
    )
