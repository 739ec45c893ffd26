"""Charts: plain functions from the engine's frames to a matplotlib ``Figure`` (no pyplot, no Qt, no database).

The window wraps a returned figure in ``FigureCanvasQTAgg``; the command line and the report save it with
:func:`save_figure`. Every chart takes ``theme="light"`` or ``"dark"``.
"""

from nutrigap.charts.calendar import calendar_heatmap_figure
from nutrigap.charts.common import UNKNOWN_SHARE_FLAG, daily_adequacy
from nutrigap.charts.export import FORMATS, chart_format, figure_png, save_figure
from nutrigap.charts.theme import DARK, LIGHT, THEMES, Theme, get_theme
from nutrigap.charts.trend import rolling_intake, trend_figure
from nutrigap.charts.week import week_shortfall_figure

__all__ = [
    "DARK",
    "FORMATS",
    "LIGHT",
    "THEMES",
    "UNKNOWN_SHARE_FLAG",
    "Theme",
    "calendar_heatmap_figure",
    "chart_format",
    "daily_adequacy",
    "figure_png",
    "get_theme",
    "rolling_intake",
    "save_figure",
    "trend_figure",
    "week_shortfall_figure",
]
