"""The pixels of a chart's unchanging text blocks (legend, caption, subtitle), kept between draws.

These blocks are the same for every week of a profile, so on a raster renderer (Agg: PNG export, the window's
``FigureCanvasQTAgg``, the report's images) a block is drawn normally the first time, its pixels are copied from
the canvas, and later draws at the same resolution copy them back instead. Vector output (SVG, PDF) always draws
real text.

Measured benefit (``python -m benchmarks.chart_caches``, 25 weeks interleaved, 2 shared cores, 5 Dec 2026): the
week chart as a 150 dpi PNG has a median of 125-168 ms with this cache and 193-253 ms without, against the 0.4 s
target; matplotlib 3.11 hints and rasterises every glyph of the legend and caption on every draw.

Safe because: the key holds everything that decides the pixels (the block's own key from the chart: its text
and theme; the resolution; the figure's background colour), a block sits on the plain figure background (it
is neither cached nor restored where it would overlap an axes), and the cache is bounded in bytes.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: at most this many bytes of cached pixels (a week legend at 150 dpi is about 1.3 MB)
MAX_BYTES = 24 * 1024 * 1024
#: pixels kept around a block's extent, for anti-aliased edges and the frame's line
MARGIN_PX = 2


class _Entry:
    __slots__ = ("dx", "dy", "nbytes", "region")

    def __init__(self, region: Any, dx: int, dy: int, nbytes: int) -> None:
        self.region, self.dx, self.dy, self.nbytes = region, dx, dy, nbytes


class BlockCache:
    """A least-recently-used store of copied canvas regions, bounded in bytes, safe across threads."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: Hashable, entry: _Entry) -> None:
        if entry.nbytes > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._entries[key] = entry
            self._bytes += entry.nbytes
            while self._bytes > self.max_bytes:
                _key, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.nbytes

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


CACHE = BlockCache()


def _copies_pixels(renderer: RendererBase) -> bool:
    """True for a real Agg renderer (not a vector backend, and not one whose drawing is switched off while
    matplotlib measures a figure: ``_draw_disabled`` replaces the draw methods on the instance)."""
    from matplotlib.backends.backend_agg import RendererAgg

    return isinstance(renderer, RendererAgg) and "draw_text" not in vars(renderer)


def _on_background(fig: Figure, box: Bbox) -> bool:
    """True when ``box`` (display coordinates) overlaps no axes: only the figure's background is under it."""
    return not any(ax.get_visible() and ax.bbox.overlaps(box) for ax in fig.axes)


def draw_cached(
    artist: Artist,
    renderer: RendererBase,
    key: Hashable | None,
    anchor: tuple[float, float],
    draw: Callable[[RendererBase], None],
) -> None:
    """Draw ``artist`` with ``draw``, or copy its pixels from an earlier draw with the same ``key``.

    anchor : a point (display coordinates) the block is placed relative to, known without laying it out
        (a legend's anchor corner, a text's position); the block's offset from it is fixed by its content.
    """
    fig = artist.figure
    if key is None or not isinstance(fig, Figure) or not _copies_pixels(renderer):
        draw(renderer)
        return
    dpi = float(renderer.dpi)  # type: ignore[attr-defined]
    full_key = (key, dpi, to_rgba(fig.patch.get_facecolor()))
    height = float(renderer.height)  # type: ignore[attr-defined]
    ax_px, ay_px = round(anchor[0]), round(height - anchor[1])  # top-down pixel rows, as the buffer
    entry = CACHE.get(full_key)
    if entry is not None:
        region = entry.region
        x1, y1, x2, y2 = region.get_extents()
        left, top = ax_px + entry.dx, ay_px + entry.dy
        box = Bbox.from_extents(left, height - (top + y2 - y1), left + x2 - x1, height - top)
        inside = left >= 0 and top >= 0 and box.x1 <= float(renderer.width) and top + y2 - y1 <= height  # type: ignore[attr-defined]
        if inside and _on_background(fig, box):
            renderer.restore_region(region, xy=(left, top))  # type: ignore[attr-defined]
            return
    draw(renderer)
    extent = artist.get_window_extent(renderer)
    box = Bbox.from_extents(
        math.floor(extent.x0) - MARGIN_PX,
        math.floor(extent.y0) - MARGIN_PX,
        math.ceil(extent.x1) + MARGIN_PX,
        math.ceil(extent.y1) + MARGIN_PX,
    )
    width_px = float(renderer.width)  # type: ignore[attr-defined]
    inside = box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width_px and box.y1 <= height
    if not inside or not _on_background(fig, box):
        return
    region = renderer.copy_from_bbox(box)  # type: ignore[attr-defined]
    x1, y1, x2, y2 = region.get_extents()
    CACHE.put(full_key, _Entry(region, x1 - ax_px, y1 - ay_px, (x2 - x1) * (y2 - y1) * 4))


class CachedText(Text):
    """A ``Text`` whose pixels are reused between draws (see the module's docstring): for text that is the same
    on every chart, such as a subtitle or a caption."""

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible() or not self.get_text():
            super().draw(renderer)
            return
        key = (
            "text",
            self.get_text(),
            hash(self.get_fontproperties()),
            to_rgba(self.get_color()),
            self.get_rotation(),
            self.get_horizontalalignment(),
            self.get_verticalalignment(),
            getattr(self, "_linespacing", None),  # no public getter before matplotlib 3.11
        )
        anchor = self.get_transform().transform(self.get_unitless_position())
        draw_cached(self, renderer, key, (float(anchor[0]), float(anchor[1])), super().draw)


class CachedLegend(Legend):
    """A figure ``Legend`` whose pixels are reused between draws. ``cache_key`` must name what the handles look
    like (the chart and its theme); the labels and font size are added to it here."""

    def __init__(self, parent: Figure | Axes, handles: Sequence[Artist], labels: Sequence[str], *, cache_key: Hashable,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(parent, handles, labels, **kwargs)
        self.cache_key = cache_key

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible():
            return
        key = (
            "legend",
            self.cache_key,
            tuple(t.get_text() for t in self.get_texts()),
            self.get_title().get_text(),
            self.prop.get_size_in_points(),
            getattr(self, "_loc", None),
        )
        anchor = self.get_bbox_to_anchor()
        draw_cached(self, renderer, key, (float(anchor.x1), float(anchor.y1)), super().draw)
