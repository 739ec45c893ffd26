"""Foods that close a nutrient gap, and one small plan that closes all of them (pandas, scipy.optimize.milp).

Candidates arrive as a frame, one row per food: ``food_id``, ``name``, ``data_type``, ``category``, ``generic``,
``frequent`` (the user logs it often), ``portion_g`` / ``portion_label`` (its typical portion), ``energy`` [kcal per
100 g] and one column per tracked nutrient [unit per 100 g], NaN where unknown.

Ranking (:func:`rank_foods`): by the nutrient in a typical portion, with the user's frequent foods that supply at
least a tenth of the gap first, then generic foods, then branded ones; within each, commonly eaten foods first when
the frame has a ``common`` column (0 most common: FNDDS survey foods, then SR Legacy/Foundation, then mixed
dishes); the amount per 100 kcal is shown beside it.

Plan (:func:`plan_gaps`): a mixed-integer programme. Each candidate food is either left out or eaten in
``portion_range`` times its typical portion (at most 500 g); at most ``max_foods`` foods; every gap must be reached
(unknown values count as 0, so the plan never relies on them); intake stays below every UL that covers food
(calcium and vitamin D; magnesium's UL is for supplements only, potassium and B12 have none), and candidates
without a calcium or vitamin D value are left out so that this can be checked. The solver first finds the fewest
foods, then the lowest energy with that many (frequent foods count 15% cheaper). When no plan exists, it reports
the plan that closes the largest share of the gaps instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.wording import plural

MAX_FOODS = 3
PORTION_RANGE = (0.5, 2.0)
MAX_PLAN_GRAMS = 500.0
#: A frequent food supplying this share of the gap per portion is listed first.
FREQUENT_USEFUL_SHARE = 0.10
FREQUENT_DISCOUNT = 0.85
#: Nutrients whose UL covers total intake from food (calcium, vitamin D); magnesium's is supplements only.
FOOD_UL_NUTRIENTS = (Nutrient.CALCIUM, Nutrient.VITAMIN_D)
#: HiGHS stops within 1% of the least energy (a few kcal) and after 5 s; the plan still closes every gap.
SOLVER_OPTIONS = {"mip_rel_gap": 0.01, "time_limit": 5.0}


@dataclass(frozen=True, slots=True)
class FoodSuggestion:
    """A food that helps close a gap: the nutrient in a typical portion and per 100 kcal."""

    food_id: str
    name: str
    data_type: str
    category: str | None
    frequent: bool
    generic: bool
    portion_g: float
    portion_label: str
    portion_source: str
    amount: float
    unit: str
    per_100kcal: float | None
    share_of_gap: float | None

    def to_json(self) -> dict[str, object]:
        return {
            "food_id": self.food_id,
            "name": self.name,
            "data_type": self.data_type,
            "category": self.category,
            "frequent": self.frequent,
            "generic": self.generic,
            "portion_g": round(self.portion_g, 1),
            "portion_label": self.portion_label,
            "portion_source": self.portion_source,
            "amount": round(self.amount, 2),
            "unit": self.unit,
            "per_100kcal": None if self.per_100kcal is None else round(self.per_100kcal, 2),
            "share_of_gap": None if self.share_of_gap is None else round(self.share_of_gap, 3),
        }


def rank_foods(
    cands: pd.DataFrame, nutrient: Nutrient, gap: float | None, limit: int = 10, *, prefer_frequent: bool = True
) -> list[FoodSuggestion]:
    """The best foods for one nutrient (see the module doc for the order); without ``prefer_frequent`` the
    user's frequent foods are only marked, not moved up."""
    key = nutrient.value
    if cands.empty:
        return []
    frame = cands[cands[key].notna() & (cands[key] > 0)].copy()
    if frame.empty:
        return []
    frame["amount"] = frame[key] * frame["portion_g"] / 100.0
    energy = frame["energy"].where(frame["energy"] > 0)
    frame["per_100kcal"] = frame[key] / energy * 100.0
    useful = frame["amount"] >= FREQUENT_USEFUL_SHARE * gap if gap else frame["amount"] > 0
    first = frame["frequent"] & useful if prefer_frequent else pd.Series(False, index=frame.index)
    frame["group"] = np.where(first, 0, np.where(frame["generic"], 1, 2))
    by, ascending = _order(frame)
    frame = frame.sort_values(by, ascending=ascending).head(limit)
    out = []
    for r in frame.to_dict("records"):
        amount = float(r["amount"])
        per_kcal = float(r["per_100kcal"])
        out.append(
            FoodSuggestion(
                food_id=str(r["food_id"]),
                name=str(r["name"]),
                data_type=str(r["data_type"]),
                category=r["category"] if isinstance(r["category"], str) else None,
                frequent=bool(r["frequent"]),
                generic=bool(r["generic"]),
                portion_g=float(r["portion_g"]),
                portion_label=str(r["portion_label"]),
                portion_source=str(r.get("portion_source", "")),
                amount=amount,
                unit=nutrient.unit,
                per_100kcal=None if math.isnan(per_kcal) else per_kcal,
                share_of_gap=None if not gap else amount / gap,
            )
        )
    return out


