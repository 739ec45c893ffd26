"""The demo diary (in its own home, on the fixture food database) and the chart services on top of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from nutrigap.domain.errors import FoodDatabaseError, InvalidInput
from nutrigap.services import charts, demo, diary
from nutrigap.services.context import AppContext
from nutrigap.services.timeline import load_timeline
from tests.conftest import food_id

DEMO_END = dt.date(2026, 11, 29)  # a Sunday: the four demo weeks are 2–29 Nov 2026


def _snapshot(home: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(home.glob("diary.sqlite*"))}


@pytest.fixture
def demo_ctx(ctx: AppContext, isolated_home: Path) -> Iterator[AppContext]:
    info = demo.prepare_demo(user_home=isolated_home, end=DEMO_END)
    context = demo.demo_context(info.home)
    yield context
    context.close()


def test_demo_fills_its_own_home_and_never_touches_the_users_diary(
    ctx: AppContext, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    diary.log_food(ctx, "2026-11-24", "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100)
    ctx.close()
    before = _snapshot(isolated_home)
    assert "diary.sqlite" in before
    # a diary URL in the environment is the user's diary too: the demo must not follow it
    elsewhere = tmp_path / "users-other-diary.sqlite"
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{elsewhere}")
    info = demo.prepare_demo(end=DEMO_END)
    assert info.created and info.home == (isolated_home / "demo").resolve()
    assert info.diary_file == info.home / "diary.sqlite" and info.diary_file.exists()
    assert (info.start, info.end) == (dt.date(2026, 11, 2), DEMO_END)
    assert info.entries > 200 and info.episodes >= 20 and info.factor_days == 28
    assert _snapshot(isolated_home) == before
    assert not elsewhere.exists()
    assert (info.home / "food.sqlite").resolve() == (isolated_home / "food.sqlite").resolve()
    again = demo.prepare_demo(end=DEMO_END)
    assert not again.created and again.entries == info.entries
    reset = demo.prepare_demo(end=DEMO_END, reset=True)
    assert reset.created and reset.entries == info.entries and reset.episodes == info.episodes  # seeded
    assert _snapshot(isolated_home) == before


def test_demo_needs_the_food_database(isolated_home: Path) -> None:
    with pytest.raises(FoodDatabaseError, match="food-db build"):
        demo.prepare_demo(user_home=isolated_home)
    assert not (isolated_home / "demo" / "diary.sqlite").exists()


def test_demo_story_twitches_follow_low_magnesium_days(demo_ctx: AppContext) -> None:
    frame = load_timeline(demo_ctx, dt.date(2026, 11, 2), DEMO_END)
    logged = frame["entries"] > 0
    assert list(frame.index[~logged]) == [dt.date(2026, 11, 12), dt.date(2026, 11, 21)]
    assert frame["water_ml"].notna().all() and frame["sleep_h"].notna().all()
    low = (frame["magnesium"] < 265).shift(1, fill_value=False)
    after_low = frame.loc[low, "twitches"].mean()
    after_other = frame.loc[~low, "twitches"].mean()
    assert after_low > after_other * 1.5
    # the travel day rests mostly on foods without a magnesium value: the charts flag it
    assert frame.loc[dt.date(2026, 11, 20), "magnesium_unknown_share"] > 0.5  # type: ignore[index]
    # the low vitamin D week (no salmon, eggs or milk)
    assert frame.loc[dt.date(2026, 11, 9) : dt.date(2026, 11, 15), "vitamin_d"].max() < 2.0


def test_chart_services_build_each_figure(demo_ctx: AppContext, tmp_path: Path) -> None:
    week = charts.week_chart(demo_ctx, "2026-11-18", theme="dark")
    assert isinstance(week, Figure) and "Week of 16–22 Nov 2026" in week.get_suptitle()
    trend = charts.trend_chart(demo_ctx, "2026-11-09", "2026-11-29", overlay_water_caffeine=True)
    assert "Trend 9–29 Nov 2026" in trend.get_suptitle()
    assert any(a.get_title(loc="left") == "Water and caffeine" for a in trend.axes)
    calendar = charts.calendar_chart(demo_ctx, 2026, 11)
    assert calendar.get_suptitle() == "Adequacy by day, November 2026"
    path = charts.save_chart(calendar, tmp_path / "calendar.png")
    assert path.read_bytes().startswith(b"\x89PNG")


def test_chart_services_refuse_bad_periods(demo_ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="starts"):
        charts.trend_chart(demo_ctx, "2026-11-20", "2026-11-01")
    with pytest.raises(InvalidInput, match="at most"):
        charts.trend_chart(demo_ctx, "2020-01-01", "2026-11-01")
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        charts.parse_month("November")
    with pytest.raises(InvalidInput, match="no month 13"):
        charts.parse_month("2026-13")
    with pytest.raises(InvalidInput, match="does not exist"):
        charts.check_chart_path(tmp_path / "nowhere" / "chart.png")
