"""The charts' fixed layout, their reused text pixels and their PNG writer: drawn for real with Agg at the sizes
the window gives a figure, then checked for overlaps, margins, pixels and file contents."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.transforms import Bbox
from PIL import Image

from nutrigap.charts import calendar_heatmap_figure, trend_figure, week_shortfall_figure
from nutrigap.charts.export import ChartCanvas
from nutrigap.charts.layout import FlowText, Panels, text_width, wrap_to_width
from nutrigap.charts.raster_cache import CACHE, BlockCache, _Entry
from tests.unit.test_charts import MONDAY, TARGETS, make_timeline, trend_timeline, week_timeline

CHARTS: dict[str, Callable[[str], Figure]] = {
    "week": lambda theme: week_shortfall_figure(week_timeline(), TARGETS, theme=theme),
    "trend": lambda theme: trend_figure(trend_timeline(), TARGETS, overlay_water_caffeine=True, theme=theme),
    "calendar": lambda theme: calendar_heatmap_figure(
        make_timeline(dt.date(2026, 11, 1), [0.3, 1.0, None, 0.8, 1.5], twitches=[2, 0, 1, 0, 0]), TARGETS, theme=theme
    ),
}


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    CACHE.clear()
    yield
    CACHE.clear()


def png_pixels(fig: Figure, dpi: int = 150) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))


def drawn(fig: Figure) -> RendererAgg:
    """Draw ``fig`` on its Agg canvas and return the renderer (window coordinates for every box)."""
    canvas = fig.canvas
    assert isinstance(canvas, ChartCanvas)
    canvas.draw()  # type: ignore[no-untyped-call]
    return canvas.get_renderer()  # type: ignore[no-any-return, no-untyped-call]


def resized(fig: Figure, scale: float) -> Figure:
    """What the window's FigureCanvasQTAgg does on a resize: a new size in inches (here ``scale`` times the
    designed size), the same dpi, the same proportions."""
    if not hasattr(fig, "designed_size"):
        fig.designed_size = tuple(fig.get_size_inches())  # type: ignore[attr-defined]
    width, height = fig.designed_size  # type: ignore[attr-defined]
    fig.set_size_inches(width * scale, height * scale, forward=False)
    return fig


def overlaps(a: Bbox, b: Bbox, slack: float = 1.0) -> bool:
    return a.x0 < b.x1 - slack and b.x0 < a.x1 - slack and a.y0 < b.y1 - slack and b.y0 < a.y1 - slack  # type: ignore[no-any-return]


# --- text measuring and wrapping -------------------------------------------------------------------------


def test_wrap_to_width_keeps_every_line_inside_and_every_word_in_order() -> None:
    text = "Grey column: nothing logged that day (not the same as eating nothing).\nA single low day is normal."
    wrapped = wrap_to_width(text, 8.5, 3.0)
    lines = wrapped.split("\n")
    assert len(lines) == 3 and lines[2] == "A single low day is normal."  # the first paragraph broken at 3 inches
    assert all(text_width(line, 8.5) <= 3.0 for line in lines)
    assert wrapped.split() == text.split()
    assert "nothing).\nA single" in wrap_to_width(text, 8.5, 20.0)  # the paragraph break stays
    assert text_width("WWWW", 10) > text_width("iiii", 10) > 0  # measured, not counted


# --- layout at the sizes the window gives ------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CHARTS))
@pytest.mark.parametrize("scale", [0.8, 1.0, 1.43])
def test_nothing_overlaps_or_leaves_the_figure_at_window_sizes(kind: str, scale: float) -> None:
    fig = resized(CHARTS[kind]("light"), scale)
    renderer = drawn(fig)
    page = fig.bbox
    texts = [a for a in fig.get_children() if isinstance(a, FlowText)]
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]
    blocks = [t.get_window_extent(renderer) for t in texts] + [leg.get_window_extent(renderer) for leg in legends]  # type: ignore[union-attr]
    assert len(texts) >= 2 and legends  # title and caption at least, and a legend
    for box in blocks:
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1
    for i, a in enumerate(blocks):
        for b in blocks[i + 1 :]:
            assert not overlaps(a, b), (kind, scale)
    for ax in fig.axes:
        whole = ax.get_tightbbox(renderer)  # plot, tick labels, axis labels, bar labels
        assert whole is not None
        assert page.x0 - 1 <= whole.x0 and whole.x1 <= page.x1 + 1, (kind, scale, ax.get_ylabel())
        for box in blocks:
            assert not overlaps(ax.bbox, box), (kind, scale)
        for text in texts:
            assert not overlaps(whole, text.get_window_extent(renderer)), (kind, scale, text.get_text()[:30])


def test_margins_stay_in_inches_and_the_panels_take_the_rest_when_resized() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS)
    locator = fig.axes[0].get_axes_locator()
    panels = getattr(locator, "panels", None)
    assert isinstance(panels, Panels)
    sizes = []
    for scale in (1.0, 1.3):
        resized(fig, scale)
        drawn(fig)
        width, height = fig.get_size_inches()
        box = fig.axes[0].get_position()
        sizes.append((box.x0 * width, (1 - box.x1) * width, box.width * width, box.height * height))
    (left_a, right_a, w_a, h_a), (left_b, right_b, w_b, h_b) = sizes
    assert left_a == pytest.approx(left_b) and right_a == pytest.approx(right_b)  # inches, whatever the size
    assert w_b > w_a * 1.3 and h_b > h_a * 1.3  # the plots take all the new room
    twin = fig.axes[2]
    assert twin.get_position().bounds == pytest.approx(fig.axes[1].get_position().bounds)  # the twin follows


def test_title_reflows_instead_of_running_under_the_legend() -> None:
    title = "Trend 29 Dec 2025 – 4 Jan 2026: 7-day average intake and twitches, a long title on purpose"
    fig = trend_figure(trend_timeline(), TARGETS, title=title)
    drawn_title = next(a for a in fig.get_children() if isinstance(a, FlowText) and a.raw == title)
    assert fig.get_suptitle() == title  # what the window reads for its accessible name
    lines_at = {}
    for scale in (1.4, 0.8):
        renderer = drawn(resized(fig, scale))
        lines_at[scale] = drawn_title.get_text().count("\n") + 1
        assert not overlaps(drawn_title.get_window_extent(renderer), fig.legends[0].get_window_extent(renderer))
    assert lines_at[0.8] > lines_at[1.4]


# --- pixels of unchanging text, reused ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CHARTS))
def test_reused_text_pixels_are_the_pixels_drawing_gives(kind: str) -> None:
    first = png_pixels(CHARTS[kind]("dark"))  # draws everything, keeps legend / subtitle / caption
    misses = CACHE.misses
    assert len(CACHE) >= 2 and CACHE.hits == 0
    again = png_pixels(CHARTS[kind]("dark"))  # a new figure: blocks copied back
    assert CACHE.hits >= 2 and CACHE.misses == misses
    assert np.array_equal(first, again)


def test_reused_pixels_follow_theme_resolution_and_background() -> None:
    png_pixels(CHARTS["week"]("light"))
    dark_after_light = png_pixels(CHARTS["week"]("dark"))
    small_after_large = png_pixels(CHARTS["week"]("dark"), dpi=90)
    CACHE.clear()
    assert np.array_equal(dark_after_light, png_pixels(CHARTS["week"]("dark")))
    CACHE.clear()
    assert np.array_equal(small_after_large, png_pixels(CHARTS["week"]("dark"), dpi=90))
    CACHE.clear()
    fig = CHARTS["week"]("light")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", facecolor="#FFEEDD")  # another background: nothing wrong reused
    custom = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    legend_box = fig.legends[0].get_window_extent()
    corner = custom[int(custom.shape[0] - legend_box.y1) - 3, int(legend_box.x1) + 3]
    assert tuple(corner) == (0xFF, 0xEE, 0xDD)


def test_vector_output_always_has_real_text() -> None:
    png_pixels(CHARTS["week"]("light"))  # fills the cache
    svg = io.BytesIO()
    CHARTS["week"]("light").savefig(svg, format="svg")
    assert b"Possibly missing data" in svg.getvalue() and b"Association is not cause" in svg.getvalue()


def test_block_cache_is_bounded_and_forgets_the_oldest() -> None:
    cache = BlockCache(max_bytes=1000)
    for i in range(4):
        cache.put(i, _Entry(object(), 0, 0, 400))
    assert len(cache) == 2 and cache.get(0) is None and cache.get(3) is not None
    cache.put("huge", _Entry(object(), 0, 0, 5000))
    assert cache.get("huge") is None


def test_a_legend_over_a_plot_is_never_reused() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS)
    legend = fig.legends[0]
    assert isinstance(legend, Legend)
    legend.set_bbox_to_anchor((0.5, 0.5), transform=fig.transFigure)  # moved over the bars
    png_pixels(fig)
    assert all(key[0][0] != "legend" for key in CACHE._entries)  # type: ignore[index]


# --- PNG files ---------------------------------------------------------------------------------------------


def test_png_is_rgb_with_the_same_pixels_and_rgba_when_transparent() -> None:
    fig = calendar_heatmap_figure(make_timeline(MONDAY, [1.0, 0.5]), TARGETS)
    ours = io.BytesIO()
    fig.savefig(ours, format="png", dpi=100, metadata={"Software": "NutriGap test"})
    image = Image.open(io.BytesIO(ours.getvalue()))
    assert image.mode == "RGB" and image.info["Software"] == "NutriGap test"
    assert image.info["dpi"] == pytest.approx((100, 100), abs=0.01)
    # matplotlib's own writer (the plain Agg canvas) gives the same picture with an alpha channel of 255s
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    plain = io.BytesIO()
    CACHE.clear()
    FigureCanvasAgg(fig).print_png(plain)  # type: ignore[no-untyped-call]
    reference = Image.open(io.BytesIO(plain.getvalue()))
    assert reference.mode == "RGBA"
    assert np.array_equal(np.asarray(reference.convert("RGB")), np.asarray(image))
    see_through = io.BytesIO()
    calendar_heatmap_figure(make_timeline(MONDAY, [1.0, 0.5]), TARGETS).savefig(
        see_through, format="png", transparent=True
    )
    assert Image.open(io.BytesIO(see_through.getvalue())).mode == "RGBA"
