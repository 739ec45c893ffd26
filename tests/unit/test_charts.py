"""Charts from hand-built timelines: series, axes, labels, legends, themes, not-logged days and file output."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from nutrigap.charts import (
    DARK,
    LIGHT,
    calendar_heatmap_figure,
    get_theme,
    save_figure,
    trend_figure,
    week_shortfall_figure,
)
from nutrigap.domain.diary import DEFAULT_PROFILE
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.wording import format_period
from nutrigap.engine.daily import UNKNOWN_SHARE_FLAG, daily_adequacy, rolling_intake
from nutrigap.engine.targets import targets_for

MONDAY = dt.date(2026, 11, 23)
TARGETS = targets_for(DEFAULT_PROFILE, MONDAY)  # woman 35: Mg RDA 320 / EAR 265, Ca 1000/800, K AI 2600, D 15/10
# fraction of each target eaten per day (None: nothing logged that day)
WEEK_FRACTIONS: list[float | None] = [0.5, 1.2, None, 0.9, 1.0, 2.6, 0.7]


def make_timeline(start: dt.date, fractions: list[float | None], twitches: list[int] | None = None) -> pd.DataFrame:
    """A timeline like load_timeline's: every nutrient at ``fraction`` of its target on logged days."""
    days = [start + dt.timedelta(days=i) for i in range(len(fractions))]
    frame = pd.DataFrame(index=pd.Index(days, name="day"))
    frame["entries"] = [0 if f is None else 6 for f in fractions]
    frame["grams"] = [0.0 if f is None else 1500.0 for f in fractions]
    for nutrient in TRACKED:
        target = TARGETS[nutrient].target
        frame[nutrient.value] = [np.nan if f is None else f * target for f in fractions]
        frame[f"{nutrient.value}_unknown_share"] = [np.nan if f is None else 0.05 for f in fractions]
    frame["energy"] = 1800.0
    counts = twitches or [0] * len(days)
    frame["twitches"] = counts
    frame["twitch_max_intensity"] = [float(2 + c) if c else np.nan for c in counts]
    frame["twitch_mean_intensity"] = frame["twitch_max_intensity"]
    frame["water_ml"] = [1500.0 + 100 * i for i in range(len(days))]
    frame["caffeine_mg"] = [100.0 + 20 * i for i in range(len(days))]
    frame["sleep_h"] = 7.0
    frame["stress"] = 2
    frame["exercise_min"] = 30.0
    return frame


def week_timeline() -> pd.DataFrame:
    frame = make_timeline(MONDAY, WEEK_FRACTIONS, twitches=[3, 0, 1, 0, 0, 0, 2])
    frame.loc[MONDAY + dt.timedelta(days=3), "calcium_unknown_share"] = 0.8  # Thursday: mostly unknown calcium
    return frame


def by_gid(ax: Axes, gid: str) -> list[Any]:
    """The artists with this gid (bars, lines, texts: a test picks the kind it knows the gid stands for)."""
    return [a for a in ax.get_children() if a.get_gid() == gid]


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text") and hasattr(a, "get_position"))]  # type: ignore[attr-defined]


# --- week ---------------------------------------------------------------------------------------------------


def test_week_chart_has_a_bar_per_day_and_nutrient_in_percent_of_target() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS)
    ax, axt = fig.axes[0], fig.axes[1]
    assert "Week of 23–29 Nov 2026" in fig.get_suptitle()
    assert "%" in ax.get_ylabel() and "episodes" in axt.get_ylabel().lower()
    assert axt.get_xticklabels()[0].get_text() == "Mon\n23 Nov"
    for nutrient in TRACKED:
        bars = by_gid(ax, f"bars-{nutrient.value}")
        assert len(bars) == 7
        heights = [b.get_height() for b in bars if b.get_visible()]
        # Saturday's 260 % is cut at the cap (200 %) and labelled; the rest are drawn to scale
        assert heights == pytest.approx([50.0, 120.0, 90.0, 100.0, 200.0, 70.0])
    assert "260%" in texts(fig)
    target_line = by_gid(ax, "target-line")[0]
    assert list(target_line.get_ydata()) == [100.0, 100.0]


