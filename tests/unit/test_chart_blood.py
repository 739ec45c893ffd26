"""Blood test results on the trend chart (issue #17): markers on a second axis in their unit, the range shaded,
nothing when there are no results (artists and pixels)."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

from nutrigap.charts import trend_figure
from nutrigap.charts.blood import GID_BLOOD, GID_BLOOD_RANGE, result_range
from nutrigap.domain.labs import LabResult, make_result
from nutrigap.domain.nutrients import Nutrient
from tests.unit.test_charts import TARGETS, make_timeline

START = dt.date(2026, 11, 1)
DAYS = 21


def _results() -> dict[Nutrient, list[LabResult]]:
    d1 = make_result(1, START + dt.timedelta(days=2), "vitamin_d_25oh", 11.0, "ng/mL", None, None, None, None)
    d2 = make_result(2, START + dt.timedelta(days=19), "vitamin_d_25oh", 52.0, "nmol/L", None, None, None, None)
    mg = make_result(3, START + dt.timedelta(days=5), "magnesium", 1.7, "mg/dL", 1.6, 2.6, "mg/dL", None)
    early = make_result(4, START - dt.timedelta(days=30), "vitamin_b12", 300.0, "pmol/L", None, None, None, None)
    return {Nutrient.VITAMIN_D: [d1, d2], Nutrient.MAGNESIUM: [mg], Nutrient.VITAMIN_B12: [early]}


def _figure(blood: dict[Nutrient, list[LabResult]] | None) -> Figure:
    timeline = make_timeline(START, [0.8] * DAYS, twitches=[0] * DAYS)
    return trend_figure(timeline, TARGETS, blood=blood, today=START + dt.timedelta(days=DAYS))


def _blood_axes(fig: Figure, nutrient: Nutrient) -> list[Axes]:
    return [ax for ax in fig.axes for a in ax.get_children() if a.get_gid() == f"{GID_BLOOD}{nutrient.value}"]


def _pixels(fig: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=60)
    return np.asarray(Image.open(buffer).convert("RGB"), dtype=np.int16)


def test_markers_on_a_second_axis_in_their_unit_with_the_range_shaded() -> None:
    fig = _figure(_results())
    [vit_d] = _blood_axes(fig, Nutrient.VITAMIN_D)
    marks = next(a for a in vit_d.get_lines() if a.get_gid() == f"{GID_BLOOD}vitamin_d")
    assert np.asarray(marks.get_ydata()).tolist() == [27.456, 52.0]  # canonical nmol/L (11 ng/mL × 2.496)
    assert vit_d.get_ylabel() == "blood, nmol/L"
    assert [a for a in vit_d.get_children() if a.get_gid() == f"{GID_BLOOD_RANGE}vitamin_d"]  # IOM 50–125 shaded
    assert {t.get_text() for t in vit_d.texts} >= {"27.5", "52"}
    [mg] = _blood_axes(fig, Nutrient.MAGNESIUM)
    assert mg.get_ylabel() == "blood, mmol/L"
    # the lab's range (1.6–2.6 mg/dL), in mmol/L, is the one shaded
    low, high = result_range(_results()[Nutrient.MAGNESIUM][0])
    assert (round(low or 0, 4), round(high or 0, 4)) == (0.6584, 1.07)
    # a result before the period is not drawn, and its nutrient gets no second axis
    assert _blood_axes(fig, Nutrient.VITAMIN_B12) == []
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Blood test (right axis)" in labels


def test_no_results_no_markers_and_the_same_pixels() -> None:
    plain = _figure(None)
    empty = _figure({})
    outside = _figure({Nutrient.VITAMIN_B12: _results()[Nutrient.VITAMIN_B12]})
    for fig in (plain, empty, outside):
        assert not any(str(a.get_gid() or "").startswith(GID_BLOOD) for ax in fig.axes for a in ax.get_children())
        assert "Blood test (right axis)" not in [t.get_text() for t in fig.legends[0].get_texts()]
    assert np.array_equal(_pixels(plain), _pixels(empty))
    assert np.array_equal(_pixels(plain), _pixels(outside))
    drawn = _pixels(_figure(_results()))
    assert drawn.shape != _pixels(plain).shape or np.abs(drawn - _pixels(plain)).sum() > 0
