"""The nutrient panel's fast path (plain Python, no pandas) gives the day report's answers: the five totals,
energy and verdicts, for every kind of food and day, read through the models or, for the window's first frame,
with sqlite3 alone; on the default diary and on a diary named by NUTRIGAP_DB_URL=sqlite:///…."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.verdicts import UlVerdict, Verdict
from nutrigap.paths import DataPaths
from nutrigap.services import day_status, diary, my_foods, profile
from nutrigap.services.context import AppContext
from nutrigap.services.day_panel import DayPanel, day_panel
from nutrigap.services.day_preview import day_preview
from nutrigap.services.reports import PeriodReport, day_report
from tests.conftest import food_id
from tests.integration.test_day_preview import DAY, _fill

TODAY = dt.date.today()
EMPTY = dt.date(2020, 1, 1)
UL_DAY = DAY - dt.timedelta(days=3)
NOT_COMPLETE = DAY - dt.timedelta(days=5)


def _diary(ctx: AppContext) -> list[dt.date]:
    """Days of every kind: complete with every kind of food (generic, custom with unknown values, recipe,
    supplement), in progress (today), a past day marked not complete, a day above the magnesium UL, empty."""
    _fill(ctx)  # DAY: reference foods, a custom food with an unknown value, a supplement, a recipe
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    milk = food_id(ctx, "Milk, whole", "survey_fndds_food")
    capsule = my_foods.create_supplement(
        ctx,
        my_foods.SupplementInput(
            name="Magnesium citrate", unit_label="tablet", nutrients_per_unit={1090: 300.0, 1114: 50.0}
        ),
    )
    label = my_foods.create_custom_food(
        ctx, my_foods.CustomFoodInput(name="Mystery bar", nutrients={1008: 250.0, 1090: None}, per_serving=False)
    )
    diary.log_food(ctx, UL_DAY, "supplements", capsule.id, 2, "tablet")  # 600 mg from supplements: above the UL
    diary.log_food(ctx, UL_DAY, "lunch", spinach, 200)
    diary.log_food(ctx, TODAY, "breakfast", milk, 244)  # today: in progress
    diary.log_food(ctx, TODAY, "snacks", label.id, 60)
    diary.log_food(ctx, NOT_COMPLETE, "lunch", spinach, 80)
    day_status.set_day_complete(ctx, NOT_COMPLETE, complete=False)
    profile.set_personal_target(ctx, "magnesium", 500, note="doctor's advice")
    return [DAY, UL_DAY, TODAY, NOT_COMPLETE, EMPTY]


def _same(panel: DayPanel, report: PeriodReport) -> None:
    assert panel.summaries == report.summaries
    assert panel.energy_kcal == report.energy_kcal
    assert panel.in_progress == report.in_progress
    assert panel.logged_days == report.logged_days
    assert panel.profile == report.profile and panel.profile_is_default == report.profile_is_default
    assert panel.complete[panel.day] == bool(report.complete[panel.day])
    assert panel.targets == report.targets


@pytest.fixture(params=["default", "url"])
def any_ctx(request: pytest.FixtureRequest, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The default diary, or a diary file named by NUTRIGAP_DB_URL=sqlite:///…."""
    if request.param == "default":
        return ctx
    monkeypatch.setenv("NUTRIGAP_DB_URL", f"sqlite:///{tmp_path / 'elsewhere' / 'my diary.sqlite'}")
    (tmp_path / "elsewhere").mkdir()
    url_ctx = AppContext(DataPaths.from_environment())
    url_ctx.paths.ensure()
    (url_ctx.paths.food_db).write_bytes(ctx.paths.food_db.read_bytes())
    request.addfinalizer(url_ctx.close)
    return url_ctx


def test_the_panel_gives_the_day_reports_answers_for_every_kind_of_day(any_ctx: AppContext) -> None:
    days = _diary(any_ctx)
    for day in days:
        _same(day_panel(any_ctx, day), day_report(any_ctx, day))
    # the days are what their names say
    assert day_panel(any_ctx, TODAY).in_progress
    assert day_panel(any_ctx, NOT_COMPLETE).in_progress
    ul = day_panel(any_ctx, UL_DAY).summaries[Nutrient.MAGNESIUM].assessment
    assert ul.ul_verdict is UlVerdict.ABOVE
    assert day_panel(any_ctx, EMPTY).summaries[Nutrient.CALCIUM].assessment.verdict is Verdict.NO_DATA
    complete = day_panel(any_ctx, DAY)
    assert not complete.in_progress and complete.logged_days == 1
    assert any(s.unknown_share for s in complete.summaries.values())  # the custom food's unknown potassium
    assert complete.targets[Nutrient.MAGNESIUM].personal == 500


def test_the_first_frame_reads_the_same_panel_with_sqlite3(any_ctx: AppContext) -> None:
    days = _diary(any_ctx)
    profile.set_profile(any_ctx, sex="male", birth_date="1971-02-03", vitamin_d_unit="IU")
    expected = {day: (day_report(any_ctx, day), diary.entries_for_day(any_ctx, day)) for day in days}
    any_ctx.close()
    for day, (report, entries) in expected.items():
        preview = day_preview(any_ctx.paths, day)
        assert preview is not None, day
        _same(preview.panel, report)
        assert [dataclasses.asdict(e) for e in preview.entries] == [dataclasses.asdict(e) for e in entries]


def test_every_nutrient_of_every_day_is_summarised(ctx: AppContext) -> None:
    """The panel's summaries cover the five nutrients, each against its own target."""
    for day in _diary(ctx):
        panel = day_panel(ctx, day)
        assert list(panel.summaries) == list(TRACKED)
        assert all(s.target.nutrient is n for n, s in panel.summaries.items())


def test_the_panel_needs_no_pandas(ctx: AppContext) -> None:
    """A fresh process computes the panel, through the models, without importing pandas, numpy or scipy."""
    _diary(ctx)
    ctx.close()
    script = (
        "import sys, datetime as dt\n"
        "from nutrigap.paths import DataPaths\n"
        "from nutrigap.services.context import AppContext\n"
        "from nutrigap.services.day_panel import day_panel\n"
        f"p = day_panel(AppContext(DataPaths.from_environment()), dt.date({DAY.year}, {DAY.month}, {DAY.day}))\n"
        "print(p.logged_days, sorted(m for m in ('pandas', 'numpy', 'scipy', 'matplotlib') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "1 []"
