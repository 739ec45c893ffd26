"""A fixed chart layout in inches, without a matplotlib layout engine (which would make ``savefig`` draw every
figure twice; see README, "How the charts stay fast").

The space around the plots is computed from the known font sizes and from widths of the labels measured once
(and cached across charts), and each axes' box is worked out at draw time from the figure's size at that moment:
a figure the window resizes keeps its margins in inches and its panels take the rest.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation, Transform

from nutrigap.charts.raster_cache import CachedText

#: inches per typographic point
PT = 1.0 / 72.0
#: matplotlib's default line spacing of multi-line text (a multiple of the font size)
LINE_SPACING = 1.2
#: widths measured at 72 dpi come out a little narrower than hinted text at screen and print resolutions
WIDTH_SLACK = 1.04
#: the thinnest panel drawn [in], so a window made very small never produces a negative box
MIN_PANEL = 0.2

_measure_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _measuring_renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, 72)  # type: ignore[no-untyped-call]  # at 72 dpi one pixel is one point


@functools.lru_cache(maxsize=8192)
def _line_width_pt(line: str, size: float, weight: str, family: str) -> float:
    if not line:
        return 0.0
    prop = FontProperties(family=family, size=size, weight=weight)
    with _measure_lock:  # one FreeType face per thread in matplotlib, but the cache and renderer are shared
        width, _height, _descent = _measuring_renderer().get_text_width_height_descent(line, prop, ismath=False)
    return float(width)


def text_width(text: str, size: float, *, weight: str = "normal", family: str = "DejaVu Sans") -> float:
    """Width [in] of ``text`` (the longest of its lines) at ``size`` [pt], measured with FreeType and cached."""
    return max(_line_width_pt(line, size, weight, family) for line in text.split("\n")) * PT * WIDTH_SLACK


def text_height(text: str, size: float, *, linespacing: float = LINE_SPACING) -> float:
    """Height [in] of ``text`` at ``size`` [pt]: one line per line of text."""
    return (text.count("\n") + 1) * size * linespacing * PT


def wrap_to_width(
    text: str, size: float, width_in: float, *, weight: str = "normal", family: str = "DejaVu Sans"
) -> str:
    """``text`` broken into lines no wider than ``width_in`` [in] at ``size`` [pt]; newlines in ``text`` start
    a new paragraph. Words are measured one by one (cached), so this costs nothing after the first chart."""
    space = _line_width_pt(" ", size, weight, family)
    limit = width_in / (PT * WIDTH_SLACK)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split():
            w = _line_width_pt(word, size, weight, family)
            if line and used + space + w > limit:
                out.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + w
            line.append(word)
        out.append(" ".join(line))
    return "\n".join(out)


def inches_from(fig: Figure, x: float, y: float, dx_in: float, dy_in: float) -> tuple[tuple[float, float], Transform]:
    """A position and transform for an artist placed ``(dx_in, dy_in)`` inches from the point ``(x, y)`` of
    the figure (in figure fractions): it stays that far from the edge however the figure is resized."""
    return (x, y), fig.transFigure + ScaledTranslation(dx_in, dy_in, fig.dpi_scale_trans)


class FlowText(CachedText):
    """Text that keeps a fixed distance [in] from the figure's top or bottom edge and is wrapped to the width
    available at draw time: the window may resize the figure, and the text then re-flows instead of running
    off the edge or under the legend.

    width : the width [in] the text may take, given the figure's width [in].
    offset : its distance [in] from the left edge and from the top (``edge="top"``) or bottom edge, given the
        figure's width (a subtitle sits under a title that may have wrapped).
    cache : keep its pixels between draws (only for text that repeats from chart to chart).
    """

    def __init__(
        self,
        fig: Figure,
        raw: str,
        *,
        size: float,
        width: Callable[[float], float],
        offset: Callable[[float], tuple[float, float]],
        edge: str = "top",
        weight: str = "normal",
        linespacing: float = LINE_SPACING,
        cache: bool = True,
        **kwargs: Any,
    ) -> None:
        self.raw, self.size, self.weight, self.edge, self.cache = raw, size, weight, edge, cache
        self.width_at, self.offset_at = width, offset
        self.linespacing_value = linespacing
        self._placed: tuple[float, float] | None = None
        self._wrapped_for: tuple[float, str] | None = None
        super().__init__(
            0.0,
            1.0 if edge == "top" else 0.0,
            self.wrapped(fig.get_figwidth()),
            fontsize=size,
            fontweight=weight,
            ha="left",
            va="top" if edge == "top" else "bottom",
            linespacing=linespacing,
            **kwargs,
        )
        self.set_figure(fig)
        self._place(fig)

    def wrapped(self, fig_width_in: float) -> str:
        # asked several times a draw (its own box, the panels' boxes): remember the last width's answer
        if self._wrapped_for is None or self._wrapped_for[0] != fig_width_in:
            text = wrap_to_width(self.raw, self.size, max(1.0, self.width_at(fig_width_in)), weight=self.weight)
            self._wrapped_for = (fig_width_in, text)
        return self._wrapped_for[1]

    def height_in(self, fig_width_in: float) -> float:
        """The height [in] the text takes at this figure width."""
        return text_height(self.wrapped(fig_width_in), self.size, linespacing=self.linespacing_value)

    def _place(self, fig: Figure) -> None:
        width = float(fig.get_figwidth())
        text = self.wrapped(width)
        if text != self.get_text():  # only after a resize: keeps the artist clean otherwise
            self.set_text(text)
        dx, dy = self.offset_at(width)
        if (dx, dy) != self._placed:
            self._placed = (dx, dy)
            _xy, transform = inches_from(fig, 0.0, 0.0, dx, -dy if self.edge == "top" else dy)
            self.set_transform(transform)

    def draw(self, renderer: RendererBase) -> None:
        figure = self.figure
        if isinstance(figure, Figure):
            self._place(figure)
        if self.cache:
            super().draw(renderer)
        else:
            Text.draw(self, renderer)


def caption_room(caption: FlowText, fig_width_in: float) -> float:
    """The height [in] a bottom-edge text takes, its distance from the edge included."""
    return caption.height_in(fig_width_in) + caption.offset_at(fig_width_in)[1]


@dataclass
class Header:
    """A title and an optional subtitle from the figure's top-left corner, both wrapped to the width left of
    ``right`` [in] (the legend's column)."""

    fig: Figure
    title: FlowText
    subtitle: FlowText | None
    pad: float
    gap: float = 0.04

    def height_in(self, fig_width_in: float) -> float:
        """The height [in] title and subtitle take from the top edge, the edge's padding included."""
        used = self.pad + self.title.height_in(fig_width_in)
        if self.subtitle is not None:
            used += self.gap + self.subtitle.height_in(fig_width_in)
        return used


@dataclass
class Panels:
    """Axes stacked in rows inside fixed margins [in].

    left, right, top, bottom : space [in] kept free at each edge for labels and the legend; the header's
        height is added to ``top`` and the caption's to ``bottom`` (both depend on the figure's width).
    ratios : relative heights of the rows; gaps : space [in] above each row after the first (its title).
    """

    fig: Figure
    left: float
    right: float
    top: float
    bottom: float
    ratios: Sequence[float]
    gaps: Sequence[float] = ()
    header: Header | None = None
    caption: FlowText | None = None
    axes: list[Axes] = field(default_factory=list)

    def box(self, row: int) -> Bbox:
        """The box of ``row`` in figure fractions at the figure's current size."""
        width, height = (float(v) for v in self.fig.get_size_inches())
        bottom = self.bottom + (caption_room(self.caption, width) if self.caption is not None else 0.0)
        top = self.top + (self.header.height_in(width) if self.header is not None else 0.0)
        gaps = list(self.gaps) + [0.0] * (len(self.ratios) - 1 - len(self.gaps))
        free = max(MIN_PANEL * len(self.ratios), height - top - bottom - sum(gaps))
        total = float(sum(self.ratios))
        top = height - top
        for i, ratio in enumerate(self.ratios):
            if i > 0:
                top -= gaps[i - 1]
            panel = free * ratio / total
            if i == row:
                x0 = self.left / width
                x1 = max(x0 + MIN_PANEL / width, 1.0 - self.right / width)
                return Bbox.from_extents(x0, (top - panel) / height, x1, top / height)
            top -= panel
        raise IndexError(row)

    def add(self, row: int, **kwargs: Any) -> Axes:
        """A new axes in ``row``, placed by :meth:`box` at every draw."""
        ax = self.fig.add_axes(self.box(row).bounds, axes_locator=_RowLocator(self, row), **kwargs)
        self.axes.append(ax)
        return ax

    def twin(self, ax: Axes) -> Axes:
        """The right-hand twin of ``ax`` (shared x), kept in the same box."""
        twin = ax.twinx()
        twin.set_axes_locator(ax.get_axes_locator())
        return twin


@dataclass(frozen=True)
class _RowLocator:
    panels: Panels
    row: int

    def __call__(self, ax: Axes, renderer: RendererBase | None) -> Bbox:
        return self.panels.box(self.row)


def legend_width(labels: Sequence[str], fontsize: float, *, title: str | None = None) -> float:
    """Width [in] of a one-column legend with matplotlib's default paddings (rcParams legend.*)."""
    widest = max(text_width(label, fontsize) for label in labels)
    if title:
        widest = max(widest, text_width(title, fontsize))
    # border pad 0.4 on each side, handle 2.0, handle-to-text 0.8 (in font sizes), frame line
    return widest + (2 * 0.4 + 2.0 + 0.8) * fontsize * PT + 0.03


def tick_label_width(ax: Axes, fontsize: float, which: str = "y") -> float:
    """Width [in] of the widest major tick label ``ax`` will show at its current limits (computed with its
    locator and formatter, not drawn)."""
    axis = ax.yaxis if which == "y" else ax.xaxis
    low, high = sorted(axis.get_view_interval())
    locs = [v for v in axis.get_major_locator()() if low - 1e-9 * abs(high - low) <= v <= high + 1e-9 * abs(high - low)]
    labels = axis.get_major_formatter().format_ticks(locs)
    return max((text_width(label, fontsize) for label in labels if label), default=0.0)