def _order(frame: pd.DataFrame) -> tuple[list[str], list[bool]]:
    """Sort columns of :func:`rank_foods`: the group, then how commonly the food is eaten (``common``, 0 most
    common, see :mod:`nutrigap.engine.suggest_common`) when the frame has it, then the most of the nutrient."""
    if "common" in frame:
        return ["group", "common", "amount", "name"], [True, True, False, True]
    return ["group", "amount", "name"], [True, False, True]


@dataclass(frozen=True, slots=True)
class PlanItem:
    food_id: str
    name: str
    grams: float
    portions: float
    portion_label: str
    kcal: float
    supplies: dict[str, float]

    def to_json(self) -> dict[str, object]:
        return {
            "food_id": self.food_id,
            "name": self.name,
            "grams": self.grams,
            "portions": round(self.portions, 2),
            "portion_label": self.portion_label,
            "kcal": round(self.kcal),
            "supplies": {k: round(v, 2) for k, v in self.supplies.items()},
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """A set of portions that closes the gaps (``feasible``) or, failing that, the closest such set."""

    feasible: bool
    items: tuple[PlanItem, ...]
    coverage: dict[str, float]
    kcal: float
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "feasible": self.feasible,
            "items": [i.to_json() for i in self.items],
            "coverage": {k: round(v, 3) for k, v in self.coverage.items()},
            "kcal": round(self.kcal),
            "text": self.text,
        }


def _matrix(cands: pd.DataFrame, nutrients: list[Nutrient]) -> np.ndarray:
    """Nutrient per gram [unit/g], rows = nutrients, columns = foods; unknown = 0."""
    return np.vstack([cands[n.value].fillna(0.0).to_numpy(dtype=float) / 100.0 for n in nutrients])


