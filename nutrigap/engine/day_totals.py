"""One day's totals and verdicts in plain Python, for the window's nutrient panel.

The same arithmetic as :func:`nutrigap.engine.intake.entry_intakes`, :func:`~nutrigap.engine.intake.daily_totals`
and :func:`nutrigap.engine.summary.summarize_period` for a period of one day, without numpy or pandas: the panel
is filled in the window's first frame, and importing pandas alone took 0.3 to 0.5 s on the benchmark machine (2
shared cores), a third of the whole start (benchmarks/window.py, README "Performance"). The arithmetic is done in
the same order as the frames do it, so both give the same numbers (``tests/unit/test_day_totals.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nutrigap.domain.limits import NUTRIENT_PER_100G
from nutrigap.domain.nutrients import CAFFEINE, ENERGY_KCAL, TRACKED, Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.nutrient_summary import NutrientSummary, opt, summarize_nutrient

#: The intake columns of :mod:`nutrigap.engine.intake` with their FoodData Central nutrient ids.
_IDS: dict[str, int] = {**{n.value: n.fdc_id for n in TRACKED}, "energy": ENERGY_KCAL, "caffeine": CAFFEINE}


@dataclass(frozen=True, slots=True)
class EntryAmount:
    """One diary entry as the totals need it: ``amount_g`` [g] of a food with these known values per 100 g (by
    FoodData Central nutrient id; an absent id is unknown, never 0); ``supplement`` when the food is one."""

    amount_g: float
    supplement: bool
    per100: Mapping[int, float]


@dataclass(frozen=True, slots=True)
class DayTotals:
    """A day's totals: for each intake column (the five nutrients, ``energy``, ``caffeine``) the sum of the known
    values, and the share of the day's grams whose food has no value [0..1]."""

    entries: int
    grams: float
    known: dict[str, float]
    unknown_share: dict[str, float]
    #: magnesium from supplements [mg], the only part its UL applies to
    magnesium_supplemental: float

    @property
    def logged(self) -> bool:
        return self.entries > 0


def day_totals(entries: Iterable[EntryAmount]) -> DayTotals:
    """The totals of one day's ``entries`` (in the order the diary lists them, by id)."""
    count = 0
    grams = 0.0
    known = dict.fromkeys(_IDS, 0.0)
    unknown_grams = dict.fromkeys(_IDS, 0.0)
    supplemental = 0.0
    for entry in entries:
        count += 1
        grams += entry.amount_g
        for name, nid in _IDS.items():
            per100 = entry.per100.get(nid)
            # a value no food has (1e308 per 100 g from a typo) counts as unknown, as in engine/intake.py
            if per100 is None or math.isnan(per100) or not per100 <= NUTRIENT_PER_100G.high:
                unknown_grams[name] += entry.amount_g
                continue
            value = per100 * entry.amount_g / 100.0
            known[name] += value
            if name == Nutrient.MAGNESIUM.value and entry.supplement:
                supplemental += value
    shares = {name: (unknown_grams[name] / grams if grams else math.nan) for name in _IDS}
    return DayTotals(count, grams, known, shares, supplemental)


def summarize_day(
    totals: DayTotals, targets: Mapping[Nutrient, Target], complete: bool
) -> dict[Nutrient, NutrientSummary]:
    """The five summaries of one day, as :func:`~nutrigap.engine.summary.summarize_period` gives them for a
    period of that day alone. ``complete``: the day is complete (a day in progress gets no verdict)."""
    so_far = totals.logged and not complete
    counted = totals.logged  # a logged day counts: judged when complete, as progress so far when not
    n = 1 if counted else 0
    grams = totals.grams if counted else 0.0
    out: dict[Nutrient, NutrientSummary] = {}
    for nutrient in TRACKED:
        key = nutrient.value
        out[nutrient] = summarize_nutrient(
            targets[nutrient],
            intake=opt(totals.known[key]) if n else None,
            n_days=n,
            supplemental=opt(totals.magnesium_supplemental) if n and nutrient is Nutrient.MAGNESIUM else None,
            unknown_share=opt(totals.unknown_share[key] * grams / grams) if grams else None,
            so_far=so_far,
            in_progress_days=1 if so_far else 0,
        )
    return out
