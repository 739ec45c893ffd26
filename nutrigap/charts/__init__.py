"""Charts: plain functions from the engine's frames to a matplotlib ``Figure`` (no pyplot, no Qt, no database).

The window wraps a returned figure in ``FigureCanvasQTAgg``; the command line and the report save it with
:func:`save_figure`. Every chart takes ``theme="light"`` or ``"dark"``.

The names below are imported when first used (PEP 562), not with the package: importing one small module of
the package (``nutrigap.charts.theme``) must not import matplotlib, which took 0.5–1.7 s of
``nutrigap report day`` before issue #16.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nutrigap.charts.calendar import calendar_heatmap_figure
    from nutrigap.charts.export import FORMATS, chart_format, figure_png, save_figure
    from nutrigap.charts.theme import DARK, LIGHT, THEMES, Theme, get_theme
    from nutrigap.charts.trend import trend_figure
    from nutrigap.charts.week import week_shortfall_figure

_MODULE_OF = {
    "calendar_heatmap_figure": "calendar",
    **dict.fromkeys(("FORMATS", "chart_format", "figure_png", "save_figure"), "export"),
    **dict.fromkeys(("DARK", "LIGHT", "THEMES", "Theme", "get_theme"), "theme"),
    "trend_figure": "trend",
    "week_shortfall_figure": "week",
}

__all__ = [
    "DARK",
    "FORMATS",
    "LIGHT",
    "THEMES",
    "Theme",
    "calendar_heatmap_figure",
    "chart_format",
    "figure_png",
    "get_theme",
    "save_figure",
    "trend_figure",
    "week_shortfall_figure",
]


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
