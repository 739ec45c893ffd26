"""Sunlight recorded in the diary reaches the trend chart (issue #17): the chart service on a real SQLite diary
draws the minutes under vitamin D, the doctor's PDF says its trend chart shows them; nothing when none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from matplotlib.collections import PolyCollection

from nutrigap.charts.sunlight import GID_SUN, GID_SUN_NONE, TITLE
from nutrigap.services import charts, diary, doctor_report, factors
from nutrigap.services.context import AppContext
from nutrigap.services.doctor_report import TREND_DAYS
from tests.conftest import food_id
from tests.integration.test_doctor_report import flat, pdf_text

START, END = dt.date(2026, 11, 2), dt.date(2026, 11, 15)
PDF_SUNLIGHT = "Sunlight in minutes outdoors, not micrograms, under vitamin D."


def _log_days(ctx: AppContext) -> None:
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    for i in range(0, 14, 2):
        diary.log_food(ctx, START + dt.timedelta(days=i), "lunch", spinach, 100)


def test_recorded_minutes_are_drawn_and_named_in_the_pdf(ctx: AppContext, tmp_path: Path) -> None:
    _log_days(ctx)
    factors.set_factors(ctx, START + dt.timedelta(days=3), sun_min=25, sun_exposure="face_hands")
    factors.set_factors(ctx, START + dt.timedelta(days=4), sun_min=0)
    factors.set_factors(ctx, START + dt.timedelta(days=8), sun_min=70, sun_exposure="arms_legs")
    factors.set_factors(ctx, START + dt.timedelta(days=9), water_ml=1500)  # a factor day without sunlight
    fig = charts.trend_chart(ctx, START, END, today=END)
    titles = [a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left")]
    assert titles[titles.index(TITLE) - 1].startswith("Vitamin D")
    sun = next(a for a in fig.axes if a.get_title(loc="left") == TITLE)
    [bars] = [c for c in sun.collections if c.get_gid() == GID_SUN]
    assert isinstance(bars, PolyCollection)
    assert sorted(float(np.asarray(p.vertices)[:, 1].max()) for p in bars.get_paths()) == [25.0, 70.0]
    [zero] = [line for line in sun.get_lines() if line.get_gid() == GID_SUN_NONE]
    assert np.asarray(zero.get_xdata()).tolist() == [np.datetime64(START + dt.timedelta(days=4))]
    files = doctor_report.range_doctor_report(ctx, START, END, pdf_path=tmp_path / "r.pdf")
    assert files.pdf is not None and PDF_SUNLIGHT in flat(pdf_text(files.pdf))


def test_no_minutes_no_panel_and_no_words(ctx: AppContext, tmp_path: Path) -> None:
    _log_days(ctx)
    factors.set_factors(ctx, START + dt.timedelta(days=3), water_ml=1500, caffeine_mg=80)
    # minutes only in the lead-in of the 7-day averages, before the days drawn: of the report's trend chart
    # (its 28 days end with the period), then of the chart (6 days before the period)
    factors.set_factors(ctx, END - dt.timedelta(days=TREND_DAYS + 2), sun_min=30)
    files = doctor_report.range_doctor_report(ctx, START, END, pdf_path=tmp_path / "r.pdf")
    assert files.pdf is not None and PDF_SUNLIGHT not in flat(pdf_text(files.pdf))
    factors.set_factors(ctx, START - dt.timedelta(days=3), sun_min=30)
    fig = charts.trend_chart(ctx, START, END, today=END)
    assert not any(a.get_title(loc="left") == TITLE for a in fig.axes)
    assert not any(str(c.get_gid() or "").startswith(GID_SUN) for a in fig.axes for c in a.get_children())
