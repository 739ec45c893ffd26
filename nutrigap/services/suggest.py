"""Closing the gaps: which foods would close each shortfall of a day or a week, and one plan for all five.

Candidates come from the food database (``FoodDatabase.richest_in``: generic foods richest per 100 g) and the
user's own frequent foods (logged in the last 90 days, with the amount they usually log). What counts as a
realistic suggestion, its typical portion and its diet fit come from :mod:`nutrigap.engine.suggest_rules`; raw
meat, fish and eggs are never suggested, unusual foods only to those who already eat them, and foods are ordered
by how commonly they are eaten (:mod:`nutrigap.engine.suggest_common`).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import cast

import pandas as pd

from nutrigap.domain.diary import GENERIC_DATA_TYPES, FoodKind, parse_date, week_bounds
from nutrigap.domain.errors import InvalidInput
from nutrigap.domain.nutrients import ENERGY_KCAL, TRACKED, Nutrient
from nutrigap.domain.wording import plural
from nutrigap.engine.insights import DISCLAIMER
from nutrigap.engine.insights_completeness import possibly_missing
from nutrigap.engine.suggest import FoodSuggestion, Plan, plan_gaps, rank_foods
from nutrigap.engine.suggest_common import commonness, eaten_as_suggested
from nutrigap.engine.suggest_rules import MIN_PORTION_G, check_diet, diet_fit, suggestable, typical_portion
from nutrigap.fooddb.database import FoodDatabase, FoodRecord
from nutrigap.services.context import AppContext
from nutrigap.services.reports import PeriodReport, period_report

CHOLESTEROL = 1253
#: Foods taken from the database per nutrient (richest per 100 g, generic only).
DB_POOL = 200
#: Foods per nutrient that enter the plan's optimisation.
PLAN_POOL = 40
FREQUENT_SINCE_DAYS = 90
_COLUMNS = ["food_id", "name", "data_type", "category", "generic", "frequent", "kind", "common", "portion_g",
            "portion_label", "portion_basis", "portion_source", "energy", "cholesterol",
            *(n.value for n in TRACKED)]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Gap:
    """One nutrient's shortfall below its target (RDA or AI) over the period [unit/day]."""

    nutrient: str
    label: str
    unit: str
    intake: float | None
    target: float
    target_kind: str
    gap: float
    ul: float | None
    unknown_share: float | None
    possibly_missing: bool

    @property
    def wording(self) -> str:
        """How the shortfall is named: below an AI says nothing about adequacy (IOM 2000 p.61), so it never
        reads as a gap to close."""
        if self.target_kind == "AI":
            return "below the AI; adequacy cannot be judged"
        return f"below the {self.target_kind}"

    def to_json(self) -> dict[str, object]:
        return {
            "nutrient": self.nutrient,
            "wording": self.wording,
            "label": self.label,
            "unit": self.unit,
            "intake": None if self.intake is None else round(self.intake, 2),
            "target": self.target,
            "target_kind": self.target_kind,
            "gap": round(self.gap, 2),
            "ul": self.ul,
            "unknown_share": None if self.unknown_share is None else round(self.unknown_share, 3),
            "possibly_missing": self.possibly_missing,
        }


@dataclass(frozen=True, slots=True)
class SuggestionReport:
    """Gaps of a day or a week, the foods that close each, and a plan for all of them at once."""

    start: dt.date
    end: dt.date
    diet: str | None
    logged_days: int
    gaps: tuple[Gap, ...]
    foods: dict[str, tuple[FoodSuggestion, ...]]
    plan: Plan | None
    notes: tuple[str, ...] = field(default=())
    disclaimer: str = DISCLAIMER

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "diet": self.diet,
            "logged_days": self.logged_days,
            "gaps": [g.to_json() for g in self.gaps],
            "foods": {k: [f.to_json() for f in v] for k, v in self.foods.items()},
            "plan": None if self.plan is None else self.plan.to_json(),
            "notes": list(self.notes),
            "disclaimer": self.disclaimer,
        }


def _usual_grams(ctx: AppContext, since: dt.date) -> tuple[dict[str, float], list[tuple[object, int]]]:
    with ctx.uow() as uow:
        amounts: dict[str, list[float]] = defaultdict(list)
        for ref, grams in uow.entries.amounts_since(since):
            amounts[ref].append(grams)
        frequent = uow.foods.frequent(since, limit=50)
        rows: list[tuple[object, int]] = []
        for food, count in frequent:
            per100 = {n.nutrient_id: n.amount for n in food.nutrients}
            rows.append(
                (
                    {
                        "food_id": food.ref, "name": food.name, "data_type": food.data_type,
                        "category": food.category, "kind": food.kind, "per100": per100,
                        "serving_grams": food.serving_grams, "serving_label": food.serving_label,
                    },
                    count,
                )
            )  # fmt: skip
    return {ref: statistics.median(g) for ref, g in amounts.items()}, rows


