"""Seeing when a program's window appears on an X display, for the side-by-side start-up benchmark.

A small ctypes client of libX11 (no extra package): it asks the X server to report every window mapped on the
root window (``SubstructureNotifyMask``) and notes the time each one is mapped, with its title once it has one.
Nothing is polled by starting processes (``xdotool`` in a loop would itself load the two cores it measures).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import select
import time
from dataclasses import dataclass, field

_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class _MapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xmap", _MapEvent), ("pad", ctypes.c_long * 24)]


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_ignore_errors = _ERROR_HANDLER(lambda _display, _error: 0)  # a window gone before its title was read


def libx11() -> ctypes.CDLL | None:
    """libX11, or None where it is not installed."""
    name = ctypes.util.find_library("X11")
    return None if name is None else ctypes.CDLL(name)


@dataclass
class MappedWindow:
    window: int
    mapped_at: float
    title: str | None = None


@dataclass
class WindowWatch:
    """The windows mapped on ``display`` since :meth:`open`, with ``time.perf_counter()`` of each map."""

    display: str
    mapped: list[MappedWindow] = field(default_factory=list)

    def open(self) -> WindowWatch:
        x = libx11()
        if x is None:
            raise OSError("libX11 is not installed")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        x.XSetErrorHandler(_ignore_errors)
        dpy = x.XOpenDisplay(self.display.encode())
        if not dpy:
            raise OSError(f"cannot open X display {self.display}")
        self._x, self._dpy = x, dpy
        x.XSelectInput(dpy, x.XDefaultRootWindow(dpy), _SUBSTRUCTURE_NOTIFY_MASK)
        x.XFlush(dpy)
        self._fd = x.XConnectionNumber(dpy)
        return self

    def close(self) -> None:
        self._x.XCloseDisplay(self._dpy)

    def clear(self) -> None:
        self.drain(0.0)
        self.mapped.clear()

    def drain(self, wait_s: float) -> None:
        """Read the events that arrive within ``wait_s`` seconds (or are already there)."""
        x, dpy = self._x, self._dpy
        if not x.XPending(dpy):
            select.select([self._fd], [], [], max(0.0, wait_s))
        event = _Event()
        while x.XPending(dpy):
            x.XNextEvent(dpy, ctypes.byref(event))
            if event.type == _MAP_NOTIFY:
                self.mapped.append(MappedWindow(int(event.xmap.window), time.perf_counter()))
        for found in self.mapped:
            if found.title is None:
                found.title = self._title(found.window)

    def _title(self, window: int) -> str | None:
        name = ctypes.c_char_p()
        if not self._x.XFetchName(self._dpy, window, ctypes.byref(name)) or not name.value:
            return None
        title = name.value.decode("utf-8", "replace")
        self._x.XFree(name)
        return title

    def wait_for(self, title_prefix: str | None, timeout_s: float) -> MappedWindow | None:
        """The first window mapped whose title starts with ``title_prefix`` (any window for None), waiting up to
        ``timeout_s`` seconds for it."""
        deadline = time.perf_counter() + timeout_s
        while True:
            for found in self.mapped:
                if title_prefix is None or (found.title or "").startswith(title_prefix):
                    return found
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self.drain(min(left, 0.005))
