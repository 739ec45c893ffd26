"""An Agg renderer that remembers text measurements, text layouts and glyph bitmaps from one chart to the next.

Why: every chart is a new ``Figure`` with a new canvas and so a new ``RendererAgg``, and matplotlib keys its
text-metrics cache on the renderer, so every chart measured each of its strings again (the tick labels, axis
labels and day names are the same from week to week). On matplotlib 3.11 text is also drawn glyph by glyph:
each string is shaped (libraqm) and each glyph hinted and rasterised by FreeType at its sub-pixel position, on
every draw. Those results depend only on the font file, size, resolution, hinting and (for a glyph) the angle
and the position's fraction of a pixel, so they can be kept for the process:

- measurements (``get_text_width_height_descent``) by string, font properties, resolution and hinting, and
  the font's ascent, descent and line gap that ``Text`` reads for every text it lays out;
- layouts (``FT2Font._layout``: which glyph goes where in a string) by string, font files, size, resolution,
  hinting, font features and language;
- glyph bitmaps by font file, size, resolution, hinting, anti-aliasing, angle, glyph and the 1/64-pixel
  fraction of its position. A glyph moved by whole pixels is the same bitmap moved by those pixels (FreeType
  rasterises in 26.6 fixed point), so the pixels written are exactly those matplotlib writes; the tests compare
  whole charts pixel for pixel with and without this renderer.

The drawing half uses matplotlib 3.11's private glyph API (``FT2Font._layout``, ``_set_transform``,
``_render_glyph``); on a matplotlib without it the renderer draws text as ``RendererAgg`` does and only the
measurements are remembered. Mathtext and TeX always go through matplotlib.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.ft2font import FT2Font

try:
    from matplotlib.ft2font import RenderMode
except ImportError:  # matplotlib before 3.10
    RenderMode = None  # type: ignore[assignment,misc]

#: matplotlib 3.11's glyph-by-glyph text API, which the drawing half of the cache needs
GLYPH_API = RenderMode is not None and all(
    hasattr(FT2Font, name) for name in ("_layout", "_set_transform", "_render_glyph")
)

#: entries kept per store; a glyph bitmap is a few hundred bytes, a layout a few dozen tuples
MAX_MEASURES = 8192
MAX_LAYOUTS = 4096
MAX_GLYPHS = 16384


class _Store:
    """A bounded least-recently-used mapping, safe across threads (charts are built on worker threads)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
            else:
                self._data.move_to_end(key)
                self.hits += 1
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


MEASURES = _Store(MAX_MEASURES)
HEIGHTS = _Store(256)
LAYOUTS = _Store(MAX_LAYOUTS)
GLYPHS = _Store(MAX_GLYPHS)


def clear() -> None:
    """Forget everything remembered (tests; a changed font configuration)."""
    for store in (MEASURES, HEIGHTS, LAYOUTS, GLYPHS):
        store.clear()


def _rc_key() -> tuple[Any, ...]:
    """The global settings that change how FreeType lays out and draws a string (``get``: some are deprecated
    and will go)."""
    rc = mpl.rcParams
    flag = get_hinting_flag()  # type: ignore[no-untyped-call]
    return (flag, *(rc.get(name) for name in ("text.hinting_factor", "text.kerning_factor", "font.enable_last_resort")))


_matrices: dict[float, Any] = {}


def _matrix(angle: float) -> Any:
    """FreeType's 16.16 rotation matrix for ``angle`` [degrees], computed as matplotlib computes it."""
    matrix = _matrices.get(angle)
    if matrix is None:
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[1.0, 0.0], [0, 1]]).round().astype(int)
        _matrices[angle] = matrix
    return matrix


def _hashable(value: Any) -> Hashable:
    if value is None or isinstance(value, str):
        return value
    return tuple(tuple(v) if isinstance(v, list) else v for v in value)