def _row(
    food_id: str,
    name: str,
    data_type: str,
    category: str | None,
    kind: str,
    per100: dict[int, float],
    *,
    frequent: bool,
    usual: float | None,
    already_eaten: bool = False,
    household: tuple[tuple[str, float], ...] = (),
    serving_grams: float | None = None,
    serving_label: str | None = None,
) -> dict[str, object] | None:
    ok, _ = suggestable(name, category, kind)
    if not ok or not eaten_as_suggested(name, category, already_eaten=already_eaten)[0]:
        return None
    portion = typical_portion(
        name, category, data_type, usual_grams=usual, serving_grams=serving_grams, serving_label=serving_label,
        household=household,
    )  # fmt: skip
    if portion.grams < MIN_PORTION_G:
        return None
    return {
        "food_id": food_id, "name": name, "data_type": data_type, "category": category,
        "generic": data_type in GENERIC_DATA_TYPES, "frequent": frequent, "kind": kind,
        # what the user already eats counts as commonly eaten, whatever its source
        "common": 0 if already_eaten else commonness(name, category, data_type),
        "portion_g": portion.grams, "portion_label": portion.label, "portion_basis": portion.basis,
        "portion_source": portion.source,
        "energy": per100.get(ENERGY_KCAL), "cholesterol": per100.get(CHOLESTEROL),
        **{n.value: per100.get(n.fdc_id) for n in TRACKED},
    }  # fmt: skip


#: The food database is read-only and rebuilt as a whole, so its richest foods are kept per file and build.
_RICHEST: dict[tuple[str, str, int], tuple[FoodRecord, ...]] = {}


def _richest_records(food_db: FoodDatabase, nutrient: Nutrient) -> tuple[FoodRecord, ...]:
    key = (str(food_db.path), str(food_db.meta.get("built_at")), nutrient.fdc_id)
    cached = _RICHEST.get(key)
    if cached is None:
        found = food_db.get_many([food_id for food_id, _ in food_db.richest_in(nutrient.fdc_id, limit=DB_POOL)])
        cached = tuple(found.values())
        if len(_RICHEST) > 50:
            _RICHEST.clear()
        _RICHEST[key] = cached
    return cached