def plan_gaps(
    cands: pd.DataFrame,
    gaps: dict[Nutrient, float],
    rooms: dict[Nutrient, float],
    *,
    max_foods: int = MAX_FOODS,
    portion_range: tuple[float, float] = PORTION_RANGE,
) -> Plan:
    """Fewest foods (≤ ``max_foods``), then least energy, that reach every gap [unit/day] without any food UL
    being crossed (``rooms``: UL minus what was already eaten [unit/day])."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    wanted = [n for n in TRACKED if gaps.get(n, 0.0) > 0]
    if not wanted:
        return Plan(True, (), {}, 0.0, "No gaps to close.")
    limited = [n for n in FOOD_UL_NUTRIENTS if n in rooms]
    usable = cands[cands["energy"].notna()]
    for n in limited:
        usable = usable[usable[n.value].notna()]
    usable = usable.reset_index(drop=True)
    m = len(usable)
    if m == 0:
        return Plan(False, (), {n.value: 0.0 for n in wanted}, 0.0, "No candidate food has the values a plan needs.")
    lo = usable["portion_g"].to_numpy(dtype=float) * portion_range[0]
    hi = np.minimum(usable["portion_g"].to_numpy(dtype=float) * portion_range[1], MAX_PLAN_GRAMS)
    lo = np.minimum(lo, hi)
    need = _matrix(usable, wanted)
    gap_vec = np.array([gaps[n] for n in wanted])
    eye = np.eye(m)
    link = [
        LinearConstraint(np.hstack([eye, -np.diag(hi)]), -np.inf, 0.0),
        LinearConstraint(np.hstack([eye, -np.diag(lo)]), 0.0, np.inf),
        LinearConstraint(np.hstack([np.zeros(m), np.ones(m)])[None, :], 0.0, max_foods),
    ]
    if limited:
        cap = _matrix(usable, limited)
        room_vec = np.array([max(0.0, rooms[n]) for n in limited])
        link.append(LinearConstraint(np.hstack([cap, np.zeros((len(limited), m))]), -np.inf, room_vec))
    reach = LinearConstraint(np.hstack([need, np.zeros((len(wanted), m))]), gap_vec, np.inf)
    integrality = np.concatenate([np.zeros(m), np.ones(m)])
    bounds = Bounds(np.zeros(2 * m), np.concatenate([hi, np.ones(m)]))
    kcal = usable["energy"].to_numpy(dtype=float) / 100.0
    cost = kcal * np.where(usable["frequent"].to_numpy(dtype=bool), FREQUENT_DISCOUNT, 1.0) + 1e-3

    first = milp(np.concatenate([np.zeros(m), np.ones(m)]), integrality=integrality, bounds=bounds,
                 constraints=[*link, reach], options=SOLVER_OPTIONS)  # fmt: skip
    if first.x is not None:
        k = round(float(first.fun))
        fewest = LinearConstraint(np.hstack([np.zeros(m), np.ones(m)])[None, :], 0.0, k)
        second = milp(np.concatenate([cost, np.zeros(m)]), integrality=integrality, bounds=bounds,
                      constraints=[*link, reach, fewest], options=SOLVER_OPTIONS)  # fmt: skip
        # a time limit may stop the energy stage early; its best plan so far still closes every gap
        solution = second.x if second.x is not None else first.x
        return _plan(usable, solution[:m], wanted, gaps, feasible=True)
    # no plan closes everything: maximise the covered share of the gaps (each capped at 100%)
    w = len(wanted)
    share = np.hstack([need / gap_vec[:, None], np.zeros((w, m)), -np.eye(w)])
    big_link = [LinearConstraint(np.hstack([c.A, np.zeros((c.A.shape[0], w))]), c.lb, c.ub) for c in link]
    cover = LinearConstraint(share, 0.0, np.inf)
    bounds3 = Bounds(np.zeros(2 * m + w), np.concatenate([hi, np.ones(m), np.ones(w)]))
    objective = np.concatenate([cost * 1e-4, np.zeros(m), -np.ones(w)])
    third = milp(objective, integrality=np.concatenate([integrality, np.zeros(w)]), bounds=bounds3,
                 constraints=[*big_link, cover], options=SOLVER_OPTIONS)  # fmt: skip
    grams = third.x[:m] if third.x is not None else np.zeros(m)
    return _plan(usable, grams, wanted, gaps, feasible=False)


def _plan(usable: pd.DataFrame, grams: np.ndarray, wanted: list[Nutrient], gaps: dict[Nutrient, float], *,
          feasible: bool) -> Plan:  # fmt: skip
    items: list[PlanItem] = []
    supplied = {n.value: 0.0 for n in wanted}
    total_kcal = 0.0
    for i in np.flatnonzero(grams > 1e-6):
        row = usable.iloc[int(i)]
        g = float(grams[i])
        shown = math.ceil(g) if feasible else round(g)
        supplies = {n.value: float(row[n.value]) * shown / 100.0 for n in TRACKED if not math.isnan(row[n.value])}
        for key in supplied:
            supplied[key] += supplies.get(key, 0.0)
        kcal = float(row["energy"]) * shown / 100.0
        total_kcal += kcal
        items.append(
            PlanItem(
                str(row["food_id"]),
                str(row["name"]),
                float(shown),
                shown / float(row["portion_g"]),
                str(row["portion_label"]),
                kcal,
                supplies,
            )
        )
    coverage = {n.value: min(1.0, supplied[n.value] / gaps[n]) for n in wanted}
    names = ", ".join(f"{it.grams:.0f} g {it.name}" for it in items)
    if feasible:
        verb = "closes" if len(items) == 1 else "close"
        text = f"{plural(len(items), 'food')} {verb} every gap: {names} (about {total_kcal:,.0f} kcal)."
    else:
        short = [n.label for n in wanted if coverage[n.value] < 0.999]
        text = (
            f"No plan of at most {MAX_FOODS} realistic portions closes every gap ({', '.join(short)} stay short). "
            + (f"The closest: {names}." if items else "")
        ).strip()
    return Plan(feasible, tuple(items), coverage, total_kcal, text)