def test_week_chart_marks_ear_and_hatches_shortfalls() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS)
    ax = fig.axes[0]
    magnesium = by_gid(ax, "bars-magnesium")
    monday, tuesday = magnesium[0], magnesium[1]
    assert monday.get_hatch() == "////"  # 50 % is below the EAR (265/320 = 83 %)
    assert tuesday.get_hatch() is None
    potassium_monday = by_gid(ax, "bars-potassium")[0]
    assert potassium_monday.get_hatch() is None  # potassium has no EAR: below the AI is faded, never "short"
    assert potassium_monday.get_alpha() == pytest.approx(0.55)
    ear_marks = by_gid(ax, "ear-mark")
    assert len(ear_marks) == 4  # one collection per nutrient with an EAR: not potassium
    segments = ear_marks[0].get_segments()
    assert len(segments) == 6  # six logged days: no EAR mark on the day with nothing logged
    assert segments[0][0][1] == pytest.approx(100 * 265 / 320)


def test_week_chart_shows_not_logged_days_apart_from_low_days() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS)
    ax, axt = fig.axes[0], fig.axes[1]
    spans = by_gid(ax, "not-logged")
    assert len(spans) == 1 and len(by_gid(axt, "not-logged")) == 1
    assert spans[0].get_x() < 2 < spans[0].get_x() + spans[0].get_width()  # Wednesday
    assert "Not logged" in texts(fig)
    assert all(not by_gid(ax, f"bars-{n.value}")[2].get_visible() for n in TRACKED)
    # a low day is a drawn bar, a missing day is not
    assert by_gid(ax, "bars-magnesium")[0].get_visible()


def test_week_chart_flags_days_resting_on_unknown_values_and_draws_twitches() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS)
    ax, axt = fig.axes[0], fig.axes[1]
    flags = by_gid(ax, "possibly-missing")
    assert len(flags) == 1 and flags[0].get_text() == "?"
    assert flags[0].get_position()[0] == pytest.approx(3 + (1 - 2) * 0.82 / 5)  # Thursday, calcium's slot
    twitch_bars = by_gid(axt, "twitch-count")
    assert [b.get_height() for b in twitch_bars] == [3, 0, 1, 0, 0, 0, 2]
    intensity = fig.axes[2].get_lines()[0]
    assert intensity.get_gid() == "twitch-intensity"
    assert list(np.nan_to_num(intensity.get_ydata())) == [5.0, 0, 3.0, 0, 0, 0, 4.0]


def test_week_legend_names_nutrients_with_targets_and_every_mark() -> None:
    labels = [t.get_text() for t in week_shortfall_figure(week_timeline(), TARGETS).legends[0].get_texts()]
    assert "Magnesium\n(RDA 320 mg, EAR 265 mg)" in labels
    assert "Potassium\n(AI 2,600 mg)" in labels
    for mark in ("EAR (average requirement)", "Hatched: below EAR", "Not logged", "Possibly missing data"):
        assert mark in labels
    iu = week_shortfall_figure(week_timeline(), TARGETS, vitamin_d_unit="IU").legends[0].get_texts()
    assert "Vitamin D\n(RDA 600 IU, EAR 400 IU)" in [t.get_text() for t in iu]


def test_week_chart_leaves_days_to_come_blank() -> None:
    fig = week_shortfall_figure(week_timeline(), TARGETS, today=MONDAY + dt.timedelta(days=1))
    assert "To come" in texts(fig)
    assert len(by_gid(fig.axes[0], "not-logged")) == 0  # Wednesday is after 'today': not a missed day


# --- trend --------------------------------------------------------------------------------------------------


def trend_timeline() -> pd.DataFrame:
    fractions: list[float | None] = [0.6] * 10 + [None, None, None] + [1.1] * 15
    return make_timeline(dt.date(2026, 10, 26), fractions, twitches=[2] * 10 + [0] * 18)


def test_rolling_intake_needs_four_logged_days_in_seven() -> None:
    frame = make_timeline(MONDAY, [1.0, 1.0, 1.0, None, None, None, None, 0.5, 0.5])
    rolling = rolling_intake(frame)["magnesium"]
    assert rolling.iloc[:3].isna().all()  # fewer than four days so far
    assert rolling.iloc[6] is not None and math.isnan(rolling.iloc[6])  # 3 logged of the last 7
    # day 8: last seven days hold 1.0, 0.5, 0.5 logged... only three: not drawn; day 9 would need a fourth
    assert math.isnan(rolling.iloc[8])
    full = rolling_intake(make_timeline(MONDAY, [1.0, 0.5, 1.0, 0.5, 1.0, 0.5, 1.0]))["magnesium"]
    assert full.iloc[6] == pytest.approx(320 * (4 * 1.0 + 3 * 0.5) / 7)
    assert full.iloc[3] == pytest.approx(320 * 0.75)