def candidates(ctx: AppContext, nutrients: list[Nutrient], diet: str | None, today: dt.date) -> pd.DataFrame:
    """Suggestable foods for ``nutrients`` that fit ``diet``: the user's frequent foods and the database's
    richest generic foods, one row each (see :mod:`nutrigap.engine.suggest` for the columns)."""
    usual, frequent = _usual_grams(ctx, today - dt.timedelta(days=FREQUENT_SINCE_DAYS))
    rows: dict[str, dict[str, object]] = {}
    for info, _count in frequent:
        food = cast("dict[str, object]", info)
        row = _row(
            str(food["food_id"]), str(food["name"]), str(food["data_type"]), cast("str | None", food["category"]),
            str(food["kind"]), cast("dict[int, float]", food["per100"]), frequent=True, already_eaten=True,
            usual=usual.get(str(food["food_id"])), serving_grams=cast("float | None", food["serving_grams"]),
            serving_label=cast("str | None", food["serving_label"]),
        )  # fmt: skip
        if row is not None:
            rows[str(food["food_id"])] = row
    food_db = ctx.optional_food_db()
    if food_db is not None:
        for nutrient in nutrients:
            for record in _richest_records(food_db, nutrient):
                if record.id in rows:
                    continue
                row = _row(
                    record.id, record.name, record.data_type, record.category, FoodKind.REFERENCE, record.nutrients,
                    frequent=False, usual=usual.get(record.id), already_eaten=record.id in usual,
                    household=tuple((p.label, p.grams_per_unit) for p in record.portions),
                )  # fmt: skip
                if row is not None:
                    rows[record.id] = row
    frame = pd.DataFrame.from_records(list(rows.values()), columns=_COLUMNS)
    for col in ("energy", "cholesterol", *(n.value for n in TRACKED), "portion_g"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["generic"] = frame["generic"].astype(bool)
    frame["frequent"] = frame["frequent"].astype(bool)
    if diet is not None and not frame.empty:
        fits = [
            diet_fit(c if isinstance(c, str) else None, None if pd.isna(ch) else float(ch), str(n)).fits(diet)
            for c, ch, n in zip(frame["category"], frame["cholesterol"], frame["name"], strict=True)
        ]
        frame = frame[fits]
    return frame.reset_index(drop=True)


def _gaps(report: PeriodReport) -> list[Gap]:
    out = []
    for nutrient, s in report.summaries.items():
        if s.intake is None or s.shortfall is None or s.shortfall <= 0:
            continue
        out.append(
            Gap(
                nutrient=nutrient.value, label=nutrient.label, unit=s.unit, intake=s.intake, target=s.target.target,
                target_kind=s.target.target_kind, gap=s.shortfall, ul=s.target.ul, unknown_share=s.unknown_share,
                possibly_missing=possibly_missing(s),
            )
        )  # fmt: skip
    return out


def suggest(
    ctx: AppContext, start: dt.date | str, end: dt.date | str, diet: str | None = None, *, per_nutrient: int = 8
) -> SuggestionReport:
    """Foods and a plan for the mean daily gaps of the logged days from ``start`` to ``end``."""
    report, plan = suggest_in_steps(ctx, start, end, diet, per_nutrient=per_nutrient)
    return report if plan is None else plan()


def suggest_in_steps(
    ctx: AppContext, start: dt.date | str, end: dt.date | str, diet: str | None = None, *, per_nutrient: int = 8
) -> tuple[SuggestionReport, Callable[[], SuggestionReport] | None]:
    """:func:`suggest` in two steps: the gaps and their foods without the plan, and (when there are gaps) the
    call that adds the plan (the same report as :func:`suggest`'s). The plan's solver (scipy.optimize, about
    0.65 s to import) is most of the Close-the-gaps page's first open; the page shows the foods first."""
    first, last = parse_date(start), parse_date(end)
    if last < first:
        raise InvalidInput(f"The period ends ({last}) before it starts ({first}).")
    diet = check_diet(diet)
    report = period_report(ctx, first, last)
    notes: list[str] = []
    if report.logged_days == 0:
        span = first.isoformat() if first == last else f"{first} to {last}"
        return SuggestionReport(first, last, diet, 0, (), {}, None,
                                (f"Nothing logged for {span}; log the day's meals first.",)), None  # fmt: skip
    gaps = _gaps(report)
    if not gaps:
        return SuggestionReport(first, last, diet, report.logged_days, (), {}, None,
                                ("Every target is met: no gaps to close.",)), None  # fmt: skip
    wanted = [Nutrient(g.nutrient) for g in gaps]
    cands = candidates(ctx, wanted, diet, last)
    foods = {g.nutrient: tuple(rank_foods(cands, Nutrient(g.nutrient), g.gap, per_nutrient)) for g in gaps}
    pool_ids: set[str] = set(cands.loc[cands["frequent"], "food_id"])
    # the plan draws on the richest foods whatever their commonness: fewer, smaller portions close the gaps
    richest = cands.drop(columns="common")
    for g in gaps:
        pool_ids.update(f.food_id for f in rank_foods(richest, Nutrient(g.nutrient), g.gap, PLAN_POOL))
    pool = cands[cands["food_id"].isin(pool_ids)]
    rooms: dict[Nutrient, float] = {}
    for nutrient, s in report.summaries.items():
        if s.target.ul is not None and s.target.ul_scope == "total":
            rooms[nutrient] = s.target.ul - (s.intake or 0.0)
    wanted_gaps = {Nutrient(g.nutrient): g.gap for g in gaps}
    if any(g.possibly_missing for g in gaps):
        missing = ", ".join(g.label for g in gaps if g.possibly_missing)
        notes.append(f"{missing}: many foods eaten have no value, so the gap may be smaller than shown.")
    if first != last:
        days = plural(report.logged_days, "day")
        notes.append(f"Gaps are the mean per logged day ({days}); the plan is for one day.")
    notes.append("Portions: what you usually log, else FDA reference amounts (21 CFR 101.12) or the food's measure.")
    if diet is not None:
        notes.append(
            f"Diet filter '{diet}' from the food's name (animal words), then its category and cholesterol, "
            "for your own frequent foods too; unclear foods are left out."
        )
    without = SuggestionReport(first, last, diet, report.logged_days, tuple(gaps), foods, None, tuple(notes))
    return without, lambda: replace(without, plan=plan_gaps(pool, wanted_gaps, rooms))


def suggest_day(ctx: AppContext, day: dt.date | str, diet: str | None = None) -> SuggestionReport:
    value = parse_date(day)
    return suggest(ctx, value, value, diet)


def suggest_week(ctx: AppContext, day: dt.date | str, diet: str | None = None) -> SuggestionReport:
    """The Monday-to-Sunday week that holds ``day``."""
    monday, sunday = week_bounds(parse_date(day))
    return suggest(ctx, monday, sunday, diet)


def suggest_day_in_steps(
    ctx: AppContext, day: dt.date | str, diet: str | None = None
) -> tuple[SuggestionReport, Callable[[], SuggestionReport] | None]:
    """:func:`suggest_day` in two steps (see :func:`suggest_in_steps`)."""
    value = parse_date(day)
    return suggest_in_steps(ctx, value, value, diet)


def suggest_week_in_steps(
    ctx: AppContext, day: dt.date | str, diet: str | None = None
) -> tuple[SuggestionReport, Callable[[], SuggestionReport] | None]:
    """:func:`suggest_week` in two steps (see :func:`suggest_in_steps`)."""
    monday, sunday = week_bounds(parse_date(day))
    return suggest_in_steps(ctx, monday, sunday, diet)
