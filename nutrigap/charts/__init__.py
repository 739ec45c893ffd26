"""Charts: plain functions from the engine's frames to a matplotlib ``Figure`` (no pyplot, no Qt, no database).

The window wraps a returned figure in ``FigureCanvasQTAgg``; the command line and the report save it with
:func:`save_figure`. Every chart takes ``theme="light"`` or ``"dark"``.
"""

from nutrigap.charts.calendar import calendar_heatmap_figure
from nutrigap.charts.export import FORMATS, chart_format, figure_png, save_figure
from nutrigap.charts.theme import DARK, LIGHT, THEMES, Theme, get_theme
from nutrigap.charts.trend import trend_figure
from nutrigap.charts.week import week_shortfall_figure

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
