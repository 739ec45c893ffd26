"""The plain-Python day totals give the pandas engine's numbers and verdicts, value for value."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from nutrigap.domain.diary import DEFAULT_PROFILE
from nutrigap.domain.nutrients import TRACKED, Nutrient
from nutrigap.domain.verdicts import UlVerdict
from nutrigap.engine.day_totals import EntryAmount, day_totals, summarize_day
from nutrigap.engine.intake import daily_totals, entries_from_tables, entry_intakes
from nutrigap.engine.summary import summarize_period
from nutrigap.engine.targets import targets_for

DAY = dt.date(2026, 11, 24)
MG, CA, K, D, B12, KCAL = 1090, 1087, 1092, 1114, 1178, 1008

CASES = {
    "empty": [],
    "generic": [EntryAmount(150.0, False, {MG: 79.0, CA: 99.0, K: 558.0, KCAL: 23.0})],
    "unknown values": [
        EntryAmount(80.0, False, {MG: 60.0, KCAL: 210.0}),
        EntryAmount(244.0, False, {MG: 10.0, CA: 113.0, K: 132.0, D: 1.1, B12: 0.45, KCAL: 61.0}),
    ],
    "supplement above the UL": [EntryAmount(2.0, True, {MG: 30000.0, D: 2500.0}), EntryAmount(200.0, False, {MG: 79})],
    "a value no food has (a typo)": [EntryAmount(100.0, False, {MG: 1e308, CA: 5.0})],
    "nothing weighed": [EntryAmount(0.0, False, {MG: 50.0})],
}


def _engine(entries: list[EntryAmount], complete: bool):  # type: ignore[no-untyped-def]
    import pandas as pd

    rows = [(i, DAY, "lunch", i, f"f{i}", "food", "supplement" if e.supplement else "custom", e.amount_g)
            for i, e in enumerate(entries)]  # fmt: skip
    values = [(i, nid, amount) for i, e in enumerate(entries) for nid, amount in e.per100.items()]
    totals = daily_totals(entry_intakes(entries_from_tables(rows, values)), [DAY])
    targets = targets_for(DEFAULT_PROFILE, DAY)
    return totals, summarize_period(totals, targets, pd.Series([complete], index=[DAY], dtype=bool))


@pytest.mark.parametrize("complete", [True, False], ids=["complete", "in progress"])
@pytest.mark.parametrize("case", list(CASES))
def test_day_totals_equal_the_engines(case: str, complete: bool) -> None:
    entries = CASES[case]
    totals, expected = _engine(entries, complete)
    mine = day_totals(entries)
    assert mine.entries == int(totals["entries"].iloc[0])
    for name in (*(n.value for n in TRACKED), "energy", "caffeine"):
        if mine.logged:
            assert mine.known[name] == totals[name].iloc[0], name
            share = totals[f"{name}_unknown_share"].iloc[0]
            assert mine.unknown_share[name] == share or (math.isnan(share) and math.isnan(mine.unknown_share[name]))
    assert summarize_day(mine, targets_for(DEFAULT_PROFILE, DAY), complete) == expected


def test_the_cases_cover_what_they_say() -> None:
    summaries = summarize_day(day_totals(CASES["supplement above the UL"]), targets_for(DEFAULT_PROFILE, DAY), True)
    assert summaries[Nutrient.MAGNESIUM].assessment.ul_verdict is UlVerdict.ABOVE
    typo = day_totals(CASES["a value no food has (a typo)"])
    assert typo.known["magnesium"] == 0.0 and typo.unknown_share["magnesium"] == 1.0
