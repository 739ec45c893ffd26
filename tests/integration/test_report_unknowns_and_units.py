"""The doctor's PDF shows an unknown as unknown and vitamin D in one unit, the profile's (issue #12)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pypdf import PdfReader

from nutrigap.services import diary, profile, twitches
from nutrigap.services.context import AppContext
from nutrigap.services.doctor_report import week_doctor_report
from nutrigap.services.insights import compute_insights
from tests.conftest import food_id

MONDAY = dt.date(2026, 11, 16)


def pdf_text(path: Path) -> str:
    return " ".join("\n".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def test_duration_not_entered_is_not_zero_minutes(ctx: AppContext, tmp_path: Path) -> None:
    diary.log_food(ctx, MONDAY, "lunch", food_id(ctx, "Spinach, raw", "sr_legacy_food"), 100)
    for hour in (9, 21):
        twitches.log_twitch(ctx, dt.datetime.combine(MONDAY, dt.time(hour)), "eyelid", 3)
    files = week_doctor_report(ctx, MONDAY, pdf_path=tmp_path / "a.pdf")
    assert files.pdf is not None
    text = pdf_text(files.pdf)
    assert "Duration: not recorded for any episode." in text and "0 min" not in text
    twitches.log_twitch(ctx, dt.datetime.combine(MONDAY, dt.time(22)), "calf", 4, duration_s=90)
    files = week_doctor_report(ctx, MONDAY, pdf_path=tmp_path / "b.pdf")
    assert files.pdf is not None
    assert (
        "Total duration logged: 1.5 min over the 1 of 3 episodes with a duration entered (the others: not "
        "recorded)." in pdf_text(files.pdf)
    )


def test_vitamin_d_in_the_profiles_unit_throughout(ctx: AppContext, tmp_path: Path) -> None:
    """Bread and an apple: vitamin D is short and mostly unknown, so the 'possibly missing data' caveat speaks
    about it, in IU like the table beside it."""
    profile.set_profile(ctx, sex="female", birth_date="1986-06-01", vitamin_d_unit="IU")
    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    apple = food_id(ctx, "Apples, fuji, with skin, raw", "foundation_food")
    for i in range(7):
        diary.log_food(ctx, MONDAY + dt.timedelta(days=i), "breakfast", bread, 60)
        diary.log_food(ctx, MONDAY + dt.timedelta(days=i), "snacks", apple, 300)
    flags = compute_insights(ctx, MONDAY, MONDAY + dt.timedelta(days=6)).missing_data
    vitamin_d = next(f for f in flags if f.nutrient == "vitamin_d")
    assert "of 600 IU/day" in vitamin_d.text
    files = week_doctor_report(ctx, MONDAY, pdf_path=tmp_path / "d.pdf")
    assert files.pdf is not None
    text = pdf_text(files.pdf)
    assert "600 IU (RDA)" in text and "of 600 IU/day" in text
    assert not re.search(r"Vitamin D[^.]{0,80}µg", text), re.findall(r"Vitamin D[^.]{0,80}µg", text)


def test_potassium_below_the_ai_is_never_short(ctx: AppContext) -> None:
    """Below an AI adequacy cannot be judged (IOM 2000 p.61): the caveat and the suggestions say so."""
    from nutrigap.services import my_foods
    from nutrigap.services.suggest import suggest_day

    bread = food_id(ctx, "Bread, whole wheat", "survey_fndds_food")
    stew = my_foods.create_custom_food(ctx, my_foods.CustomFoodInput(name="Family stew", nutrients={1090: 20.0})).id
    for i in range(7):
        diary.log_food(ctx, MONDAY + dt.timedelta(days=i), "breakfast", bread, 60)
        diary.log_food(ctx, MONDAY + dt.timedelta(days=i), "dinner", stew, 400)  # potassium unknown
    report = compute_insights(ctx, MONDAY, MONDAY + dt.timedelta(days=6))
    flag = next(f for f in report.missing_data if f.nutrient == "potassium")
    assert flag.text.startswith("Potassium is below the AI (") and "adequacy cannot be judged" in flag.text
    assert "short" not in flag.text
    suggestions = suggest_day(ctx, MONDAY)
    potassium = next(g for g in suggestions.gaps if g.nutrient == "potassium")
    assert potassium.wording == "below the AI; adequacy cannot be judged"
    assert suggestions.foods["potassium"]  # potassium foods are still offered, under that wording
    assert next(g for g in suggestions.gaps if g.nutrient == "magnesium").wording == "below the RDA"