def test_trend_chart_has_a_panel_per_nutrient_and_twitches_on_a_shared_date_axis() -> None:
    timeline = trend_timeline()
    fig = trend_figure(timeline, TARGETS, display_from=dt.date(2026, 11, 1))
    main = [a for a in fig.axes if a.get_title(loc="left")]
    titles = [a.get_title(loc="left") for a in main]
    assert titles[0] == "Magnesium  (RDA 320 mg, EAR 265 mg)" and titles[5] == "Twitch episodes"
    assert len(main) == 6 and "Water and caffeine" not in titles
    assert main[0].get_ylabel() == "mg/day" and main[3].get_ylabel() == "µg/day"
    assert all(a.get_shared_x_axes().joined(main[0], a) for a in main)
    line = by_gid(main[0], "rolling-magnesium")[0]
    x = line.get_xdata()
    assert x[0] == np.datetime64("2026-11-01") and len(x) == 22  # the lead-in days feed the average only
    expected = rolling_intake(timeline)["magnesium"].loc[dt.date(2026, 11, 1) :].to_numpy()
    np.testing.assert_allclose(line.get_ydata(), expected, equal_nan=True)
    assert by_gid(main[0], "target-line")[0].get_ydata()[0] == 320
    assert by_gid(main[0], "ear-line")[0].get_ydata()[0] == 265
    assert by_gid(main[2], "ear-line") == []  # potassium: AI only
    assert len(by_gid(main[0], "not-logged")) == 1  # the three empty days are one grey band
    assert "Trend 1–22 Nov 2026" in fig.get_suptitle()
    ticks = [t.get_text() for t in main[-1].get_xticklabels()]
    assert ticks[0] == "Mon\n2 Nov"


def test_trend_chart_overlays_water_and_caffeine_and_shows_vitamin_d_in_iu() -> None:
    fig = trend_figure(trend_timeline(), TARGETS, overlay_water_caffeine=True, vitamin_d_unit="IU")
    panel = next(a for a in fig.axes if a.get_title(loc="left") == "Water and caffeine")
    water = by_gid(panel, "water")[0]
    assert water.get_ydata()[0] == pytest.approx(1.5)  # litres
    caffeine = next(line for a in fig.axes for line in a.get_lines() if line.get_gid() == "caffeine")
    assert caffeine.get_ydata()[0] == pytest.approx(100.0)  # type: ignore[index]
    vitamin_d = next(a for a in fig.axes if a.get_title(loc="left").startswith("Vitamin D"))
    assert vitamin_d.get_ylabel() == "IU/day" and "RDA 600 IU" in vitamin_d.get_title(loc="left")
    assert by_gid(vitamin_d, "target-line")[0].get_ydata()[0] == 600
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Water (L)" in labels and "Caffeine (mg)" in labels and "7-day average" in labels


# --- calendar -----------------------------------------------------------------------------------------------


def test_calendar_colours_days_by_adequacy_and_marks_twitch_days() -> None:
    timeline = make_timeline(dt.date(2026, 11, 1), [0.3, 1.0, None, 0.8, 1.5], twitches=[2, 0, 1, 0, 0])
    adequacy = daily_adequacy(timeline, TARGETS)
    assert list(adequacy.round(1).fillna(-1)) == [30.0, 100.0, -1, 80.0, 100.0]  # surplus capped at 100 %
    fig = calendar_heatmap_figure(timeline, TARGETS)
    ax = fig.axes[0]
    cells = {p.get_gid(): p for p in ax.patches if isinstance(p, Rectangle) and (p.get_gid() or "").startswith("day-")}
    assert len(cells) == 5
    low, full, missing = cells["day-2026-11-01"], cells["day-2026-11-02"], cells["day-2026-11-03"]
    assert to_hex(low.get_facecolor()) != to_hex(full.get_facecolor())
    assert missing.get_hatch() == "xx" and to_hex(missing.get_facecolor()) == LIGHT.not_logged.lower()
    assert low.get_xy() == (6, 0) and full.get_xy() == (0, 1)  # 1 Nov 2026 is a Sunday; weeks start Monday
    assert len(by_gid(ax, "twitch-marker")) == 2
    assert "Adequacy" in fig.axes[1].get_ylabel()  # the colour bar
    assert fig.get_suptitle() == f"Adequacy by day, {format_period(dt.date(2026, 11, 1), dt.date(2026, 11, 5))}"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_calendar_leaves_future_days_empty() -> None:
    timeline = make_timeline(dt.date(2026, 11, 1), [1.0, None, None])
    fig = calendar_heatmap_figure(timeline, TARGETS, today=dt.date(2026, 11, 2))
    cells = {p.get_gid(): p for p in fig.axes[0].patches}
    assert cells["day-2026-11-02"].get_hatch() == "xx"  # today, nothing logged yet: shown as not logged
    assert cells["day-2026-11-03"].get_facecolor()[3] == 0  # type: ignore[misc]  # tomorrow: an empty outline


