"""A day in progress is not a verdict; weekly verdicts judge complete days; a doctor's target sits beside the
DRI without changing the verdict (issue #13), on a real diary and the fixture food database."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.verdicts import Verdict
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.day_status import complete_days, day_state, set_day_complete
from nutrigap.services.profile import clear_personal_target, personal_targets, set_personal_target
from nutrigap.services.reports import day_report, period_report
from tests.conftest import food_id


def _breakfast(ctx: AppContext, day: dt.date) -> None:
    diary.log_food(ctx, day, "breakfast", food_id(ctx, "Bread, whole wheat", "survey_fndds_food"), 40)


def test_today_after_breakfast_is_progress_not_a_verdict(ctx: AppContext) -> None:
    today = dt.date.today()
    _breakfast(ctx, today)
    report = day_report(ctx, today)
    assert report.in_progress and report.complete_logged_days == 0
    for summary in report.summaries.values():
        assert summary.assessment.verdict is Verdict.IN_PROGRESS
        assert summary.assessment.confidence is None
        assert summary.intake is not None and summary.percent is not None  # progress so far is shown
    # the same breakfast on a past day (complete by default) is judged: a small breakfast is far below the EAR
    yesterday = today - dt.timedelta(days=1)
    _breakfast(ctx, yesterday)
    past = day_report(ctx, yesterday)
    assert not past.in_progress
    assert past.summaries[Nutrient.MAGNESIUM].assessment.verdict is Verdict.LIKELY_INADEQUATE
    # the user says today is done: now it is judged like any day
    assert not day_state(ctx, today).complete and day_state(ctx, yesterday).complete
    set_day_complete(ctx, today)
    assert day_state(ctx, today).complete and day_state(ctx, today).set_by_user
    judged = day_report(ctx, today)
    assert judged.summaries[Nutrient.MAGNESIUM].assessment.verdict is Verdict.LIKELY_INADEQUATE
    set_day_complete(ctx, today, False)  # undo
    assert day_report(ctx, today).in_progress
    data = json.loads(json.dumps(day_report(ctx, today).to_json()))
    assert data["complete_days"] == 0 and data["days"][0]["complete"] is False
    assert data["nutrients"]["magnesium"]["verdict"] == "in_progress"


def test_weekly_verdicts_use_complete_days_and_say_how_many(ctx: AppContext) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=6)
    almonds = food_id(ctx, "Almonds, unsalted", "survey_fndds_food")
    for i in range(6):  # six complete past days with plenty of magnesium
        diary.log_food(ctx, start + dt.timedelta(days=i), "lunch", almonds, 150)
    _breakfast(ctx, today)  # today: a small breakfast so far
    week = period_report(ctx, start, today)
    mg = week.summaries[Nutrient.MAGNESIUM]
    assert (week.logged_days, week.complete_logged_days) == (7, 6)
    assert (mg.n_days, mg.in_progress_days) == (6, 1)
    # the mean is over the six complete days only: today's half-eaten day does not pull it down
    full_days = period_report(ctx, start, today - dt.timedelta(days=1)).summaries[Nutrient.MAGNESIUM]
    assert mg.intake == pytest.approx(full_days.intake)
    assert mg.assessment.verdict is full_days.assessment.verdict
    # a past day the user marks as not complete drops out too
    set_day_complete(ctx, start, False)
    again = period_report(ctx, start, today)
    assert again.complete_logged_days == 5
    assert again.summaries[Nutrient.MAGNESIUM].n_days == 5
    flags = complete_days(ctx, start, today)
    assert list(flags) == [False, True, True, True, True, True, False]


def test_a_day_that_has_not_come_cannot_be_complete(ctx: AppContext) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InvalidInput, match="has not come yet"):
        set_day_complete(ctx, tomorrow)
    assert not day_state(ctx, tomorrow).set_by_user


def test_a_doctors_target_sits_beside_the_dri(ctx: AppContext) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    _breakfast(ctx, yesterday)
    before = day_report(ctx, yesterday).summaries[Nutrient.MAGNESIUM]
    set_personal_target(ctx, "magnesium", "400", note="Dr Rossi, 3 Dec: 400 mg a day")
    set_personal_target(ctx, "vitamin D", 2000, unit="IU")  # 2000 IU = 50 µg (1 µg = 40 IU)
    assert personal_targets(ctx) == {
        Nutrient.MAGNESIUM: (400.0, "Dr Rossi, 3 Dec: 400 mg a day"),
        Nutrient.VITAMIN_D: (50.0, None),
    }
    after = day_report(ctx, yesterday).summaries[Nutrient.MAGNESIUM]
    assert after.target.personal == 400.0 and after.target.personal_note == "Dr Rossi, 3 Dec: 400 mg a day"
    # the DRI stays, and so does the IOM verdict against it
    assert after.target.target == before.target.target and after.target.ear == before.target.ear
    assert after.assessment == before.assessment and after.percent == before.percent
    data = day_report(ctx, yesterday).to_json()["nutrients"]
    assert data["magnesium"]["personal_target"] == 400.0  # type: ignore[index]
    clear_personal_target(ctx, "magnesium")
    assert Nutrient.MAGNESIUM not in personal_targets(ctx)


@pytest.mark.parametrize(
    ("nutrient", "amount", "unit", "message"),
    [
        ("magnesium", "0", None, "above 0"),
        ("magnesium", "-5", None, "above 0"),
        ("magnesium", "nan", None, "above 0"),
        ("magnesium", "inf", None, "above 0"),
        ("magnesium", "40000", None, "at most 2,000 mg"),
        ("magnesium", "four hundred", None, "not an amount"),
        ("magnesium", "400", "IU", "in mg"),
        ("zinc", "10", None, "Unknown nutrient"),
    ],
)
def test_bad_personal_targets_are_refused_and_change_nothing(
    ctx: AppContext, nutrient: str, amount: str, unit: str | None, message: str
) -> None:
    set_personal_target(ctx, "magnesium", 400)
    with pytest.raises(InvalidInput, match=message):
        set_personal_target(ctx, nutrient, amount, unit=unit)
    assert personal_targets(ctx) == {Nutrient.MAGNESIUM: (400.0, None)}
