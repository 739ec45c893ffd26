"""The gap-closing ranking and the "one plan for all five" optimiser on hand-built candidates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nutrigap.domain.nutrients import Nutrient
from nutrigap.engine.suggest import MAX_FOODS, MAX_PLAN_GRAMS, PORTION_RANGE, Plan, plan_gaps, rank_foods

MG, CA, K, D, B12 = (n for n in Nutrient)


def food(
    food_id: str, portion: float, energy: float, *, frequent: bool = False, generic: bool = True, **per100: float
) -> dict[str, object]:
    row: dict[str, object] = {
        "food_id": food_id,
        "name": food_id.replace("_", " "),
        "data_type": "sr_legacy_food" if generic else "branded_food",
        "category": None,
        "generic": generic,
        "frequent": frequent,
        "portion_g": portion,
        "portion_label": f"{portion:g} g",
        "portion_source": "test",
        "energy": energy,
    }
    for n in Nutrient:
        row[n.value] = per100.get(n.value, 0.0)
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows))


def supplied(plan: Plan, nutrient: Nutrient) -> float:
    return float(sum(i.supplies.get(nutrient.value, 0.0) for i in plan.items))


CANDIDATES = frame(
    food("pumpkin_seeds", 30, 560, magnesium=590, potassium=800, calcium=46, vitamin_d=0, vitamin_b12=0),
    food("milk", 240, 61, magnesium=10, calcium=113, potassium=132, vitamin_d=1.3, vitamin_b12=0.45),
    food("salmon", 85, 206, magnesium=30, calcium=15, potassium=384, vitamin_d=13.1, vitamin_b12=2.8),
    food("spinach", 85, 23, magnesium=79, calcium=99, potassium=558, vitamin_d=0, vitamin_b12=0),
    food("potato", 110, 93, magnesium=28, calcium=15, potassium=535, vitamin_d=0, vitamin_b12=0),
    food("cheese", 30, 404, magnesium=27, calcium=710, potassium=76, vitamin_d=0.6, vitamin_b12=1.1),
)


def test_the_plan_closes_every_gap_within_portion_limits() -> None:
    gaps = {MG: 150.0, CA: 400.0, K: 900.0, D: 8.0, B12: 1.5}
    plan = plan_gaps(CANDIDATES, gaps, {CA: 1500.0, D: 80.0})
    assert plan.feasible
    assert 1 <= len(plan.items) <= MAX_FOODS
    for nutrient, gap in gaps.items():
        assert supplied(plan, nutrient) >= gap - 1e-6
        assert plan.coverage[nutrient.value] == pytest.approx(1.0)
    portions = CANDIDATES.set_index("food_id")["portion_g"]
    for it in plan.items:
        low, high = (
            portions[it.food_id] * PORTION_RANGE[0],
            min(portions[it.food_id] * PORTION_RANGE[1], MAX_PLAN_GRAMS),
        )
        assert low - 1e-6 <= it.grams <= high + 1  # grams are rounded up to the whole gram
    assert plan.kcal == pytest.approx(sum(i.kcal for i in plan.items))
    assert "close every gap" in plan.text


def test_the_plan_uses_as_few_foods_as_possible() -> None:
    plan = plan_gaps(CANDIDATES, {MG: 100.0}, {})
    assert len(plan.items) == 1


def test_upper_limits_are_respected() -> None:
    """Cheese would close calcium cheaply in energy per mg, but only 100 mg of room is left below the UL."""
    gaps = {MG: 150.0}
    roomy = plan_gaps(CANDIDATES, gaps, {CA: 2000.0, D: 100.0})
    tight = plan_gaps(CANDIDATES, gaps, {CA: 20.0, D: 100.0})
    assert roomy.feasible and tight.feasible
    assert supplied(tight, CA) <= 20.0 + 0.5
    assert supplied(tight, MG) >= 150.0


def test_no_feasible_plan_is_reported_with_the_closest_one() -> None:
    plan = plan_gaps(CANDIDATES, {K: 5000.0, MG: 50.0}, {CA: 2000.0, D: 100.0})
    assert not plan.feasible
    assert plan.coverage[K.value] < 1.0 and plan.coverage[MG.value] == pytest.approx(1.0)
    assert "No plan of at most 3 realistic portions closes every gap (Potassium" in plan.text
    assert len(plan.items) <= MAX_FOODS


def test_unknown_values_are_never_relied_on() -> None:
    mystery = food("mystery", 100, 50, magnesium=float("nan"), calcium=0, vitamin_d=0)
    plan = plan_gaps(frame(mystery), {MG: 10.0}, {CA: 2000.0, D: 100.0})
    assert not plan.feasible and plan.coverage[MG.value] == 0.0


def test_foods_without_calcium_or_vitamin_d_values_stay_out_of_the_plan() -> None:
    unchecked = food("unchecked", 100, 50, magnesium=500, calcium=float("nan"), vitamin_d=0)
    plan = plan_gaps(frame(unchecked, *CANDIDATES.to_dict("records")), {MG: 20.0}, {CA: 2000.0, D: 100.0})  # type: ignore[arg-type]
    assert plan.feasible and "unchecked" not in {i.food_id for i in plan.items}


def test_no_gaps_no_plan() -> None:
    plan = plan_gaps(CANDIDATES, {MG: 0.0}, {})
    assert plan.feasible and plan.items == () and plan.text == "No gaps to close."


def test_ranking_frequent_first_then_generic_then_branded() -> None:
    cands = frame(
        food("branded_bar", 40, 400, generic=False, magnesium=1000),
        food("seeds", 30, 560, magnesium=590),
        food("my_oats", 40, 380, frequent=True, magnesium=140),
        food("rarely_useful", 10, 100, frequent=True, magnesium=10),
    )
    ranked = rank_foods(cands, MG, gap=100.0, limit=10)
    assert [f.food_id for f in ranked] == ["my_oats", "seeds", "rarely_useful", "branded_bar"]
    first = ranked[0]
    assert first.amount == pytest.approx(56.0) and first.share_of_gap == pytest.approx(0.56)
    assert first.per_100kcal == pytest.approx(140 / 380 * 100)
    assert [f.food_id for f in rank_foods(cands, MG, None, 10, prefer_frequent=False)][:2] == ["seeds", "my_oats"]
    assert rank_foods(cands, D, 5.0) == []  # nobody has vitamin D


def test_plan_prefers_lower_energy_among_equally_small_plans() -> None:
    cands = frame(
        food("dense", 100, 600, magnesium=200, calcium=0, vitamin_d=0),
        food("light", 100, 50, magnesium=200, calcium=0, vitamin_d=0),
    )
    plan = plan_gaps(cands, {MG: 150.0}, {CA: 2000.0, D: 100.0})
    assert [i.food_id for i in plan.items] == ["light"]
    assert np.isclose(plan.items[0].grams, 75.0)