# --- themes and files ---------------------------------------------------------------------------------------


def test_dark_theme_changes_background_text_and_colours() -> None:
    light = week_shortfall_figure(week_timeline(), TARGETS, theme="light")
    dark = week_shortfall_figure(week_timeline(), TARGETS, theme="dark")
    assert to_hex(light.get_facecolor()) == LIGHT.background.lower()
    assert to_hex(dark.get_facecolor()) == DARK.background.lower()
    assert to_hex(dark.axes[0].get_facecolor()) == DARK.axes_background.lower()
    assert to_hex(dark.axes[0].yaxis.label.get_color()) == DARK.foreground.lower()
    light_mg = to_hex(by_gid(light.axes[0], "bars-magnesium")[1].get_facecolor())
    dark_mg = to_hex(by_gid(dark.axes[0], "bars-magnesium")[1].get_facecolor())
    assert light_mg == LIGHT.nutrient(Nutrient.MAGNESIUM).lower() and dark_mg != light_mg
    with pytest.raises(InvalidInput, match="light or dark"):
        get_theme("purple")


def test_palette_is_okabe_ito_in_the_light_theme() -> None:
    assert {LIGHT.nutrient(n).upper() for n in TRACKED} == {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"}
    assert UNKNOWN_SHARE_FLAG == 0.5


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG\r\n\x1a\n"), (".svg", b"<?xml"), (".PDF", b"%PDF-")])
def test_save_figure_writes_each_format(tmp_path: Path, suffix: str, magic: bytes) -> None:
    fig = calendar_heatmap_figure(make_timeline(MONDAY, [1.0, 0.5]), TARGETS)
    path = save_figure(fig, tmp_path / f"chart{suffix}")
    data = path.read_bytes()
    assert data.startswith(magic) and len(data) > 5000
    if suffix == ".svg":
        assert b"<svg" in data[:2000] and b"Adequacy by day" in data
    assert [p.name for p in tmp_path.iterdir()] == [f"chart{suffix}"]  # no temporary file left behind


def test_save_figure_refuses_other_formats_and_missing_folders(tmp_path: Path) -> None:
    fig = calendar_heatmap_figure(make_timeline(MONDAY, [1.0]), TARGETS)
    with pytest.raises(InvalidInput, match=r"'\.jpg'.*use \.png, \.svg or \.pdf"):
        save_figure(fig, tmp_path / "chart.jpg")
    with pytest.raises(InvalidInput, match="no suffix"):
        save_figure(fig, tmp_path / "chart")
    with pytest.raises(InvalidInput, match="does not exist"):
        save_figure(fig, tmp_path / "missing" / "chart.png")
    assert list(tmp_path.iterdir()) == []


def test_trend_chart_draws_high_days_to_scale_and_writes_the_amount_of_extreme_ones() -> None:
    """Vitamin D 23.5 µg (157% of 15 µg) and B12 7.25 µg (302% of 2.4 µg) were half-dots cut by the panel's top
    edge; now the panel holds them. A day beyond three times the target is a triangle inside the panel with its
    amount written under it."""
    timeline = make_timeline(dt.date(2026, 11, 2), [1.0] * 21)
    last = dt.date(2026, 11, 22)
    timeline.loc[dt.date(2026, 11, 20), "vitamin_d"] = 23.5
    timeline.loc[dt.date(2026, 11, 21), "vitamin_b12"] = 7.25
    timeline.loc[last, "vitamin_b12"] = 500.0  # a supplement
    fig = trend_figure(timeline, TARGETS)
    main = {a.get_title(loc="left").split("  ")[0]: a for a in fig.axes if a.get_title(loc="left")}
    vit_d, b12 = main["Vitamin D"], main["Vitamin B12"]
    for ax, value in ((vit_d, 23.5), (b12, 7.25)):
        top = ax.get_ylim()[1]
        ys = np.concatenate([np.asarray(line.get_ydata(), dtype=float) for line in ax.get_lines()])
        assert value in ys and value < top * 0.95  # to scale, a whole dot below the edge
    top = b12.get_ylim()[1]
    assert top < 500  # the 500 µg day is not drawn to scale (its 7-day mean is)
    labels = [t for t in b12.texts if t.get_gid() == "clipped-vitamin_b12"]
    assert [t.get_text() for t in labels] == ["500"]
    triangles = [line for line in b12.get_lines() if line.get_marker() == "^"]
    assert [float(y) for line in triangles for y in line.get_ydata()] == [pytest.approx(top * 0.955)]  # type: ignore[arg-type, union-attr]
