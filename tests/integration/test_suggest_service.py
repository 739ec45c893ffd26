"""Gap-closing suggestions, the plan and the nutrient guide against the fixture food database."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import Nutrient
from nutrigap.engine.suggest import FoodSuggestion
from nutrigap.engine.suggest_rules import diet_fit
from nutrigap.services import diary
from nutrigap.services.context import AppContext
from nutrigap.services.guide import nutrient_guide
from nutrigap.services.reports import day_report
from nutrigap.services.suggest import SuggestionReport, suggest_day, suggest_week
from tests.conftest import food_id

DAY = dt.date(2026, 11, 24)
ANIMAL_WORDS = ("beef", "chicken", "fish", "salmon", "egg", "milk, ", "cheese", "yogurt", "pork", "turkey")


def log_small_day(ctx: AppContext) -> None:
    diary.log_food(ctx, DAY, "breakfast", food_id(ctx, "Bread, whole wheat", "survey_fndds_food"), 60)
    diary.log_food(ctx, DAY, "lunch", food_id(ctx, "Apple, raw", "survey_fndds_food"), 150)


def all_foods(report: SuggestionReport) -> list[FoodSuggestion]:
    return [f for foods in report.foods.values() for f in foods]


def test_day_suggestions_close_the_gaps_within_the_upper_limits(ctx: AppContext) -> None:
    log_small_day(ctx)
    report = suggest_day(ctx, DAY)
    assert {g.nutrient for g in report.gaps} == {n.value for n in Nutrient}
    for gap in report.gaps:
        foods = report.foods[gap.nutrient]
        assert foods, gap.nutrient
        amounts = [f.amount for f in foods if f.generic and not f.frequent]
        assert amounts == sorted(amounts, reverse=True)  # ranked per typical portion
        assert all(f.portion_g >= 10 for f in foods)
    names = {f.name for f in all_foods(report)}
    assert not any(n.startswith(("Coffee", "Beer", "Spices")) for n in names)
    plan = report.plan
    assert plan is not None and 1 <= len(plan.items) <= 3
    before = day_report(ctx, DAY)
    if plan.feasible:
        for gap in report.gaps:
            assert sum(i.supplies.get(gap.nutrient, 0.0) for i in plan.items) >= gap.gap - 1e-6
    else:
        assert "No plan of at most 3" in plan.text and min(plan.coverage.values()) < 1.0
    for nutrient in (Nutrient.CALCIUM, Nutrient.VITAMIN_D):
        ul = before.targets[nutrient].ul
        intake = before.summaries[nutrient].intake or 0.0
        assert ul is not None and intake + sum(i.supplies.get(nutrient.value, 0.0) for i in plan.items) <= ul + 1
    data = json.loads(json.dumps(report.to_json()))
    assert data["plan"]["items"] and data["gaps"][0]["target_kind"] in ("RDA", "AI")


@pytest.mark.parametrize("diet", ["vegan", "vegetarian", "dairy-free"])
def test_diet_filters_hold_on_real_foods(ctx: AppContext, diet: str) -> None:
    log_small_day(ctx)
    report = suggest_day(ctx, DAY, diet)
    foods = all_foods(report) + ([] if report.plan is None else list(report.plan.items))
    assert foods
    db = ctx.food_db
    for suggestion in all_foods(report):
        record = db.get(suggestion.food_id)
        assert record is not None
        assert diet_fit(record.category, record.nutrients.get(1253), record.name).fits(diet), record.name
        lowered = record.name.lower()
        if diet in ("vegan", "vegetarian"):
            assert not lowered.startswith(("beef", "chicken", "fish", "pork", "turkey")), record.name
        if diet in ("vegan", "dairy-free"):
            assert not lowered.startswith(("milk, ", "cheese", "yogurt")), record.name
        if diet == "vegan":
            assert not any(lowered.startswith(w) for w in ANIMAL_WORDS), record.name


def test_frequent_foods_come_first_with_the_usual_amount(ctx: AppContext) -> None:
    almonds = food_id(ctx, "Almonds, unsalted", "survey_fndds_food")
    for i in range(3):
        diary.log_food(ctx, DAY - dt.timedelta(days=i + 1), "snacks", almonds, 25)
    log_small_day(ctx)
    first = suggest_day(ctx, DAY).foods["magnesium"][0]
    assert (first.food_id, first.frequent, first.portion_label) == (almonds, True, "your usual 25 g")
    spinach = food_id(ctx, "Spinach, raw", "sr_legacy_food")
    for i in range(3):
        diary.log_food(ctx, DAY - dt.timedelta(days=i + 1), "dinner", spinach, 300)
    page = nutrient_guide(ctx, "mg", today=DAY)
    marked = [f for f in page.foods if f.frequent]
    assert [(f.food_id, f.portion_label) for f in marked] == [(spinach, "your usual 300 g")]
    # the guide only marks the user's foods, it does not move them up: among commonly eaten foods (FNDDS survey
    # foods and what the user already eats) the most of the nutrient per portion comes first
    amounts = [f.amount for f in page.foods if f.frequent or f.data_type == "survey_fndds_food"]
    assert amounts == sorted(amounts, reverse=True)


def test_week_nothing_logged_and_bad_diet(ctx: AppContext) -> None:
    empty = suggest_day(ctx, DAY)
    assert empty.gaps == () and empty.plan is None and "Nothing logged" in empty.notes[0]
    log_small_day(ctx)
    week = suggest_week(ctx, DAY)
    assert (week.start, week.end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29)) and week.logged_days == 1
    assert any("mean per logged day" in n for n in week.notes)
    with pytest.raises(InvalidInput, match="Unknown diet"):
        suggest_day(ctx, DAY, "keto")


def test_nutrient_guide(ctx: AppContext) -> None:
    page = nutrient_guide(ctx, "b12", today=DAY)
    assert page.label == "Vitamin B12" and page.target.target == 2.4
    assert any("tingling" in s for s in page.signs) and any("vegan" in r for r in page.at_risk)
    assert any("ods.od.nih.gov/factsheets/VitaminB12" in s.url for s in page.sources)
    assert page.foods and all(f.amount > 0 for f in page.foods)
    assert "doctor" in page.supplement_note and page.disclaimer
    for name in ("magnesium", "calcium", "potassium", "vitamin_d"):
        guide = nutrient_guide(ctx, name, today=DAY)
        assert guide.role and guide.signs and guide.sources and guide.ask_doctor
    assert "25-hydroxyvitamin D" in nutrient_guide(ctx, "vitamin D", today=DAY).ask_doctor
    with pytest.raises(InvalidInput, match="Unknown nutrient"):
        nutrient_guide(ctx, "iron")
    json.dumps(page.to_json())


def test_diet_filter_reads_the_names_of_the_users_frequent_foods(ctx: AppContext) -> None:
    """Issue #12: a frequent food 'with meat' was offered as vegetarian; a custom food with cholesterol typed as 0
    but 'beef' in its name was offered as vegan. The name decides, for the user's own foods too."""
    from nutrigap.services import my_foods

    with_meat = food_id(ctx, "Potato, baked, peel eaten, with meat", "survey_fndds_food")
    beans = my_foods.create_custom_food(
        ctx, my_foods.CustomFoodInput(name="Beans with beef", nutrients={1090: 150.0, 1253: 0.0})
    ).id
    for i in range(3):
        diary.log_food(ctx, DAY - dt.timedelta(days=i + 1), "dinner", with_meat, 300)
        diary.log_food(ctx, DAY - dt.timedelta(days=i + 1), "lunch", beans, 200)
    log_small_day(ctx)
    everything = {f.food_id for f in all_foods(suggest_day(ctx, DAY))}
    assert {with_meat, beans} <= everything  # both are frequent and suggested without a diet
    for diet in ("vegetarian", "vegan"):
        report = suggest_day(ctx, DAY, diet)
        offered = {f.food_id for f in all_foods(report)}
        assert not offered & {with_meat, beans}, diet
        assert any("name" in note for note in report.notes)