class ChartRenderer(RendererAgg):
    """``RendererAgg`` with text measurements, layouts and glyph bitmaps kept across figures (see the module's
    docstring). Everything else is drawn by ``RendererAgg``."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)  # type: ignore[no-untyped-call]
        self._rc = _rc_key()

    def clear(self) -> None:
        # called at the start of every draw: settings changed since the last one are picked up here, and
        # reading them once a draw instead of once a string saves thousands of rcParams look-ups
        super().clear()  # type: ignore[no-untyped-call]
        self._rc = _rc_key()

    def get_text_width_height_descent(self, s: str, prop: FontProperties, ismath: Any) -> tuple[float, float, float]:
        if ismath is not False:
            return super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call,no-any-return]
        # FontProperties compares by this hash; matplotlib's own (per-renderer) cache keys on it the same way
        key = (s, hash(prop), float(self.dpi), self._rc)
        found = MEASURES.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call]
            MEASURES.put(key, found)
        return found  # type: ignore[no-any-return]

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[float | None, float | None, float | None]:
        """The ascent, descent and line gap [pixels] of the font of ``prop``: what ``Text._get_layout`` of
        matplotlib 3.11 reads from the font's OS/2 (else hhea) table for every text it lays out, computed the
        same way (at the renderer's resolution, which is the figure's while it draws) and remembered. This is
        the hook matplotlib's PDF and PostScript renderers answer; None for any value lets matplotlib measure."""
        if not GLYPH_API:
            return None, None, None
        key = (hash(prop), float(self.dpi), self._rc)
        found = HEIGHTS.get(key)
        if found is None:
            found = (None, None, None)
            font: Any = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap_key, ascent_key, descent_key in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                # the same arithmetic, in the same order, as matplotlib's: the same floats, the same layout
                scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * self.dpi / 72
                found = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
                break
            HEIGHTS.put(key, found)
        return found  # type: ignore[no-any-return]

    def draw_text(
        self, gc: Any, x: float, y: float, s: str, prop: FontProperties, angle: float, ismath: Any = False,
        mtext: Any = None,
    ) -> None:  # fmt: skip
        if ismath or not GLYPH_API:
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)  # type: ignore[no-untyped-call]
            return
        rc = self._rc
        flags = rc[0]
        paths = tuple(fontManager._find_fonts_by_props(prop))
        size = prop.get_size_in_points()
        dpi = float(self.dpi)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        font: Any = None
        layout_key = (s, paths, size, dpi, rc, _hashable(features), _hashable(language))
        layout = LAYOUTS.get(layout_key)
        if layout is None:
            font = self._font(paths, size)
            items = font._layout(s, flags=flags, features=features, language=language)
            if any(item.ft_object is not font for item in items):
                # a glyph from a fallback font: drawn by matplotlib, not remembered
                self._draw_text_glyphs_and_boxes(  # type: ignore[no-untyped-call]
                    gc, x, y, angle, ((i.ft_object, size, i.glyph_index, 0, 1, i.x, i.y) for i in items), []
                )
                return
            layout = tuple((item.glyph_index, item.x, item.y) for item in items)
            LAYOUTS.put(layout_key, layout)
        antialiased = bool(gc.get_antialiased())
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        height = self.height
        base = int(height)
        font_key = (paths, size, dpi, rc, antialiased, angle)
        draw_image = self._renderer.draw_text_image
        for glyph_index, dx, dy in layout:
            # the glyph's origin in FreeType's 26.6 fixed point (y upwards), as matplotlib places it, split into
            # whole pixels and the fraction of a pixel that decides the bitmap
            ix, fx = divmod(round(0x40 * (x + dx * cos - dy * sin)), 0x40)
            iy, fy = divmod(round(0x40 * (height - y + dx * sin + dy * cos)), 0x40)
            glyph_key = (font_key, glyph_index, fx, fy)
            glyph = GLYPHS.get(glyph_key)
            if glyph is None:
                if font is None:
                    font = self._font(paths, size)
                font.set_size(size, dpi)
                font._set_transform(_matrix(angle), [fx, fy])
                bitmap = font._render_glyph(glyph_index, flags, mode)
                buffer = np.array(bitmap.buffer, copy=True)
                if not antialiased:
                    buffer *= 0xFF
                glyph = (buffer, bitmap.left, bitmap.top)
                GLYPHS.put(glyph_key, glyph)
            buffer, left, top = glyph
            draw_image(buffer, left + ix, base - (top + iy) + buffer.shape[0], 0, gc)

    def _font(self, paths: tuple[Any, ...], size: float) -> Any:
        # as RendererAgg._prepare_font, for the font files already found
        font = get_font(paths)
        font.clear()
        font.set_size(size, self.dpi)
        return font


def caching_renderer(canvas: FigureCanvasAgg) -> RendererAgg:
    """What ``FigureCanvasAgg.get_renderer`` answers, with a :class:`ChartRenderer`: for any Agg canvas (the
    charts' own and the window's ``FigureCanvasQTAgg``); a new renderer when the size or resolution changed."""
    width, height = canvas.get_width_height(physical=True)
    key = width, height, canvas.figure.dpi
    if canvas._lastKey != key:  # the attributes FigureCanvasAgg.get_renderer keeps
        canvas.renderer = ChartRenderer(width, height, canvas.figure.dpi)
        canvas._lastKey = key
    return canvas.renderer  # type: ignore[no-any-return]
