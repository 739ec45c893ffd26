"""The chart renderer that keeps text measurements, layouts and glyph bitmaps between charts: every pixel it
writes must be the pixel matplotlib's own Agg renderer writes, whether its caches are cold or warm."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nutrigap.charts import glyph_cache
from nutrigap.charts.export import ChartCanvas
from nutrigap.charts.raster_cache import CACHE
from tests.unit.test_chart_layout import CHARTS


@pytest.fixture(autouse=True)
def empty_caches() -> Iterator[None]:
    glyph_cache.clear()
    CACHE.clear()
    yield
    glyph_cache.clear()
    CACHE.clear()


def pixels(fig: Figure, *, plain: bool, dpi: float = 150) -> np.ndarray:
    """``fig`` drawn at ``dpi`` by matplotlib's Agg canvas (``plain``) or by the chart canvas."""
    CACHE.clear()  # the legend and caption drawn for real each time, not copied from an earlier draw
    canvas = FigureCanvasAgg(fig) if plain else fig.canvas
    assert plain or isinstance(canvas, ChartCanvas)
    fig.set_dpi(dpi)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("kind", list(CHARTS))
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_charts_drawn_from_cold_and_warm_caches_match_matplotlib_pixel_for_pixel(kind: str, theme: str) -> None:
    make: Callable[[str], Figure] = CHARTS[kind]
    reference = pixels(make(theme), plain=True)
    cold = pixels(make(theme), plain=False)
    assert glyph_cache.GLYPHS.misses > 0 and glyph_cache.MEASURES.misses > 0
    glyphs, layouts, measures = (s.hits for s in (glyph_cache.GLYPHS, glyph_cache.LAYOUTS, glyph_cache.MEASURES))
    warm = pixels(make(theme), plain=False)
    # the second chart reuses what the first drew and measured
    assert glyph_cache.GLYPHS.hits > glyphs and glyph_cache.LAYOUTS.hits > layouts
    assert glyph_cache.MEASURES.hits > measures and glyph_cache.HEIGHTS.hits > 0
    assert np.array_equal(reference, cold)
    assert np.array_equal(reference, warm)


@pytest.mark.filterwarnings("ignore:Glyph 20013.*missing from font")
def test_other_resolutions_rotations_fallback_glyphs_and_plain_edges_match_too() -> None:
    def figure() -> Figure:
        fig = Figure(figsize=(4, 2))
        ChartCanvas(fig)
        fig.text(0.1, 0.5, "Not logged 12%", rotation=90, fontsize=8.5)
        fig.text(0.3, 0.5, "tilted µg", rotation=33, fontsize=11)
        fig.text(0.5, 0.7, "Magnesium 中 (fallback glyph)", fontsize=9)  # not in DejaVu Sans: matplotlib draws it
        fig.text(0.5, 0.3, "no anti-aliasing 0.5", fontsize=9, antialiased=False)
        fig.text(0.5, 0.1, "bold title", fontsize=14, fontweight="bold", style="italic")
        return fig

    for dpi in (72, 100, 150):
        reference = pixels(figure(), plain=True, dpi=dpi)
        assert np.array_equal(reference, pixels(figure(), plain=False, dpi=dpi))
        assert np.array_equal(reference, pixels(figure(), plain=False, dpi=dpi))


def test_stores_are_bounded_and_forget_the_oldest() -> None:
    store = glyph_cache._Store(max_entries=2)
    for i in range(3):
        store.put(i, str(i))
    assert len(store) == 2 and store.get(0) is None and store.get(2) == "2"
    store.get(1)  # used: now the newest
    store.put(3, "3")
    assert store.get(1) == "1" and store.get(2) is None


def test_a_changed_hinting_setting_is_followed_on_the_next_draw() -> None:
    make = CHARTS["week"]
    pixels(make("light"), plain=False)  # caches filled with the default hinting
    with mpl.rc_context({"text.hinting": "no_hinting"}):
        reference = pixels(make("light"), plain=True)
        assert np.array_equal(reference, pixels(make("light"), plain=False))
    assert not np.array_equal(reference, pixels(make("light"), plain=False))  # and back again


def test_without_the_glyph_api_text_is_drawn_by_matplotlib_and_only_measurements_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(glyph_cache, "GLYPH_API", False)  # as on a matplotlib before 3.11
    reference = pixels(CHARTS["week"]("dark"), plain=True)
    assert np.array_equal(reference, pixels(CHARTS["week"]("dark"), plain=False))
    assert len(glyph_cache.GLYPHS) == 0 and len(glyph_cache.LAYOUTS) == 0 and len(glyph_cache.MEASURES) > 0
